//! N raw reqwest POSTs of the same ConvertSessionToToken body to the same kind of local
//! keep-alive server as `main.rs`, reading the answer as bytes or decoding it with plain serde
//! derive: the baselines `measure.sh` puts beside the generated client. Not a workspace member.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let body = r#"{"AccessToken":"jwt","Meta":{}}"#;
                let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len());
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) { Ok(0) | Err(_) => return, _ => {} }
                        if line == "\r\n" { break; }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") { length = v.trim().parse().unwrap(); }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    if writer.write_all(answer.as_bytes()).is_err() { return; }
                }
            });
        }
    });
    base
}

#[derive(serde::Serialize, Default)]
#[serde(rename_all = "PascalCase")]
struct Request {
    session_id: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Answer {
    access_token: Option<String>,
    meta: Option<std::collections::BTreeMap<String, String>>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let calls: usize = args.next().unwrap().parse().unwrap();
    let decode = args.next().as_deref() == Some("decode");
    let base = serve();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let http = reqwest::Client::builder().build().unwrap();
    let url = format!("{base}/api/json/reply/ConvertSessionToToken");
    runtime.block_on(async {
        for _ in 0..calls {
            let body = serde_json::to_vec(&Request::default()).unwrap();
            let response = http
                .post(&url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let bytes = response.bytes().await.unwrap();
            if decode {
                let answer: Answer = serde_json::from_slice(&bytes).unwrap();
                std::hint::black_box(answer);
            } else {
                std::hint::black_box(bytes);
            }
        }
    });
}
