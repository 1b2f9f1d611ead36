//! The .NET date and time formats: WCF JSON dates (`/Date(ms+hhmm)/`), ISO 8601 as
//! DataContract and ServiceStack write it, offsets, time spans. What parses must print
//! and parse again to the same value.
#![no_main]

use svcgen_runtime::value::{DateTime, DateTimeOffset, TimeSpan};

fn round_trip<T: std::str::FromStr + ToString + PartialEq + std::fmt::Debug>(text: &str) {
    let Ok(value) = text.parse::<T>() else {
        return;
    };
    let printed = value.to_string();
    let again = printed.parse::<T>().ok();
    assert_eq!(again.as_ref(), Some(&value), "{text:?} printed as {printed:?}");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    round_trip::<DateTime>(text);
    round_trip::<DateTimeOffset>(text);
    round_trip::<TimeSpan>(text);
    // The JSON forms go through serde, as in a ServiceStack answer.
    let quoted = serde_json::to_string(text).unwrap_or_default();
    let _ = serde_json::from_str::<DateTime>(&quoted);
    let _ = serde_json::from_str::<DateTimeOffset>(&quoted);
    let _ = serde_json::from_str::<TimeSpan>(&quoted);
});
