//! Recognising how a date of birth was mis-keyed.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSlip {
    DayMonthSwapped,
    YearOffByOne,
    DigitsTransposed,
    /// Exactly one digit of YYYYMMDD differs.
    DigitMistyped,
}

/// How `supplied` could be a slip for `actual`, checked in the order the slips are most often made.
pub fn date_slip(supplied: Date, actual: Date) -> Option<DateSlip> {
    if supplied == actual {
        return None;
    }
    if supplied.year() == actual.year()
        && supplied.day() == actual.month()
        && supplied.month() == actual.day()
    {
        return Some(DateSlip::DayMonthSwapped);
    }
    if supplied.month() == actual.month()
        && supplied.day() == actual.day()
        && (i32::from(supplied.year()) - i32::from(actual.year())).abs() == 1
    {
        return Some(DateSlip::YearOffByOne);
    }
    let (a, b) = (digits(supplied), digits(actual));
    let diffs: Vec<usize> = (0..8).filter(|&i| a[i] != b[i]).collect();
    match diffs.as_slice() {
        [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] => {
            Some(DateSlip::DigitsTransposed)
        }
        [_] => Some(DateSlip::DigitMistyped),
        _ => None,
    }
}

fn digits(date: Date) -> [u8; 8] {
    let text = date.strftime("%Y%m%d").to_string();
    let mut out = [0u8; 8];
    out.copy_from_slice(&text.as_bytes()[..8]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn recognises_each_slip() {
        assert_eq!(
            date_slip(date(2007, 3, 2), date(2007, 2, 3)),
            Some(DateSlip::DayMonthSwapped)
        );
        assert_eq!(
            date_slip(date(2008, 2, 3), date(2007, 2, 3)),
            Some(DateSlip::YearOffByOne)
        );
        assert_eq!(
            date_slip(date(2006, 2, 3), date(2007, 2, 3)),
            Some(DateSlip::YearOffByOne)
        );
        assert_eq!(
            date_slip(date(2007, 1, 13), date(2007, 10, 13)),
            Some(DateSlip::DigitsTransposed)
        );
        assert_eq!(
            date_slip(date(2070, 5, 6), date(2007, 5, 6)),
            Some(DateSlip::DigitsTransposed)
        );
        assert_eq!(
            date_slip(date(2007, 2, 8), date(2007, 2, 3)),
            Some(DateSlip::DigitMistyped)
        );
        assert_eq!(
            date_slip(date(2004, 2, 3), date(2007, 2, 3)),
            Some(DateSlip::DigitMistyped)
        );
    }

    #[test]
    fn unrelated_dates_are_no_slip() {
        assert_eq!(date_slip(date(2007, 2, 3), date(2007, 2, 3)), None);
        assert_eq!(date_slip(date(1999, 7, 21), date(2007, 2, 3)), None);
        // A parent and child a generation apart: several digits differ.
        assert_eq!(date_slip(date(1981, 6, 14), date(2007, 2, 3)), None);
        assert_eq!(date_slip(date(2005, 3, 2), date(2007, 2, 3)), None);
    }
}
