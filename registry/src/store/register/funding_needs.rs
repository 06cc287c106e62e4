use diesel::dsl::count;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use openapi::{Estimate, FundingForm, FundingNeed, FundingNeedInput, FundingSummary, ScopeKind};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::refs;
use crate::store::schema::funding_needs::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "funding-needs";

stored_row! {
    funding_needs, "funding need";
    pub struct Row {
        pub building_block_id: Option<String>,
        pub year: i32,
        pub amount_ksek: Option<i64>,
        pub estimate: String,
        pub funding_form: Option<String>,
        pub note: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
        pub subject_kind: String,
        pub base_data_domain_id: Option<String>,
        pub competence_area_id: Option<String>,
        pub label: Option<String>,
        /// The subject's id, or "label:", the origin and the label: one need per subject and
        /// year.
        pub subject_key: String,
    }
}

row_wire! {
    FundingNeed;
    /// The entries a page of needs names, one query per table.
    pub struct Subjects {
        blocks: building_blocks[building_block_id],
        domains: base_data_domains[base_data_domain_id],
        areas: competence_areas[competence_area_id],
    }

    fn to_wire(&self, s: &Subjects) -> Result<FundingNeed> {
        Ok(FundingNeed {
            meta: self.meta()?,
            source: self.source.clone(),
            subject_kind: entry::parse_enum(&self.subject_kind)?,
            building_block: refs::optional(&s.blocks, &self.building_block_id)?,
            base_data_domain: refs::optional(&s.domains, &self.base_data_domain_id)?,
            competence_area: refs::optional(&s.areas, &self.competence_area_id)?,
            label: self.label.clone(),
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

entry_list! {
    funding_needs => FundingNeed;
    /// Id or slug, as the client sent it.
    building_block in building_blocks: String = building_block_id,
    subject_kind: ScopeKind = subject_kind.as_str(),
    year: i32 = year,
    estimate: Estimate = estimate.as_str(),
    funding_form: FundingForm = funding_form.as_str(),
}

/// Per year: the sum of the estimated amounts and how many needs are, and are not yet,
/// estimated, over every need or those of one kind of subject. Ordered by year.
pub fn summary(
    conn: &mut DbConnection,
    year: Option<i32>,
    kind: Option<ScopeKind>,
) -> Result<Vec<FundingSummary>> {
    // SUM over BIGINT is NUMERIC on PostgreSQL; cast it back so both backends read a BIGINT.
    let sum = diesel::dsl::sql::<Nullable<BigInt>>("CAST(SUM(amount_ksek) AS BIGINT)");
    let mut q = t::funding_needs
        .group_by((t::year, t::estimate))
        .select((t::year, t::estimate, count(t::id), sum))
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(t::year.eq(y));
    }
    if let Some(k) = kind {
        q = q.filter(t::subject_kind.eq(k.as_str()));
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

/// A need's subject, its references resolved to ids.
pub struct Subject {
    kind: ScopeKind,
    block: Option<String>,
    domain: Option<String>,
    area: Option<String>,
}

impl Subject {
    /// The subject whose rights the need falls under.
    pub(in crate::store) fn permission_subject(&self) -> domain::permissions::Subject {
        crate::store::authz::funding_subject((
            self.block.clone(),
            self.domain.clone(),
            self.area.clone(),
        ))
    }

    /// What one need per subject and year is counted by: the entry's id, or for a labelled
    /// need its origin and label (every node may state its own "Nytt byggblock 1").
    fn key(&self, origin: &str, label: &Option<String>) -> String {
        self.block
            .clone()
            .or_else(|| self.domain.clone())
            .or_else(|| self.area.clone())
            .unwrap_or_else(|| format!("label:{origin}:{}", label.as_deref().unwrap_or_default()))
    }
}

/// Resolves the entry a need names (the input's shape is checked: it names one at most).
pub(in crate::store) fn subject(conn: &mut DbConnection, i: &FundingNeedInput) -> Result<Subject> {
    let kind = domain::funding::subject_kind(i).map_err(|(f, m)| Error::rule(f, m))?;
    let block = match &i.building_block {
        Some(r) => Some(refs::building_blocks::resolve(conn, "buildingBlock", r)?),
        None => None,
    };
    let domain = match &i.base_data_domain {
        Some(r) => Some(refs::base_data_domains::resolve(conn, "baseDataDomain", r)?),
        None => None,
    };
    let area = match &i.competence_area {
        Some(r) => Some(refs::competence_areas::resolve(conn, "competenceArea", r)?),
        None => None,
    };
    Ok(Subject {
        kind,
        block,
        domain,
        area,
    })
}

impl Crud for Row {
    type Input = FundingNeedInput;
    /// The input and its subject.
    type Resolved = (FundingNeedInput, Subject);

    /// One need per subject and year.
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: FundingNeedInput,
    ) -> Result<(FundingNeedInput, Subject)> {
        let subject = subject(conn, &i)?;
        refuse_second!(
            conn,
            funding_needs,
            id,
            [
                t::subject_key.eq(subject.key(ctx.origin(), &i.label)),
                t::year.eq(i.year)
            ],
            "year",
            format!("the subject already has a funding need for {}", i.year)
        );
        Ok((i, subject))
    }

    fn set(&mut self, (i, s): &(FundingNeedInput, Subject)) -> Result<()> {
        self.source = i.source.clone();
        self.subject_kind = s.kind.as_str().to_string();
        self.building_block_id = s.block.clone();
        self.base_data_domain_id = s.domain.clone();
        self.competence_area_id = s.area.clone();
        self.label = i.label.clone();
        self.subject_key = s.key(&self.origin, &i.label);
        self.year = i.year;
        self.amount_ksek = i.amount_ksek;
        self.estimate = i.estimate.as_str().to_string();
        self.funding_form = i.funding_form.map(|f| f.as_str().to_string());
        self.note = i.note.clone();
        Ok(())
    }
}
