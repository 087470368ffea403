//! What request handlers share.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::auth::Authenticator;
use crate::broker::rabbitmq::{RabbitLink, RabbitOutboxReader, Topology};
use crate::broker::redis::{OutboxReader, RedisLink, RedisPresence, OUTBOX_BLOCK};
use crate::broker::{build_event_sinks, EventDispatcher};
use crate::config::Config;
use crate::http::ApiKey;
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::ws::SessionContext;
use crate::Error;

/// Response timeout of non-blocking Redis commands.
const REDIS_RESPONSE_TIMEOUT: Duration = Duration::from_secs(5);

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
    /// Broker connections `/ready` checks besides the event sinks.
    pub broker_links: Arc<[Arc<RedisLink>]>,
    /// The Redis outbox reader, when `REDIS_DSN` is set.
    pub outbox_reader: Option<Arc<OutboxReader>>,
    /// The RabbitMQ outbox reader, when `RABBITMQ_DSN` is set (its link also
    /// serves DLQ replay).
    pub rabbit_outbox_reader: Option<Arc<RabbitOutboxReader>>,
}

impl AppState {
    /// Builds every part from `config` and starts the event workers.
    pub fn new(config: &Config) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .pool_idle_timeout(HTTP_POOL_IDLE)
            .build()
            .map_err(Error::HttpClient)?;
        let metrics = Arc::new(Metrics::new()?);
        let mut broker_links = Vec::new();
        let redis_dsn = config.brokers.redis_dsn.as_deref();
        let events_link = match redis_dsn {
            Some(dsn) if config.events_mode.broker() => Some(Arc::new(RedisLink::new(
                "redis",
                dsn,
                REDIS_RESPONSE_TIMEOUT,
            )?)),
            _ => None,
        };
        let rabbit_dsn = config.brokers.rabbitmq_dsn.as_deref();
        let rabbit_events_link = match rabbit_dsn {
            Some(dsn) if config.events_mode.broker() => Some(Arc::new(RabbitLink::new(
                "rabbitmq",
                dsn,
                Topology::events(&config.brokers),
            ))),
            _ => None,
        };
        let sinks = build_event_sinks(config, &http, &metrics, events_link, rabbit_events_link);
        let presence = match config.presence.redis_dsn.as_deref() {
            Some(dsn) => {
                let link = Arc::new(RedisLink::new(
                    "redis-presence",
                    dsn,
                    REDIS_RESPONSE_TIMEOUT,
                )?);
                broker_links.push(link.clone());
                Some(Arc::new(RedisPresence::start(
                    link,
                    &config.presence,
                    metrics.clone(),
                )))
            }
            None => None,
        };
        let hub = Arc::new(Hub::new(config.backpressure, metrics.clone()));
        let outbox_reader = match redis_dsn {
            Some(dsn) => {
                // A connection of its own, with a timeout beyond the block time.
                let link = Arc::new(RedisLink::new(
                    "redis-outbox",
                    dsn,
                    OUTBOX_BLOCK + REDIS_RESPONSE_TIMEOUT,
                )?);
                Some(Arc::new(OutboxReader::start(
                    link,
                    config.brokers.redis_outbox_stream.clone(),
                    config.brokers.redis_dlq_stream.clone(),
                    hub.clone(),
                    metrics.clone(),
                )))
            }
            None => None,
        };
        let rabbit_outbox_reader = rabbit_dsn.map(|dsn| {
            // A connection of its own: its queue lives and dies with it.
            let link = Arc::new(RabbitLink::new(
                "rabbitmq-outbox",
                dsn,
                Topology::outbox(&config.brokers),
            ));
            Arc::new(RabbitOutboxReader::start(
                link,
                &config.brokers,
                hub.clone(),
                metrics.clone(),
            ))
        });
        let sessions = Arc::new(SessionContext {
            hub,
            events: Arc::new(EventDispatcher::start(sinks)),
            metrics,
            ws: config.ws,
            ordering: config.ordering.clone(),
            presence,
            live: Default::default(),
        });
        Ok(Self {
            sessions,
            auth: Arc::new(Authenticator::new(&config.jwt, http)),
            api_key: config.api_key.as_deref().map(|k| Arc::new(ApiKey::new(k))),
            publish_permits: (config.backpressure.max_inflight > 0)
                .then(|| Arc::new(Semaphore::new(config.backpressure.max_inflight))),
            broker_links: broker_links.into(),
            outbox_reader,
            rabbit_outbox_reader,
        })
    }
}
