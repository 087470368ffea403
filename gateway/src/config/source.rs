//! Where configuration values come from: the process environment in
//! production, a map in tests.

use std::collections::HashMap;

/// A read-only lookup of configuration variables by name.
pub trait ConfigSource {
    /// The raw value of `name`, if it is set.
    fn get(&self, name: &str) -> Option<String>;
}

/// Reads the process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Environment;

impl ConfigSource for Environment {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl ConfigSource for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

impl ConfigSource for HashMap<&str, &str> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).map(|v| (*v).to_owned())
    }
}
