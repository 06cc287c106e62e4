import re,glob,statistics as st,collections
d=collections.defaultdict(list)
for f in sorted(glob.glob('out/*.txt')):
    for l in open(f):
        m=re.match(r'(A\[\w+\]|A|B) (query|after-updates) (.+?)\s+p50=([\d.]+) ms p99=([\d.]+) ms',l)
        if m:
            k=(m.group(1),m.group(2),m.group(3).strip()); d[k+('p50',)].append(float(m.group(4))); d[k+('p99',)].append(float(m.group(5)))
        m=re.match(r'(A|B) build: ([\d.]+) s.*delta=([\d.]+) MB',l)
        if m: d[(m.group(1),'build_s')].append(float(m.group(2))); d[(m.group(1),'rss_mb')].append(float(m.group(3)))
        m=re.match(r'(A|B) update-visible.*p50=([\d.]+) ms max=([\d.]+) ms',l)
        if m: d[(m.group(1),'upd_p50')].append(float(m.group(2))); d[(m.group(1),'upd_max')].append(float(m.group(3)))
        m=re.match(r'A breakdown.*count-only=([\d.]+) ms, facets-only=([\d.]+) ms, top50-by-id-only=([\d.]+)',l)
        if m:
            for i,n in enumerate(['count','facets','top50']): d[('A','bd_'+n)].append(float(m.group(i+1)))
for k in sorted(d): print(' | '.join(k), '=> median %.3f  (runs: %s)'%(st.median(d[k]), ', '.join('%.3f'%x for x in d[k])))
