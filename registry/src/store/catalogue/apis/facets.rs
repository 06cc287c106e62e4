//! The facet counts of the API list: per status, access rights, theme, organisation and
//! building block, under the same filters as the list.

use super::*;

fn by_ref(pairs: Vec<(String, i64)>, names: &HashMap<String, EntryRef>) -> Vec<FacetCount> {
    ref_counts(
        pairs.into_iter().map(|(id, n)| (Some(id), n)).collect(),
        names,
    )
}

/// Counts per status, access rights, theme, organisation and building block.
pub fn facets(conn: &mut DbConnection, f: &Filter) -> Result<ApiFacets> {
    let Some(r) = resolve_filter(conn, f)? else {
        let none = HashMap::new();
        return Ok(ApiFacets {
            total_count: 0,
            status: enum_counts(
                ApiStatus::ALL,
                ApiStatus::as_str,
                ApiStatus::label_sv,
                &none,
            ),
            access_rights: enum_counts(
                AccessRights::ALL,
                AccessRights::as_str,
                AccessRights::label_sv,
                &none,
            ),
            theme: enum_counts(
                DataTheme::ALL,
                DataTheme::as_str,
                DataTheme::label_sv,
                &none,
            ),
            organisation: vec![],
            building_block: vec![],
        });
    };
    let total = filtered(&r).count().get_result(conn)?;
    let grouped = |conn: &mut DbConnection, col: &str| -> Result<HashMap<String, i64>> {
        let rows: Vec<(String, i64)> = match col {
            "status" => t::apis
                .filter(predicate(&r))
                .group_by(t::status)
                .select((t::status, count_star()))
                .into_boxed()
                .load(conn)?,
            _ => t::apis
                .filter(predicate(&r))
                .group_by(t::access_rights)
                .select((t::access_rights, count_star()))
                .into_boxed()
                .load(conn)?,
        };
        Ok(rows.into_iter().collect())
    };
    let by_status = grouped(conn, "status")?;
    let by_access = grouped(conn, "access_rights")?;
    // Without filters (the catalogue's front page) the link tables are grouped directly.
    let unfiltered = r.organisation_ids.is_none()
        && r.block_id.is_none()
        && r.search.is_none()
        && r.f.status.is_none()
        && r.f.access_rights.is_none()
        && r.f.theme.is_none()
        && r.f.origin.is_none();
    let by_theme: HashMap<String, i64> = if unfiltered {
        th::api_themes
            .group_by(th::theme)
            .select((th::theme, count_star()))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect()
    } else {
        // One pass over the matching APIs: one indexed lookup per API and theme. (The
        // two-backend connection cannot nest the boxed filter in a grouped subquery.)
        let sums: Vec<String> = DataTheme::ALL
            .iter()
            .map(|theme| {
                format!(
                    "CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM api_themes x WHERE x.api_id = apis.id AND x.theme = '{}') THEN 1 ELSE 0 END), 0) AS TEXT)",
                    theme.as_str()
                )
            })
            .collect();
        let joined: String = t::apis
            .filter(predicate(&r))
            .select(sql::<Text>(&sums.join(" || ',' || ")))
            .into_boxed()
            .first(conn)?;
        DataTheme::ALL
            .iter()
            .zip(joined.split(','))
            .map(|(theme, n)| (theme.as_str().to_string(), n.trim().parse().unwrap_or(0)))
            .collect()
    };
    let by_org: Vec<(String, i64)> = t::apis
        .filter(predicate(&r))
        .group_by(t::publisher_id)
        .select((t::publisher_id, count_star()))
        .into_boxed()
        .load(conn)?;
    let org_ids: Vec<String> = by_org.iter().map(|(id, _)| id.clone()).collect();
    let orgs = refs::organisations::refs(conn, &org_ids)?;
    // Building blocks: grouped directly without filters, else one count per block that has
    // APIs, through the list's own filter.
    let by_block: Vec<(String, i64)> = if unfiltered {
        ab::api_building_blocks
            .group_by(ab::building_block_id)
            .select((ab::building_block_id, count_star()))
            .load(conn)?
    } else {
        let linked: Vec<String> = ab::api_building_blocks
            .select(ab::building_block_id)
            .distinct()
            .load(conn)?;
        let mut by_block: Vec<(String, i64)> = vec![];
        for block in linked {
            if r.block_id.as_ref().is_some_and(|b0| *b0 != block) {
                continue;
            }
            let one = Query {
                block_id: Some(block.clone()),
                ..r.clone()
            };
            let n: i64 = filtered(&one).count().get_result(conn)?;
            if n > 0 {
                by_block.push((block, n));
            }
        }
        by_block
    };
    let block_ids: Vec<String> = by_block.iter().map(|(id, _)| id.clone()).collect();
    let blocks = refs::building_blocks::refs(conn, &block_ids)?;
    Ok(ApiFacets {
        total_count: total,
        status: enum_counts(
            ApiStatus::ALL,
            ApiStatus::as_str,
            ApiStatus::label_sv,
            &by_status,
        ),
        access_rights: enum_counts(
            AccessRights::ALL,
            AccessRights::as_str,
            AccessRights::label_sv,
            &by_access,
        ),
        theme: enum_counts(
            DataTheme::ALL,
            DataTheme::as_str,
            DataTheme::label_sv,
            &by_theme,
        ),
        organisation: by_ref(by_org, &orgs),
        building_block: by_ref(by_block, &blocks),
    })
}
