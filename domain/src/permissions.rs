//! Who may do what: one table from every action to the grants that allow it (DESIGN.md
//! §Authentication, domain.md §3 and §5). The infrastructure owner manages organisations and
//! roles and decides; a block's responsible agency edits its block and its plans; a
//! competence-area owner its area and its documents; an agency its own APIs.
//!
//! Pure rules: the caller supplies the roles the acting organisation holds and what the
//! action is about.

use openapi::Role;

/// What an action is about. A role held *for* a subject allows only actions on that subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The register as a whole: creating entries, organisations, roles, peers.
    Register,
    BuildingBlock(String),
    BaseDataDomain(String),
    CompetenceArea(String),
    /// An organisation's own things (its APIs, documents it authored).
    Organisation(String),
}

/// A role an organisation holds, for the subject it names where the role has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub role: Role,
    pub subject: Option<Subject>,
}

/// Who is acting: an organisation with the roles it holds, or a node operator.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// Operator clients are created on the node's command line (`registry clients create
    /// --operator`) by whoever runs the node; they bootstrap an empty register and run the
    /// node, so every action is open to them.
    pub operator: bool,
    pub organisation: Option<String>,
    pub held: Vec<Held>,
}

/// One way to be allowed an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Holding the role at all (the infrastructure owner's role has no subject).
    Role(Role),
    /// Holding the role for the subject the action is about.
    RoleFor(Role),
    /// Being the organisation the action is about.
    Itself,
    /// Any authenticated organisation.
    Anyone,
}

macro_rules! resources {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, $names:tt;)*) => {
        /// The kinds of entries written through the standard operations: every collection
        /// the register declares (`openapi::collections!`), named as its entries' wire type,
        /// and the node's peers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Resource {
            $($wire,)*
            Peer,
        }

        impl Resource {
            pub const ALL: &'static [Resource] = &[$(Resource::$wire,)* Resource::Peer];

            /// The collection's path segment, as in `edit building-blocks`.
            pub fn segment(self) -> &'static str {
                match self {
                    $(Resource::$wire => $segment,)*
                    Resource::Peer => "peers",
                }
            }
        }
    };
}

openapi::collections!(resources);

/// Everything a token can be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Create(Resource),
    Edit(Resource),
    Delete(Resource),
    /// Recording that a document was presented in the cross-functional competence forum.
    PresentDocument,
    /// Deciding a level-1 document: always the infrastructure owner.
    DecideLevel1Document,
    /// Deciding a level-2 or level-3 document: its author (subject: the author organisation).
    DecideDocument,
    /// Qualifying, prioritising, rejecting or accepting an idea candidate.
    HandleIdeaCandidate,
    /// An organisation's own expression of interest in a shared service (subject: the
    /// organisation).
    ExpressInterest,
    /// Pulling a peer now.
    SyncPeer,
    /// Seeing how pulling a peer goes from the inside: its last error (which may quote what
    /// the peer's host said), the changes waiting, failures, next attempt, client id.
    ReadPeerInternals,
}

const INFRA: Grant = Grant::Role(Role::Infrastrukturansvarig);
const BLOCK_OWNER: Grant = Grant::RoleFor(Role::Byggblocksansvarig);
const DOMAIN_OWNER: Grant = Grant::RoleFor(Role::Grunddatadomanansvarig);
const AREA_OWNER: Grant = Grant::RoleFor(Role::Kompetensomradesansvarig);

