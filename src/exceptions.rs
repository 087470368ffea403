//! The `SnokeWs\…` exception classes and the mapping from [`Error`] to them.
//!
//! Runtime failures extend `\RuntimeException` through `SnokeWsException`, bad
//! arguments extend `\InvalidArgumentException`, and a caught Rust panic is an
//! `\Error` so a plain `catch (\Exception)` does not swallow a bug. All of them
//! implement `SnokeWs\ExceptionInterface`, so one `catch` covers the extension.
//!
//! These are registered as plain internal classes, not `#[php_class]` ones:
//! ext-php-rs would give them a Rust object handler, which skips the engine's
//! exception constructor (no file, line or trace) and forbids `new` from PHP.
//! Registered like SPL's exceptions, they behave exactly like them. The price:
//! `cargo php stubs` does not see them, so their stubs live in
//! `php-stubs/snoke_ws_exceptions.php`, checked against the loaded extension
//! by `scripts/check-stubs.sh`.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::{ClassBuilder, ModuleBuilder};
use ext_php_rs::class::ClassEntryInfo;
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::{ext_php_rs_compiler_globals, zend_hash_str_find_ptr_lc};
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::error::Error;

/// The exception classes, in registration order (parents first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// `SnokeWs\SnokeWsException extends \RuntimeException`.
    SnokeWs = 0,
    /// `SnokeWs\ConnectionException extends SnokeWsException`.
    Connection = 1,
    /// `SnokeWs\GatewayException extends SnokeWsException`.
    Gateway = 2,
    /// `SnokeWs\JwtException extends SnokeWsException`.
    Jwt = 3,
    /// `SnokeWs\InvalidArgumentException extends \InvalidArgumentException`.
    InvalidArgument = 4,
    /// `final SnokeWs\InternalError extends \Error`.
    Internal = 5,
    /// `SnokeWs\BrokerException extends SnokeWsException`.
    Broker = 6,
}

const COUNT: usize = 7;

impl Exception {
    const ALL: [Exception; COUNT] = [
        Exception::SnokeWs,
        Exception::Connection,
        Exception::Gateway,
        Exception::Jwt,
        Exception::InvalidArgument,
        Exception::Internal,
        Exception::Broker,
    ];

    /// The PHP class name.
    pub fn class_name(self) -> &'static str {
        match self {
            Exception::SnokeWs => "SnokeWs\\SnokeWsException",
            Exception::Connection => "SnokeWs\\ConnectionException",
            Exception::Gateway => "SnokeWs\\GatewayException",
            Exception::Jwt => "SnokeWs\\JwtException",
            Exception::InvalidArgument => "SnokeWs\\InvalidArgumentException",
            Exception::Internal => "SnokeWs\\InternalError",
            Exception::Broker => "SnokeWs\\BrokerException",
        }
    }

    fn parent(self) -> ClassEntryInfo {
        match self {
            Exception::SnokeWs => (runtime_exception, "\\RuntimeException"),
            Exception::Connection | Exception::Gateway | Exception::Jwt | Exception::Broker => {
                (snoke_ws_exception, "\\SnokeWs\\SnokeWsException")
            }
            Exception::InvalidArgument => {
                (invalid_argument_exception, "\\InvalidArgumentException")
            }
            Exception::Internal => (ce::error, "\\Error"),
        }
    }

    fn flags(self) -> ClassFlags {
        match self {
            Exception::Internal => ClassFlags::Final,
            _ => ClassFlags::empty(),
        }
    }

    /// The registered class entry; `\Exception` before module start (unit tests).
    pub fn class_entry(self) -> &'static ClassEntry {
        let registered = REGISTERED[self as usize].load(Ordering::Acquire);
        // SAFETY: only ever set to a class entry the engine registered for the
        // life of the process.
        unsafe { registered.as_ref() }.unwrap_or_else(ce::exception)
    }
}

/// Name of the marker interface every exception class implements.
pub const INTERFACE_NAME: &str = "SnokeWs\\ExceptionInterface";

/// The marker interface's entry, once registered.
static INTERFACE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

#[allow(clippy::boxed_local)]
fn remember_interface(class: &'static mut ClassEntry, arg_info: ext_php_rs::args::ArgInfoTables) {
    INTERFACE.store(class, Ordering::Release);
    std::mem::forget(arg_info);
}

/// `SnokeWs\ExceptionInterface` (registered before the classes that use it).
fn exception_interface() -> &'static ClassEntry {
    // SAFETY: only ever set to the interface entry the engine registered.
    unsafe { INTERFACE.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::throwable)
}

/// Class entries handed back by the engine at registration.
static REGISTERED: [AtomicPtr<ClassEntry>; COUNT] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; COUNT];

