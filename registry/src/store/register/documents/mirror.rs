//! Documents mirrored from other nodes: stored as their origin holds them.

use super::*;

/// Stores a document mirrored from its origin as the origin holds it (its life cycle was
/// followed there), or removes it for a tombstone. What it refers to must be here already;
/// otherwise the change waits.
pub fn mirror(conn: &mut DbConnection, ctx: &Ctx, wire: Option<Document>) -> Result<()> {
    let m = ctx.mirrored()?;
    crate::store::write(conn, |conn| {
        let id = m.id.to_string();
        let old = match find(conn, &Key::Id(id.clone())) {
            Ok(old) => Some(old.wire(conn)?),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let Some(w) = wire else {
            if let Some(before) = old {
                diesel::delete(t::documents.filter(t::id.eq(&id))).execute(conn)?;
                changes::deleted(conn, ctx, ENTITY, &before)?;
            }
            return Ok(());
        };
        let document = |conn: &mut DbConnection, field: &str, r: &Option<EntryRef>| {
            r.as_ref()
                .map(|r| match find(conn, &Key::Id(r.id.to_string())) {
                    Ok(d) => Ok(d.id),
                    Err(Error::NotFound { .. }) => Err(Error::field(
                        field,
                        format!("no document with id '{}'", r.id),
                    )),
                    Err(e) => Err(e),
                })
                .transpose()
        };
        let organisation = |conn: &mut DbConnection, field: &str, r: &EntryRef| {
            refs::organisations::resolve(conn, field, &r.id.to_string())
        };
        let row = Row {
            parent_id: document(conn, "parent", &w.parent)?,
            replaces_id: document(conn, "replaces", &w.replaces)?,
            scope_kind: w.scope.kind.as_str().to_string(),
            scope_subject_id: scope::resolve(
                conn,
                &openapi::ScopeInput {
                    kind: w.scope.kind,
                    subject: w.scope.subject.as_ref().map(|s| s.id.to_string()),
                },
            )?,
            author_organisation_id: organisation(
                conn,
                "authorOrganisation",
                &w.author_organisation,
            )?,
            deciding_organisation_id: w
                .deciding_organisation
                .as_ref()
                .map(|o| organisation(conn, "decidingOrganisation", o))
                .transpose()?,
            title: w.title,
            level: w.level,
            status: w.status.as_str().to_string(),
            decided_date: w.decided_date,
            document_version: w.document_version,
            link: w.link,
            presented_date: w.presented_date,
            repealed_date: w.repealed_date,
            identity_id: w.identity.to_string(),
            level2_author_roles: entry::to_json(&w.level2_author_roles)?,
            presented_meeting_id: match &w.presented_at {
                Some(m) => Some(
                    crate::store::forum_meetings::resolve(conn, "presentedAt", &m.id.to_string())?
                        .0,
                ),
                None => None,
            },
            ..Row::mirrored(m)
        };
        match old {
            Some(before) => {
                diesel::update(t::documents.filter(t::id.eq(&id)))
                    .set(&row)
                    .execute(conn)?;
                let after = row.wire(conn)?;
                changes::updated(conn, ctx, ENTITY, &before, &after)
            }
            None => {
                diesel::insert_into(t::documents)
                    .values(&row)
                    .execute(conn)?;
                let after = row.wire(conn)?;
                changes::created(conn, ctx, ENTITY, &after)
            }
        }
    })
}
