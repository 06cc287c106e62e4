//! The whole register as one JSON document (`registry export` / `registry import`): every
//! row of every table, ids, versions, timestamps and the change log included, so that a
//! restore — on either backend — loses nothing.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::schema::*;
use super::{
    apis as api, base_data_domains as bdd, benefits as ben, building_blocks as bb,
    competence_areas as ca, decisions as dec, documents as doc, funding_needs as fn_,
    idea_candidates as ic, milestones as ms, organisations as org, phase_decisions as pd,
    plans as pl, role_assignments as ra,
};
use super::{changes::ChangeRow, DbConnection};
use super::{
    connections as con, indicator_years as iy, service_reports as sr, shared_services as ss,
};
use super::{forum_meetings as fm, forums as fo};
use crate::error::{Error, Result};

pub const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Backup {
    pub format: u32,
    pub organisations: Vec<org::Row>,
    pub building_blocks: Vec<bb::Row>,
    pub building_block_dependencies: Vec<(String, String)>,
    pub base_data_domains: Vec<bdd::Row>,
    pub base_data_domain_producers: Vec<(String, String)>,
    pub competence_areas: Vec<ca::Row>,
    pub competence_area_contributors: Vec<(String, String)>,
    pub role_assignments: Vec<ra::Row>,
    pub documents: Vec<doc::Row>,
    pub plans: Vec<pl::Row>,
    pub milestones: Vec<ms::Row>,
    pub funding_needs: Vec<fn_::Row>,
    pub benefits: Vec<ben::Row>,
    pub benefit_building_blocks: Vec<(String, String)>,
    #[serde(default)]
    pub phase_decisions: Vec<pd::Row>,
    #[serde(default)]
    pub milestone_moves: Vec<ms::MoveRow>,
    #[serde(default)]
    pub idea_candidates: Vec<ic::Row>,
    #[serde(default)]
    pub decisions: Vec<dec::Row>,
    #[serde(default)]
    pub forums: Vec<fo::Row>,
    #[serde(default)]
    pub forum_members: Vec<(String, String)>,
    #[serde(default)]
    pub forum_meetings: Vec<fm::Row>,
    #[serde(default)]
    pub shared_services: Vec<ss::Row>,
    #[serde(default)]
    pub connections: Vec<con::Row>,
    #[serde(default)]
    pub service_reports: Vec<sr::Row>,
    #[serde(default)]
    pub indicator_years: Vec<iy::Row>,
    pub changes: Vec<ChangeRow>,
    /// OAuth clients of the built-in issuer (hashes only). The node's signing keys are not
    /// in a backup: a restored node makes a new key, and tokens signed before stop working.
    #[serde(default)]
    pub oauth_clients: Vec<super::clients::ClientRow>,
    /// People's accounts of the built-in issuer (hashes only); sessions are not kept.
    #[serde(default)]
    pub accounts: Vec<super::accounts::AccountRow>,
    /// The peers this node pulls from, with their cursors, never with their client secrets.
    #[serde(default)]
    pub peers: Vec<super::peers::Row>,
    #[serde(default)]
    pub apis: Vec<api::Row>,
    #[serde(default)]
    pub api_building_blocks: Vec<(String, String)>,
    #[serde(default)]
    pub api_themes: Vec<(String, String)>,
    #[serde(default)]
    pub api_documents: Vec<ApiDocumentRow>,
    /// Datasets of imported catalogues: (IRI, publisher id, description, updated at).
    #[serde(default)]
    pub catalog_datasets: Vec<(String, String, String, chrono::NaiveDateTime)>,
    /// Descriptions of what imported services and datasets refer to: (IRI, description,
    /// updated at).
    #[serde(default)]
    pub catalog_terms: Vec<(String, String, chrono::NaiveDateTime)>,
}

/// One stored version of an API's OpenAPI document.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = api_documents)]
#[serde(rename_all = "camelCase")]
pub struct ApiDocumentRow {
    pub api_id: String,
    pub number: i32,
    pub created_at: chrono::NaiveDateTime,
    pub spec_version: String,
    pub source: String,
    pub source_url: Option<String>,
    pub content: String,
    pub checks: String,
}

impl Backup {
    pub fn entries(&self) -> usize {
        self.organisations.len()
            + self.building_blocks.len()
            + self.base_data_domains.len()
            + self.competence_areas.len()
            + self.role_assignments.len()
            + self.documents.len()
            + self.plans.len()
            + self.milestones.len()
            + self.funding_needs.len()
            + self.benefits.len()
            + self.phase_decisions.len()
            + self.idea_candidates.len()
            + self.decisions.len()
            + self.forums.len()
            + self.forum_meetings.len()
            + self.shared_services.len()
            + self.connections.len()
            + self.service_reports.len()
            + self.indicator_years.len()
            + self.apis.len()
    }
}

