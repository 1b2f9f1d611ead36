//! What a generated client adds to a call, against a local keep-alive HTTP server: the
//! gallery's `query_tracks` (build the route and query string, send, check, decode) beside
//! a raw reqwest GET of the same URL that only reads the body, and one that also decodes
//! it into plain serde structs.

#[cfg(svcgen_bench_fixtures)]
mod with_fixtures {
    use std::hint::black_box;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use criterion::Criterion;
    use svcgen_bench::{baseline, gallery, payloads};
    use svcgen_runtime::servicestack;

    /// Answers every request on every connection with `body`, keeping connections open.
    fn serve(body: String) -> Option<String> {
        let listener = TcpListener::bind("127.0.0.1:0").ok()?;
        let base = format!("http://{}", listener.local_addr().ok()?);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let body = body.clone();
                std::thread::spawn(move || {
                    let Ok(mut writer) = stream.try_clone() else {
                        return;
                    };
                    let mut reader = BufReader::new(stream);
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    loop {
                        let mut line = String::new();
                        // The head ends with an empty line; GETs have no body.
                        loop {
                            line.clear();
                            match reader.read_line(&mut line) {
                                Ok(0) | Err(_) => return,
                                Ok(_) if line == "\r\n" => break,
                                Ok(_) => {}
                            }
                        }
                        if writer.write_all(answer.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Some(base)
    }

    pub fn overhead(c: &mut Criterion) {
        let Some(base) = serve(payloads::query_tracks(1)) else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let Ok(http) = svcgen_runtime::tls::client_builder().map(|builder| builder.build()) else {
            return;
        };
        let Ok(http) = http else {
            return;
        };
        let Ok(client) = servicestack::Client::with_http_client(http.clone(), &base) else {
            return;
        };
        let client = gallery::Client::new(client);
        let request = gallery::QueryTracks {
            take: Some(1),
            ..Default::default()
        };
        let url = format!("{base}/api/QueryTracks?take=1");
        let mut group = c.benchmark_group("client-call");
        group.bench_function("svcgen-query-tracks", |b| {
            b.iter(|| black_box(runtime.block_on(client.query_tracks(&request))))
        });
        group.bench_function("raw-reqwest-get", |b| {
            b.iter(|| {
                black_box(runtime.block_on(async {
                    let response = http.get(&url).send().await?;
                    response.bytes().await
                }))
            })
        });
        // What a hand-written client would do at least: the same GET, then decode.
        group.bench_function("raw-reqwest-get-decode", |b| {
            b.iter(|| {
                black_box(runtime.block_on(async {
                    let response = http.get(&url).send().await.ok()?;
                    let bytes = response.bytes().await.ok()?;
                    serde_json::from_slice::<baseline::QueryResponse<baseline::Tracks>>(&bytes).ok()
                }))
            })
        });
        group.finish();
    }
}

#[cfg(svcgen_bench_fixtures)]
criterion::criterion_group!(benches, with_fixtures::overhead);
#[cfg(svcgen_bench_fixtures)]
criterion::criterion_main!(benches);

#[cfg(not(svcgen_bench_fixtures))]
fn main() {
    eprintln!("notice: ../shared/fixtures not found; no client benchmarks");
}
