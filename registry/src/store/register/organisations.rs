use diesel::prelude::*;
use openapi::{Organisation, OrganisationInput, OrganisationKind};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::schema::organisations::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "organisations";

stored_row! {
    organisations, "organisation", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub short_name: Option<String>,
        pub kind: String,
        pub organisation_number: Option<String>,
        pub preparedness_agency: bool,
        pub website: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

row_wire! {
    Organisation;
    names nothing;

    fn to_wire(&self, _: &()) -> Result<Organisation> {
        Ok(Organisation {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: entry::parse_enum(&self.kind)?,
            organisation_number: self.organisation_number.clone(),
            preparedness_agency: self.preparedness_agency,
            website: self.website.clone(),
        })
    }
}

entry_list! {
    organisations => Organisation;
    kind: OrganisationKind = kind.as_str(),
    /// Part of the name or slug.
    q: String => |query, s| query.filter(name_or_slug!(s)),
    organisation_number: String = organisation_number,
    /// Preparedness agencies (000's indicator 2 counts them), or the others.
    preparedness_agency: bool = preparedness_agency,
}

impl Crud for Row {
    type Input = OrganisationInput;
    type Resolved = OrganisationInput;

    /// The slug and the organisation number must be free within the origin.
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: OrganisationInput,
    ) -> Result<OrganisationInput> {
        slug_free!(conn, organisations, ctx, id, &i.slug);
        if let Some(n) = &i.organisation_number {
            let same_number: i64 = t::organisations
                .filter(t::origin.eq(ctx.origin()))
                .filter(t::organisation_number.eq(n))
                .filter(t::id.ne(id))
                .count()
                .get_result(conn)?;
            if same_number > 0 {
                return Err(Error::conflict(
                    "organisationNumber",
                    format!("another organisation has the number {n}"),
                ));
            }
        }
        Ok(i)
    }

    fn set(&mut self, i: &OrganisationInput) -> Result<()> {
        let i = i.clone();
        self.source = i.source.clone();
        self.slug = i.slug;
        self.name = i.name;
        self.short_name = i.short_name;
        self.kind = i.kind.as_str().to_string();
        self.organisation_number = i.organisation_number;
        self.preparedness_agency = i.preparedness_agency;
        self.website = i.website;
        Ok(())
    }
}

/// The slug of the organisation with this id.
pub fn slug_of(conn: &mut DbConnection, id: &str) -> Result<String> {
    Ok(organisations::table
        .find(id)
        .select(organisations::slug)
        .first(conn)?)
}

/// The `(id, slug)` of the organisation of this node (`origin`) that a token names: by
/// organisation number (with or without the dash), else by slug or id. Mirrored organisations
/// do not act here.
pub fn find_by_name_or_number(
    conn: &mut DbConnection,
    origin: &str,
    named: &str,
) -> Result<Option<(String, String)>> {
    let digits: String = named.chars().filter(|c| c.is_ascii_digit()).collect();
    let looks_like_number =
        digits.len() == 10 && named.chars().all(|c| c.is_ascii_digit() || c == '-');
    let q = organisations::table
        .select((organisations::id, organisations::slug))
        .filter(organisations::origin.eq(origin.to_string()))
        .into_boxed();
    let q = if looks_like_number {
        q.filter(organisations::organisation_number.eq(format!(
            "{}-{}",
            &digits[..6],
            &digits[6..]
        )))
    } else {
        match Key::parse(named) {
            Key::Id(id) => q.filter(organisations::id.eq(id)),
            Key::Slug(s) => q.filter(organisations::slug.eq(s)),
        }
    };
    Ok(q.order(organisations::id).first(conn).optional()?)
}

/// The organisation and every other entry with its organisation number: one agency as the
/// nodes that record it each have it (nodes recognise the same agency by its number).
pub fn same_agency(conn: &mut DbConnection, id: &str) -> Result<Vec<String>> {
    let number: Option<Option<String>> = t::organisations
        .filter(t::id.eq(id))
        .select(t::organisation_number)
        .first(conn)
        .optional()?;
    match number.flatten() {
        Some(n) => Ok(t::organisations
            .filter(t::organisation_number.eq(n))
            .select(t::id)
            .order(t::id)
            .load(conn)?),
        None => Ok(vec![id.to_string()]),
    }
}
