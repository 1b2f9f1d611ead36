//! Decodes the 10,000-row finder answer `N` times, with the generated types (`svcgen`) or
//! the bare quick-xml event loop (`baseline`), for counting instructions, which repeat
//! exactly where wall-clock time on a shared machine does not:
//!
//! ```text
//! cargo build --release -p svcgen-bench --example xml_decode
//! valgrind --tool=callgrind target/release/examples/xml_decode svcgen 0   # the setup
//! valgrind --tool=callgrind target/release/examples/xml_decode svcgen 5
//! ```
//!
//! (instructions at 5 − at 0) / 5 is one decode; the same for `baseline`.

use std::hint::black_box;
use std::process::ExitCode;

use svcgen_bench::{baseline, finder, payloads, shared_fixtures};
use svcgen_runtime::xml;

const SEARCH_RESPONSE: xml::Name = xml::Name::new("http://www.twinfield.com/", "SearchResponse");

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(which), Some(times)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!("usage: xml_decode svcgen|baseline TIMES");
        return ExitCode::FAILURE;
    };
    let Some(text) = shared_fixtures()
        .map(|root| root.join("wsdl/real/twinfield/messages/finder-SearchResponse-ivt.xml"))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|envelope| payloads::finder_search_response(&envelope, 10_000))
    else {
        eprintln!("the finder answer is missing from the shared fixtures");
        return ExitCode::FAILURE;
    };
    let bytes = text.as_bytes();
    for _ in 0..times {
        match which.as_str() {
            "svcgen" => {
                let decoded = xml::from_slice::<finder::SearchResponse>(bytes, SEARCH_RESPONSE);
                if let Err(error) = black_box(decoded) {
                    eprintln!("{error}");
                    return ExitCode::FAILURE;
                }
            }
            _ => {
                black_box(baseline::xml_event_loop(bytes));
            }
        }
    }
    ExitCode::SUCCESS
}
