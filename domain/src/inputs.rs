//! Each input with the rule that checks it: what the service calls before it reads anything
//! stored (`Validate`), from the modules that hold the rules.

use openapi::*;

use crate::{adoption, forums, validate, Invalid};

type Result<T> = std::result::Result<T, Invalid>;

/// An input with rules of its own, checked before anything stored is read.
pub trait Validate {
    fn validate(&self) -> Result<()>;
}

/// Each input type with the rule that checks it.
macro_rules! validated_by {
    ($($input:ty => $rule:path),+ $(,)?) => {
        $(impl Validate for $input {
            fn validate(&self) -> Result<()> {
                $rule(self)
            }
        })+
    };
}

validated_by! {
    OrganisationInput => validate::organisation,
    RoleAssignmentInput => validate::role_assignment,
    BuildingBlockInput => validate::building_block,
    BaseDataDomainInput => validate::base_data_domain,
    CompetenceAreaInput => validate::competence_area,
    DocumentInput => validate::document,
    PlanInput => validate::plan,
    MilestoneInput => validate::milestone,
    FundingNeedInput => validate::funding_need,
    BenefitInput => validate::benefit,
    ApiInput => validate::api,
    ForumInput => forums::forum,
    ForumMeetingInput => forums::meeting,
    SharedServiceInput => adoption::shared_service,
    ConnectionInput => adoption::connection,
    ServiceReportInput => adoption::service_report,
    IndicatorYearInput => adoption::indicator_year,
}
