//! One loaded queue per query for every console of a process. The SSH server runs many consoles;
//! each would otherwise load and keep its own copy of the same 100,000 rows (about 19 MB). Here a
//! queue is loaded once, kept current by the shared event stream, and handed to each console
//! showing it as `QueueRows` whose storage they all share. Each console keeps its own filter,
//! cursor and marks over them; a different order is a different query, loaded once too.
//!
//! The loading and the keeping current are the queue screen's own (`QueueScreen::add_page`,
//! `apply_change`): a headless queue screen per query does them, so an event that overtakes a page
//! is handled exactly as in a console of its own. A change is applied here before any console
//! hears of it, so a console that hears of one finds it already in the shared rows.
//!
//! Only the open exceptions of a queue are shared, as every operator sees them alike. `:mine`,
//! snoozed and all-records views are each console's own, loaded with its operator's token.

use crate::message::Effect;
use crate::screens::queue::{QueueRows, QueueScreen};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use tokio::sync::watch;
use uln_api::{
    ApiClient, ChangeEvent, ClaimEvent, ClaimView, ClientError, RecordFilter, SnoozeFilter, SortKey,
};

/// What makes two consoles' queues the same: the queue and its order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QueueKey {
    /// None for all open exceptions.
    pub queue: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
}

impl QueueKey {
    /// The key of a page request, if the queue it asks for is one consoles share: the first page
    /// of a queue's open exceptions, as every operator sees them.
    pub fn of(effect: &Effect) -> Option<QueueKey> {
        match effect {
            Effect::LoadPage {
                queue,
                cursor: None,
                sort,
                descending,
                records: RecordFilter::Open,
                snoozed: SnoozeFilter::Awake,
                assigned_to: None,
                ..
            } => Some(QueueKey {
                queue: queue.clone(),
                sort: *sort,
                descending: *descending,
            }),
            _ => None,
        }
    }
}

/// A queue as a console takes it over: the rows (shared, not copied) and how far loading got.
pub struct Snapshot {
    pub rows: QueueRows,
    pub loading: bool,
    /// Why the last load stopped short, if it did.
    pub failed: Option<ClientError>,
    /// How many times the rows have moved on (a change, a page, a reload): a console that took
    /// them at `changes - 1` and hears of one change can follow it row by row.
    pub changes: u64,
}

/// One query's queue, shared by the consoles showing it.
pub struct SharedQueue {
    key: QueueKey,
    /// A queue screen nobody sees, which loads the queue and keeps it current.
    held: Mutex<Held>,
    /// Moves on when a page arrives or a load ends: consoles then take the rows again.
    loaded: watch::Sender<u64>,
}

struct Held {
    screen: QueueScreen,
    failed: Option<ClientError>,
    changes: u64,
}

impl std::fmt::Debug for SharedQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedQueue")
            .field("key", &self.key)
            .finish()
    }
}

impl SharedQueue {
    fn new(key: QueueKey) -> SharedQueue {
        let mut screen = QueueScreen::default();
        screen.pending_queue = key.queue.clone();
        screen.sort = key.sort;
        screen.descending = key.descending;
        SharedQueue {
            key,
            held: Mutex::new(Held {
                screen,
                failed: None,
                changes: 0,
            }),
            loaded: watch::Sender::new(0),
        }
    }

    pub fn key(&self) -> &QueueKey {
        &self.key
    }

    /// The rows as they are now.
    pub fn snapshot(&self) -> Snapshot {
        let held = self.lock();
        Snapshot {
            rows: held.screen.rows.clone(),
            loading: held.screen.loading,
            failed: held.failed.clone(),
            changes: held.changes,
        }
    }

    /// A change from the stream, taken in (see `SharedQueues::apply`).
    pub fn apply(&self, change: &ChangeEvent) {
        let mut held = self.lock();
        held.screen.apply_change(change);
        held.changes += 1;
    }

    /// Moves on each time a page arrives or a load ends.
    pub fn loaded(&self) -> watch::Receiver<u64> {
        self.loaded.subscribe()
    }

    fn lock(&self) -> MutexGuard<'_, Held> {
        // A panic while holding it leaves the rows as they were, which are still rows.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The queues this process's consoles show, each loaded once.
pub struct SharedQueues {
    /// Reads queue pages; its token need only be a viewer's.
    client: ApiClient,
    queues: Mutex<HashMap<QueueKey, Weak<SharedQueue>>>,
    /// Live claims, as pages and the stream tell them: a console taking a queue over learns who
    /// is on which record from here, as it would from the pages it loaded itself.
    claims: Arc<Claims>,
}

type Claims = Mutex<HashMap<i64, ClaimView>>;

impl SharedQueues {
    pub fn new(client: ApiClient) -> Arc<SharedQueues> {
        Arc::new(SharedQueues {
            client,
            queues: Mutex::default(),
            claims: Arc::default(),
        })
    }

