//! Adoption of the shared services (report 000, summarised in domain.md §9): what a shared
//! service is, how a connection moves, and Statskontoret's seven indicators computed per
//! service and per year, never averaged across services.

use chrono::NaiveDate;
use openapi::{
    AnswerCount, ConnectionInput, ConnectionStep, IndicatorYearInput, InterestInput, Phase,
    PublishedAnswer, ServiceReportInput, Share, SharedServiceInput,
};

use crate::validate::{name, slug, source, text, validated_by, year};
use crate::{Errors, Invalid};

type Result<T> = std::result::Result<T, Invalid>;

/// The year Statskontoret proposes the indicators be followed from (000: "nolläge" 2025, the
/// suppliers report the starting values in 2026).
pub const BASELINE_YEAR: i32 = 2025;

/// Why a building block is not (yet, or any longer) a shared service: one is in use, so in
/// Införande or Förvaltning (001 §2.3.1: the block is introduced to and run for its users in
/// those phases; 000 counts the services organisations can connect to). Its supplier is the
/// block's responsible agency, who runs it (001 §4.1.6).
pub fn block_service_problem(
    phase: Phase,
    responsible: Option<&str>,
    supplier: &str,
) -> Option<(&'static str, String)> {
    if !matches!(phase, Phase::Inforande | Phase::Forvaltning) {
        return Some((
            "buildingBlock",
            format!(
                "a building block is a shared service in Införande or Förvaltning; this one is \
                 in {}",
                phase.label_sv()
            ),
        ));
    }
    if responsible != Some(supplier) {
        return Some((
            "supplier",
            "the supplier of a building block is its responsible agency".into(),
        ));
    }
    None
}

/// The dates of a connection's steps, in the order they are reached (000: expression of
/// interest → cooperation agreement → connected → left).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    pub interest: Option<NaiveDate>,
    pub agreement: Option<NaiveDate>,
    pub connected: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
}

const STEP_FIELDS: [&str; 4] = ["interestOn", "agreementOn", "connectedOn", "leftOn"];

impl Steps {
    pub fn of(i: &ConnectionInput) -> Steps {
        Steps {
            interest: i.interest_on,
            agreement: i.agreement_on,
            connected: i.connected_on,
            left: i.left_on,
        }
    }

    fn all(&self) -> [Option<NaiveDate>; 4] {
        [self.interest, self.agreement, self.connected, self.left]
    }

    /// The step reached: the latest one dated.
    pub fn step(&self) -> Option<ConnectionStep> {
        let steps = [
            ConnectionStep::Intresseanmalan,
            ConnectionStep::Samverkansoverenskommelse,
            ConnectionStep::Ansluten,
            ConnectionStep::Lamnat,
        ];
        self.all()
            .iter()
            .zip(steps)
            .rev()
            .find(|(d, _)| d.is_some())
            .map(|(_, s)| s)
    }

    /// Whether the organisation was connected at the end of `day`.
    pub fn connected_on(&self, day: NaiveDate) -> bool {
        self.connected.is_some_and(|c| c <= day) && self.left.is_none_or(|l| l > day)
    }

    /// Why these steps are not a connection's: none dated, a step dated before an earlier one
    /// is, or dated before it. A connection moves through the steps in order (000 §2.1.1: an
    /// agency connects under a cooperation agreement with the supplier, which has no end date).
    pub fn problems(&self, e: &mut Errors) {
        let all = self.all();
        if all.iter().all(Option::is_none) {
            e.rule(
                "interestOn",
                "a connection has at least its first step dated",
            );
            return;
        }
        let mut last: Option<(usize, NaiveDate)> = None;
        for (i, d) in all.iter().enumerate() {
            let Some(d) = d else { continue };
            if let Some(missing) = (0..i).find(|j| all[*j].is_none()) {
                e.rule(
                    STEP_FIELDS[i],
                    format!(
                        "the steps are reached in order: {} is dated first",
                        STEP_FIELDS[missing]
                    ),
                );
                return;
            }
            if let Some((j, before)) = last.filter(|(_, before)| *d < *before) {
                e.rule(
                    STEP_FIELDS[i],
                    format!("must not be before {} ({before})", STEP_FIELDS[j]),
                );
            }
            last = Some((i, *d));
        }
    }
}

