//! Enumerated values: stable ASCII slugs of the Swedish terms, with Swedish and English labels.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// `$slug` is a `tt`, not a `literal`: a `literal` fragment reaches the derives wrapped in an
// invisible group, and utoipa then ignored the serde rename and documented the variant names.
/// An enumerated value with its slug and its Swedish and English labels (the labels the
/// document and the web interface show).
pub trait Labelled {
    fn slug(&self) -> &'static str;
    fn label_sv(&self) -> &'static str;
    fn label_en(&self) -> &'static str;
}

macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:tt ($sv:literal, $en:literal)),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        $(#[$meta])*
        pub enum $name {
            $(#[serde(rename = $slug)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }
            pub fn label_sv(self) -> &'static str {
                match self { $($name::$variant => $sv),+ }
            }
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
            /// The accepted slugs, for error messages.
            pub fn expected() -> String {
                [$($slug),+].join(", ")
            }
        }

        impl Labelled for $name {
            fn slug(&self) -> &'static str { self.as_str() }
            fn label_sv(&self) -> &'static str { $name::label_sv(*self) }
            fn label_en(&self) -> &'static str { $name::label_en(*self) }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($slug => Ok($name::$variant),)+
                    _ => Err(format!("unknown value '{}', expected one of: {}", s, Self::expected())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

slug_enum! {
    /// Utvecklingsfas / development phase (001 §2.3.1): `ide` Idé / Idea, `analys-och-krav`
    /// Analys och krav / Analysis and requirements, `utveckling` Utveckling / Development,
    /// `inforande` Införande / Introduction, `forvaltning` Förvaltning / Operation and
    /// maintenance, `avveckling` Avveckling / Decommissioning.
    #[schema(example = "utveckling")]
    Phase {
        Ide = "ide" ("Idé", "Idea"),
        AnalysOchKrav = "analys-och-krav" ("Analys och krav", "Analysis and requirements"),
        Utveckling = "utveckling" ("Utveckling", "Development"),
        Inforande = "inforande" ("Införande", "Introduction"),
        Forvaltning = "forvaltning" ("Förvaltning", "Operation and maintenance"),
        Avveckling = "avveckling" ("Avveckling", "Decommissioning"),
    }
}

slug_enum! {
    /// Kategori / category of a building block (001 §2.2): `digitala-tjanster` Digitala
    /// tjänster / Digital services, `informationsutbyte` Informationsutbyte / Information
    /// exchange, `informationshantering` Informationshantering / Information management,
    /// `tillit-och-sakerhet` Tillit och säkerhet / Trust and security.
    #[schema(example = "informationsutbyte")]
    Category {
        DigitalaTjanster = "digitala-tjanster" ("Digitala tjänster", "Digital services"),
        Informationsutbyte = "informationsutbyte" ("Informationsutbyte", "Information exchange"),
        Informationshantering = "informationshantering" ("Informationshantering", "Information management"),
        TillitOchSakerhet = "tillit-och-sakerhet" ("Tillit och säkerhet", "Trust and security"),
    }
}

slug_enum! {
    /// Status of an analysis or a milestone: `ej-paborjad` Ej påbörjad / Not started,
    /// `pagar` Pågår / In progress, `klar` Klar / Done.
    #[schema(example = "klar")]
    WorkStatus {
        EjPaborjad = "ej-paborjad" ("Ej påbörjad", "Not started"),
        Pagar = "pagar" ("Pågår", "In progress"),
        Klar = "klar" ("Klar", "Done"),
    }
}

slug_enum! {
    /// Organisationsform / kind of organisation: `statlig-myndighet` Statlig myndighet / State
    /// agency, `kommun` Kommun / Municipality, `region` Region / Region, `privat-utforare`
    /// Privat utförare / Private provider, `ovrig` Övrig / Other.
    #[schema(example = "statlig-myndighet")]
    OrganisationKind {
        StatligMyndighet = "statlig-myndighet" ("Statlig myndighet", "State agency"),
        Kommun = "kommun" ("Kommun", "Municipality"),
        Region = "region" ("Region", "Region"),
        PrivatUtforare = "privat-utforare" ("Privat utförare", "Private provider"),
        Ovrig = "ovrig" ("Övrig", "Other"),
    }
}

slug_enum! {
    /// Forumnivå / level of a coordination forum (001 §4.1.3): `strategisk` Strategisk nivå /
    /// Strategic, `taktisk` Taktisk nivå / Tactical, `operativ` Operativ nivå / Operational,
    /// `tvarfunktionellt` Tvärfunktionellt kompetensforum / Cross-functional competence forum
    /// (an operational forum of its own kind, 001 §4.1.2.2).
    #[schema(example = "strategisk")]
    ForumLevel {
        Strategisk = "strategisk" ("Strategisk nivå", "Strategic"),
        Taktisk = "taktisk" ("Taktisk nivå", "Tactical"),
        Operativ = "operativ" ("Operativ nivå", "Operational"),
        Tvarfunktionellt = "tvarfunktionellt" ("Tvärfunktionellt kompetensforum", "Cross-functional competence forum"),
    }
}

slug_enum! {
    /// Anslutningssteg / step of a connection to a shared service (000):
    /// `intresseanmalan` Intresseanmälan / Expression of interest,
    /// `samverkansoverenskommelse` Samverkansöverenskommelse / Cooperation agreement,
    /// `ansluten` Ansluten / Connected, `lamnat` Lämnat / Left.
    #[schema(example = "ansluten")]
    ConnectionStep {
        Intresseanmalan = "intresseanmalan" ("Intresseanmälan", "Expression of interest"),
        Samverkansoverenskommelse = "samverkansoverenskommelse" ("Samverkansöverenskommelse", "Cooperation agreement"),
        Ansluten = "ansluten" ("Ansluten", "Connected"),
        Lamnat = "lamnat" ("Lämnat", "Left"),
    }
}

slug_enum! {
    /// Roll / governance role (001 §4.1): `infrastrukturansvarig` Infrastrukturansvarig /
    /// Infrastructure owner, `byggblocksansvarig` Byggblocksansvarig / Building-block owner,
    /// `grunddatadomanansvarig` Grunddatadomänansvarig / Base-data-domain owner,
    /// `grunddataproducent` Grunddataproducent / Base-data producer,
    /// `kompetensomradesansvarig` Kompetensområdesansvarig / Competence-area owner.
    #[schema(example = "byggblocksansvarig")]
    Role {
        Infrastrukturansvarig = "infrastrukturansvarig" ("Infrastrukturansvarig", "Infrastructure owner"),
        Byggblocksansvarig = "byggblocksansvarig" ("Byggblocksansvarig", "Building-block owner"),
        Grunddatadomanansvarig = "grunddatadomanansvarig" ("Grunddatadomänansvarig", "Base-data-domain owner"),
        Grunddataproducent = "grunddataproducent" ("Grunddataproducent", "Base-data producer"),
        Kompetensomradesansvarig = "kompetensomradesansvarig" ("Kompetensområdesansvarig", "Competence-area owner"),
    }
}

slug_enum! {
    /// Status of a competence area: `planerat` Planerat / Planned, `under-etablering` Under
    /// etablering / Being established, `etablerat` Etablerat / Established.
    #[schema(example = "under-etablering")]
    CompetenceAreaStatus {
        Planerat = "planerat" ("Planerat", "Planned"),
        UnderEtablering = "under-etablering" ("Under etablering", "Being established"),
        Etablerat = "etablerat" ("Etablerat", "Established"),
    }
}

slug_enum! {
    /// What a governing document or plan covers: `infrastruktur` Hela infrastrukturen / The
    /// whole infrastructure, `kompetensomrade` Kompetensområde / Competence area, `byggblock`
    /// Byggblock / Building block, `grunddatadoman` Grunddatadomän / Base-data domain.
    #[schema(example = "infrastruktur")]
    ScopeKind {
        Infrastruktur = "infrastruktur" ("Hela infrastrukturen", "The whole infrastructure"),
        Kompetensomrade = "kompetensomrade" ("Kompetensområde", "Competence area"),
        Byggblock = "byggblock" ("Byggblock", "Building block"),
        Grunddatadoman = "grunddatadoman" ("Grunddatadomän", "Base-data domain"),
    }
}

slug_enum! {
    /// Status of a governing document (001 §4.2): `utkast` Utkast / Draft, `presenterat`
    /// Presenterat i kompetensforum / Presented in the competence forum, `beslutat` Beslutat /
    /// Decided, `ersatt` Ersatt / Superseded, `upphavt` Upphävt / Repealed.
    #[schema(example = "beslutat")]
    DocumentStatus {
        Utkast = "utkast" ("Utkast", "Draft"),
        Presenterat = "presenterat" ("Presenterat i kompetensforum", "Presented in the competence forum"),
        Beslutat = "beslutat" ("Beslutat", "Decided"),
        Ersatt = "ersatt" ("Ersatt", "Superseded"),
        Upphavt = "upphavt" ("Upphävt", "Repealed"),
    }
}

slug_enum! {
    /// Kind of plan (001 §7.1): `strategisk` Strategisk färdplan / Strategic roadmap,
    /// `taktisk` Taktisk färdplan / Tactical roadmap, `milstolpeplan` Milstolpeplan /
    /// Milestone plan.
    #[schema(example = "milstolpeplan")]
    PlanKind {
        Strategisk = "strategisk" ("Strategisk färdplan", "Strategic roadmap"),
        Taktisk = "taktisk" ("Taktisk färdplan", "Tactical roadmap"),
        Milstolpeplan = "milstolpeplan" ("Milstolpeplan", "Milestone plan"),
    }
}

slug_enum! {
    /// Finansieringsform / funding form (001 §6): `anslag` Anslag / Appropriation, `bidrag`
    /// Bidrag / Grant, `avgifter` Avgifter / Fees.
    #[schema(example = "bidrag")]
    FundingForm {
        Anslag = "anslag" ("Anslag", "Appropriation"),
        Bidrag = "bidrag" ("Bidrag", "Grant"),
        Avgifter = "avgifter" ("Avgifter", "Fees"),
    }
}

slug_enum! {
    /// Whether a funding need has been estimated: `uppskattad` Uppskattad / Estimated,
    /// `ej-uppskattad` Ej uppskattad / Not yet estimated (a value of its own, not zero).
    #[schema(example = "uppskattad")]
    Estimate {
        Uppskattad = "uppskattad" ("Uppskattad", "Estimated"),
        EjUppskattad = "ej-uppskattad" ("Ej uppskattad", "Not yet estimated"),
    }
}

slug_enum! {
    /// Kind of benefit (001 §3): `samlad` Samlad nytta / All kinds together,
    /// `tid-och-kostnadsbesparingar` Tids- och kostnadsbesparingar / Time and cost savings,
    /// `battre-tjanster` Bättre tjänster / Better services, `natverkseffekter`
    /// Nätverkseffekter / Network effects, `byggblocksspecifik` Byggblocksspecifik potential /
    /// Block-specific potential.
    #[schema(example = "samlad")]
    BenefitKind {
        Samlad = "samlad" ("Samlad nytta", "All kinds together"),
        TidOchKostnadsbesparingar = "tid-och-kostnadsbesparingar" ("Tids- och kostnadsbesparingar", "Time and cost savings"),
        BattreTjanster = "battre-tjanster" ("Bättre tjänster", "Better services"),
        Natverkseffekter = "natverkseffekter" ("Nätverkseffekter", "Network effects"),
        Byggblocksspecifik = "byggblocksspecifik" ("Byggblocksspecifik potential", "Block-specific potential"),
    }
}

slug_enum! {
    /// Who gains (001 §3): `offentlig-sektor` Offentlig sektor / Public sector, `foretag`
    /// Företag / Companies, `privatpersoner` Privatpersoner / Citizens.
    #[schema(example = "offentlig-sektor")]
    Beneficiary {
        OffentligSektor = "offentlig-sektor" ("Offentlig sektor", "Public sector"),
        Foretag = "foretag" ("Företag", "Companies"),
        Privatpersoner = "privatpersoner" ("Privatpersoner", "Citizens"),
    }
}

slug_enum! {
    /// Status of an idea candidate (001 §4.1.5): `foreslagen` Föreslagen / Proposed,
    /// `kvalificerad` Kvalificerad / Qualified (a real shared need), `avslagen` Avslagen /
    /// Rejected, `antagen` Antagen / Accepted (a building block in phase Idé).
    #[schema(example = "kvalificerad")]
    IdeaStatus {
        Foreslagen = "foreslagen" ("Föreslagen", "Proposed"),
        Kvalificerad = "kvalificerad" ("Kvalificerad", "Qualified"),
        Avslagen = "avslagen" ("Avslagen", "Rejected"),
        Antagen = "antagen" ("Antagen", "Accepted"),
    }
}

slug_enum! {
    /// Status of a registered API: `under-utveckling` Under utveckling / In development,
    /// `i-produktion` I produktion / In production, `utfasad` Utfasad / Deprecated,
    /// `tillbakadragen` Tillbakadragen / Withdrawn.
    #[schema(example = "i-produktion")]
    ApiStatus {
        UnderUtveckling = "under-utveckling" ("Under utveckling", "In development"),
        IProduktion = "i-produktion" ("I produktion", "In production"),
        Utfasad = "utfasad" ("Utfasad", "Deprecated"),
        Tillbakadragen = "tillbakadragen" ("Tillbakadragen", "Withdrawn"),
    }
}

slug_enum! {
    /// What the infrastructure owner decided (001 §4.1.1, §4.1.5, §4.2.1): `utnamning`
    /// Utnämning / Appointment (of a responsible agency, a competence-area owner, the lead of
    /// exploratory work), `rekommendation` Rekommendation till regeringen / Recommendation to
    /// the government, `fasbeslut` Fasbeslut / Phase decision, `avveckling` Beslut om avveckling
    /// / Decommissioning, `dokumentbeslut` Beslut om styrande dokument / Governing-document
    /// decision, `ideantagande` Antagen idékandidat / Idea candidate accepted.
    #[schema(example = "fasbeslut")]
    DecisionKind {
        Utnamning = "utnamning" ("Utnämning", "Appointment"),
        Rekommendation = "rekommendation" ("Rekommendation till regeringen", "Recommendation to the government"),
        Fasbeslut = "fasbeslut" ("Fasbeslut", "Phase decision"),
        Avveckling = "avveckling" ("Beslut om avveckling", "Decommissioning"),
        Dokumentbeslut = "dokumentbeslut" ("Beslut om styrande dokument", "Governing-document decision"),
        Ideantagande = "ideantagande" ("Antagen idékandidat", "Idea candidate accepted"),
    }
}

slug_enum! {
    /// Åtkomsträttigheter / access rights (the EU access-right list): `publik` Publik / Public,
    /// `begransad` Begränsad / Restricted, `icke-publik` Icke-publik / Non-public.
    #[schema(example = "publik")]
    AccessRights {
        Publik = "publik" ("Publik", "Public"),
        Begransad = "begransad" ("Begränsad", "Restricted"),
        IckePublik = "icke-publik" ("Icke-publik", "Non-public"),
    }
}

slug_enum! {
    /// EU data theme (http://publications.europa.eu/resource/authority/data-theme), by its
    /// code in that list: `AGRI`, `ECON`, `EDUC`, `ENER`, `ENVI`, `GOVE`, `HEAL`, `INTR`,
    /// `JUST`, `OP_DATPRO`, `REGI`, `SOCI`, `TECH`, `TRAN`.
    #[schema(example = "GOVE")]
    DataTheme {
        Agri = "AGRI" ("Jordbruk, fiske, skogsbruk och livsmedel", "Agriculture, fisheries, forestry and food"),
        Econ = "ECON" ("Ekonomi och finans", "Economy and finance"),
        Educ = "EDUC" ("Utbildning, kultur och sport", "Education, culture and sport"),
        Ener = "ENER" ("Energi", "Energy"),
        Envi = "ENVI" ("Miljö", "Environment"),
        Gove = "GOVE" ("Regeringen och den offentliga sektorn", "Government and public sector"),
        Heal = "HEAL" ("Hälsa", "Health"),
        Intr = "INTR" ("Internationella frågor", "International issues"),
        Just = "JUST" ("Rättvisa, rättssystem och allmän säkerhet", "Justice, legal system and public safety"),
        OpDatpro = "OP_DATPRO" ("Tillfälliga uppgifter", "Provisional data"),
        Regi = "REGI" ("Regioner och städer", "Regions and cities"),
        Soci = "SOCI" ("Befolkning och samhälle", "Population and society"),
        Tech = "TECH" ("Vetenskap och teknik", "Science and technology"),
        Tran = "TRAN" ("Transport", "Transport"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document must list the values the wire carries (a macro-generated enum once showed
    /// its Rust variant names there, which broke every generated client).
    fn schema_is_wire<T: utoipa::PartialSchema + Serialize>(all: &[T]) {
        let schema = serde_json::to_value(T::schema()).unwrap();
        let wire: Vec<serde_json::Value> = all
            .iter()
            .map(|v| serde_json::to_value(v).unwrap())
            .collect();
        assert_eq!(schema["enum"], serde_json::Value::Array(wire), "{schema}");
    }

    #[test]
    fn every_enum_schema_lists_the_wire_values() {
        schema_is_wire(Phase::ALL);
        schema_is_wire(Category::ALL);
        schema_is_wire(WorkStatus::ALL);
        schema_is_wire(OrganisationKind::ALL);
        schema_is_wire(ConnectionStep::ALL);
        schema_is_wire(ForumLevel::ALL);
        schema_is_wire(Role::ALL);
        schema_is_wire(CompetenceAreaStatus::ALL);
        schema_is_wire(ScopeKind::ALL);
        schema_is_wire(DocumentStatus::ALL);
        schema_is_wire(PlanKind::ALL);
        schema_is_wire(FundingForm::ALL);
        schema_is_wire(Estimate::ALL);
        schema_is_wire(BenefitKind::ALL);
        schema_is_wire(Beneficiary::ALL);
        schema_is_wire(IdeaStatus::ALL);
        schema_is_wire(ApiStatus::ALL);
        schema_is_wire(AccessRights::ALL);
        schema_is_wire(DataTheme::ALL);
    }

    #[test]
    fn slugs_round_trip_and_are_ascii_kebab_case() {
        for p in Phase::ALL {
            assert_eq!(p.as_str().parse::<Phase>().unwrap(), *p);
            assert!(p
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        assert!("Idé"
            .parse::<Phase>()
            .unwrap_err()
            .contains("expected one of"));
    }
}
