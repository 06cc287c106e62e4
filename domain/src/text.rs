//! Which characters text may hold. The storage (PostgreSQL refuses NUL), the formats (XML 1.0
//! cannot carry most C0 controls) and every node that mirrors an entry must be able to hold
//! what this node accepts, so text refuses NUL, the other C0 control characters except tab,
//! LF and CR, and the non-characters U+FFFE and U+FFFF.

use std::borrow::Cow;

/// Whether text may hold this character.
pub fn allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character text may not hold, as a reason naming it.
pub fn problem(s: &str) -> Option<String> {
    s.chars().find(|c| !allowed(*c)).map(|c| {
        let what = if c == '\u{0}' {
            "NUL"
        } else if (c as u32) < 0x20 {
            "a control character"
        } else {
            "a non-character"
        };
        format!(
            "contains {what} (U+{:04X}); text may not hold NUL, control characters other than tab, LF and CR, or U+FFFE/U+FFFF",
            c as u32
        )
    })
}

/// The text with every character the rule above refuses replaced by U+FFFD: for messages that
/// quote what a caller or a parser said, which must hold to the same rule as everything else
/// the service sends.
pub fn scrub(s: &str) -> Cow<'_, str> {
    if s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| {
                    if allowed(c) {
                        c
                    } else {
                        char::REPLACEMENT_CHARACTER
                    }
                })
                .collect(),
        )
    }
}

/// Whether XML 1.0 can carry this character (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{a}' | '\u{d}' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The text with every character XML 1.0 cannot carry replaced by U+FFFD, for text stored
/// before the rule above or mirrored from an older node.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if xml_char(c) { c } else { '\u{fffd}' })
                .collect(),
        )
    }
}

/// One step of the way to a value in a JSON document.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The way as request validation names fields: `title.sv`, `endpointUrls[1]`.
pub fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The way as a JSON pointer (RFC 6901): `/info/title`.
pub fn pointer(path: &[Step]) -> String {
    if path.is_empty() {
        return "/".into();
    }
    let mut out = String::new();
    for s in path {
        out.push('/');
        match s {
            Step::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// The first string (or key) in the JSON value that text may not hold: where, and why.
pub fn json_problem(value: &serde_json::Value) -> Option<(Vec<Step>, String)> {
    fn walk(v: &serde_json::Value, path: &mut Vec<Step>) -> Option<String> {
        match v {
            serde_json::Value::String(s) => problem(s),
            serde_json::Value::Array(a) => a.iter().enumerate().find_map(|(i, x)| {
                path.push(Step::Index(i));
                let r = walk(x, path);
                if r.is_none() {
                    path.pop();
                }
                r
            }),
            serde_json::Value::Object(m) => m.iter().find_map(|(k, x)| {
                if let Some(p) = problem(k) {
                    return Some(format!("a field name {p}"));
                }
                path.push(Step::Key(k.clone()));
                let r = walk(x, path);
                if r.is_none() {
                    path.pop();
                }
                r
            }),
            _ => None,
        }
    }
    let mut path = vec![];
    walk(value, &mut path).map(|m| (path, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbed_text_holds_to_the_rule() {
        assert_eq!(scrub("a\u{4}b\u{FFFF}\tc"), "a\u{FFFD}b\u{FFFD}\tc");
        assert!(matches!(scrub("plain"), Cow::Borrowed(_)));
        assert_eq!(problem(&scrub("\u{0}x")), None);
    }
    use serde_json::json;

    #[test]
    fn controls_and_non_characters_are_refused_tab_lf_cr_are_not() {
        for c in [
            '\0', '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{e}', '\u{1b}', '\u{1f}',
            '\u{fffe}', '\u{ffff}',
        ] {
            assert!(!allowed(c), "{c:?}");
            assert!(problem(&format!("a{c}b")).is_some(), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'å',
            '\u{7f}',
            '\u{85}',
            '\u{fffd}',
            '\u{10000}',
            '😀',
        ] {
            assert!(allowed(c), "{c:?}");
        }
        assert_eq!(problem("Åre kommun\tx\r\n"), None);
        assert!(problem("a\0b").unwrap().contains("NUL (U+0000)"));
        assert!(problem("\u{7}").unwrap().contains("U+0007"));
        assert!(problem("\u{ffff}").unwrap().contains("U+FFFF"));
    }

    #[test]
    fn xml_safe_replaces_what_xml_cannot_carry() {
        assert!(matches!(xml_safe("Åre\tkommun\n"), Cow::Borrowed(_)));
        assert_eq!(
            xml_safe("a\u{7}b\0c\u{fffe}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}"
        );
        assert_eq!(xml_safe("\u{1b}[31m"), "\u{fffd}[31m");
    }

    #[test]
    fn json_problems_are_named_where_they_are() {
        assert_eq!(json_problem(&json!({"name": "ok", "n": 1})), None);
        let (path, message) = json_problem(&json!({"title": {"sv": "a\u{0}b"}})).unwrap();
        assert_eq!(dotted(&path), "title.sv");
        assert_eq!(pointer(&path), "/title/sv");
        assert!(message.contains("NUL"));
        let (path, _) = json_problem(&json!({"endpointUrls": ["x", "y\u{1}"]})).unwrap();
        assert_eq!(dotted(&path), "endpointUrls[1]");
        assert_eq!(pointer(&path), "/endpointUrls/1");
        let (path, message) = json_problem(&json!({"a/b": {"k\u{0}": 1}})).unwrap();
        assert_eq!(pointer(&path), "/a~1b");
        assert!(message.starts_with("a field name contains NUL"));
        assert_eq!(dotted(&[]), "");
        assert_eq!(pointer(&[]), "/");
    }
}
