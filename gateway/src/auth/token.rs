//! Finding the client's token in the upgrade request.

use axum::http::{header::AUTHORIZATION, HeaderMap};

/// The token from `Authorization: Bearer <jwt>` (scheme case-insensitive), else
/// the `token` query parameter, else `access_token`. Empty values count as absent.
pub fn extract_token(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    if let Some(token) = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
    {
        return Some(token.to_owned());
    }
    let pairs: Vec<(String, String)> = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    ["token", "access_token"].iter().find_map(|name| {
        pairs
            .iter()
            .find(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
    })
}

fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(char::is_whitespace)?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        assert_eq!(
            extract_token(&headers("bEaReR abc"), None).as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn header_wins_over_query() {
        let got = extract_token(&headers("Bearer h"), Some("token=q&access_token=a"));
        assert_eq!(got.as_deref(), Some("h"));
    }

    #[test]
    fn token_query_wins_over_access_token() {
        let got = extract_token(&HeaderMap::new(), Some("access_token=a&token=q"));
        assert_eq!(got.as_deref(), Some("q"));
    }

    #[test]
    fn access_token_is_the_last_resort() {
        let got = extract_token(&HeaderMap::new(), Some("token=&access_token=a%2Eb"));
        assert_eq!(got.as_deref(), Some("a.b"));
    }

    #[test]
    fn other_schemes_and_empty_values_are_absent() {
        assert_eq!(extract_token(&headers("Basic abc"), None), None);
        assert_eq!(extract_token(&headers("Bearer   "), Some("token=")), None);
    }
}
