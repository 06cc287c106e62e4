//! The register's APIs as a DCAT-AP-SE 3.0.1 catalogue (see docs/dcat-mapping.md), written
//! with the oxrdf family (oxrdfxml, oxttl, oxjsonld) as RDF/XML, Turtle or JSON-LD, page by
//! page, so that memory stays flat however many services there are.
//!
//! Rules (DESIGN.md §Catalogue): absolute IRIs everywhere and no blank nodes (contact points
//! are `<api>#contact`), publishers `http://dataportal.se/organisation/SE<orgnr>`, the
//! catalogue licensed CC0, status from the EU distribution-status list.

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use openapi::{AccessRights, ApiStatus, DataTheme, OrganisationKind};
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use crate::error::{Error, Result};
use crate::store::catalog::{self as store, Entry, Publisher};
use crate::store::datasets;
use crate::store::DbConnection;

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const ADMS: &str = "http://www.w3.org/ns/adms#";
const EU: &str = "http://publications.europa.eu/resource/authority/";
const DCATAP: &str = "http://data.europa.eu/r5r/";
const ELI: &str = "http://data.europa.eu/eli/ontology#";
const PUBLISHER_TYPES: &str = "http://purl.org/adms/publishertype/";
pub const CC0: &str = "http://creativecommons.org/publicdomain/zero/1.0/";

/// Rows read from the database at a time.
const PAGE: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    RdfXml,
    Turtle,
    JsonLd,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::RdfXml => "application/rdf+xml",
            Format::Turtle => "text/turtle",
            Format::JsonLd => "application/ld+json",
        }
    }

    /// From `?format=`.
    pub fn from_name(s: &str) -> Option<Format> {
        match s {
            "rdfxml" | "rdf" | "xml" => Some(Format::RdfXml),
            "turtle" | "ttl" => Some(Format::Turtle),
            "jsonld" | "json-ld" => Some(Format::JsonLd),
            _ => None,
        }
    }

    /// From the `Content-Type` of a catalogue sent or fetched.
    pub fn from_content_type(content_type: &str) -> Option<Format> {
        let ct = content_type.to_ascii_lowercase();
        if ct.contains("rdf+xml") || ct.starts_with("application/xml") || ct.starts_with("text/xml")
        {
            Some(Format::RdfXml)
        } else if ct.contains("turtle") {
            Some(Format::Turtle)
        } else if ct.contains("ld+json") {
            Some(Format::JsonLd)
        } else {
            None
        }
    }

    /// From `Accept`: the first listed type this service writes (RDF/XML by default).
    pub fn from_accept(accept: &str) -> Option<Format> {
        let mut best: Option<(f32, Format)> = None;
        for part in accept.split(',') {
            let mut bits = part.split(';');
            let media = bits.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = bits
                .filter_map(|b| b.trim().strip_prefix("q="))
                .find_map(|v| v.parse::<f32>().ok())
                .unwrap_or(1.0);
            let f = match media.as_str() {
                "application/rdf+xml" | "application/xml" | "*/*" | "application/*" => {
                    Format::RdfXml
                }
                "text/turtle" | "application/x-turtle" | "text/*" => Format::Turtle,
                "application/ld+json" | "application/json" => Format::JsonLd,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, f));
            }
        }
        best.map(|(_, f)| f)
    }
}

fn nn(iri: &str) -> Option<NamedNode> {
    NamedNode::new(iri).ok()
}

