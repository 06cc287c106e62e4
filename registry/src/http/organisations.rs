use openapi::{Organisation, OrganisationInput, OrganisationKind};

use crate::store::organisations;

collection! {
    organisations: Organisation, OrganisationInput, OrganisationQuery
        at "organisations" by id or slug;
    rights: stored::register, proposed::none;
    list: "Organisationer / list organisations",
    get: "En organisation / get one organisation by id or slug",
    create: "Skapa organisation / create an organisation",
    replace: "Ersätt organisation / replace an organisation (If-Match required)",
    delete: "Ta bort organisation / delete an organisation (If-Match required; refused while referenced)",
}

only_the_collection!(tag "organisations": "Organisationer / Organisations");

list_query! {
    pub struct OrganisationQuery => organisations::Filter {
        /// Only organisations of this kind.
        kind: Option<OrganisationKind>,
        /// Only the organisation with this organisation number (`NNNNNN-NNNN`).
        organisation_number: Option<String>,
        /// Only preparedness agencies (*beredskapsmyndigheter*), or only the others.
        preparedness_agency: Option<bool>,
        ..origin,
        /// Part of the name or slug, case-insensitive.
        q: Option<String>,
        ..page
    }
}
