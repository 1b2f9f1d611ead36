//! .NET `DateTime` / `DateTimeOffset` as ServiceStack.Text writes them: WCF
//! `/Date(ms±hhmm)/` by default, ISO 8601 when a host is configured so, and always for
//! System.Text.Json hosts ([`JsonStyle`]). Both are read.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::tz::Offset;

use super::{JsonDialect, JsonStyle, ParseError, deserialize_via_str};

/// What the sender said about the time zone of a [`DateTime`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateZone {
    /// `DateTimeKind.Utc`: `/Date(ms)/`, or ISO 8601 with `Z`.
    Utc,
    /// `DateTimeKind.Unspecified`: `/Date(ms-0000)/`, or ISO 8601 without an offset.
    Unspecified,
    /// A local time or `DateTimeOffset` with this offset: `/Date(ms+0100)/`.
    Offset(Offset),
}

/// How a [`DateTime`] is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DateFormat {
    /// `/Date(ms±hhmm)/`, ServiceStack.Text's default.
    #[default]
    Wcf,
    /// ISO 8601, for hosts configured with `DateHandler.ISO8601`.
    Iso8601,
}

/// An instant plus the zone information the wire carried. A value read from a host is
/// written back in the form it came in; new values use the WCF form unless
/// [`DateTime::with_format`] says otherwise. (ServiceStack.Text reads both forms.) To a
/// System.Text.Json host every value goes as ISO 8601, the only form it reads.
///
/// Equality compares the instant and the zone, not the format.
#[derive(Clone, Copy, Debug)]
pub struct DateTime {
    instant: Timestamp,
    zone: DateZone,
    format: DateFormat,
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        (self.instant, self.zone) == (other.instant, other.zone)
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.instant, self.zone).hash(state);
    }
}

/// `0001-01-01T00:00:00Z`, .NET's `DateTime.MinValue` (the default of a .NET `DateTime`).
const DOTNET_MIN_SECONDS: i64 = -62_135_596_800;

impl DateTime {
    pub fn new(instant: Timestamp, zone: DateZone) -> Self {
        Self {
            instant,
            zone,
            format: DateFormat::Wcf,
        }
    }

    /// The same value, written in `format`.
    pub fn with_format(self, format: DateFormat) -> Self {
        Self { format, ..self }
    }

    pub fn format(&self) -> DateFormat {
        self.format
    }

    /// A UTC instant.
    pub fn utc(instant: Timestamp) -> Self {
        Self::new(instant, DateZone::Utc)
    }

    pub fn timestamp(&self) -> Timestamp {
        self.instant
    }

    pub fn zone(&self) -> DateZone {
        self.zone
    }

    /// Milliseconds since the Unix epoch, as in the WCF form.
    pub fn unix_milliseconds(&self) -> i64 {
        self.instant.as_millisecond()
    }

    /// The WCF form ServiceStack.Text writes by default: `/Date(978307200000)/`,
    /// `/Date(978307200000-0000)/`, `/Date(978307200000+0100)/`.
    pub fn to_wcf(&self) -> String {
        let millis = self.unix_milliseconds();
        match self.zone {
            DateZone::Utc => format!("/Date({millis})/"),
            DateZone::Unspecified => format!("/Date({millis}-0000)/"),
            DateZone::Offset(offset) => {
                let seconds = offset.seconds();
                let sign = if seconds < 0 { '-' } else { '+' };
                let minutes = seconds.unsigned_abs() / 60;
                format!(
                    "/Date({millis}{sign}{:02}{:02})/",
                    minutes / 60,
                    minutes % 60
                )
            }
        }
    }

    /// ISO 8601: `2001-01-01T00:00:00Z`, `…+01:00`, or no offset when unspecified.
    pub fn to_iso8601(&self) -> String {
        match self.zone {
            DateZone::Utc => self.instant.to_string(),
            DateZone::Unspecified => self
                .instant
                .to_zoned(jiff::tz::TimeZone::UTC)
                .datetime()
                .to_string(),
            DateZone::Offset(offset) => self.instant.display_with_offset(offset).to_string(),
        }
    }

