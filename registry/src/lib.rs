//! The building-block registry: the register of Sweden's shared digital infrastructure.

pub mod app;
pub mod auth;
pub mod budget;
pub mod catalog;
pub mod cli;
pub mod error;
pub mod federation;
pub mod http;
pub mod keys;
pub mod outbound;
pub mod seed;
pub mod server;
pub mod settings;
pub mod store;
pub mod synthetic;
