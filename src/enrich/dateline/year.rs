//! Completing a date written without a year (`28 NOV`, `Nov 28`), or
//! without a month either (`MADRID, 3 (EUROPA PRESS)`).
//!
//! A dateline is written on the day a story is filed, so the year is the one
//! that puts the date nearest before the publication, allowing
//! [`GRACE_DAYS`] after it for time zones and copy filed ahead of its
//! release: published 2024-01-02, `31 dic` is 2023-12-31 and `2 gen` is
//! 2024-01-02; published 2023-12-30, `1 gen` is 2024-01-01. A day without a
//! month is, the same way, the latest such day not after that limit.
//!
//! Without a publication date nothing says which year is meant, and the
//! engine reads no clock: the date is then `None` (the dateline itself is
//! still reported; its text keeps the day and month).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::date::Written;

/// How far after the publication date a yearless date may fall.
pub const GRACE_DAYS: u64 = 3;

/// The calendar date `w` means, given the article's publication date.
pub fn resolve(w: &Written, published: Option<NaiveDate>) -> Option<NaiveDate> {
    match (w.year, w.month) {
        (Some(y), Some(m)) => return NaiveDate::from_ymd_opt(y, m, w.day),
        (Some(_), None) => return None,
        (None, _) => {}
    }
    let latest = published?.checked_add_days(Days::new(GRACE_DAYS))?;
    match w.month {
        Some(m) => {
            let y = latest.year();
            (0..=4)
                .filter_map(|back| NaiveDate::from_ymd_opt(y - back, m, w.day))
                .find(|d| *d <= latest)
        }
        None => (0..12)
            .filter_map(|back| latest.checked_sub_months(Months::new(back)))
            .filter_map(|d| NaiveDate::from_ymd_opt(d.year(), d.month(), w.day))
            .find(|d| *d <= latest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dm(day: u32, month: u32) -> Written {
        Written {
            day,
            month: Some(month),
            year: None,
            weekday: None,
        }
    }

    #[test]
    fn written_year_wins() {
        let w = Written {
            year: Some(2021),
            ..dm(1, 8)
        };
        assert_eq!(resolve(&w, Some(d("2025-01-01"))), Some(d("2021-08-01")));
        assert_eq!(resolve(&w, None), Some(d("2021-08-01")));
    }

    #[test]
    fn nearest_date_not_after_publication_plus_grace() {
        let p = Some(d("2024-01-02"));
        assert_eq!(resolve(&dm(31, 12), p), Some(d("2023-12-31")));
        assert_eq!(resolve(&dm(2, 1), p), Some(d("2024-01-02")));
        assert_eq!(resolve(&dm(5, 1), p), Some(d("2024-01-05")));
        assert_eq!(resolve(&dm(6, 1), p), Some(d("2023-01-06")));
        assert_eq!(
            resolve(&dm(1, 1), Some(d("2023-12-30"))),
            Some(d("2024-01-01"))
        );
        assert_eq!(
            resolve(&dm(28, 11), Some(d("2023-11-28"))),
            Some(d("2023-11-28"))
        );
    }

    #[test]
    fn leap_day_finds_a_leap_year() {
        assert_eq!(
            resolve(&dm(29, 2), Some(d("2025-03-01"))),
            Some(d("2024-02-29"))
        );
        assert_eq!(
            resolve(&dm(29, 2), Some(d("2023-03-01"))),
            Some(d("2020-02-29"))
        );
    }

    #[test]
    fn day_without_month() {
        let day = |d| Written {
            month: None,
            ..dm(d, 1)
        };
        let p = Some(d("2025-04-28"));
        assert_eq!(resolve(&day(28), p), Some(d("2025-04-28")));
        assert_eq!(resolve(&day(30), p), Some(d("2025-04-30")));
        assert_eq!(resolve(&day(2), p), Some(d("2025-04-02")));
        assert_eq!(resolve(&day(1), p), Some(d("2025-05-01")));
        assert_eq!(
            resolve(&day(31), Some(d("2025-05-02"))),
            Some(d("2025-03-31"))
        );
        assert_eq!(resolve(&day(3), None), None);
    }

    #[test]
    fn no_publication_date_no_year() {
        assert_eq!(resolve(&dm(28, 11), None), None);
    }
}
