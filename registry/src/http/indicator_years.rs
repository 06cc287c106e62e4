use openapi::{IndicatorYear, IndicatorYearInput};

use crate::store::indicator_years;

collection! {
    store: indicator_years,
    stored: crate::store::authz::stored::register,
    proposed: crate::store::authz::proposed::none,
    segment: "indicator-years",
    tag: "adoption",
    wire: IndicatorYear,
    input: IndicatorYearInput,
    query: IndicatorYearQuery,
    key: "Id / Id",
    list: "Nämnare per år / list each year's numbers of state and preparedness agencies",
    get: "Ett års nämnare / get one year's denominators by id",
    create: "Skapa årets nämnare / store a year's denominators (the infrastructure owner)",
    replace: "Ersätt årets nämnare / replace a year's denominators (If-Match required)",
    delete: "Ta bort årets nämnare / delete a year's denominators (If-Match required)",
}

only_the_collection!();

list_query! {
    pub struct IndicatorYearQuery => indicator_years::Filter {
        /// Only this year.
        year: Option<i32>,
        ..origin,
        ..page
    }
}
