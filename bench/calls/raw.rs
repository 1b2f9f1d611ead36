//! N raw reqwest calls to the same kind of local keep-alive server as `main.rs`: POSTs of
//! the same ConvertSessionToToken body, or GETs of the URL `main.rs`'s GET builds, reading
//! the answer as bytes or decoding it with plain serde derive: the baselines `measure.sh`
//! puts beside the generated client. Not a workspace member.
mod server;
use server::serve;

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
    let get = args.next().as_deref() == Some("get");
    let base = serve();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let http = reqwest::Client::builder().build().unwrap();
    let url = format!("{base}/api/json/reply/ConvertSessionToToken");
    let get_url = format!("{base}/api/bookings/7?Name=x&Count=3");
    runtime.block_on(async {
        for _ in 0..calls {
            let request = if get {
                http.get(&get_url).header("Accept", "application/json")
            } else {
                let body = serde_json::to_vec(&Request::default()).unwrap();
                http.post(&url)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .body(body)
            };
            let response = request.send().await.unwrap();
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
