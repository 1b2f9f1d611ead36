//! The raw local keep-alive HTTP server both call drivers (`main.rs`, `raw.rs`) talk to: it
//! answers every request with the same small JSON body. `measure.sh` copies it beside them.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

pub fn serve() -> String {
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
