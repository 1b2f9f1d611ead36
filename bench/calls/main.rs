//! N calls through the generated client against a raw local keep-alive server: what
//! `measure.sh` runs under callgrind to count the instructions one call costs, at two
//! revisions. `post`: DigiOffice's ConvertSessionToToken (a body); `get`: a GET whose route
//! takes one member and whose query string the others (a request type written as the
//! generator writes them). Not a workspace member.
mod server;
use server::serve;
use svcgen_runtime::servicestack::{self, Method, Request, Route};

#[derive(serde::Serialize)]
struct GetBooking {
    #[serde(rename = "Id")]
    id: i32,
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Count")]
    count: i32,
}

impl Request for GetBooking {
    type Response = svcgen_generated::digioffice::ConvertSessionToTokenResponse;
    const OPERATION: &'static str = "GetBooking";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route { path: "/bookings/{Id}", methods: &[Method::Get] }];
}

fn main() {
    let mut args = std::env::args().skip(1);
    let calls: usize = args.next().unwrap().parse().unwrap();
    let get = args.next().as_deref() == Some("get");
    let base = serve();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let runtime_client = servicestack::Client::new(&format!("{base}/api")).unwrap();
    let client = svcgen_generated::digioffice::Client::new(runtime_client.clone());
    runtime.block_on(async {
        for _ in 0..calls {
            if get {
                let request = GetBooking { id: 7, name: "x".to_owned(), count: 3 };
                let answer = runtime_client.send(&request).await.unwrap();
                std::hint::black_box(answer);
            } else {
                let answer = client.convert_session_to_token(&Default::default()).await.unwrap();
                std::hint::black_box(answer);
            }
        }
    });
}
