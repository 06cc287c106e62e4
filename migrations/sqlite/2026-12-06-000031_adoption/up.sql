-- Adoption (report 000): shared services, the organisations' connections to them, the
-- suppliers' yearly reports, and each year's denominators of the first two indicators.
CREATE TABLE shared_services (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    supplier_id TEXT NOT NULL REFERENCES organisations (id),
    building_block_id TEXT REFERENCES building_blocks (id),
    unit TEXT,
    agreed_hours BOOLEAN NOT NULL,
    description TEXT,
    source TEXT,
    UNIQUE (origin, slug)
);
CREATE INDEX shared_services_block ON shared_services (building_block_id);

CREATE TABLE connections (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    service_id TEXT NOT NULL REFERENCES shared_services (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    interest_on DATE,
    agreement_on DATE,
    connected_on DATE,
    left_on DATE,
    note TEXT,
    source TEXT
);
CREATE INDEX connections_service ON connections (service_id);
CREATE INDEX connections_organisation ON connections (organisation_id);

CREATE TABLE service_reports (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    service_id TEXT NOT NULL REFERENCES shared_services (id),
    year INTEGER NOT NULL,
    units DOUBLE PRECISION,
    full_cost_sek DOUBLE PRECISION,
    fee_sek DOUBLE PRECISION,
    availability_percent DOUBLE PRECISION,
    satisfaction DOUBLE PRECISION,
    answers TEXT NOT NULL,
    note TEXT,
    source TEXT
);
CREATE INDEX service_reports_service ON service_reports (service_id, year);

CREATE TABLE indicator_years (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    year INTEGER NOT NULL,
    state_agencies BIGINT NOT NULL,
    preparedness_agencies BIGINT NOT NULL,
    source TEXT
);
CREATE INDEX indicator_years_year ON indicator_years (year);
