//! Reading a centre's CSV file into registrations. A row that cannot be read is kept, with the
//! reason, so that it is reported in the results and never stops the rows around it.

use super::columns::{ColumnMap, Field, HeaderError};
use crate::RegistrationSubmission;

/// One data row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRow {
    /// The line the row starts on, the header being line 1: what the centre sees in a text
    /// editor or a spreadsheet (a quoted cell spanning lines is the only case they differ).
    pub line: u64,
    pub read: Result<RegistrationSubmission, String>,
}

impl InputRow {
    /// The ULN as the file gave it, for the results file; nothing when the row was unreadable.
    pub fn uln(&self) -> &str {
        self.read.as_ref().map_or("", |r| r.uln.as_str())
    }
}

/// The file as read: its column map and its data rows, in order.
#[derive(Debug)]
pub struct InputFile {
    pub columns: ColumnMap,
    pub rows: Vec<InputRow>,
}

/// Why a file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty: it needs a header row naming the columns")]
    Empty,
    #[error("the header row is not UTF-8 text: save the file as CSV UTF-8")]
    HeaderNotUtf8,
    #[error(transparent)]
    Header(#[from] HeaderError),
    #[error("the file cannot be read as CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Reads `bytes`, a CSV file with a header row. A UTF-8 byte order mark (spreadsheets write
/// one) is dropped; CRLF or LF line ends and quoted fields are CSV's own.
pub fn read(bytes: &[u8]) -> Result<InputFile, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Flexible and headerless: a row of the wrong width, or the header itself, is judged here so
    // that each can be reported in the centre's terms rather than stop the whole file.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record)? {
        return Err(FileError::Empty);
    }
    let headers = record
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| FileError::HeaderNotUtf8)?;
    let columns = ColumnMap::from_headers(headers)?;
    let mut rows = Vec::new();
    // Lines are counted here from each record's byte offset: the reader's own line count does
    // not advance on CRLF line ends, and its offset may point at the line end before the row
    // (the `\n` of a CRLF, blank lines), which is skipped to find where the row's text starts.
    let (mut counted_to, mut line) = (0, 1);
    while reader.read_byte_record(&mut record)? {
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize);
        start = start.clamp(counted_to, bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = start;
        rows.push(InputRow {
            line,
            read: submission(&record, &columns),
        });
    }
    Ok(InputFile { columns, rows })
}

/// The registration a row holds, or why it cannot be read.
fn submission(
    record: &csv::ByteRecord,
    columns: &ColumnMap,
) -> Result<RegistrationSubmission, String> {
    if record.len() != columns.width {
        return Err(format!(
            "unreadable row: {} fields where the header has {}",
            record.len(),
            columns.width
        ));
    }
    let text = |field: Field| -> Result<Option<String>, String> {
        let Some(column) = columns.column(field) else {
            return Ok(None);
        };
        let bytes = record.get(column).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some(text.to_owned())),
            Err(_) => Err(format!(
                "unreadable row: {field} is not UTF-8 text (save the file as CSV UTF-8)"
            )),
        }
    };
    // Required columns exist (the column map checked), so only optional ones can be None.
    let required = |field: Field| text(field).map(Option::unwrap_or_default);
    // A blank optional cell means the field was not given.
    let optional = |field: Field| text(field).map(|t| t.filter(|t| !t.trim().is_empty()));
    Ok(RegistrationSubmission {
        uln: required(Field::Uln)?,
        given_name: required(Field::GivenName)?,
        family_name: required(Field::FamilyName)?,
        date_of_birth: required(Field::DateOfBirth)?,
        gender: required(Field::Gender)?,
        postcode: required(Field::Postcode)?,
        centre: required(Field::Centre)?,
        qualification: optional(Field::Qualification)?,
        registered_at: optional(Field::RegisteredAt)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "uln,forename,surname,dob,gender,postcode,centre";

    #[test]
    fn a_byte_order_mark_crlf_and_quoted_fields_are_read() {
        let file = format!(
            "\u{feff}{HEADER},qualification\r\n1000000000,\"Ann, Mary\",O'Brien,2007-01-02,2,\"LS1 4AP\",C1,\r\n"
        );
        let read = read(file.as_bytes()).unwrap();
        assert!(
            read.columns.ignored.is_empty(),
            "{:?}",
            read.columns.ignored
        );
        let row = read.rows[0].read.as_ref().unwrap();
        assert_eq!(row.given_name, "Ann, Mary");
        assert_eq!(row.postcode, "LS1 4AP");
        assert_eq!(
            row.qualification, None,
            "a blank optional cell is not given"
        );
        assert_eq!(read.rows[0].line, 2);
        let blank_line_then_crlf = format!(
            "{HEADER}\r\n\r\n{}\r\n{}\r\n",
            "1,A,B,C,D,E,F", "1,A,B,C,D,E,F"
        );
        let lines: Vec<u64> = super::read(blank_line_then_crlf.as_bytes())
            .unwrap()
            .rows
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [3, 4], "as an editor numbers them");
    }

    #[test]
    fn unreadable_rows_say_why_and_the_rows_after_them_are_read() {
        let mut file = format!("{HEADER}\n1000000000,A,B,2007-01-02,2,LS1 4AP\n").into_bytes();
        file.extend_from_slice(b"1000000000,\xff\xfe,B,2007-01-02,2,LS1 4AP,C1\n");
        file.extend_from_slice(b"1000000000,A,B,2007-01-02,2,LS1 4AP,C1\n");
        let rows = read(&file).unwrap().rows;
        assert_eq!(
            rows[0].read,
            Err("unreadable row: 6 fields where the header has 7".into())
        );
        assert_eq!(
            rows[1].read,
            Err("unreadable row: given_name is not UTF-8 text (save the file as CSV UTF-8)".into())
        );
        assert!(rows[2].read.is_ok());
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
    }

    #[test]
    fn a_file_without_a_usable_header_is_refused() {
        assert!(matches!(read(b""), Err(FileError::Empty)));
        assert!(matches!(
            read(b"uln,given_name\n"),
            Err(FileError::Header(HeaderError::Missing { .. }))
        ));
    }
}
