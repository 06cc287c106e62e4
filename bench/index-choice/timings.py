import json,re,sys
h=open(sys.argv[1]).read()
s=h.index('const UNIT_DATA = ')+len('const UNIT_DATA = ')
e=h.index('];',s)+1
units=json.loads(h[s:e])
per={}
for u in units:
    k=(u['name'],'v'+u['version'])
    per[k]=per.get(k,0)+u['duration']
def load(f): return {tuple(l.split()) for l in open(f) if l.strip()}
tot_all=sum(per.values())
print("total all units: %.1f s"%tot_all)
for f in ['a','b']:
    st=load('tree_%s.txt'%f)
    tot=sum(v for k,v in per.items() if k in st and k[0]!='index-bench')
    top=sorted(((v,k) for k,v in per.items() if k in st and k[0]!='index-bench'),reverse=True)[:8]
    print("design %s deps: %.1f s over %d crates; top: %s"%(f,tot,len(st)-1,", ".join("%s %.1fs"%(k[0],v) for v,k in top)))
print("index-bench itself:", per.get(('index-bench','v0.1.0')))
