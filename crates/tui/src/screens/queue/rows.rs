//! The queue's rows, kept small: a million of them must fit in a console's memory. Each row holds
//! its times as Unix seconds and its anomalies as a bit set; its text (ULN, names, centre) lives
//! once, as shown, in the search index, which the filter scans and the screen draws from.

use crate::search::{search_text, SearchIndex};
use jiff::civil::Date;
use jiff::Timestamp;
use std::sync::Arc;
use uln_api::{
    AnomalyKind, ExceptionSummary, QueueOrder, QueueRow, RecordStatus, SortKey, SortValue,
};

/// Anomaly kinds as bits, in the table's order (the order the server lists them in); the last
/// bit stands for a kind this build does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anomalies(u16);

impl Anomalies {
    fn bit(kind: AnomalyKind) -> u16 {
        let at = AnomalyKind::ALL.iter().position(|k| *k == kind);
        1 << at.unwrap_or(AnomalyKind::ALL.len())
    }

    pub fn of(kinds: &[AnomalyKind]) -> Anomalies {
        Anomalies(kinds.iter().fold(0, |bits, &k| bits | Self::bit(k)))
    }

    pub fn contains(self, kind: AnomalyKind) -> bool {
        self.0 & Self::bit(kind) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = AnomalyKind> {
        let all = AnomalyKind::ALL.iter().copied();
        all.chain([AnomalyKind::Unknown])
            .filter(move |&k| self.contains(k))
    }
}

/// What the queue keeps of an open exception besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    id: i64,
    version: i64,
    /// Unix seconds.
    deadline: i64,
    registered_at: i64,
    /// As supplied; None if it does not read as a date (the export leaves it empty).
    date_of_birth: Option<Date>,
    anomalies: Anomalies,
    /// Open in the queues; closed ones only in the all-records view.
    status: RecordStatus,
    /// Byte lengths of the ULN, given name and family name in the row's text; the centre is the
    /// rest. One space separates each (see `search_text`).
    lengths: [u32; 3],
}

/// Unix seconds of a wire time. A time that does not parse counts as the epoch: shown as long
/// overdue, at the top of the queue, where an operator will look at it rather than miss it.
fn seconds(rfc3339: &str) -> i64 {
    rfc3339.parse::<Timestamp>().map_or(0, |t| t.as_second())
}

fn byte_len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

impl Entry {
    /// The row as the queue keeps it, and its text.
    pub fn from_summary(r: &ExceptionSummary) -> (Entry, String) {
        let entry = Entry {
            id: r.id,
            version: r.version,
            deadline: seconds(&r.deadline),
            registered_at: seconds(&r.registered_at),
            date_of_birth: r.date_of_birth.parse().ok(),
            anomalies: Anomalies::of(&r.anomalies),
            status: r.status,
            lengths: [
                byte_len(r.uln.as_deref().unwrap_or("-")),
                byte_len(&r.given_name),
                byte_len(&r.family_name),
            ],
        };
        (entry, search_text(r))
    }
}

/// One row of the queue, borrowed: what the screen shows and the queue sorts by.
#[derive(Debug, Clone, Copy)]
pub struct ExceptionRow<'a> {
    entry: &'a Entry,
    text: &'a str,
}

impl<'a> ExceptionRow<'a> {
    pub fn new(entry: &'a Entry, text: &'a str) -> ExceptionRow<'a> {
        ExceptionRow { entry, text }
    }

    pub fn id(&self) -> i64 {
        self.entry.id
    }

    pub fn version(&self) -> i64 {
        self.entry.version
    }

    /// Field `n` of the text (ULN, given name, family name, centre). A text that does not split
    /// as its lengths say (it cannot, as both come from `Entry::from_summary`) gives "".
    fn field(&self, n: usize) -> &'a str {
        let lengths = self.entry.lengths.map(|l| l as usize);
        let start = lengths[..n].iter().map(|l| l + 1).sum::<usize>();
        let end = lengths.get(n).map_or(self.text.len(), |l| start + l);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The ULN, or "-" if the registration has none.
    pub fn uln(&self) -> &'a str {
        self.field(0)
    }

    pub fn given_name(&self) -> &'a str {
        self.field(1)
    }

    pub fn family_name(&self) -> &'a str {
        self.field(2)
    }

    pub fn centre(&self) -> &'a str {
        self.field(3)
    }

    /// What the filter searches and highlights in.
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn deadline(&self) -> Timestamp {
        Timestamp::from_second(self.entry.deadline).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn registered_at(&self) -> Timestamp {
        Timestamp::from_second(self.entry.registered_at).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn anomalies(&self) -> Anomalies {
        self.entry.anomalies
    }

    pub fn status(&self) -> RecordStatus {
        self.entry.status
    }

    pub fn date_of_birth(&self) -> Option<Date> {
        self.entry.date_of_birth
    }
}

/// The same order as the server's pages: times compare as instants there too.
impl QueueRow for ExceptionRow<'_> {
    fn id(&self) -> i64 {
        self.entry.id
    }

    fn sort_value(&self, key: SortKey) -> SortValue<'_> {
        match key {
            SortKey::Deadline => SortValue::Time(self.entry.deadline),
            SortKey::Registered => SortValue::Time(self.entry.registered_at),
            SortKey::Centre => SortValue::Text(self.centre()),
            SortKey::FamilyName => SortValue::Text(self.family_name()),
        }
    }
}

