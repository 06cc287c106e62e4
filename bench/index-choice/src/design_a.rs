//! Design A: tantivy, RAM directory.
use crate::*;
use std::ops::Bound;
use std::time::Instant;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, PhrasePrefixQuery, Query, RangeQuery, RegexQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

struct Fields {
    id: Field,
    text: Field,
    facets: [Field; 6],
}

fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let id = sb.add_text_field("id", STRING | FAST);
    let text_opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("sv")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let text = sb.add_text_field("text", text_opts);
    let status = sb.add_u64_field("status", INDEXED | FAST);
    let access = sb.add_u64_field("access_rights", FAST);
    let theme = sb.add_u64_field("theme", FAST);
    let publisher = sb.add_u64_field("publisher", FAST);
    let block = sb.add_u64_field("building_block", FAST);
    let origin = sb.add_u64_field("origin", FAST);
    (sb.build(), Fields { id, text, facets: [status, access, theme, publisher, block, origin] })
}

fn to_tdoc(f: &Fields, d: &Doc) -> TantivyDocument {
    let mut td = TantivyDocument::default();
    td.add_text(f.id, &d.id);
    td.add_text(f.text, d.text());
    for (fi, v) in d.facet_values() {
        td.add_u64(f.facets[fi as usize], v as u64);
    }
    td
}

