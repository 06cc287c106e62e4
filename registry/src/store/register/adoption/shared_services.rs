//! Shared services (report 000): a building block in use, or a supplier agency's coordinated
//! IT operation service, that organisations connect to.

use diesel::prelude::*;
use openapi::{Phase, SharedService, SharedServiceInput};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::refs;
use crate::store::schema::building_blocks::dsl as bb;
use crate::store::schema::shared_services::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "shared-services";

stored_row! {
    shared_services, "shared service", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub supplier_id: String,
        pub building_block_id: Option<String>,
        pub unit: Option<String>,
        pub agreed_hours: bool,
        pub description: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

row_wire! {
    SharedService;
    /// The suppliers and blocks a page of services names.
    pub struct Named {
        organisations: organisations[supplier_id],
        blocks: building_blocks[building_block_id],
    }

    fn to_wire(&self, n: &Named) -> Result<SharedService> {
        Ok(SharedService {
            meta: self.meta()?,
            slug: self.slug.clone(),
            name: self.name.clone(),
            supplier: refs::one(&n.organisations, &self.supplier_id)?,
            building_block: refs::optional(&n.blocks, &self.building_block_id)?,
            unit: self.unit.clone(),
            agreed_hours: self.agreed_hours,
            description: self.description.clone(),
            source: self.source.clone(),
        })
    }
}

entry_list! {
    shared_services => SharedService;
    /// Id or slug, as the client sent it.
    supplier in organisations: String = supplier_id,
    /// Id or slug, as the client sent it.
    building_block in building_blocks: String = building_block_id,
}

/// The stored service with this id or slug (NotFound otherwise): its supplier, unit and hours
/// for the other adoption modules.
pub(in crate::store) fn row(conn: &mut DbConnection, key: &Key) -> Result<Row> {
    find(conn, key)
}

/// The services a building block is.
pub(in crate::store) fn of_block(conn: &mut DbConnection, block: &str) -> Result<Vec<Row>> {
    Ok(t::shared_services
        .filter(t::building_block_id.eq(block))
        .order(t::id)
        .select(Row::as_select())
        .load(conn)?)
}

/// A building block's services are run by its responsible agency (001 §4.1.6): when the
/// appointment moves, their supplier follows, each a recorded change of the service. Without a
/// responsible, the services keep the supplier they have.
pub(in crate::store) fn follow_responsible(
    conn: &mut DbConnection,
    ctx: &Ctx,
    block: &str,
    responsible: Option<&str>,
) -> Result<()> {
    let Some(responsible) = responsible.filter(|_| ctx.mirror.is_none()) else {
        return Ok(());
    };
    for service in of_block(conn, block)? {
        crate::store::appointments::set_field(
            conn,
            ctx,
            &service.id,
            |r: &mut Row| &mut r.supplier_id,
            responsible.into(),
        )?;
    }
    Ok(())
}

/// The input with its supplier and block resolved to ids.
pub struct Resolved {
    input: SharedServiceInput,
    supplier: String,
    block: Option<String>,
}

impl Crud for Row {
    type Input = SharedServiceInput;
    type Resolved = Resolved;

    /// A unique slug; a block in use, run by its responsible agency (001 §2.3.1, §4.1.6).
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: SharedServiceInput,
    ) -> Result<Resolved> {
        slug_free!(conn, shared_services, ctx, id, &i.slug);
        let supplier = refs::organisations::resolve(conn, "supplier", &i.supplier)?;
        let block = match &i.building_block {
            Some(r) => Some(refs::building_blocks::resolve(conn, "buildingBlock", r)?),
            None => None,
        };
        // A mirror stores the origin's service as it is: the block may have moved on since.
        if let (Some(b), None) = (&block, &ctx.mirror) {
            let (phase, responsible): (String, Option<String>) = bb::building_blocks
                .select((bb::phase, bb::responsible_id))
                .filter(bb::id.eq(b))
                .first(conn)?;
            let phase: Phase = entry::parse_enum(&phase)?;
            if let Some((field, message)) =
                domain::adoption::block_service_problem(phase, responsible.as_deref(), &supplier)
            {
                return Err(Error::conflict(field, message));
            }
        }
        Ok(Resolved {
            input: i,
            supplier,
            block,
        })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        self.slug = i.slug.clone();
        self.name = i.name.clone();
        self.supplier_id = r.supplier.clone();
        self.building_block_id = r.block.clone();
        self.unit = i.unit.clone();
        self.agreed_hours = i.agreed_hours;
        self.description = i.description.clone();
        self.source = i.source.clone();
        Ok(())
    }
}
