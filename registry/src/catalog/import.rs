//! Reading a DCAT-AP-SE catalogue (RDF/XML, Turtle or JSON-LD) into API inputs: each
//! `dcat:DataService` becomes one entry, with the reasons it cannot be registered. The
//! mapping is the export's (docs/dcat-mapping.md) read backwards. No I/O.

use std::collections::{BTreeSet, HashMap, HashSet};

use openapi::{
    AccessRights, ApiInput, ApiStatus, CatalogImportSkipped, ContactPoint, DataTheme, FieldError,
    Localized,
};
use oxrdf::{NamedNode, NamedOrBlankNode, Term, Triple};

use super::dcat::{access_right_iri, status_iri, theme_iri, Format};
use crate::budget;
pub use domain::catalog::{Catalogue, Dataset, Entry, PublisherRef};
use domain::text;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const ADMS: &str = "http://www.w3.org/ns/adms#";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const DCATAP: &str = "http://data.europa.eu/r5r/";

/// Reads the document into triples within the budget (`crate::budget`): RDF/XML without a
/// document type declaration (no entity is ever expanded), nesting, triples and their text
/// bounded, no text the register cannot hold, no remote JSON-LD context. The reason (the
/// parser's message with its position, or the limit broken) when it fails.
pub fn parse(bytes: &[u8], format: Format) -> Result<Vec<Triple>, String> {
    let refused = |r: budget::Refused| match r {
        budget::Refused::Syntax { message, .. } => message,
        budget::Refused::Limit(l) => l.to_string(),
        budget::Refused::Text { message, .. } => message,
    };
    // What the parsers cannot bound themselves is checked before they run.
    match format {
        Format::RdfXml => budget::xml(bytes).map_err(refused)?,
        Format::Turtle => budget::turtle(bytes).map_err(refused)?,
        Format::JsonLd => {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| format!("invalid JSON-LD: not UTF-8 ({e})"))?;
            budget::json(text, false).map_err(|r| match r {
                budget::Refused::Syntax { message, .. } => message.replace("JSON", "JSON-LD"),
                budget::Refused::Text { path, message } => {
                    format!("{}: {message}", text::pointer(&path))
                }
                other => refused(other),
            })?;
        }
    }
    // A first pass counts without keeping anything, so a document over the budget costs no
    // more memory than the parser's own state; the second keeps the triples.
    let mut count = 0;
    let mut spent = 0;
    for_each_triple(bytes, format, &mut |t| {
        count += 1;
        if count > budget::MAX_TRIPLES {
            return Err(budget::Limit::Triples.to_string());
        }
        spent += term_len(&t);
        if spent > budget::MAX_RDF_TEXT_BYTES {
            return Err(budget::Limit::RdfText.to_string());
        }
        triple_problem(&t)
    })?;
    let mut triples = Vec::with_capacity(count);
    for_each_triple(bytes, format, &mut |t| {
        triples.push(t);
        Ok(())
    })?;
    Ok(triples)
}

fn for_each_triple(
    bytes: &[u8],
    format: Format,
    f: &mut dyn FnMut(Triple) -> Result<(), String>,
) -> Result<(), String> {
    match format {
        Format::RdfXml => {
            for t in oxrdfxml::RdfXmlParser::new().for_slice(bytes) {
                f(t.map_err(|e| format!("invalid RDF/XML: {e}"))?)?;
            }
        }
        Format::Turtle => {
            for t in oxttl::TurtleParser::new().for_slice(bytes) {
                f(t.map_err(|e| format!("invalid Turtle: {e}"))?)?;
            }
        }
        Format::JsonLd => {
            // Never fetch a remote context: the document must be complete in itself.
            let parser = oxjsonld::JsonLdParser::new()
                .for_slice(bytes)
                .with_load_document_callback(|url, _| {
                    Err(format!(
                        "remote contexts are not loaded ({url}); put the context in the document"
                    )
                    .into())
                });
            for q in parser {
                f(Triple::from(
                    q.map_err(|e| format!("invalid JSON-LD: {e}"))?,
                ))?;
            }
        }
    }
    Ok(())
}