/// Why a report states an availability: only a service with agreed opening hours has one
/// (000, indicator 6: "endast för tjänster som har överenskommen öppettid").
pub fn availability_problem(agreed_hours: bool, availability: Option<f64>) -> Option<String> {
    (availability.is_some() && !agreed_hours).then(|| {
        "only a service with agreed opening hours (agreedHours) reports its availability".into()
    })
}

/// A count as published: from 1 to 4 it is shown as 2.5, so that no single agency can be
/// identified; 0 and 5 or more as they are (000 §7.1.2: "Om det är minst en men färre än fem
/// myndigheter ... redovisar vi antalet som 2,5").
pub fn published_count(n: i64) -> f64 {
    if (1..=4).contains(&n) {
        2.5
    } else {
        n as f64
    }
}

/// The survey's answers as published: each count by the small-count rule, and each share
/// recomputed from the published count over all answers ("Andelar följdändrades").
pub fn published_answers(answers: &[AnswerCount]) -> Vec<PublishedAnswer> {
    let total: i64 = answers.iter().map(|a| a.count).sum();
    answers
        .iter()
        .map(|a| {
            let count = published_count(a.count);
            PublishedAnswer {
                category: a.category.clone(),
                count,
                percent: if total == 0 {
                    0.0
                } else {
                    one_decimal(count * 100.0 / total as f64)
                },
            }
        })
        .collect()
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Indicators 1 and 2: connected over the year's population.
pub fn share(count: i64, of: Option<i64>) -> Share {
    let of = of.filter(|n| *n > 0);
    Share {
        count,
        of,
        percent: of.map(|n| one_decimal(count as f64 * 100.0 / n as f64)),
    }
}

/// Indicator 4: the full cost over the units; none without units.
pub fn cost_per_unit(full_cost: Option<f64>, units: Option<f64>) -> Option<f64> {
    match (full_cost, units) {
        (Some(c), Some(u)) if u > 0.0 => Some((c / u * 100.0).round() / 100.0),
        _ => None,
    }
}

/// Indicator 5: the fee's change from the year before, in percent; none without both fees
/// or from a fee of zero.
pub fn fee_change(before: Option<f64>, now: Option<f64>) -> Option<f64> {
    match (before, now) {
        (Some(b), Some(n)) if b > 0.0 => Some(one_decimal((n - b) * 100.0 / b)),
        _ => None,
    }
}

/// The last day of `year`: what "at the year's end" counts on.
pub fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// One organisation's connection as the adoption series counts it.
#[derive(Debug, Clone, Copy)]
pub struct Connected<'a> {
    pub organisation: &'a str,
    pub state_agency: bool,
    pub steps: Steps,
}

/// How many organisations, and how many of them state agencies, are connected at the end of
/// `day`: each organisation once, whichever of the block's services it is connected to.
pub fn connected_count(connections: &[Connected], day: NaiveDate) -> (i64, i64) {
    let mut orgs: Vec<(&str, bool)> = connections
        .iter()
        .filter(|c| c.steps.connected_on(day))
        .map(|c| (c.organisation, c.state_agency))
        .collect();
    orgs.sort();
    orgs.dedup();
    let state = orgs.iter().filter(|(_, s)| *s).count() as i64;
    (orgs.len() as i64, state)
}

/// The days the count can change: each connection and each leaving, in order.
pub fn change_days(connections: &[Connected]) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = connections
        .iter()
        .flat_map(|c| [c.steps.connected, c.steps.left])
        .flatten()
        .collect();
    days.sort();
    days.dedup();
    days
}

