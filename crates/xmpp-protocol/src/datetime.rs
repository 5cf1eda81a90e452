//! XEP-0082 date-times (`2026-11-24T08:51:48Z`, `...48.123+02:00`) to and from [`Millis`]:
//! delayed-delivery stamps, MAM timestamps and anything else that carries a time.

use crate::Millis;

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateTimeError {
    #[error("{input:?} is not an XEP-0082 date-time: {reason}")]
    Malformed { input: String, reason: &'static str },
    #[error("{field} {value} is out of range in {input:?}")]
    OutOfRange {
        input: String,
        field: &'static str,
        value: u32,
    },
    #[error("{input:?} is before 1970-01-01T00:00:00Z")]
    BeforeEpoch { input: String },
}

const MS_PER_SECOND: i64 = 1000;
const MS_PER_DAY: i64 = 86_400 * MS_PER_SECOND;

/// Parses `CCYY-MM-DDThh:mm:ss[.sss...](Z|±hh:mm)`. Fractions beyond milliseconds are
/// truncated; a leap second (`:60`) is accepted and lands on the next second.
pub fn parse_datetime(input: &str) -> Result<Millis, DateTimeError> {
    let malformed = |reason| DateTimeError::Malformed {
        input: input.to_owned(),
        reason,
    };
    let bytes = input.as_bytes();
    if bytes.len() < 20 {
        return Err(malformed("too short"));
    }
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(index, expected)| bytes.get(index) != Some(&expected))
    {
        return Err(malformed("expected the form CCYY-MM-DDThh:mm:ss"));
    }
    let number = |from: usize, to: usize| -> Result<u32, DateTimeError> {
        let digits = input.get(from..to).ok_or(malformed("truncated"))?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("expected digits"));
        }
        digits.parse().map_err(|_| malformed("expected digits"))
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let out_of_range = |field, value| DateTimeError::OutOfRange {
        input: input.to_owned(),
        field,
        value,
    };
    if !(1..=12).contains(&month) {
        return Err(out_of_range("month", month));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(out_of_range("day", day));
    }
    if hour > 23 {
        return Err(out_of_range("hour", hour));
    }
    if minute > 59 {
        return Err(out_of_range("minute", minute));
    }
    if second > 60 {
        return Err(out_of_range("second", second));
    }

    let mut rest = input.get(19..).ok_or(malformed("truncated"))?;
    let mut millis: i64 = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(malformed("a '.' must be followed by digits"));
        }
        for (i, b) in fraction
            .bytes()
            .take(3)
            .take_while(u8::is_ascii_digit)
            .enumerate()
        {
            let place = [100, 10, 1].get(i).copied().unwrap_or(0);
            millis += i64::from(b - b'0') * place;
        }
        rest = fraction.get(digits..).ok_or(malformed("truncated"))?;
    }
    let offset_minutes: i64 = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(malformed("expected 'Z' or an offset like +02:00")),
            };
            let bad_offset = || malformed("an offset must look like +hh:mm");
            let zone = rest
                .get(1..)
                .filter(|zone| zone.len() == 5)
                .ok_or_else(bad_offset)?;
            let (hours, minutes) = zone.split_once(':').ok_or_else(bad_offset)?;
            let hours = parse_digits(hours)
                .filter(|_| hours.len() == 2)
                .ok_or_else(bad_offset)?;
            let minutes = parse_digits(minutes)
                .filter(|_| minutes.len() == 2)
                .ok_or_else(bad_offset)?;
            if hours > 23 || minutes > 59 {
                return Err(malformed("the offset is out of range"));
            }
            sign * (i64::from(hours) * 60 + i64::from(minutes))
        }
    };

    let days = days_from_civil(i64::from(year), month, day);
    let seconds =
        i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second) - offset_minutes * 60;
    let total = days * MS_PER_DAY + seconds * MS_PER_SECOND + millis;
    Millis::try_from(total).map_err(|_| DateTimeError::BeforeEpoch {
        input: input.to_owned(),
    })
}

/// Formats as UTC, `2026-11-24T08:51:48Z`, with `.mmm` only when there are milliseconds.
pub fn format_datetime(time: Millis) -> String {
    let days = time / MS_PER_DAY.unsigned_abs();
    let in_day = time % MS_PER_DAY.unsigned_abs();
    let (year, month, day) = civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
    let (second, millis) = (in_day / 1000 % 60, in_day % 1000);
    if millis == 0 {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
    }
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days.saturating_add(719_468);
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_forms_servers_send() {
        let cases: &[(&str, Millis)] = &[
            ("1970-01-01T00:00:00Z", 0),
            ("2026-11-24T08:51:48Z", 1_795_510_308_000),
            ("2026-11-24T08:51:48.123Z", 1_795_510_308_123),
            ("2026-11-24T08:51:48.1Z", 1_795_510_308_100),
            ("2026-11-24T08:51:48.123456Z", 1_795_510_308_123),
            ("2026-11-24T10:51:48+02:00", 1_795_510_308_000),
            ("2026-11-24T03:21:48-05:30", 1_795_510_308_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("2016-12-31T23:59:60Z", 1_483_228_800_000),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_datetime(input), Ok(*expected), "{input}");
        }
    }

    #[test]
    fn rejects_malformed_and_out_of_range() {
        let malformed = [
            "",
            "2026-11-24",
            "2026-11-24 08:51:48Z",
            "2026-11-24T08:51:48",
            "2026-11-24T08:51:48.Z",
            "2026-11-24T08:51:48+0200",
            "2026-1x-24T08:51:48Z",
            "2026-11-24T08:51:48+24:00",
            "+026-11-24T08:51:48Z",
        ];
        for input in malformed {
            assert!(
                matches!(parse_datetime(input), Err(DateTimeError::Malformed { .. })),
                "{input}"
            );
        }
        let out_of_range = [
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:61Z",
            "2026-00-01T00:00:00Z",
        ];
        for input in out_of_range {
            assert!(
                matches!(parse_datetime(input), Err(DateTimeError::OutOfRange { .. })),
                "{input}"
            );
        }
        assert!(matches!(
            parse_datetime("1969-12-31T23:59:59Z"),
            Err(DateTimeError::BeforeEpoch { .. })
        ));
    }

    #[test]
    fn formats_with_milliseconds_only_when_present() {
        assert_eq!(format_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_datetime(1_795_510_308_000), "2026-11-24T08:51:48Z");
        assert_eq!(
            format_datetime(1_795_510_308_007),
            "2026-11-24T08:51:48.007Z"
        );
        assert_eq!(format_datetime(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(time in 0u64..253_402_300_799_999) {
            prop_assert_eq!(parse_datetime(&format_datetime(time)), Ok(time));
        }
    }
}
