DROP TABLE node_identity;
