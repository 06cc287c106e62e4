//! The fixed budget every parser of the service works within, in one place: how large an
//! input may be, how deeply it may nest, how many values or triples it may make and how much
//! text they may hold after expansion. Document type declarations (and so XML entities) are
//! never read. An input over a budget is refused with the limit it broke, before the parser
//! has spent more than the budget on it.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::Error;
use domain::text::{self, Step};

/// A JSON request body.
pub const JSON_BODY_BYTES: usize = 256 * 1024;
/// An OpenAPI document or a DCAT catalogue, uploaded or fetched.
pub const DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// An OpenAPI document in YAML: the YAML library holds every event of a document at once
/// (about a hundred bytes for each), so YAML gets less than JSON.
pub const YAML_BYTES: usize = 2 * 1024 * 1024;
/// A backup read by `registry import`.
pub const BACKUP_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Arrays and objects in JSON, YAML and JSON-LD, elements in XML, blank nodes and lists in
/// Turtle: at most this deep.
pub const MAX_DEPTH: usize = 64;
/// Values (scalars, arrays, objects) in one JSON or YAML document, YAML aliases counted each
/// time they are used.
pub const MAX_NODES: usize = 200_000;
/// Bytes of text (strings and keys) in one JSON or YAML document, YAML aliases counted each
/// time they are used.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Triples in one RDF document (a catalogue to import).
pub const MAX_TRIPLES: usize = 100_000;
/// Bytes of the terms of those triples (IRIs as expanded from prefixes, literals).
pub const MAX_RDF_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// A budget that an input broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A document type declaration: entity definitions are never expanded.
    Doctype,
    Depth,
    Nodes,
    Text,
    Triples,
    RdfText,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Doctype => write!(
                f,
                "the document has a document type declaration (<!DOCTYPE …>); DTDs and entity definitions are not accepted"
            ),
            Limit::Depth => write!(
                f,
                "the document nests deeper than {MAX_DEPTH} levels (the depth limit)"
            ),
            Limit::Nodes => write!(
                f,
                "the document has more than {MAX_NODES} values, aliases counted each time they are used (the value limit)"
            ),
            Limit::Text => write!(
                f,
                "the document holds more than {MAX_TEXT_BYTES} bytes of text, aliases counted each time they are used (the text limit)"
            ),
            Limit::Triples => write!(
                f,
                "the document has more than {MAX_TRIPLES} triples (the triple limit)"
            ),
            Limit::RdfText => write!(
                f,
                "the triples of the document hold more than {MAX_RDF_TEXT_BYTES} bytes of text (the text limit)"
            ),
        }
    }
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Not well-formed: the parser's message and, when known, the line and column.
    Syntax {
        message: String,
        at: Option<(usize, usize)>,
    },
    Limit(Limit),
    /// Text the register cannot hold (see `domain::text`), and where.
    Text {
        path: Vec<Step>,
        message: String,
    },
}

impl Refused {
    /// The problem of a request: a limit or syntax names `field`; text names where it is,
    /// as `name` writes the way to it.
    pub fn into_error(self, field: &str, name: fn(&[Step]) -> String) -> Error {
        match self {
            Refused::Syntax { message, .. } => Error::field(field, message),
            Refused::Limit(l) => Error::field(field, l.to_string()),
            Refused::Text { path, message } => {
                let at = name(&path);
                Error::field(if at.is_empty() { field.into() } else { at }, message)
            }
        }
    }
}

/// What a document has spent of its budget, and the first refusal.
#[derive(Default)]
struct Spent {
    /// Values and text are not counted (a backup: only its size is bounded).
    uncounted: bool,
    nodes: usize,
    text: usize,
    path: Vec<Step>,
    refused: Option<Refused>,
}

impl Spent {
    fn refuse<E: de::Error>(&mut self, r: Refused) -> E {
        let message = match &r {
            Refused::Limit(l) => l.to_string(),
            Refused::Text { message, .. } => message.clone(),
            Refused::Syntax { message, .. } => message.clone(),
        };
        self.refused.get_or_insert(r);
        E::custom(message)
    }

    fn node<E: de::Error>(&mut self) -> Result<(), E> {
        self.nodes += 1;
        if self.nodes > MAX_NODES && !self.uncounted {
            return Err(self.refuse(Refused::Limit(Limit::Nodes)));
        }
        Ok(())
    }

    fn text<E: de::Error>(&mut self, s: &str, key: bool) -> Result<(), E> {
        self.text += s.len();
        if self.text > MAX_TEXT_BYTES && !self.uncounted {
            return Err(self.refuse(Refused::Limit(Limit::Text)));
        }
        if let Some(p) = text::problem(s) {
            let message = if key { format!("a field name {p}") } else { p };
            let path = self.path.clone();
            return Err(self.refuse(Refused::Text { path, message }));
        }
        Ok(())
    }
}

