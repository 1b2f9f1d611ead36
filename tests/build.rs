//! Decides which of these tests this machine can run (see `environment.rs`), and gives the
//! README's Rust examples to rustdoc as doctests (`src/lib.rs`), except the build-script
//! crate's files, which `generator/tests/readme.rs` builds as a crate of their own.

include!("environment.rs");

fn main() {
    probe("svcgen_missing_shared", "../../shared/fixtures");
    probe("svcgen_missing_node_soap", "interop/node_modules/soap");
    probe(
        "svcgen_missing_servicestack_client",
        "interop/node_modules/@servicestack/client",
    );
    readme_examples();
}

/// Writes `$OUT_DIR/readme-examples.md`: every `rust` block of the README whose first line
/// does not name a file of the build-script example (`// build.rs`, `// src/lib.rs`).
fn readme_examples() {
    println!("cargo::rerun-if-changed=../README.md");
    let readme = std::fs::read_to_string("../README.md").unwrap_or_default();
    let mut examples = String::new();
    let mut block: Option<Vec<&str>> = None;
    for line in readme.lines() {
        match &mut block {
            None if line.starts_with("```rust") => block = Some(vec![line]),
            None => {}
            Some(lines) if line == "```" => {
                lines.push(line);
                let names_a_file = lines.get(1).is_some_and(|first| {
                    first.starts_with("// build.rs") || first.starts_with("// src/")
                });
                if !names_a_file {
                    examples.push_str(&lines.join("\n"));
                    examples.push_str("\n\n");
                }
                block = None;
            }
            Some(lines) => lines.push(line),
        }
    }
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    let _ = std::fs::write(format!("{out}/readme-examples.md"), examples);
}
