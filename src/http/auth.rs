//! Request facts the plan routes check before any work: the bearer token,
//! `If-Match`, and the client IP that the per-IP rate limit counts.
//!
//! Client IP: the TCP peer address, or the `Fly-Client-IP` header only
//! when `UWSCRAPE_TRUST_FLY_CLIENT_IP=true`. The Fly proxy sets that header
//! on every request it forwards. Anyone who reaches the machine directly
//! can send any value in it, so trusting it off Fly would let one client
//! pick a fresh IP for every request and escape the limit.

use actix_web::http::{header, StatusCode};
use actix_web::HttpRequest;
use subtle::ConstantTimeEq;

use super::error::ApiError;
use crate::state::token::{Scope, TokenKey};

/// Header the Fly proxy sets to the client's address.
const FLY_CLIENT_IP: &str = "Fly-Client-IP";

/// Returns the client IP as text, for rate-limit keys.
pub fn client_ip(request: &HttpRequest, trust_fly_client_ip: bool) -> String {
    if trust_fly_client_ip {
        let forwarded = request.headers().get(FLY_CLIENT_IP).and_then(|value| value.to_str().ok()).map(str::trim);
        if let Some(ip) = forwarded.and_then(|text| text.parse::<std::net::IpAddr>().ok()) {
            return ip.to_string();
        }
    }
    request.peer_addr().map(|address| address.ip().to_string()).unwrap_or_else(|| "unknown".to_string())
}

/// Extracts the token of `Authorization: Bearer <token>`, or returns a 401.
pub fn bearer_token(request: &HttpRequest) -> Result<&str, ApiError> {
    let missing = || {
        ApiError::new(StatusCode::UNAUTHORIZED, "missing_token", "Send the plan's token as `Authorization: Bearer <token>`.")
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
    };
    let value = request.headers().get(header::AUTHORIZATION).ok_or_else(missing)?;
    let text = value.to_str().map_err(|_| missing())?.trim();
    let (scheme, token) = text.split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(missing());
    }
    Ok(token.trim())
}

/// Checks the bearer token of a plan request and returns its scope.
///
/// Any token that was not issued for this plan id gets the same 401,
/// whether or not the plan exists, so a forged token learns nothing.
/// `needs_edit` turns a valid share token into a 403.
pub fn authorize_plan(request: &HttpRequest, key: &TokenKey, plan_id: &str, needs_edit: bool) -> Result<Scope, ApiError> {
    let token = bearer_token(request)?;
    let scope = key.verify(plan_id, token).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The token is not valid for this plan; use the edit or share token returned when the plan was created.",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
    })?;
    if needs_edit && scope != Scope::Edit {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only_token",
            "This is a share (read) token; changing or deleting the plan needs its edit token.",
        ));
    }
    Ok(scope)
}

/// Version condition of a replace, from `If-Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: *`: any current version.
    Any,
    /// `If-Match: "<version>"`.
    Version(i64),
}

/// Parses `If-Match`; 428 when it is absent, 400 when it is not a version ETag.
pub fn if_match(request: &HttpRequest) -> Result<Precondition, ApiError> {
    let value = request.headers().get(header::IF_MATCH).ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "Send `If-Match: \"<version>\"` with the ETag of your last GET, so a concurrent change is not overwritten.",
        )
    })?;
    let invalid = || ApiError::bad_request("invalid_if_match", "If-Match must be one ETag such as \"3\" (with the quotes), as returned by GET.");
    let text = value.to_str().map_err(|_| invalid())?.trim();
    if text == "*" {
        return Ok(Precondition::Any);
    }
    let inner = text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).ok_or_else(invalid)?;
    inner.parse::<i64>().ok().filter(|version| *version >= 1).map(Precondition::Version).ok_or_else(invalid)
}

/// Compares a bearer token with the configured internal token in constant time.
pub fn internal_token_matches(request: &HttpRequest, expected: &str) -> bool {
    match bearer_token(request) {
        Ok(token) => token.as_bytes().ct_eq(expected.as_bytes()).into(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn fly_header_is_used_only_when_trusted() {
        let request = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header((FLY_CLIENT_IP, "203.0.113.9"))
            .to_http_request();
        assert_eq!(client_ip(&request, false), "10.0.0.1");
        assert_eq!(client_ip(&request, true), "203.0.113.9");
    }

    #[test]
    fn if_match_forms() {
        let with = |value: &str| if_match(&TestRequest::default().insert_header((header::IF_MATCH, value)).to_http_request());
        assert_eq!(with("\"4\"").unwrap(), Precondition::Version(4));
        assert_eq!(with("*").unwrap(), Precondition::Any);
        assert_eq!(with("4").unwrap_err().kind(), "invalid_if_match");
        assert_eq!(if_match(&TestRequest::default().to_http_request()).unwrap_err().kind(), "precondition_required");
    }

    #[test]
    fn read_token_cannot_write() {
        let key = TokenKey::random();
        let token = key.issue("p1", Scope::Read);
        let request = TestRequest::default().insert_header((header::AUTHORIZATION, format!("Bearer {token}"))).to_http_request();
        assert_eq!(authorize_plan(&request, &key, "p1", false).unwrap(), Scope::Read);
        assert_eq!(authorize_plan(&request, &key, "p1", true).unwrap_err().kind(), "read_only_token");
        assert_eq!(authorize_plan(&request, &key, "p2", false).unwrap_err().kind(), "invalid_token");
    }

    #[test]
    fn internal_token_compares_exactly() {
        let request = TestRequest::default().insert_header((header::AUTHORIZATION, "Bearer s3cret")).to_http_request();
        assert!(internal_token_matches(&request, "s3cret"));
        assert!(!internal_token_matches(&request, "s3cre"));
        assert!(!internal_token_matches(&TestRequest::default().to_http_request(), "s3cret"));
    }
}
