//! The clients the decoding and client benchmarks use, generated from the shared fixtures:
//! Twinfield's finder WSDL and the ServiceStack gallery's v6.61 metadata (its `QueryTracks`
//! operation). Without `../shared` (a user's clone) those benchmarks are left out with a
//! notice; CI always has it, so there a missing one is an error.

use std::path::Path;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(svcgen_bench_fixtures)");
    println!("cargo:rerun-if-changed=build.rs");
    let shared = Path::new("../../shared/fixtures");
    if !shared.is_dir() {
        if std::env::var("CI").as_deref() == Ok("true") {
            eprintln!(
                "error: {} is missing, and CI must have it",
                shared.display()
            );
            std::process::exit(1);
        }
        println!(
            "cargo:warning=notice: {} not found; the decoding and client benchmarks are left out",
            shared.display()
        );
        return;
    }
    println!("cargo:rustc-cfg=svcgen_bench_fixtures");
    svcgen::Builder::new()
        .service(
            "finder",
            [shared.join("wsdl/real/twinfield/accounting-finder.wsdl")],
        )
        .service(
            "gallery",
            [shared.join("servicestack/real/metadata/blazor-gallery.app-metadata.v6.61.servicestack-text.json")],
        )
        .options("gallery", |options| {
            options.operations = vec!["QueryTracks".to_owned()];
        })
        // The gallery's duplicate names and untyped members are known and outside QueryTracks.
        .quiet()
        .run();
}