fn term(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// The publisher IRI dataportal.se recognises: by organisation number when known, else the
/// organisation's own URI in the register.
pub fn publisher_iri(p: &Publisher) -> String {
    match &p.organisation_number {
        Some(n) => format!(
            "http://dataportal.se/organisation/SE{}",
            n.chars().filter(char::is_ascii_digit).collect::<String>()
        ),
        None => p.uri.clone(),
    }
}

/// The ADMS publisher type of an organisation of this kind; none for `ovrig`, which says
/// nothing the list could name.
pub fn publisher_type(kind: OrganisationKind) -> Option<(&'static str, &'static str)> {
    match kind {
        OrganisationKind::StatligMyndighet => Some(("NationalAuthority", "National authority")),
        OrganisationKind::Region => Some(("RegionalAuthority", "Regional authority")),
        OrganisationKind::Kommun => Some(("LocalAuthority", "Local authority")),
        OrganisationKind::PrivatUtforare => Some(("Company", "Company")),
        OrganisationKind::Ovrig => None,
    }
}

pub fn access_right_iri(a: AccessRights) -> String {
    let code = match a {
        AccessRights::Publik => "PUBLIC",
        AccessRights::Begransad => "RESTRICTED",
        AccessRights::IckePublik => "NON_PUBLIC",
    };
    format!("{EU}access-right/{code}")
}

pub fn status_iri(s: ApiStatus) -> String {
    let code = match s {
        ApiStatus::UnderUtveckling => "DEVELOP",
        ApiStatus::IProduktion => "COMPLETED",
        ApiStatus::Utfasad => "DEPRECATED",
        ApiStatus::Tillbakadragen => "WITHDRAWN",
    };
    format!("{EU}distribution-status/{code}")
}

pub fn theme_iri(t: DataTheme) -> String {
    format!("{EU}data-theme/{}", t.as_str())
}

/// One of the three serialisers.
enum Serializer<W: Write> {
    RdfXml(oxrdfxml::WriterRdfXmlSerializer<W>),
    Turtle(oxttl::turtle::WriterTurtleSerializer<W>),
    JsonLd(oxjsonld::WriterJsonLdSerializer<W>),
}

const PREFIXES: &[(&str, &str)] = &[
    ("dcat", DCAT),
    ("dcterms", DCT),
    ("foaf", FOAF),
    ("vcard", VCARD),
    ("skos", SKOS),
    ("adms", ADMS),
    ("dcatap", DCATAP),
];

impl<W: Write> Serializer<W> {
    fn new(format: Format, w: W) -> Result<Self> {
        let bad = |e: oxrdf::IriParseError| Error::Internal(anyhow::anyhow!("prefix: {e}"));
        Ok(match format {
            Format::RdfXml => {
                let mut s = oxrdfxml::RdfXmlSerializer::new();
                for (p, ns) in PREFIXES {
                    s = s.with_prefix(*p, *ns).map_err(bad)?;
                }
                Serializer::RdfXml(s.for_writer(w))
            }
            Format::Turtle => {
                let mut s = oxttl::TurtleSerializer::new();
                for (p, ns) in PREFIXES {
                    s = s.with_prefix(*p, *ns).map_err(bad)?;
                }
                Serializer::Turtle(s.for_writer(w))
            }
            Format::JsonLd => {
                let mut s = oxjsonld::JsonLdSerializer::new();
                for (p, ns) in PREFIXES {
                    s = s.with_prefix(*p, *ns).map_err(bad)?;
                }
                Serializer::JsonLd(s.for_writer(w))
            }
        })
    }

    fn triple(&mut self, t: &Triple) -> io::Result<()> {
        match self {
            Serializer::RdfXml(s) => s.serialize_triple(t),
            Serializer::Turtle(s) => s.serialize_triple(t),
            Serializer::JsonLd(s) => {
                s.serialize_quad(t.as_ref().in_graph(GraphNameRef::DefaultGraph))
            }
        }
    }

    fn finish(self) -> io::Result<W> {
        match self {
            Serializer::RdfXml(s) => s.finish(),
            Serializer::Turtle(s) => s.finish(),
            Serializer::JsonLd(s) => s.finish(),
        }
    }
}

/// A literal with the characters XML 1.0 cannot carry replaced (text stored before they were
/// refused, or mirrored from an older node), so that no format of the catalogue is ill-formed.
fn xml_safe(o: Term) -> Term {
    match o {
        Term::Literal(l) => match domain::text::xml_safe(l.value()) {
            std::borrow::Cow::Borrowed(_) => Term::Literal(l),
            std::borrow::Cow::Owned(v) => Term::Literal(match l.language() {
                Some(lang) => Literal::new_language_tagged_literal_unchecked(v, lang),
                None => Literal::new_typed_literal(v, l.datatype().into_owned()),
            }),
        },
        other => other,
    }
}

/// Writes triples, and each shared resource (publisher, concept, licence, …) only once.
/// Descriptions of shared resources are deferred until the subject that refers to them is
/// complete, so that each subject is one block in every format.
struct Graph<W: Write> {
    out: Serializer<W>,
    seen: HashSet<String>,
    defer: bool,
    pending: Vec<Triple>,
    /// Resources referred to whose kept descriptions (`store::terms`) follow at the end.
    terms: BTreeSet<String>,
}

impl<W: Write> Graph<W> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) -> Result<()> {
        let t = Triple::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p.into_owned(),
            xml_safe(o.into()),
        );
        if self.defer {
            self.pending.push(t);
            return Ok(());
        }
        self.out
            .triple(&t)
            .map_err(|e| Error::Internal(anyhow::anyhow!("writing the catalogue: {e}")))
    }

    /// Runs `f` with its triples deferred.
    fn deferred<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let was = self.defer;
        self.defer = true;
        let r = f(self);
        self.defer = was;
        r
    }

    /// Writes the deferred descriptions.
    fn flush(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        for t in &pending {
            self.out
                .triple(t)
                .map_err(|e| Error::Internal(anyhow::anyhow!("writing the catalogue: {e}")))?;
        }
        Ok(())
    }

    fn p(&mut self, s: &NamedNode, ns: &str, local: &str, o: impl Into<Term>) -> Result<()> {
        let p = term(ns, local);
        self.add(s, p.as_ref(), o)
    }

    fn text(&mut self, s: &NamedNode, ns: &str, local: &str, v: &str, lang: &str) -> Result<()> {
        if v.trim().is_empty() {
            return Ok(());
        }
        let l = Literal::new_language_tagged_literal(v, lang)
            .map_err(|e| Error::Internal(anyhow::anyhow!("{e}")))?;
        self.p(s, ns, local, l)
    }

    fn first(&mut self, iri: &str) -> bool {
        self.seen.insert(iri.to_string())
    }

    fn typed(&mut self, s: &NamedNode, class: NamedNode) -> Result<()> {
        self.add(s, rdf::TYPE, class)
    }

    fn agent(&mut self, p: &Publisher) -> Result<NamedNode> {
        self.deferred(|g| g.agent_def(p))
    }

    fn agent_def(&mut self, p: &Publisher) -> Result<NamedNode> {
        let iri = publisher_iri(p);
        let node = nn(&iri).ok_or_else(|| Error::Internal(anyhow::anyhow!("bad IRI {iri}")))?;
        if self.first(&iri) {
            self.typed(&node, term(FOAF, "Agent"))?;
            self.typed(&node, term(FOAF, "Organization"))?;
            self.text(&node, FOAF, "name", &p.name, "sv")?;
            if let Some(n) = &p.organisation_number {
                self.p(&node, DCT, "identifier", Literal::new_simple_literal(n))?;
            }
            if let Some((code, label)) = p.kind.and_then(publisher_type) {
                let t = self.concept(
                    &format!("{PUBLISHER_TYPES}{code}"),
                    None,
                    (&format!("{PUBLISHER_TYPES}1.0"), "Publisher type"),
                    ("", label),
                )?;
                self.p(&node, DCT, "type", t)?;
            }
        }
        Ok(node)
    }

    fn scheme(&mut self, iri: &str, title: &str) -> Result<NamedNode> {
        self.deferred(|g| g.scheme_def(iri, title))
    }

    fn scheme_def(&mut self, iri: &str, title: &str) -> Result<NamedNode> {
        let node = NamedNode::new_unchecked(iri);
        if self.first(iri) {
            self.typed(&node, term(SKOS, "ConceptScheme"))?;
            self.text(&node, DCT, "title", title, "en")?;
        }
        Ok(node)
    }

    /// A concept of an EU list, typed as the shapes expect, with its labels and scheme.
    fn concept(
        &mut self,
        iri: &str,
        extra_class: Option<NamedNode>,
        scheme: (&str, &str),
        labels: (&str, &str),
    ) -> Result<NamedNode> {
        self.deferred(|g| g.concept_def(iri, extra_class, scheme, labels))
    }

    fn concept_def(
        &mut self,
        iri: &str,
        extra_class: Option<NamedNode>,
        scheme: (&str, &str),
        labels: (&str, &str),
    ) -> Result<NamedNode> {
        let node = NamedNode::new_unchecked(iri);
        if self.first(iri) {
            let scheme = self.scheme(scheme.0, scheme.1)?;
            self.typed(&node, term(SKOS, "Concept"))?;
            if let Some(c) = extra_class {
                self.typed(&node, c)?;
            }
            self.text(&node, SKOS, "prefLabel", labels.0, "sv")?;
            self.text(&node, SKOS, "prefLabel", labels.1, "en")?;
            self.p(&node, SKOS, "inScheme", scheme)?;
        }
        Ok(node)
    }

    fn document(&mut self, iri: &str, class: &str) -> Option<NamedNode> {
        let ns = match class {
            "Document" => FOAF,
            "Concept" => SKOS,
            "LegalResource" => ELI,
            _ => DCT,
        };
        self.typed_once(iri, term(ns, class))
    }

    /// The node typed with the class once in the whole export (deferred).
    fn typed_once(&mut self, iri: &str, class: NamedNode) -> Option<NamedNode> {
        let node = nn(iri)?;
        if self.first(&format!("{iri} {}", class.as_str())) {
            let t = Triple::new(node.clone(), rdf::TYPE, class);
            self.pending.push(t);
        }
        Some(node)
    }
}

