//! `POST /internal/replay/rabbitmq`: moving dead letters back to where they
//! were headed.
//!
//! A dead letter's target is read from the `x-snoke-target-*` headers the
//! gateway writes when it dead-letters a message itself, else from the first
//! `x-death` entry RabbitMQ adds when a queue dead-letters one (expired or
//! rejected). Letters without a known target stay in the DLQ.

use lapin::options::{
    BasicAckOptions, BasicGetOptions, BasicNackOptions, BasicPublishOptions, ConfirmSelectOptions,
};
use lapin::types::{AMQPValue, FieldTable, ShortString};

use super::link::RabbitLink;
use crate::Error;

/// Header naming the exchange a dead letter was published to.
pub const TARGET_EXCHANGE_HEADER: &str = "x-snoke-target-exchange";
/// Header naming the routing key a dead letter was published with.
pub const TARGET_ROUTING_KEY_HEADER: &str = "x-snoke-target-routing-key";
/// Header saying why the gateway dead-lettered a message.
pub const REASON_HEADER: &str = "x-snoke-reason";
/// Header RabbitMQ adds when a queue dead-letters a message.
const X_DEATH: &str = "x-death";

/// Headers recording where a message was headed.
pub(super) fn target_headers(exchange: &str, routing_key: &str) -> FieldTable {
    let mut headers = FieldTable::default();
    headers.insert(
        TARGET_EXCHANGE_HEADER.into(),
        AMQPValue::LongString(exchange.into()),
    );
    headers.insert(
        TARGET_ROUTING_KEY_HEADER.into(),
        AMQPValue::LongString(routing_key.into()),
    );
    headers
}

fn text(value: Option<&AMQPValue>) -> Option<String> {
    match value? {
        AMQPValue::LongString(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        AMQPValue::ShortString(s) => Some(s.as_str().to_owned()),
        _ => None,
    }
}

/// The exchange and routing key a dead letter with `headers` was headed for.
fn target_of(headers: &FieldTable) -> Option<(String, String)> {
    let map = headers.inner();
    let ours = (
        text(map.get(TARGET_EXCHANGE_HEADER)),
        text(map.get(TARGET_ROUTING_KEY_HEADER)),
    );
    if let (Some(exchange), Some(routing_key)) = ours {
        return Some((exchange, routing_key));
    }
    let AMQPValue::FieldArray(deaths) = map.get(X_DEATH)? else {
        return None;
    };
    let AMQPValue::FieldTable(first) = deaths.as_slice().first()? else {
        return None;
    };
    let exchange = text(first.inner().get("exchange"))?;
    let AMQPValue::FieldArray(keys) = first.inner().get("routing-keys")? else {
        return None;
    };
    let routing_key = text(keys.as_slice().first())?;
    Some((exchange, routing_key))
}

/// `headers` without the dead-letter bookkeeping, for the replayed message.
fn replay_headers(headers: &FieldTable) -> FieldTable {
    let mut clean = FieldTable::default();
    for (key, value) in headers.inner() {
        let bookkeeping = [
            TARGET_EXCHANGE_HEADER,
            TARGET_ROUTING_KEY_HEADER,
            REASON_HEADER,
            X_DEATH,
        ]
        .contains(&key.as_str())
            || key.as_str().starts_with("x-first-death")
            || key.as_str().starts_with("x-last-death");
        if !bookkeeping {
            clean.insert(ShortString::from(key.as_str()), value.clone());
        }
    }
    clean
}

/// Moves up to `limit` messages from the link's DLQ queue to their targets;
/// how many it moved. `None` when the link is not connected.
///
/// Each message is acked only after its republish is confirmed, so a failure
/// leaves it in the DLQ (at least once, never lost).
pub async fn replay_dead_letters(link: &RabbitLink, limit: usize) -> Result<Option<usize>, Error> {
    let Some(connection) = link.connection_if_up().await else {
        return Ok(None);
    };
    let broker = |context: &'static str| move |source| Error::RabbitMq { context, source };
    let channel = connection
        .create_channel()
        .await
        .map_err(broker("opening a replay channel"))?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .map_err(broker("enabling publisher confirms"))?;
    let dlq = link.topology().dlq_queue();
    let mut replayed = 0;
    let mut kept = Vec::new();
    for _ in 0..limit {
        let Some(message) = channel
            .basic_get(dlq, BasicGetOptions::default())
            .await
            .map_err(broker("reading the DLQ"))?
        else {
            break;
        };
        let delivery = message.delivery;
        let headers = delivery.properties.headers().clone().unwrap_or_default();
        let Some((exchange, routing_key)) = target_of(&headers) else {
            // Unacked until the channel closes, so this pass does not see it again.
            kept.push(delivery);
            continue;
        };
        let properties = delivery
            .properties
            .clone()
            .with_headers(replay_headers(&headers));
        let confirm = channel
            .basic_publish(
                &exchange,
                &routing_key,
                BasicPublishOptions::default(),
                &delivery.data,
                properties,
            )
            .await
            .map_err(broker("republishing a dead letter"))?
            .await
            .map_err(broker("confirming a republished dead letter"))?;
        if confirm.is_nack() {
            kept.push(delivery);
            break;
        }
        delivery
            .ack(BasicAckOptions::default())
            .await
            .map_err(broker("acking a replayed dead letter"))?;
        replayed += 1;
    }
    if !kept.is_empty() {
        tracing::warn!(
            kept = kept.len(),
            "dead letters without a known target stay in the DLQ"
        );
    }
    for delivery in kept {
        delivery
            .nack(BasicNackOptions {
                requeue: true,
                ..Default::default()
            })
            .await
            .map_err(broker("returning a dead letter to the DLQ"))?;
    }
    // Best effort: the channel only served this request.
    let _ = channel.close(200, "replay done").await;
    Ok(Some(replayed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lapin::types::FieldArray;

    #[test]
    fn our_target_headers_win_over_x_death() {
        let headers = target_headers("ws.outbox", "ws.outbox");
        assert_eq!(
            target_of(&headers),
            Some(("ws.outbox".into(), "ws.outbox".into()))
        );
    }

    #[test]
    fn a_queue_dead_letter_goes_back_to_its_first_death_target() {
        let mut death = FieldTable::default();
        death.insert("exchange".into(), AMQPValue::LongString("ws.inbox".into()));
        let mut keys = FieldArray::default();
        keys.push(AMQPValue::LongString("ws.inbox.room".into()));
        death.insert("routing-keys".into(), AMQPValue::FieldArray(keys));
        let mut deaths = FieldArray::default();
        deaths.push(AMQPValue::FieldTable(death));
        let mut headers = FieldTable::default();
        headers.insert(X_DEATH.into(), AMQPValue::FieldArray(deaths));
        headers.insert("traceparent".into(), AMQPValue::LongString("t".into()));
        assert_eq!(
            target_of(&headers),
            Some(("ws.inbox".into(), "ws.inbox.room".into()))
        );
        let clean = replay_headers(&headers);
        assert!(clean.contains_key("traceparent"));
        assert!(!clean.contains_key(X_DEATH));
    }

    #[test]
    fn a_letter_without_target_headers_has_no_target() {
        assert_eq!(target_of(&FieldTable::default()), None);
    }
}
