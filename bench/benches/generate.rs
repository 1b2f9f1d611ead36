//! Generation, end to end in memory (read, lower, plan, emit, format) per input: real
//! contracts from the shared fixtures and the checkout, and synthetic WSDLs of 100, 1,000
//! and 10,000 types to show how the cost grows.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use svcgen::RuntimeDependency;
use svcgen_bench::inputs;

fn generation(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let Ok(inputs) = inputs::generation(dir.path()) else {
        return;
    };
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for input in inputs {
        let spec = input.spec(RuntimeDependency::default());
        if let Err(error) = svcgen::generate(&spec) {
            eprintln!("notice: {} does not generate: {error}", input.name);
            continue;
        }
        group.bench_function(&input.name, |b| {
            b.iter(|| black_box(svcgen::generate(&spec)))
        });
    }
    group.finish();
}

criterion_group!(benches, generation);
criterion_main!(benches);
