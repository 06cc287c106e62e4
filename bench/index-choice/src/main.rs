//! Benchmark: tantivy (design A) vs hand-made roaring index (design B).
//! Usage: index-bench a [regex|phrase|range|all]   |   index-bench b
use std::time::Instant;

#[cfg(feature = "a")]
mod design_a;
#[cfg(feature = "b")]
mod design_b;

pub const N_DOCS: usize = 100_000;
pub const RUNS: usize = 300;
pub const WARMUP: usize = 20;
pub const N_UPDATES: usize = 30;
pub const PAGE: usize = 50;

// field ids for facets
pub const F_STATUS: u8 = 0;
pub const F_ACCESS: u8 = 1;
pub const F_THEME: u8 = 2;
pub const F_PUBLISHER: u8 = 3;
pub const F_BLOCK: u8 = 4;
pub const F_ORIGIN: u8 = 5;
pub const FACET_NAMES: [&str; 6] = ["status", "access_rights", "theme", "publisher", "building_block", "origin"];
pub const FACET_CARD: [usize; 6] = [5, 3, 13, 1000, 1000, 3];

pub const VOCAB: [&str; 30] = [
    "ärenden", "ombud", "behörighet", "informationsutbyte", "katalog", "tjänst", "adress",
    "identitet", "tillit", "säkerhet", "metadata", "index", "meddelande", "profil", "spårbarhet",
    "tillgänglighet", "grunddata", "företag", "person", "fastighet", "kommun", "region",
    "myndighet", "digital", "post", "underskrift", "autentisering", "arkiv", "register", "api",
];
const LETTERS: [char; 29] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z', 'å', 'ä', 'ö',
];
/// Probability (per mille) that a vocabulary slot is forced to "identitet";
/// tuned so that prefix `identitet` matches ~69 % of docs.
const IDENTITET_BOOST_PERMILLE: u64 = 7;

#[derive(Clone, Debug)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub status: u32,
    pub access: u32,
    pub themes: Vec<u32>,
    pub publisher: u32,
    pub blocks: Vec<u32>,
    pub origin: u32,
}

impl Doc {
    pub fn text(&self) -> String {
        format!("{}\n{}\n{}", self.title, self.description, self.keywords.join(", "))
    }
    /// (field, value) pairs for all facets
    pub fn facet_values(&self) -> Vec<(u8, u32)> {
        let mut v = vec![(F_STATUS, self.status), (F_ACCESS, self.access)];
        v.extend(self.themes.iter().map(|&t| (F_THEME, t)));
        v.push((F_PUBLISHER, self.publisher));
        v.extend(self.blocks.iter().map(|&b| (F_BLOCK, b)));
        v.push((F_ORIGIN, self.origin));
        v
    }
}

pub struct Lcg(u64);
impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        // Knuth MMIX constants; return high bits
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn range(&mut self, lo: u64, hi_incl: u64) -> u64 {
        lo + self.below(hi_incl - lo + 1)
    }
}