    fn parse_wcf(text: &str, inner: &str) -> Result<Self, ParseError> {
        let error = |reason: &str| ParseError::new("WCF date", text, reason);
        // The offset sign is the first `+`/`-` after the (possibly negative) number.
        let split = inner
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '+' || *c == '-')
            .map(|(index, _)| index)
            .unwrap_or(inner.len());
        let (millis, suffix) = inner.split_at(split);
        let millis: i64 = millis
            .parse()
            .map_err(|_| error("the milliseconds are not a number"))?;
        let instant = Timestamp::from_millisecond(millis).map_err(|_| error("out of range"))?;
        let zone = match suffix {
            "" => DateZone::Utc,
            "-0000" => DateZone::Unspecified,
            offset => DateZone::Offset(parse_hhmm(offset).ok_or_else(|| error("bad offset"))?),
        };
        Ok(Self {
            instant,
            zone,
            format: DateFormat::Wcf,
        })
    }

    fn parse_iso(text: &str) -> Result<Self, ParseError> {
        let error = |reason: String| ParseError::new("ISO 8601 date", text, reason);
        let pieces = jiff::fmt::temporal::Pieces::parse(text).map_err(|e| error(e.to_string()))?;
        let time = pieces.time().unwrap_or_default();
        let civil = pieces.date().to_datetime(time);
        let (offset, zone) = match pieces.offset() {
            Some(jiff::fmt::temporal::PiecesOffset::Zulu) => (Offset::UTC, DateZone::Utc),
            // XML Schema and .NET offsets are whole minutes; seconds would not print back.
            Some(jiff::fmt::temporal::PiecesOffset::Numeric(numeric))
                if numeric.offset().seconds() % 60 != 0 =>
            {
                return Err(error(
                    "the offset has seconds (only ±hh:mm is allowed)".to_owned(),
                ));
            }
            Some(jiff::fmt::temporal::PiecesOffset::Numeric(numeric)) => {
                (numeric.offset(), DateZone::Offset(numeric.offset()))
            }
            // No offset: .NET's Unspecified kind. Read as UTC so the value round-trips.
            _ => (Offset::UTC, DateZone::Unspecified),
        };
        let instant = offset
            .to_timestamp(civil)
            .map_err(|e| error(e.to_string()))?;
        Ok(Self {
            instant,
            zone,
            format: DateFormat::Iso8601,
        })
    }
}

fn parse_hhmm(text: &str) -> Option<Offset> {
    let (sign, digits) = match text.split_at_checked(1)? {
        ("+", digits) => (1, digits),
        ("-", digits) => (-1, digits),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..)?.parse().ok()?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

impl Default for DateTime {
    fn default() -> Self {
        let instant = Timestamp::from_second(DOTNET_MIN_SECONDS).unwrap_or(Timestamp::UNIX_EPOCH);
        Self::utc(instant)
    }
}

impl From<Timestamp> for DateTime {
    fn from(instant: Timestamp) -> Self {
        Self::utc(instant)
    }
}

impl From<DateTime> for Timestamp {
    fn from(value: DateTime) -> Self {
        value.instant
    }
}

impl FromStr for DateTime {
    type Err = ParseError;

    /// Reads `/Date(…)/`, `\/Date(…)\/` and ISO 8601.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wcf = text
            .trim_start_matches('\\')
            .strip_prefix("/Date(")
            .and_then(|rest| {
                rest.strip_suffix(")/")
                    .or_else(|| rest.strip_suffix(")\\/"))
            });
        match wcf {
            Some(inner) => Self::parse_wcf(text, inner),
            None => Self::parse_iso(text),
        }
    }
}

/// Writes the value's [`DateFormat`].
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            DateFormat::Wcf => f.write_str(&self.to_wcf()),
            DateFormat::Iso8601 => f.write_str(&self.to_iso8601()),
        }
    }
}

impl DateTime {
    /// The text written for the current [`JsonStyle`].
    pub(crate) fn wire_text(&self) -> String {
        match JsonStyle::current().dialect {
            JsonDialect::ServiceStackText => self.to_string(),
            JsonDialect::SystemTextJson => self.to_iso8601(),
        }
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer
            .serialize_newtype_struct(crate::datacontract::DATE_TIME_MARKER, &self.wire_text())
    }
}

