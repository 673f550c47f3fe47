//! Plan access tokens: `<scope>.<hex HMAC-SHA256>` over the plan id and
//! the scope, keyed by the server's token key.
//!
//! Tokens are not stored anywhere; any server with the same key can check
//! them. A token is bound to one plan and one scope, so an edit token of
//! one plan is useless on another, and a share token cannot be turned into
//! an edit token. Neither tokens nor the key are ever logged.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Config;

/// Bytes of the token key.
pub const KEY_BYTES: usize = 32;
/// Domain separator, so these MACs can never be mistaken for another use of the key.
const CONTEXT: &[u8] = b"uwscrape plan token v1";

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Read, replace and delete the plan.
    Edit,
    /// Read the plan (the share link).
    Read,
}

impl Scope {
    /// The scope's name in the token text.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Edit => "edit",
            Scope::Read => "read",
        }
    }

    fn parse(text: &str) -> Option<Scope> {
        match text {
            "edit" => Some(Scope::Edit),
            "read" => Some(Scope::Read),
            _ => None,
        }
    }
}

/// The secret key that signs tokens.
#[derive(Clone)]
pub struct TokenKey {
    /// Raw key bytes.
    bytes: [u8; KEY_BYTES],
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(<redacted>)")
    }
}

/// Why the configured token key cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct KeyError {
    /// The variable or file the key came from.
    pub source_name: String,
    /// What is wrong, without the key itself.
    pub message: String,
}

impl TokenKey {
    /// Parses 64 hex characters.
    pub fn from_hex(text: &str) -> Option<TokenKey> {
        let bytes = hex::decode(text.trim()).ok()?;
        let bytes: [u8; KEY_BYTES] = bytes.try_into().ok()?;
        Some(TokenKey { bytes })
    }

    /// A fresh random key.
    pub fn random() -> TokenKey {
        let mut bytes = [0u8; KEY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        TokenKey { bytes }
    }

    /// Loads the key from `UWSCRAPE_TOKEN_KEY`, else the key file, else a
    /// random key with a warning that tokens will not survive a restart.
    pub fn from_config(config: &Config) -> Result<TokenKey, KeyError> {
        let expected = format!("expected {} hex characters (a {KEY_BYTES}-byte key, for example from `openssl rand -hex 32`)", KEY_BYTES * 2);
        if let Some(text) = &config.token_key_hex {
            return TokenKey::from_hex(text)
                .ok_or_else(|| KeyError { source_name: "UWSCRAPE_TOKEN_KEY".to_string(), message: format!("invalid key; {expected}") });
        }
        match read_key_file(&config.token_key_file) {
            Ok(Some(text)) => TokenKey::from_hex(&text).ok_or_else(|| KeyError {
                source_name: format!("UWSCRAPE_TOKEN_KEY_FILE={}", config.token_key_file.display()),
                message: format!("the file does not hold a valid key; {expected}"),
            }),
            Ok(None) => {
                log::warn!(
                    "event=token_key_random key_file={} message=\"neither UWSCRAPE_TOKEN_KEY nor the key file is set; plan tokens will not survive a restart\"",
                    config.token_key_file.display()
                );
                Ok(TokenKey::random())
            }
            Err(error) => Err(KeyError {
                source_name: format!("UWSCRAPE_TOKEN_KEY_FILE={}", config.token_key_file.display()),
                message: format!("the file cannot be read: {error}"),
            }),
        }
    }

    /// The token that grants `scope` on plan `plan_id`.
    pub fn issue(&self, plan_id: &str, scope: Scope) -> String {
        let mac = self.mac(plan_id, scope).finalize().into_bytes();
        format!("{}.{}", scope.as_str(), hex::encode(mac))
    }

    /// The scope `token` grants on `plan_id`, or `None` for a forged token,
    /// a token of another plan or a malformed one. The MAC comparison runs
    /// in constant time.
    pub fn verify(&self, plan_id: &str, token: &str) -> Option<Scope> {
        let (scope_text, mac_hex) = token.split_once('.')?;
        let scope = Scope::parse(scope_text)?;
        let mac = hex::decode(mac_hex).ok()?;
        self.mac(plan_id, scope).verify_slice(&mac).ok()?;
        Some(scope)
    }

    fn mac(&self, plan_id: &str, scope: Scope) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.bytes).expect("HMAC takes a key of any length");
        mac.update(CONTEXT);
        mac.update(&[0]);
        mac.update(plan_id.as_bytes());
        mac.update(&[0]);
        mac.update(scope.as_str().as_bytes());
        mac
    }
}

/// The key file's text, or `None` when the file does not exist.
fn read_key_file(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_with(pairs: &[(&str, &str)]) -> Config {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned()).unwrap()
    }

    #[test]
    fn issued_token_verifies_with_its_scope() {
        let key = TokenKey::random();
        assert_eq!(key.verify("p1", &key.issue("p1", Scope::Edit)), Some(Scope::Edit));
        assert_eq!(key.verify("p1", &key.issue("p1", Scope::Read)), Some(Scope::Read));
    }

    #[test]
    fn token_fails_on_other_plan_key_or_scope() {
        let key = TokenKey::random();
        let token = key.issue("p1", Scope::Read);
        assert_eq!(key.verify("p2", &token), None);
        assert_eq!(TokenKey::random().verify("p1", &token), None);
        let promoted = token.replacen("read.", "edit.", 1);
        assert_eq!(key.verify("p1", &promoted), None);
        assert_eq!(key.verify("p1", "edit.zz"), None);
        assert_eq!(key.verify("p1", ""), None);
    }

    #[test]
    fn malformed_key_names_its_source() {
        let error = TokenKey::from_config(&config_with(&[("UWSCRAPE_TOKEN_KEY", "abc")])).unwrap_err();
        assert_eq!(error.source_name, "UWSCRAPE_TOKEN_KEY");
        assert!(!error.to_string().contains("abc"));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token-key");
        std::fs::write(&file, "not hex\n").unwrap();
        let error = TokenKey::from_config(&config_with(&[("UWSCRAPE_TOKEN_KEY_FILE", file.to_str().unwrap())])).unwrap_err();
        assert!(error.source_name.starts_with("UWSCRAPE_TOKEN_KEY_FILE="), "{error}");
    }

    #[test]
    fn key_file_is_read_and_missing_file_gives_random_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token-key");
        std::fs::write(&file, format!("{}\n", "ab".repeat(32))).unwrap();
        let key = TokenKey::from_config(&config_with(&[("UWSCRAPE_TOKEN_KEY_FILE", file.to_str().unwrap())])).unwrap();
        assert_eq!(key.bytes, [0xab; 32]);

        let missing = dir.path().join("absent");
        assert!(TokenKey::from_config(&config_with(&[("UWSCRAPE_TOKEN_KEY_FILE", missing.to_str().unwrap())])).is_ok());
    }
}
