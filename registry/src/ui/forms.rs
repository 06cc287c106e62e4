//! The forms for the daily work, all made one way. A [`Form`] names the fields it shows by
//! the JSON path of the API input each fills (`title.sv`, `endpointUrls`), the input it starts
//! from (the entry's input as it is now, for an edit), and the command it runs: the same
//! command, rights and validation as the REST API's operation. The API's refusals name input
//! fields, so each message is shown beside the field it is about. An edit carries the version
//! it was opened at, as the API's `If-Match` does, so a change made by someone else meanwhile is
//! reported instead of overwritten.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::layout::shell;
use super::session::{self, FormErrors, Signed};
use super::{respond, Cx, State};
use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::store::{Ctx, DbConnection, Key};

/// How a field is entered and what it gives the input.
pub enum Kind {
    /// One line of text (`""` when empty, or nothing when the field is optional).
    Text,
    Url,
    Date,
    /// A whole number.
    Number,
    /// Several lines of text.
    Area,
    /// A list, one item per line.
    Lines,
    /// A list, items separated by commas.
    Csv,
    /// One of the values (value, label).
    Choice(Vec<(String, String)>),
    /// Any of the values, as checkboxes.
    Multi(Vec<(String, String)>),
    /// Yes or no.
    Check,
}

pub struct Field {
    /// The path of the input field it fills, `.` between names.
    pub name: &'static str,
    pub label: String,
    pub kind: Kind,
    pub hint: Option<String>,
    /// Empty means absent (`null`), not the empty text.
    pub optional: bool,
}

impl Field {
    pub fn new(name: &'static str, label: &str, kind: Kind) -> Field {
        Field {
            name,
            label: label.to_string(),
            kind,
            hint: None,
            optional: false,
        }
    }
    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.to_string());
        self
    }
    pub fn optional(mut self) -> Field {
        self.optional = true;
        self
    }
    /// The element's id (and the error summary's anchor).
    fn id(&self) -> String {
        id_of(self.name)
    }
}

fn id_of(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

/// The choices of an enumeration, labelled in the page's language.
pub fn choices<E: openapi::Labelled + Copy>(cx: &Cx, all: &[E]) -> Vec<(String, String)> {
    all.iter()
        .map(|e| {
            (
                e.slug().to_string(),
                super::layout::label(cx, e).to_string(),
            )
        })
        .collect()
}

/// A form's fields as posted (repeated names, e.g. several themes, kept).
pub struct Posted(pub Vec<(String, String)>);

impl Posted {
    pub fn of(body: &[u8]) -> Posted {
        Posted(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    pub fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }
    fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }
}

fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn set_path(v: &mut Value, path: &str, new: Value) {
    let mut at = v;
    let mut names = path.split('.').peekable();
    while let Some(name) = names.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if names.peek().is_none() {
            map.insert(name.to_string(), new);
            return;
        }
        at = map.entry(name.to_string()).or_insert(Value::Null);
    }
}

