use diesel::prelude::*;
use openapi::{Beneficiary, Benefit, BenefitInput, BenefitKind, Category};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::refs;
use crate::store::schema::benefit_building_blocks::dsl as bb;
use crate::store::schema::benefits::{self, dsl as t};
use crate::store::DbConnection;

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

impl ToWire for Row {
    type Wire = Benefit;
    type Refs = refs::Linked;

    /// The building blocks of the page, in two queries.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<refs::Linked> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        // Ordered by block id: the join table keeps no order of its own.
        let links: Vec<(String, String)> = bb::benefit_building_blocks
            .select((bb::benefit_id, bb::building_block_id))
            .filter(bb::benefit_id.eq_any(&ids))
            .order((bb::benefit_id, bb::building_block_id))
            .load(conn)?;
        refs::Linked::load(conn, links, refs::building_blocks::refs)
    }

    fn to_wire(&self, blocks: &refs::Linked) -> Result<Benefit> {
        Ok(Benefit {
            meta: self.meta()?,
            source: self.source.clone(),
            category: self
                .category
                .as_deref()
                .map(entry::parse_enum)
                .transpose()?,
            building_blocks: blocks.of(&self.id)?,
            kind: entry::parse_enum(&self.kind)?,
            value_sek: self.value_sek,
            years: self.years,
            beneficiaries: entry::from_json::<Vec<Beneficiary>>(&self.beneficiaries)?,
            description: self.description.clone(),
        })
    }
}

entry_list! {
    benefits => Benefit;
    category: Category = category.as_str(),
    kind: BenefitKind = kind.as_str(),
    /// Id or slug, as the client sent it.
    building_block in building_blocks: String => |query, id| {
        let benefits = bb::benefit_building_blocks
            .filter(bb::building_block_id.eq(id.clone()))
            .select(bb::benefit_id);
        query.filter(t::id.eq_any(benefits))
    },
}

impl Crud for Row {
    type Input = BenefitInput;
    /// The input and the ids of the blocks it names.
    type Resolved = (BenefitInput, Vec<String>);

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
