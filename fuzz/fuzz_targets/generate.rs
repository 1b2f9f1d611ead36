//! What the two front-end targets share: write the input to a file of its own (the
//! generator reads files, as users give them) and run the whole pipeline on it. Any
//! outcome but a panic is fine; errors are the point.

use std::path::PathBuf;

pub fn generate(data: &[u8], file_name: &str) {
    let dir = std::env::temp_dir().join(format!("svcgen-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path: PathBuf = dir.join(file_name);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let spec = svcgen::CrateSpec {
        name: "fuzzed".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec::new("fuzzed", vec![path])],
    };
    let _ = svcgen::generate(&spec);
}
