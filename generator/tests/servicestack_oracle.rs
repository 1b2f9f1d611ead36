//! ServiceStack's own TypeScript client (`@servicestack/client`, installed by
//! `npm ci --prefix tests/interop`) as an independent oracle: every operation of the real
//! v6.61 gallery document is sent once by the generated Rust client and once by
//! `JsonServiceClient`, with the same request values, to one recording server on
//! 127.0.0.1, and the requests are compared there (`round-trip/servicestack_oracle.rs`).
//! Then both clients call the crate's generated mock, which must answer them all and read
//! each request as the DTO that was sent (`round-trip/servicestack_mock.rs`).
//!
//! This file makes the inputs: a sample value for every request member the metadata
//! declares (`calls.json`, read by both clients) and the list of request types in the same
//! order (`oracle/calls.rs`, included by the in-crate test).

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::process::Command;

use serde_json::{Map, Value, json};
use support::{add_wire_tests, cargo_in, shared_fixtures, text, workspace_root};

#[test]
#[cfg_attr(
    any(svcgen_missing_shared, svcgen_missing_servicestack_client),
    ignore = "needs ../shared/fixtures and @servicestack/client (npm ci --prefix tests/interop)"
)]
fn the_generated_client_sends_what_servicestacks_typescript_client_sends() {
    let root = workspace_root();
    let metadata_file = shared_fixtures().join(
        "servicestack/real/metadata/blazor-gallery.app-metadata.v6.61.servicestack-text.json",
    );
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string(&metadata_file).unwrap()).unwrap();
    let api = &document["api"];
    let calls = calls(api);
    assert!(
        calls.len() > 100,
        "every operation of the gallery: {}",
        calls.len()
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("servicestack-oracle");
    let generate = Command::new(env!("CARGO_BIN_EXE_svcgen"))
        .current_dir(&root)
        .args([
            "generate",
            "--name",
            "servicestack-oracle",
            "--runtime-path",
            "runtime",
            "--out",
        ])
        .arg(&out)
        .arg(&metadata_file)
        .output()
        .unwrap();
    assert!(generate.status.success(), "{}", text(&generate.stderr));

    let round_trip = root.join("generator/tests/fixtures/servicestack/round-trip");
    add_wire_tests(
        &out,
        &[
            round_trip.join("servicestack_oracle.rs"),
            round_trip.join("servicestack_mock.rs"),
        ],
    );
    std::fs::create_dir_all(out.join("tests/oracle")).unwrap();
    std::fs::copy(
        round_trip.join("oracle/typescript.rs"),
        out.join("tests/oracle/typescript.rs"),
    )
    .unwrap();
    let types: Vec<String> = calls
        .iter()
        .map(|call| format!("    {},\n", call["name"].as_str().unwrap()))
        .collect();
    std::fs::write(
        out.join("tests/oracle/calls.rs"),
        format!("request_types! {{\n{}}}\n", types.concat()),
    )
    .unwrap();
    let calls_file = dir.path().join("calls.json");
    std::fs::write(&calls_file, Value::Array(calls).to_string()).unwrap();

    let test = cargo_in(
        &out,
        &[
            "test",
            "--features",
            "mock",
            "--test",
            "servicestack_oracle",
            "--test",
            "servicestack_mock",
        ],
        &[
            ("SVCGEN_ORACLE_CALLS", calls_file.as_path()),
            ("SVCGEN_INTEROP", root.join("tests/interop").as_path()),
        ],
    );
    assert!(
        test.status.success(),
        "the two clients disagree:\n{}\n{}",
        text(&test.stdout),
        text(&test.stderr)
    );
    for test_name in [
        "both_clients_send_the_same_requests",
        "both_clients_call_the_generated_mock_and_it_reads_what_they_send",
    ] {
        assert!(
            text(&test.stdout).contains(&format!("test {test_name} ... ok")),
            "{}",
            text(&test.stdout)
        );
    }
}

/// One call per operation: `{kind, name, method, dto, bearerToken}` in the node script's
/// format (`tests/interop/servicestack-client.mjs`).
fn calls(api: &Value) -> Vec<Value> {
    let types = declared(api);
    let mut calls = Vec::new();
    for operation in api["operations"].as_array().unwrap() {
        let request = &operation["request"];
        let mut dto = Map::new();
        sample_members(request, &types, &mut dto);
        let void = operation["returnsVoid"].as_bool() == Some(true);
        calls.push(json!({
            "kind": if void { "apiVoid" } else { "api" },
            "name": request["name"],
            "method": operation["method"].as_str().unwrap_or("POST"),
            "dto": dto,
            "bearerToken": "oracle-token",
        }));
    }
    calls
}

/// The document's own types, by name.
fn declared(api: &Value) -> Map<String, Value> {
    let mut types = Map::new();
    for ty in api["types"].as_array().unwrap() {
        types.insert(ty["name"].as_str().unwrap().to_owned(), ty.clone());
    }
    types
}

/// A sample for every member the metadata declares on `ty` and its declared bases, keyed
/// as the TypeScript DTOs of a camelCase host name them. Members of object and map types
/// are left out: the TypeScript client cannot put them in a query string (it writes
/// `[object Object]`), and the round-trip tests cover their JSON.
fn sample_members(ty: &Value, types: &Map<String, Value>, dto: &mut Map<String, Value>) {
    if let Some(base) = ty["inherits"]["name"]
        .as_str()
        .and_then(|name| types.get(name))
    {
        sample_members(base, types, dto);
    }
    for property in ty["properties"].as_array().into_iter().flatten() {
        let name = property["name"].as_str().unwrap();
        if let Some(value) = sample(property, types) {
            dto.insert(camel(name), value);
        }
    }
}

fn camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn sample(property: &Value, types: &Map<String, Value>) -> Option<Value> {
    let type_name = property["type"].as_str()?;
    let args: Vec<&str> = property["genericArgs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match (type_name, args.as_slice()) {
        ("Nullable`1", [inner]) => scalar(inner, types),
        ("List`1", [item]) => scalar(item, types).map(|item| json!([item])),
        (array, []) if array.ends_with("[]") => {
            let item = array.trim_end_matches("[]");
            if item == "Byte" {
                return Some(json!("AQI="));
            }
            scalar(item, types).map(|item| json!([item]))
        }
        (name, []) => scalar(name, types),
        _ => None,
    }
}

fn scalar(type_name: &str, types: &Map<String, Value>) -> Option<Value> {
    Some(match type_name {
        "String" => json!("text"),
        "Boolean" => json!(true),
        "Int16" | "Int32" | "Int64" | "UInt16" | "UInt32" | "UInt64" | "Byte" | "SByte" => {
            json!(7)
        }
        "Single" | "Double" | "Decimal" => json!(1.5),
        "DateTime" => json!("2024-03-01T10:20:30Z"),
        "DateTimeOffset" => json!("2024-03-01T10:20:30+02:00"),
        "DateOnly" => json!("2024-03-01"),
        "TimeSpan" => json!("PT1H30M"),
        "Guid" => json!("0b4c2a52-3f9e-4e8a-9d0a-5f6f2b3c4d5e"),
        "Char" => json!("c"),
        enumeration => {
            let ty = types.get(enumeration)?;
            if ty["isEnum"].as_bool() != Some(true) {
                return None;
            }
            let first = ty["enumNames"].get(0)?.clone();
            match ty["enumValues"].get(0) {
                Some(value) if ty["isEnumInt"].as_bool() == Some(true) => {
                    json!(value.as_str()?.parse::<i64>().ok()?)
                }
                _ => first,
            }
        }
    })
}