/// The table. The subject each row is checked against is named in its comment.
pub const TABLE: &[(Action, &[Grant])] = {
    use Action::*;
    use Resource::*;
    &[
        // The register's parties and their roles: the infrastructure owner (domain.md §3).
        (Create(Organisation), &[INFRA]),
        (Edit(Organisation), &[INFRA]),
        (Delete(Organisation), &[INFRA]),
        (Create(RoleAssignment), &[INFRA]),
        (Edit(RoleAssignment), &[INFRA]),
        (Delete(RoleAssignment), &[INFRA]),
        // Building blocks, base-data domains, competence areas: created and removed by the
        // infrastructure owner, edited also by their owner (subject: the entry).
        (Create(BuildingBlock), &[INFRA]),
        (Edit(BuildingBlock), &[INFRA, BLOCK_OWNER]),
        (Delete(BuildingBlock), &[INFRA]),
        (Create(BaseDataDomain), &[INFRA]),
        (Edit(BaseDataDomain), &[INFRA, DOMAIN_OWNER]),
        (Delete(BaseDataDomain), &[INFRA]),
        (Create(CompetenceArea), &[INFRA]),
        (Edit(CompetenceArea), &[INFRA, AREA_OWNER]),
        (Delete(CompetenceArea), &[INFRA]),
        // Governing documents (subject: the document's scope). Which levels each may author
        // is a further rule of the document hierarchy (domain.md §5).
        (
            Create(Document),
            &[INFRA, AREA_OWNER, BLOCK_OWNER, DOMAIN_OWNER],
        ),
        (
            Edit(Document),
            &[INFRA, AREA_OWNER, BLOCK_OWNER, DOMAIN_OWNER],
        ),
        (
            Delete(Document),
            &[INFRA, AREA_OWNER, BLOCK_OWNER, DOMAIN_OWNER],
        ),
        (PresentDocument, &[INFRA]),
        (DecideLevel1Document, &[INFRA]),
        (DecideDocument, &[Grant::Itself]),
        // Plans and their milestones (subject: the plan's scope): a block's or domain's
        // owner keeps its milestone plan; the governance plan is the infrastructure owner's.
        (Create(Plan), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        (Edit(Plan), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        (Delete(Plan), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        (Create(Milestone), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        (Edit(Milestone), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        (Delete(Milestone), &[INFRA, BLOCK_OWNER, DOMAIN_OWNER]),
        // A funding need is stated by its subject's owner (subject: the block, domain or
        // competence area; a need named by a label only is the register's, 001 §7.5.2); the
        // valued benefits of the whole infrastructure by the infrastructure owner.
        (
            Create(FundingNeed),
            &[INFRA, BLOCK_OWNER, DOMAIN_OWNER, AREA_OWNER],
        ),
        (
            Edit(FundingNeed),
            &[INFRA, BLOCK_OWNER, DOMAIN_OWNER, AREA_OWNER],
        ),
        (
            Delete(FundingNeed),
            &[INFRA, BLOCK_OWNER, DOMAIN_OWNER, AREA_OWNER],
        ),
        (Create(Benefit), &[INFRA]),
        (Edit(Benefit), &[INFRA]),
        (Delete(Benefit), &[INFRA]),
        // A phase decision moves a block or domain to another phase (`decide a phase`); the
        // decisions are its history, so there is nothing to edit or delete.
        (Create(PhaseDecision), &[INFRA]),
        (Edit(PhaseDecision), &[]),
        (Delete(PhaseDecision), &[]),
        // APIs: only the publishing agency (subject: the publisher).
        (Create(Api), &[Grant::Itself]),
        (Edit(Api), &[Grant::Itself]),
        (Delete(Api), &[Grant::Itself]),
        // Anyone may propose a new building block; the infrastructure owner handles it.
        (Create(IdeaCandidate), &[Grant::Anyone]),
        (Edit(IdeaCandidate), &[INFRA]),
        (Delete(IdeaCandidate), &[INFRA]),
        (HandleIdeaCandidate, &[INFRA]),
        // The decision register holds the infrastructure owner's decisions (001 §5.2.7);
        // append-only, so there is nothing to edit or delete.
        (Create(Decision), &[INFRA]),
        (Edit(Decision), &[]),
        (Delete(Decision), &[]),
        // Adoption (report 000): a shared service, its connections and its yearly reports are
        // its supplier's to record (subject: the supplier agency; 000 §1.2.4, the indicators
        // build on the suppliers' data); an organisation states its own interest; each year's
        // denominators are the infrastructure owner's.
        (Create(SharedService), &[INFRA, Grant::Itself]),
        (Edit(SharedService), &[INFRA, Grant::Itself]),
        (Delete(SharedService), &[INFRA, Grant::Itself]),
        (Create(Connection), &[INFRA, Grant::Itself]),
        (Edit(Connection), &[INFRA, Grant::Itself]),
        (Delete(Connection), &[INFRA, Grant::Itself]),
        (Create(ServiceReport), &[INFRA, Grant::Itself]),
        (Edit(ServiceReport), &[INFRA, Grant::Itself]),
        (Delete(ServiceReport), &[INFRA, Grant::Itself]),
        (Create(IndicatorYear), &[INFRA]),
        (Edit(IndicatorYear), &[INFRA]),
        (Delete(IndicatorYear), &[INFRA]),
        (ExpressInterest, &[Grant::Itself]),
        // The forums and their meetings: the infrastructure owner convenes them (001 §4.1.3).
        (Create(Forum), &[INFRA]),
        (Edit(Forum), &[INFRA]),
        (Delete(Forum), &[INFRA]),
        (Create(ForumMeeting), &[INFRA]),
        (Edit(ForumMeeting), &[INFRA]),
        (Delete(ForumMeeting), &[INFRA]),
        // Federation peers are the infrastructure owner's to manage.
        (Create(Peer), &[INFRA]),
        (Edit(Peer), &[INFRA]),
        (Delete(Peer), &[INFRA]),
        (SyncPeer, &[INFRA]),
        (ReadPeerInternals, &[INFRA]),
    ]
};

/// The grants that allow an action.
pub fn grants(action: Action) -> &'static [Grant] {
    TABLE
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, g)| *g)
        .unwrap_or(&[])
}

/// Why an action was refused: every way the caller could have been allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub action: Action,
    /// The roles (or relations) that would allow it, in words, e.g.
    /// `byggblocksansvarig for this building block`.
    pub needs: Vec<String>,
}

impl Refusal {
    /// The role slugs that would allow the action, for clients that act on them.
    pub fn roles(&self) -> Vec<Role> {
        grants(self.action)
            .iter()
            .filter_map(|g| match g {
                Grant::Role(r) | Grant::RoleFor(r) => Some(*r),
                _ => None,
            })
            .collect()
    }
}

/// Allows the action, or says which roles would.
pub fn check(caller: &Caller, action: Action, subject: &Subject) -> Result<(), Refusal> {
    if caller.operator {
        return Ok(());
    }
    let allowed = grants(action).iter().any(|g| match g {
        Grant::Anyone => caller.organisation.is_some(),
        Grant::Itself => {
            matches!((subject, &caller.organisation), (Subject::Organisation(s), Some(o)) if s == o)
        }
        Grant::Role(role) => caller.held.iter().any(|h| h.role == *role),
        Grant::RoleFor(role) => caller
            .held
            .iter()
            .any(|h| h.role == *role && h.subject.as_ref() == Some(subject)),
    });
    if allowed {
        Ok(())
    } else {
        Err(Refusal {
            action,
            needs: grants(action)
                .iter()
                .map(|g| describe(*g, subject))
                .collect(),
        })
    }
}

fn describe(g: Grant, subject: &Subject) -> String {
    match g {
        Grant::Role(r) => r.as_str().to_string(),
        Grant::RoleFor(r) => format!("{} for {}", r.as_str(), subject_words(subject)),
        Grant::Itself => format!("being {}", subject_words(subject)),
        Grant::Anyone => "an organisation".into(),
    }
}

fn subject_words(s: &Subject) -> &'static str {
    match s {
        Subject::Register => "the register",
        Subject::BuildingBlock(_) => "this building block",
        Subject::BaseDataDomain(_) => "this base-data domain",
        Subject::CompetenceArea(_) => "this competence area",
        Subject::Organisation(_) => "the organisation the entry belongs to",
    }
}

