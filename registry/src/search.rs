//! The search index's data, plain and without I/O (the store keeps it in step with the change
//! log: `store::index`). One kind of entry held in memory for searching and counting: a term
//! dictionary with a bitmap of documents per word, a bitmap per filterable value, and each
//! document's values for counting facets in one pass over the documents that match.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use domain::origin::OriginMatch;
use roaring::RoaringBitmap;

/// A filterable, countable property of a document ("status", "publisher", …).
pub type Field = &'static str;

/// An entry as the index holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub id: String,
    /// The searchable text, in any number of pieces.
    pub text: Vec<String>,
    /// Every (field, value) pair of the entry; a field may have several values (themes) or
    /// none (an API of no building block).
    pub values: Vec<(Field, String)>,
}

/// The words of a text as the search matches them: maximal runs of letters and digits,
/// lower-cased, diacritics kept (as both backends' full-text configurations did).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The words of a query, lower-cased, at most 16; punctuation and operators are dropped, so
/// user input is never read as search syntax.
pub fn terms(q: &str) -> Vec<String> {
    words(q).take(16).collect()
}

/// Counts per value, per field.
pub type Counts = HashMap<Field, HashMap<String, i64>>;

/// What to select: every group must hold (a document has one of the group's values), no
/// excluded value may, and every word must be the prefix of a word of the document.
#[derive(Debug, Clone, Default)]
pub struct Select {
    pub any_of: Vec<(Field, Vec<String>)>,
    pub none_of: Vec<(Field, String)>,
    pub words: Vec<String>,
}

impl Select {
    pub fn is(mut self, field: Field, value: impl Into<String>) -> Select {
        self.any_of.push((field, vec![value.into()]));
        self
    }

    /// `is` where a filter is given; no condition where it is not.
    pub fn is_given(self, field: Field, value: Option<&str>) -> Select {
        match value {
            Some(v) => self.is(field, v),
            None => self,
        }
    }

    pub fn is_not(mut self, field: Field, value: impl Into<String>) -> Select {
        self.none_of.push((field, value.into()));
        self
    }

    pub fn one_of(mut self, field: Field, values: Vec<String>) -> Select {
        self.any_of.push((field, values));
        self
    }

    /// The `origin=` filter of the lists, on the field "origin".
    pub fn origin(self, m: Option<&OriginMatch>) -> Select {
        match m {
            Some(OriginMatch::Is(o)) => self.is("origin", o.clone()),
            Some(OriginMatch::IsNot(o)) => self.is_not("origin", o.clone()),
            None => self,
        }
    }
}

#[derive(Debug, Default)]
pub struct Table {
    /// Document number → id; `None` for a freed number.
    ids: Vec<Option<String>>,
    by_id: BTreeMap<String, u32>,
    free: Vec<u32>,
    all: RoaringBitmap,
    /// Word → its number in `term_docs`. A word no document has any more keeps its number
    /// and an empty bitmap until the next rebuild: the vocabulary of a register is bounded.
    terms: BTreeMap<String, u32>,
    term_docs: Vec<RoaringBitmap>,
    /// Document number → its word and value numbers, to take it out again.
    doc_terms: Vec<Box<[u32]>>,
    doc_values: Vec<Box<[u32]>>,
    value_ids: HashMap<(Field, String), u32>,
    value_names: Vec<(Field, String)>,
    postings: Vec<RoaringBitmap>,
}

