-- Phase decisions (domain.md §2, §7): append-only records of a building block or base-data
-- domain moving from one phase to another. Exactly one of the two subjects is set.
CREATE TABLE phase_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    subject_kind TEXT NOT NULL,
    building_block_id TEXT REFERENCES building_blocks (id),
    base_data_domain_id TEXT REFERENCES base_data_domains (id),
    from_phase TEXT NOT NULL,
    phase TEXT NOT NULL,
    decision_date DATE NOT NULL,
    deciding_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    justification TEXT NOT NULL,
    CHECK ((building_block_id IS NULL) <> (base_data_domain_id IS NULL))
);
CREATE INDEX phase_decisions_building_block ON phase_decisions (building_block_id, id);
CREATE INDEX phase_decisions_base_data_domain ON phase_decisions (base_data_domain_id, id);
CREATE INDEX phase_decisions_organisation ON phase_decisions (deciding_organisation_id);

-- Governing documents' life cycle (domain.md §5): forum presentation, decision, repeal,
-- versions that keep the document's identity and link to the version they replace, and the
-- roles a level-1 document lets write level-2 documents under it (a JSON array of slugs).
ALTER TABLE documents ADD COLUMN presented_date DATE;
ALTER TABLE documents ADD COLUMN deciding_organisation_id TEXT REFERENCES organisations (id);
ALTER TABLE documents ADD COLUMN repealed_date DATE;
ALTER TABLE documents ADD COLUMN replaces_id TEXT REFERENCES documents (id);
ALTER TABLE documents ADD COLUMN identity_id TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN level2_author_roles TEXT NOT NULL DEFAULT '[]';
UPDATE documents SET identity_id = id;
CREATE INDEX documents_replaces ON documents (replaces_id);
CREATE INDEX documents_identity ON documents (identity_id);
CREATE INDEX documents_deciding ON documents (deciding_organisation_id);

-- Living plans (domain.md §6): each move of a milestone's due quarter, kept with the milestone.
CREATE TABLE milestone_moves (
    id TEXT PRIMARY KEY NOT NULL,
    milestone_id TEXT NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    from_due TEXT NOT NULL,
    to_due TEXT NOT NULL,
    moved_at TIMESTAMP NOT NULL
);
CREATE INDEX milestone_moves_milestone ON milestone_moves (milestone_id, id);
CREATE INDEX milestones_due ON milestones (due, status);

-- Idea candidates (domain.md §7): proposed needs that may become building blocks.
CREATE TABLE idea_candidates (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    title TEXT NOT NULL,
    need TEXT NOT NULL,
    proposer_id TEXT NOT NULL REFERENCES organisations (id),
    affected_actors TEXT NOT NULL,
    status TEXT NOT NULL,
    assessment TEXT,
    priority INTEGER,
    rejection_reason TEXT,
    building_block_id TEXT REFERENCES building_blocks (id)
);
CREATE INDEX idea_candidates_status ON idea_candidates (status, id);
CREATE INDEX idea_candidates_proposer ON idea_candidates (proposer_id);
CREATE INDEX idea_candidates_building_block ON idea_candidates (building_block_id);
