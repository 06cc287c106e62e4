//! The coordination forums (001 §4.1.2.2, §4.1.3): who convenes them, and which forum a
//! governing document is presented in.

use openapi::{ForumInput, ForumLevel, ForumMeetingInput};

use crate::validate::{name, slug, source, text, validated_by};
use crate::{Errors, Invalid};

type Result<T> = std::result::Result<T, Invalid>;

/// Why `convener` cannot convene a forum: the infrastructure owner convenes every forum, at
/// every level ("infrastrukturansvarig som är sammankallande på samtliga nivåer", 001 §4.1.3;
/// "Infrastrukturansvarig är sammankallande och ansvarig för det tvärfunktionella forumet",
/// §4.1.2.2).
pub fn convener_problem(convener: &str, infrastructure_owner: Option<&str>) -> Option<String> {
    (infrastructure_owner != Some(convener)).then(|| {
        "the infrastructure owner (the organisation holding infrastrukturansvarig) convenes \
         every coordination forum"
            .into()
    })
}

/// Why a meeting of a forum at `level` is not where a governing document is presented: levels
/// 1 and 2 are presented in the cross-functional competence forum before they are decided
/// (001 §4.2.1, §4.1.2.2).
pub fn presentation_forum_problem(level: ForumLevel) -> Option<String> {
    (level != ForumLevel::Tvarfunktionellt).then(|| {
        format!(
            "a governing document is presented in the cross-functional competence forum, not \
             in a forum at the level {}",
            level.label_sv()
        )
    })
}

/// The cross-functional competence forum is one (001 §4.1.2.2: "etableras ett tvärfunktionellt
/// forum"): a second is refused.
pub fn second_cross_functional_problem(level: ForumLevel, others_of_level: i64) -> Option<String> {
    (level == ForumLevel::Tvarfunktionellt && others_of_level > 0)
        .then(|| "the register holds the cross-functional competence forum already".into())
}

pub fn forum(i: &ForumInput) -> Result<()> {
    let mut e = Errors::default();
    slug(&mut e, "slug", &i.slug);
    name(&mut e, "name", &i.name);
    if i.members.len() > 500 {
        e.add("members", "must list at most 500 organisations");
    }
    for (n, m) in i.members.iter().enumerate() {
        if i.members[..n].contains(m) {
            e.add(format!("members[{n}]"), format!("'{m}' is listed twice"));
        }
    }
    if let Some(p) = &i.purpose {
        text(&mut e, "purpose", p);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(ForumInput => forum);

pub fn meeting(i: &ForumMeetingInput) -> Result<()> {
    let mut e = Errors::default();
    if i.agenda.trim().is_empty() {
        e.add("agenda", "must say what the meeting is about");
    }
    text(&mut e, "agenda", &i.agenda);
    if let Some(m) = &i.minutes_reference {
        name(&mut e, "minutesReference", m);
    }
    source(&mut e, &i.source);
    e.into_result()
}
validated_by!(ForumMeetingInput => meeting);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_infrastructure_owner_convenes_every_forum() {
        assert_eq!(convener_problem("digg", Some("digg")), None);
        assert!(convener_problem("skv", Some("digg")).is_some());
        assert!(convener_problem("digg", None).is_some());
    }

    #[test]
    fn documents_are_presented_in_the_cross_functional_forum() {
        assert_eq!(
            presentation_forum_problem(ForumLevel::Tvarfunktionellt),
            None
        );
        for other in [
            ForumLevel::Strategisk,
            ForumLevel::Taktisk,
            ForumLevel::Operativ,
        ] {
            assert!(presentation_forum_problem(other).is_some());
        }
        assert!(second_cross_functional_problem(ForumLevel::Tvarfunktionellt, 1).is_some());
        assert_eq!(
            second_cross_functional_problem(ForumLevel::Tvarfunktionellt, 0),
            None
        );
        assert_eq!(
            second_cross_functional_problem(ForumLevel::Operativ, 3),
            None
        );
    }
}
