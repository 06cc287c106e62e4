//! The bulk paths of the API catalogue: many APIs in one transaction, each kind of row written
//! in batched statements, for `registry seed --synthetic-apis` and for a mirror applying a
//! page of another node's new APIs (issue 17).

use std::collections::HashSet;

use super::*;

/// Registers many APIs in one write transaction, as `Row::create` does for each (the same
/// validation, references, rows, links and change-log records), with each kind of row
/// written in batched statements and references resolved once per distinct value: the bulk
/// path of `registry seed --synthetic-apis` and of a catalogue import (issue 17). Returns
/// how many it registered.
pub fn create_many(conn: &mut DbConnection, ctx: &Ctx, inputs: Vec<ApiInput>) -> Result<usize> {
    create_all(conn, ctx, inputs).map(|created| created.len())
}

/// As `create_many`, returning the new APIs in the order of their inputs.
pub fn create_all(conn: &mut DbConnection, ctx: &Ctx, inputs: Vec<ApiInput>) -> Result<Vec<Api>> {
    for i in &inputs {
        Row::validate(i)?;
        Row::check_create(ctx, i)?;
    }
    crate::store::write(conn, |conn| {
        let mut publishers: HashMap<String, String> = HashMap::new();
        let mut blocks: HashMap<String, String> = HashMap::new();
        let mut batch = Batch::default();
        for input in inputs {
            let id = ctx.new_id();
            let plain = input.successor.is_none()
                && input.source_iri.is_none()
                && input.serves_datasets.is_empty()
                && input.types.is_empty()
                && input.hvd_categories.is_empty();
            let refs = if plain {
                // Only the publisher and the blocks to resolve: each distinct one once.
                let publisher = match publishers.get(&input.publisher) {
                    Some(p) => p.clone(),
                    None => {
                        let p = refs::organisations::resolve(conn, "publisher", &input.publisher)?;
                        publishers.insert(input.publisher.clone(), p.clone());
                        p
                    }
                };
                let mut ids = vec![];
                for (n, b) in input.building_blocks.iter().enumerate() {
                    let found = match blocks.get(b) {
                        Some(id) => id.clone(),
                        None => {
                            let id = refs::building_blocks::resolve(
                                conn,
                                &format!("buildingBlocks[{n}]"),
                                b,
                            )?;
                            blocks.insert(b.clone(), id.clone());
                            id
                        }
                    };
                    ids.push(found);
                }
                Refs {
                    publisher,
                    successor: None,
                    blocks: ids,
                }
            } else {
                resolve_input(conn, ctx, &id, &input)?
            };
            batch.add(ctx, id, input, refs, None)?;
        }
        batch.insert(conn)?;
        let Batch {
            rows,
            mut links,
            mut themes,
        } = batch;
        // The links just written, as the link tables would give them back: no read of the
        // tables, whose planner statistics lag behind a bulk load on PostgreSQL.
        links.sort();
        themes.sort();
        let named = Named::with_links(conn, &rows, links, themes)?;
        let wires = rows
            .iter()
            .map(|r| r.to_wire(&named))
            .collect::<Result<Vec<_>>>()?;
        changes::created_many(conn, ctx, ENTITY, &wires)?;
        Ok(wires)
    })
}

/// New APIs on their way to the tables: their rows, building-block links and themes.
#[derive(Default)]
struct Batch {
    rows: Vec<Row>,
    links: Vec<(String, String)>,
    themes: Vec<(String, String)>,
}

impl Batch {
    /// Adds the API `id` as `Row::create` would store it (`document`: a mirrored API's).
    fn add(
        &mut self,
        ctx: &Ctx,
        id: String,
        input: ApiInput,
        refs: Refs,
        document: Option<String>,
    ) -> Result<()> {
        let mut row = Row::default();
        row.stamp_new(ctx, ENTITY, id);
        let resolved = (input, refs);
        row.set(&resolved)?;
        let (input, refs) = resolved;
        row.mirrored_document = document;
        self.links
            .extend(refs.blocks.into_iter().map(|b| (row.id.clone(), b)));
        self.themes.extend(
            input
                .themes
                .iter()
                .map(|t| (row.id.clone(), t.as_str().to_string())),
        );
        self.rows.push(row);
        Ok(())
    }

    /// Writes them, in batched statements.
    fn insert(&self, conn: &mut DbConnection) -> Result<()> {
        // SQLite binds at most 32 766 values a statement: rows of 32 columns, 500 at a time.
        insert_chunks!(conn, t::apis, self.rows, 500);
        let link_rows: Vec<_> = self
            .links
            .iter()
            .map(|(a, b)| (ab::api_id.eq(a), ab::building_block_id.eq(b)))
            .collect();
        insert_chunks!(conn, ab::api_building_blocks, link_rows, 5000);
        let theme_rows: Vec<_> = self
            .themes
            .iter()
            .map(|(a, x)| (th::api_id.eq(a), th::theme.eq(x)))
            .collect();
        insert_chunks!(conn, th::api_themes, theme_rows, 5000);
        Ok(())
    }
}

/// A new API of another node, as its origin sent it: `ctx` carries the origin's identity,
/// statement and signature (`store::mirror`).
pub struct Mirrored {
    pub ctx: Ctx,
    pub input: ApiInput,
    pub document: Option<ApiDocumentRef>,
}

/// Creates mirrored APIs as `Row::create` would one by one, in batched statements and
/// without building their wire forms (the change log keeps each as its origin signed it).
/// In the caller's transaction. Returns those it leaves to the one-by-one path, in their
/// order: any with a successor, a source IRI or served datasets (references among entries
/// that the single path checks), any the rules refuse, and any whose publisher or building
/// blocks are not held yet.
pub fn mirror_many(conn: &mut DbConnection, batch: Vec<Mirrored>) -> Result<Vec<Mirrored>> {
    let wanted_orgs: Vec<&String> = batch.iter().map(|m| &m.input.publisher).collect();
    let wanted_blocks: Vec<&String> = batch
        .iter()
        .flat_map(|m| &m.input.building_blocks)
        .collect();
    use crate::store::schema::{building_blocks as bb, organisations as o};
    let orgs: HashSet<String> = o::table
        .filter(o::id.eq_any(wanted_orgs))
        .select(o::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let blocks: HashSet<String> = bb::table
        .filter(bb::id.eq_any(wanted_blocks))
        .select(bb::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut rest = vec![];
    let mut taken = vec![];
    let mut out = Batch::default();
    for m in batch {
        let i = &m.input;
        let plain = i.successor.is_none() && i.source_iri.is_none() && i.serves_datasets.is_empty();
        let held =
            orgs.contains(&i.publisher) && i.building_blocks.iter().all(|b| blocks.contains(b));
        if !plain || !held || Row::validate(i).is_err() || Row::check_create(&m.ctx, i).is_err() {
            rest.push(m);
            continue;
        }
        let refs = Refs {
            publisher: i.publisher.clone(),
            successor: None,
            blocks: i.building_blocks.clone(),
        };
        let document = m.document.as_ref().map(entry::to_json).transpose()?;
        out.add(&m.ctx, m.ctx.new_id(), m.input, refs, document)?;
        taken.push(m.ctx);
    }
    out.insert(conn)?;
    let ctxs: Vec<&Ctx> = taken.iter().collect();
    changes::created_mirrored(conn, ENTITY, &ctxs)?;
    Ok(rest)
}
