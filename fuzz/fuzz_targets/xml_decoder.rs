//! The runtime's XML reader, into generated types and raw XML, and back out: whatever it
//! accepts must write, and what it writes must read again.
#![no_main]

use svcgen_generated::twinfield::{AccessTokenLogonResponse, Header};
use svcgen_runtime::xml::{self, Name, RawXml};

const NS: &str = "http://www.twinfield.com/";

fn round_trip<T: xml::Value + PartialEq + std::fmt::Debug>(data: &[u8], root: Name) {
    let Ok(value) = xml::from_slice::<T>(data, root) else {
        return;
    };
    let text = xml::to_string(&value, root).expect("a decoded value writes");
    let again: T = xml::from_slice(text.as_bytes(), root).expect("written XML reads");
    assert_eq!(again, value, "{text}");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    round_trip::<AccessTokenLogonResponse>(data, Name::new(NS, "AccessTokenLogonResponse"));
    round_trip::<Header>(data, Name::new(NS, "Header"));
    let _ = xml::from_slice::<RawXml>(data, Name::new("", "any"));
});
