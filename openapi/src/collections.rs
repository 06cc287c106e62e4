//! The register's collections, declared once for every crate that needs the list: the
//! service's store modules, routes and OpenAPI parts, the mirror's dispatch of a peer's
//! changes, and the client's typed collections are generated from it. Adding a collection
//! is one line here plus its own modules (see the README's layout section).

/// Calls `$then!` with every collection, one per line:
/// `module: "path-segment", WireType, InputType, mirroring;` where `module` names the
/// collection's module in the service's `store` and `http` (and the client's method), and
/// `mirroring` says how a peer's change to an entry is applied: `crud` (created, replaced or
/// deleted as a client's write would be), `as_is` (an entry with a life cycle of its own,
/// stored as its origin holds it), `append` (append-only: a held entry is never changed).
#[macro_export]
macro_rules! collections {
    ($then:ident) => {
        $then! {
            organisations: "organisations", Organisation, OrganisationInput, crud;
            building_blocks: "building-blocks", BuildingBlock, BuildingBlockInput, crud;
            apis: "apis", Api, ApiInput, crud;
            funding_needs: "funding-needs", FundingNeed, FundingNeedInput, crud;
            benefits: "benefits", Benefit, BenefitInput, crud;
            competence_areas: "competence-areas", CompetenceArea, CompetenceAreaInput, crud;
            base_data_domains: "base-data-domains", BaseDataDomain, BaseDataDomainInput, crud;
            role_assignments: "role-assignments", RoleAssignment, RoleAssignmentInput, crud;
            documents: "documents", Document, DocumentInput, as_is;
            plans: "plans", Plan, PlanInput, crud;
            milestones: "milestones", Milestone, MilestoneInput, crud;
            phase_decisions: "phase-decisions", PhaseDecision, PhaseDecisionInput, append;
            decisions: "decisions", Decision, DecisionInput, append;
            idea_candidates: "idea-candidates", IdeaCandidate, IdeaCandidateInput, as_is;
            shared_services: "shared-services", SharedService, SharedServiceInput, crud;
            connections: "connections", Connection, ConnectionInput, crud;
            service_reports: "service-reports", ServiceReport, ServiceReportInput, crud;
            indicator_years: "indicator-years", IndicatorYear, IndicatorYearInput, crud;
            forums: "forums", Forum, ForumInput, crud;
            forum_meetings: "forum-meetings", ForumMeeting, ForumMeetingInput, crud;
        }
    };
}
