use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{
    BuildingBlock, BuildingBlockFacets, BuildingBlockInput, Category, EntryRef, FacetCount, Phase,
};

use crate::error::{Error, Result};
use crate::search;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key, PageRequest};
use crate::store::index::{self, Doc, Select};
use crate::store::paging::{wire_all, ToWire};
use crate::store::phase_subject as phases;
use crate::store::refs;
use crate::store::schema::building_block_dependencies::dsl as dep;
use crate::store::schema::building_blocks::{self, dsl as t};
use crate::store::{appointments, DbConnection, Session};
use domain::appointments::Appointed;
use domain::graph;
use domain::origin::OriginMatch;

pub const ENTITY: &str = "building-blocks";

stored_row! {
    building_blocks, "building block", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub description: String,
        pub purpose: String,
        pub category: String,
        pub phase: String,
        pub responsible_id: Option<String>,
        pub analysis_funding: String,
        pub analysis_legal: String,
        pub analysis_risk: String,
        pub analysis_benefit: String,
        pub value_propositions: String,
        pub related_external: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
        pub analysis_lead_id: Option<String>,
    }
}

/// Filters of the list and of the facet counts.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub phase: Option<Phase>,
    pub category: Option<Category>,
    /// Responsible organisation, id or slug.
    pub responsible: Option<String>,
    /// Blocks that depend on this block (id or slug).
    pub depends_on: Option<String>,
    pub q: Option<String>,
    pub origin: Option<OriginMatch>,
}

/// The index document of each block (all of them, or those of `ids`).
pub fn index_docs(conn: &mut DbConnection, ids: Option<&[String]>) -> Result<Vec<Doc>> {
    type Indexed = (
        String,
        String,
        String,
        String,
        Option<String>,
        (String, String, String),
    );
    let mut docs = vec![];
    for chunk in index::chunks(ids) {
        let mut q = t::building_blocks
            .select((
                t::id,
                t::origin,
                t::phase,
                t::category,
                t::responsible_id,
                (t::name, t::description, t::purpose),
            ))
            .into_boxed();
        let mut deps = dep::building_block_dependencies
            .select((dep::block_id, dep::depends_on_id))
            .into_boxed();
        if let Some(ids) = chunk {
            q = q.filter(t::id.eq_any(ids));
            deps = deps.filter(dep::block_id.eq_any(ids));
        }
        let rows: Vec<Indexed> = q.load(conn)?;
        let mut deps_of = refs::group(deps.load::<(String, String)>(conn)?);
        for (id, origin, phase, category, responsible, (name, description, purpose)) in rows {
            let mut values: Vec<(index::Field, String)> = vec![
                ("origin", origin),
                ("phase", phase),
                ("category", category),
                // "": no responsible organisation.
                ("responsible", responsible.unwrap_or_default()),
            ];
            for d in deps_of.remove(&id).unwrap_or_default() {
                values.push(("depends", d));
            }
            docs.push(Doc {
                id,
                text: vec![name, description, purpose],
                values,
            });
        }
    }
    Ok(docs)
}

/// The filters as a selection of the index; `None` when a reference names nothing, so
/// nothing matches.
fn selection(conn: &mut DbConnection, f: &Filter) -> Result<Option<Select>> {
    let s = Select {
        words: f.q.as_deref().map(search::terms).unwrap_or_default(),
        ..Select::default()
    }
    .is_given("phase", f.phase.map(|v| v.as_str()))
    .is_given("category", f.category.map(|v| v.as_str()))
    .origin(f.origin.as_ref());
    index::with_refs(
        conn,
        s,
        ("responsible", &f.responsible),
        ("depends", &f.depends_on),
    )
}

pub fn list(
    session: &mut Session,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<BuildingBlock>, i64)> {
    let Some(s) = selection(session, f)? else {
        return Ok((vec![], 0));
    };
    let (ids, total) = session
        .index
        .clone()
        .page(session, |t| &t.blocks, &s, page)?;
    let conn: &mut DbConnection = session;
    let rows: Vec<Row> = t::building_blocks
        .filter(t::id.eq_any(&ids))
        .order(t::id)
        .select(Row::as_select())
        .load(conn)?;
    Ok((wire_all(conn, &rows)?, total))
}

/// What a page of blocks names: the blocks each depends on, and the organisations.
pub struct Named {
    deps: refs::Linked,
    orgs: HashMap<String, EntryRef>,
}

impl ToWire for Row {
    type Wire = BuildingBlock;
    type Refs = Named;