pub fn shared_service(i: &SharedServiceInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    if let Some(u) = &i.unit {
        name(&mut e, "unit", u);
    }
    if let Some(d) = &i.description {
        text(&mut e, "description", d);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(SharedServiceInput => shared_service);

pub fn connection(i: &ConnectionInput) -> Result<()> {
    let mut e = Errors::default();
    Steps::of(i).problems(&mut e);
    if let Some(n) = &i.note {
        text(&mut e, "note", n);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(ConnectionInput => connection);

pub fn interest(i: &InterestInput) -> Result<()> {
    let mut e = Errors::default();
    if let Some(n) = &i.note {
        text(&mut e, "note", n);
    }
    e.into_result()
}

const FIGURE_MAX: f64 = 1e12;

pub fn service_report(i: &ServiceReportInput) -> Result<()> {
    let mut e = Errors::default();
    year(&mut e, i.year);
    let figures = [
        ("units", i.units, 0.0, FIGURE_MAX),
        ("fullCostSek", i.full_cost_sek, 0.0, FIGURE_MAX),
        ("feeSek", i.fee_sek, 0.0, FIGURE_MAX),
        ("availabilityPercent", i.availability_percent, 0.0, 100.0),
        ("satisfaction", i.satisfaction, 1.0, 10.0),
    ];
    for (field, v, min, max) in figures {
        if let Some(v) = v.filter(|v| !(min..=max).contains(v)) {
            e.add(field, format!("must be between {min} and {max}, not {v}"));
        }
    }
    if i.answers.len() > 20 {
        e.add("answers", "must list at most 20 categories");
    }
    for (n, a) in i.answers.iter().enumerate() {
        name(&mut e, &format!("answers[{n}].category"), &a.category);
        if !(0..=100_000).contains(&a.count) {
            e.add(
                format!("answers[{n}].count"),
                "must be between 0 and 100000",
            );
        }
        if i.answers[..n].iter().any(|b| b.category == a.category) {
            e.rule(
                format!("answers[{n}].category"),
                format!("'{}' is listed twice", a.category),
            );
        }
    }
    if let Some(n) = &i.note {
        text(&mut e, "note", n);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(ServiceReportInput => service_report);

pub fn indicator_year(i: &IndicatorYearInput) -> Result<()> {
    let mut e = Errors::default();
    year(&mut e, i.year);
    for (field, n) in [
        ("stateAgencies", i.state_agencies),
        ("preparednessAgencies", i.preparedness_agencies),
    ] {
        if !(1..=100_000).contains(&n) {
            e.add(field, "must be between 1 and 100000");
        }
    }
    if i.preparedness_agencies > i.state_agencies {
        e.rule(
            "preparednessAgencies",
            "the preparedness agencies are state agencies: not more of them than stateAgencies",
        );
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(IndicatorYearInput => indicator_year);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn steps(dates: [Option<&str>; 4]) -> Steps {
        let [interest, agreement, connected, left] = dates.map(|s| s.map(d));
        Steps {
            interest,
            agreement,
            connected,
            left,
        }
    }

    fn fields(s: &Steps) -> Vec<String> {
        let mut e = Errors::default();
        s.problems(&mut e);
        e.0.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_connection_moves_through_its_steps_in_order() {
        let ok = steps([
            Some("2025-01-10"),
            Some("2025-02-01"),
            Some("2025-02-01"),
            None,
        ]);
        assert!(fields(&ok).is_empty());
        assert_eq!(ok.step(), Some(ConnectionStep::Ansluten));
        assert_eq!(fields(&Steps::default()), ["interestOn"]);
        let skipped = steps([Some("2025-01-10"), None, Some("2025-03-01"), None]);
        assert_eq!(fields(&skipped), ["connectedOn"]);
        let backwards = steps([Some("2025-05-10"), Some("2025-02-01"), None, None]);
        assert_eq!(fields(&backwards), ["agreementOn"]);
        let left = steps([
            Some("2024-01-10"),
            Some("2024-02-01"),
            Some("2024-03-01"),
            Some("2025-06-30"),
        ]);
        assert_eq!(left.step(), Some(ConnectionStep::Lamnat));
        assert!(left.connected_on(d("2024-12-31")));
        assert!(!left.connected_on(d("2025-12-31")));
        assert!(!left.connected_on(d("2024-02-29")));
    }

    #[test]
    fn a_block_is_a_shared_service_when_in_use_and_run_by_its_responsible() {
        assert_eq!(
            block_service_problem(Phase::Forvaltning, Some("bv"), "bv"),
            None
        );
        assert_eq!(
            block_service_problem(Phase::Inforande, Some("bv"), "bv"),
            None
        );
        for early in [
            Phase::Ide,
            Phase::AnalysOchKrav,
            Phase::Utveckling,
            Phase::Avveckling,
        ] {
            assert_eq!(
                block_service_problem(early, Some("bv"), "bv").map(|p| p.0),
                Some("buildingBlock")
            );
        }
        assert_eq!(
            block_service_problem(Phase::Forvaltning, Some("bv"), "skv").map(|p| p.0),
            Some("supplier")
        );
        assert_eq!(
            block_service_problem(Phase::Forvaltning, None, "skv").map(|p| p.0),
            Some("supplier")
        );
    }

    #[test]
    fn small_counts_are_published_as_two_and_a_half_and_shares_follow() {
        assert_eq!(published_count(0), 0.0);
        for n in 1..=4 {
            assert_eq!(published_count(n), 2.5);
        }
        assert_eq!(published_count(5), 5.0);
        let a = |category: &str, count| AnswerCount {
            category: category.into(),
            count,
        };
        let published = published_answers(&[a("1–4", 3), a("5–7", 12), a("8–10", 25), a("?", 0)]);
        let counts: Vec<f64> = published.iter().map(|p| p.count).collect();
        assert_eq!(counts, [2.5, 12.0, 25.0, 0.0]);
        let percents: Vec<f64> = published.iter().map(|p| p.percent).collect();
        // Of the 40 answers: 2.5 of them is 6.3 %, not the 7.5 % three would be.
        assert_eq!(percents, [6.3, 30.0, 62.5, 0.0]);
    }

    #[test]
    fn the_indicators_are_computed_from_their_figures() {
        assert_eq!(share(18, Some(223)).percent, Some(8.1));
        assert_eq!(share(18, None).percent, None);
        assert_eq!(share(3, Some(67)).of, Some(67));
        assert_eq!(
            cost_per_unit(Some(18_000_000.0), Some(120_000.0)),
            Some(150.0)
        );
        assert_eq!(cost_per_unit(Some(1.0), Some(0.0)), None);
        assert_eq!(cost_per_unit(None, Some(3.0)), None);
        assert_eq!(fee_change(Some(12.5), Some(13.0)), Some(4.0));
        assert_eq!(fee_change(Some(10.0), Some(9.0)), Some(-10.0));
        assert_eq!(fee_change(None, Some(9.0)), None);
        assert_eq!(fee_change(Some(0.0), Some(9.0)), None);
        assert_eq!(availability_problem(false, None), None);
        assert_eq!(availability_problem(true, Some(99.5)), None);
        assert!(availability_problem(false, Some(99.5)).is_some());
    }

    #[test]
    fn adoption_counts_each_organisation_once() {
        let c = |organisation, state_agency, connected: &str, left: Option<&str>| Connected {
            organisation,
            state_agency,
            steps: steps([
                Some("2024-01-01"),
                Some("2024-01-01"),
                Some(connected),
                left,
            ]),
        };
        let all = [
            c("skv", true, "2024-03-01", None),
            c("skv", true, "2024-05-01", None),
            c("malmo", false, "2024-04-01", None),
            c("fk", true, "2024-04-01", Some("2025-01-15")),
        ];
        assert_eq!(connected_count(&all, d("2024-12-31")), (3, 2));
        assert_eq!(connected_count(&all, d("2025-12-31")), (2, 1));
        assert_eq!(connected_count(&all, d("2024-02-28")), (0, 0));
        assert_eq!(
            change_days(&all),
            ["2024-03-01", "2024-04-01", "2024-05-01", "2025-01-15"].map(d)
        );
    }

    #[test]
    fn a_years_denominators_are_checked() {
        let y = |state_agencies, preparedness_agencies| IndicatorYearInput {
            year: 2025,
            state_agencies,
            preparedness_agencies,
            source: None,
        };
        assert!(indicator_year(&y(223, 67)).is_ok());
        assert!(indicator_year(&y(60, 67)).is_err());
        assert!(indicator_year(&y(0, 0)).is_err());
    }
}
