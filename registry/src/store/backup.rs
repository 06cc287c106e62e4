//! The whole register as one JSON document (`registry export` / `registry import`): every
//! row of every table, ids, versions, timestamps and the change log included, so that a
//! restore — on either backend — loses nothing.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::schema::*;
use super::{changes::ChangeRow, DbConnection};
use crate::error::{Error, Result};

pub const FORMAT: u32 = 1;

/// The backup's shape follows the declaration of the collections (`openapi::collections!`):
/// a field of stored rows for each collection, named as its module, then the tables that are
/// not collections of their own (links between entries, the change log, the node's clients,
/// accounts and peers, the catalogue's imported descriptions).
macro_rules! backup {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, $names:tt;)*) => {
        #[derive(Debug, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct Backup {
            pub format: u32,
            // A backup made before a collection existed has no field for it.
            $(#[serde(default)] pub $module: Vec<super::$module::Row>,)*
            pub building_block_dependencies: Vec<(String, String)>,
            pub base_data_domain_producers: Vec<(String, String)>,
            pub competence_area_contributors: Vec<(String, String)>,
            pub benefit_building_blocks: Vec<(String, String)>,
            #[serde(default)]
            pub milestone_moves: Vec<super::milestones::MoveRow>,
            #[serde(default)]
            pub forum_members: Vec<(String, String)>,
            pub changes: Vec<ChangeRow>,
            /// OAuth clients of the built-in issuer (hashes only). The node's signing keys are
            /// not in a backup: a restored node makes a new key, and tokens signed before stop
            /// working.
            #[serde(default)]
            pub oauth_clients: Vec<super::clients::ClientRow>,
            /// People's accounts of the built-in issuer (hashes only); sessions are not kept.
            #[serde(default)]
            pub accounts: Vec<super::accounts::AccountRow>,
            /// The peers this node pulls from, with their cursors, never with their client
            /// secrets.
            #[serde(default)]
            pub peers: Vec<super::peers::Row>,
            #[serde(default)]
            pub api_building_blocks: Vec<(String, String)>,
            #[serde(default)]
            pub api_themes: Vec<(String, String)>,
            #[serde(default)]
            pub api_documents: Vec<ApiDocumentRow>,
            /// Datasets of imported catalogues: (IRI, publisher id, description, updated at).
            #[serde(default)]
            pub catalog_datasets: Vec<(String, String, String, chrono::NaiveDateTime)>,
            /// Descriptions of what imported services and datasets refer to: (IRI,
            /// description, updated at).
            #[serde(default)]
            pub catalog_terms: Vec<(String, String, chrono::NaiveDateTime)>,
        }

        impl Backup {
            /// The register's entries in it (links, the change log and the node's own tables
            /// are not counted).
            pub fn entries(&self) -> usize {
                0 $(+ self.$module.len())*
            }
        }

        /// Reads everything in one transaction, so the copy is consistent.
        pub fn export(conn: &mut DbConnection) -> Result<Backup> {
            conn.transaction(|c| {
                Ok(Backup {
                    format: FORMAT,
                    $($module: $module::table
                        .select(super::$module::Row::as_select())
                        .order(export_order!($module))
                        .load(c)?,)*
                    building_block_dependencies: pairs!(c, building_block_dependencies(block_id, depends_on_id)),
                    base_data_domain_producers: pairs!(c, base_data_domain_producers(domain_id, organisation_id)),
                    competence_area_contributors: pairs!(c, competence_area_contributors(area_id, organisation_id)),
                    benefit_building_blocks: pairs!(c, benefit_building_blocks(benefit_id, building_block_id)),
                    milestone_moves: milestone_moves::table
                        .select(super::milestones::MoveRow::as_select())
                        .order(milestone_moves::id)
                        .load(c)?,
                    forum_members: pairs!(c, forum_members(forum_id, organisation_id)),
                    changes: changes::table
                        .select(ChangeRow::as_select())
                        .order(changes::seq)
                        .load(c)?,
                    oauth_clients: super::clients::all(c)?,
                    accounts: super::accounts::all(c)?,
                    // Without their client secrets, ever (sealed with this node's key, which a
                    // backup does not hold either); a restored peer is added again with them.
                    peers: super::peers::rows(c)?
                        .into_iter()
                        .map(|r| super::peers::Row {
                            client_secret: None,
                            ..r
                        })
                        .collect(),
                    api_building_blocks: pairs!(c, api_building_blocks(api_id, building_block_id)),
                    api_themes: pairs!(c, api_themes(api_id, theme)),
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

        /// Restores the collections in their declared order, in which what an entry refers
        /// to comes first; many rows a statement (SQLite binds at most 32 766 values in one:
        /// rows of up to 32 columns, 1 000 at a time).
        fn restore_collections(c: &mut DbConnection, b: &Backup) -> Result<()> {
            $(restore_rows!(c, $module, &b.$module);)*
            Ok(())
        }
    };
}

/// Parents before children, so that a restore satisfies a document's foreign key to its
/// parent in order; every other collection by id.
macro_rules! export_order {
    (documents) => {
        (documents::level, documents::id)
    };
    ($table:ident) => {
        $table::id
    };
}

/// A link table's pairs, in order.
macro_rules! pairs {
    ($c:expr, $table:ident($x:ident, $y:ident)) => {
        $table::table
            .select(($table::$x, $table::$y))
            .order(($table::$x, $table::$y))
            .load($c)?
    };
}

/// An API's successor is another API: every API is restored without it first, then the
/// successors are set.
macro_rules! restore_rows {
    ($c:expr, apis, $rows:expr) => {
        let firsts: Vec<_> = $rows
            .iter()
            .map(|r| super::apis::Row {
                successor_id: None,
                ..r.clone()
            })
            .collect();
        insert_chunks!($c, apis::table, firsts, 500);
        for r in $rows.iter().filter(|r| r.successor_id.is_some()) {
            diesel::update(apis::table.filter(apis::id.eq(&r.id)))
                .set(apis::successor_id.eq(&r.successor_id))
                .execute($c)?;
        }
    };
    ($c:expr, $table:ident, $rows:expr) => {
        insert_chunks!($c, $table::table, $rows, 1000);
    };
}

openapi::collections!(backup);

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
        restore_collections(c, b)?;
        // Links and the change log once every entry they name is there.
        macro_rules! restore_pairs {
            ($($table:ident($x:ident, $y:ident): $rows:expr;)*) => {$(
                let pairs: Vec<_> = $rows
                    .iter()
                    .map(|(x, y)| ($table::$x.eq(x), $table::$y.eq(y)))
                    .collect();
                insert_chunks!(c, $table::table, pairs, 5000);
            )*};
        }
        restore_pairs! {
            building_block_dependencies(block_id, depends_on_id): b.building_block_dependencies;
            base_data_domain_producers(domain_id, organisation_id): b.base_data_domain_producers;
            competence_area_contributors(area_id, organisation_id): b.competence_area_contributors;
            benefit_building_blocks(benefit_id, building_block_id): b.benefit_building_blocks;
            forum_members(forum_id, organisation_id): b.forum_members;
            api_building_blocks(api_id, building_block_id): b.api_building_blocks;
            api_themes(api_id, theme): b.api_themes;
        }
        insert_chunks!(c, milestone_moves::table, b.milestone_moves, 1000);
        insert_chunks!(c, api_documents::table, b.api_documents, 1000);
        insert_chunks!(c, changes::table, b.changes, 1000);
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