/// Reads one value within the budget; builds it only when `build` (else it only checks).
struct Seed<'a> {
    spent: &'a mut Spent,
    depth: usize,
    build: bool,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spent.node()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spent.node()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spent.node()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spent.node()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spent.node()?;
        self.spent.text(v, false)?;
        Ok(if self.build {
            Value::String(v.to_string())
        } else {
            Value::Null
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spent.node()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spent.node()?;
        if self.depth >= MAX_DEPTH {
            return Err(self.spent.refuse(Refused::Limit(Limit::Depth)));
        }
        let mut out = vec![];
        for i in 0.. {
            self.spent.path.push(Step::Index(i));
            let item = seq.next_element_seed(Seed {
                spent: &mut *self.spent,
                depth: self.depth + 1,
                build: self.build,
            })?;
            self.spent.path.pop();
            match item {
                Some(v) if self.build => out.push(v),
                Some(_) => {}
                None => break,
            }
        }
        Ok(if self.build {
            Value::Array(out)
        } else {
            Value::Null
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spent.node()?;
        if self.depth >= MAX_DEPTH {
            return Err(self.spent.refuse(Refused::Limit(Limit::Depth)));
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.spent.text(&key, true)?;
            self.spent.path.push(Step::Key(key));
            let value = map.next_value_seed(Seed {
                spent: &mut *self.spent,
                depth: self.depth + 1,
                build: self.build,
            })?;
            let Some(Step::Key(key)) = self.spent.path.pop() else {
                unreachable!("the key pushed above")
            };
            if self.build {
                out.insert(key, value);
            }
        }
        Ok(if self.build {
            Value::Object(out)
        } else {
            Value::Null
        })
    }
}

/// Reads JSON within the budget, refusing text the register cannot hold; the value when
/// `build`, else `Null` (a check only).
pub fn json(text: &str, build: bool) -> Result<Value, Refused> {
    read_json(text, build, Spent::default())
}

/// Checks a backup for `registry import` (at most `BACKUP_BYTES`, read before): nesting,
/// and text the register cannot hold, named where it is (`organisations[3].name`). Its values
/// and text are not counted: a backup of a large register holds millions.
pub fn backup(text: &str) -> Result<(), String> {
    let spent = Spent {
        uncounted: true,
        ..Spent::default()
    };
    match read_json(text, false, spent) {
        Ok(_) => Ok(()),
        Err(Refused::Text { path, message }) => Err(format!("{}: {message}", text::dotted(&path))),
        Err(Refused::Limit(l)) => Err(l.to_string()),
        Err(Refused::Syntax { message, .. }) => Err(message),
    }
}

fn read_json(text: &str, build: bool, mut spent: Spent) -> Result<Value, Refused> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = Seed {
        spent: &mut spent,
        depth: 0,
        build,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    read.map_err(|e| {
        spent.refused.take().unwrap_or_else(|| Refused::Syntax {
            message: format!("invalid JSON: {e}"),
            at: Some((e.line(), e.column())),
        })
    })
}

/// Reads one YAML document within the budget (aliases are counted each time they are used,
/// so an alias bomb stops at the budget), refusing text the register cannot hold.
pub fn yaml(text: &str) -> Result<Value, Refused> {
    if text.len() > YAML_BYTES {
        return Err(Refused::Syntax {
            message: format!("a YAML document may be at most {YAML_BYTES} bytes (the YAML size limit); send larger documents as JSON"),
            at: None,
        });
    }
    let mut spent = Spent::default();
    let read = Seed {
        spent: &mut spent,
        depth: 0,
        build: true,
    }
    .deserialize(serde_yaml_ng::Deserializer::from_str(text));
    read.map_err(|e| {
        spent.refused.take().unwrap_or_else(|| Refused::Syntax {
            message: format!("invalid YAML: {e}"),
            at: e.location().map(|l| (l.line(), l.column())),
        })
    })
}

/// Checks an XML document before an RDF/XML parser sees it: no document type declaration
/// (so no entity is ever defined, let alone expanded) and elements at most `MAX_DEPTH` deep.
pub fn xml(bytes: &[u8]) -> Result<(), Refused> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| Refused::Syntax {
            message: format!("invalid RDF/XML: {e} (at byte {})", reader.error_position()),
            at: None,
        })?;
        match event {
            Event::DocType(_) => return Err(Refused::Limit(Limit::Doctype)),
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Refused::Limit(Limit::Depth));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Checks that blank-node property lists and collections of a Turtle document nest at most
/// `MAX_DEPTH` deep (the Turtle parser keeps a frame for each level). Strings, IRIs and
/// comments are skipped; what is not Turtle is left to the parser to refuse.
pub fn turtle(bytes: &[u8]) -> Result<(), Refused> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'<' => {
                while i < bytes.len() && bytes[i] != b'>' && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let long = bytes[i..].starts_with(&[q, q, q]);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if long {
                        if bytes[i..].starts_with(&[q, q, q]) {
                            i += 2;
                            break;
                        }
                    } else if bytes[i] == q || bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Refused::Limit(Limit::Depth));
                }
            }
            b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn json_within_the_budget_is_read_as_serde_json_reads_it() {
        let text = r#"{"a": [1, -2, 2.5, true, null, "x"], "b": {"c": "å"}}"#;
        assert_eq!(
            json(text, true).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        assert_eq!(json(text, false).unwrap(), Value::Null);
        assert!(json(&nested(MAX_DEPTH), true).is_ok());
        assert_eq!(
            json(&nested(MAX_DEPTH + 1), true),
            Err(Refused::Limit(Limit::Depth))
        );
        assert_eq!(
            json(&nested(100_000), false),
            Err(Refused::Limit(Limit::Depth))
        );
        let many = format!("[{}0]", "0,".repeat(MAX_NODES));
        assert_eq!(json(&many, false), Err(Refused::Limit(Limit::Nodes)));
        assert!(matches!(
            json("{\"a\": ", true),
            Err(Refused::Syntax {
                at: Some((1, 6)),
                ..
            })
        ));
        match json(r#"{"title": {"sv": "a\u0000b"}}"#, false) {
            Err(Refused::Text { path, message }) => {
                assert_eq!(text::dotted(&path), "title.sv");
                assert!(message.contains("NUL"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        match json(r#"{"a": [{"k\u0007": 1}]}"#, false) {
            Err(Refused::Text { path, .. }) => assert_eq!(text::dotted(&path), "a[0]"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn backups_are_checked_for_text_and_depth_but_not_counted() {
        let many = format!(
            "{{\"organisations\": [{}{{}}]}}",
            "{\"name\": \"x\"},".repeat(MAX_NODES)
        );
        assert_eq!(backup(&many), Ok(()));
        let bad = r#"{"format": 1, "organisations": [{"name": "a"}, {"name": "a\u0000b"}]}"#;
        let e = backup(bad).unwrap_err();
        assert!(e.starts_with("organisations[1].name: contains NUL"), "{e}");
        assert!(backup(&nested(MAX_DEPTH + 1)).is_err());
    }

    #[test]
    fn yaml_alias_bombs_and_deep_nesting_stop_at_the_budget() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, c) in ('b'..='i').enumerate() {
            let prev = (b'a' + i as u8) as char;
            bomb.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        assert!(matches!(
            yaml(&bomb),
            Err(Refused::Limit(Limit::Nodes)) | Err(Refused::Syntax { .. })
        ));
        // One large string used many times: the text budget, not the value budget, stops it.
        let big = "x".repeat(1024 * 1024);
        let mut s = format!("a: &a \"{big}\"\nb: [");
        s.push_str(&"*a,".repeat(100));
        s.push_str("*a]\n");
        assert_eq!(yaml(&s), Err(Refused::Limit(Limit::Text)));
        let deep = format!("a: {}", nested(MAX_DEPTH + 1));
        assert!(yaml(&deep).is_err());
        assert_eq!(
            yaml("openapi: 3.1.0\ninfo: {title: x, version: '1'}\n").unwrap(),
            serde_json::json!({"openapi": "3.1.0", "info": {"title": "x", "version": "1"}})
        );
        match yaml("info:\n  title: \"a\\0b\"\n") {
            Err(Refused::Text { path, .. }) => assert_eq!(text::pointer(&path), "/info/title"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            yaml(&"#".repeat(YAML_BYTES + 1)),
            Err(Refused::Syntax { .. })
        ));
    }

    #[test]
    fn xml_doctypes_are_refused_and_depth_is_bounded() {
        let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"#;
        assert_eq!(xml(bomb), Err(Refused::Limit(Limit::Doctype)));
        assert_eq!(
            xml(b"<!DOCTYPE html><html/>"),
            Err(Refused::Limit(Limit::Doctype))
        );
        assert_eq!(
            xml(b"<?xml version=\"1.0\"?><!-- <!DOCTYPE x> --><a><b/></a>"),
            Ok(())
        );
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(xml(deep.as_bytes()), Err(Refused::Limit(Limit::Depth)));
        assert!(matches!(xml(b"<a></b>"), Err(Refused::Syntax { .. })));
    }

    #[test]
    fn turtle_nesting_is_bounded_and_strings_do_not_count() {
        assert_eq!(
            turtle(b"<http://x/a> <http://x/p> [ <http://x/q> ( 1 2 ) ] ."),
            Ok(())
        );
        let deep = format!(
            "<http://x/a> <http://x/p> {} .",
            "[ <http://x/p> ".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(turtle(deep.as_bytes()), Err(Refused::Limit(Limit::Depth)));
        let quoted = format!(
            "<http://x/a> <http://x/p> \"{}\", '''{}''' . # {}\n",
            "[".repeat(100),
            "(\\'".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(turtle(quoted.as_bytes()), Ok(()));
    }
}
