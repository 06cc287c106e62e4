use openapi::{IndicatorYear, IndicatorYearInput};

use crate::store::indicator_years;

collection! {
    indicator_years: IndicatorYear, IndicatorYearInput, IndicatorYearQuery
        at "indicator-years" in "adoption" by id;
    rights: stored::register, proposed::none;
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
