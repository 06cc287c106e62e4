//! The building-block registry: the register of Sweden's shared digital infrastructure.

pub mod app;
pub mod auth;
pub mod budget;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod federation;
pub mod http;
pub mod keys;
pub mod outbound;
pub mod search;
pub mod seed;
pub mod server;
pub mod settings;
pub mod store;
pub mod synthetic;
pub mod ui;

/// Runs each `async fn name(backend: Backend)` once per backend, as `name::sqlite` and
/// `name::postgres`: the one such macro of the workspace's tests (the black-box harness
/// re-exports it, the process tests in `registry/tests/` use it from here).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::store::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::store::Backend::Postgres).await
            }
        }
    )*};
}
