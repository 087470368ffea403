//! Typed reads of configuration variables that collect every mistake instead
//! of stopping at the first one.

use std::fmt;
use std::str::FromStr;

use super::source::ConfigSource;

/// One invalid variable: its name and what is wrong with it (never its value
/// when that could be a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// The environment variable at fault.
    pub var: &'static str,
    /// What is wrong, naming the accepted values.
    pub problem: String,
}

/// Every configuration mistake found in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigIssue>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} configuration error(s):", self.0.len())?;
        for issue in &self.0 {
            write!(f, "\n  - {}: {}", issue.var, issue.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Reads variables from a [`ConfigSource`], remembering every bad one.
pub struct Reader<'a> {
    source: &'a dyn ConfigSource,
    issues: Vec<ConfigIssue>,
}

impl<'a> Reader<'a> {
    /// Starts a pass over `source`.
    pub fn new(source: &'a dyn ConfigSource) -> Self {
        Self {
            source,
            issues: Vec::new(),
        }
    }

    /// Records a mistake found by a cross-variable check.
    pub fn fail(&mut self, var: &'static str, problem: impl Into<String>) {
        self.issues.push(ConfigIssue {
            var,
            problem: problem.into(),
        });
    }

    /// The trimmed value, or `None` when unset or empty.
    pub fn optional(&self, var: &'static str) -> Option<String> {
        self.source
            .get(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// The value untrimmed (secrets and PEM keys), or `None` when unset or blank.
    pub fn optional_raw(&self, var: &'static str) -> Option<String> {
        self.source.get(var).filter(|v| !v.trim().is_empty())
    }

    /// The value, or `default` when unset or empty.
    pub fn string(&self, var: &'static str, default: &str) -> String {
        self.optional(var).unwrap_or_else(|| default.to_owned())
    }

    /// A value parsed with `FromStr`; `default` when unset, recorded when invalid.
    pub fn parse<T>(&mut self, var: &'static str, default: T, expected: &str) -> T
    where
        T: FromStr,
    {
        match self.optional(var) {
            None => default,
            Some(raw) => match raw.parse() {
                Ok(value) => value,
                Err(_) => {
                    self.fail(var, format!("expected {expected}, got {raw:?}"));
                    default
                }
            },
        }
    }

    /// A non-negative number of seconds (fractions allowed).
    pub fn seconds(&mut self, var: &'static str, default: f64) -> f64 {
        self.non_negative(var, default, "a number of seconds")
    }

    /// A non-negative number (fractions allowed), described as `expected` in errors.
    pub fn non_negative(&mut self, var: &'static str, default: f64, expected: &str) -> f64 {
        let value = self.parse(var, default, expected);
        if value.is_finite() && value >= 0.0 {
            value
        } else {
            self.fail(var, format!("expected a non-negative number, got {value}"));
            default
        }
    }

    /// One of a fixed set of lower-case words (matched case-insensitively).
    pub fn choice<T: Copy>(&mut self, var: &'static str, default: T, options: &[(&str, T)]) -> T {
        let Some(raw) = self.optional(var) else {
            return default;
        };
        let wanted = raw.to_ascii_lowercase();
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == wanted) {
            return *value;
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        self.fail(
            var,
            format!("expected one of {}, got {raw:?}", names.join("|")),
        );
        default
    }

    /// `1/true/yes/on` or `0/false/no/off`.
    pub fn flag(&mut self, var: &'static str, default: bool) -> bool {
        self.choice(
            var,
            default,
            &[
                ("1", true),
                ("true", true),
                ("yes", true),
                ("on", true),
                ("0", false),
                ("false", false),
                ("no", false),
                ("off", false),
            ],
        )
    }

    /// Ends the pass: `Ok` when nothing was wrong, else every issue.
    pub fn finish(self) -> Result<(), ConfigErrors> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(ConfigErrors(self.issues))
        }
    }
}
