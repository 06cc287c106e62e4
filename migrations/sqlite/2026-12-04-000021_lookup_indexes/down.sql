DROP INDEX plans_slug;
DROP INDEX competence_areas_slug;
DROP INDEX base_data_domains_slug;
DROP INDEX building_blocks_slug;
DROP INDEX organisations_slug;
DROP INDEX building_block_dependencies_depends_on;
