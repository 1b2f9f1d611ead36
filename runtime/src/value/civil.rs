//! XML Schema's calendar values that are not instants: `xs:date` (`2001-01-31`) and
//! `xs:time` (`13:20:00.5`), each with the optional offset the wire may carry (`Z`,
//! `+01:00`), which is kept so a value is written back as it came.

use std::fmt;
use std::str::FromStr;

use jiff::civil;
use jiff::tz::Offset;

use super::{DateZone, ParseError};

/// `xs:date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    pub date: civil::Date,
    pub zone: DateZone,
}

/// `xs:time`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    pub time: civil::Time,
    pub zone: DateZone,
}

impl Default for Date {
    fn default() -> Self {
        Self {
            date: civil::Date::constant(1, 1, 1),
            zone: DateZone::Unspecified,
        }
    }
}

impl Default for Time {
    fn default() -> Self {
        Self {
            time: civil::Time::midnight(),
            zone: DateZone::Unspecified,
        }
    }
}

/// Splits a trailing `Z` or `±hh:mm` off `text`.
fn split_zone(text: &str) -> Option<(&str, DateZone)> {
    if let Some(rest) = text.strip_suffix('Z') {
        return Some((rest, DateZone::Utc));
    }
    let tail_start = text.len().checked_sub(6)?;
    let (rest, tail) = text.split_at_checked(tail_start)?;
    let sign = match tail.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Some((text, DateZone::Unspecified)),
    };
    if tail.as_bytes().get(3) != Some(&b':') {
        return Some((text, DateZone::Unspecified));
    }
    let hours: i32 = tail.get(1..3)?.parse().ok()?;
    let minutes: i32 = tail.get(4..6)?.parse().ok()?;
    let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    Some((rest, DateZone::Offset(offset)))
}

fn write_zone(f: &mut fmt::Formatter<'_>, zone: DateZone) -> fmt::Result {
    match zone {
        DateZone::Unspecified => Ok(()),
        DateZone::Utc => f.write_str("Z"),
        DateZone::Offset(offset) => {
            let seconds = offset.seconds();
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| ParseError::new("date", text, reason);
        let trimmed = text.trim();
        let (date, zone) = split_zone(trimmed).ok_or_else(|| invalid("bad offset"))?;
        let date = date
            .parse::<civil::Date>()
            .map_err(|error| invalid(&error.to_string()))?;
        Ok(Self { date, zone })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        write_zone(f, self.zone)
    }
}

impl FromStr for Time {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| ParseError::new("time", text, reason);
        let trimmed = text.trim();
        let (time, zone) = split_zone(trimmed).ok_or_else(|| invalid("bad offset"))?;
        let time = time
            .parse::<civil::Time>()
            .map_err(|error| invalid(&error.to_string()))?;
        Ok(Self { time, zone })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.time)?;
        write_zone(f, self.zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_offset() {
        for text in [
            "2001-01-31",
            "2001-01-31Z",
            "2001-01-31+01:00",
            "2001-01-31-05:30",
        ] {
            let date: Date = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
        let date: Date = "2001-01-31+01:00".parse().unwrap();
        assert_eq!(date.date, civil::date(2001, 1, 31));
        assert!(matches!(date.zone, DateZone::Offset(offset) if offset.seconds() == 3600));
    }

    #[test]
    fn times_keep_fractions_and_offsets() {
        for text in ["13:20:00", "13:20:00.5Z", "23:59:59.1234567+02:00"] {
            let time: Time = text.parse().unwrap();
            assert_eq!(time.to_string(), text);
        }
    }

    #[test]
    fn garbage_is_an_error() {
        assert!("2001-13-01".parse::<Date>().is_err());
        assert!("yesterday".parse::<Date>().is_err());
        assert!("25:00:00".parse::<Time>().is_err());
        assert!("".parse::<Time>().is_err());
    }
}