    /// The references of the whole page, in three queries.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Named> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let edges: Vec<(String, String)> = dep::building_block_dependencies
            .filter(dep::block_id.eq_any(&ids))
            .select((dep::block_id, dep::depends_on_id))
            .order((dep::block_id, dep::depends_on_id))
            .load(conn)?;
        let deps = refs::Linked::load(conn, edges, refs::building_blocks::refs)?;
        let org_ids: Vec<String> = rows
            .iter()
            .flat_map(|r| [r.responsible_id.clone(), r.analysis_lead_id.clone()])
            .flatten()
            .collect();
        let orgs = refs::organisations::refs(conn, &org_ids)?;
        Ok(Named { deps, orgs })
    }

    fn to_wire(&self, n: &Named) -> Result<BuildingBlock> {
        let depends_on = n.deps.of(&self.id)?;
        Ok(BuildingBlock {
            meta: self.meta()?,
            source: self.source.clone(),
            responsible: refs::optional(&n.orgs, &self.responsible_id)?,
            analysis_lead: refs::optional(&n.orgs, &self.analysis_lead_id)?,
            analyses: phases::analyses([
                &self.analysis_funding,
                &self.analysis_legal,
                &self.analysis_risk,
                &self.analysis_benefit,
            ])?,
            value_propositions: entry::from_json(&self.value_propositions)?,
            related_external: entry::from_json(&self.related_external)?,
            category: entry::parse_enum(&self.category)?,
            phase: entry::parse_enum(&self.phase)?,
            depends_on,
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            purpose: self.purpose.clone(),
        })
    }
}

/// Counts per phase, category and responsible organisation over the blocks that match.
pub fn facets(session: &mut Session, f: &Filter) -> Result<BuildingBlockFacets> {
    let (total, counts) = match selection(session, f)? {
        None => (0, HashMap::new()),
        Some(s) => session.index.clone().counts(session, |t| &t.blocks, &s)?,
    };
    let conn: &mut DbConnection = session;
    let none = HashMap::new();
    let of = |field: &str| counts.get(field).unwrap_or(&none);
    let by_responsible: Vec<(Option<String>, i64)> = of("responsible")
        .iter()
        .map(|(id, n)| ((!id.is_empty()).then(|| id.clone()), *n))
        .collect();
    let ids: Vec<String> = by_responsible
        .iter()
        .filter_map(|(id, _)| id.clone())
        .collect();
    let orgs = refs::organisations::refs(conn, &ids)?;
    Ok(BuildingBlockFacets {
        total_count: total,
        phase: enum_counts(Phase::ALL, Phase::as_str, Phase::label_sv, of("phase")),
        category: enum_counts(
            Category::ALL,
            Category::as_str,
            Category::label_sv,
            of("category"),
        ),
        responsible: ref_counts(by_responsible, &orgs),
    })
}

/// One facet value per value of an enum (`Phase::ALL`, …) with its Swedish label, and its
/// count among the `counts` by stored value (0 where it has none). Also used by the API
/// catalogue.
pub(in crate::store) fn enum_counts<E: Copy>(
    all: &[E],
    value: fn(E) -> &'static str,
    label: fn(E) -> &'static str,
    counts: &HashMap<String, i64>,
) -> Vec<FacetCount> {
    all.iter()
        .map(|&e| FacetCount {
            value: Some(value(e).to_string()),
            label: Some(label(e).to_string()),
            count: counts.get(value(e)).copied().unwrap_or(0),
        })
        .collect()
}

/// One facet value per entry referred to (None: the entries that refer to none), labelled
/// with its name; the most counted first. Also used by the API catalogue.
pub(in crate::store) fn ref_counts(
    counts: Vec<(Option<String>, i64)>,
    names: &HashMap<String, EntryRef>,
) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .into_iter()
        .map(|(id, n)| FacetCount {
            label: id
                .as_ref()
                .and_then(|id| names.get(id))
                .map(|o| o.name.clone()),
            value: id,
            count: n,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    v
}

/// An input with its references resolved to ids.
pub struct ResolvedInput {
    input: BuildingBlockInput,
    responsible_id: Option<String>,
    analysis_lead_id: Option<String>,
    depends_on: Vec<String>,
    /// The phase a mirrored entry has at its origin.
    mirrored_phase: Option<Phase>,
}

impl Crud for Row {
    type Input = BuildingBlockInput;
    type Resolved = ResolvedInput;

    /// The slug must be free; then the references resolve, and the dependencies may not
    /// close a cycle through this block (a new block cannot close one: nothing depends on it
    /// yet).
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: BuildingBlockInput,
    ) -> Result<ResolvedInput> {
        slug_free!(conn, building_blocks, ctx, id, &i.slug);
        let responsible_id = i
            .responsible
            .as_deref()
            .map(|r| refs::organisations::resolve(conn, "responsible", r))
            .transpose()?;
        let analysis_lead_id = i
            .analysis_lead
            .as_deref()
            .map(|r| refs::organisations::resolve(conn, "analysisLead", r))
            .transpose()?;
        let current: (Option<String>, Option<String>) = t::building_blocks
            .find(id)
            .select((t::responsible_id, t::analysis_lead_id))
            .first(conn)
            .optional()?
            .unwrap_or_default();
        let (kind, lead) = (Appointed::BuildingBlock, &analysis_lead_id);
        appointments::check_appointees(conn, ctx, kind, &current, &responsible_id, lead)?;
        let depends_on = refs::building_blocks::resolve_all(conn, "dependsOn", &i.depends_on)?;
        refuse_cycle(conn, id, &i.slug, &depends_on)?;
        Ok(ResolvedInput {
            mirrored_phase: ctx.mirror.as_ref().and(i.phase),
            input: i,
            responsible_id,
            analysis_lead_id,
            depends_on,
        })
    }

    fn set(&mut self, r: &ResolvedInput) -> Result<()> {
        let i = &r.input;
        self.slug = i.slug.clone();
        self.source = i.source.clone();
        self.name = i.name.clone();
        self.description = i.description.clone();
        self.purpose = i.purpose.clone();
        self.category = i.category.as_str().into();
        self.responsible_id = r.responsible_id.clone();
        self.analysis_lead_id = r.analysis_lead_id.clone();
        [
            self.analysis_funding,
            self.analysis_legal,
            self.analysis_risk,
            self.analysis_benefit,
        ] = phases::analysis_columns(&i.analyses);
        self.value_propositions = entry::to_json(&i.value_propositions)?;
        self.related_external = entry::to_json(&i.related_external)?;
        self.phase = crate::store::phase_subject::phase_after_write(&self.phase, r.mirrored_phase);
        Ok(())
    }

    fn write_links(&self, conn: &mut DbConnection, r: &ResolvedInput, _: bool) -> Result<()> {
        write_join_rows!(
            conn,
            dep::building_block_dependencies,
            dep::block_id,
            &self.id,
            dep::depends_on_id,
            &r.depends_on,
            true
        );
        Ok(())
    }

    phase_subject_hooks!(Appointed::BuildingBlock, "building block");
}

