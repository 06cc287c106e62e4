//! The application's state: what the handlers, the extractors and the background puller share.
//! Web-only parts (the read cache, the token rate limiter, the peer gauges) are the web
//! layer's own and registered beside it (`server.rs`).

use crate::auth::{Auth, Principal};
use crate::settings::Settings;
use crate::store::{Ctx, Db};

pub struct AppState {
    pub db: Db,
    pub settings: Settings,
    pub auth: Auth,
}

impl AppState {
    /// The context of a write by this caller.
    pub fn ctx(&self, who: &Principal) -> Ctx {
        Ctx::local(
            &self.settings.node_id,
            &self.settings.public_url,
            who.actor(),
        )
    }
}
