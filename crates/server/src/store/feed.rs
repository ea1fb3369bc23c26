//! How servers sharing one database hear of each other's changes: a broadcast channel in the
//! database (PostgreSQL's LISTEN/NOTIFY). Only the transport lives here; what is said on it, and
//! what a server does with what it hears, is `crate::fleet`'s.

use super::StoreResult;
use async_trait::async_trait;

#[async_trait]
pub trait ChangeFeed: Send + Sync + 'static {
    /// Hands each payload, in order, to every server listening on this database, this one too.
    async fn announce(&self, payloads: &[String]) -> StoreResult<()>;
    /// Starts listening: everything announced from the moment this returns.
    async fn listen(&self) -> StoreResult<Box<dyn FeedListener>>;
    /// The longest payload, in bytes, that `announce` can carry.
    fn max_payload(&self) -> usize;
}

#[async_trait]
pub trait FeedListener: Send {
    /// The next payload announced. None once the connection is lost: payloads announced since
    /// may never arrive, and this listener hears nothing more (listen again).
    async fn next(&mut self) -> StoreResult<Option<String>>;
}
