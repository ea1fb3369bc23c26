//! How many console sessions run, per operator and in total, and the limits on both.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub per_operator: usize,
    pub total: usize,
}

/// Why a session could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitReached {
    #[error("you already have {0} console sessions open on this server; close one first")]
    Operator(usize),
    #[error("this server already serves {0} console sessions; try again later")]
    Total(usize),
}

/// The sessions running now, by operator.
pub struct Sessions {
    limits: SessionLimits,
    by_operator: Mutex<HashMap<String, usize>>,
    /// How many run, for whoever waits for them to end.
    open: tokio::sync::watch::Sender<usize>,
}

impl Sessions {
    pub fn new(limits: SessionLimits) -> Self {
        Sessions {
            limits,
            by_operator: Mutex::new(HashMap::new()),
            open: tokio::sync::watch::Sender::new(0),
        }
    }

    /// Sessions running now, all operators together.
    pub fn open(&self) -> usize {
        self.counts().values().sum()
    }

    /// Resolves once no session runs.
    pub async fn all_ended(&self) {
        let _ = self.open.subscribe().wait_for(|n| *n == 0).await;
    }

    /// A place for one more session of `operator`, held until the slot is dropped.
    pub fn try_start(self: &Arc<Self>, operator: &str) -> Result<SessionSlot, LimitReached> {
        let mut counts = self.counts();
        if counts.values().sum::<usize>() >= self.limits.total {
            return Err(LimitReached::Total(self.limits.total));
        }
        let mine = counts.entry(operator.to_owned()).or_default();
        if *mine >= self.limits.per_operator {
            return Err(LimitReached::Operator(self.limits.per_operator));
        }
        *mine += 1;
        self.open.send_modify(|n| *n += 1);
        Ok(SessionSlot {
            sessions: self.clone(),
            operator: operator.to_owned(),
        })
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.by_operator.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One running session's place; gives it back when dropped, however the session ends.
pub struct SessionSlot {
    sessions: Arc<Sessions>,
    operator: String,
}

impl Drop for SessionSlot {
    fn drop(&mut self) {
        let mut counts = self.sessions.counts();
        if let Some(n) = counts.get_mut(&self.operator) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.operator);
            }
            self.sessions.open.send_modify(|n| *n -= 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_limited_per_operator_and_in_total_and_freed_when_dropped() {
        let sessions = Arc::new(Sessions::new(SessionLimits {
            per_operator: 2,
            total: 3,
        }));
        let a1 = sessions.try_start("asha").unwrap();
        let _a2 = sessions.try_start("asha").unwrap();
        assert_eq!(
            sessions.try_start("asha").err(),
            Some(LimitReached::Operator(2))
        );
        let _b1 = sessions.try_start("ben").unwrap();
        assert_eq!(sessions.try_start("cy").err(), Some(LimitReached::Total(3)));
        assert_eq!(sessions.open(), 3);
        drop(a1);
        assert_eq!(sessions.open(), 2);
        assert!(sessions.try_start("asha").is_ok());
    }
}