impl Table {
    pub fn len(&self) -> u64 {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Adds the document, or replaces the one with its id.
    pub fn put(&mut self, doc: Doc) {
        self.remove(&doc.id);
        let n = match self.free.pop() {
            Some(n) => n,
            None => {
                self.ids.push(None);
                self.doc_terms.push(Box::default());
                self.doc_values.push(Box::default());
                (self.ids.len() - 1) as u32
            }
        };
        let mut terms: Vec<u32> = doc
            .text
            .iter()
            .flat_map(|t| words(t))
            .map(|w| self.term_id(w))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        for &t in &terms {
            self.term_docs[t as usize].insert(n);
        }
        let mut values: Vec<u32> = doc
            .values
            .into_iter()
            .map(|(field, value)| self.value_id(field, value))
            .collect();
        values.sort_unstable();
        values.dedup();
        for &v in &values {
            self.postings[v as usize].insert(n);
        }
        self.doc_terms[n as usize] = terms.into_boxed_slice();
        self.doc_values[n as usize] = values.into_boxed_slice();
        self.ids[n as usize] = Some(doc.id.clone());
        self.by_id.insert(doc.id, n);
        self.all.insert(n);
    }

    /// Takes the document with this id out, if it is in.
    pub fn remove(&mut self, id: &str) {
        let Some(n) = self.by_id.remove(id) else {
            return;
        };
        for &t in std::mem::take(&mut self.doc_terms[n as usize]).iter() {
            self.term_docs[t as usize].remove(n);
        }
        for &v in std::mem::take(&mut self.doc_values[n as usize]).iter() {
            self.postings[v as usize].remove(n);
        }
        self.ids[n as usize] = None;
        self.all.remove(n);
        self.free.push(n);
    }

    fn term_id(&mut self, word: String) -> u32 {
        if let Some(&t) = self.terms.get(&word) {
            return t;
        }
        let t = self.term_docs.len() as u32;
        self.terms.insert(word, t);
        self.term_docs.push(RoaringBitmap::new());
        t
    }

    fn value_id(&mut self, field: Field, value: String) -> u32 {
        if let Some(&v) = self.value_ids.get(&(field, value.clone())) {
            return v;
        }
        let v = self.value_names.len() as u32;
        self.value_names.push((field, value.clone()));
        self.value_ids.insert((field, value), v);
        self.postings.push(RoaringBitmap::new());
        v
    }

    fn posting(&self, field: Field, value: &str) -> Option<&RoaringBitmap> {
        self.value_ids
            .get(&(field, value.to_string()))
            .map(|&v| &self.postings[v as usize])
    }

    /// The documents with a word starting with `prefix`.
    fn prefixed(&self, prefix: &str) -> RoaringBitmap {
        let mut hits = RoaringBitmap::new();
        let range = self
            .terms
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded));
        for (_, &t) in range.take_while(|(w, _)| w.starts_with(prefix)) {
            hits |= &self.term_docs[t as usize];
        }
        hits
    }

    /// The documents that match.
    pub fn select(&self, s: &Select) -> RoaringBitmap {
        let mut hits = self.all.clone();
        for (field, values) in &s.any_of {
            let mut group = RoaringBitmap::new();
            for v in values {
                if let Some(p) = self.posting(field, v) {
                    group |= p;
                }
            }
            hits &= group;
        }
        for (field, value) in &s.none_of {
            if let Some(p) = self.posting(field, value) {
                hits -= p;
            }
        }
        for w in &s.words {
            if hits.is_empty() {
                break;
            }
            hits &= self.prefixed(w);
        }
        hits
    }

    /// How many of `hits` have each value of each field (values none of them has are left
    /// out), counted in one pass over the hits.
    pub fn counts(&self, hits: &RoaringBitmap) -> Counts {
        let per_value: Vec<i64> = if hits.len() == self.all.len() {
            // Everything: the counts are the lengths of the value bitmaps.
            self.postings.iter().map(|p| p.len() as i64).collect()
        } else {
            let mut per_value = vec![0i64; self.value_names.len()];
            for n in hits {
                for &v in self.doc_values[n as usize].iter() {
                    per_value[v as usize] += 1;
                }
            }
            per_value
        };
        let mut out = Counts::new();
        for (v, n) in per_value.into_iter().enumerate() {
            if n > 0 {
                let (field, value) = &self.value_names[v];
                out.entry(field).or_default().insert(value.clone(), n);
            }
        }
        out
    }

    /// The ids of `hits` in id order: those after `after` (a cursor), else from `offset`; at
    /// most `limit`.
    pub fn page(
        &self,
        hits: &RoaringBitmap,
        after: Option<&str>,
        offset: u64,
        limit: usize,
    ) -> Vec<String> {
        let skip = if after.is_some() { 0 } else { offset as usize };
        // Few hits: sort them. Many: walk the ids in order until the page is full.
        if hits.len().saturating_mul(8) < self.all.len() {
            let mut ids: Vec<&str> = hits
                .iter()
                .filter_map(|n| self.ids[n as usize].as_deref())
                .filter(|id| after.is_none_or(|a| *id > a))
                .collect();
            ids.sort_unstable();
            return ids
                .into_iter()
                .skip(skip)
                .take(limit)
                .map(str::to_string)
                .collect();
        }
        let from = match after {
            Some(a) => Bound::Excluded(a),
            None => Bound::Unbounded,
        };
        self.by_id
            .range::<str, _>((from, Bound::Unbounded))
            .filter(|(_, n)| hits.contains(**n))
            .skip(skip)
            .take(limit)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The documents that have this value.
    pub fn having(&self, field: Field, value: &str) -> Vec<String> {
        self.posting(field, value)
            .map(|p| {
                p.iter()
                    .filter_map(|n| self.ids[n as usize].clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The memory the table holds, roughly: its bitmaps, words, ids and values.
    pub fn bytes(&self) -> usize {
        let bitmaps: usize = self
            .term_docs
            .iter()
            .chain(&self.postings)
            .map(|b| b.serialized_size())
            .sum();
        let words: usize = self.terms.keys().map(|t| t.len() + 52).sum();
        let ids: usize = self.by_id.keys().map(|id| 2 * (id.len() + 24) + 40).sum();
        let per_doc: usize = self
            .doc_terms
            .iter()
            .map(|t| t.len() * 4 + 16)
            .chain(self.doc_values.iter().map(|v| v.len() * 4 + 16))
            .sum();
        bitmaps + words + ids + per_doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str, values: &[(Field, &str)]) -> Doc {
        Doc {
            id: id.into(),
            text: vec![text.into()],
            values: values.iter().map(|(f, v)| (*f, v.to_string())).collect(),
        }
    }

    fn table() -> Table {
        let mut t = Table::default();
        t.put(doc(
            "c",
            "Ärenden och ombud",
            &[("status", "active"), ("theme", "GOVE")],
        ));
        t.put(doc(
            "a",
            "Identitet, e-legitimation",
            &[("status", "active"), ("theme", "GOVE"), ("theme", "TECH")],
        ));
        t.put(doc(
            "b",
            "Identiteter för företag",
            &[("status", "deprecated")],
        ));
        t
    }

    fn words_of(q: &str) -> Vec<String> {
        words(q).collect()
    }

    #[test]
    fn operators_and_quotes_are_not_syntax() {
        let t = terms("API-hantering \"OR\" NEAR(x) *ärenden:*");
        assert_eq!(t, ["api", "hantering", "or", "near", "x", "ärenden"]);
        assert!(terms("  !!! ").is_empty());
        assert_eq!(terms(&"ord ".repeat(40)).len(), 16);
    }

    #[test]
    fn words_are_prefixes_and_all_are_required() {
        let t = table();
        let ids = |s: Select| t.page(&t.select(&s), None, 0, 10);
        let q = |q: &str| Select {
            words: words_of(q),
            ..Select::default()
        };
        assert_eq!(ids(q("identitet")), ["a", "b"]);
        assert_eq!(ids(q("IDENT företag")), ["b"]);
        assert_eq!(ids(q("ärend")), ["c"]);
        // Diacritics are kept: "arenden" is another word.
        assert!(ids(q("arenden")).is_empty());
        assert_eq!(ids(q("legitimation e")), ["a"]);
        assert!(ids(q("identitet ombud")).is_empty());
    }

    #[test]
    fn a_filter_not_given_selects_everything() {
        let t = table();
        let all = t.select(&Select::default());
        assert_eq!(t.select(&Select::default().is_given("status", None)), all);
        let active = Select::default().is_given("status", Some("active"));
        assert_eq!(t.page(&t.select(&active), None, 0, 10), ["a", "c"]);
    }

    #[test]
    fn filters_and_counts() {
        let t = table();
        let hits = t.select(&Select::default().is("status", "active"));
        assert_eq!(t.page(&hits, None, 0, 10), ["a", "c"]);
        let counts = t.counts(&hits);
        assert_eq!(counts["theme"]["GOVE"], 2);
        assert_eq!(counts["theme"]["TECH"], 1);
        assert!(!counts["status"].contains_key("deprecated"));
        let not = t.select(&Select::default().is_not("status", "active"));
        assert_eq!(t.page(&not, None, 0, 10), ["b"]);
        let either =
            t.select(&Select::default().one_of("theme", vec!["TECH".into(), "none".into()]));
        assert_eq!(t.page(&either, None, 0, 10), ["a"]);
        assert!(t
            .select(&Select::default().is("status", "unknown"))
            .is_empty());
    }

    #[test]
    fn replacing_and_removing_leave_nothing_behind() {
        let mut t = table();
        t.put(doc("a", "Adress", &[("status", "retired")]));
        let q = |w: &str| Select {
            words: words_of(w),
            ..Select::default()
        };
        assert_eq!(t.page(&t.select(&q("identitet")), None, 0, 10), ["b"]);
        assert_eq!(t.page(&t.select(&q("adr")), None, 0, 10), ["a"]);
        assert_eq!(
            t.counts(&t.select(&Select::default()))["status"].get("active"),
            Some(&1)
        );
        t.remove("a");
        t.remove("a");
        assert_eq!(t.len(), 2);
        assert!(t.select(&q("adr")).is_empty());
        assert!(t.term_docs[t.terms["adress"] as usize].is_empty());
        // The freed number is taken again.
        t.put(doc("d", "Adress", &[]));
        assert_eq!(t.ids.len(), 3);
        assert_eq!(t.page(&t.select(&q("adr")), None, 0, 10), ["d"]);
    }

    #[test]
    fn pages_follow_the_id_order_by_cursor_or_offset() {
        let mut t = Table::default();
        for i in 0..100 {
            t.put(doc(
                &format!("id{i:03}"),
                if i % 2 == 0 { "jämn" } else { "udda" },
                &[],
            ));
        }
        let all = t.select(&Select::default());
        assert_eq!(t.page(&all, None, 10, 2), ["id010", "id011"]);
        assert_eq!(t.page(&all, Some("id097"), 5, 5), ["id098", "id099"]);
        // Both ways of paging (few hits sorted, many hits walked) agree.
        let even = t.select(&Select {
            words: vec!["jämn".into()],
            ..Select::default()
        });
        assert_eq!(t.page(&even, Some("id010"), 0, 2), ["id012", "id014"]);
        let sparse = t.select(
            &Select {
                words: vec!["jämn".into()],
                ..Select::default()
            }
            .is_not("none", "x"),
        );
        assert_eq!(t.page(&sparse, None, 1, 2), ["id002", "id004"]);
        let mut few = RoaringBitmap::new();
        few.extend([5u32, 3, 70]);
        assert_eq!(t.page(&few, Some("id003"), 0, 5), ["id005", "id070"]);
    }
}