/// Which catalogue: the whole register, or one organisation's APIs.
pub struct Spec {
    pub iri: String,
    pub homepage: String,
    pub publisher: Option<Publisher>,
    /// Only the APIs of this organisation: its entry and those of other nodes with its
    /// organisation number (ids).
    pub only: Option<Vec<String>>,
    pub title_sv: String,
    pub title_en: String,
}

/// The whole-register catalogue, published by the infrastructure owner.
pub fn register_spec(conn: &mut DbConnection, public_url: &str) -> Result<Spec> {
    Ok(Spec {
        iri: format!("{public_url}/api/v1/catalog"),
        homepage: format!("{public_url}/"),
        publisher: store::infrastructure_owner(conn)?,
        only: None,
        title_sv: "API-katalog för den gemensamma digitala infrastrukturen".into(),
        title_en: "API catalogue of the shared digital infrastructure".into(),
    })
}

pub fn organisation_spec(
    conn: &mut DbConnection,
    public_url: &str,
    key: &crate::store::Key,
) -> Result<Spec> {
    let org = store::organisation(conn, key)?;
    // Named by the slug however it was asked for, so that the catalogue has one IRI.
    Ok(Spec {
        iri: format!("{public_url}/api/v1/organisations/{}/catalog", org.slug),
        homepage: format!("{public_url}/"),
        only: Some(crate::store::organisations::same_agency(conn, &org.id)?),
        title_sv: format!("API-katalog för {}", org.name),
        title_en: format!("API catalogue of {}", org.name),
        publisher: Some(org),
    })
}