/// Refuses dependencies of block `id` that would close a cycle through it.
fn refuse_cycle(conn: &mut DbConnection, id: &str, slug: &str, targets: &[String]) -> Result<()> {
    if targets.is_empty() || !reaches_back(conn, id, targets)? {
        return Ok(());
    }
    let all: Vec<(String, String)> = dep::building_block_dependencies
        .select((dep::block_id, dep::depends_on_id))
        .load(conn)?;
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    for (from, to) in all.into_iter().filter(|(from, _)| from != id) {
        edges.entry(from).or_default().push(to);
    }
    if let Some(cycle) = graph::cycle_through(&edges, id, targets) {
        let names = refs::building_blocks::refs(conn, &cycle)?;
        let path: Vec<String> = cycle
            .iter()
            .map(|c| {
                names
                    .get(c)
                    .and_then(|r| r.slug.clone())
                    .unwrap_or_else(|| slug.to_string())
            })
            .collect();
        // A rule over the stored graph, beyond what the document can state.
        return Err(Error::rule(
            "dependsOn",
            format!("would create a dependency cycle: {}", path.join(" → ")),
        ));
    }
    Ok(())
}

/// Whether a target is `id` or depends on it, directly or not: only then can depending on the
/// targets close a cycle. Walks the blocks that depend on `id` level by level, through the
/// index on `depends_on_id`; a new block has none, so its check costs one query.
fn reaches_back(conn: &mut DbConnection, id: &str, targets: &[String]) -> Result<bool> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut frontier = vec![id.to_string()];
    while !frontier.is_empty() {
        if targets.iter().any(|t| t == id || seen.contains(t)) {
            return Ok(true);
        }
        let mut next = vec![];
        for chunk in frontier.chunks(500) {
            let found: Vec<String> = dep::building_block_dependencies
                .filter(dep::depends_on_id.eq_any(chunk))
                .select(dep::block_id)
                .load(conn)?;
            next.extend(found.into_iter().filter(|b| seen.insert(b.clone())));
        }
        frontier = next;
    }
    Ok(targets.iter().any(|t| t == id || seen.contains(t)))
}

/// The block as a phase decision sees it: (id, origin, version, the rule inputs).
pub(in crate::store) fn phase_subject(
    conn: &mut DbConnection,
    key: &Key,
) -> Result<(String, String, i64, domain::phases::Subject)> {
    let r = find(conn, key)?;
    let subject = domain::phases::Subject {
        phase: entry::parse_enum(&r.phase)?,
        has_responsible: r.responsible_id.is_some(),
        analyses: phases::analyses([
            &r.analysis_funding,
            &r.analysis_legal,
            &r.analysis_risk,
            &r.analysis_benefit,
        ])?,
    };
    Ok((r.id, r.origin, r.version, subject))
}

/// The input that would store the block as it is (references by id): what an edit starts from.
pub fn to_input(b: &BuildingBlock) -> openapi::BuildingBlockInput {
    openapi::BuildingBlockInput {
        slug: b.slug.clone(),
        name: b.name.clone(),
        description: b.description.clone(),
        purpose: b.purpose.clone(),
        category: b.category,
        phase: Some(b.phase),
        responsible: b.responsible.as_ref().map(ref_key),
        analysis_lead: b.analysis_lead.as_ref().map(ref_key),
        analyses: b.analyses,
        value_propositions: b.value_propositions.clone(),
        depends_on: b.depends_on.iter().map(ref_key).collect(),
        related_external: b.related_external.clone(),
        source: b.source.clone(),
    }
}

/// A reference as a person reads it back: the slug, or the id where there is none.
fn ref_key(r: &EntryRef) -> String {
    r.slug.clone().unwrap_or_else(|| r.id.to_string())
}
