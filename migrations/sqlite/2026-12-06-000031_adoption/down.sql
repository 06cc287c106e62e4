DROP TABLE indicator_years;
DROP TABLE service_reports;
DROP TABLE connections;
DROP TABLE shared_services;
