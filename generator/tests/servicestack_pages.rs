//! Operation pages merged with the same host's metadata: pages add the operations
//! `/types/metadata` leaves out and the authentication it cannot express.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{module_source, own_fixture as fixture};

#[test]
fn pages_add_missing_operations_and_authentication() {
    let source = module_source(
        vec![
            fixture("digioffice-projects.v5.json"),
            fixture("pages/GetProjects.json-metadata.html"),
            fixture("pages/GetAccessToken.json-metadata.html"),
        ],
        Some("https://doapigw.baasbv.nl/api/"),
    );
    let get_projects = source.split("pub async fn get_projects").next().unwrap();
    let docs = get_projects.rsplit("pub async fn").next().unwrap();
    assert!(
        docs.contains("/// Lists the projects the user may see."),
        "{docs}"
    );
    assert!(docs.contains("/// Requires authentication."), "{docs}");

    assert!(
        source.contains("pub async fn get_access_token("),
        "{source}"
    );
    assert!(
        source.contains("pub struct GetAccessTokenResponse {"),
        "{source}"
    );
    let impl_block = source
        .split("impl servicestack::Request for GetAccessToken {")
        .nth(1)
        .unwrap();
    assert!(
        impl_block.contains("path: \"/access-token\""),
        "{impl_block}"
    );
    assert!(
        impl_block.contains("servicestack::Method::Post"),
        "the built-in IPost marker: {impl_block}"
    );
    // The metadata's own operation keeps its metadata shape (one struct, not two).
    assert_eq!(source.matches("pub struct GetProjects {").count(), 1);
}

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn the_seed_page_alone_describes_convert_session_to_token() {
    let shared = support::shared_fixtures();
    let seed = shared.join("../seeds/digioffice-ConvertSessionToToken.metadata-page.txt");
    let source = module_source(vec![seed], None);
    assert!(source.contains("pub preserve_session: bool,"), "{source}");
    assert!(
        source.contains("pub meta: Option<BTreeMap<String, String>>,"),
        "{source}"
    );
    assert!(
        source.contains("pub access_token: Option<::svcgen_runtime::Secret>,"),
        "{source}"
    );
    assert!(
        source.contains("pub response_status: Option<ResponseStatus>,"),
        "{source}"
    );
    assert!(source.contains("/// Requires authentication."), "{source}");
    assert!(
        source.contains("path: \"/session-to-token\""),
        "the /api handler prefix is stripped: {source}"
    );
    assert!(
        source.contains("const METHOD: servicestack::Method = servicestack::Method::Post;"),
        "{source}"
    );
}
