//! The node that owns the database. A slug is unique within an origin only: a node that mirrors
//! another holds, say, two `digg`s, its own and the other node's, and a slug must then name its
//! own (in a lookup, in a reference sent by a client, in the permission check of a write).
//! Every query that resolves a slug asks the database which node is its own (`ours_first!`),
//! so the server, the command line and the tests resolve alike, with nothing to pass along.

use diesel::prelude::*;

use crate::error::{Error, Result};
use crate::store::schema::node_identity::dsl as t;
use crate::store::DbConnection;

/// The node id this database was first opened with, if it has been.
pub fn node_id(conn: &mut DbConnection) -> Result<Option<String>> {
    Ok(t::node_identity
        .select(t::node_id)
        .filter(t::id.eq(1))
        .first(conn)
        .optional()?)
}

/// Records `node` as the database's owner on its first start; a later start as another node is
/// refused, since the entries stored as this node's would become another's.
pub fn claim(conn: &mut DbConnection, node: &str) -> Result<()> {
    crate::store::write(conn, |c| match node_id(c)? {
        Some(owner) if owner == node => Ok(()),
        Some(owner) => Err(Error::Internal(anyhow::anyhow!(
            "this database belongs to node '{owner}', not '{node}': start with --node-id {owner}, \
             or give node '{node}' a database of its own"
        ))),
        None => {
            diesel::insert_into(t::node_identity)
                .values((t::id.eq(1), t::node_id.eq(node)))
                .execute(c)?;
            Ok(())
        }
    })
}
