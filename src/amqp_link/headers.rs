//! Message headers the publisher and consumer read and write.

use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::BasicProperties;

/// Headers of one outgoing message.
#[derive(Default)]
pub struct Headers(FieldTable);

impl Headers {
    /// Starts from the headers of a received message.
    pub fn from_properties(properties: &BasicProperties) -> Self {
        Self(properties.headers().clone().unwrap_or_default())
    }

    /// Sets a text header.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.0.insert(
            ShortString::from(name),
            AMQPValue::LongString(LongString::from(value)),
        );
        self
    }

    /// Sets an integer header.
    pub fn int(mut self, name: &str, value: i64) -> Self {
        self.0
            .insert(ShortString::from(name), AMQPValue::LongLongInt(value));
        self
    }

    /// Persistent JSON properties carrying these headers.
    pub fn into_properties(self) -> BasicProperties {
        BasicProperties::default()
            .with_delivery_mode(2)
            .with_content_type(ShortString::from("application/json"))
            .with_headers(self.0)
    }
}

/// An integer header of a received message, whatever integer width the sender used.
pub fn header_int(properties: &BasicProperties, name: &str) -> Option<i64> {
    match properties.headers().as_ref()?.inner().get(name)? {
        AMQPValue::ShortShortInt(n) => Some(i64::from(*n)),
        AMQPValue::ShortShortUInt(n) => Some(i64::from(*n)),
        AMQPValue::ShortInt(n) => Some(i64::from(*n)),
        AMQPValue::ShortUInt(n) => Some(i64::from(*n)),
        AMQPValue::LongInt(n) => Some(i64::from(*n)),
        AMQPValue::LongUInt(n) => Some(i64::from(*n)),
        AMQPValue::LongLongInt(n) => Some(*n),
        _ => None,
    }
}

/// A text header of a received message.
pub fn header_text(properties: &BasicProperties, name: &str) -> Option<String> {
    match properties.headers().as_ref()?.inner().get(name)? {
        AMQPValue::LongString(text) => Some(String::from_utf8_lossy(text.as_bytes()).into_owned()),
        AMQPValue::ShortString(text) => Some(text.as_str().to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_headers_read_back_and_mark_the_message_persistent_json() {
        let properties = Headers::default()
            .int("x-snoke-deliveries", 3)
            .text("x-snoke-error", "boom")
            .into_properties();
        assert_eq!(header_int(&properties, "x-snoke-deliveries"), Some(3));
        assert_eq!(
            header_text(&properties, "x-snoke-error").as_deref(),
            Some("boom")
        );
        assert_eq!(header_int(&properties, "missing"), None);
        assert_eq!(properties.delivery_mode(), &Some(2));
        assert_eq!(
            properties.content_type().as_ref().map(ShortString::as_str),
            Some("application/json")
        );
    }
}
