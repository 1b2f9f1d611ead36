// What the test suites of this workspace can use on this machine, decided when they are
// compiled: a test that needs something missing is `#[ignore]`d with the reason, so
// `cargo test` lists it as ignored instead of passing it unrun. Under `CI=true` nothing is
// ignored (CI always has everything), so a missing piece fails there.
//
// Shared by the build scripts of `svcgen` and `svcgen-tests` with `include!`; the build
// script calls `probe` once per cfg.

/// Sets `cfg(name)` when `path` (relative to the package) is missing and this is not CI.
fn probe(name: &str, path: &str) {
    println!("cargo::rustc-check-cfg=cfg({name})");
    println!("cargo::rerun-if-changed={path}");
    println!("cargo::rerun-if-env-changed=CI");
    let in_ci = std::env::var("CI").as_deref() == Ok("true");
    if !in_ci && !std::path::Path::new(path).exists() {
        println!("cargo::rustc-cfg={name}");
    }
}