// ---------- facet-count collector over u64 fast fields ----------
struct FacetCol;
struct FacetSeg {
    cols: Vec<Column<u64>>,
    counts: Vec<Vec<u32>>,
    total: u64,
    doc_buf: Vec<DocId>,
    row_buf: Vec<u32>,
    val_buf: Vec<u64>,
}
impl Collector for FacetCol {
    type Fruit = (u64, Vec<Vec<u32>>);
    type Child = FacetSeg;
    fn for_segment(&self, _o: SegmentOrdinal, r: &SegmentReader) -> tantivy::Result<FacetSeg> {
        let ff = r.fast_fields();
        let cols = FACET_NAMES.iter().map(|n| ff.u64(n)).collect::<tantivy::Result<Vec<_>>>()?;
        Ok(FacetSeg {
            cols,
            counts: FACET_CARD.iter().map(|&n| vec![0; n]).collect(),
            total: 0,
            doc_buf: Vec::new(),
            row_buf: Vec::new(),
            val_buf: Vec::new(),
        })
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(&self, fr: Vec<(u64, Vec<Vec<u32>>)>) -> tantivy::Result<Self::Fruit> {
        let mut counts: Vec<Vec<u32>> = FACET_CARD.iter().map(|&n| vec![0; n]).collect();
        let mut total = 0;
        for (t, c) in fr {
            total += t;
            for (a, b) in counts.iter_mut().zip(c) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
        Ok((total, counts))
    }
}
impl SegmentCollector for FacetSeg {
    type Fruit = (u64, Vec<Vec<u32>>);
    #[inline]
    fn collect(&mut self, doc: DocId, _s: Score) {
        self.total += 1;
        for (fi, col) in self.cols.iter().enumerate() {
            let c = &mut self.counts[fi];
            if fi == F_THEME as usize || fi == F_BLOCK as usize {
                for v in col.values_for_doc(doc) {
                    c[v as usize] += 1;
                }
            } else if let Some(v) = col.first(doc) {
                c[v as usize] += 1;
            }
        }
    }
    /// Batched path (used when the segment has no deletes): docids -> rowids -> values
    fn collect_block(&mut self, docs: &[DocId]) {
        self.total += docs.len() as u64;
        for (fi, col) in self.cols.iter().enumerate() {
            self.doc_buf.clear();
            self.row_buf.clear();
            col.row_ids_for_docs(docs, &mut self.doc_buf, &mut self.row_buf);
            self.val_buf.resize(self.row_buf.len(), 0);
            col.values.get_vals(&self.row_buf, &mut self.val_buf);
            let c = &mut self.counts[fi];
            for &v in &self.val_buf {
                c[v as usize] += 1;
            }
        }
    }
    fn harvest(self) -> Self::Fruit {
        (self.total, self.counts)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Prefix {
    Regex,
    Phrase,
    Range,
}

fn prefix_query(text: Field, w: &str, how: Prefix) -> Box<dyn Query> {
    match how {
        // tokens are alphanumeric only, so no regex escaping is needed
        Prefix::Regex => Box::new(RegexQuery::from_pattern(&format!("{w}.*"), text).unwrap()),
        Prefix::Phrase => {
            let mut q = PhrasePrefixQuery::new(vec![Term::from_field_text(text, w)]);
            q.set_max_expansions(u32::MAX); // default 50 silently truncates!
            Box::new(q)
        }
        Prefix::Range => Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_text(text, w)),
            Bound::Included(Term::from_field_text(text, &format!("{w}\u{10FFFF}"))),
        )),
    }
}

fn query(reader: &IndexReader, f: &Fields, q: &str, status: Option<u32>, how: Prefix) -> QueryResult {
    let mut clauses: Vec<Box<dyn Query>> =
        tokenize(q).iter().map(|w| prefix_query(f.text, w, how)).collect();
    if let Some(s) = status {
        clauses.push(Box::new(TermQuery::new(
            Term::from_field_u64(f.facets[F_STATUS as usize], s as u64),
            IndexRecordOption::Basic,
        )));
    }
    let bq = BooleanQuery::intersection(clauses);
    let searcher = reader.searcher();
    let top = TopDocs::with_limit(PAGE).order_by_string_fast_field("id", Order::Asc);
    let ((total, facets), page) = searcher.search(&bq, &(FacetCol, top)).unwrap();
    QueryResult { total, facets, ids: page.into_iter().map(|(s, _)| s.unwrap()).collect() }
}

pub fn run(docs: &[Doc], mode: &str) {
    let modes: Vec<Prefix> = match mode {
        "regex" => vec![Prefix::Regex],
        "phrase" => vec![Prefix::Phrase],
        "range" => vec![Prefix::Range],
        _ => vec![Prefix::Regex, Prefix::Phrase, Prefix::Range],
    };
    let rss0 = rss_kb();
    let t = Instant::now();
    let (schema, f) = schema();
    let index = Index::create_in_ram(schema);
    index
        .tokenizers()
        .register("sv", TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 256_000_000).unwrap();
    for d in docs {
        writer.add_document(to_tdoc(&f, d)).unwrap();
    }
    writer.commit().unwrap();
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().unwrap();
    let build_s = t.elapsed().as_secs_f64();
    let rss1 = rss_kb();
    let n_terms: u64 = reader
        .searcher()
        .segment_readers()
        .iter()
        .map(|s| s.inverted_index(f.text).unwrap().terms().num_terms() as u64)
        .sum();
    println!(
        "A build: {:.3} s, segments={}, text terms={}, RSS before={} kB after={} kB delta={:.1} MB",
        build_s,
        reader.searcher().segment_readers().len(),
        n_terms,
        rss0,
        rss1,
        (rss1 as f64 - rss0 as f64) / 1024.0
    );
    for &how in &modes {
        for q in QUERIES.iter() {
            let r = query(&reader, &f, q.text, q.status, how);
            let (p50, p99) = time_query(|| query(&reader, &f, q.text, q.status, how));
            println!(
                "A[{:?}] query {:<28} p50={:.3} ms p99={:.3} ms | {}",
                how, q.name, p50, p99, r.summary()
            );
        }
    }
    {
        // cost breakdown of the broad query (Range prefix) by collector
        let f2 = &f;
        let mk = || {
            BooleanQuery::intersection(vec![prefix_query(f2.text, "identitet", Prefix::Range)])
        };
        let t_count = time_query(|| {
            let n = reader.searcher().search(&mk(), &tantivy::collector::Count).unwrap();
            QueryResult { total: n as u64, facets: vec![], ids: vec![] }
        });
        let t_facet = time_query(|| {
            let (n, fc) = reader.searcher().search(&mk(), &FacetCol).unwrap();
            QueryResult { total: n, facets: fc, ids: vec![] }
        });
        let t_top = time_query(|| {
            let top = TopDocs::with_limit(PAGE).order_by_string_fast_field("id", Order::Asc);
            let p = reader.searcher().search(&mk(), &top).unwrap();
            QueryResult { total: 0, facets: vec![], ids: p.into_iter().map(|(s, _)| s.unwrap()).collect() }
        });
        println!(
            "A breakdown 'identitet' p50: count-only={:.3} ms, facets-only={:.3} ms, top50-by-id-only={:.3} ms",
            t_count.0, t_facet.0, t_top.0
        );
    }
    {
        // correctness check: PhrasePrefixQuery with its default max_expansions (50)
        let mut pq = PhrasePrefixQuery::new(vec![Term::from_field_text(f.text, "i")]);
        let _ = &mut pq;
        let n = reader.searcher().search(&pq, &tantivy::collector::Count).unwrap();
        println!("A PhrasePrefixQuery('i') with DEFAULT max_expansions=50 counts {} docs (correct: see 'i' above)", n);
    }
    if std::env::var("NOMERGE").is_ok() {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        println!("A merge policy: NoMergePolicy");
    }
    let mut lat = Vec::new();
    for (_i, nd) in updates() {
        let t = Instant::now();
        writer.delete_term(Term::from_field_text(f.id, &nd.id));
        writer.add_document(to_tdoc(&f, &nd)).unwrap();
        writer.commit().unwrap();
        reader.reload().unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("A per-update ms: {}", lat.iter().map(|x| format!("{:.1}", x)).collect::<Vec<_>>().join(" "));
    println!("A {}", report_updates(&mut lat));
    println!("A segments after updates: {}", reader.searcher().segment_readers().len());
    for q in QUERIES.iter() {
        let how = *modes.last().unwrap();
        let r = query(&reader, &f, q.text, q.status, how);
        let (p50, p99) = time_query(|| query(&reader, &f, q.text, q.status, how));
        println!(
            "A[{:?}] after-updates {:<28} p50={:.3} ms p99={:.3} ms | {}",
            how, q.name, p50, p99, r.summary()
        );
    }
    let rss2 = rss_kb();
    println!("A RSS after queries+updates={} kB", rss2);
    drop(writer);
}
