//! snoke_ws PHP extension (placeholder until the extension lands).
