//! The one place where Rust meets PHP: every exported method runs its body
//! through [`guard`].
//!
//! ext-php-rs would turn a panic into a generic `\Error` and let the default
//! hook print to stderr; an extension inside PHP-FPM must print nothing and
//! say which library failed, so we catch first and raise
//! `SnokeWs\InternalError` instead.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use ext_php_rs::exception::PhpResult;

use crate::error::{Error, Result};

static SILENT_PANIC_HOOK: Once = Once::new();

/// Runs `body`, turning its error into the matching `SnokeWs\…` exception and
/// a panic into `SnokeWs\InternalError`.
pub fn guard<T>(body: impl FnOnce() -> Result<T>) -> PhpResult<T> {
    catch(body).map_err(Into::into)
}

/// The pure half of [`guard`]: panics become [`Error::Internal`].
pub fn catch<T>(body: impl FnOnce() -> Result<T>) -> Result<T> {
    install_silent_panic_hook();
    // Unwind safety: on a panic we drop everything the body touched except the
    // per-process runtime, whose mutex recovers from poisoning.
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(Error::Internal(panic_message(payload.as_ref()))),
    }
}

/// The default hook writes to stderr, which PHP-FPM forwards into the
/// response or the error log; the message travels in the exception instead.
///
/// Installed on first call rather than at module start: MINIT only registers
/// classes.
fn install_silent_panic_hook() {
    // The test harness reports failures through the default hook; keep it there.
    if cfg!(test) {
        return;
    }
    SILENT_PANIC_HOOK.call_once(|| panic::set_hook(Box::new(|_| {})));
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_internal_error_with_its_message() {
        let result: Result<()> = catch(|| panic!("boom {}", 42));
        match result {
            Err(Error::Internal(message)) => assert_eq!(message, "boom 42"),
            other => panic!("expected Internal, got {other:?}"),
        }
    }

    #[test]
    fn errors_and_values_pass_through_unchanged() {
        assert_eq!(catch(|| Ok(7)).unwrap(), 7);
        let err = catch::<()>(|| Err(Error::Jwt("bad key".into()))).unwrap_err();
        assert!(matches!(err, Error::Jwt(_)));
    }
}
