//! snoke-ws gateway (placeholder until the gateway lands).