/// The input: `base` with each field laid over it as posted. A field not sent at all keeps the
/// base's value, except a checkbox, which a browser leaves out when it is not ticked.
pub fn input_of(fields: &[Field], posted: &Posted, mut base: Value) -> Value {
    let list = |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
    for f in fields {
        let sent = posted.0.iter().any(|(k, _)| k == f.name);
        if !sent && !matches!(f.kind, Kind::Multi(_) | Kind::Check) {
            continue;
        }
        let text = posted.one(f.name);
        let value = match &f.kind {
            Kind::Lines => list(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            Kind::Csv => list(
                text.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            Kind::Multi(_) => list(posted.all(f.name)),
            Kind::Check => Value::Bool(posted.has(f.name, "true")),
            _ if text.is_empty() && f.optional => Value::Null,
            // Not a number stays text, so that the input's own check names the field.
            Kind::Number => text
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(text)),
            _ => Value::String(text),
        };
        set_path(&mut base, f.name, value);
    }
    base
}

/// The form's fields filled from an input (what an edit starts from).
pub fn posted_of(fields: &[Field], input: &Value) -> Posted {
    let mut pairs = vec![];
    for f in fields {
        let name = f.name.to_string();
        match (get_path(input, f.name), &f.kind) {
            (Some(Value::Array(items)), kind) => {
                let items: Vec<String> = items.iter().map(text_of).collect();
                match kind {
                    Kind::Multi(_) => pairs.extend(items.into_iter().map(|i| (name.clone(), i))),
                    Kind::Csv => pairs.push((name, items.join(", "))),
                    _ => pairs.push((name, items.join("\n"))),
                }
            }
            (Some(Value::Bool(b)), _) => {
                if *b {
                    pairs.push((name, "true".into()));
                }
            }
            (Some(v), _) => pairs.push((name, text_of(v))),
            (None, _) => {}
        }
    }
    Posted(pairs)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The form field an input field's path (`title.sv`, `endpointUrls[1]`) is shown beside: the
/// same field, the field holding it, or the first field within it.
fn field_for<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    let path: String = path
        .split('[')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once(']').map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    let path = path.trim_matches('.');
    fields
        .iter()
        .find(|f| f.name == path)
        .or_else(|| {
            fields
                .iter()
                .filter(|f| path.starts_with(&format!("{}.", f.name)))
                .max_by_key(|f| f.name.len())
        })
        .or_else(|| {
            fields
                .iter()
                .find(|f| f.name.starts_with(&format!("{path}.")))
        })
}

/// The messages of a refusal, each by the id of its field (`""`: about the whole form).
fn messages(cx: &Cx, fields: &[Field], e: &Error) -> Vec<(String, String)> {
    let by_field = |path: &str, message: &str| match field_for(fields, path) {
        Some(f) => (f.id(), format!("{}: {message}", f.label)),
        None if path.is_empty() => (String::new(), message.to_string()),
        None => (String::new(), format!("{path}: {message}")),
    };
    match e {
        Error::PreconditionFailed { .. } => vec![(
            String::new(),
            cx.t(
                "Någon annan har ändrat posten sedan du öppnade formuläret, så din ändring sparades inte. Öppna formuläret igen för att se den nya versionen.",
                "Someone else changed the entry after you opened the form, so your change was not saved. Open the form again to see the new version.",
            )
            .to_string(),
        )],
        e => match e.field_errors() {
            Some(list) if !list.is_empty() => list
                .iter()
                .map(|f| by_field(&f.field, &f.message))
                .collect(),
            _ => vec![(String::new(), e.to_string())],
        },
    }
}

/// The message for a value that does not even make an input (a choice not offered, a number
/// that is not one), by the field's kind.
fn shape_message(cx: &Cx, f: &Field, detail: &str) -> String {
    let m = match f.kind {
        Kind::Choice(_) | Kind::Multi(_) => {
            cx.t("välj ett av alternativen", "choose one of the options")
        }
        Kind::Number => cx.t("ange ett heltal", "enter a whole number"),
        Kind::Date => cx.t(
            "ange ett datum som ÅÅÅÅ-MM-DD",
            "enter a date as YYYY-MM-DD",
        ),
        _ => detail,
    };
    format!("{}: {m}", f.label)
}

fn parse<T: DeserializeOwned>(
    cx: &Cx,
    fields: &[Field],
    input: Value,
) -> Result<T, Vec<(String, String)>> {
    serde_path_to_error::deserialize(input).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.inner().to_string();
        vec![match field_for(fields, &path) {
            Some(f) => (f.id(), shape_message(cx, f, &detail)),
            None => (String::new(), format!("{path}: {detail}")),
        }]
    })
}

