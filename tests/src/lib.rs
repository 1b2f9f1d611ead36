//! Workspace-level integration tests live in `tests/`; this library only holds what
//! several of them share.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use svcgen_generated::digioffice::ConvertSessionToTokenResponse;
use svcgen_runtime::{Secret, servicestack};

/// `../shared/fixtures` beside the checkout. CI always has it, so a missing one fails
/// there; elsewhere the caller skips with a printed notice, so a clone without it passes.
pub fn shared_fixtures() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing, and CI must have it",
        path.display()
    );
    eprintln!(
        "notice: {} not found; skipping the parts that need it",
        path.display()
    );
    None
}

/// The seed page's sample `ConvertSessionToTokenResponse`: every member filled with the
/// placeholder `String`, as in the page's XML (and its JSON translation in `fixtures/`).
pub fn seed_response() -> ConvertSessionToTokenResponse {
    let strings = || Some(BTreeMap::from([("String".to_owned(), "String".to_owned())]));
    ConvertSessionToTokenResponse {
        meta: strings(),
        access_token: Some(Secret::new("String")),
        response_status: Some(servicestack::ResponseStatus {
            error_code: Some("String".to_owned()),
            message: Some("String".to_owned()),
            stack_trace: Some("String".to_owned()),
            errors: Some(vec![servicestack::ResponseError {
                error_code: Some("String".to_owned()),
                field_name: Some("String".to_owned()),
                message: Some("String".to_owned()),
                meta: strings(),
            }]),
            meta: strings(),
        }),
    }
}
