//! The generated mocks called by independent clients: node-soap's client
//! (`soap.createClientAsync` on Twinfield's real WSDL, `tests/interop/soap-client.js`) calls
//! the Twinfield mock in SOAP 1.1 and 1.2, and ServiceStack's own TypeScript client
//! (`@servicestack/client`, `tests/interop/servicestack-client.mjs`) calls the DigiOffice
//! mock. Both must read the mocks' answers, faults and errors as they read a real host's.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use svcgen_runtime::Secret;
use svcgen_runtime::soap;

fn interop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("interop")
}

/// Runs a node driver with `args`, `calls` on stdin; its answer lines, parsed.
fn node(script: &str, args: &[&str], calls: &Value) -> Vec<Value> {
    let mut child = Command::new("node")
        .arg(interop().join(script))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(calls.to_string().as_bytes()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script}: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
#[cfg_attr(
    any(svcgen_missing_shared, svcgen_missing_node_soap),
    ignore = "needs ../shared/fixtures and node-soap (npm ci --prefix tests/interop)"
)]
fn node_soaps_client_calls_the_twinfield_mock_in_both_versions() {
    let wsdl = svcgen_tests::shared_fixtures().join("wsdl/real/twinfield/login-session.wsdl");
    let wsdl = wsdl.to_str().unwrap();
    let mock = svcgen_tests::twinfield_mock();
    let calls = json!([
        {"operation": "AccessTokenLogon", "args": {"accessToken": "token-1"}},
        {"operation": "AccessTokenLogon", "args": {"accessToken": "bad"}},
    ]);
    for (version, code) in [("1.1", "soap:Client"), ("1.2", "soap12:Sender")] {
        let answers = node("soap-client.js", &[wsdl, mock.url(), version], &calls);
        assert_eq!(answers.len(), 2, "{answers:?}");
        let good = &answers[0];
        assert_eq!(good["ok"], true, "SOAP {version}: {good}");
        assert_eq!(good["result"]["AccessTokenLogonResult"], "Ok", "{good}");
        assert_eq!(
            good["result"]["cluster"], "https://accounting.twinfield.com",
            "{good}"
        );
        assert_eq!(
            good["header"]["Header"]["SessionID"], "session-for-token-1",
            "{good}"
        );

        let bad = &answers[1];
        assert_eq!(bad["ok"], false, "SOAP {version}: {bad}");
        assert_eq!(bad["status"], 500, "{bad}");
        let fault = &bad["fault"];
        let (code_seen, reason) = match version {
            "1.1" => (&fault["faultcode"], &fault["faultstring"]),
            _ => (&fault["Code"]["Value"], &fault["Reason"]["Text"]),
        };
        assert_eq!(code_seen, code, "{fault}");
        let reason = reason.get("$value").unwrap_or(reason);
        assert_eq!(reason, "Invalid access token", "{fault}");
    }
    // What node-soap sent, the mock read typed.
    let tokens: Vec<String> = mock
        .received_access_token_logon()
        .iter()
        .map(|call| {
            call.body
                .access_token
                .as_ref()
                .map(Secret::expose)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(tokens, ["token-1", "bad", "token-1", "bad"]);
    let versions: Vec<soap::Version> = mock
        .received_access_token_logon()
        .iter()
        .map(|call| call.version)
        .collect();
    assert_eq!(
        versions,
        [
            soap::Version::Soap11,
            soap::Version::Soap11,
            soap::Version::Soap12,
            soap::Version::Soap12
        ]
    );
}

#[test]
#[cfg_attr(
    svcgen_missing_servicestack_client,
    ignore = "needs @servicestack/client (npm ci --prefix tests/interop)"
)]
fn servicestacks_typescript_client_calls_the_digioffice_mock() {
    let mock = svcgen_tests::digioffice_mock();
    let call = |dto: Value, token: Option<&str>| {
        let mut call = json!({
            "kind": "api",
            "name": "ConvertSessionToToken",
            "method": "POST",
            "dto": dto,
        });
        if let Some(token) = token {
            call["bearerToken"] = json!(token);
        }
        call
    };
    let calls = json!([
        call(json!({"PreserveSession": true}), Some("token-1")),
        call(json!({"PreserveSession": false}), Some("token-1")),
        call(json!({"PreserveSession": true}), None),
    ]);
    let answers = node("servicestack-client.mjs", &[mock.url()], &calls);
    assert_eq!(answers.len(), 3, "{answers:?}");

    assert_eq!(answers[0]["ok"], true, "{}", answers[0]);
    assert_eq!(
        answers[0]["response"]["AccessToken"], "jwt-for-token-1",
        "{}",
        answers[0]
    );

    assert_eq!(answers[1]["ok"], false, "{}", answers[1]);
    let status = &answers[1]["error"];
    assert_eq!(status["errorCode"], "NotEqual", "{status}");
    assert_eq!(
        status["errors"][0]["fieldName"], "PreserveSession",
        "{status}"
    );

    assert_eq!(answers[2]["ok"], false, "{}", answers[2]);
    assert_eq!(
        answers[2]["error"]["errorCode"], "Unauthorized",
        "{}",
        answers[2]
    );

    // The TypeScript client went to `/api/ConvertSessionToToken`; the mock read its DTO.
    let calls = mock.received_convert_session_to_token();
    assert_eq!(
        calls.len(),
        2,
        "the unauthenticated call never reached the handler"
    );
    assert_eq!(calls[0].path, "/api/ConvertSessionToToken");
    assert!(calls[0].request.preserve_session);
    assert!(!calls[1].request.preserve_session);
}
