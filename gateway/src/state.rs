//! What request handlers share.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::auth::Authenticator;
use crate::broker::{build_event_sinks, EventDispatcher};
use crate::config::Config;
use crate::http::ApiKey;
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::ws::SessionContext;
use crate::Error;

/// Keep-alive connections to the webhook and JWKS hosts stay open this long when idle.
const HTTP_POOL_IDLE: Duration = Duration::from_secs(90);

/// Handles to the gateway's parts, cheap to clone into every handler.
#[derive(Clone)]
pub struct AppState {
    /// Hub, event dispatcher, metrics and frame limits.
    pub sessions: Arc<SessionContext>,
    /// Token verification.
    pub auth: Arc<Authenticator>,
    /// Key required on `/internal/*`, when configured.
    pub api_key: Option<Arc<ApiKey>>,
    /// Limits concurrent publish fan-outs (`BACKPRESSURE_MAX_INFLIGHT`).
    pub publish_permits: Option<Arc<Semaphore>>,
}

impl AppState {
    /// Builds every part from `config` and starts the event workers.
    pub fn new(config: &Config) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .pool_idle_timeout(HTTP_POOL_IDLE)
            .build()
            .map_err(Error::HttpClient)?;
        let metrics = Arc::new(Metrics::new()?);
        let sinks = build_event_sinks(config, &http, &metrics);
        let sessions = Arc::new(SessionContext {
            hub: Arc::new(Hub::new(config.backpressure, metrics.clone())),
            events: Arc::new(EventDispatcher::start(sinks)),
            metrics,
            ws: config.ws,
        });
        Ok(Self {
            sessions,
            auth: Arc::new(Authenticator::new(&config.jwt, http)),
            api_key: config.api_key.as_deref().map(|k| Arc::new(ApiKey::new(k))),
            publish_permits: (config.backpressure.max_inflight > 0)
                .then(|| Arc::new(Semaphore::new(config.backpressure.max_inflight))),
        })
    }
}