fn vocab_word(r: &mut Lcg) -> &'static str {
    if r.below(1000) < IDENTITET_BOOST_PERMILLE {
        "identitet"
    } else {
        VOCAB[r.below(VOCAB.len() as u64) as usize]
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn distinct(r: &mut Lcg, k: usize, n: u64) -> Vec<u32> {
    let mut v: Vec<u32> = Vec::with_capacity(k);
    while v.len() < k {
        let x = r.below(n) as u32;
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

pub fn make_doc(r: &mut Lcg, i: usize, generation: u64) -> Doc {
    let rand_word: String = (0..6).map(|_| LETTERS[r.below(LETTERS.len() as u64) as usize]).collect();
    let nt = r.range(3, 6) as usize;
    let rand_pos = r.below(nt as u64) as usize;
    let title: Vec<String> = (0..nt)
        .map(|k| if k == rand_pos { capitalize(&rand_word) } else { capitalize(vocab_word(r)) })
        .collect();
    let nd = r.range(15, 30) as usize;
    let description = (0..nd).map(|_| vocab_word(r)).collect::<Vec<_>>().join(" ") + ".";
    let nk = r.range(2, 4) as usize;
    let keywords = (0..nk).map(|_| vocab_word(r).to_string()).collect();
    // status skewed: 50/20/15/10/5
    let s = r.below(100);
    let status = match s { 0..=49 => 0, 50..=69 => 1, 70..=84 => 2, 85..=94 => 3, _ => 4 };
    let access = r.below(3) as u32;
    let nth = r.range(1, 3) as usize;
    let themes = distinct(r, nth, 13);
    let publisher = r.below(1000) as u32;
    let nb = r.range(0, 3) as usize;
    let blocks = distinct(r, nb, 1000);
    let origin = r.below(3) as u32;
    let _ = generation; // id is stable across updates
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Doc {
        id: format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", i, (h >> 48) & 0xffff, (h >> 36) & 0xfff, (h >> 24) & 0xfff, h & 0xffff_ffff_ffff),
        title: title.join(" "),
        description,
        keywords,
        status,
        access,
        themes,
        publisher,
        blocks,
        origin,
    }
}

pub fn generate() -> Vec<Doc> {
    let mut r = Lcg::new(42);
    (0..N_DOCS).map(|i| make_doc(&mut r, i, 0)).collect()
}

/// tokens = maximal runs of char::is_alphanumeric, lower-cased (å ä ö kept)
pub fn tokenize(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().flat_map(|c| c.to_lowercase()).collect())
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    pub total: u64,
    pub facets: Vec<Vec<u32>>, // [field][value] -> count
    pub ids: Vec<String>,
}

impl QueryResult {
    pub fn summary(&self) -> String {
        let mut h: u64 = 1469598103934665603;
        for f in &self.facets {
            for &c in f {
                h = (h ^ c as u64).wrapping_mul(1099511628211);
            }
        }
        let status: Vec<String> = self.facets[0].iter().map(|c| c.to_string()).collect();
        format!(
            "total={} status=[{}] facet_hash={:016x} ids[0]={} ids[{}]={}",
            self.total,
            status.join(","),
            h,
            self.ids.first().map(|s| &s[..8]).unwrap_or("-"),
            self.ids.len().saturating_sub(1),
            self.ids.last().map(|s| &s[..8]).unwrap_or("-"),
        )
    }
}

pub struct Q {
    pub name: &'static str,
    pub text: &'static str,
    pub status: Option<u32>,
}
pub const QUERIES: [Q; 3] = [
    Q { name: "identitet", text: "identitet", status: None },
    Q { name: "identitet tillit +status=1", text: "identitet tillit", status: Some(1) },
    Q { name: "i", text: "i", status: None },
];

pub fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    for l in s.lines() {
        if let Some(v) = l.strip_prefix("VmRSS:") {
            return v.trim().trim_end_matches("kB").trim().parse().unwrap();
        }
    }
    0
}

pub fn pct(sorted_us: &[f64], p: f64) -> f64 {
    let idx = ((sorted_us.len() as f64 - 1.0) * p).round() as usize;
    sorted_us[idx]
}

/// Times `f` RUNS times (after WARMUP), returns (p50_ms, p99_ms)
pub fn time_query<F: FnMut() -> QueryResult>(mut f: F) -> (f64, f64) {
    for _ in 0..WARMUP {
        std::hint::black_box(f());
    }
    let mut v: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (pct(&v, 0.5), pct(&v, 0.99))
}

/// Deterministic updates: (doc index, new doc)
pub fn updates() -> Vec<(usize, Doc)> {
    let mut r = Lcg::new(7);
    (0..N_UPDATES)
        .map(|k| {
            let i = r.below(N_DOCS as u64) as usize;
            (i, make_doc(&mut r, i, 1 + k as u64))
        })
        .collect()
}

pub fn report_updates(lat_ms: &mut [f64]) -> String {
    lat_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    format!(
        "update-visible latency over {} single-doc updates: p50={:.3} ms max={:.3} ms",
        lat_ms.len(),
        pct(lat_ms, 0.5),
        lat_ms[lat_ms.len() - 1]
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(|s| s.as_str()).unwrap_or("b");
    let t = Instant::now();
    let docs = generate();
    let ident = docs
        .iter()
        .filter(|d| tokenize(&d.text()).iter().any(|t| t.starts_with("identitet")))
        .count();
    println!(
        "generated {} docs in {:.2}s; prefix 'identitet' matches {} docs = {:.2}%",
        docs.len(),
        t.elapsed().as_secs_f64(),
        ident,
        100.0 * ident as f64 / docs.len() as f64
    );
    match which {
        #[cfg(feature = "a")]
        "a" => design_a::run(&docs, args.get(2).map(|s| s.as_str()).unwrap_or("all")),
        #[cfg(feature = "b")]
        "b" => design_b::run(&docs),
        other => panic!("unknown design {other} (or feature not compiled in)"),
    }
}