/// Reads everything in one transaction, so the copy is consistent.
pub fn export(conn: &mut DbConnection) -> Result<Backup> {
    conn.transaction(|c| {
        Ok(Backup {
            format: FORMAT,
            organisations: organisations::table
                .select(org::Row::as_select())
                .order(organisations::id)
                .load(c)?,
            building_blocks: building_blocks::table
                .select(bb::Row::as_select())
                .order(building_blocks::id)
                .load(c)?,
            building_block_dependencies: building_block_dependencies::table
                .order((
                    building_block_dependencies::block_id,
                    building_block_dependencies::depends_on_id,
                ))
                .load(c)?,
            base_data_domains: base_data_domains::table
                .select(bdd::Row::as_select())
                .order(base_data_domains::id)
                .load(c)?,
            base_data_domain_producers: base_data_domain_producers::table
                .order((
                    base_data_domain_producers::domain_id,
                    base_data_domain_producers::organisation_id,
                ))
                .load(c)?,
            competence_areas: competence_areas::table
                .select(ca::Row::as_select())
                .order(competence_areas::id)
                .load(c)?,
            competence_area_contributors: competence_area_contributors::table
                .order((
                    competence_area_contributors::area_id,
                    competence_area_contributors::organisation_id,
                ))
                .load(c)?,
            role_assignments: role_assignments::table
                .select(ra::Row::as_select())
                .order(role_assignments::id)
                .load(c)?,
            // Parents before children, so that a restore satisfies the foreign key in order.
            documents: documents::table
                .select(doc::Row::as_select())
                .order((documents::level, documents::id))
                .load(c)?,
            plans: plans::table
                .select(pl::Row::as_select())
                .order(plans::id)
                .load(c)?,
            milestones: milestones::table
                .select(ms::Row::as_select())
                .order(milestones::id)
                .load(c)?,
            funding_needs: funding_needs::table
                .select(fn_::Row::as_select())
                .order(funding_needs::id)
                .load(c)?,
            benefits: benefits::table
                .select(ben::Row::as_select())
                .order(benefits::id)
                .load(c)?,
            benefit_building_blocks: benefit_building_blocks::table
                .order((
                    benefit_building_blocks::benefit_id,
                    benefit_building_blocks::building_block_id,
                ))
                .load(c)?,
            phase_decisions: phase_decisions::table
                .select(pd::Row::as_select())
                .order(phase_decisions::id)
                .load(c)?,
            milestone_moves: milestone_moves::table
                .select(ms::MoveRow::as_select())
                .order(milestone_moves::id)
                .load(c)?,
            idea_candidates: idea_candidates::table
                .select(ic::Row::as_select())
                .order(idea_candidates::id)
                .load(c)?,
            decisions: decisions::table
                .select(dec::Row::as_select())
                .order(decisions::id)
                .load(c)?,
            forums: forums::table
                .select(fo::Row::as_select())
                .order(forums::id)
                .load(c)?,
            forum_members: forum_members::table
                .order((forum_members::forum_id, forum_members::organisation_id))
                .load(c)?,
            forum_meetings: forum_meetings::table
                .select(fm::Row::as_select())
                .order(forum_meetings::id)
                .load(c)?,
            shared_services: shared_services::table
                .select(ss::Row::as_select())
                .order(shared_services::id)
                .load(c)?,
            connections: connections::table
                .select(con::Row::as_select())
                .order(connections::id)
                .load(c)?,
            service_reports: service_reports::table
                .select(sr::Row::as_select())
                .order(service_reports::id)
                .load(c)?,
            indicator_years: indicator_years::table
                .select(iy::Row::as_select())
                .order(indicator_years::id)
                .load(c)?,
            changes: changes::table
                .select(ChangeRow::as_select())
                .order(changes::seq)
                .load(c)?,
            oauth_clients: super::clients::all(c)?,
            accounts: super::accounts::all(c)?,
            // Without their client secrets, ever (sealed with this node's key, which a backup
            // does not hold either); a restored peer is added again with them.
            peers: super::peers::rows(c)?
                .into_iter()
                .map(|r| super::peers::Row {
                    client_secret: None,
                    ..r
                })
                .collect(),
            apis: apis::table
                .select(api::Row::as_select())
                .order(apis::id)
                .load(c)?,
            api_building_blocks: api_building_blocks::table
                .order((
                    api_building_blocks::api_id,
                    api_building_blocks::building_block_id,
                ))
                .load(c)?,
            api_themes: api_themes::table
                .order((api_themes::api_id, api_themes::theme))
                .load(c)?,
            api_documents: api_documents::table
                .select(ApiDocumentRow::as_select())
                .order((api_documents::api_id, api_documents::number))
                .load(c)?,
            catalog_datasets: catalog_datasets::table
                .order(catalog_datasets::iri)
                .load(c)?,
            catalog_terms: catalog_terms::table.order(catalog_terms::iri).load(c)?,
        })
    })
}

