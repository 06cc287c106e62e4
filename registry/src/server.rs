//! Building and running the HTTP server (used by `registry serve` and by the tests).

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::http::KeepAlive;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use actix_web_prom::PrometheusMetricsBuilder;

use crate::app::AppState;
use crate::http;
use crate::settings::Settings;
use crate::store::Db;

pub struct Application {
    server: Server,
    port: u16,
    pub state: web::Data<AppState>,
}

impl Application {
    /// Connects, migrates, seeds an empty register when asked, and binds the listener.
    pub async fn build(settings: Settings, seed: bool) -> anyhow::Result<Application> {
        Self::build_inspected(settings, seed, None).await
    }

    /// As `build`, with an inspector that sees every response (the tests' contract check).
    pub async fn build_inspected(
        settings: Settings,
        seed: bool,
        inspector: Option<http::inspect::Inspector>,
    ) -> anyhow::Result<Application> {
        let db = Db::connect(&settings.database_url, settings.pool_size)?;
        let prepared = db.clone();
        let node = settings.node_id.clone();
        let public_url = settings.public_url.clone();
        let key_rows = web::block(move || -> anyhow::Result<_> {
            prepared.prepare(&node)?;
            if seed {
                crate::seed::load_if_empty(&prepared, &node, &public_url)?;
            }
            let mut conn = prepared.get()?;
            // Built before the first request, rather than by it.
            prepared.index.rebuild(&mut conn)?;
            let keys =
                crate::store::keys::active_or_create(&mut conn, crate::keys::node::generate)?;
            // Peer secrets stored in the clear by an earlier version are sealed now.
            crate::keys::sealed::seal_stored_peer_secrets(&mut conn)?;
            Ok(keys)
        })
        .await??;
        let auth = crate::auth::Auth::new(
            &settings,
            crate::keys::node::NodeKeys::from_rows(&key_rows)?,
        );
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("binding {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        // Labelled by route pattern, and every path without a route by one label: the series do
        // not grow with the paths clients make up.
        let metrics = PrometheusMetricsBuilder::new("registry")
            .endpoint("/metrics")
            .mask_unmatched_patterns("UNMATCHED")
            .build()
            .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
        let peer_metrics = crate::federation::metrics::PeerMetrics::register(&metrics.registry)?;
        let token_limiter = web::Data::new(http::oauth::Limiter::per_minute(
            settings.auth.token_rate,
            settings.auth.token_client_rate,
        ));
        let cache = web::Data::new(
            http::cache::ReadCache::new(Some(&metrics.registry))
                .map_err(|e| anyhow::anyhow!("metrics: {e}"))?,
        );
        let sign_ins = web::Data::new(crate::ui::session::Attempts::default());
        let peer_metrics = web::Data::new(peer_metrics);
        db.follow_writes();
        let state = web::Data::new(AppState { db, settings, auth });
        if state.settings.pull_peers {
            let puller = crate::federation::pull::Puller::new(state.db.clone(), &state.settings);
            tokio::spawn(puller.schedule());
        }
        if state.settings.harvest_catalogs {
            let harvester =
                crate::catalog::harvest::Harvester::new(state.db.clone(), &state.settings);
            tokio::spawn(harvester.schedule());
        }
        let limits = state.settings.http.clone();
        // `--max-connections` is for the whole process; actix counts per worker.
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, limits.max_connections);
        let data = state.clone();
        let inspected = inspector.is_some();
        let inspector = inspector.map(web::Data::new);
        let server = HttpServer::new(move || {
            let mut app = App::new()
                .app_data(data.clone())
                .app_data(token_limiter.clone())
                .app_data(cache.clone())
                .app_data(sign_ins.clone())
                .app_data(peer_metrics.clone());
            if let Some(i) = &inspector {
                app = app.app_data(i.clone());
            }
            app.wrap(from_fn(crate::ui::session::load))
                .wrap(from_fn(http::cache::read_cache))
                .wrap(from_fn(http::guard::refuse_control_text))
                .wrap(from_fn(http::problem_instance))
                .wrap(metrics.clone())
                .wrap(from_fn(http::peer_metrics))
                .wrap(from_fn(http::semantics::guard))
                .wrap(from_fn(http::trace::traceparent))
                // Outermost, so that it sees what the client gets.
                .wrap(Condition::new(inspected, from_fn(http::inspect::inspect)))
                .configure(http::configure)
                .configure(crate::ui::configure)
                .default_service(web::to(http::not_found))
        })
        .workers(workers)
        .max_connections(limits.max_connections.div_ceil(workers))
        .client_request_timeout(Duration::from_secs(limits.header_timeout_secs))
        .client_disconnect_timeout(Duration::from_secs(limits.disconnect_timeout_secs))
        .keep_alive(match limits.keep_alive_secs {
            0 => KeepAlive::Disabled,
            secs => KeepAlive::Timeout(Duration::from_secs(secs)),
        })
        .listen(listener)?
        .run();
        Ok(Application {
            server,
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle that stops the server from elsewhere.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
