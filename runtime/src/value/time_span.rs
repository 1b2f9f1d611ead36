//! .NET `TimeSpan` as an XSD duration (`PT1H`, `P1DT2H3M4.5S`, `-PT0.5S`), the form
//! ServiceStack.Text writes by default and `xs:duration` uses.

use std::fmt;
use std::str::FromStr;

use jiff::SignedDuration;

use super::{ParseError, serde_via_str};

/// A signed length of time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeSpan(pub SignedDuration);

impl TimeSpan {
    pub fn duration(&self) -> SignedDuration {
        self.0
    }
}

impl From<SignedDuration> for TimeSpan {
    fn from(duration: SignedDuration) -> Self {
        Self(duration)
    }
}

impl From<TimeSpan> for SignedDuration {
    fn from(value: TimeSpan) -> Self {
        value.0
    }
}

impl FromStr for TimeSpan {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason: &str| ParseError::new("duration", text, reason);
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest
            .strip_prefix('P')
            .ok_or_else(|| error("expected `P`"))?;
        let (days_part, time_part) = match rest.split_once('T') {
            Some((_, "")) => return Err(error("nothing after `T`")),
            Some((days, time)) => (days, time),
            None => (rest, ""),
        };
        if days_part.is_empty() && time_part.is_empty() {
            return Err(error("no components"));
        }
        let mut seconds: i64 = 0;
        let mut nanos: i32 = 0;
        if !days_part.is_empty() {
            let days = days_part
                .strip_suffix('D')
                .ok_or_else(|| error("only days may come before `T`"))?;
            seconds = whole(days)
                .and_then(|days| days.checked_mul(86_400))
                .ok_or_else(|| error("bad days"))?;
        }
        let mut rest = time_part;
        for (unit, factor) in [('H', 3_600), ('M', 60)] {
            if let Some((number, after)) = rest.split_once(unit) {
                let value = whole(number)
                    .and_then(|n| n.checked_mul(factor))
                    .ok_or_else(|| error("bad number"))?;
                seconds = seconds
                    .checked_add(value)
                    .ok_or_else(|| error("out of range"))?;
                rest = after;
            }
        }
        if let Some(number) = rest.strip_suffix('S') {
            let (whole_part, fraction) = number.split_once('.').unwrap_or((number, ""));
            let value = whole(whole_part).ok_or_else(|| error("bad seconds"))?;
            seconds = seconds
                .checked_add(value)
                .ok_or_else(|| error("out of range"))?;
            nanos = fraction_nanos(fraction).ok_or_else(|| error("bad fraction"))?;
        } else if !rest.is_empty() {
            return Err(error("unexpected text"));
        }
        let duration = SignedDuration::new(seconds, nanos);
        Ok(Self(if negative { -duration } else { duration }))
    }
}

fn whole(digits: &str) -> Option<i64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Up to nine fractional digits as nanoseconds (more are truncated, as .NET rounds to ticks).
fn fraction_nanos(digits: &str) -> Option<i32> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut nanos = 0;
    for position in 0..9 {
        let digit = digits
            .as_bytes()
            .get(position)
            .map_or(0, |b| i32::from(b - b'0'));
        nanos = nanos * 10 + digit;
    }
    Some(nanos)
}

/// ServiceStack's `TimeSpanConverter.ToXsdDuration`: days, then `T` and the non-zero
/// hours, minutes and seconds; zero is `PT0S`.
impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let duration = self.0;
        f.write_str(if duration.is_negative() { "-P" } else { "P" })?;
        let total = duration.as_secs().unsigned_abs();
        let nanos = duration.subsec_nanos().unsigned_abs();
        let (days, hours, minutes, seconds) = (
            total / 86_400,
            total / 3_600 % 24,
            total / 60 % 60,
            total % 60,
        );
        if days > 0 {
            write!(f, "{days}D")?;
        }
        if days > 0 && hours + minutes + seconds == 0 && nanos == 0 {
            return Ok(());
        }
        f.write_str("T")?;
        if hours > 0 {
            write!(f, "{hours}H")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}M")?;
        }
        if seconds > 0 || nanos > 0 {
            write!(f, "{seconds}")?;
            if nanos > 0 {
                let fraction = format!("{nanos:09}");
                write!(f, ".{}", fraction.trim_end_matches('0'))?;
            }
            f.write_str("S")?;
        } else if days == 0 && hours == 0 && minutes == 0 {
            f.write_str("0S")?;
        }
        Ok(())
    }
}

serde_via_str!(TimeSpan, "an XSD duration such as `PT1H`");

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> TimeSpan {
        text.parse().unwrap()
    }

    #[test]
    fn parses_and_writes_servicestack_durations() {
        for (text, seconds, nanos) in [
            ("PT1H", 3_600, 0),
            ("P1DT2H3M4.5S", 93_784, 500_000_000),
            ("PT0S", 0, 0),
            ("P1D", 86_400, 0),
            ("PT0.0000001S", 0, 100),
            ("P10675199DT2H48M5.4775807S", 922_337_203_685, 477_580_700),
        ] {
            let value = span(text);
            assert_eq!(value.0, SignedDuration::new(seconds, nanos), "{text}");
            assert_eq!(value.to_string(), text);
        }
    }

    #[test]
    fn negative_durations() {
        let value = span("-PT1M30S");
        assert_eq!(value.0, SignedDuration::new(-90, 0));
        assert_eq!(value.to_string(), "-PT1M30S");
    }

    #[test]
    fn non_canonical_input_is_read() {
        assert_eq!(span("PT90M").0, SignedDuration::from_secs(5_400));
        assert_eq!(span("PT90M").to_string(), "PT1H30M");
    }

    #[test]
    fn garbage_is_an_error() {
        for text in [
            "",
            "P",
            "PT",
            "1H",
            "PT1X",
            "P1Y",
            "PTH",
            "PT1.5H",
            "P99999999999999999999D",
            "P106751991167301D",
            "P1DT9223372036854775807S",
            "PT9223372036854775807H",
            "P1DT9223372036854775800S",
            "PT1.x S",
        ] {
            assert!(text.parse::<TimeSpan>().is_err(), "{text}");
        }
    }
}
