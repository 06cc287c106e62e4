//! The integration suite, one binary: each file beside this one is a module of it, and a new
//! test file is named here. Every test starts the real server (`integration_tests::spawn_app`)
//! and talks HTTP to it, on SQLite and on PostgreSQL.

mod adoption;
mod api_documents;
mod apis;
mod appointments;
mod auth;
mod backup;
mod building_blocks;
mod catalog;
mod catalog_import;
mod dcat_roundtrip;
mod decisions;
mod documents_lifecycle;
mod federation;
mod forums;
mod funding_and_benefits;
mod governance;
mod governance_permissions;
mod hostile_input;
mod http_semantics;
mod idea_candidates;
mod oidc;
mod organisation_roles;
mod organisations;
mod origin_filter;
mod outbound_guard;
mod permissions;
mod phase_decisions;
mod plans_and_graph;
mod schema_parity;
mod search_index;
mod service;
mod sources;
mod ui_api_forms;
mod ui_catalogue;
mod ui_crawl;
mod ui_figures;
mod ui_forms;
mod ui_governance;
mod ui_pages;
mod ui_session;