impl Action {
    /// In words, for problems: `edit building-blocks`, `decide a phase`.
    pub fn describe(self) -> String {
        match self {
            Action::Create(Resource::PhaseDecision) => "decide a phase".into(),
            Action::Create(r) => format!("create {}", r.segment()),
            Action::Edit(r) => format!("edit {}", r.segment()),
            Action::Delete(r) => format!("delete {}", r.segment()),
            Action::PresentDocument => "record a forum presentation".into(),
            Action::DecideLevel1Document => "decide a level-1 document".into(),
            Action::DecideDocument => "decide a level-2 or level-3 document".into(),
            Action::HandleIdeaCandidate => "handle an idea candidate".into(),
            Action::ExpressInterest => "express interest in a shared service".into(),
            Action::SyncPeer => "sync a peer".into(),
            Action::ReadPeerInternals => "read a peer's internals".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Resource::*;

    fn all_actions() -> Vec<Action> {
        let mut v: Vec<Action> = Resource::ALL
            .iter()
            .flat_map(|r| [Create(*r), Edit(*r), Delete(*r)])
            .collect();
        v.extend([
            PresentDocument,
            DecideLevel1Document,
            DecideDocument,
            HandleIdeaCandidate,
            ExpressInterest,
            SyncPeer,
            ReadPeerInternals,
        ]);
        v
    }

    fn org(id: &str, held: &[(Role, Option<Subject>)]) -> Caller {
        Caller {
            operator: false,
            organisation: Some(id.into()),
            held: held
                .iter()
                .map(|(role, subject)| Held {
                    role: *role,
                    subject: subject.clone(),
                })
                .collect(),
        }
    }

    fn block(id: &str) -> Subject {
        Subject::BuildingBlock(id.into())
    }

    /// The expected answer for every action, written out independently of `TABLE`:
    /// who among (infrastructure owner, block owner of b1, domain owner of d1, area owner
    /// of k1, the publisher itself, an organisation without roles) may take it.
    fn expected(action: Action) -> [bool; 6] {
        //                          infra  block  domain area   itself none
        match action {
            Create(IdeaCandidate) => [true, true, true, true, true, true],
            Create(Api) | Edit(Api) | Delete(Api) | DecideDocument | ExpressInterest => {
                [false, false, false, false, true, false]
            }
            // A supplier's own service, its connections and reports; and the owner.
            Create(SharedService)
            | Edit(SharedService)
            | Delete(SharedService)
            | Create(Connection)
            | Edit(Connection)
            | Delete(Connection)
            | Create(ServiceReport)
            | Edit(ServiceReport)
            | Delete(ServiceReport) => [true, false, false, false, true, false],
            Edit(BuildingBlock) | Create(FundingNeed) | Edit(FundingNeed) | Delete(FundingNeed) => {
                [true, true, false, false, false, false]
            }
            Edit(BaseDataDomain) => [true, false, true, false, false, false],
            Edit(CompetenceArea) => [true, false, false, true, false, false],
            Create(Document) | Edit(Document) | Delete(Document) => {
                [true, true, true, true, false, false]
            }
            Create(Plan) | Edit(Plan) | Delete(Plan) | Create(Milestone) | Edit(Milestone)
            | Delete(Milestone) => [true, true, true, false, false, false],
            // The decision register is append-only: no one edits or deletes a decision.
            Edit(Decision) | Delete(Decision) | Edit(PhaseDecision) | Delete(PhaseDecision) => {
                [false; 6]
            }
            _ => [true, false, false, false, false, false],
        }
    }

    /// The subject each kind of caller is checked against: the one its role names.
    fn subject_for(action: Action, caller: usize) -> Subject {
        match (action, caller) {
            (Edit(BuildingBlock) | Create(FundingNeed) | Edit(FundingNeed), _) => block("b1"),
            (Delete(FundingNeed), _) => block("b1"),
            (Edit(BaseDataDomain), _) => Subject::BaseDataDomain("d1".into()),
            (Edit(CompetenceArea), _) => Subject::CompetenceArea("k1".into()),
            (
                Create(Api)
                | Edit(Api)
                | Delete(Api)
                | DecideDocument
                | ExpressInterest
                | Create(SharedService)
                | Edit(SharedService)
                | Delete(SharedService)
                | Create(Connection)
                | Edit(Connection)
                | Delete(Connection)
                | Create(ServiceReport)
                | Edit(ServiceReport)
                | Delete(ServiceReport),
                _,
            ) => Subject::Organisation("org-1".into()),
            (_, 1) => block("b1"),
            (_, 2) => Subject::BaseDataDomain("d1".into()),
            (_, 3) => Subject::CompetenceArea("k1".into()),
            _ => Subject::Register,
        }
    }

    /// Each a different organisation; only "itself" is org-1, whose things the
    /// `Itself` rows are about, and "none" holds no role at all.
    fn callers() -> [Caller; 6] {
        [
            org("infra", &[(Role::Infrastrukturansvarig, None)]),
            org(
                "block-owner",
                &[(Role::Byggblocksansvarig, Some(block("b1")))],
            ),
            org(
                "domain-owner",
                &[(
                    Role::Grunddatadomanansvarig,
                    Some(Subject::BaseDataDomain("d1".into())),
                )],
            ),
            org(
                "area-owner",
                &[(
                    Role::Kompetensomradesansvarig,
                    Some(Subject::CompetenceArea("k1".into())),
                )],
            ),
            org("org-1", &[]),
            org("someone-else", &[]),
        ]
    }

    #[test]
    fn every_action_has_exactly_one_row() {
        for a in all_actions() {
            assert_eq!(
                TABLE.iter().filter(|(x, _)| *x == a).count(),
                1,
                "{a:?} must have one row"
            );
        }
        assert_eq!(TABLE.len(), all_actions().len());
    }

    #[test]
    fn every_cell_allows_exactly_the_expected_callers() {
        let callers = callers();
        for action in all_actions() {
            let want = expected(action);
            for (i, caller) in callers.iter().enumerate() {
                let subject = subject_for(action, i);
                let got = check(caller, action, &subject).is_ok();
                assert_eq!(
                    got, want[i],
                    "{action:?} by caller {i} on {subject:?}: expected {}",
                    want[i]
                );
            }
        }
    }

    #[test]
    fn a_role_for_another_subject_does_not_count() {
        let owner_of_b2 = org("o2", &[(Role::Byggblocksansvarig, Some(block("b2")))]);
        let r = check(&owner_of_b2, Edit(BuildingBlock), &block("b1")).unwrap_err();
        assert_eq!(
            r.needs,
            vec![
                "infrastrukturansvarig".to_string(),
                "byggblocksansvarig for this building block".to_string()
            ]
        );
        assert_eq!(
            r.roles(),
            vec![Role::Infrastrukturansvarig, Role::Byggblocksansvarig]
        );
        // A subject-bound role is not the infrastructure owner's role anywhere.
        assert!(check(&owner_of_b2, Create(BuildingBlock), &Subject::Register).is_err());
    }

    #[test]
    fn operators_may_do_everything_and_nobody_else_without_an_organisation() {
        let operator = Caller {
            operator: true,
            ..Caller::default()
        };
        let nobody = Caller::default();
        for a in all_actions() {
            assert!(check(&operator, a, &Subject::Register).is_ok());
            assert!(check(&nobody, a, &Subject::Organisation("x".into())).is_err());
        }
    }
}
