//! The register's collections, declared once for every crate that needs the list: the
//! service's store modules, routes and OpenAPI parts, the mirror's dispatch of a peer's
//! changes, and the client's typed collections are generated from it. Adding a collection
//! is one line here plus its own modules (see the README's layout section).

/// Calls `$then!` with every collection, one per line:
/// `module: "path-segment", WireType, InputType, mirroring, ("Svenska", "English");` where the
/// pair names the collection's entries for people (the web interface), `module` names the
/// collection's module in the service's `store` and `http` (and the client's method), and
/// `mirroring` says how a peer's change to an entry is applied: `crud` (created, replaced or
/// deleted as a client's write would be), `as_is` (an entry with a life cycle of its own,
/// stored as its origin holds it), `append` (append-only: a held entry is never changed).
///
/// In an order where what an entry refers to is declared before it (a block's responsible
/// organisation, a presentation's forum meeting, a connection's service): a backup is
/// restored in this order.
#[macro_export]
macro_rules! collections {
    ($then:ident) => {
        $then! {
            organisations: "organisations", Organisation, OrganisationInput, crud, ("Organisationer", "Organisations");
            building_blocks: "building-blocks", BuildingBlock, BuildingBlockInput, crud, ("Byggblock", "Building blocks");
            base_data_domains: "base-data-domains", BaseDataDomain, BaseDataDomainInput, crud, ("Grunddatadomäner", "Base data domains");
            competence_areas: "competence-areas", CompetenceArea, CompetenceAreaInput, crud, ("Kompetensområden", "Competence areas");
            role_assignments: "role-assignments", RoleAssignment, RoleAssignmentInput, crud, ("Rolltilldelningar", "Role assignments");
            forums: "forums", Forum, ForumInput, crud, ("Forum", "Forums");
            forum_meetings: "forum-meetings", ForumMeeting, ForumMeetingInput, crud, ("Forummöten", "Forum meetings");
            documents: "documents", Document, DocumentInput, as_is, ("Styrdokument", "Governing documents");
            plans: "plans", Plan, PlanInput, crud, ("Planer", "Plans");
            milestones: "milestones", Milestone, MilestoneInput, crud, ("Milstolpar", "Milestones");
            funding_needs: "funding-needs", FundingNeed, FundingNeedInput, crud, ("Finansieringsbehov", "Funding needs");
            benefits: "benefits", Benefit, BenefitInput, crud, ("Nyttor", "Benefits");
            phase_decisions: "phase-decisions", PhaseDecision, PhaseDecisionInput, append, ("Fasbeslut", "Phase decisions");
            decisions: "decisions", Decision, DecisionInput, append, ("Beslut", "Decisions");
            idea_candidates: "idea-candidates", IdeaCandidate, IdeaCandidateInput, as_is, ("Idékandidater", "Idea candidates");
            apis: "apis", Api, ApiInput, crud, ("API:er", "APIs");
            shared_services: "shared-services", SharedService, SharedServiceInput, crud, ("Samordnade tjänster", "Shared services");
            connections: "connections", Connection, ConnectionInput, crud, ("Anslutningar", "Connections");
            service_reports: "service-reports", ServiceReport, ServiceReportInput, crud, ("Årsrapporter om tjänster", "Service reports");
            indicator_years: "indicator-years", IndicatorYear, IndicatorYearInput, crud, ("Nämnare per år", "Denominators per year");
        }
    };
}
