//! Records how this copy of `snoke_ws` was built, for its `phpinfo()` section
//! (`php --ri snoke_ws`): rustc version, cargo profile, target, optimisation
//! level, enabled features and, when the builder says so, the git revision.
//!
//! The git revision comes from `SNOKE_WS_GIT_REVISION` (the Docker recipe
//! passes it as a build argument) rather than from `.git`: watching `.git`
//! would rebuild the extension on every commit, and a source archive (what
//! PIE downloads) has no `.git` at all.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SNOKE_WS_GIT_REVISION");

    let revision = env::var("SNOKE_WS_GIT_REVISION")
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    let rustc = env::var("RUSTC")
        .ok()
        .and_then(|rustc| Command::new(rustc).arg("--version").output().ok())
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let mut features: Vec<String> = env::vars()
        .filter_map(|(name, _)| name.strip_prefix("CARGO_FEATURE_").map(str::to_lowercase))
        .collect();
    features.sort();
    let features = if features.is_empty() {
        "none".to_owned()
    } else {
        features.join(", ")
    };

    emit("SNOKE_WS_BUILD_GIT_REVISION", &revision);
    emit("SNOKE_WS_BUILD_RUSTC", &rustc);
    emit("SNOKE_WS_BUILD_PROFILE", &var_or_unknown("PROFILE"));
    emit("SNOKE_WS_BUILD_TARGET", &var_or_unknown("TARGET"));
    emit("SNOKE_WS_BUILD_OPT_LEVEL", &var_or_unknown("OPT_LEVEL"));
    emit("SNOKE_WS_BUILD_FEATURES", &features);
}

fn var_or_unknown(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| "unknown".to_owned())
}

/// Hands one value to the crate as a compile-time environment variable.
fn emit(name: &str, value: &str) {
    // A newline would end the cargo instruction early.
    let value = value.replace(['\n', '\r'], " ");
    println!("cargo:rustc-env={name}={value}");
}
