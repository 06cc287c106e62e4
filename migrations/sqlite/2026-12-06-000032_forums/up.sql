-- Forums (001 §4.1.2.2, §4.1.3): the coordination forums the infrastructure owner convenes,
-- their members and meetings; a document's presentation refers to the meeting it was at.
CREATE TABLE forums (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    convener_id TEXT NOT NULL REFERENCES organisations (id),
    purpose TEXT,
    source TEXT,
    UNIQUE (origin, slug)
);

CREATE TABLE forum_members (
    forum_id TEXT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (forum_id, organisation_id)
);

CREATE TABLE forum_meetings (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    forum_id TEXT NOT NULL REFERENCES forums (id),
    meeting_date DATE NOT NULL,
    agenda TEXT NOT NULL,
    minutes_reference TEXT,
    source TEXT
);
CREATE INDEX forum_meetings_forum ON forum_meetings (forum_id, meeting_date);

ALTER TABLE documents ADD COLUMN presented_meeting_id TEXT REFERENCES forum_meetings (id);
