//! ServiceStack documents, real (`../shared/fixtures`, and the seed operation page) and our
//! own legacy-layout ones,
//! generated into one crate that must build without a warning, then exercised by the
//! round-trip tests in `fixtures/servicestack/round-trip/` run inside that crate.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::{add_wire_tests, cargo_in, shared_fixtures, text, warnings, workspace_root};

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn servicestack_documents_generate_crates_that_build_cleanly_and_round_trip() {
    let root = workspace_root();
    let own = root.join("generator/tests/fixtures/servicestack");
    let shared = shared_fixtures();
    let mut inputs: Vec<PathBuf> = vec![
        own.join("digioffice-projects.v5.json"),
        own.join("naming.v6.json"),
        own.join("servicestack-tests.v5.json"),
        own.join("dialects.v8.json"),
        root.join("schemas/digioffice/digioffice.types-metadata.json"),
    ];
    let mut round_trips = vec![
        "digioffice_projects.rs",
        "client_wire.rs",
        "dialects_wire.rs",
    ];
    let mut must_pass = vec![
        "projects_round_trip",
        "projects_decode_value_by_value",
        "generic_query_response_round_trips",
        "projects_round_trip_in_datacontract_xml",
        "delete_fills_the_route_variable_and_reads_an_empty_answer",
        "get_puts_the_other_members_in_the_query_string",
        "post_sends_the_dto_as_json_and_reads_a_bare_array",
        "without_a_fitting_route_the_predefined_route_is_used",
        "a_system_text_json_host_gets_its_forms_and_both_forms_read_back",
        "the_client_can_write_servicestack_text_instead",
        "text_bytes_and_void_answers",
        "a_redeclared_property_is_one_member_on_the_wire",
        "an_upload_sends_the_members_and_the_file_in_its_field",
        "an_enum_without_members_keeps_what_it_receives",
        "enums_print_and_parse_as_their_wire_text",
    ];
    let real = shared.join("servicestack/real");
    inputs.push(real.join("metadata/blazor-gallery.app-metadata.v6.61.servicestack-text.json"));
    inputs.push(real.join("derived/json/blazor-gallery.metadata-types.v6.61.api.json"));
    inputs.push(shared.join("../seeds/digioffice-ConvertSessionToToken.metadata-page.txt"));
    round_trips.extend([
        "blazor_gallery.rs",
        "servicestack_tests.rs",
        "blazor_wire.rs",
    ]);
    must_pass.extend([
        "all_types_round_trip",
        "all_types_decode_value_by_value",
        "a_real_error_body_round_trips",
        "movie_response_round_trips",
        "custom_route_round_trips",
        "reverse_request_round_trips",
        "autoquery_get_with_a_path_variable_and_query_members",
        "autoquery_get_without_the_variable_uses_the_plain_route",
        "post_creates_and_patch_updates_with_the_dto_as_body",
        "a_void_delete",
        "put_replaces_with_the_dto_as_body",
        "routes_for_all_verbs_and_the_predefined_route",
    ]);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("servicestack-real");
    let mut command = Command::new(env!("CARGO_BIN_EXE_svcgen"));
    command.current_dir(&root).args([
        "generate",
        "--name",
        "servicestack-real",
        "--runtime-path",
        "runtime",
        "--out",
    ]);
    command.arg(&out).args(&inputs);
    let generate = command.output().unwrap();
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    for module in ["digioffice_projects", "digioffice", "dialects"] {
        assert!(lib.contains(&format!("pub mod {module};")), "{lib}");
    }

    // The wire tests need an async runtime and a local server; the workspace's lock file
    // pins both.
    let tests: Vec<PathBuf> = round_trips
        .iter()
        .map(|file| own.join("round-trip").join(file))
        .collect();
    add_wire_tests(&out, &tests);
    let shared_dir = shared;
    let test = cargo_in(
        &out,
        &["test", "--features", "blocking,multipart,mock"],
        &[
            ("SVCGEN_TEST_FIXTURES", own.as_path()),
            ("SVCGEN_SHARED_FIXTURES", shared_dir.as_path()),
        ],
    );
    let stderr = text(&test.stderr);
    assert!(
        test.status.success(),
        "tests in the generated crate failed:\n{}\n{stderr}",
        text(&test.stdout)
    );
    assert_eq!(
        warnings(&stderr),
        Vec::<&str>::new(),
        "the generated crate builds without warnings"
    );
    let stdout = text(&test.stdout);
    for name in must_pass {
        assert!(
            stdout.contains(&format!("test {name} ... ok")),
            "{name} did not pass:\n{stdout}"
        );
    }
}
