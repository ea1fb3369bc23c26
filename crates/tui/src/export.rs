//! The queue as shown (its queue, filter and order) written as CSV to a file the operator names.
//! Such a file holds learners' personal data, so it is created readable by its owner only, and an
//! existing file is replaced only when the operator said so.

use crate::screens::queue::QueueScreen;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Said before anything is written, and kept short enough to read whole.
pub const WARNING: &str = "This file holds learners' personal data: keep it on an encrypted drive and delete it when done.";

pub const HEADER: [&str; 9] = [
    "id",
    "ULN",
    "given name",
    "family name",
    "date of birth",
    "centre",
    "registered",
    "deadline",
    "anomalies",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// first) gets a leading `'`, so opening the file never runs what a centre typed. Supplied ULNs
/// and centres are stored as sent, so either can start that way.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The rows shown, in the order shown, as CSV; the csv crate quotes a field with a comma, a quote
/// or a line break in it.
pub fn queue_csv(queue: &QueueScreen) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for row in queue.visible_rows() {
        let uln = Some(row.uln()).filter(|u| *u != "-").unwrap_or_default();
        let anomalies: Vec<&str> = row.anomalies().iter().map(|k| k.wire_name()).collect();
        out.write_record([
            row.id().to_string().as_str(),
            &inert(uln),
            &inert(row.given_name()),
            &inert(row.family_name()),
            &row.date_of_birth()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            &inert(row.centre()),
            &row.registered_at().to_string(),
            &row.deadline().to_string(),
            &anomalies.join(" "),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// The path as typed, with a leading `~/` meaning the operator's home directory.
pub fn expand(typed: &str) -> PathBuf {
    let typed = typed.trim();
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Writes `bytes` to `path`, readable and writable by its owner only. Without `replace`, a file
/// already there is an error, never overwritten.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // A file replaced keeps its old permissions when opened: narrow them before writing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_readable_by_its_owner_only_and_an_existing_one_is_not_replaced_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("queue.csv");
        write_private(&path, b"first\n", false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let refused = write_private(&path, b"second\n", false).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first\n");
        write_private(&path, b"second\n", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_loses_wider_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("queue.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, b"new", true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-1+2"), "'-1+2");
        assert_eq!(inert("Calder Valley College"), "Calder Valley College");
        assert_eq!(inert("O'Brien"), "O'Brien");
    }

    #[test]
    fn a_tilde_means_home() {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home {
            assert_eq!(expand("~/q.csv"), home.join("q.csv"));
        }
        assert_eq!(expand(" /tmp/q.csv "), PathBuf::from("/tmp/q.csv"));
    }
}
