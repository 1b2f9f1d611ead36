// The services of schemas/svcgen.toml, into OUT_DIR; Twinfield's LogonResult swapped for
// this crate's own type, `Eq` on every Twinfield type, and the mocks.
fn main() {
    svcgen::Builder::from_config("../../schemas/svcgen.toml")
        .replace_type("twinfield", "LogonResult", "crate::LogonOutcome")
        .derive("twinfield", "Eq")
        .mock()
        .run();
}
