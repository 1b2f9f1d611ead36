//! The ServiceStack front-end (metadata JSON, and operation pages by content) through the
//! whole pipeline.
#![no_main]

mod generate;

libfuzzer_sys::fuzz_target!(|data: &[u8]| generate::generate(data, "input.json"));
