use openapi::{ServiceReport, ServiceReportInput};

use crate::store::service_reports;

collection! {
    service_reports: ServiceReport, ServiceReportInput, ServiceReportQuery
        at "service-reports" in "adoption" by id;
    rights: stored::service_report, proposed::service_report;
    list: "Årsrapporter om tjänster / list the suppliers' yearly reports on shared services",
    get: "En årsrapport / get one service report by id",
    create: "Skapa årsrapport / report on a shared service for a year (its supplier)",
    replace: "Ersätt årsrapport / replace a service report (If-Match required)",
    delete: "Ta bort årsrapport / delete a service report (If-Match required)",
}

only_the_collection!();

list_query! {
    pub struct ServiceReportQuery => service_reports::Filter {
        /// Only reports on this shared service (id or slug).
        service: Option<String>,
        /// Only reports of this year.
        year: Option<i32>,
        ..origin,
        ..page
    }
}
