-- What a DCAT-AP-SE data service carries beyond the register's own fields (issue 15), kept
-- so that an agency's catalogue imported and exported again loses nothing: its own
-- dct:identifier, a contact telephone, and in `dcat` a JSON object of IRI lists (dct:type,
-- foaf:page, dcatap:hvdCategory, dcatap:applicableLegislation, dcat:servesDataset) and the
-- English keywords. An unstated status or access right is the empty string (the columns stay
-- NOT NULL on both backends; the store reads '' as absent).
ALTER TABLE apis ADD COLUMN identifier TEXT;
ALTER TABLE apis ADD COLUMN contact_telephone TEXT;
ALTER TABLE apis ADD COLUMN dcat TEXT NOT NULL DEFAULT '{}';
-- A re-import matches a service by its dct:identifier within its publisher's APIs.
CREATE INDEX apis_identifier ON apis (publisher_id, identifier);

-- The dcat:Datasets of imported catalogues, kept as their publisher described them (the
-- dataset, its distributions and what hangs from them, as N-Triples with blank nodes named
-- under the dataset's IRI) and exported again with the publisher's catalogue.
CREATE TABLE catalog_datasets (
    iri TEXT PRIMARY KEY NOT NULL,
    publisher_id TEXT NOT NULL REFERENCES organisations (id),
    description TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX catalog_datasets_publisher ON catalog_datasets (publisher_id, iri);

-- What imported catalogues say about the resources their services and datasets refer to
-- (concepts with their labels and schemes, media types, legislation), by IRI: exported with
-- what refers to them, so that the export carries the labels and classes DCAT-AP requires.
CREATE TABLE catalog_terms (
    iri TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
