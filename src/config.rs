//! Service configuration from `UWSCRAPE_*` environment variables.
//!
//! Every variable is parsed and checked once at start-up; an invalid value
//! stops the server with an error that names the variable. Defaults suit a
//! developer's machine (`cargo run -- serve` serves the fixture index);
//! `fly.toml` sets the production paths.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Default index directory, relative to the working directory.
pub const DEFAULT_INDEX_DIR: &str = "index-fixtures/math-engineering-support";
/// Default data directory for the state database and snapshots.
pub const DEFAULT_DATA_DIR: &str = ".dev/data";
/// Default path of the token key file.
pub const DEFAULT_TOKEN_KEY_FILE: &str = "/etc/uwscrape/token-key";

/// Validated service settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `UWSCRAPE_BIND`: address the HTTP server listens on.
    pub bind: SocketAddr,
    /// `UWSCRAPE_INDEX_DIR`: the published index to serve.
    pub index_dir: PathBuf,
    /// `UWSCRAPE_ALLOW_BLOCKED_INDEX`: serve an index whose release decision is `blocked`.
    pub allow_blocked_index: bool,
    /// `UWSCRAPE_CATALOG_WORKERS`: threads that run advisory and path queries (default: CPU cores).
    pub catalog_workers: usize,
    /// `UWSCRAPE_HTTP_WORKERS`: actix-web worker threads (default: CPU cores).
    pub http_workers: usize,
    /// `UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE`: catalog reads per minute, all clients together.
    pub rate_limit_catalog_per_minute: u32,
    /// `UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE`: advisory and path queries per minute, all clients together.
    pub rate_limit_query_per_minute: u32,
    /// `UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE`: plan mutations per client IP per minute.
    pub rate_limit_state_per_ip_per_minute: u32,
    /// `UWSCRAPE_TRUST_FLY_CLIENT_IP`: take the client IP from `Fly-Client-IP`
    /// (only correct behind the Fly proxy, which sets it).
    pub trust_fly_client_ip: bool,
    /// `UWSCRAPE_DATA_DIR`: directory of the state database and `snapshots/`.
    pub data_dir: PathBuf,
    /// `UWSCRAPE_STATE_DB`: state database (default `state.sqlite` in the data directory).
    pub state_db: PathBuf,
    /// `UWSCRAPE_STATE_SNAPSHOT_INTERVAL`: time between `VACUUM INTO` snapshots.
    pub snapshot_interval: Duration,
    /// `UWSCRAPE_STATE_SNAPSHOT_RETENTION`: snapshots kept, newest first.
    pub snapshot_retention: usize,
    /// `UWSCRAPE_TOKEN_KEY`: 32-byte token key as 64 hex characters.
    pub token_key_hex: Option<String>,
    /// `UWSCRAPE_TOKEN_KEY_FILE`: file holding the token key when the variable is unset.
    pub token_key_file: PathBuf,
    /// `UWSCRAPE_INTERNAL_TOKEN`: bearer token of `/internal/metrics`; empty disables the route.
    pub internal_token: Option<String>,
    /// `UWSCRAPE_ASSETS_DIR`: web app files on disk, used when the binary is
    /// built without the `embed-frontend` feature.
    pub assets_dir: PathBuf,
}

