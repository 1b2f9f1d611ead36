//! Decoding and encoding large answers with the generated types, beside baselines over the
//! same bytes: Twinfield's finder `SearchResponse` with 10,000 rows (XML; baseline: a bare
//! quick-xml event loop) and a ServiceStack `QueryResponse<Tracks>` with 10,000 results
//! (JSON; baseline: plain serde derive).

#[cfg(svcgen_bench_fixtures)]
mod with_fixtures {
    use std::hint::black_box;

    use criterion::{Criterion, Throughput};
    use svcgen_bench::{baseline, finder, gallery, payloads, shared_fixtures};
    use svcgen_runtime::xml;

    pub const ROWS: usize = 10_000;

    fn finder_bytes() -> Option<String> {
        let path =
            shared_fixtures()?.join("wsdl/real/twinfield/messages/finder-SearchResponse-ivt.xml");
        let envelope = std::fs::read_to_string(path).ok()?;
        payloads::finder_search_response(&envelope, ROWS)
    }

    const SEARCH_RESPONSE: xml::Name =
        xml::Name::new("http://www.twinfield.com/", "SearchResponse");

    pub fn xml(c: &mut Criterion) {
        let Some(text) = finder_bytes() else {
            eprintln!("notice: the finder answer is missing from the shared fixtures");
            return;
        };
        let bytes = text.as_bytes();
        let decoded: finder::SearchResponse = match xml::from_slice(bytes, SEARCH_RESPONSE) {
            Ok(decoded) => decoded,
            Err(error) => {
                eprintln!("notice: the finder answer does not decode: {error}");
                return;
            }
        };
        let mut group = c.benchmark_group("xml-finder-10000-rows");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("decode-svcgen", |b| {
            b.iter(|| {
                black_box(xml::from_slice::<finder::SearchResponse>(
                    bytes,
                    SEARCH_RESPONSE,
                ))
            })
        });
        group.bench_function("decode-baseline-event-loop", |b| {
            b.iter(|| black_box(baseline::xml_event_loop(bytes)))
        });
        group.bench_function("encode-svcgen", |b| {
            b.iter(|| black_box(xml::to_string(&decoded, SEARCH_RESPONSE)))
        });
        group.finish();
    }

    pub fn json(c: &mut Criterion) {
        let text = payloads::query_tracks(ROWS);
        type Ours = gallery::QueryResponse<gallery::Tracks>;
        type Plain = baseline::QueryResponse<baseline::Tracks>;
        let (Ok(ours), Ok(plain)) = (
            serde_json::from_str::<Ours>(&text),
            serde_json::from_str::<Plain>(&text),
        ) else {
            eprintln!("notice: the QueryResponse payload does not decode");
            return;
        };
        let mut group = c.benchmark_group("json-query-tracks-10000");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("decode-svcgen", |b| {
            b.iter(|| black_box(serde_json::from_str::<Ours>(&text)))
        });
        group.bench_function("decode-baseline-serde", |b| {
            b.iter(|| black_box(serde_json::from_str::<Plain>(&text)))
        });
        group.bench_function("encode-svcgen", |b| {
            b.iter(|| black_box(serde_json::to_string(&ours)))
        });
        group.bench_function("encode-baseline-serde", |b| {
            b.iter(|| black_box(serde_json::to_string(&plain)))
        });
        group.finish();
    }
}

#[cfg(svcgen_bench_fixtures)]
criterion::criterion_group!(benches, with_fixtures::xml, with_fixtures::json);
#[cfg(svcgen_bench_fixtures)]
criterion::criterion_main!(benches);

#[cfg(not(svcgen_bench_fixtures))]
fn main() {
    eprintln!("notice: ../shared/fixtures not found; no codec benchmarks");
}
