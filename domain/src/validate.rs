//! Shape rules for each kind of input: what can be decided without looking at stored data.
//! Every rule that fails is reported, so a client fixes a request in one round.

use openapi::*;

use super::identifiers::{
    organisation_number_problem, slug_problem, url_problem, Quarter, CHECK_DIGIT_WRONG,
};
use crate::{Errors, Invalid};

type Result<T> = std::result::Result<T, Invalid>;

/// An input with rules of its own, checked before anything stored is read.
pub trait Validate {
    fn validate(&self) -> Result<()>;
}

/// Declares the rule that checks an input type, beside the rule.
macro_rules! validated_by {
    ($($input:ty => $rule:path),+ $(,)?) => {
        $(impl $crate::validate::Validate for $input {
            fn validate(&self) -> std::result::Result<(), $crate::Invalid> {
                $rule(self)
            }
        })+
    };
}
pub(crate) use validated_by;

const NAME_MAX: usize = 300;
const TEXT_MAX: usize = 20_000;
const SOURCE_MAX: usize = 500;

pub(crate) fn slug(e: &mut Errors, field: &str, value: &str) {
    if let Some(p) = slug_problem(value) {
        e.add(field, p);
    }
}

pub(crate) fn name(e: &mut Errors, field: &str, value: &str) {
    if value.trim().is_empty() {
        e.add(field, "must not be empty");
    } else if value.chars().count() > NAME_MAX {
        e.add(field, format!("must be at most {NAME_MAX} characters"));
    }
}

pub(crate) fn text(e: &mut Errors, field: &str, value: &str) {
    if value.chars().count() > TEXT_MAX {
        e.add(field, format!("must be at most {TEXT_MAX} characters"));
    }
}

fn url(e: &mut Errors, field: &str, value: &Option<String>) {
    if let Some(p) = value.as_deref().and_then(url_problem) {
        e.add(field, p);
    }
}

/// The years the register takes, in entries and in `year` parameters alike
/// (`schema(minimum = 2000, maximum = 2100)`).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The years the register takes, as its messages name them: "2000 and 2100".
pub fn years() -> String {
    format!("{} and {}", YEARS.start(), YEARS.end())
}

/// A year as the register takes it (`YEARS`).
pub(crate) fn year(e: &mut Errors, value: i32) {
    if !YEARS.contains(&value) {
        e.add("year", format!("must be between {}", years()));
    }
}

/// A citation: where an entry's facts come from (`strings::Source`). The characters no text
/// may hold are refused for every string alike (`domain::text`).
pub(crate) fn source(e: &mut Errors, value: &Option<String>) {
    let Some(v) = value else { return };
    if v.trim().is_empty() {
        e.add("source", "must not be empty when given");
    } else if v.chars().count() > SOURCE_MAX {
        e.add("source", format!("must be at most {SOURCE_MAX} characters"));
    }
}

fn unique_refs(e: &mut Errors, field: &str, refs: &[String]) {
    for (i, r) in refs.iter().enumerate() {
        if refs[..i].contains(r) {
            e.add(format!("{field}[{i}]"), format!("'{r}' is listed twice"));
        }
    }
}

