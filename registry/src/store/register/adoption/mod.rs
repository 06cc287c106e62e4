//! Adoption (report 000): shared services, connections to them, the suppliers' yearly
//! reports, the years' denominators, and the indicators computed from them.

pub mod connections;
pub mod indicator_years;
pub mod indicators;
pub mod service_reports;
pub mod shared_services;
