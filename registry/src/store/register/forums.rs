//! The coordination forums (001 §4.1.2.2, §4.1.3) and their members.

use diesel::prelude::*;
use openapi::{Forum, ForumInput, ForumLevel};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::refs;
use crate::store::refs::OrganisationLinks;
use crate::store::schema::forum_members::dsl as m;
use crate::store::schema::forums::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "forums";

stored_row! {
    forums, "forum", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub level: String,
        pub convener_id: String,
        pub purpose: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

row_wire! {
    Forum;
    organisations listed in m::forum_members(forum_id, organisation_id)
    and named by [convener_id];

    fn to_wire(&self, links: &OrganisationLinks) -> Result<Forum> {
        Ok(Forum {
            meta: self.meta()?,
            slug: self.slug.clone(),
            name: self.name.clone(),
            level: entry::parse_enum(&self.level)?,
            convener: refs::one(&links.organisations, &self.convener_id)?,
            members: links.listed(&self.id),
            purpose: self.purpose.clone(),
            source: self.source.clone(),
        })
    }
}

entry_list! {
    forums => Forum;
    level: ForumLevel = level.as_str(),
    /// Id or slug of a member organisation.
    member in organisations: String => |query, id| {
        let forums = m::forum_members
            .filter(m::organisation_id.eq(id.clone()))
            .select(m::forum_id);
        query.filter(t::id.eq_any(forums))
    },
}

/// The level and name of the forum `id`.
pub(in crate::store) fn level_and_name(
    conn: &mut DbConnection,
    id: &str,
) -> Result<(ForumLevel, String)> {
    let (level, name): (String, String) = t::forums
        .select((t::level, t::name))
        .filter(t::id.eq(id))
        .first(conn)?;
    Ok((entry::parse_enum(&level)?, name))
}

/// An input with its references resolved to ids.
pub struct Resolved {
    input: ForumInput,
    convener: String,
    members: Vec<String>,
}

impl Crud for Row {
    type Input = ForumInput;
    type Resolved = Resolved;

    /// A unique slug; convened by the infrastructure owner; one cross-functional forum.
    fn resolve(conn: &mut DbConnection, ctx: &Ctx, id: &str, i: ForumInput) -> Result<Resolved> {
        slug_free!(conn, forums, ctx, id, &i.slug);
        let convener = refs::organisations::resolve(conn, "convener", &i.convener)?;
        let members = refs::organisations::resolve_all(conn, "members", &i.members)?;
        // A mirror stores the origin's forum as it is: the origin applied its rules.
        if ctx.mirror.is_none() {
            let owner = crate::store::decisions::owner(conn, ctx)?;
            if let Some(p) = domain::forums::convener_problem(&convener, owner.as_deref()) {
                return Err(Error::conflict("convener", p));
            }
            let others: i64 = t::forums
                .filter(t::origin.eq(ctx.origin()))
                .filter(t::level.eq(i.level.as_str()))
                .filter(t::id.ne(id))
                .count()
                .get_result(conn)?;
            if let Some(p) = domain::forums::second_cross_functional_problem(i.level, others) {
                return Err(Error::conflict("level", p));
            }
        }
        Ok(Resolved {
            input: i,
            convener,
            members,
        })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        self.slug = i.slug.clone();
        self.name = i.name.clone();
        self.level = i.level.as_str().to_string();
        self.convener_id = r.convener.clone();
        self.purpose = i.purpose.clone();
        self.source = i.source.clone();
        Ok(())
    }

    fn write_links(&self, conn: &mut DbConnection, r: &Resolved, replacing: bool) -> Result<()> {
        write_join_rows!(
            conn,
            m::forum_members,
            m::forum_id,
            &self.id,
            m::organisation_id,
            &r.members,
            replacing
        );
        Ok(())
    }
}