pub fn organisation(i: &OrganisationInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    if let Some(s) = &i.short_name {
        name(&mut e, "shortName", s);
    }
    if let Some(p) = i
        .organisation_number
        .as_deref()
        .and_then(organisation_number_problem)
    {
        // The pattern is in the document; the check digit is beyond any schema.
        if p == CHECK_DIGIT_WRONG {
            e.rule("organisationNumber", p);
        } else {
            e.add("organisationNumber", p);
        }
    }
    url(&mut e, "website", &i.website);
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(OrganisationInput => organisation);

pub fn role_assignment(i: &RoleAssignmentInput) -> Result<()> {
    let mut e = Errors::default();
    let wanted = match i.role {
        Role::Infrastrukturansvarig => None,
        Role::Byggblocksansvarig => Some("buildingBlock"),
        Role::Grunddatadomanansvarig | Role::Grunddataproducent => Some("baseDataDomain"),
        Role::Kompetensomradesansvarig => Some("competenceArea"),
    };
    for (field, given) in [
        ("buildingBlock", i.building_block.is_some()),
        ("baseDataDomain", i.base_data_domain.is_some()),
        ("competenceArea", i.competence_area.is_some()),
    ] {
        if Some(field) == wanted && !given {
            e.rule(field, format!("is required for the role {}", i.role));
        } else if Some(field) != wanted && given {
            e.rule(field, format!("does not apply to the role {}", i.role));
        }
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(RoleAssignmentInput => role_assignment);

pub fn building_block(i: &BuildingBlockInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    text(&mut e, "description", &i.description);
    text(&mut e, "purpose", &i.purpose);
    for (n, v) in i.value_propositions.iter().enumerate() {
        name(&mut e, &format!("valuePropositions[{n}]"), v);
    }
    unique_refs(&mut e, "dependsOn", &i.depends_on);
    if i.depends_on.contains(&i.slug) {
        e.rule("dependsOn", "a building block cannot depend on itself");
    }
    for (n, x) in i.related_external.iter().enumerate() {
        name(&mut e, &format!("relatedExternal[{n}].name"), &x.name);
        url(&mut e, &format!("relatedExternal[{n}].url"), &x.url);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(BuildingBlockInput => building_block);

pub fn base_data_domain(i: &BaseDataDomainInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    text(&mut e, "description", &i.description);
    unique_refs(&mut e, "producers", &i.producers);
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(BaseDataDomainInput => base_data_domain);

pub fn competence_area(i: &CompetenceAreaInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    text(&mut e, "description", &i.description);
    unique_refs(&mut e, "contributors", &i.contributors);
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(CompetenceAreaInput => competence_area);

fn scope(e: &mut Errors, s: &ScopeInput) {
    match (s.kind, &s.subject) {
        (ScopeKind::Infrastruktur, Some(_)) => e.rule(
            "scope.subject",
            "does not apply to the whole infrastructure",
        ),
        (ScopeKind::Infrastruktur, None) => {}
        (kind, None) => e.rule("scope.subject", format!("is required for scope {kind}")),
        (_, Some(_)) => {}
    }
}

pub fn document(i: &DocumentInput) -> Result<()> {
    let mut e = Errors::default();
    name(&mut e, "title", &i.title);
    if !(1..=3).contains(&i.level) {
        e.add("level", "must be 1, 2 or 3");
    }
    match (i.level, &i.parent) {
        (1, Some(_)) => e.rule("parent", "a level-1 document has no parent"),
        (2, None) => e.rule("parent", "a level-2 document interprets a level-1 document"),
        (3, None) => e.rule("parent", "a level-3 document supports a level-2 document"),
        _ => {}
    }
    if let Some(p) = &i.parent {
        if uuid::Uuid::parse_str(p).is_err() {
            e.add("parent", "must be the id of a document");
        }
    }
    scope(&mut e, &i.scope);
    if (1..=3).contains(&i.level) {
        if let Some(p) = super::documents::level2_roles_problem(i.level, &i.level2_author_roles) {
            e.rule("level2AuthorRoles", p);
        }
    }
    for (n, r) in i.level2_author_roles.iter().enumerate() {
        if i.level2_author_roles[..n].contains(r) {
            e.add(
                format!("level2AuthorRoles[{n}]"),
                format!("'{r}' is listed twice"),
            );
        }
    }
    if let Some(v) = &i.document_version {
        name(&mut e, "documentVersion", v);
    }
    url(&mut e, "link", &i.link);
    e.into_result()
}
validated_by!(DocumentInput => document);

pub fn plan(i: &PlanInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    text(&mut e, "description", &i.description);
    scope(&mut e, &i.scope);
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(PlanInput => plan);

pub fn phase_decision(i: &PhaseDecisionInput) -> Result<()> {
    let mut e = Errors::default();
    name(&mut e, "reference", &i.reference);
    if i.reference.starts_with("http://") || i.reference.starts_with("https://") {
        url(&mut e, "reference", &Some(i.reference.clone()));
    }
    name(&mut e, "decidingOrganisation", &i.deciding_organisation);
    text(&mut e, "justification", &i.justification);
    source(&mut e, &i.source);
    e.into_result()
}

pub fn milestone(i: &MilestoneInput) -> Result<()> {
    let mut e = Errors::default();
    if i.number < 1 {
        e.add("number", "must be 1 or more");
    }
    name(&mut e, "description", &i.description);
    if let Err(p) = i.due.parse::<Quarter>() {
        e.add("due", p);
    }
    text(&mut e, "doneCriteria", &i.done_criteria);
    text(&mut e, "area", &i.area);
    text(&mut e, "responsible", &i.responsible);
    e.into_result()
}
validated_by!(MilestoneInput => milestone);

/// A quadrillion SEK: far above any budget, and low enough that the needs of a year, summed in
/// the database, cannot overflow a 64-bit integer.
const AMOUNT_KSEK_MAX: i64 = 1_000_000_000_000;

pub fn funding_need(i: &FundingNeedInput) -> Result<()> {
    let mut e = Errors::default();
    year(&mut e, i.year);
    match (i.estimate, i.amount_ksek) {
        (Estimate::Uppskattad, None) => e.rule("amountKsek", "is required when estimated"),
        (Estimate::EjUppskattad, Some(_)) => e.rule(
            "amountKsek",
            "must be absent when not yet estimated (not yet estimated is not zero)",
        ),
        (_, Some(a)) if a < 0 => e.add("amountKsek", "must not be negative"),
        (_, Some(a)) if a > AMOUNT_KSEK_MAX => e.add(
            "amountKsek",
            format!("must be at most {AMOUNT_KSEK_MAX} (thousands of SEK)"),
        ),
        _ => {}
    }
    if let Some(n) = &i.note {
        text(&mut e, "note", n);
    }
    if let Some(l) = &i.label {
        name(&mut e, "label", l);
    }
    if let Err((field, message)) = crate::funding::subject_kind(i) {
        e.rule(field, message);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(FundingNeedInput => funding_need);

pub fn decision(i: &DecisionInput) -> Result<()> {
    let mut e = Errors::default();
    if let Some(r) = &i.reference {
        name(&mut e, "reference", r);
    }
    if i.text.trim().is_empty() {
        e.add("text", "must say what was decided");
    }
    text(&mut e, "text", &i.text);
    scope(&mut e, &i.scope);
    source(&mut e, &i.source);
    e.into_result()
}

pub fn benefit(i: &BenefitInput) -> Result<()> {
    let mut e = Errors::default();
    if i.category.is_none() && i.building_blocks.is_empty() {
        e.rule(
            "category",
            "a benefit belongs to a category or to building blocks",
        );
    }
    unique_refs(&mut e, "buildingBlocks", &i.building_blocks);
    for (n, b) in i.beneficiaries.iter().enumerate() {
        if i.beneficiaries[..n].contains(b) {
            e.add(
                format!("beneficiaries[{n}]"),
                format!("'{b}' is listed twice"),
            );
        }
    }
    if i.value_sek < 0 {
        e.add("valueSek", "must not be negative");
    }
    if !(1..=100).contains(&i.years) {
        e.add("years", "must be between 1 and 100");
    }
    text(&mut e, "description", &i.description);
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(BenefitInput => benefit);

const KEYWORD_MAX: usize = 100;
const LIST_MAX: usize = 50;

/// Why an email address is not acceptable, if it is not: one `@` with a local part and a
/// dotted domain, no spaces, at most 254 characters.
pub fn email_problem(email: &str) -> Option<&'static str> {
    if email.len() > 254 {
        return Some("must be at most 254 characters");
    }
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.contains(char::is_whitespace) =>
        {
            None
        }
        _ => Some("must be an email address such as api@myndighet.se"),
    }
}

fn list_len<T>(e: &mut Errors, field: &str, v: &[T]) {
    if v.len() > LIST_MAX {
        e.add(field, format!("must have at most {LIST_MAX} entries"));
    }
}

/// Where an organisation publishes its catalogue, and how often to harvest it.
pub fn catalog_source(i: &CatalogSourceInput) -> Result<()> {
    let mut e = Errors::default();
    url(&mut e, "url", &Some(i.url.clone()));
    if !(1..=168).contains(&i.interval_hours) {
        e.add("intervalHours", "must be from 1 to 168 hours");
    }
    e.into_result()
}

/// Why a telephone number is not acceptable, if it is not (the `Telephone` shape).
pub fn telephone_problem(t: &str) -> Option<&'static str> {
    let body = t.strip_prefix('+').unwrap_or(t);
    let ok = (3..=40).contains(&t.chars().count())
        && body.len() >= 3
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-'));
    (!ok).then_some("must be a telephone number such as +46 60 18 40 00")
}

/// Why a text is not an absolute IRI, if it is not (the `Iri` shape).
pub fn iri_problem(iri: &str) -> Option<&'static str> {
    let ok = iri.chars().count() <= 2000
        && iri.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        })
        && !iri.chars().any(|c| {
            c.is_whitespace()
                || crate::text::problem(&c.to_string()).is_some()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        });
    (!ok).then_some("must be an absolute IRI such as https://data.myndighet.se/tjanst/1")
}

/// Keywords of one language: not blank, not too long, none twice (case folded).
fn keywords(e: &mut Errors, field: &str, v: &[String]) {
    list_len(e, field, v);
    for (n, k) in v.iter().enumerate() {
        let field = format!("{field}[{n}]");
        if k.trim().is_empty() {
            e.add(&field, "must not be empty");
        } else if k.chars().count() > KEYWORD_MAX {
            e.add(&field, format!("must be at most {KEYWORD_MAX} characters"));
        } else if v[..n].iter().any(|x| x.to_lowercase() == k.to_lowercase()) {
            // Case folded: beyond what the document's uniqueItems states.
            e.rule(&field, format!("'{k}' is listed twice"));
        }
    }
}

/// A list of IRIs: each a URL, none twice, at most `LIST_MAX`.
fn urls(e: &mut Errors, field: &str, v: &[String]) {
    list_len(e, field, v);
    for (n, u) in v.iter().enumerate() {
        let f = format!("{field}[{n}]");
        url(e, &f, &Some(u.clone()));
        if v[..n].contains(u) {
            e.add(f, format!("'{u}' is listed twice"));
        }
    }
}

pub fn api(i: &ApiInput) -> Result<()> {
    let mut e = Errors::default();
    // An imported service may be titled in English only: either language will do, and the
    // export tags each as it is (DCAT-AP-SE wants the language a text is in, not `@sv`).
    if i.title.sv.trim().is_empty() && i.title.en.trim().is_empty() {
        e.rule("title", "needs a title in Swedish (sv) or English (en)");
    }
    for (field, v) in [("title.sv", &i.title.sv), ("title.en", &i.title.en)] {
        if v.chars().count() > NAME_MAX {
            e.add(field, format!("must be at most {NAME_MAX} characters"));
        }
    }
    text(&mut e, "description.sv", &i.description.sv);
    text(&mut e, "description.en", &i.description.en);
    if i.endpoint_urls.is_empty() {
        e.add("endpointUrls", "at least one endpoint URL is required");
    }
    urls(&mut e, "endpointUrls", &i.endpoint_urls);
    unique_refs(&mut e, "buildingBlocks", &i.building_blocks);
    let retiring = matches!(
        i.status,
        Some(ApiStatus::Utfasad | ApiStatus::Tillbakadragen)
    );
    if i.sunset_date.is_some() && !retiring {
        let now = i
            .status
            .map_or("no status is stated".into(), |s| format!("while {s}"));
        e.rule(
            "sunsetDate",
            format!("applies only to deprecated or withdrawn APIs, not {now}"),
        );
    }
    if let Some(s) = &i.successor {
        if uuid::Uuid::parse_str(s).is_err() {
            e.add("successor", "must be the id of an API");
        }
    }
    url(&mut e, "licence", &i.licence);
    if let Some(c) = &i.contact_point {
        name(&mut e, "contactPoint.name", &c.name);
        match c.email.as_deref() {
            None => e.add(
                "contactPoint.email",
                "is required: DCAT-AP-SE requires an email address for a contact point (vcard:hasEmail)",
            ),
            Some(m) => {
                if let Some(p) = email_problem(m) {
                    e.add("contactPoint.email", p);
                }
            }
        }
        url(&mut e, "contactPoint.url", &c.url);
        if let Some(p) = c.telephone.as_deref().and_then(telephone_problem) {
            e.add("contactPoint.telephone", p);
        }
    }
    keywords(&mut e, "keywords", &i.keywords);
    keywords(&mut e, "keywordsEn", &i.keywords_en);
    for (n, t) in i.themes.iter().enumerate() {
        if i.themes[..n].contains(t) {
            e.add(format!("themes[{n}]"), format!("'{t}' is listed twice"));
        }
    }
    urls(&mut e, "conformsTo", &i.conforms_to);
    url(&mut e, "documentationUrl", &i.documentation_url);
    if let Some(s) = &i.sla {
        text(&mut e, "sla", s);
    }
    url(&mut e, "specUrl", &i.spec_url);
    if let Some(id) = &i.identifier {
        name(&mut e, "identifier", id);
    }
    urls(&mut e, "types", &i.types);
    urls(&mut e, "pages", &i.pages);
    urls(&mut e, "hvdCategories", &i.hvd_categories);
    urls(&mut e, "applicableLegislation", &i.applicable_legislation);
    urls(&mut e, "servesDatasets", &i.serves_datasets);
    if let Some(p) = i.source_iri.as_deref().and_then(iri_problem) {
        e.add("sourceIri", p);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(ApiInput => api);

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: Result<()>) -> Vec<String> {
        match r {
            Err(Invalid(v, _)) => v.into_iter().map(|f| f.field).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    fn org() -> OrganisationInput {
        OrganisationInput {
            source: None,
            slug: "digg".into(),
            name: "DIGG".into(),
            short_name: None,
            kind: OrganisationKind::StatligMyndighet,
            organisation_number: Some("202100-6545".into()),
            preparedness_agency: false,
            website: Some("https://www.digg.se".into()),
        }
    }

    #[test]
    fn organisation_rules() {
        assert!(organisation(&org()).is_ok());
        let bad = OrganisationInput {
            slug: "DIGG".into(),
            name: " ".into(),
            organisation_number: Some("202100-6546".into()),
            website: Some("digg.se".into()),
            ..org()
        };
        assert_eq!(
            fields(organisation(&bad)),
            ["slug", "name", "organisationNumber", "website"]
        );
    }

    #[test]
    fn role_subjects_follow_the_role() {
        let r = |role, bb: Option<&str>, ca: Option<&str>| RoleAssignmentInput {
            source: None,
            organisation: "digg".into(),
            role,
            building_block: bb.map(Into::into),
            base_data_domain: None,
            competence_area: ca.map(Into::into),
        };
        assert!(role_assignment(&r(Role::Infrastrukturansvarig, None, None)).is_ok());
        assert!(role_assignment(&r(Role::Byggblocksansvarig, Some("x"), None)).is_ok());
        assert_eq!(
            fields(role_assignment(&r(Role::Byggblocksansvarig, None, None))),
            ["buildingBlock"]
        );
        assert_eq!(
            fields(role_assignment(&r(
                Role::Infrastrukturansvarig,
                Some("x"),
                Some("y")
            ))),
            ["buildingBlock", "competenceArea"]
        );
        assert_eq!(
            fields(role_assignment(&r(Role::Grunddataproducent, None, None))),
            ["baseDataDomain"]
        );
    }

    fn doc(level: i32, parent: Option<&str>) -> DocumentInput {
        DocumentInput {
            title: "T".into(),
            level,
            parent: parent.map(Into::into),
            scope: ScopeInput {
                kind: ScopeKind::Infrastruktur,
                subject: None,
            },
            author_organisation: "digg".into(),
            status: None,
            decided_date: None,
            level2_author_roles: if level == 1 {
                vec![Role::Byggblocksansvarig]
            } else {
                vec![]
            },
            document_version: None,
            link: None,
        }
    }

    #[test]
    fn document_levels_and_parents() {
        let id = "0190c0de-0000-7000-8000-000000000000";
        assert!(document(&doc(1, None)).is_ok());
        assert!(document(&doc(2, Some(id))).is_ok());
        assert_eq!(fields(document(&doc(1, Some(id)))), ["parent"]);
        assert_eq!(fields(document(&doc(2, None))), ["parent"]);
        assert_eq!(fields(document(&doc(3, Some("x")))), ["parent"]);
        assert_eq!(fields(document(&doc(4, None))), ["level"]);
        let unnamed = DocumentInput {
            level2_author_roles: vec![],
            ..doc(1, None)
        };
        assert_eq!(fields(document(&unnamed)), ["level2AuthorRoles"]);
        let named = DocumentInput {
            level2_author_roles: vec![Role::Byggblocksansvarig],
            ..doc(2, Some(id))
        };
        assert_eq!(fields(document(&named)), ["level2AuthorRoles"]);
        let scoped = DocumentInput {
            scope: ScopeInput {
                kind: ScopeKind::Byggblock,
                subject: None,
            },
            ..doc(1, None)
        };
        assert_eq!(fields(document(&scoped)), ["scope.subject"]);
    }

    #[test]
    fn not_yet_estimated_is_not_zero() {
        let f = |estimate, amount| FundingNeedInput {
            source: None,
            building_block: Some("x".into()),
            base_data_domain: None,
            competence_area: None,
            label: None,
            subject_kind: None,
            year: 2022,
            amount_ksek: amount,
            estimate,
            funding_form: None,
            note: None,
        };
        assert!(funding_need(&f(Estimate::Uppskattad, Some(3000))).is_ok());
        assert!(funding_need(&f(Estimate::EjUppskattad, None)).is_ok());
        assert_eq!(
            fields(funding_need(&f(Estimate::EjUppskattad, Some(0)))),
            ["amountKsek"]
        );
        assert_eq!(
            fields(funding_need(&f(Estimate::Uppskattad, None))),
            ["amountKsek"]
        );
        assert_eq!(
            fields(funding_need(&f(Estimate::Uppskattad, Some(-1)))),
            ["amountKsek"]
        );
        assert_eq!(
            fields(funding_need(&f(Estimate::Uppskattad, Some(i64::MAX)))),
            ["amountKsek"]
        );
    }

    #[test]
    fn milestones_need_a_quarter() {
        let m = MilestoneInput {
            plan: "p".into(),
            number: 0,
            description: "d".into(),
            due: "2021-Q5".into(),
            done_criteria: String::new(),
            area: String::new(),
            responsible: String::new(),
            status: WorkStatus::EjPaborjad,
        };
        assert_eq!(fields(milestone(&m)), ["number", "due"]);
    }

    #[test]
    fn building_block_rules() {
        let b = BuildingBlockInput {
            analysis_lead: None,
            source: None,
            slug: "a".into(),
            name: "A".into(),
            description: String::new(),
            purpose: String::new(),
            category: Category::Informationsutbyte,
            phase: None,
            responsible: None,
            analyses: Analyses::default(),
            value_propositions: vec![],
            depends_on: vec!["b".into(), "b".into(), "a".into()],
            related_external: vec![ExternalBlock {
                name: "eDelivery".into(),
                url: Some("nope".into()),
                relation: None,
            }],
        };
        assert_eq!(
            fields(building_block(&b)),
            ["dependsOn[1]", "dependsOn", "relatedExternal[0].url"]
        );
    }

    #[test]
    fn benefits_need_a_subject() {
        let b = BenefitInput {
            source: None,
            category: None,
            building_blocks: vec![],
            kind: BenefitKind::Samlad,
            value_sek: -1,
            years: 0,
            beneficiaries: vec![Beneficiary::Foretag, Beneficiary::Foretag],
            description: String::new(),
        };
        assert_eq!(
            fields(benefit(&b)),
            ["category", "beneficiaries[1]", "valueSek", "years"]
        );
    }

    fn api_input() -> ApiInput {
        serde_json::from_value(serde_json::json!({
            "title": {"sv": "Företag"}, "publisher": "bolagsverket",
            "endpointUrls": ["https://api.example.se/v1"], "status": "i-produktion",
            "accessRights": "publik"
        }))
        .unwrap()
    }

    #[test]
    fn api_rules() {
        assert!(api(&api_input()).is_ok());
        let mut i = api_input();
        i.title.sv = " ".into();
        i.endpoint_urls = vec![];
        i.sunset_date = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        i.successor = Some("nope".into());
        i.contact_point = Some(ContactPoint {
            name: "Support".into(),
            email: None,
            url: Some("https://example.se/kontakt".into()),
            telephone: Some("ring oss".into()),
        });
        i.keywords = vec!["API".into(), "api".into(), "".into()];
        i.keywords_en = vec!["tax".into(), "Tax".into()];
        i.themes = vec![DataTheme::Gove, DataTheme::Gove];
        i.conforms_to = vec!["ftp://x".into()];
        i.identifier = Some(" ".into());
        i.types = vec!["nope".into()];
        i.serves_datasets = vec!["https://d.se/1".into(), "https://d.se/1".into()];
        assert_eq!(
            fields(api(&i)),
            [
                "title",
                "endpointUrls",
                "sunsetDate",
                "successor",
                "contactPoint.email",
                "contactPoint.telephone",
                "keywords[1]",
                "keywords[2]",
                "keywordsEn[1]",
                "themes[1]",
                "conformsTo[0]",
                "identifier",
                "types[0]",
                "servesDatasets[1]"
            ]
        );
        let mut i = api_input();
        i.status = Some(ApiStatus::Utfasad);
        i.sunset_date = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        i.contact_point = Some(ContactPoint {
            name: "Support".into(),
            email: Some("not an address".into()),
            url: None,
            telephone: Some("+46 (0)8-123 45".into()),
        });
        assert_eq!(fields(api(&i)), ["contactPoint.email"]);
        // A sunset date needs a stated status that retires the API.
        let mut i = api_input();
        i.status = None;
        i.sunset_date = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(fields(api(&i)), ["sunsetDate"]);
    }

    #[test]
    fn an_api_may_be_titled_in_english_only_and_state_no_status() {
        let mut i = api_input();
        i.title = Localized {
            sv: String::new(),
            en: "Tax rates".into(),
        };
        i.status = None;
        i.access_rights = None;
        assert!(api(&i).is_ok());
    }

    #[test]
    fn telephones() {
        for good in ["+46 60 18 40 00", "08-123 456", "+46(0)8123456", "112"] {
            assert_eq!(telephone_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "+",
            "+12",
            "ring 08",
            "12",
            "+46 8 123 456 78 90 12 34 56 78 90 12 34 56 78",
        ] {
            assert!(telephone_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(email_problem("api@digg.se"), None);
        for bad in [
            "",
            "@digg.se",
            "api@",
            "api@digg",
            "a b@digg.se",
            "a@b@digg.se",
            "a@.se",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }
}