deserialize_via_str!(DateTime, "a WCF `/Date(ms)/` or ISO 8601 date string");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DateTime {
        text.parse().unwrap()
    }

    #[test]
    fn wcf_utc_escaped_and_not() {
        let value = parse("/Date(978307200000)/");
        assert_eq!(value.timestamp().to_string(), "2001-01-01T00:00:00Z");
        assert_eq!(value.zone(), DateZone::Utc);
        assert_eq!(parse(r"\/Date(978307200000)\/"), value);
        assert_eq!(value.to_wcf(), "/Date(978307200000)/");
    }

    #[test]
    fn wcf_unspecified_and_offsets_round_trip() {
        let unspecified = parse("/Date(1234567890000-0000)/");
        assert_eq!(unspecified.timestamp().to_string(), "2009-02-13T23:31:30Z");
        assert_eq!(unspecified.zone(), DateZone::Unspecified);
        assert_eq!(unspecified.to_wcf(), "/Date(1234567890000-0000)/");

        let plus_one = parse("/Date(1234567890000+0100)/");
        assert_eq!(
            plus_one.zone(),
            DateZone::Offset(Offset::from_hours(1).unwrap())
        );
        assert_eq!(plus_one.to_wcf(), "/Date(1234567890000+0100)/");
        assert_eq!(plus_one.to_iso8601(), "2009-02-14T00:31:30+01:00");

        let minus = parse("/Date(0-0530)/");
        assert_eq!(minus.to_wcf(), "/Date(0-0530)/");
    }

    #[test]
    fn wcf_negative_milliseconds_reach_dotnet_min_value() {
        let min = parse("/Date(-62135596800000)/");
        assert_eq!(min.timestamp().to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(min, DateTime::default());
        assert_eq!(parse("/Date(-1)/").unix_milliseconds(), -1);
    }

    #[test]
    fn iso_8601_in_every_zone_form() {
        let utc = parse("2001-01-01T00:00:00Z");
        assert_eq!(utc, parse("/Date(978307200000)/"));
        let offset = parse("2001-01-01T01:00:00+01:00");
        assert_eq!(offset.timestamp(), utc.timestamp());
        assert_eq!(
            offset.zone(),
            DateZone::Offset(Offset::from_hours(1).unwrap())
        );
        let unspecified = parse("2001-01-01T00:00:00.1234567");
        assert_eq!(unspecified.zone(), DateZone::Unspecified);
        assert_eq!(unspecified.to_iso8601(), "2001-01-01T00:00:00.1234567");
        assert_eq!(parse("2001-01-01").timestamp(), utc.timestamp());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "/Date()/",
            "/Date(abc)/",
            "/Date(1+01)/",
            "/Date(99999999999999999999)/",
            "yesterday",
            "/Date(1",
        ] {
            assert!(text.parse::<DateTime>().is_err(), "{text}");
        }
    }

    #[test]
    fn serde_writes_values_back_in_the_form_they_came_in() {
        let value: DateTime = serde_json::from_str(r#""\/Date(978307200000)\/""#).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#""/Date(978307200000)/""#
        );
        let iso: DateTime = serde_json::from_str(r#""2001-01-01T00:00:00Z""#).unwrap();
        assert_eq!(iso, value);
        assert_eq!(
            serde_json::to_string(&iso).unwrap(),
            r#""2001-01-01T00:00:00Z""#
        );
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn new_values_are_wcf_unless_told_otherwise() {
        let instant: Timestamp = "2001-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(DateTime::utc(instant).to_string(), "/Date(978307200000)/");
        let iso = DateTime::utc(instant).with_format(DateFormat::Iso8601);
        assert_eq!(iso.to_string(), "2001-01-01T00:00:00Z");
        assert_eq!(iso.format(), DateFormat::Iso8601);
    }

    /// What System.Text.Json writes and reads (ISO 8601-1:2019): `Z` for UTC, no offset for
    /// an unspecified kind, `±hh:mm` otherwise, seconds' fraction only when not zero.
    #[test]
    fn system_text_json_hosts_get_iso_8601_in_every_zone() {
        let stj = JsonStyle {
            dialect: JsonDialect::SystemTextJson,
            camel_case: true,
        };
        let write = |value: DateTime| stj.write(|| serde_json::to_string(&value)).unwrap();
        assert_eq!(write(DateTime::default()), r#""0001-01-01T00:00:00Z""#);
        assert_eq!(
            write(parse("/Date(978307200000)/")),
            r#""2001-01-01T00:00:00Z""#
        );
        assert_eq!(
            write(parse("/Date(978307200123-0000)/")),
            r#""2001-01-01T00:00:00.123""#
        );
        assert_eq!(
            write(parse("/Date(978307200000+0130)/")),
            r#""2001-01-01T01:30:00+01:30""#
        );
        // ServiceStack.Text keeps the form the value came in.
        let wcf = parse("/Date(978307200000+0130)/");
        assert_eq!(
            serde_json::to_string(&wcf).unwrap(),
            r#""/Date(978307200000+0130)/""#
        );
    }

    /// Found by the `wcf_date` fuzz target: the offset's seconds were read, then dropped
    /// when printing, so the value changed on a round trip.
    #[test]
    fn offsets_with_seconds_are_refused() {
        let error = "2001-02-03T04:05:06.132345+09:55:06.10"
            .parse::<DateTime>()
            .unwrap_err();
        assert!(
            error.to_string().contains("the offset has seconds"),
            "{error}"
        );
        let parsed: DateTime = "2001-02-03T04:05:06+09:55".parse().unwrap();
        assert_eq!(parsed.to_string().parse::<DateTime>().unwrap(), parsed);
    }
}
