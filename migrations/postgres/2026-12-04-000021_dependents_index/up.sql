-- A block's dependents (the block page, /dependents) are found by what they depend on.
CREATE INDEX building_block_dependencies_depends_on ON building_block_dependencies (depends_on_id, block_id);
