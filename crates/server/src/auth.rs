//! API tokens: random, shown once, stored only as a SHA-256 hash.

use super::store::Operator;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A new token: 32 random bytes, hex, with a prefix that makes it recognisable in a leaked file.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("ulc_{}", hex(&bytes)))
}

pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.trim().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Operators recently authenticated, by token hash, so a request does not cost a database query
/// to find its operator. Only known tokens are kept (an attacker's guesses cannot fill it), and an
/// entry lives for `ttl`: a new role or a removed operator takes effect within that time.
pub struct OperatorCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Operator, Instant)>>,
}

/// More operators than any helpdesk has; past this the cache starts again rather than grow.
const OPERATOR_CACHE_LIMIT: usize = 4096;

impl OperatorCache {
    pub fn new(ttl: Duration) -> Self {
        OperatorCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, token_hash: &str) -> Option<Operator> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(token_hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(operator, _)| operator.clone())
    }

    pub fn insert(&self, token_hash: String, operator: Operator) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= OPERATOR_CACHE_LIMIT {
            entries.clear();
        }
        entries.insert(token_hash, (operator, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Role;

    #[test]
    fn cached_operators_expire() {
        let operator = Operator {
            id: 1,
            name: "asha".into(),
            role: Role::Operator,
        };
        let fresh = OperatorCache::new(Duration::from_secs(60));
        fresh.insert("h".into(), operator.clone());
        assert_eq!(fresh.get("h"), Some(operator.clone()));
        assert_eq!(fresh.get("other"), None);
        let expired = OperatorCache::new(Duration::ZERO);
        expired.insert("h".into(), operator);
        assert_eq!(expired.get("h"), None);
    }

    #[test]
    fn tokens_are_unique_and_hash_stably() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert!(a.starts_with("ulc_") && a.len() == 68);
        assert_eq!(hash_token(&a), hash_token(&format!(" {a}\n")));
        assert_ne!(hash_token(&a), hash_token(&b));
        assert_eq!(hash_token(&a).len(), 64);
    }
}