    /// The queue for `key`: the one other consoles hold, or a new one, loading. A queue whose
    /// last load failed is loaded again.
    pub fn queue(&self, key: QueueKey) -> Arc<SharedQueue> {
        let mut queues = lock(&self.queues);
        // A queue nobody shows any more is gone: its rows were freed with the last console's.
        queues.retain(|_, queue| queue.strong_count() > 0);
        if let Some(queue) = queues.get(&key).and_then(Weak::upgrade) {
            if queue.lock().failed.is_some() {
                self.load(&queue);
            }
            return queue;
        }
        let queue = Arc::new(SharedQueue::new(key.clone()));
        queues.insert(key, Arc::downgrade(&queue));
        self.load(&queue);
        queue
    }

    /// How many queues are held now, for tests and measurements.
    pub fn held(&self) -> usize {
        self.live().len()
    }

    fn live(&self) -> Vec<Arc<SharedQueue>> {
        lock(&self.queues)
            .values()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// Loads `queue` afresh; its rows so far stay readable until the first page comes.
    fn load(&self, queue: &Arc<SharedQueue>) {
        let first = {
            let mut held = queue.lock();
            held.failed = None;
            held.changes += 1;
            held.screen.reload()
        };
        let claims = self.claims.clone();
        tokio::spawn(load(
            self.client.clone(),
            Arc::downgrade(queue),
            claims,
            first,
        ));
    }

    /// A change from the stream, taken into every queue held before any console hears of it.
    pub(crate) fn apply(&self, change: &ChangeEvent) {
        if let Some(row) = &change.row {
            self.heard_claim(change.record_id, row.claim.as_deref().cloned());
        }
        for queue in self.live() {
            queue.apply(change);
        }
    }

    pub(crate) fn claim(&self, event: &ClaimEvent) {
        self.heard_claim(event.record_id, event.claim.clone());
    }

    fn heard_claim(&self, id: i64, claim: Option<ClaimView>) {
        heard_claim(&self.claims, id, claim);
    }

    /// The claims known now, for a console taking a queue over.
    pub fn live_claims(&self) -> Vec<(i64, ClaimView)> {
        let claims = lock(&self.claims);
        claims.iter().map(|(id, c)| (*id, c.clone())).collect()
    }

    /// The stream was down or the backend said to resync: changes may have been missed, so
    /// every queue held is loaded again.
    pub(crate) fn reload_all(&self) {
        for queue in self.live() {
            self.load(&queue);
        }
    }
}

fn heard_claim(claims: &Claims, id: i64, claim: Option<ClaimView>) {
    let mut claims = lock(claims);
    match claim {
        Some(claim) => claims.insert(id, claim),
        None => claims.remove(&id),
    };
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Loads a queue page by page until its last, unless a newer load of it begins or nobody
/// shows it any more.
async fn load(
    client: ApiClient,
    queue: Weak<SharedQueue>,
    claims: Arc<Claims>,
    mut request: Effect,
) {
    loop {
        let Effect::LoadPage { generation, .. } = request else {
            return;
        };
        let result = client.exceptions(&crate::tasks::list_query(&request)).await;
        let Some(shared) = queue.upgrade() else {
            return;
        };
        let next = {
            let mut held = shared.lock();
            if held.screen.generation != generation {
                // A newer load of this queue replaced this one.
                return;
            }
            held.changes += 1;
            match result {
                Ok(page) => {
                    for row in &page.items {
                        heard_claim(&claims, row.id, row.claim.as_deref().cloned());
                    }
                    held.screen.add_page(page.items, page.next_cursor)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "a shared queue page could not be loaded");
                    held.screen.loading = false;
                    held.failed = Some(e);
                    None
                }
            }
        };
        shared.loaded.send_modify(|n| *n += 1);
        match next {
            Some(after) => request = after,
            None => return,
        }
    }
}

/// For tests and the console benchmark: a shared queue with no backend behind it.
impl SharedQueue {
    /// A queue holding `rows` as after its last page.
    pub fn loaded_with(key: QueueKey, rows: Vec<uln_api::ExceptionSummary>) -> Arc<SharedQueue> {
        let queue = SharedQueue::new(key);
        {
            let mut held = queue.lock();
            let _ = held.screen.reload();
            held.screen.add_page(rows, None);
        }
        Arc::new(queue)
    }
}
