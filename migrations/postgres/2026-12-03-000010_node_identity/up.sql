-- The node that owns this database, recorded at its first start: slugs resolve to this node's
-- own entry first (a mirror holds several origins' entries of one slug), in the server, the
-- command line and the tests alike, and a start with another node id is refused.
CREATE TABLE node_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    node_id TEXT NOT NULL
);