fn term_len(t: &Triple) -> usize {
    let subject = match &t.subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().len(),
        NamedOrBlankNode::BlankNode(b) => b.as_str().len(),
    };
    let object = match &t.object {
        Term::NamedNode(n) => n.as_str().len(),
        Term::BlankNode(b) => b.as_str().len(),
        Term::Literal(l) => l.value().len() + l.language().map_or(0, str::len),
        #[allow(unreachable_patterns)]
        _ => 0,
    };
    subject + t.predicate.as_str().len() + object
}

/// Text in a triple the register cannot hold, named by its subject and predicate.
fn triple_problem(t: &Triple) -> Result<(), String> {
    let object = match &t.object {
        Term::NamedNode(n) => n.as_str(),
        Term::Literal(l) => l.value(),
        _ => "",
    };
    let subject = match &t.subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str(),
        NamedOrBlankNode::BlankNode(_) => "",
    };
    for (what, s) in [
        ("subject", subject),
        ("predicate", t.predicate.as_str()),
        ("object", object),
    ] {
        if let Some(p) = text::problem(s) {
            return Err(format!(
                "the {what} of the triple {} <{}> … {p}",
                t.subject
                    .to_string()
                    .chars()
                    .map(|c| if text::allowed(c) { c } else { '\u{fffd}' })
                    .collect::<String>(),
                t.predicate
                    .as_str()
                    .chars()
                    .map(|c| if text::allowed(c) { c } else { '\u{fffd}' })
                    .collect::<String>(),
            ));
        }
    }
    Ok(())
}

fn key(s: &NamedOrBlankNode) -> String {
    s.to_string()
}

fn term_key(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.to_string()),
        Term::BlankNode(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The triples of each subject, and the objects of each (subject, predicate).
struct Index<'a> {
    by: HashMap<(String, String), Vec<&'a Term>>,
    of: HashMap<String, Vec<&'a Triple>>,
}

impl<'a> Index<'a> {
    fn new(triples: &'a [Triple]) -> Self {
        let mut by: HashMap<(String, String), Vec<&Term>> = HashMap::new();
        let mut of: HashMap<String, Vec<&Triple>> = HashMap::new();
        for t in triples {
            by.entry((key(&t.subject), t.predicate.as_str().to_string()))
                .or_default()
                .push(&t.object);
            of.entry(key(&t.subject)).or_default().push(t);
        }
        Index { by, of }
    }

    fn get(&self, subject: &str, ns: &str, local: &str) -> Vec<&'a Term> {
        self.by
            .get(&(subject.to_string(), format!("{ns}{local}")))
            .cloned()
            .unwrap_or_default()
    }

    fn is_a(&self, subject: &str, ns: &str, class: &str) -> bool {
        let class = format!("{ns}{class}");
        self.by
            .get(&(subject.to_string(), RDF_TYPE.to_string()))
            .is_some_and(|v| {
                v.iter()
                    .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == class))
            })
    }

    /// Subjects of the class, in document order, each once.
    fn subjects(&self, triples: &'a [Triple], ns: &str, class: &str) -> Vec<&'a NamedOrBlankNode> {
        let class = format!("{ns}{class}");
        let mut seen = HashSet::new();
        triples
            .iter()
            .filter(|t| {
                t.predicate.as_str() == RDF_TYPE
                    && matches!(&t.object, Term::NamedNode(n) if n.as_str() == class)
            })
            .map(|t| &t.subject)
            .filter(|s| seen.insert(key(s)))
            .collect()
    }
}