/// Restores a backup into an empty register, all or nothing.
pub fn import(conn: &mut DbConnection, b: &Backup) -> Result<usize> {
    if b.format != FORMAT {
        return Err(Error::field(
            "format",
            format!("this registry reads format {FORMAT}"),
        ));
    }
    super::write(conn, |c| {
        if !super::is_empty(c)? {
            return Err(Error::conflict(
                "register",
                "the register is not empty; import restores into an empty database",
            ));
        }
        // Many rows a statement (SQLite binds at most 32 766 values in one: rows of up to 32
        // columns, 1 000 at a time). In this order, so that what a row refers to is there
        // before it.
        macro_rules! restore {
            ($($kind:ident $table:ident $(($x:ident, $y:ident))?: $rows:expr;)*) => {
                $(restore!(@$kind $table $(($x, $y))? $rows);)*
            };
            (@rows $table:ident $rows:expr) => {
                insert_chunks!(c, $table::table, $rows, 1000);
            };
            (@pairs $table:ident ($x:ident, $y:ident) $rows:expr) => {
                let pairs: Vec<_> = $rows
                    .iter()
                    .map(|(x, y)| ($table::$x.eq(x), $table::$y.eq(y)))
                    .collect();
                insert_chunks!(c, $table::table, pairs, 5000);
            };
        }
        restore! {
            rows organisations: b.organisations;
            rows building_blocks: b.building_blocks;
            pairs building_block_dependencies(block_id, depends_on_id): b.building_block_dependencies;
            rows base_data_domains: b.base_data_domains;
            pairs base_data_domain_producers(domain_id, organisation_id): b.base_data_domain_producers;
            rows competence_areas: b.competence_areas;
            pairs competence_area_contributors(area_id, organisation_id): b.competence_area_contributors;
            rows role_assignments: b.role_assignments;
            // A document's presentation refers to a forum meeting.
            rows forums: b.forums;
            pairs forum_members(forum_id, organisation_id): b.forum_members;
            rows forum_meetings: b.forum_meetings;
            rows documents: b.documents;
            rows plans: b.plans;
            rows milestones: b.milestones;
            rows funding_needs: b.funding_needs;
            rows benefits: b.benefits;
            pairs benefit_building_blocks(benefit_id, building_block_id): b.benefit_building_blocks;
            rows phase_decisions: b.phase_decisions;
            rows milestone_moves: b.milestone_moves;
            rows idea_candidates: b.idea_candidates;
            rows decisions: b.decisions;
            rows shared_services: b.shared_services;
            rows connections: b.connections;
            rows service_reports: b.service_reports;
            rows indicator_years: b.indicator_years;
        }
        // Successors after every API exists, as they refer to one another.
        let firsts: Vec<_> = b
            .apis
            .iter()
            .map(|r| super::apis::Row {
                successor_id: None,
                ..r.clone()
            })
            .collect();
        insert_chunks!(c, apis::table, firsts, 500);
        for r in b.apis.iter().filter(|r| r.successor_id.is_some()) {
            diesel::update(apis::table.filter(apis::id.eq(&r.id)))
                .set(apis::successor_id.eq(&r.successor_id))
                .execute(c)?;
        }
        restore! {
            pairs api_building_blocks(api_id, building_block_id): b.api_building_blocks;
            pairs api_themes(api_id, theme): b.api_themes;
            rows api_documents: b.api_documents;
            rows changes: b.changes;
        }
        for (iri, publisher, description, at) in &b.catalog_datasets {
            diesel::insert_into(catalog_datasets::table)
                .values((
                    catalog_datasets::iri.eq(iri),
                    catalog_datasets::publisher_id.eq(publisher),
                    catalog_datasets::description.eq(description),
                    catalog_datasets::updated_at.eq(at),
                ))
                .execute(c)?;
        }
        for (iri, description, at) in &b.catalog_terms {
            diesel::insert_into(catalog_terms::table)
                .values((
                    catalog_terms::iri.eq(iri),
                    catalog_terms::description.eq(description),
                    catalog_terms::updated_at.eq(at),
                ))
                .execute(c)?;
        }
        for r in &b.peers {
            // A secret in an older backup is not taken either: peers restore without them.
            let r = super::peers::Row {
                client_secret: None,
                ..r.clone()
            };
            diesel::insert_into(super::schema::peers::table)
                .values(&r)
                .execute(c)?;
        }
        for r in &b.oauth_clients {
            diesel::insert_into(super::schema::oauth_clients::table)
                .values(r)
                .execute(c)?;
        }
        for r in &b.accounts {
            diesel::insert_into(super::schema::accounts::table)
                .values(r)
                .execute(c)?;
        }
        // Explicit sequence numbers leave PostgreSQL's sequence behind; SQLite keeps up itself.
        if matches!(c, DbConnection::Postgresql(_)) {
            diesel::sql_query(
                "SELECT setval(pg_get_serial_sequence('changes', 'seq'), COALESCE((SELECT MAX(seq) FROM changes), 0) + 1, false)",
            )
            .execute(c)?;
        }
        Ok(b.entries())
    })
}
