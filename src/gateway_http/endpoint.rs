//! Gateway URLs: validated base URL, configured paths, and the form of a URL
//! that may appear in an exception message.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;

use crate::error::{Error, Result};

/// Everything but RFC 3986 "unreserved" characters is escaped in a path segment,
/// so a user id like `a/b?c` stays one segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The gateway's base URL (`http(s)://host[:port][/prefix]`).
#[derive(Debug, Clone)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses `value` (argument `argument`): absolute http or https URL with a
    /// host, no query or fragment.
    pub fn parse(argument: &str, value: &str) -> Result<Self> {
        if value.trim().is_empty() {
            return Err(Error::invalid_argument(
                argument,
                "must not be empty (the gateway's URL, e.g. http://127.0.0.1:8000)",
            ));
        }
        let url = Url::parse(value.trim())
            .map_err(|e| Error::invalid_argument(argument, format!("not an absolute URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid_argument(
                argument,
                format!("scheme must be http or https, got \"{}\"", url.scheme()),
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid_argument(argument, "URL has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid_argument(
                argument,
                "must not contain a query or fragment",
            ));
        }
        Ok(Self(url))
    }

    /// `base + path`; `path` (argument `argument`) must start with `/`.
    pub fn join(&self, argument: &str, path: &str) -> Result<Url> {
        check_path(argument, path)?;
        let joined = format!("{}{}", self.0.as_str().trim_end_matches('/'), path);
        Url::parse(&joined)
            .map_err(|e| Error::invalid_argument(argument, format!("not a valid URL path ({e})")))
    }
}

/// Rejects a configured path that does not start with `/`.
pub fn check_path(argument: &str, path: &str) -> Result<()> {
    if path.starts_with('/') {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            argument,
            format!("must start with \"/\", got \"{path}\""),
        ))
    }
}

/// Replaces `{user_id}` in `template` by the escaped `user_id`.
pub fn fill_user_id(template: &str, user_id: &str) -> String {
    let escaped = utf8_percent_encode(user_id, PATH_SEGMENT).to_string();
    template.replace("{user_id}", &escaped)
}

/// The URL without user info and query, fit for an exception message.
pub fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    // Both only fail for URLs that cannot have credentials; nothing to hide then.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_base_with_prefix_and_path() {
        let base = BaseUrl::parse("baseUrl", "http://127.0.0.1:8000/gw/").unwrap();
        let url = base.join("publishPath", "/internal/publish").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8000/gw/internal/publish");
    }

    #[test]
    fn rejects_base_url_without_http_scheme_or_host() {
        for bad in [
            "127.0.0.1:8000",
            "ftp://x/",
            "http://",
            "not a url",
            "http://h/?a=1",
        ] {
            let err = BaseUrl::parse("baseUrl", bad).unwrap_err();
            assert!(err.to_string().starts_with("baseUrl: "), "{bad}: {err}");
        }
    }

    #[test]
    fn rejects_path_without_leading_slash() {
        let err = check_path("listPath", "internal/connections").unwrap_err();
        assert_eq!(
            err.to_string(),
            "listPath: must start with \"/\", got \"internal/connections\""
        );
    }

    #[test]
    fn user_id_is_escaped_as_one_path_segment() {
        assert_eq!(
            fill_user_id("/internal/users/{user_id}/connections", "a/b c?d"),
            "/internal/users/a%2Fb%20c%3Fd/connections"
        );
        assert_eq!(fill_user_id("/u/{user_id}", "42"), "/u/42");
    }

    #[test]
    fn redacted_url_hides_credentials_and_query() {
        let url = Url::parse("http://user:secret@gw:8000/internal/connections?user_id=1").unwrap();
        assert_eq!(redacted(&url), "http://gw:8000/internal/connections");
    }
}
