//! Design B: hand-made in-memory index on roaring bitmaps.
use crate::*;
use roaring::{MultiOps, RoaringBitmap};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

pub struct IndexB {
    terms: BTreeMap<String, RoaringBitmap>,
    postings: HashMap<(u8, u32), RoaringBitmap>,
    values: Vec<Vec<(u8, u32)>>,
    doc_terms: Vec<Box<str>>, // unique tokens joined by ' ', needed to un-index a doc on update
    ids: Vec<String>,                // doc -> id
    by_id: BTreeMap<String, u32>,    // id order -> doc
}

impl IndexB {
    pub fn new() -> Self {
        IndexB {
            terms: BTreeMap::new(),
            postings: HashMap::new(),
            values: Vec::new(),
            doc_terms: Vec::new(),
            ids: Vec::new(),
            by_id: BTreeMap::new(),
        }
    }

    fn index_doc(&mut self, doc: u32, d: &Doc) {
        let mut toks = tokenize(&d.text());
        toks.sort_unstable();
        toks.dedup();
        for t in &toks {
            match self.terms.get_mut(t.as_str()) {
                Some(b) => {
                    b.insert(doc);
                }
                None => {
                    let mut b = RoaringBitmap::new();
                    b.insert(doc);
                    self.terms.insert(t.clone(), b);
                }
            }
        }
        let vals = d.facet_values();
        for &(f, v) in &vals {
            self.postings.entry((f, v)).or_default().insert(doc);
        }
        let slot = doc as usize;
        if slot == self.values.len() {
            self.values.push(vals);
            self.doc_terms.push(toks.join(" ").into_boxed_str());
            self.ids.push(d.id.clone());
        } else {
            self.values[slot] = vals;
            self.doc_terms[slot] = toks.join(" ").into_boxed_str();
            self.ids[slot] = d.id.clone();
        }
        self.by_id.insert(d.id.clone(), doc);
    }

    fn unindex_doc(&mut self, doc: u32) {
        let slot = doc as usize;
        let dt = std::mem::take(&mut self.doc_terms[slot]);
        for t in dt.split(' ') {
            let b = self.terms.get_mut(t).unwrap();
            b.remove(doc);
            if b.is_empty() {
                self.terms.remove(t);
            }
        }
        for &(f, v) in &self.values[slot] {
            self.postings.get_mut(&(f, v)).unwrap().remove(doc);
        }
        self.by_id.remove(&self.ids[slot]);
    }

    pub fn build(docs: &[Doc]) -> Self {
        let mut ix = IndexB::new();
        for (i, d) in docs.iter().enumerate() {
            ix.index_doc(i as u32, d);
        }
        for b in ix.terms.values_mut() {
            b.optimize();
        }
        ix
    }

    /// Replace the document whose id == old_id by `d` (same slot).
    pub fn update(&mut self, old_id: &str, d: &Doc) {
        let doc = self.by_id[old_id];
        self.unindex_doc(doc);
        self.index_doc(doc, d);
    }

    fn prefix_union(&self, p: &str) -> RoaringBitmap {
        self.terms
            .range::<str, _>((std::ops::Bound::Included(p), std::ops::Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(p))
            .map(|(_, b)| b)
            .union()
    }

    pub fn query(&self, q: &str, status: Option<u32>) -> QueryResult {
        let words = tokenize(q);
        let mut sets: Vec<RoaringBitmap> = words.iter().map(|w| self.prefix_union(w)).collect();
        if let Some(s) = status {
            sets.push(self.postings.get(&(F_STATUS, s)).cloned().unwrap_or_default());
        }
        // smallest first
        sets.sort_by_key(|b| b.len());
        let mut it = sets.into_iter();
        let mut m = match it.next() {
            Some(b) => b,
            None => (0..self.ids.len() as u32).collect(),
        };
        for b in it {
            m &= b;
        }
        let mut facets: Vec<Vec<u32>> = FACET_CARD.iter().map(|&n| vec![0u32; n]).collect();
        for doc in m.iter() {
            for &(f, v) in &self.values[doc as usize] {
                facets[f as usize][v as usize] += 1;
            }
        }
        let total = m.len();
        let ids: Vec<String> = if total * 64 >= self.ids.len() as u64 {
            // dense: walk ids in order, test membership
            self.by_id
                .iter()
                .filter(|(_, d)| m.contains(**d))
                .take(PAGE)
                .map(|(id, _)| id.clone())
                .collect()
        } else {
            let mut v: Vec<&str> = m.iter().map(|d| self.ids[d as usize].as_str()).collect();
            if v.len() > PAGE {
                v.select_nth_unstable(PAGE);
                v.truncate(PAGE);
            }
            v.sort_unstable();
            v.into_iter().map(|s| s.to_string()).collect()
        };
        QueryResult { total, facets, ids }
    }
}

pub fn run(docs: &[Doc]) {
    let rss0 = rss_kb();
    let t = Instant::now();
    let mut ix = IndexB::build(docs);
    let build_s = t.elapsed().as_secs_f64();
    let rss1 = rss_kb();
    println!(
        "B build: {:.3} s, terms={}, RSS before={} kB after={} kB delta={:.1} MB",
        build_s,
        ix.terms.len(),
        rss0,
        rss1,
        (rss1 as f64 - rss0 as f64) / 1024.0
    );
    for q in QUERIES.iter() {
        let r = ix.query(q.text, q.status);
        let (p50, p99) = time_query(|| ix.query(q.text, q.status));
        println!("B query {:<28} p50={:.3} ms p99={:.3} ms | {}", q.name, p50, p99, r.summary());
    }
    let mut lat = Vec::new();
    let mut cur_ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    for (i, nd) in updates() {
        let t = Instant::now();
        ix.update(&cur_ids[i], nd_ref(&nd));
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        cur_ids[i] = nd.id.clone();
    }
    println!("B {}", report_updates(&mut lat));
    for q in QUERIES.iter() {
        let r = ix.query(q.text, q.status);
        let (p50, p99) = time_query(|| ix.query(q.text, q.status));
        println!("B after-updates {:<28} p50={:.3} ms p99={:.3} ms | {}", q.name, p50, p99, r.summary());
    }
    println!("B RSS after queries+updates={} kB", rss_kb());
}

fn nd_ref(d: &Doc) -> &Doc {
    d
}
