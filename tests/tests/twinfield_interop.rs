//! The generated Twinfield client against an independent SOAP implementation: node-soap
//! (`tests/interop`, installed by `.ci/run`) serving Twinfield's real login session WSDL on
//! 127.0.0.1, over SOAP 1.1 and 1.2, answering and faulting.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use svcgen_generated::twinfield::{AccessTokenLogon, Client, LogonResult};
use svcgen_runtime::soap::{self, Version};

/// The node-soap server, stopped when dropped.
struct NodeSoap {
    child: Child,
    port: u16,
}

impl Drop for NodeSoap {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> NodeSoap {
    let interop = Path::new(env!("CARGO_MANIFEST_DIR")).join("interop");
    assert!(
        interop.join("node_modules/soap").is_dir(),
        "node-soap is not installed in {}: `npm ci --prefix tests/interop` (.ci/run does)",
        interop.display()
    );
    let wsdl = svcgen_tests::shared_fixtures().join("wsdl/real/twinfield/login-session.wsdl");
    let mut child = Command::new("node")
        .arg(interop.join("soap-server.js"))
        .arg(wsdl)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    // The server says when it listens; a server that never does fails the test instead of
    // hanging it.
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("node-soap starts within a minute");
    let port = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("node-soap said {line:?}"))
        .parse()
        .unwrap();
    NodeSoap { child, port }
}

fn client(server: &NodeSoap, version: Version) -> Client {
    let prefix = match version {
        Version::Soap11 => "",
        Version::Soap12 => "/soap12",
    };
    let url = format!(
        "http://127.0.0.1:{}{prefix}/webservices/session.asmx",
        server.port
    );
    Client::new(soap::Client::new(&url).unwrap().with_version(version))
}

fn logon(token: &str) -> AccessTokenLogon {
    AccessTokenLogon {
        access_token: Some(token.into()),
    }
}

#[tokio::test]
#[cfg_attr(
    any(svcgen_missing_shared, svcgen_missing_node_soap),
    ignore = "needs ../shared/fixtures and node-soap (npm ci --prefix tests/interop)"
)]
async fn logon_over_both_versions_brings_the_session_header_and_the_cluster() {
    let server = start();
    for version in [Version::Soap11, Version::Soap12] {
        let answer = client(&server, version)
            .access_token_logon(&logon("token-1"))
            .await
            .unwrap_or_else(|error| panic!("{version:?}: {error}"));
        assert_eq!(answer.body.access_token_logon_result, LogonResult::Ok);
        assert_eq!(
            answer.body.cluster.as_deref(),
            Some("https://accounting.twinfield.com")
        );
        let session = answer.headers.header.unwrap().session_id.unwrap();
        // node-soap read the request's `accessToken` child: the element is qualified as
        // ASMX expects, or the server would not have seen the token.
        assert_eq!(session.expose(), "node-session-for-token-1");
    }
}

#[tokio::test]
#[cfg_attr(
    any(svcgen_missing_shared, svcgen_missing_node_soap),
    ignore = "needs ../shared/fixtures and node-soap (npm ci --prefix tests/interop)"
)]
async fn a_soap11_fault_from_node_soap_is_decoded() {
    let server = start();
    let error = client(&server, Version::Soap11)
        .access_token_logon(&logon("bad"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    let fault = error.fault().unwrap_or_else(|| panic!("{error}"));
    assert_eq!(fault.code.local, "Client");
    assert_eq!(fault.reason, "Invalid access token");
    let detail = fault.asmx_detail().unwrap();
    assert_eq!(detail.code.as_deref(), Some("103"));
    assert_eq!(detail.source.as_deref(), Some("AccessTokenLogon"));
}

#[tokio::test]
#[cfg_attr(
    any(svcgen_missing_shared, svcgen_missing_node_soap),
    ignore = "needs ../shared/fixtures and node-soap (npm ci --prefix tests/interop)"
)]
async fn a_soap12_fault_from_node_soap_is_decoded() {
    let server = start();
    let error = client(&server, Version::Soap12)
        .access_token_logon(&logon("bad"))
        .await
        .unwrap_err();
    let fault = error.fault().unwrap_or_else(|| panic!("{error}"));
    assert_eq!(fault.version, Version::Soap12);
    assert_eq!(fault.code.local, "Sender");
    assert_eq!(fault.reason, "Invalid access token");
    assert_eq!(
        fault
            .subcodes
            .iter()
            .map(|code| code.local.as_str())
            .collect::<Vec<_>>(),
        ["InvalidToken"]
    );
}
