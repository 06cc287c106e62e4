//! Who is responsible for a building block or a base-data domain, and who owns a competence
//! area, is an appointment of the infrastructure owner, not something the appointed may hand
//! on: "att rekommendera byggblocks- och grunddatadomänansvar till regeringen" and "att utse
//! ansvarig och deltagare i kompetensområden" are the owner's (001 §4.1.1), and in the other
//! cases "kan infrastrukturansvarig ta dessa beslut" (001 §4.1.5).
//!
//! The record of an appointment is the role assignment; the entry's own field (`responsible`,
//! `homeOrganisation`) is its projection, kept in step in the same transaction.

use openapi::Role;

/// The entries whose responsible party is appointed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appointed {
    BuildingBlock,
    BaseDataDomain,
    CompetenceArea,
}

impl Appointed {
    /// The role an appointment to this kind of entry gives.
    pub fn role(self) -> Role {
        match self {
            Appointed::BuildingBlock => Role::Byggblocksansvarig,
            Appointed::BaseDataDomain => Role::Grunddatadomanansvarig,
            Appointed::CompetenceArea => Role::Kompetensomradesansvarig,
        }
    }

    /// The kind of entry a role is an appointment to, if it is one.
    pub fn of(role: Role) -> Option<Appointed> {
        match role {
            Role::Byggblocksansvarig => Some(Appointed::BuildingBlock),
            Role::Grunddatadomanansvarig => Some(Appointed::BaseDataDomain),
            Role::Kompetensomradesansvarig => Some(Appointed::CompetenceArea),
            _ => None,
        }
    }

    /// The entry's field that shows the appointment.
    pub fn field(self) -> &'static str {
        match self {
            Appointed::CompetenceArea => "homeOrganisation",
            _ => "responsible",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Appointed::BuildingBlock => "who is responsible for a building block",
            Appointed::BaseDataDomain => "who is responsible for a base-data domain",
            Appointed::CompetenceArea => "who owns a competence area",
        }
    }
}

/// Why `actor` may not change the appointment to a `kind` entry. `actor` is the acting
/// organisation, `None` for an operator or the node's own process, who transcribe what the
/// owner decided (the change log names them); `owner` is the organisation holding
/// infrastrukturansvarig.
pub fn change_problem(kind: Appointed, actor: Option<&str>, owner: Option<&str>) -> Option<String> {
    match actor {
        None => None,
        Some(a) if Some(a) == owner => None,
        Some(_) => Some(format!(
            "{} is appointed by the infrastructure owner (001 §4.1.1, §4.1.5); \
             it cannot be handed on or given up by editing the entry",
            kind.words()
        )),
    }
}

/// Why `actor` may not change who leads the exploratory work on a block or domain: the
/// infrastructure owner "tar beslut om att initiera utforskande utveckling och i detta beslut
/// utser en ansvarig aktör att agera som ansvarig för arbetet" (001 §4.1.5). That lead is not
/// the responsible agency: the early phases run "när byggblocks- och grunddatadomänansvarig
/// ännu inte fastslagits" (§6.3.2), and the responsible is appointed for development and
/// operation (§4.1.6). The register still lets the owner name a responsible earlier, as the
/// report's own status table does for blocks in Idé and Analys och krav (§2.4: Adressregister,
/// Indexering, Mina ärenden, …), the "tilltänkte" responsible of §4.1.5; Utveckling needs one.
pub fn lead_change_problem(actor: Option<&str>, owner: Option<&str>) -> Option<String> {
    match actor {
        None => None,
        Some(a) if Some(a) == owner => None,
        Some(_) => Some(
            "who leads the exploratory work is appointed by the infrastructure owner in its \
             decision to start it (001 §4.1.5)"
                .into(),
        ),
    }
}

/// Why `organisation` cannot be appointed when `holder` already is: an appointment moves
/// from one organisation to the next, it is not shared.
pub fn second_holder_problem(kind: Appointed, holder: &str) -> String {
    format!(
        "'{holder}' already holds {} for this entry: an appointment is held by one \
         organisation; change that assignment to move it",
        kind.role().as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_owner_or_a_transcriber_changes_an_appointment() {
        let k = Appointed::BuildingBlock;
        assert_eq!(change_problem(k, Some("digg"), Some("digg")), None);
        assert_eq!(change_problem(k, None, Some("digg")), None);
        let p = change_problem(k, Some("bolagsverket"), Some("digg")).unwrap();
        assert!(p.contains("infrastructure owner"), "{p}");
        assert!(change_problem(k, Some("bolagsverket"), None).is_some());
    }

    #[test]
    fn only_the_owner_appoints_the_lead_of_the_exploratory_work() {
        assert_eq!(lead_change_problem(Some("digg"), Some("digg")), None);
        assert_eq!(lead_change_problem(None, Some("digg")), None);
        let p = lead_change_problem(Some("skatteverket"), Some("digg")).unwrap();
        assert!(p.contains("§4.1.5"), "{p}");
    }

    #[test]
    fn each_kind_has_its_role_and_field() {
        for k in [
            Appointed::BuildingBlock,
            Appointed::BaseDataDomain,
            Appointed::CompetenceArea,
        ] {
            assert_eq!(Appointed::of(k.role()), Some(k));
        }
        assert_eq!(Appointed::of(Role::Infrastrukturansvarig), None);
        assert_eq!(Appointed::CompetenceArea.field(), "homeOrganisation");
        assert!(second_holder_problem(Appointed::BaseDataDomain, "lm").contains("grunddata"));
    }
}
