-- A block's dependents (the block page, /dependents) are found by what they depend on.
CREATE INDEX building_block_dependencies_depends_on ON building_block_dependencies (depends_on_id, block_id);
-- Entries are named by slug in paths and references; the unique (origin, slug) index cannot
-- find a slug without its origin, so each lookup by slug scanned the whole table.
CREATE INDEX organisations_slug ON organisations (slug, origin);
CREATE INDEX building_blocks_slug ON building_blocks (slug, origin);
CREATE INDEX base_data_domains_slug ON base_data_domains (slug, origin);
CREATE INDEX competence_areas_slug ON competence_areas (slug, origin);
CREATE INDEX plans_slug ON plans (slug, origin);
