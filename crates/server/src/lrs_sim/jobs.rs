//! Batch verification jobs, kept in memory: a restart forgets them, and a JobID from before it
//! is then unknown (WSRC0018), as an expired job would be.

use std::collections::BTreeMap;
use std::sync::Mutex;
use uln_lrs::VerifiedLearner;

/// Jobs kept; the oldest is forgotten past this, so a long-running simulator stays bounded.
const KEPT_JOBS: usize = 200;

#[derive(Debug, Clone)]
pub(crate) struct VerifyJob {
    /// The organisation that submitted it: only it may collect the output.
    pub organisation: String,
    pub started: String,
    pub finished: String,
    pub rows: Vec<VerifiedLearner>,
}

#[derive(Default)]
pub(crate) struct VerifyJobs {
    book: Mutex<JobBook>,
}

#[derive(Default)]
struct JobBook {
    last_id: i64,
    jobs: BTreeMap<i64, VerifyJob>,
}

impl VerifyJobs {
    /// Files a finished job and gives its JobID.
    pub fn add(&self, job: VerifyJob) -> i64 {
        let mut book = self.book.lock().unwrap_or_else(|p| p.into_inner());
        book.last_id += 1;
        let id = book.last_id;
        book.jobs.insert(id, job);
        while book.jobs.len() > KEPT_JOBS {
            book.jobs.pop_first();
        }
        id
    }

    /// The job, if it exists and `organisation` submitted it.
    pub fn output(&self, id: i64, organisation: &str) -> Option<VerifyJob> {
        let book = self.book.lock().unwrap_or_else(|p| p.into_inner());
        book.jobs
            .get(&id)
            .filter(|job| job.organisation == organisation)
            .cloned()
    }
}
