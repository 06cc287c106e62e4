//! The shapes of the register's strings, named once and stated in the document exactly as the
//! domain's validation checks them (`domain::validate`, `domain::identifiers`), so a client
//! generated from the document refuses what the server would refuse.
//!
//! Each is a component of the document referred to from the input fields with
//! `#[schema(value_type = …)]`; the Rust fields stay `String`.

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

/// The characters no text of the register may hold (controls but tab, LF and CR; U+FFFE,
/// U+FFFF), as a class body of an ECMA-262 pattern: a shape with a pattern of its own states
/// it too, and the document's other strings get `TEXT_PATTERN`.
macro_rules! controls {
    () => {
        r"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF"
    };
}

/// White space as Rust's `char::is_whitespace` sees it, which the domain's checks use: ECMA's
/// `\s` and NEL (U+0085), which ECMA-262 does not count.
macro_rules! spaces {
    () => {
        r"\s\u0085"
    };
}

/// A pattern for a text that is not only white space, and holds no character `controls!`
/// names.
macro_rules! not_blank {
    () => {
        concat!(
            "^[^",
            controls!(),
            "]*[^",
            spaces!(),
            controls!(),
            "][^",
            controls!(),
            "]*$"
        )
    };
}

/// What no text of the register may hold, as the pattern of a plain text: `http::docs` gives
/// it to every string of the document without a pattern of its own.
pub const TEXT_PATTERN: &str = concat!("^[^", controls!(), "]*$");

/// A named component of the document: the schema `$schema` builds from the description,
/// under the type's name, with the components it refers to.
macro_rules! component {
    ($(#[doc = $doc:literal])* $name:ident, |$description:ident| $schema:expr $(, refers to $sub:ident)?) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let doc: &[&str] = &[$($doc.trim()),*];
                let $description = Some(doc.join(" "));
                $schema.into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            $(fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                use utoipa::PartialSchema;
                schemas.push((stringify!($sub).into(), $sub::schema()));
            })?
        }
    };
}

macro_rules! string_shape {
    ($(#[doc = $doc:literal])* $name:ident { $($key:ident: $value:expr),* $(,)? }) => {
        component! {
            $(#[doc = $doc])* $name, |description| ObjectBuilder::new()
                .schema_type(Type::String)
                .description(description)
                $(.$key(Some($value)))*
        }
    };
}

string_shape! {
    /// ASCII kebab-case, 1 to 100 characters: lower-case letters, digits and single hyphens
    /// between them (å, ä → a, ö → o); not a UUID.
    Slug { min_length: 1, max_length: 100, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" }
}

string_shape! {
    /// A name or a short text: at most 300 characters, not only white space.
    Name { min_length: 1, max_length: 300, pattern: not_blank!() }
}

string_shape! {
    /// A longer text: at most 20 000 characters.
    Text { max_length: 20_000 }
}

string_shape! {
    /// Where an entry's facts come from: a report and its section, at most 500 characters,
    /// not only white space.
    Source { min_length: 1, max_length: 500, pattern: not_blank!() }
}

string_shape! {
    /// An absolute http or https URL of at most 2000 characters, without white space.
    HttpUrl { max_length: 2000, pattern: concat!("^https?://[^/", spaces!(), controls!(), "][^", spaces!(), controls!(), "]*$") }
}

string_shape! {
    /// An absolute IRI: a scheme, a colon, and no white space, quotes, angle or curly
    /// brackets, `|`, `\`, `^` or backquote; at most 2000 characters.
    Iri { max_length: 2000, pattern: concat!("^[A-Za-z][A-Za-z0-9+.-]*:[^", spaces!(), controls!(), "<>\"{}|\\^`]+$") }
}

string_shape! {
    /// A Swedish organisation number, `NNNNNN-NNNN`; the last digit is a Luhn check digit
    /// over the first nine (a wrong one is refused with 422).
    OrganisationNumber { pattern: "^[0-9]{6}-[0-9]{4}$" }
}

string_shape! {
    /// An email address: a local part, `@`, and a dotted domain; no white space; at most
    /// 254 characters.
    Email { max_length: 254, pattern: concat!("^[^@", spaces!(), controls!(), "]+@[^@.", spaces!(), controls!(), "][^@", spaces!(), controls!(), "]*\\.[^@", spaces!(), controls!(), "]*[^@.", spaces!(), controls!(), "]$") }
}

string_shape! {
    /// A telephone number: digits, spaces, `-`, `(` and `)`, optionally led by `+`; 3 to 40
    /// characters.
    Telephone { max_length: 40, pattern: "^[+]?[0-9][0-9 ()-]{1,38}[0-9]$" }
}

string_shape! {
    /// An entry named by its id (a UUID) or its slug. One that names no entry is refused
    /// with 409 (`unknown-reference`).
    Reference { min_length: 1, max_length: 100 }
}

string_shape! {
    /// The id of an entry: a UUID.
    EntryId { format: utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid) }
}

string_shape! {
    /// A keyword: 1 to 100 characters, not only white space.
    Keyword { min_length: 1, max_length: 100, pattern: not_blank!() }
}

string_shape! {
    /// A longer text that must say something: 1 to 20 000 characters, not only white space.
    LongText { min_length: 1, max_length: 20_000, pattern: not_blank!() }
}

string_shape! {
    /// A client id or secret: 1 to 500 characters.
    Secret { min_length: 1, max_length: 500 }
}

macro_rules! localized_shape {
    ($(#[doc = $doc:literal])* $name:ident { sv: $sv:ident, en: $en:expr }) => {
        component! {
            $(#[doc = $doc])* $name, |description| ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(description)
                .property("sv", utoipa::openapi::Ref::from_schema_name(stringify!($sv)))
                .required("sv")
                .property(
                    "en",
                    ObjectBuilder::new().schema_type(Type::String).max_length(Some($en)),
                )
                .additional_properties(Some(
                    utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                )),
            refers to $sv
        }
    };
}

localized_shape! {
    /// A title in Swedish (required) and English (empty when not translated).
    LocalizedName { sv: Name, en: 300 }
}

component! {
    /// An API's title in Swedish and English, each at most 300 characters: one of the two
    /// (an imported service may be titled in English only); neither is refused with 422.
    LocalizedTitle, |description| ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(description)
        .property("sv", ObjectBuilder::new().schema_type(Type::String).max_length(Some(300)))
        .property("en", ObjectBuilder::new().schema_type(Type::String).max_length(Some(300)))
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ))
}

localized_shape! {
    /// A text in Swedish and English (either empty when not written).
    LocalizedText { sv: Text, en: 20_000 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;

    #[test]
    fn each_shape_is_a_string_with_its_bounds() {
        let slug = serde_json::to_value(Slug::schema()).unwrap();
        assert_eq!(slug["type"], "string");
        assert_eq!(slug["maxLength"], 100);
        assert!(slug["description"]
            .as_str()
            .unwrap()
            .starts_with("ASCII kebab-case"));
    }
}