/// A form of the daily work: what it loads, shows and runs.
pub trait Form: 'static {
    /// What the page needs: the entry as it is, choices.
    type Loaded: Send + 'static;
    /// The API input the form fills.
    type Input: DeserializeOwned + Send + 'static;

    /// Reads what the page needs for the entry the route names (`None` for a new one).
    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<Self::Loaded>;
    fn title(cx: &Cx, l: &Self::Loaded) -> String;
    /// The page the form belongs to (a link back, and where a cancel leads): path and name.
    fn back(cx: &Cx, l: &Self::Loaded) -> (String, String);
    fn fields(cx: &Cx, l: &Self::Loaded) -> Vec<Field>;
    /// The input the fields are laid over: the entry's input as it is, for an edit.
    fn base(l: &Self::Loaded, who: &Signed) -> Value;
    /// The version an edit is made against, sent back with the form.
    fn version(_l: &Self::Loaded) -> Option<i64> {
        None
    }
    /// What is said above the fields.
    fn intro(_cx: &Cx, _l: &Self::Loaded) -> Markup {
        html! {}
    }
    fn submit(cx: &Cx) -> String;
    /// Runs the command (inside one write transaction) and gives the page to go to.
    fn run(c: &mut DbConnection, at: Call<'_>, input: Self::Input) -> Result<String>;
}

/// Who runs a form's command, and on what.
pub struct Call<'a> {
    pub who: &'a Principal,
    pub ctx: &'a Ctx,
    /// The entry the route names (none for a new one).
    pub key: Option<&'a Key>,
    /// The version an edit was opened at.
    pub version: Option<i64>,
}

impl Call<'_> {
    /// Replaces the entry the route names, at the version the edit was opened at, with the
    /// rights of its collection's `PUT` (`store::authz`: the subject of the entry as stored and
    /// of where the input moves it).
    pub fn replace<R: crate::store::crud::Crud>(
        self,
        c: &mut DbConnection,
        resource: domain::permissions::Resource,
        stored: crate::commands::Stored,
        proposed: crate::commands::Proposed<R::Input>,
        input: R::Input,
    ) -> Result<R::Wire> {
        let rights = (resource, stored, proposed);
        let key = required(self.key)?;
        crate::commands::replace::<R>(c, self.who, self.ctx, rights, key, self.version, input)
    }
}

/// The entry a form's route names (`/…/{id}/…`): every form of an entry has one.
pub fn required(key: Option<&Key>) -> Result<&Key> {
    key.ok_or_else(|| Error::field("id", "the page names no entry"))
}

/// 303 to another page of this site (after a form is accepted, or to sign in first).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

/// The way to sign in and come back, for a person who is not signed in.
pub fn sign_in_first(back: &str) -> HttpResponse {
    see_other(&super::href(
        "/logga-in",
        &[("next".into(), back.to_string())],
    ))
}

fn key_of(req: &HttpRequest) -> Option<Key> {
    let info = req.match_info();
    info.get("id").or_else(|| info.get("slug")).map(Key::parse)
}

async fn load<F: Form>(state: &State, req: &HttpRequest) -> Result<F::Loaded> {
    let key = key_of(req);
    state.db.run(move |c| F::load(c, key.as_ref())).await
}

/// The form's page, filled with the entry as it is.
pub async fn show<F: Form>(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let Some(who) = cx.who.clone() else {
        return sign_in_first(req.path());
    };
    match load::<F>(&state, &req).await {
        Ok(l) => {
            let fields = F::fields(&cx, &l);
            let posted = posted_of(&fields, &F::base(&l, &who));
            let page = render::<F>(
                &cx,
                &req,
                &l,
                &fields,
                &posted,
                F::version(&l),
                &FormErrors(vec![]),
            );
            super::html(&cx, StatusCode::OK, page)
        }
        Err(e) => respond(&cx, Err(e)),
    }
}

