//! The SOAP answer reader (envelope, headers, body, SOAP 1.1 and 1.2 faults) as a client
//! sees an answer, for every status class.
#![no_main]

use svcgen_generated::twinfield::{AccessTokenLogonResponse, Headers, operations};
use svcgen_runtime::soap::{self, Answer};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for status in [200, 500] {
        let answer = Answer {
            status,
            content_type: Some("text/xml; charset=utf-8".to_owned()),
            retry_after: None,
        };
        let result = soap::decode::<AccessTokenLogonResponse, Headers>(
            &operations::ACCESS_TOKEN_LOGON,
            answer,
            data,
        );
        if let Err(error) = result {
            // Errors render, and a fault's detail reads as raw XML.
            let _ = error.to_string();
            if let Some(fault) = error.fault() {
                let _ = fault.detail::<svcgen_runtime::xml::RawXml>(svcgen_runtime::xml::Name::new("", "x"));
            }
        }
    }
});
