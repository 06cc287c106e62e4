use crate::store::base_data_domains;
use openapi::{BaseDataDomain, BaseDataDomainInput, Phase};

collection! {
    base_data_domains: BaseDataDomain, BaseDataDomainInput, BaseDataDomainQuery
        at "base-data-domains" by id or slug;
    rights: stored::base_data_domain, proposed::none;
    list: "Grunddatadomäner / list base-data domains",
    get: "En grunddatadomän / get one base-data domain by id or slug",
    create: "Skapa grunddatadomän / create a base-data domain",
    replace: "Ersätt grunddatadomän / replace a base-data domain (If-Match required)",
    delete: "Ta bort grunddatadomän / delete a base-data domain (If-Match required; refused while referenced)",
}

only_the_collection!(tag "base-data-domains": "Grunddatadomäner / Base-data domains");

list_query! {
    pub struct BaseDataDomainQuery => base_data_domains::Filter {
        /// Only base-data domains in this phase.
        phase: Option<Phase>,
        /// Only base-data domains with this responsible organisation (id or slug); an unknown
        /// organisation gives an empty list.
        responsible: Option<String>,
        ..origin,
        /// Part of the name or slug.
        q: Option<String>,
        ..page
    }
}
