//! The hierarchy of governing documents, levels 1 → 2 → 3, as it is in force.

use super::*;

/// The hierarchy 1 → 2 → 3 of the documents that are not superseded or repealed (only those
/// in force with `in_force_only`). A child hangs under the version of its parent's document
/// that is shown, whichever version it names.
pub fn tree(conn: &mut DbConnection, in_force_only: bool) -> Result<Vec<DocumentTreeNode>> {
    let mut q = t::documents.into_boxed();
    q = if in_force_only {
        q.filter(t::status.eq(DocumentStatus::Beslutat.as_str()))
    } else {
        q.filter(t::status.ne_all([
            DocumentStatus::Ersatt.as_str(),
            DocumentStatus::Upphavt.as_str(),
        ]))
    };
    let rows: Vec<Row> = q
        .order((t::level, t::id))
        .select(Row::as_select())
        .load(conn)?;
    // Which identity each parent id belongs to (parents may be older versions).
    let parent_ids: Vec<String> = rows.iter().filter_map(|r| r.parent_id.clone()).collect();
    let identities: HashMap<String, String> = if parent_ids.is_empty() {
        HashMap::new()
    } else {
        t::documents
            .select((t::id, t::identity_id))
            .filter(t::id.eq_any(&parent_ids))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    let refs = Row::load_refs(conn, &rows)?;
    let mut children: HashMap<String, Vec<usize>> = HashMap::new();
    let mut roots = vec![];
    let shown: HashSet<&str> = rows.iter().map(|r| r.identity_id.as_str()).collect();
    for (n, r) in rows.iter().enumerate() {
        match r
            .parent_id
            .as_ref()
            .and_then(|p| identities.get(p))
            .filter(|i| shown.contains(i.as_str()))
        {
            Some(identity) => children.entry(identity.clone()).or_default().push(n),
            None if r.level == 1 => roots.push(n),
            // A document whose parent is not shown (superseded, repealed or not in force)
            // is shown at the top, so that nothing in view is lost.
            None => roots.push(n),
        }
    }
    fn build(
        n: usize,
        rows: &[Row],
        refs: &Refs,
        children: &HashMap<String, Vec<usize>>,
        depth: usize,
    ) -> Result<DocumentTreeNode> {
        let r = &rows[n];
        let kids = if depth > 3 {
            vec![]
        } else {
            children
                .get(&r.identity_id)
                .into_iter()
                .flatten()
                .map(|c| build(*c, rows, refs, children, depth + 1))
                .collect::<Result<_>>()?
        };
        Ok(DocumentTreeNode {
            document: r.to_wire(refs)?,
            children: kids,
        })
    }
    roots
        .into_iter()
        .map(|n| build(n, &rows, &refs, &children, 1))
        .collect()
}
