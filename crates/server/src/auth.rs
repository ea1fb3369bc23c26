//! API tokens: random, shown once, stored only as a SHA-256 hash.

use super::store::Operator;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::watch;

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
/// to find its operator. Only known tokens are kept (an attacker's guesses cannot fill it). The
/// cache is emptied whenever the operators' generation changes (`crate::operators::watch` polls
/// it, so a revocation or a new role made by any process takes effect within about a second), and
/// an entry lives at most `ttl` in any case.
pub struct OperatorCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Operator, Instant)>>,
    /// The operators' generation last seen in the database; subscribers hear every change.
    generation: watch::Sender<Option<i64>>,
}

/// More operators than any helpdesk has; past this the cache starts again rather than grow.
const OPERATOR_CACHE_LIMIT: usize = 4096;

impl OperatorCache {
    pub fn new(ttl: Duration) -> Self {
        OperatorCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
            generation: watch::Sender::new(None),
        }
    }

    pub fn get(&self, token_hash: &str) -> Option<Operator> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(token_hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(operator, _)| operator.clone())
    }

    /// The generation to pass to `insert` for an operator about to be read from the database.
    pub fn generation(&self) -> Option<i64> {
        *self.generation.borrow()
    }

    /// Keeps `operator`, read from the database while the generation was `read_at`; an operator
    /// read before a change that has since emptied the cache is not kept, or it would outlive it.
    pub fn insert(&self, token_hash: String, operator: Operator, read_at: Option<i64>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation() != read_at {
            return;
        }
        if entries.len() >= OPERATOR_CACHE_LIMIT {
            entries.clear();
        }
        entries.insert(token_hash, (operator, Instant::now()));
    }

    /// Forgets one token at once: an SSH session's, when the session ends.
    pub fn forget(&self, token_hash: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(token_hash);
    }

    /// The database's operators' generation is `now`: if it changed, every cached operator may be
    /// stale, so all are dropped and subscribers are told.
    pub fn observe_generation(&self, now: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation() != Some(now) {
            entries.clear();
            self.generation.send_replace(Some(now));
        }
    }

    /// Hears every change of generation: an open event stream re-checks its operator then.
    pub fn changes(&self) -> watch::Receiver<Option<i64>> {
        self.generation.subscribe()
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
        fresh.insert("h".into(), operator.clone(), fresh.generation());
        assert_eq!(fresh.get("h"), Some(operator.clone()));
        assert_eq!(fresh.get("other"), None);
        let expired = OperatorCache::new(Duration::ZERO);
        expired.insert("h".into(), operator, expired.generation());
        assert_eq!(expired.get("h"), None);
    }

    #[test]
    fn a_new_generation_empties_the_cache_and_an_operator_read_before_it_is_not_kept() {
        let operator = Operator {
            id: 1,
            name: "asha".into(),
            role: Role::Operator,
        };
        let cache = OperatorCache::new(Duration::from_secs(60));
        cache.observe_generation(1);
        let read_at = cache.generation();
        cache.insert("h".into(), operator.clone(), read_at);
        cache.observe_generation(1);
        assert_eq!(
            cache.get("h"),
            Some(operator.clone()),
            "the same generation"
        );
        cache.observe_generation(2);
        assert_eq!(cache.get("h"), None, "a new generation empties it");
        cache.insert("h".into(), operator, read_at);
        assert_eq!(cache.get("h"), None, "read before the change");
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
