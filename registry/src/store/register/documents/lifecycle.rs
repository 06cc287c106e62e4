//! The life cycle of a governing document: presented, decided, repealed, and new versions
//! that supersede the decided one (the steps are `domain::documents`' table).

use super::*;
use crate::store::role_assignments::holder;

/// One life-cycle step on the document `key`: the status after it, or a 409 naming `field`.
fn stepped(row: &Row, step: Step, field: &str) -> Result<DocumentStatus> {
    rules::step(row.level, entry::parse_enum(&row.status)?, step)
        .map_err(|m| Error::conflict(field, m))
}

/// A step that needs nothing but the document: checks it against the life-cycle table, lets
/// `change` check and set the step's own fields, and saves.
fn simple_step(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    step: Step,
    change: impl FnOnce(&mut DbConnection, &mut Row) -> Result<()>,
) -> Result<Document> {
    crate::store::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        let status = stepped(&old, step, "status")?;
        old.amend(conn, ctx, |conn, r| {
            change(conn, r)?;
            r.status = status.as_str().into();
            Ok(())
        })
    })
}

/// Presented at a meeting of the cross-functional competence forum (001 §4.2.1), whose date
/// is the presentation's.
pub fn present(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentPresentationInput,
) -> Result<Document> {
    simple_step(conn, ctx, key, Step::Present, |conn, row| {
        let (meeting, level, date) =
            crate::store::forum_meetings::resolve(conn, "meeting", &i.meeting)?;
        if let Some(p) = domain::forums::presentation_forum_problem(level) {
            return Err(Error::conflict("meeting", p));
        }
        row.presented_date = Some(date);
        row.presented_meeting_id = Some(meeting);
        Ok(())
    })
}

/// Decided by `decidingOrganisation`; a new version's decision supersedes the version it
/// replaces.
pub fn decide(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentDecisionInput,
) -> Result<Document> {
    crate::store::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        let deciding =
            refs::organisations::resolve(conn, "decidingOrganisation", &i.deciding_organisation)?;
        let mut e = ::domain::Errors::default();
        let status = match stepped(&old, Step::Decide, "status") {
            Ok(s) => Some(s),
            Err(Error::Conflict { errors, .. }) => {
                e.0.extend(errors);
                None
            }
            Err(other) => return Err(other),
        };
        let owner = holder(conn, ctx.origin(), Role::Infrastrukturansvarig, None)?;
        let area_owner = match (old.scope_kind.as_str(), &old.scope_subject_id) {
            ("kompetensomrade", Some(area)) => holder(
                conn,
                ctx.origin(),
                Role::Kompetensomradesansvarig,
                Some(area),
            )?,
            _ => None,
        };
        if let Some(p) = rules::decider_problem(
            old.level,
            &deciding,
            &old.author_organisation_id,
            owner.as_deref(),
            area_owner.as_deref(),
        ) {
            e.add("decidingOrganisation", p);
        }
        if let Some(p) = rules::date_problem(old.presented_date, i.decided_date, "presented") {
            e.add("decidedDate", p);
        }
        let Some(status) = status.filter(|_| e.0.is_empty()) else {
            let detail =
                e.0.iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; ");
            return Err(Error::Conflict {
                detail,
                errors: e.0,
            });
        };
        // The version this one replaces is superseded, if it is still in force.
        if let Some(prev) = old.replaces_id.clone() {
            let prev = find(conn, &Key::Id(prev))?;
            if rules::in_force(entry::parse_enum(&prev.status)?) {
                prev.amend(conn, ctx, |_, r| {
                    r.status = DocumentStatus::Ersatt.as_str().into();
                    Ok(())
                })?;
            }
        }
        // What the decision register records of it, which the step does not change.
        let row = old.clone();
        let wire = old.amend(conn, ctx, |_, r| {
            r.status = status.as_str().into();
            r.decided_date = Some(i.decided_date);
            r.deciding_organisation_id = Some(deciding.clone());
            Ok(())
        })?;
        // The infrastructure owner's document decisions are in its decision register (001
        // §4.2.1: it decides every level-1 document); others decide their own documents.
        if owner.as_deref() == Some(deciding.as_str()) {
            crate::store::decisions::record(
                conn,
                ctx,
                crate::store::decisions::Recorded {
                    kind: openapi::DecisionKind::Dokumentbeslut,
                    date: i.decided_date,
                    reference: row.document_version.clone(),
                    decider: deciding,
                    scope: (
                        entry::parse_enum(&row.scope_kind)?,
                        row.scope_subject_id.clone(),
                    ),
                    text: format!(
                        "Styrande dokument på nivå {} beslutat: {}",
                        row.level, row.title
                    ),
                    record: ("documents", &row.id),
                    source: None,
                },
            )?;
        }
        Ok(wire)
    })
}

/// Repealed: no longer in force, with no newer version.
pub fn repeal(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentRepealInput,
) -> Result<Document> {
    simple_step(conn, ctx, key, Step::Repeal, |_, row| {
        if let Some(p) = rules::date_problem(row.decided_date, i.repealed_date, "decided") {
            return Err(Error::conflict("repealedDate", p));
        }
        row.repealed_date = Some(i.repealed_date);
        Ok(())
    })
}

/// A new version of a decided document: a draft with its identity, level, parent, scope and
/// author, that replaces it once decided. One pending version at a time.
pub fn new_version(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentVersionInput,
) -> Result<Document> {
    let mut e = ::domain::Errors::default();
    if let Some(t) = &i.title {
        if t.trim().is_empty() || t.chars().count() > 300 {
            e.add("title", "must be 1 to 300 characters");
        }
    }
    if i.document_version.trim().is_empty() || i.document_version.chars().count() > 300 {
        e.add("documentVersion", "must be 1 to 300 characters");
    }
    if let Some(p) = i.link.as_deref().and_then(domain::identifiers::url_problem) {
        e.add("link", p);
    }
    e.into_result()?;
    crate::store::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        if let Some(p) = rules::new_version_problem(entry::parse_enum(&old.status)?) {
            return Err(Error::conflict("status", p));
        }
        let pending: Option<String> = t::documents
            .select(t::id)
            .filter(t::replaces_id.eq(&old.id))
            .first(conn)
            .optional()?;
        if let Some(p) = pending {
            return Err(Error::conflict(
                "id",
                format!("the document already has a newer version, {p}; change that one"),
            ));
        }
        // The author must still be allowed to write this level under this parent.
        let author = &old.author_organisation_id;
        if let Some(p) = author_problem(conn, old.level, author, &old.parent_id)? {
            return Err(Error::conflict("authorOrganisation", p));
        }
        let mut row = Row::default();
        row.stamp_new(ctx, ENTITY, ctx.new_id());
        row.status = DocumentStatus::Utkast.as_str().to_string();
        row.identity_id = old.identity_id.clone();
        row.replaces_id = Some(old.id.clone());
        row.title = i.title.unwrap_or_else(|| old.title.clone());
        row.level = old.level;
        row.parent_id = old.parent_id.clone();
        row.scope_kind = old.scope_kind.clone();
        row.scope_subject_id = old.scope_subject_id.clone();
        row.author_organisation_id = old.author_organisation_id.clone();
        row.level2_author_roles = old.level2_author_roles.clone();
        row.document_version = Some(i.document_version);
        row.link = i.link.or(old.link);
        row.insert(conn)?;
        let wire = row.wire(conn)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}
