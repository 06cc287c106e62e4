//! Whose a funding need is. "Finansieringsbehovet delas in i 3 områden": the building blocks,
//! the base-data domains, and the work of the infrastructure owner and in the competence areas
//! (001 §7.5). A need names a registered block, domain or competence area, or, where no entry
//! is registered for its subject, says what it is by a label and its kind: the infrastructure
//! owner's "Styrning och ledning av infrastrukturen" (`infrastruktur`), "Kompetensområden (exkl.
//! grunddata)" together (`kompetensomrade`), a not-yet-named "Nytt byggblock 1" (`byggblock`)
//! (001 §7.5.1, §7.5.2).

use openapi::{FundingNeedInput, ScopeKind};

/// The kind of subject a need names, or the field and reason it names none, or more than one.
pub fn subject_kind(i: &FundingNeedInput) -> Result<ScopeKind, (&'static str, String)> {
    let named: Vec<(&'static str, ScopeKind)> = [
        (
            "buildingBlock",
            ScopeKind::Byggblock,
            i.building_block.is_some(),
        ),
        (
            "baseDataDomain",
            ScopeKind::Grunddatadoman,
            i.base_data_domain.is_some(),
        ),
        (
            "competenceArea",
            ScopeKind::Kompetensomrade,
            i.competence_area.is_some(),
        ),
    ]
    .into_iter()
    .filter(|(_, _, given)| *given)
    .map(|(field, kind, _)| (field, kind))
    .collect();
    match (named.as_slice(), &i.label, i.subject_kind) {
        ([], None, _) => Err((
            "buildingBlock",
            "a need names its subject: a building block, a base-data domain, a competence area, \
             or a label with its subjectKind"
                .into(),
        )),
        ([], Some(_), None) => Err((
            "subjectKind",
            "is required with a label: infrastruktur, kompetensomrade, byggblock or \
             grunddatadoman"
                .into(),
        )),
        ([], Some(_), Some(kind)) => Ok(kind),
        ([(field, _)], Some(_), _) => Err((
            "label",
            format!("a need of a registered entry is named by it ({field}), not by a label"),
        )),
        ([(field, kind)], None, Some(given)) if given != *kind => Err((
            "subjectKind",
            format!("is {kind} for a need that names {field}, not {given}"),
        )),
        ([(_, kind)], None, _) => Ok(*kind),
        ([_, (second, _), ..], _, _) => Err((
            second,
            "a need names one subject: a building block, a base-data domain, a competence \
             area, or a label"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openapi::Estimate;

    fn need() -> FundingNeedInput {
        FundingNeedInput {
            building_block: None,
            base_data_domain: None,
            competence_area: None,
            label: None,
            subject_kind: None,
            year: 2022,
            amount_ksek: Some(3000),
            estimate: Estimate::Uppskattad,
            funding_form: None,
            note: None,
            source: None,
        }
    }

    #[test]
    fn a_need_names_one_subject() {
        let block = FundingNeedInput {
            building_block: Some("identitet".into()),
            ..need()
        };
        assert_eq!(subject_kind(&block), Ok(ScopeKind::Byggblock));
        let area = FundingNeedInput {
            competence_area: Some("juridik".into()),
            ..need()
        };
        assert_eq!(subject_kind(&area), Ok(ScopeKind::Kompetensomrade));
        assert_eq!(subject_kind(&need()).unwrap_err().0, "buildingBlock");
        let two = FundingNeedInput {
            base_data_domain: Some("adresser".into()),
            ..block.clone()
        };
        assert_eq!(subject_kind(&two).unwrap_err().0, "baseDataDomain");
        let disagreeing = FundingNeedInput {
            subject_kind: Some(ScopeKind::Infrastruktur),
            ..block.clone()
        };
        assert_eq!(subject_kind(&disagreeing).unwrap_err().0, "subjectKind");
        let labelled_entry = FundingNeedInput {
            label: Some("Identitet".into()),
            ..block
        };
        assert_eq!(subject_kind(&labelled_entry).unwrap_err().0, "label");
    }

    #[test]
    fn a_label_says_what_kind_of_subject_it_names() {
        let new_block = FundingNeedInput {
            label: Some("Nytt byggblock 1".into()),
            subject_kind: Some(ScopeKind::Byggblock),
            ..need()
        };
        assert_eq!(subject_kind(&new_block), Ok(ScopeKind::Byggblock));
        let no_kind = FundingNeedInput {
            subject_kind: None,
            ..new_block
        };
        assert_eq!(subject_kind(&no_kind).unwrap_err().0, "subjectKind");
    }
}
