//! What a command prints: an aligned table in the terminal's width (or a list of fields for one
//! entry), the API's JSON as it came, YAML, or CSV with the table's columns.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table};
use serde_json::Value;

use crate::fail::Fail;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns in the terminal's width.
    Table,
    /// The API's JSON, as it came (lists: one page with every item fetched).
    Json,
    /// The same as YAML.
    Yaml,
    /// The table's columns as CSV (full text, a header row).
    Csv,
}

/// One column of a table, or one field of an entry: a heading and a dotted path into the JSON
/// (`responsible.name`, `title.sv`).
#[derive(Debug, Clone, Copy)]
pub struct Col(pub &'static str, pub &'static str);

/// Writes to standard output; a closed pipe (`bbr … | head`) ends the program quietly.
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("bbr: writing the output: {e}");
        std::process::exit(1);
    }
}

pub fn lookup<'a>(value: &'a Value, path: &str) -> &'a Value {
    let mut v = value;
    for part in path.split('.') {
        v = match v {
            Value::Object(m) => m.get(part).unwrap_or(&Value::Null),
            Value::Array(a) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    v
}

/// A JSON value as text for a cell: references by name, texts in Swedish, lists joined.
pub fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(m) => {
            for key in ["name", "slug", "sv", "title"] {
                if let Some(v) = m.get(key).filter(|v| !v.is_null()) {
                    return text(v);
                }
            }
            m.iter()
                .map(|(k, v)| format!("{k}: {}", text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// Columns without borders, a line under the header (comfy-table's preset notation: only
/// the header line and its intersections are drawn).
const PLAIN: &str = "     ──            ";

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(PLAIN)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // On a terminal comfy-table measures it; elsewhere `COLUMNS`, when set, is the width.
    if !t.is_tty() {
        if let Some(w) = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&w| w >= 20)
        {
            t.set_width(w);
        }
    }
    t
}

fn yaml(value: &Value) -> Result<String, Fail> {
    serde_yaml_ng::to_string(value).map_err(|e| Fail::local(format!("writing YAML: {e}")))
}

fn json(value: &Value) -> Result<String, Fail> {
    serde_json::to_string_pretty(value).map_err(|e| Fail::local(format!("writing JSON: {e}")))
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, Fail> {
    let mut w = csv::Writer::from_writer(vec![]);
    let fail = |e: csv::Error| Fail::local(format!("writing CSV: {e}"));
    w.write_record(header).map_err(fail)?;
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Fail::local(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Prints a list: `whole` is what `--json` and `--output yaml` show, `items` its entries.
pub fn list(format: Format, whole: &Value, items: &[Value], cols: &[Col], total: Option<i64>) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| cols.iter().map(|c| text(lookup(item, c.1))).collect())
        .collect();
    let headers: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let printed = match format {
        Format::Json => json(whole),
        Format::Yaml => yaml(whole),
        Format::Csv => csv(&headers, &rows),
        Format::Table => {
            if rows.is_empty() {
                Ok("nothing found".to_string())
            } else {
                // Columns of single words (ids, slugs, values of enums, dates) are never
                // wrapped; the columns of text give way.
                let whole: Vec<bool> = (0..headers.len())
                    .map(|i| {
                        rows.iter().all(|r| {
                            r[i].chars().count() <= 40 && !r[i].contains(char::is_whitespace)
                        })
                    })
                    .collect();
                let mut t = table();
                t.set_header(headers);
                for r in rows {
                    t.add_row(r);
                }
                for (i, keep) in whole.into_iter().enumerate() {
                    if let (true, Some(c)) = (keep, t.column_mut(i)) {
                        c.set_constraint(ColumnConstraint::ContentWidth);
                    }
                }
                let mut s = t.to_string();
                if let Some(total) = total.filter(|&n| n > items.len() as i64) {
                    s.push_str(&format!(
                        "\n{} of {total} shown (--limit N or --all for more)",
                        items.len()
                    ));
                }
                Ok(s)
            }
        }
    };
    match printed {
        Ok(s) => emit(&s),
        Err(f) => crate::exit_with(f),
    }
}

/// Prints one entry: its fields as a two-column table, or the whole entry.
pub fn record(format: Format, value: &Value, fields: &[Col]) {
    let pairs: Vec<(String, String)> = fields
        .iter()
        .map(|c| (c.0.to_string(), text(lookup(value, c.1))))
        .collect();
    let printed = match format {
        Format::Json => json(value),
        Format::Yaml => yaml(value),
        Format::Csv => {
            let headers: Vec<&str> = fields.iter().map(|c| c.0).collect();
            csv(&headers, &[pairs.into_iter().map(|p| p.1).collect()])
        }
        Format::Table => {
            let mut t = table();
            for (k, v) in pairs {
                t.add_row(vec![k, v]);
            }
            Ok(t.to_string())
        }
    };
    match printed {
        Ok(s) => emit(&s),
        Err(f) => crate::exit_with(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_show_references_by_name_and_lists_joined() {
        let v = json!({"responsible": {"id": "x", "slug": "digg", "name": "DIGG"},
            "title": {"sv": "Sök", "en": "Search"}, "tags": ["a", "b"], "late": true,
            "n": 3, "none": null, "analyses": {"legal": "klar", "risk": "pagar"}});
        assert_eq!(text(lookup(&v, "responsible")), "DIGG");
        assert_eq!(text(lookup(&v, "responsible.slug")), "digg");
        assert_eq!(text(lookup(&v, "title")), "Sök");
        assert_eq!(text(lookup(&v, "tags")), "a, b");
        assert_eq!(text(lookup(&v, "tags.1")), "b");
        assert_eq!(text(lookup(&v, "late")), "yes");
        assert_eq!(text(lookup(&v, "n")), "3");
        assert_eq!(text(lookup(&v, "none")), "");
        assert_eq!(text(lookup(&v, "missing.deeper")), "");
        assert_eq!(text(lookup(&v, "analyses")), "legal: klar, risk: pagar");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let out = csv(&["A", "B"], &[vec!["x, y".into(), "say \"hi\"".into()]]).unwrap();
        assert_eq!(out, "A,B\n\"x, y\",\"say \"\"hi\"\"\"\n");
    }
}
