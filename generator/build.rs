//! Decides which integration tests this machine can run (see `tests/environment.rs`).
//! Left out of the published package: it only concerns this repository's tests.

include!("../tests/environment.rs");

fn main() {
    probe("svcgen_missing_shared", "../../shared/fixtures");
    probe(
        "svcgen_missing_node_soap",
        "../tests/interop/node_modules/soap",
    );
    probe("svcgen_missing_pyspnego", "../tests/interop/python/spnego");
    probe(
        "svcgen_missing_servicestack_client",
        "../tests/interop/node_modules/@servicestack/client",
    );
}
