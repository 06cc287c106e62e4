use std::collections::HashMap;

use diesel::dsl::count;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use openapi::{EntryRef, Estimate, FundingForm, FundingNeed, FundingNeedInput, FundingSummary};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::refs;
use crate::store::schema::funding_needs::{self, dsl as t};
use crate::store::{DbConnection, MultiBackend};
use domain::origin::OriginMatch;

pub const ENTITY: &str = "funding-needs";

stored_row! {
    funding_needs, "funding need";
    pub struct Row {
        pub building_block_id: String,
        pub year: i32,
        pub amount_ksek: Option<i64>,
        pub estimate: String,
        pub funding_form: Option<String>,
        pub note: Option<String>,
    }
}

impl ToWire for Row {
    type Wire = FundingNeed;
    type Refs = HashMap<String, EntryRef>;

    /// The building blocks of the page.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<HashMap<String, EntryRef>> {
        let mut ids: Vec<String> = rows.iter().map(|r| r.building_block_id.clone()).collect();
        ids.sort();
        ids.dedup();
        refs::building_blocks::refs(conn, &ids)
    }

    fn to_wire(&self, blocks: &HashMap<String, EntryRef>) -> Result<FundingNeed> {
        Ok(FundingNeed {
            meta: self.meta()?,
            building_block: refs::one(blocks, &self.building_block_id)?,
            year: self.year,
            amount_ksek: self.amount_ksek,
            estimate: entry::parse_enum(&self.estimate)?,
            funding_form: self
                .funding_form
                .as_deref()
                .map(entry::parse_enum)
                .transpose()?,
            note: self.note.clone(),
        })
    }
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Id or slug, as the client sent it.
    pub building_block: Option<String>,
    pub year: Option<i32>,
    pub estimate: Option<Estimate>,
    pub funding_form: Option<FundingForm>,
    pub origin: Option<OriginMatch>,
}

fn filtered(
    f: &Filter,
    block_id: Option<&str>,
) -> funding_needs::BoxedQuery<'static, MultiBackend> {
    let mut q = t::funding_needs.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(id) = block_id {
        q = q.filter(t::building_block_id.eq(id.to_string()));
    }
    if let Some(y) = f.year {
        q = q.filter(t::year.eq(y));
    }
    if let Some(e) = f.estimate {
        q = q.filter(t::estimate.eq(e.as_str()));
    }
    if let Some(ff) = f.funding_form {
        q = q.filter(t::funding_form.eq(ff.as_str()));
    }
    q
}

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<FundingNeed>, i64)> {
    let block_id = filter_id!(conn, refs::building_blocks, &f.building_block);
    let block_id = block_id.as_deref();
    let (rows, total) = page_rows!(conn, filtered(f, block_id), t::id, page, Row);
    Ok((wire_all(conn, &rows)?, total))
}

/// Per year: the sum of the estimated amounts and how many needs are, and are not yet,
/// estimated. Ordered by year.
pub fn summary(conn: &mut DbConnection, year: Option<i32>) -> Result<Vec<FundingSummary>> {
    // SUM over BIGINT is NUMERIC on PostgreSQL; cast it back so both backends read a BIGINT.
    let sum = diesel::dsl::sql::<Nullable<BigInt>>("CAST(SUM(amount_ksek) AS BIGINT)");
    let mut q = t::funding_needs
        .group_by((t::year, t::estimate))
        .select((t::year, t::estimate, count(t::id), sum))
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(t::year.eq(y));
    }
    let rows: Vec<(i32, String, i64, Option<i64>)> = q.order((t::year, t::estimate)).load(conn)?;
    let mut out: Vec<FundingSummary> = Vec::new();
    for (year, estimate, n, amount) in rows {
        if out.last().map(|s| s.year) != Some(year) {
            out.push(FundingSummary {
                year,
                amount_ksek: 0,
                estimated_count: 0,
                not_estimated_count: 0,
            });
        }
        let Some(s) = out.last_mut() else {
            continue;
        };
        match entry::parse_enum::<Estimate>(&estimate)? {
            Estimate::Uppskattad => {
                s.estimated_count += n;
                s.amount_ksek += amount.unwrap_or(0);
            }
            Estimate::EjUppskattad => s.not_estimated_count += n,
        }
    }
    Ok(out)
}

pub fn get(conn: &mut DbConnection, key: &Key) -> Result<FundingNeed> {
    let row = find(conn, key)?;
    wire_one(conn, &row)
}

impl Crud for Row {
    const ENTITY: &'static str = ENTITY;
    type Input = FundingNeedInput;
    type Wire = FundingNeed;
    /// The input and its building block's id.
    type Resolved = (FundingNeedInput, String);

    fn validate(i: &FundingNeedInput) -> Result<()> {
        Ok(domain::validate::funding_need(i)?)
    }

    /// One need per building block and year.
    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        id: &str,
        i: FundingNeedInput,
    ) -> Result<(FundingNeedInput, String)> {
        let block_id = refs::building_blocks::resolve(conn, "buildingBlock", &i.building_block)?;
        let same: i64 = t::funding_needs
            .filter(t::building_block_id.eq(&block_id))
            .filter(t::year.eq(i.year))
            .filter(t::id.ne(id))
            .count()
            .get_result(conn)?;
        if same > 0 {
            return Err(Error::conflict(
                "year",
                format!(
                    "the building block already has a funding need for {}",
                    i.year
                ),
            ));
        }
        Ok((i, block_id))
    }

    fn set(&mut self, (i, building_block_id): &(FundingNeedInput, String)) -> Result<()> {
        self.building_block_id = building_block_id.clone();
        self.year = i.year;
        self.amount_ksek = i.amount_ksek;
        self.estimate = i.estimate.as_str().to_string();
        self.funding_form = i.funding_form.map(|f| f.as_str().to_string());
        self.note = i.note.clone();
        Ok(())
    }

    fn wire(&self, conn: &mut DbConnection) -> Result<FundingNeed> {
        wire_one(conn, self)
    }
}
