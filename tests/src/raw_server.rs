//! A one-purpose HTTP/1.1 server on 127.0.0.1 that answers with whatever bytes a test
//! wants, however wrong: what wiremock cannot do (endless or stalled bodies, lying
//! headers, raw invalid bytes). Every connection is handled by `answer`.

use std::future::Future;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server read it: the head as text, then the body.
#[derive(Debug)]
pub struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (case-insensitive), if the request had it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then_some(value.trim())
        })
    }
}

/// Starts the server; returns its `http://127.0.0.1:port` base URL. `answer` gets each
/// connection after its first request was read, and writes what it likes.
pub async fn serve<F, Fut>(answer: F) -> String
where
    F: Fn(Received, TcpStream) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                if let Some(received) = read_request(&mut stream).await {
                    answer(received, stream).await;
                }
            });
        }
    });
    base
}

/// Reads one request: the head up to the empty line, then `Content-Length` bytes.
pub async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut received = Received {
        head,
        body: buffer[head_end..].to_vec(),
    };
    let length: usize = received
        .header("content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    while received.body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        received.body.extend_from_slice(&chunk[..read]);
    }
    Some(received)
}

/// Writes `head` (status line and headers, without the empty line) and `body`.
pub async fn respond(stream: &mut TcpStream, head: &str, body: &[u8]) {
    let message = format!("{head}\r\nContent-Length: {}\r\n\r\n", body.len());
    if stream.write_all(message.as_bytes()).await.is_ok() {
        let _ = stream.write_all(body).await;
    }
}

/// A chunked body that never ends: 64 KiB chunks until the client hangs up.
pub async fn endless(stream: &mut TcpStream, content_type: &str) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let chunk = [b'a'; 64 * 1024];
    let size = format!("{:x}\r\n", chunk.len());
    loop {
        let wrote = async {
            stream.write_all(size.as_bytes()).await?;
            stream.write_all(&chunk).await?;
            stream.write_all(b"\r\n").await
        };
        if wrote.await.is_err() {
            return;
        }
    }
}

/// Sends a head promising `length` bytes, a few of them, and then nothing more while the
/// connection stays open.
pub async fn stall(mut stream: TcpStream, content_type: &str, length: usize) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n<"
    );
    if stream.write_all(head.as_bytes()).await.is_ok() {
        std::future::pending::<()>().await;
    }
}

/// Starts a keep-alive server that answers every request on a connection with the bytes
/// `answer` makes of it (a whole HTTP response). Holds nothing between requests, so the
/// process's memory shows only what the client keeps.
pub async fn keep_alive<F>(answer: F) -> String
where
    F: Fn(&Received) -> Vec<u8> + Clone + Send + 'static,
{
    serve(move |first, mut stream| {
        let answer = answer.clone();
        async move {
            let mut request = Some(first);
            while let Some(received) = request {
                if stream.write_all(&answer(&received)).await.is_err() {
                    return;
                }
                request = read_request(&mut stream).await;
            }
        }
    })
    .await
}

/// A `200 OK` response with `content_type` and `body`, as bytes.
pub fn ok(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}
