//! The register itself: organisations and their roles, building blocks, base-data domains,
//! competence areas, governing documents, plans and milestones, funding needs and benefits,
//! phase decisions and idea candidates, adoption of the shared services, with the references and views between them.

// First: its macro serves the subjects below.
#[macro_use]
pub mod phase_subject;

pub mod adoption;
pub mod appointments;
pub mod base_data_domains;
pub mod benefits;
pub mod building_blocks;
pub mod competence_areas;
pub mod decisions;
pub mod documents;
pub mod forum_meetings;
pub mod forums;
pub mod funding_needs;
pub mod idea_candidates;
pub mod milestones;
pub mod organisations;
pub mod phase_decisions;
pub mod plans;
pub mod refs;
pub mod role_assignments;
pub mod scope;
pub mod views;
