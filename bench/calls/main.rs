//! N calls of DigiOffice's ConvertSessionToToken through the generated client against a
//! raw local keep-alive server: what `measure.sh` runs under callgrind to count the
//! instructions one call costs, at two revisions. Not a workspace member.
mod server;
use server::serve;

fn main() {
    let calls: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let base = serve();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = svcgen_generated::digioffice::Client::new(svcgen_runtime::servicestack::Client::new(&format!("{base}/api")).unwrap());
    runtime.block_on(async {
        for _ in 0..calls {
            let answer = client.convert_session_to_token(&Default::default()).await.unwrap();
            std::hint::black_box(answer);
        }
    });
}