/// An environment variable with an invalid value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    /// Name of the variable.
    pub variable: &'static str,
    /// What is wrong and what is expected.
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, which returns a variable's value.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).map(|value| value.trim().to_string()).filter(|value| !value.is_empty());
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);

        let data_dir = PathBuf::from(get("UWSCRAPE_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.to_string()));
        let state_db = get("UWSCRAPE_STATE_DB").map(PathBuf::from).unwrap_or_else(|| data_dir.join("state.sqlite"));

        Ok(Config {
            bind: parse_with(&get, "UWSCRAPE_BIND", "127.0.0.1:8080", |value| {
                value.parse::<SocketAddr>().map_err(|_| "expected an address and port such as 127.0.0.1:8080 or [::]:8080".to_string())
            })?,
            index_dir: PathBuf::from(get("UWSCRAPE_INDEX_DIR").unwrap_or_else(|| DEFAULT_INDEX_DIR.to_string())),
            allow_blocked_index: parse_with(&get, "UWSCRAPE_ALLOW_BLOCKED_INDEX", "false", parse_bool)?,
            catalog_workers: parse_with(&get, "UWSCRAPE_CATALOG_WORKERS", &cores.to_string(), |v| parse_count(v, 1, 64))?,
            http_workers: parse_with(&get, "UWSCRAPE_HTTP_WORKERS", &cores.to_string(), |v| parse_count(v, 1, 64))?,
            rate_limit_catalog_per_minute: parse_with(&get, "UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE", "1200", parse_rate)?,
            rate_limit_query_per_minute: parse_with(&get, "UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE", "240", parse_rate)?,
            rate_limit_state_per_ip_per_minute: parse_with(&get, "UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE", "30", parse_rate)?,
            trust_fly_client_ip: parse_with(&get, "UWSCRAPE_TRUST_FLY_CLIENT_IP", "false", parse_bool)?,
            data_dir,
            state_db,
            snapshot_interval: parse_with(&get, "UWSCRAPE_STATE_SNAPSHOT_INTERVAL", "1h", parse_duration)?,
            snapshot_retention: parse_with(&get, "UWSCRAPE_STATE_SNAPSHOT_RETENTION", "168", |v| parse_count(v, 1, 100_000))?,
            token_key_hex: get("UWSCRAPE_TOKEN_KEY"),
            token_key_file: PathBuf::from(get("UWSCRAPE_TOKEN_KEY_FILE").unwrap_or_else(|| DEFAULT_TOKEN_KEY_FILE.to_string())),
            internal_token: get("UWSCRAPE_INTERNAL_TOKEN"),
            assets_dir: PathBuf::from(get("UWSCRAPE_ASSETS_DIR").unwrap_or_else(|| "assets".to_string())),
        })
    }
}

/// Parses variable `name`, or `default` when it is unset or empty.
fn parse_with<T>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, ConfigError> {
    let value = get(name).unwrap_or_else(|| default.to_string());
    parse(&value).map_err(|reason| ConfigError { variable: name, message: format!("invalid value `{value}`: {reason}") })
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".to_string()),
    }
}

fn parse_count(value: &str, min: usize, max: usize) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(count) if (min..=max).contains(&count) => Ok(count),
        _ => Err(format!("expected a whole number from {min} to {max}")),
    }
}

fn parse_rate(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(rate) if rate >= 1 => Ok(rate),
        _ => Err("expected a whole number of requests per minute, at least 1".to_string()),
    }
}

/// Parses a duration such as `30s`, `5m`, `1h` or `2d`.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let expected = || "expected a whole number followed by s, m, h or d, such as 30s, 5m or 1h".to_string();
    let split = value.find(|c: char| !c.is_ascii_digit()).ok_or_else(expected)?;
    let (digits, unit) = value.split_at(split);
    let amount: u64 = digits.parse().map_err(|_| expected())?;
    let seconds = match unit {
        "s" => amount,
        "m" => amount * 60,
        "h" => amount * 3_600,
        "d" => amount * 86_400,
        _ => return Err(expected()),
    };
    if seconds == 0 {
        return Err("the duration must be at least 1s".to_string());
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_apply_when_unset() {
        let config = config_with(&[]).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.index_dir, PathBuf::from(DEFAULT_INDEX_DIR));
        assert_eq!(config.rate_limit_catalog_per_minute, 1200);
        assert_eq!(config.rate_limit_query_per_minute, 240);
        assert_eq!(config.rate_limit_state_per_ip_per_minute, 30);
        assert_eq!(config.snapshot_interval, Duration::from_secs(3600));
        assert_eq!(config.snapshot_retention, 168);
        assert_eq!(config.state_db, PathBuf::from(DEFAULT_DATA_DIR).join("state.sqlite"));
        assert!(config.internal_token.is_none());
    }

    #[test]
    fn invalid_value_names_the_variable() {
        let error = config_with(&[("UWSCRAPE_BIND", "localhost")]).unwrap_err();
        assert_eq!(error.variable, "UWSCRAPE_BIND");
        let error = config_with(&[("UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE", "0")]).unwrap_err();
        assert_eq!(error.variable, "UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE");
        let error = config_with(&[("UWSCRAPE_STATE_SNAPSHOT_INTERVAL", "10x")]).unwrap_err();
        assert_eq!(error.variable, "UWSCRAPE_STATE_SNAPSHOT_INTERVAL");
    }

    #[test]
    fn durations_accept_units() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("h").is_err());
    }
}
