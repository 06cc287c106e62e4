//! The meetings of the forums: date, agenda and minutes, and the documents presented there.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{EntryRef, ForumMeeting, ForumMeetingInput};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::refs;
use crate::store::schema::documents::dsl as d;
use crate::store::schema::forum_meetings::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "forum-meetings";

stored_row! {
    forum_meetings, "forum meeting";
    pub struct Row {
        pub forum_id: String,
        pub meeting_date: chrono::NaiveDate,
        pub agenda: String,
        pub minutes_reference: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

/// The forums of a page of meetings and the documents presented at each.
pub struct Named {
    forums: HashMap<String, EntryRef>,
    presented: HashMap<String, Vec<EntryRef>>,
}

impl ToWire for Row {
    type Wire = ForumMeeting;
    type Refs = Named;

    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Named> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let shown: Vec<(String, Option<String>)> = d::documents
            .select((d::id, d::presented_meeting_id))
            .filter(d::presented_meeting_id.eq_any(&ids))
            .order(d::id)
            .load(conn)?;
        let docs = refs::documents(conn, &refs::distinct(&shown, |(id, _)| [id]))?;
        let mut presented: HashMap<String, Vec<EntryRef>> = HashMap::new();
        for (doc, meeting) in &shown {
            if let Some(m) = meeting {
                presented
                    .entry(m.clone())
                    .or_default()
                    .push(refs::one(&docs, doc)?);
            }
        }
        Ok(Named {
            forums: refs::forums::refs(conn, &refs::distinct(rows, |r| [&r.forum_id]))?,
            presented,
        })
    }

    fn to_wire(&self, n: &Named) -> Result<ForumMeeting> {
        Ok(ForumMeeting {
            meta: self.meta()?,
            forum: refs::one(&n.forums, &self.forum_id)?,
            meeting_date: self.meeting_date,
            agenda: self.agenda.clone(),
            minutes_reference: self.minutes_reference.clone(),
            presented: n.presented.get(&self.id).cloned().unwrap_or_default(),
            source: self.source.clone(),
        })
    }
}

entry_list! {
    forum_meetings => ForumMeeting;
    /// Id or slug, as the client sent it.
    forum in forums: String = forum_id,
    year: i32 => |query, year| in_year!(query, t::meeting_date, *year),
}

/// The meeting a client names (its id) in `field`, with its forum's level and its date.
pub(in crate::store) fn resolve(
    conn: &mut DbConnection,
    field: &str,
    reference: &str,
) -> Result<(String, openapi::ForumLevel, chrono::NaiveDate)> {
    let found: Option<(String, String, chrono::NaiveDate)> = match Key::parse(reference) {
        Key::Id(id) => t::forum_meetings
            .select((t::id, t::forum_id, t::meeting_date))
            .filter(t::id.eq(id))
            .first(conn)
            .optional()?,
        Key::Slug(_) => None,
    };
    let Some((id, forum, date)) = found else {
        return Err(crate::error::Error::unknown_reference(
            field,
            format!("no forum meeting with id '{reference}'"),
        ));
    };
    let (level, _) = super::forums::level_and_name(conn, &forum)?;
    Ok((id, level, date))
}

/// An input with its forum resolved to an id.
pub struct Resolved {
    input: ForumMeetingInput,
    forum: String,
}

impl Crud for Row {
    type Input = ForumMeetingInput;
    type Resolved = Resolved;

    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        _id: &str,
        i: ForumMeetingInput,
    ) -> Result<Resolved> {
        let forum = refs::forums::resolve(conn, "forum", &i.forum)?;
        Ok(Resolved { input: i, forum })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        self.forum_id = r.forum.clone();
        self.meeting_date = i.meeting_date;
        self.agenda = i.agenda.clone();
        self.minutes_reference = i.minutes_reference.clone();
        self.source = i.source.clone();
        Ok(())
    }
}
