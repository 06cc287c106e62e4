use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{Beneficiary, Benefit, BenefitInput, BenefitKind, Category, EntryRef};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::refs;
use crate::store::schema::benefit_building_blocks::dsl as bb;
use crate::store::schema::benefits::{self, dsl as t};
use crate::store::{DbConnection, MultiBackend};
use domain::origin::OriginMatch;

pub const ENTITY: &str = "benefits";

stored_row! {
    benefits, "benefit";
    pub struct Row {
        pub category: Option<String>,
        pub kind: String,
        pub value_sek: i64,
        pub years: i32,
        /// JSON array of `Beneficiary` slugs.
        pub beneficiaries: String,
        pub description: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

/// A page's rows of the join table, by benefit, and the references of the blocks they name.
pub(in crate::store) struct Blocks {
    by_benefit: HashMap<String, Vec<String>>,
    refs: HashMap<String, EntryRef>,
}

impl ToWire for Row {
    type Wire = Benefit;
    type Refs = Blocks;

    /// The building blocks of the page, in two queries.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Blocks> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        // Ordered by block id: the join table keeps no order of its own.
        let links: Vec<(String, String)> = bb::benefit_building_blocks
            .select((bb::benefit_id, bb::building_block_id))
            .filter(bb::benefit_id.eq_any(&ids))
            .order((bb::benefit_id, bb::building_block_id))
            .load(conn)?;
        let mut block_ids: Vec<String> = links.iter().map(|(_, b)| b.clone()).collect();
        block_ids.sort();
        block_ids.dedup();
        let refs = refs::building_blocks::refs(conn, &block_ids)?;
        let mut by_benefit: HashMap<String, Vec<String>> = HashMap::new();
        for (benefit, block) in links {
            by_benefit.entry(benefit).or_default().push(block);
        }
        Ok(Blocks { by_benefit, refs })
    }

    fn to_wire(&self, blocks: &Blocks) -> Result<Benefit> {
        Ok(Benefit {
            meta: self.meta()?,
            source: self.source.clone(),
            category: self
                .category
                .as_deref()
                .map(entry::parse_enum)
                .transpose()?,
            building_blocks: blocks
                .by_benefit
                .get(&self.id)
                .into_iter()
                .flatten()
                .map(|id| refs::one(&blocks.refs, id))
                .collect::<Result<_>>()?,
            kind: entry::parse_enum(&self.kind)?,
            value_sek: self.value_sek,
            years: self.years,
            beneficiaries: entry::from_json::<Vec<Beneficiary>>(&self.beneficiaries)?,
            description: self.description.clone(),
        })
    }
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub category: Option<Category>,
    pub kind: Option<BenefitKind>,
    /// Id or slug, as the client sent it.
    pub building_block: Option<String>,
    pub origin: Option<OriginMatch>,
}

fn filtered(f: &Filter, block_id: Option<&str>) -> benefits::BoxedQuery<'static, MultiBackend> {
    let mut q = t::benefits.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(c) = f.category {
        q = q.filter(t::category.eq(c.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(t::kind.eq(k.as_str()));
    }
    if let Some(id) = block_id {
        q = q.filter(
            t::id.eq_any(
                bb::benefit_building_blocks
                    .filter(bb::building_block_id.eq(id.to_string()))
                    .select(bb::benefit_id),
            ),
        );
    }
    q
}

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<Benefit>, i64)> {
    let block_id = filter_id!(conn, refs::building_blocks, &f.building_block);
    let block_id = block_id.as_deref();
    let (rows, total) = page_rows!(conn, filtered(f, block_id), t::id, page, Row);
    Ok((wire_all(conn, &rows)?, total))
}

impl Crud for Row {
    const ENTITY: &'static str = ENTITY;
    type Input = BenefitInput;
    type Wire = Benefit;
    /// The input and the ids of the blocks it names.
    type Resolved = (BenefitInput, Vec<String>);

    fn validate(i: &BenefitInput) -> Result<()> {
        Ok(domain::validate::benefit(i)?)
    }

    /// `resolve_all` also refuses one block named twice, by id and by slug.
    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        _id: &str,
        i: BenefitInput,
    ) -> Result<(BenefitInput, Vec<String>)> {
        let blocks =
            refs::building_blocks::resolve_all(conn, "buildingBlocks", &i.building_blocks)?;
        Ok((i, blocks))
    }

    fn set(&mut self, (i, _): &(BenefitInput, Vec<String>)) -> Result<()> {
        self.source = i.source.clone();
        self.category = i.category.map(|c| c.as_str().to_string());
        self.kind = i.kind.as_str().to_string();
        self.value_sek = i.value_sek;
        self.years = i.years;
        self.beneficiaries = entry::to_json(&i.beneficiaries)?;
        self.description = i.description.clone();
        Ok(())
    }

    fn wire(&self, conn: &mut DbConnection) -> Result<Benefit> {
        wire_one(conn, self)
    }

    /// The links go with the benefit (ON DELETE CASCADE).
    fn write_links(
        &self,
        conn: &mut DbConnection,
        (_, block_ids): &(BenefitInput, Vec<String>),
        replacing: bool,
    ) -> Result<()> {
        write_join_rows!(
            conn,
            bb::benefit_building_blocks,
            bb::benefit_id,
            &self.id,
            bb::building_block_id,
            block_ids,
            replacing
        );
        Ok(())
    }
}