/// The rows of the queue shown, in its order, with their text. Both are shared: the text with
/// filters running in the background, and the whole with the other consoles of an SSH server
/// showing the same queue (`crate::feed::queues`), so a clone costs two reference counts. A
/// change while another holds them copies them (`Arc::make_mut`).
#[derive(Debug, Default, Clone)]
pub struct QueueRows {
    entries: Arc<Vec<Entry>>,
    text: Arc<SearchIndex>,
}

impl QueueRows {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, i: usize) -> ExceptionRow<'_> {
        ExceptionRow::new(&self.entries[i], self.text.text(i))
    }

    pub fn id(&self, i: usize) -> i64 {
        self.entries[i].id
    }

    /// Where record `id` is: a scan, as the rows are ordered by the queue's sort, not by id.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    /// The text, to filter by.
    pub fn search(&self) -> &Arc<SearchIndex> {
        &self.text
    }

    /// Whether these rows are the very same as `other`'s, not a copy.
    pub fn shares_storage_with(&self, other: &QueueRows) -> bool {
        Arc::ptr_eq(&self.entries, &other.entries) && Arc::ptr_eq(&self.text, &other.text)
    }

    pub fn push(&mut self, entry: Entry, text: &str) {
        Arc::make_mut(&mut self.entries).push(entry);
        Arc::make_mut(&mut self.text).push(text);
    }

    pub fn insert(&mut self, at: usize, entry: Entry, text: &str) {
        Arc::make_mut(&mut self.entries).insert(at, entry);
        Arc::make_mut(&mut self.text).insert(at, text);
    }

    pub fn remove(&mut self, at: usize) {
        Arc::make_mut(&mut self.entries).remove(at);
        Arc::make_mut(&mut self.text).remove(at);
    }

    /// Takes the rows from `at` on out, in order, with their text.
    pub fn split_off(&mut self, at: usize) -> Vec<(Entry, String)> {
        let tail = Arc::make_mut(&mut self.entries).split_off(at);
        let text = Arc::make_mut(&mut self.text);
        let tail = tail
            .into_iter()
            .enumerate()
            .map(|(i, e)| (e, text.text(at + i).to_owned()))
            .collect();
        text.truncate(at);
        tail
    }

    pub fn clear(&mut self) {
        self.entries = Arc::default();
        self.text = Arc::default();
    }

    /// Where a row belongs in `order`: after every row that sorts before it.
    pub fn insertion_point(&self, order: QueueOrder, row: ExceptionRow<'_>) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            if order.compare(&self.get(mid), &row).is_lt() {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// Re-sorts every row in `order`.
    pub fn sort(&mut self, order: QueueOrder) {
        let mut permutation: Vec<usize> = (0..self.len()).collect();
        permutation.sort_by(|&a, &b| order.compare(&self.get(a), &self.get(b)));
        self.entries = Arc::new(permutation.iter().map(|&i| self.entries[i]).collect());
        self.text = Arc::new(self.text.permuted(&permutation));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::rows;

    #[test]
    fn a_row_keeps_what_the_screen_shows() {
        let mut summary = rows()[2].clone();
        summary.uln = None;
        summary.anomalies = vec![AnomalyKind::Postcode, AnomalyKind::MalformedUln];
        let (entry, text) = Entry::from_summary(&summary);
        let row = ExceptionRow::new(&entry, &text);
        assert_eq!(
            (row.uln(), row.given_name(), row.family_name(), row.centre()),
            ("-", "Grace", "O'Brien", "Calder Valley College")
        );
        assert_eq!(row.deadline().to_string(), summary.deadline);
        assert_eq!(row.registered_at().to_string(), summary.registered_at);
        assert_eq!(
            row.anomalies().iter().collect::<Vec<_>>(),
            [AnomalyKind::MalformedUln, AnomalyKind::Postcode],
            "in the table's order, as the server lists them"
        );
    }

    #[test]
    fn rows_sort_as_the_server_pages_them() {
        for key in SortKey::ALL {
            for direction in [
                uln_api::Direction::Ascending,
                uln_api::Direction::Descending,
            ] {
                let order = QueueOrder::new(key, direction);
                let mut expected = rows();
                order.sort(&mut expected);
                let mut queue = QueueRows::default();
                for r in rows() {
                    let (entry, text) = Entry::from_summary(&r);
                    let at = queue.insertion_point(order, ExceptionRow::new(&entry, &text));
                    queue.insert(at, entry, &text);
                }
                let inserted: Vec<i64> = (0..queue.len()).map(|i| queue.id(i)).collect();
                queue.sort(order);
                let sorted: Vec<i64> = (0..queue.len()).map(|i| queue.id(i)).collect();
                let ids: Vec<i64> = expected.iter().map(|r| r.id).collect();
                assert_eq!((inserted, sorted), (ids.clone(), ids), "{order:?}");
            }
        }
    }
}
