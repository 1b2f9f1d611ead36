//! The WSDL / XML Schema front-end through the whole pipeline.
#![no_main]

mod generate;

libfuzzer_sys::fuzz_target!(|data: &[u8]| generate::generate(data, "input.wsdl"));