// The signature is ext-php-rs's registration callback; the box is theirs.
#[allow(clippy::boxed_local)]
fn remember<const INDEX: usize>(
    class: &'static mut ClassEntry,
    arg_info: ext_php_rs::args::ArgInfoTables,
) {
    REGISTERED[INDEX].store(class, Ordering::Release);
    // The engine may point into these for the life of the process (they are
    // empty here: the classes declare no methods of their own).
    std::mem::forget(arg_info);
}

/// A class registered before us (SPL's), looked up in the compiler's class
/// table: during MINIT the executor's table, which `ClassEntry::try_find`
/// reads, is not set up yet.
fn registered_class(name: &str) -> Option<&'static ClassEntry> {
    // SAFETY: the compiler globals and their class table live for the whole
    // process; the returned pointer, when not null, is an engine-owned class entry.
    unsafe {
        let table = ext_php_rs_compiler_globals().as_ref()?.class_table;
        if table.is_null() {
            return None;
        }
        zend_hash_str_find_ptr_lc(table, name.as_ptr().cast(), name.len())
            .cast::<ClassEntry>()
            .as_ref()
    }
}

/// SPL's `\RuntimeException`; SPL is always compiled in since PHP 8, the
/// fallback only keeps registration from failing if that ever changed.
fn runtime_exception() -> &'static ClassEntry {
    registered_class("RuntimeException").unwrap_or_else(ce::exception)
}

/// SPL's `\InvalidArgumentException`, with the same fallback.
fn invalid_argument_exception() -> &'static ClassEntry {
    registered_class("InvalidArgumentException").unwrap_or_else(ce::exception)
}

fn snoke_ws_exception() -> &'static ClassEntry {
    Exception::SnokeWs.class_entry()
}

/// Module-start hook: registers the exception classes, parents first.
///
/// Returns `0` (SUCCESS) or `-1` (FAILURE, PHP then refuses to load the module).
extern "C" fn register_exceptions(_type: i32, _module_number: i32) -> i32 {
    let register_interface = || {
        ClassBuilder::new(INTERFACE_NAME)
            .flags(ClassFlags::Interface)
            .implements((ce::throwable, "\\Throwable"))
            .registration(remember_interface)
            .register()
    };
    let register = |exception: Exception| {
        let remember: fn(&'static mut ClassEntry, ext_php_rs::args::ArgInfoTables) = match exception
        {
            Exception::SnokeWs => remember::<0>,
            Exception::Connection => remember::<1>,
            Exception::Gateway => remember::<2>,
            Exception::Jwt => remember::<3>,
            Exception::InvalidArgument => remember::<4>,
            Exception::Internal => remember::<5>,
            Exception::Broker => remember::<6>,
        };
        ClassBuilder::new(exception.class_name())
            .extends(exception.parent())
            .implements((exception_interface, "\\SnokeWs\\ExceptionInterface"))
            .flags(exception.flags())
            .registration(remember)
            .register()
    };
    let register_all = || {
        register_interface()?;
        Exception::ALL.into_iter().try_for_each(register)
    };
    match std::panic::catch_unwind(register_all) {
        Ok(Ok(())) => 0,
        _ => -1,
    }
}

/// Adds the exception registration to module start.
pub fn build_module(module: ModuleBuilder) -> ModuleBuilder {
    module.startup_function(register_exceptions)
}

/// Which class an [`Error`] is raised as.
pub fn class_of(err: &Error) -> Exception {
    match err {
        Error::InvalidArgument { .. } => Exception::InvalidArgument,
        Error::Connection { .. } => Exception::Connection,
        Error::Gateway { .. } => Exception::Gateway,
        Error::Broker { .. } => Exception::Broker,
        Error::Jwt(_) => Exception::Jwt,
        Error::Runtime(_) | Error::HttpClient(_) => Exception::SnokeWs,
        Error::Internal(_) => Exception::Internal,
    }
}

impl From<Error> for PhpException {
    fn from(err: Error) -> Self {
        let code = match &err {
            Error::Gateway { status, .. } => i32::from(*status),
            _ => 0,
        };
        PhpException::new(err.to_string(), code, class_of(&err).class_entry())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_kind_has_its_class() {
        assert_eq!(
            class_of(&Error::invalid_argument("x", "y")),
            Exception::InvalidArgument
        );
        assert_eq!(class_of(&Error::Jwt("k".into())), Exception::Jwt);
        assert_eq!(class_of(&Error::Internal("p".into())), Exception::Internal);
        assert_eq!(Exception::Gateway.class_name(), "SnokeWs\\GatewayException");
    }
}