fn iri(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

fn short(predicate: &str) -> String {
    for (prefix, ns) in [
        ("dcat", DCAT),
        ("dct", DCT),
        ("vcard", VCARD),
        ("adms", ADMS),
        ("foaf", FOAF),
        ("dcatap", DCATAP),
    ] {
        if let Some(local) = predicate.strip_prefix(ns) {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{predicate}>")
}

/// Swedish and English text of a property: `@sv` and `@en` as tagged. An untagged literal is
/// taken as Swedish, and said so; other languages and second values are not kept, and said so.
fn localized(idx: &Index, s: &str, ns: &str, local: &str, notes: &mut Vec<String>) -> Localized {
    let mut sv: Option<String> = None;
    let mut en: Option<String> = None;
    let name = short(&format!("{ns}{local}"));
    for t in idx.get(s, ns, local) {
        let Term::Literal(l) = t else { continue };
        let lang = l.language().map(str::to_ascii_lowercase);
        let slot = match lang.as_deref() {
            Some(x) if x == "sv" || x.starts_with("sv-") => &mut sv,
            Some(x) if x == "en" || x.starts_with("en-") => &mut en,
            None => {
                notes.push(format!(
                    "{name} \"{}\" has no language tag; registered as Swedish",
                    l.value()
                ));
                &mut sv
            }
            Some(x) => {
                notes.push(format!(
                    "{name}@{x} not kept: the register holds Swedish and English"
                ));
                continue;
            }
        };
        if slot.is_some() {
            notes.push(format!(
                "{name} \"{}\" not kept: one value per language is held",
                l.value()
            ));
        } else {
            *slot = Some(l.value().to_string());
        }
    }
    Localized {
        sv: sv.unwrap_or_default(),
        en: en.unwrap_or_default(),
    }
}

fn err(errors: &mut Vec<FieldError>, field: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

/// The organisation a publisher IRI names.
fn publisher_ref(p: &str) -> PublisherRef {
    match p.strip_prefix("http://dataportal.se/organisation/SE") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            PublisherRef::Number(format!("{}-{}", &d[..6], &d[6..]))
        }
        _ => PublisherRef::Uri(p.to_string()),
    }
}

/// What a catalogue holds for the register: every `dcat:DataService` (in document order),
/// every `dcat:Dataset` with an IRI, and what is not taken with the reason.
pub fn read(triples: &[Triple]) -> Catalogue {
    let idx = Index::new(triples);
    let mut skipped = vec![];
    // The catalogue's publisher stands for services and datasets that state none.
    let mut catalog_publisher = None;
    for c in idx.subjects(triples, DCAT, "Catalog") {
        if let Some(Term::NamedNode(n)) = idx.get(&key(c), DCT, "publisher").first() {
            catalog_publisher.get_or_insert_with(|| publisher_ref(n.as_str()));
        }
    }
    let entries: Vec<Entry> = idx
        .subjects(triples, DCAT, "DataService")
        .into_iter()
        .map(|s| entry(&idx, s, catalog_publisher.as_ref()))
        .collect();
    let mut datasets = vec![];
    for d in idx.subjects(triples, DCAT, "Dataset") {
        match d {
            NamedOrBlankNode::NamedNode(n) => {
                let publisher = match idx.get(&key(d), DCT, "publisher").first() {
                    Some(Term::NamedNode(p)) => Some(publisher_ref(p.as_str())),
                    _ => catalog_publisher.clone(),
                };
                datasets.push(Dataset {
                    iri: n.as_str().to_string(),
                    publisher,
                    description: describe(&idx, n),
                });
            }
            NamedOrBlankNode::BlankNode(b) => skipped.push(CatalogImportSkipped {
                iri: b.to_string(),
                kind: "dcat:Dataset".into(),
                reason: "a dataset needs an IRI to be kept and harvested; this one is a blank node"
                    .into(),
            }),
        }
    }
    // Other things the catalogue describes that the register does not hold.
    for (class, reason) in [
        (
            "DatasetSeries",
            "the register keeps data services and datasets, not dataset series",
        ),
        (
            "Resource",
            "the register keeps data services and datasets only",
        ),
    ] {
        for s in idx.subjects(triples, DCAT, class) {
            skipped.push(CatalogImportSkipped {
                iri: key(s),
                kind: format!("dcat:{class}"),
                reason: reason.into(),
            });
        }
    }
    for d in idx.subjects(triples, DCAT, "Distribution") {
        let held = triples.iter().any(|t| {
            t.predicate.as_str() == format!("{DCAT}distribution")
                && term_key(&t.object).as_deref() == Some(key(d).as_str())
                && matches!(&t.subject, NamedOrBlankNode::NamedNode(_))
                && idx.is_a(&key(&t.subject), DCAT, "Dataset")
        });
        if !held {
            skipped.push(CatalogImportSkipped {
                iri: key(d),
                kind: "dcat:Distribution".into(),
                reason: "no dataset with an IRI lists it (dcat:distribution)".into(),
            });
        }
    }
    // What the services and datasets refer to that the document describes.
    let mut referred: Vec<String> = vec![];
    for e in &entries {
        let i = &e.input;
        referred.extend(
            i.types
                .iter()
                .chain(&i.hvd_categories)
                .chain(&i.applicable_legislation)
                .chain(&i.pages)
                .cloned(),
        );
    }
    for d in &datasets {
        for line in d.description.lines() {
            // `<s> <p> <o> .`: the object, when it is an IRI.
            if let Some(o) = line
                .strip_suffix("> .")
                .and_then(|l| l.rsplit_once(" <"))
                .map(|(_, o)| o)
            {
                referred.push(o.to_string());
            }
        }
    }
    let terms = terms(&idx, referred);
    Catalogue {
        entries,
        datasets,
        terms,
        skipped,
    }
}

/// A dataset's description: its triples, those of its distributions and of the blank nodes
/// below them, as sorted N-Triples. Blank nodes are named `<dataset>#n<hash of what they
/// say>`, so that the same description gives the same text on every import.
fn describe(idx: &Index, dataset: &NamedNode) -> String {
    let mut lines = BTreeSet::new();
    let mut todo = vec![key(&NamedOrBlankNode::NamedNode(dataset.clone()))];
    describe_into(idx, dataset, &mut todo, &mut lines);
    lines.into_iter().collect::<Vec<_>>().join("\n")
}

/// The N-Triples of what `todo` names and the blank nodes (and distributions) below it.
fn describe_into(
    idx: &Index,
    dataset: &NamedNode,
    todo: &mut Vec<String>,
    lines: &mut BTreeSet<String>,
) {
    let mut done = HashSet::new();
    let mut names = HashMap::new();
    while let Some(s) = todo.pop() {
        if !done.insert(s.clone()) {
            continue;
        }
        for t in idx.of.get(&s).into_iter().flatten() {
            let subject = skolem(idx, dataset.as_str(), &t.subject.to_string(), &mut names, 0);
            let object = match &t.object {
                Term::BlankNode(b) => {
                    todo.push(b.to_string());
                    skolem(idx, dataset.as_str(), &b.to_string(), &mut names, 0)
                }
                Term::NamedNode(n) => {
                    // Distributions are part of the dataset's description.
                    if t.predicate.as_str() == format!("{DCAT}distribution") {
                        todo.push(n.to_string());
                    }
                    n.to_string()
                }
                other => other.to_string(),
            };
            lines.insert(format!("{subject} <{}> {object} .", t.predicate.as_str()));
        }
    }
}

/// Classes whose members the register holds or describes itself, never as a term.
const NOT_TERMS: &[(&str, &str)] = &[
    (DCAT, "DataService"),
    (DCAT, "Dataset"),
    (DCAT, "Catalog"),
    (DCAT, "Distribution"),
    (FOAF, "Agent"),
    (FOAF, "Organization"),
];

/// The descriptions in the document of the resources these IRIs name, where it has one.
fn terms(idx: &Index, iris: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    for iri in iris {
        let Ok(node) = NamedNode::new(iri.clone()) else {
            continue;
        };
        let k = node.to_string();
        if !idx.of.contains_key(&k)
            || NOT_TERMS.iter().any(|(ns, c)| idx.is_a(&k, ns, c))
            || out.iter().any(|(i, _)| *i == iri)
        {
            continue;
        }
        let mut lines = BTreeSet::new();
        describe_into(idx, &node, &mut vec![k], &mut lines);
        out.push((iri, lines.into_iter().collect::<Vec<_>>().join("\n")));
    }
    out
}

/// The IRI a blank node gets under the dataset (an IRI is returned as it is).
fn skolem(
    idx: &Index,
    base: &str,
    node: &str,
    names: &mut HashMap<String, String>,
    depth: usize,
) -> String {
    let Some(label) = node.strip_prefix("_:") else {
        return node.to_string();
    };
    if let Some(n) = names.get(label) {
        return n.clone();
    }
    // What the node says, with nested blank nodes by their own names (bounded, for cycles).
    let mut said: Vec<String> = idx
        .of
        .get(node)
        .into_iter()
        .flatten()
        .map(|t| {
            let o = match &t.object {
                Term::BlankNode(b) if depth < 8 => {
                    skolem(idx, base, &b.to_string(), names, depth + 1)
                }
                Term::BlankNode(_) => "_".into(),
                other => other.to_string(),
            };
            format!("{} {o}", t.predicate.as_str())
        })
        .collect();
    said.sort();
    // FNV-1a: stable across runs and builds, unlike the standard library's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in said.join("\n").bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let name = format!("<{base}#n{h:016x}>");
    names.insert(label.to_string(), name.clone());
    name
}

/// The predicates of a service the mapping reads (docs/dcat-mapping.md); any other is noted.
const READ: &[(&str, &str)] = &[
    (DCT, "title"),
    (DCT, "description"),
    (DCT, "identifier"),
    (DCT, "publisher"),
    (DCT, "accessRights"),
    (DCT, "license"),
    (DCT, "conformsTo"),
    (DCT, "isPartOf"),
    (DCT, "type"),
    (DCT, "isReplacedBy"),
    (DCAT, "endpointURL"),
    (DCAT, "endpointDescription"),
    (DCAT, "theme"),
    (DCAT, "keyword"),
    (DCAT, "contactPoint"),
    (DCAT, "landingPage"),
    (DCAT, "servesDataset"),
    (ADMS, "status"),
    (FOAF, "page"),
    (DCATAP, "hvdCategory"),
    (DCATAP, "applicableLegislation"),
];

/// Predicates the register states itself for every service.
const OWN: &[(&str, &str)] = &[(DCT, "modified"), (DCT, "issued")];

fn entry(
    idx: &Index,
    subject: &NamedOrBlankNode,
    catalog_publisher: Option<&PublisherRef>,
) -> Entry {
    let s = key(subject);
    let mut errors = vec![];
    let mut notes = vec![];
    let iri_str = match subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        _ => {
            err(
                &mut errors,
                "iri",
                "a service needs an IRI, not a blank node",
            );
            s.clone()
        }
    };
    for t in idx.of.get(&s).into_iter().flatten() {
        let p = t.predicate.as_str();
        if p == RDF_TYPE {
            if !matches!(&t.object, Term::NamedNode(n) if n.as_str() == format!("{DCAT}DataService"))
            {
                notes.push(format!("rdf:type {} not kept", t.object));
            }
        } else if OWN.iter().any(|(ns, l)| p == format!("{ns}{l}")) {
            notes.push(format!(
                "{} not kept: the register states when it registered and changed the API",
                short(p)
            ));
        } else if !READ.iter().any(|(ns, l)| p == format!("{ns}{l}")) {
            let n = short(p);
            if !notes.iter().any(|x| x.starts_with(&n)) {
                notes.push(format!("{n} not kept: the register has no field for it"));
            }
        }
    }
    let title = localized(idx, &s, DCT, "title", &mut notes);
    let description = localized(idx, &s, DCT, "description", &mut notes);
    let iris = |ns: &str, local: &str| -> Vec<String> {
        let mut v: Vec<String> = vec![];
        for x in idx.get(&s, ns, local).into_iter().filter_map(iri) {
            if !v.contains(&x) {
                v.push(x);
            }
        }
        v
    };
    let publisher = match idx.get(&s, DCT, "publisher").first() {
        Some(Term::NamedNode(n)) => Some(publisher_ref(n.as_str())),
        Some(_) => {
            err(
                &mut errors,
                "publisher",
                "the publisher is a blank node; DCAT-AP-SE needs an IRI (http://dataportal.se/organisation/SE<orgnr>)",
            );
            None
        }
        None => catalog_publisher.cloned(),
    };
    let status = match idx.get(&s, ADMS, "status").first().and_then(|t| iri(t)) {
        None => None,
        Some(i) => match ApiStatus::ALL.iter().find(|x| status_iri(**x) == i) {
            Some(x) => Some(*x),
            None => {
                err(
                    &mut errors,
                    "status",
                    format!("{i} is not in the EU distribution-status list"),
                );
                None
            }
        },
    };
    let access_rights = match idx
        .get(&s, DCT, "accessRights")
        .first()
        .and_then(|t| iri(t))
    {
        None => None,
        Some(i) => match AccessRights::ALL
            .iter()
            .find(|x| access_right_iri(**x) == i)
        {
            Some(x) => Some(*x),
            None => {
                err(
                    &mut errors,
                    "accessRights",
                    format!("{i} is not in the EU access-right list"),
                );
                None
            }
        },
    };
    let mut themes: Vec<DataTheme> = vec![];
    for t in iris(DCAT, "theme") {
        match DataTheme::ALL.iter().find(|x| theme_iri(**x) == t) {
            Some(x) if !themes.contains(x) => themes.push(*x),
            Some(_) => {}
            None => notes.push(format!(
                "dcat:theme <{t}> not kept: not in the EU data-theme list"
            )),
        }
    }
    let mut keywords: Vec<String> = vec![];
    let mut keywords_en: Vec<String> = vec![];
    for k in idx.get(&s, DCAT, "keyword") {
        let Term::Literal(l) = k else { continue };
        let v = l.value().trim().to_string();
        let lang = l.language().map(str::to_ascii_lowercase);
        let list = match lang.as_deref() {
            Some(x) if x == "en" || x.starts_with("en-") => &mut keywords_en,
            Some(x) if x == "sv" || x.starts_with("sv-") => &mut keywords,
            None => {
                notes.push(format!(
                    "dcat:keyword \"{v}\" has no language tag; registered as Swedish"
                ));
                &mut keywords
            }
            Some(x) => {
                notes.push(format!(
                    "dcat:keyword \"{v}\"@{x} not kept: the register holds Swedish and English"
                ));
                continue;
            }
        };
        if !v.is_empty() && !list.iter().any(|x| x.to_lowercase() == v.to_lowercase()) {
            list.push(v);
        }
    }
    let one = |ns: &str, local: &str| idx.get(&s, ns, local).first().and_then(|t| iri(t));
    let contact_point = idx
        .get(&s, DCAT, "contactPoint")
        .first()
        .and_then(|c| term_key(c))
        .map(|c| contact(idx, &c, &mut notes));
    let identifier = idx
        .get(&s, DCT, "identifier")
        .first()
        .and_then(|t| match t {
            Term::Literal(l) => Some(l.value().trim().to_string()),
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        });
    let input = ApiInput {
        source: None,
        title,
        description,
        publisher: String::new(),
        endpoint_urls: iris(DCAT, "endpointURL"),
        building_blocks: vec![],
        status,
        sunset_date: None,
        successor: None,
        licence: one(DCT, "license"),
        access_rights,
        contact_point,
        keywords,
        keywords_en,
        themes,
        conforms_to: iris(DCT, "conformsTo"),
        documentation_url: one(DCAT, "landingPage"),
        sla: None,
        spec_url: one(DCAT, "endpointDescription"),
        identifier,
        types: iris(DCT, "type"),
        pages: iris(FOAF, "page"),
        hvd_categories: iris(DCATAP, "hvdCategory"),
        applicable_legislation: iris(DCATAP, "applicableLegislation"),
        serves_datasets: iris(DCAT, "servesDataset"),
        // Set by the import, which knows whether the service is new.
        source_iri: None,
    };
    Entry {
        iri: iri_str,
        input,
        publisher,
        block_uris: iris(DCT, "isPartOf"),
        errors,
        notes,
    }
}

/// A contact point: `vcard:fn`, `vcard:hasEmail` (`mailto:` IRI or text), `vcard:hasURL`,
/// `vcard:hasTelephone` (a `tel:` IRI, text, or a node with `vcard:hasValue`).
fn contact(idx: &Index, c: &str, notes: &mut Vec<String>) -> ContactPoint {
    let email = idx
        .get(c, VCARD, "hasEmail")
        .first()
        .and_then(|t| iri(t))
        .map(|m| m.trim_start_matches("mailto:").to_string());
    let telephone = idx
        .get(c, VCARD, "hasTelephone")
        .first()
        .and_then(|t| match t {
            Term::BlankNode(b) => idx
                .get(&b.to_string(), VCARD, "hasValue")
                .first()
                .and_then(|t| iri(t)),
            other => iri(other),
        });
    let name = localized(idx, c, VCARD, "fn", notes).text().to_string();
    let name = if name.trim().is_empty() {
        let by = email.clone().unwrap_or_else(|| "—".into());
        notes.push(format!(
            "the contact point has no vcard:fn; it is named by its email address ({by})"
        ));
        by
    } else {
        name
    };
    ContactPoint {
        name,
        email,
        url: idx.get(c, VCARD, "hasURL").first().and_then(|t| iri(t)),
        telephone: telephone.map(|t| t.trim_start_matches("tel:").to_string()),
    }
}