/// Writes the catalogue, reading the APIs page by page.
pub fn write<W: Write>(conn: &mut DbConnection, spec: &Spec, format: Format, w: W) -> Result<W> {
    let mut g = Graph {
        out: Serializer::new(format, w)?,
        seen: HashSet::new(),
        defer: false,
        pending: vec![],
        terms: BTreeSet::new(),
    };
    let cat = nn(&spec.iri).ok_or_else(|| Error::Internal(anyhow::anyhow!("bad catalogue IRI")))?;
    g.typed(&cat, term(DCAT, "Catalog"))?;
    g.text(&cat, DCT, "title", &spec.title_sv, "sv")?;
    g.text(&cat, DCT, "title", &spec.title_en, "en")?;
    g.text(
        &cat,
        DCT,
        "description",
        "API:er som myndigheter registrerat i byggblocksregistret.",
        "sv",
    )?;
    g.text(
        &cat,
        DCT,
        "description",
        "APIs registered by public agencies in the building-block registry.",
        "en",
    )?;
    let publisher = match &spec.publisher {
        Some(p) => g.agent(p)?,
        None => {
            // No infrastructure owner registered: the registry node itself publishes.
            let node = nn(&spec.homepage)
                .ok_or_else(|| Error::Internal(anyhow::anyhow!("bad homepage IRI")))?;
            g.deferred(|g| {
                g.typed(&node, term(FOAF, "Agent"))?;
                g.text(&node, FOAF, "name", "Byggblocksregistret", "sv")
            })?;
            node
        }
    };
    g.p(&cat, DCT, "publisher", publisher)?;
    if let Some(lic) = g.document(CC0, "LicenseDocument") {
        g.p(&cat, DCT, "license", lic)?;
    }
    if let Some(home) = g.document(&spec.homepage, "Document") {
        g.p(&cat, FOAF, "homepage", home)?;
    }
    let themes = g.scheme(&format!("{EU}data-theme"), "Data theme")?;
    g.p(&cat, DCAT, "themeTaxonomy", themes)?;
    let (issued, modified) = store::dates(conn, spec.only.as_deref())?;
    if let Some(t) = issued {
        g.p(&cat, DCT, "issued", date_time(t))?;
    }
    if let Some(t) = modified {
        g.p(&cat, DCT, "modified", date_time(t))?;
    }
    // The register's own text is Swedish and English; the catalogue covers Sweden.
    for (code, sv, en) in [
        ("SWE", "svenska", "Swedish"),
        ("ENG", "engelska", "English"),
    ] {
        let l = g.concept(
            &format!("{EU}language/{code}"),
            Some(term(DCT, "LinguisticSystem")),
            (&format!("{EU}language"), "Language"),
            (sv, en),
        )?;
        g.p(&cat, DCT, "language", l)?;
    }
    let sweden = g.concept(
        &format!("{EU}country/SWE"),
        Some(term(DCT, "Location")),
        (&format!("{EU}country"), "Country"),
        ("Sverige", "Sweden"),
    )?;
    g.p(&cat, DCT, "spatial", sweden)?;

    // First every dcat:service and dcat:dataset of the catalogue (ids only), then each in
    // full, so that the catalogue's description is one block in every format.
    let mut after: Option<String> = None;
    loop {
        let page = store::service_uris(conn, spec.only.as_deref(), after.as_deref(), PAGE * 10)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.0.clone());
        for (_, uri) in &page {
            if let Some(s) = nn(uri) {
                g.p(&cat, DCAT, "service", s)?;
            }
        }
    }
    let mut after: Option<String> = None;
    loop {
        let page = datasets::iris(conn, spec.only.as_deref(), after.as_deref(), PAGE * 10)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.clone());
        for iri in &page {
            if let Some(d) = nn(iri) {
                g.p(&cat, DCAT, "dataset", d)?;
            }
        }
    }
    g.flush()?;
    let mut after: Option<String> = None;
    loop {
        let page = store::entries(conn, spec.only.as_deref(), after.as_deref(), PAGE)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.api.meta.id.to_string());
        for e in &page {
            service(&mut g, e)?;
            g.flush()?;
        }
    }
    let mut after: Option<String> = None;
    loop {
        let page = datasets::page(conn, spec.only.as_deref(), after.as_deref(), PAGE)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.0.clone());
        for (iri, description) in &page {
            kept(&mut g, iri, description, true)?;
        }
    }
    let terms: Vec<String> = std::mem::take(&mut g.terms).into_iter().collect();
    for chunk in terms.chunks(PAGE as usize) {
        for (iri, description) in crate::store::terms::described(conn, chunk)? {
            kept(&mut g, &iri, &description, false)?;
        }
    }
    g.out
        .finish()
        .map_err(|e| Error::Internal(anyhow::anyhow!("writing the catalogue: {e}")))
}