/// The form sent: the command's result, or the form again with the reasons beside the fields.
pub async fn submit<F: Form>(state: State, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let cx = Cx::of(&req);
    let Some(who) = cx.who.clone() else {
        return sign_in_first(req.path());
    };
    let posted = Posted::of(&body);
    if !session::csrf_ok(&who, &posted.one("csrf")) || !session::same_origin(&req) {
        return respond(&cx, Err(session::forged()));
    }
    let l = match load::<F>(&state, &req).await {
        Ok(l) => l,
        Err(e) => return respond(&cx, Err(e)),
    };
    let fields = F::fields(&cx, &l);
    // An edit is made against the version the form was opened at, never "whatever is there".
    let version = match (F::version(&l), posted.one("version").parse::<i64>()) {
        (None, _) => None,
        (Some(_), Ok(v)) => Some(v),
        (Some(now), Err(_)) => Some(-now.abs() - 1),
    };
    let input = input_of(&fields, &posted, F::base(&l, &who));
    let (status, errors) = match parse::<F::Input>(&cx, &fields, input) {
        Err(errors) => (StatusCode::BAD_REQUEST, errors),
        Ok(input) => {
            let ctx = state.ctx(&who.principal);
            let principal = who.principal.clone();
            let key = key_of(&req);
            let done = state
                .db
                .run(move |c| {
                    crate::store::write(c, |c| {
                        let at = Call {
                            who: &principal,
                            ctx: &ctx,
                            key: key.as_ref(),
                            version,
                        };
                        F::run(c, at, input)
                    })
                })
                .await;
            match done {
                Ok(to) => return see_other(&to),
                Err(e) => {
                    let status = actix_web::ResponseError::status_code(&e);
                    if status.is_server_error() {
                        return respond(&cx, Err(e));
                    }
                    (status, messages(&cx, &fields, &e))
                }
            }
        }
    };
    let page = render::<F>(
        &cx,
        &req,
        &l,
        &fields,
        &posted,
        version,
        &FormErrors(errors),
    );
    super::html(&cx, status, page)
}

fn render<F: Form>(
    cx: &Cx,
    req: &HttpRequest,
    l: &F::Loaded,
    fields: &[Field],
    posted: &Posted,
    version: Option<i64>,
    errors: &FormErrors,
) -> Markup {
    let title = F::title(cx, l);
    let (back, back_name) = F::back(cx, l);
    let Some(who) = &cx.who else {
        return html! {};
    };
    shell(
        cx,
        &errors.title(cx, &title),
        html! {
            (errors.summary(cx))
            p.muted { a href=(back) { (back_name) } }
            h1 { (title) }
            (F::intro(cx, l))
            form.stack method="post" action=(req.path()) novalidate {
                input type="hidden" name="csrf" value=(who.csrf);
                @if let Some(v) = version { input type="hidden" name="version" value=(v); }
                @for f in fields { (field(f, posted, errors)) }
                div.actions {
                    button.primary type="submit" { (F::submit(cx)) }
                    " " a href=(back) { (cx.t("Avbryt", "Cancel")) }
                }
            }
        },
    )
}

