//! Reading a DCAT-AP-SE catalogue (RDF/XML, Turtle or JSON-LD) into API inputs: each
//! `dcat:DataService` becomes one entry, with the reasons it cannot be registered. The
//! mapping is the export's (docs/dcat-mapping.md) read backwards. No I/O.

use std::collections::HashMap;

use openapi::{AccessRights, ApiInput, ApiStatus, ContactPoint, DataTheme, FieldError, Localized};
use oxrdf::{NamedOrBlankNode, Term, Triple};

use super::dcat::{access_right_iri, status_iri, theme_iri, Format};
use crate::budget;
pub use domain::catalog::{Entry, PublisherRef};
use domain::text;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const ADMS: &str = "http://www.w3.org/ns/adms#";

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

/// The objects of each (subject, predicate).
struct Index<'a> {
    by: HashMap<(String, String), Vec<&'a Term>>,
}

impl<'a> Index<'a> {
    fn new(triples: &'a [Triple]) -> Self {
        let mut by: HashMap<(String, String), Vec<&Term>> = HashMap::new();
        for t in triples {
            by.entry((key(&t.subject), t.predicate.as_str().to_string()))
                .or_default()
                .push(&t.object);
        }
        Index { by }
    }

    fn get(&self, subject: &str, ns: &str, local: &str) -> Vec<&'a Term> {
        self.by
            .get(&(subject.to_string(), format!("{ns}{local}")))
            .cloned()
            .unwrap_or_default()
    }
}

fn iri(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// Swedish and English text of a property: `@sv` (or untagged) and `@en`.
fn localized(idx: &Index, s: &str, ns: &str, local: &str) -> Localized {
    let mut sv = None;
    let mut en = None;
    let mut other = None;
    for t in idx.get(s, ns, local) {
        if let Term::Literal(l) = t {
            match l.language() {
                Some(lang) if lang.starts_with("sv") => sv = sv.or(Some(l.value().to_string())),
                Some(lang) if lang.starts_with("en") => en = en.or(Some(l.value().to_string())),
                None => sv = sv.or(Some(l.value().to_string())),
                Some(_) => other = other.or(Some(l.value().to_string())),
            }
        }
    }
    Localized {
        sv: sv.or(en.clone()).or(other).unwrap_or_default(),
        en: en.unwrap_or_default(),
    }
}

fn err(errors: &mut Vec<FieldError>, field: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

/// Every `dcat:DataService` of the document, in document order.
pub fn entries(triples: &[Triple]) -> Vec<Entry> {
    let idx = Index::new(triples);
    let mut seen = std::collections::HashSet::new();
    let services: Vec<&NamedOrBlankNode> = triples
        .iter()
        .filter(|t| {
            t.predicate.as_str() == RDF_TYPE
                && matches!(&t.object, Term::NamedNode(n) if n.as_str() == format!("{DCAT}DataService"))
        })
        .map(|t| &t.subject)
        .filter(|s| seen.insert(key(s)))
        .collect();
    services.into_iter().map(|s| entry(&idx, s)).collect()
}

fn entry(idx: &Index, subject: &NamedOrBlankNode) -> Entry {
    let s = key(subject);
    let mut errors = vec![];
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
    let title = localized(idx, &s, DCT, "title");
    let description = localized(idx, &s, DCT, "description");
    let endpoint_urls: Vec<String> = idx
        .get(&s, DCAT, "endpointURL")
        .into_iter()
        .filter_map(iri)
        .collect();
    let publisher = match idx.get(&s, DCT, "publisher").first() {
        Some(Term::NamedNode(n)) => {
            let p = n.as_str();
            match p.strip_prefix("http://dataportal.se/organisation/SE") {
                Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(PublisherRef::Number(format!("{}-{}", &d[..6], &d[6..])))
                }
                _ => Some(PublisherRef::Uri(p.to_string())),
            }
        }
        Some(_) => {
            err(
                &mut errors,
                "publisher",
                "the publisher is a blank node; DCAT-AP-SE needs an IRI (http://dataportal.se/organisation/SE<orgnr>)",
            );
            None
        }
        None => {
            err(&mut errors, "publisher", "is required (dct:publisher)");
            None
        }
    };
    let status = match idx.get(&s, ADMS, "status").first().and_then(|t| iri(t)) {
        None => ApiStatus::IProduktion,
        Some(i) => match ApiStatus::ALL.iter().find(|x| status_iri(**x) == i) {
            Some(x) => *x,
            None => {
                err(
                    &mut errors,
                    "status",
                    format!("{i} is not in the EU distribution-status list"),
                );
                ApiStatus::IProduktion
            }
        },
    };
    let access_rights = match idx
        .get(&s, DCT, "accessRights")
        .first()
        .and_then(|t| iri(t))
    {
        None => AccessRights::Publik,
        Some(i) => match AccessRights::ALL
            .iter()
            .find(|x| access_right_iri(**x) == i)
        {
            Some(x) => *x,
            None => {
                err(
                    &mut errors,
                    "accessRights",
                    format!("{i} is not in the EU access-right list"),
                );
                AccessRights::Publik
            }
        },
    };
    let mut themes: Vec<DataTheme> = vec![];
    for t in idx.get(&s, DCAT, "theme").into_iter().filter_map(iri) {
        if let Some(x) = DataTheme::ALL.iter().find(|x| theme_iri(**x) == t) {
            if !themes.contains(x) {
                themes.push(*x);
            }
        }
    }
    let mut keywords: Vec<String> = vec![];
    for k in idx.get(&s, DCAT, "keyword") {
        if let Term::Literal(l) = k {
            let v = l.value().trim().to_string();
            if !v.is_empty()
                && !keywords
                    .iter()
                    .any(|x| x.to_lowercase() == v.to_lowercase())
            {
                keywords.push(v);
            }
        }
    }
    let one = |ns: &str, local: &str| idx.get(&s, ns, local).first().and_then(|t| iri(t));
    let contact_point = idx.get(&s, DCAT, "contactPoint").first().map(|c| {
        let c = match c {
            Term::NamedNode(n) => n.to_string(),
            Term::BlankNode(b) => b.to_string(),
            _ => String::new(),
        };
        let name = localized(idx, &c, VCARD, "fn").sv;
        let email = idx
            .get(&c, VCARD, "hasEmail")
            .first()
            .and_then(|t| iri(t))
            .map(|m| m.trim_start_matches("mailto:").to_string());
        let url = idx.get(&c, VCARD, "hasURL").first().and_then(|t| iri(t));
        ContactPoint {
            name: if name.is_empty() {
                "Kontakt".into()
            } else {
                name
            },
            email,
            url,
        }
    });
    let input = ApiInput {
        title,
        description,
        publisher: String::new(),
        endpoint_urls,
        building_blocks: vec![],
        status,
        sunset_date: None,
        successor: None,
        licence: one(DCT, "license"),
        access_rights,
        contact_point,
        keywords,
        themes,
        conforms_to: idx
            .get(&s, DCT, "conformsTo")
            .into_iter()
            .filter_map(iri)
            .collect(),
        documentation_url: one(DCAT, "landingPage"),
        sla: None,
        spec_url: one(DCAT, "endpointDescription"),
    };
    let block_uris = idx
        .get(&s, DCT, "isPartOf")
        .into_iter()
        .filter_map(iri)
        .collect();
    Entry {
        iri: iri_str,
        input,
        publisher,
        block_uris,
        errors,
    }
}