fn date_time(t: chrono::NaiveDateTime) -> Literal {
    Literal::new_typed_literal(t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), xsd::DATE_TIME)
}

/// A kept description (a dataset, or a resource referred to), as its publisher wrote it;
/// with `refers`, what it refers to is looked up among the kept terms.
fn kept<W: Write>(g: &mut Graph<W>, iri: &str, description: &str, refers: bool) -> Result<()> {
    for t in oxttl::NTriplesParser::new().for_slice(description.as_bytes()) {
        match t {
            Ok(t) => {
                if let NamedOrBlankNode::NamedNode(s) = &t.subject {
                    if let (true, Term::NamedNode(o)) = (refers, &t.object) {
                        g.terms.insert(o.as_str().to_string());
                    }
                    g.add(s, t.predicate.as_ref(), t.object)?;
                }
            }
            Err(e) => {
                tracing::warn!(%iri, error = %e, "a kept dataset's description is unreadable; left out");
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The IRI a service is exported under: the one its publisher gave it, else the register's.
pub fn service_iri(api: &openapi::Api) -> &str {
    api.source_iri.as_deref().unwrap_or(&api.meta.uri)
}

/// An IRI for a node that belongs to another (a contact point): a fragment of it, or a
/// further fragment when it has one already.
fn part_of(iri: &str, part: &str) -> String {
    if iri.contains('#') {
        format!("{iri}-{part}")
    } else {
        format!("{iri}#{part}")
    }
}

fn service<W: Write>(g: &mut Graph<W>, e: &Entry) -> Result<()> {
    let api = &e.api;
    let iri = service_iri(api);
    let Some(s) = nn(iri) else {
        tracing::warn!(uri = %iri, "an API URI is not an IRI; left out of the catalogue");
        return Ok(());
    };
    g.typed(&s, term(DCAT, "DataService"))?;
    let identifier = api
        .identifier
        .clone()
        .unwrap_or_else(|| api.meta.id.to_string());
    g.p(
        &s,
        DCT,
        "identifier",
        Literal::new_simple_literal(identifier),
    )?;
    g.text(&s, DCT, "title", &api.title.sv, "sv")?;
    g.text(&s, DCT, "title", &api.title.en, "en")?;
    g.text(&s, DCT, "description", &api.description.sv, "sv")?;
    g.text(&s, DCT, "description", &api.description.en, "en")?;
    g.p(
        &s,
        DCT,
        "modified",
        date_time(api.meta.updated_at.naive_utc()),
    )?;
    for u in &api.endpoint_urls {
        if let Some(n) = nn(u) {
            g.p(&s, DCAT, "endpointURL", n)?;
        }
    }
    // The document the register serves, else where the publisher keeps it.
    let description = match &api.document {
        Some(d) => Some(d.json_url.as_str()),
        None => api.spec_url.as_deref(),
    };
    if let Some(n) = description.and_then(nn) {
        g.p(&s, DCAT, "endpointDescription", n)?;
    }
    let publisher = g.agent(&e.publisher)?;
    g.p(&s, DCT, "publisher", publisher)?;
    // Only what the publisher stated: no status or access right is assumed.
    if let Some(st) = api.status {
        let status = g.concept(
            &status_iri(st),
            None,
            (&format!("{EU}distribution-status"), "Distribution status"),
            (st.label_sv(), st.label_en()),
        )?;
        g.p(&s, ADMS, "status", status)?;
    }
    if let Some(a) = api.access_rights {
        let rights = g.concept(
            &access_right_iri(a),
            Some(term(DCT, "RightsStatement")),
            (&format!("{EU}access-right"), "Access right"),
            (a.label_sv(), a.label_en()),
        )?;
        g.p(&s, DCT, "accessRights", rights)?;
    }
    for t in &api.themes {
        let theme = g.concept(
            &theme_iri(*t),
            None,
            (&format!("{EU}data-theme"), "Data theme"),
            (t.label_sv(), t.label_en()),
        )?;
        g.p(&s, DCAT, "theme", theme)?;
    }
    for k in &api.keywords {
        g.text(&s, DCAT, "keyword", k, "sv")?;
    }
    for k in &api.keywords_en {
        g.text(&s, DCAT, "keyword", k, "en")?;
    }
    if let Some(l) = api
        .licence
        .as_deref()
        .and_then(|l| g.document(l, "LicenseDocument"))
    {
        g.p(&s, DCT, "license", l)?;
    }
    for c in &api.conforms_to {
        if let Some(n) = g.document(c, "Standard") {
            g.p(&s, DCT, "conformsTo", n)?;
        }
    }
    if let Some(d) = api
        .documentation_url
        .as_deref()
        .and_then(|d| g.document(d, "Document"))
    {
        g.p(&s, DCAT, "landingPage", d)?;
    }
    // Each value typed as the range shapes expect.
    let lists: [(&[String], &str, &str, &str); 4] = [
        (&api.types, DCT, "type", "Concept"),
        (&api.pages, FOAF, "page", "Document"),
        (&api.hvd_categories, DCATAP, "hvdCategory", "Concept"),
        (
            &api.applicable_legislation,
            DCATAP,
            "applicableLegislation",
            "LegalResource",
        ),
    ];
    for (values, ns, local, class) in lists {
        for v in values {
            if let Some(n) = g.document(v, class) {
                g.p(&s, ns, local, n)?;
                g.terms.insert(v.clone());
            }
        }
    }
    // Served datasets are held by the register and described with the catalogue.
    for d in api.serves_datasets.iter().filter_map(|d| nn(d)) {
        g.p(&s, DCAT, "servesDataset", d)?;
    }
    // DCAT-AP-SE requires a contact point's email address: one without is left out rather
    // than exported invalid (contact points registered before the rule).
    if let Some(c) = api.contact_point.as_ref().filter(|c| c.email.is_some()) {
        let node = NamedNode::new_unchecked(part_of(iri, "contact"));
        g.deferred(|g| {
            g.typed(&node, term(VCARD, "Kind"))?;
            g.typed(&node, term(VCARD, "Organization"))?;
            g.text(&node, VCARD, "fn", &c.name, "sv")?;
            if let Some(m) = c.email.as_deref().and_then(|m| nn(&format!("mailto:{m}"))) {
                g.p(&node, VCARD, "hasEmail", m)?;
            }
            if let Some(u) = c.url.as_deref().and_then(nn) {
                g.p(&node, VCARD, "hasURL", u)?;
            }
            if let Some(t) = c.telephone.as_deref().and_then(|t| nn(&tel(t))) {
                g.p(&node, VCARD, "hasTelephone", t)?;
            }
            Ok(())
        })?;
        g.p(&s, DCAT, "contactPoint", node)?;
    }
    // The building blocks an API implements: the services' context.
    for (uri, name) in &e.blocks {
        if let Some(b) = nn(uri) {
            if g.first(uri) {
                g.deferred(|g| g.text(&b, DCT, "title", name, "sv"))?;
            }
            g.p(&s, DCT, "isPartOf", b)?;
        }
    }
    if let Some(succ) = &api.successor {
        // The successor's URI is its id under the same collection as this API.
        let base = api
            .meta
            .uri
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or_default();
        if let Some(n) = nn(&format!("{base}/{}", succ.id)) {
            g.p(&s, DCT, "isReplacedBy", n)?;
        }
    }
    Ok(())
}

/// A telephone number as a `tel:` IRI (RFC 3966: no spaces or brackets).
fn tel(t: &str) -> String {
    let digits: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_negotiated() {
        assert_eq!(Format::from_accept("text/turtle"), Some(Format::Turtle));
        assert_eq!(
            Format::from_accept("text/html, application/ld+json;q=0.9, */*;q=0.1"),
            Some(Format::JsonLd)
        );
        assert_eq!(Format::from_accept("*/*"), Some(Format::RdfXml));
        assert_eq!(Format::from_accept("image/png"), None);
        assert_eq!(Format::from_name("ttl"), Some(Format::Turtle));
        assert_eq!(Format::from_name("csv"), None);
    }

    #[test]
    fn publisher_iris_use_the_organisation_number() {
        let p = Publisher {
            id: "x".into(),
            slug: "bolagsverket".into(),
            uri: "http://r/api/v1/organisations/x".into(),
            name: "Bolagsverket".into(),
            organisation_number: Some("202100-5489".into()),
            kind: None,
        };
        assert_eq!(
            publisher_iri(&p),
            "http://dataportal.se/organisation/SE2021005489"
        );
        assert_eq!(
            status_iri(ApiStatus::Utfasad),
            "http://publications.europa.eu/resource/authority/distribution-status/DEPRECATED"
        );
    }
}