/// One field with its label, hint and error.
pub fn field(f: &Field, posted: &Posted, errors: &FormErrors) -> Markup {
    let id = f.id();
    let error = errors.of(&id);
    let hint_id = f.hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.map(|_| format!("{id}-error"));
    let described = [hint_id.clone(), error_id.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let invalid = error.map(|_| "true");
    let value = posted.one(f.name);
    let notes = html! {
        @if let (Some(h), Some(hid)) = (&f.hint, &hint_id) { p.hint id=(hid) { (h) } }
        @if let (Some(e), Some(eid)) = (error, &error_id) { p.error-message id=(eid) { (e) } }
    };
    match &f.kind {
        Kind::Multi(values) => html! {
            fieldset.field.field-error[error.is_some()] id=(id) aria-describedby=[described] {
                legend { (f.label) }
                (notes)
                ul.checks {
                    @for (i, (v, label)) in values.iter().enumerate() {
                        li { label for={ (id) "-" (i) } {
                            input id={ (id) "-" (i) } type="checkbox" name=(f.name) value=(v) checked[posted.has(f.name, v)];
                            " " (label)
                        } }
                    }
                }
            }
        },
        Kind::Check => html! {
            div.field.field-error[error.is_some()] {
                (notes)
                label for=(id) {
                    input id=(id) type="checkbox" name=(f.name) value="true" checked[posted.has(f.name, "true")]
                        aria-describedby=[described] aria-invalid=[invalid];
                    " " (f.label)
                }
            }
        },
        kind => html! {
            div.field.field-error[error.is_some()] {
                label for=(id) { (f.label) }
                (notes)
                @match kind {
                    Kind::Area | Kind::Lines => {
                        textarea id=(id) name=(f.name) rows="4" aria-describedby=[described] aria-invalid=[invalid] { (value) }
                    }
                    Kind::Choice(values) => {
                        select id=(id) name=(f.name) aria-describedby=[described] aria-invalid=[invalid] {
                            @if f.optional { option value="" selected[value.is_empty()] { "–" } }
                            @for (v, label) in values { option value=(v) selected[&value == v] { (label) } }
                        }
                    }
                    other => {
                        @let (kind, mode) = match other {
                            Kind::Url => ("url", None),
                            Kind::Date => ("date", None),
                            Kind::Number => ("text", Some("numeric")),
                            _ => ("text", None),
                        };
                        input id=(id) name=(f.name) type=(kind) inputmode=[mode] value=(value)
                            aria-describedby=[described] aria-invalid=[invalid];
                    }
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Vec<Field> {
        vec![
            Field::new("title.sv", "Namn", Kind::Text),
            Field::new("endpointUrls", "Anslutningar", Kind::Lines),
            Field::new("licence", "Licens", Kind::Url).optional(),
            Field::new("themes", "Teman", Kind::Multi(vec![])),
            Field::new("priority", "Prioritet", Kind::Number),
            Field::new("open", "Öppen", Kind::Check),
        ]
    }

    #[test]
    fn posted_fields_are_laid_over_the_base_by_their_paths() {
        let posted = Posted::of(
            b"title.sv=S%C3%B6k&endpointUrls=https%3A%2F%2Fa%0D%0A%0D%0Ahttps%3A%2F%2Fb&licence=&themes=ECON&themes=GOVE&priority=2",
        );
        let base =
            json!({"title": {"sv": "gammal", "en": "old"}, "publisher": "digg", "open": true});
        let input = input_of(&fields(), &posted, base);
        assert_eq!(
            input,
            json!({"title": {"sv": "Sök", "en": "old"}, "publisher": "digg",
                "endpointUrls": ["https://a", "https://b"], "licence": null,
                "themes": ["ECON", "GOVE"], "priority": 2, "open": false})
        );
    }

    #[test]
    fn an_input_fills_the_form_and_gives_itself_back() {
        let input = json!({"title": {"sv": "Sök"}, "endpointUrls": ["https://a", "https://b"],
            "licence": "https://l", "themes": ["ECON"], "priority": 3, "open": true});
        let posted = posted_of(&fields(), &input);
        assert_eq!(posted.one("endpointUrls"), "https://a\nhttps://b");
        assert_eq!(posted.one("priority"), "3");
        assert_eq!(input_of(&fields(), &posted, json!({})), input);
        // Fields not sent keep what the base has; checkboxes not sent are not ticked.
        let base = json!({"title": {"sv": "gammal"}, "themes": ["GOVE"], "open": true});
        assert_eq!(
            input_of(&fields(), &Posted(vec![]), base),
            json!({"title": {"sv": "gammal"}, "themes": [], "open": false})
        );
    }

    #[test]
    fn the_apis_field_paths_lead_to_the_forms_fields() {
        let f = fields();
        let name = |p: &str| field_for(&f, p).map(|f| f.name);
        assert_eq!(name("title.sv"), Some("title.sv"));
        assert_eq!(name("title"), Some("title.sv"));
        assert_eq!(name("endpointUrls[1]"), Some("endpointUrls"));
        assert_eq!(name("themes[0]"), Some("themes"));
        assert_eq!(name("publisher"), None);
    }
}
