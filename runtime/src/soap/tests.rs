//! The SOAP client against local servers, with hand-written types shaped like generated
//! ones (the generated Twinfield module is tested against the seed page in `tests/`).

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::xml::{Complex, Error as XmlError, Field, Reader, Writer};

const TNS: &str = "http://www.twinfield.com/";

#[derive(Debug, Default, PartialEq)]
struct Logon {
    access_token: Option<String>,
}

impl Complex for Logon {
    const FIELDS: &'static [Field] = &[Field::element(TNS, "accessToken")];
    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), XmlError> {
        match index {
            0 => reader.read(&mut self.access_token),
            _ => reader.skip(),
        }
    }
    fn write_fields(&self, writer: &mut Writer) -> Result<(), XmlError> {
        writer.write(Self::FIELDS, 0, &self.access_token)
    }
}

crate::xml_complex_value!(Logon);

#[derive(Debug, Default, PartialEq)]
struct LogonResponse {
    result: String,
    cluster: Option<String>,
}

impl Complex for LogonResponse {
    const FIELDS: &'static [Field] = &[
        Field::element(TNS, "AccessTokenLogonResult").required(),
        Field::element(TNS, "cluster"),
    ];
    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), XmlError> {
        match index {
            0 => reader.read(&mut self.result),
            1 => reader.read(&mut self.cluster),
            _ => reader.skip(),
        }
    }
    fn write_fields(&self, writer: &mut Writer) -> Result<(), XmlError> {
        writer.write(Self::FIELDS, 0, &self.result)?;
        writer.write(Self::FIELDS, 1, &self.cluster)
    }
}

crate::xml_complex_value!(LogonResponse);

#[derive(Clone, Debug, Default, PartialEq)]
struct Headers {
    session_id: Option<String>,
}

impl Complex for Headers {
    const FIELDS: &'static [Field] = &[Field::element(TNS, "Header")];
    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), XmlError> {
        let mut header = SessionHeader::default();
        reader.complex(&mut header)?;
        self.session_id = header.session_id;
        Ok(())
    }
    fn write_fields(&self, writer: &mut Writer) -> Result<(), XmlError> {
        let header = SessionHeader {
            session_id: self.session_id.clone(),
        };
        if self.session_id.is_some() {
            writer.complex(crate::xml::Name::new(TNS, "Header"), &header, None)?;
        }
        Ok(())
    }
}

#[derive(Debug, Default)]
struct SessionHeader {
    session_id: Option<String>,
}

impl Complex for SessionHeader {
    const FIELDS: &'static [Field] = &[Field::element(TNS, "SessionID")];
    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), XmlError> {
        reader.read(&mut self.session_id)
    }
    fn write_fields(&self, writer: &mut Writer) -> Result<(), XmlError> {
        writer.write(Self::FIELDS, 0, &self.session_id)
    }
}

const LOGON: Operation = Operation {
    name: "AccessTokenLogon",
    soap11: Some(Binding::new("http://www.twinfield.com/AccessTokenLogon")),
    soap12: Some(Binding::new("http://www.twinfield.com/AccessTokenLogon")),
    input: Body::Element(crate::xml::Name::new(TNS, "AccessTokenLogon")),
    output: Some(Body::Element(crate::xml::Name::new(
        TNS,
        "AccessTokenLogonResponse",
    ))),
    input_headers: &[0],
};

const REPLY_11: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>sid</SessionID></Header></soap:Header>
  <soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>https://accounting.twinfield.com</cluster></AccessTokenLogonResponse></soap:Body>
</soap:Envelope>"#;

async fn call(
    server: &MockServer,
    version: Version,
) -> Result<Response<LogonResponse, Headers>, Error> {
    let client = Client::new(&format!("{}/webservices/session.asmx", server.uri()))
        .unwrap()
        .with_version(version);
    let request = Logon {
        access_token: Some("token".to_owned()),
    };
    client.call(&LOGON, &request, &Headers::default()).await
}

#[tokio::test]
async fn soap11_frames_the_request_as_asmx_expects_and_reads_body_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webservices/session.asmx"))
        .and(header("content-type", "text/xml; charset=utf-8"))
        .and(header(
            "soapaction",
            "\"http://www.twinfield.com/AccessTokenLogon\"",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(REPLY_11))
        .expect(1)
        .mount(&server)
        .await;
    let reply = call(&server, Version::Soap11).await.unwrap();
    assert_eq!(reply.body.result, "Ok");
    assert_eq!(
        reply.body.cluster.as_deref(),
        Some("https://accounting.twinfield.com")
    );
    assert_eq!(reply.headers.session_id.as_deref(), Some("sid"));
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        std::str::from_utf8(&received.body).unwrap(),
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AccessTokenLogon xmlns="http://www.twinfield.com/"><accessToken>token</accessToken></AccessTokenLogon></soap:Body></soap:Envelope>"#
    );
}

#[tokio::test]
async fn soap12_puts_the_action_in_the_content_type_and_sends_no_soapaction() {
    let server = MockServer::start().await;
    let reply = REPLY_11.replace(SOAP11_ENVELOPE, SOAP12_ENVELOPE);
    Mock::given(method("POST"))
        .and(header(
            "content-type",
            "application/soap+xml; charset=utf-8; action=\"http://www.twinfield.com/AccessTokenLogon\"",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(reply))
        .mount(&server)
        .await;
    let reply = call(&server, Version::Soap12).await.unwrap();
    assert_eq!(reply.body.result, "Ok");
    let received = &server.received_requests().await.unwrap()[0];
    assert!(!received.headers.contains_key("soapaction"));
    assert!(std::str::from_utf8(&received.body).unwrap().contains(
        r#"<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>"#
    ));
}

#[tokio::test]
async fn input_headers_are_sent_when_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(REPLY_11))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let headers = Headers {
        session_id: Some("s-1".to_owned()),
    };
    let _: Response<LogonResponse, Headers> = client
        .call(&LOGON, &Logon::default(), &headers)
        .await
        .unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert!(std::str::from_utf8(&received.body).unwrap().contains(
        r#"<soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>s-1</SessionID></Header></soap:Header><soap:Body><AccessTokenLogon xmlns="http://www.twinfield.com/" /></soap:Body>"#
    ));
}

#[tokio::test]
async fn an_asmx_fault_on_http_500_is_a_typed_fault() {
    let server = MockServer::start().await;
    let fault = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Your logon credentials are not valid anymore. Try to log on again.</faultstring><faultactor>http://c4.twinfield.com/webservices/processxml.asmx</faultactor><detail><message>Your logon credentials are not valid anymore. Try to log on again.</message><code>103</code><source>ProcessXmlString</source></detail></soap:Fault></soap:Body></soap:Envelope>"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string(fault))
        .mount(&server)
        .await;
    let error = call(&server, Version::Soap11).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    let fault = error.fault().unwrap();
    assert_eq!(fault.code.namespace, SOAP11_ENVELOPE);
    assert_eq!(fault.code.local, "Client");
    assert!(fault.is_sender_fault());
    assert_eq!(
        fault.actor.as_deref(),
        Some("http://c4.twinfield.com/webservices/processxml.asmx")
    );
    let detail = fault.asmx_detail().unwrap();
    assert_eq!(detail.code.as_deref(), Some("103"));
    assert_eq!(detail.source.as_deref(), Some("ProcessXmlString"));
    assert!(
        error
            .to_string()
            .starts_with("SOAP fault (HTTP 500): Client: Your logon credentials")
    );
}

#[tokio::test]
async fn a_soap12_fault_keeps_subcodes_language_and_detail() {
    let server = MockServer::start().await;
    let fault = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:m="urn:m"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>m:MessageTimeout</env:Value><env:Subcode><env:Value>m:Deeper</env:Value></env:Subcode></env:Subcode></env:Code><env:Reason><env:Text xml:lang="nl">Verlopen</env:Text><env:Text xml:lang="en">Expired</env:Text></env:Reason><env:Role>urn:role</env:Role><env:Detail><m:MaxTime>P5M</m:MaxTime></env:Detail></env:Fault></env:Body></env:Envelope>"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string(fault))
        .mount(&server)
        .await;
    let error = call(&server, Version::Soap12).await.unwrap_err();
    let fault = error.fault().unwrap();
    assert_eq!(fault.version, Version::Soap12);
    assert_eq!(
        (fault.code.namespace.as_str(), fault.code.local.as_str()),
        (SOAP12_ENVELOPE, "Sender")
    );
    let subcodes: Vec<_> = fault
        .subcodes
        .iter()
        .map(|code| (code.namespace.as_str(), code.local.as_str()))
        .collect();
    assert_eq!(subcodes, [("urn:m", "MessageTimeout"), ("urn:m", "Deeper")]);
    assert_eq!(
        (fault.reason.as_str(), fault.reason_lang.as_deref()),
        ("Verlopen", Some("nl"))
    );
    assert_eq!(fault.actor.as_deref(), Some("urn:role"));
    let detail: Option<String> = fault
        .detail(crate::xml::Name::new("urn:m", "MaxTime"))
        .unwrap();
    assert_eq!(detail.as_deref(), Some("P5M"));
}

/// node-soap's `server.authenticate` refusal, byte for byte: SOAP 1.2's `Code` and
/// `Reason` inside a SOAP 1.1 envelope.
#[tokio::test]
async fn a_soap12_shaped_fault_in_a_soap11_envelope_is_still_read() {
    let server = MockServer::start().await;
    let fault = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  xmlns:tns="http://tempuri.org/"><soap:Body><soap:Fault><soap:Code><soap:Value>SOAP-ENV:Client</soap:Value><soap:Subcode><soap:Value>AuthenticationFailure</soap:Value></soap:Subcode></soap:Code><soap:Reason><soap:Text>Invalid username or password</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string(fault))
        .mount(&server)
        .await;
    let error = call(&server, Version::Soap11).await.unwrap_err();
    let fault = error.fault().unwrap();
    assert_eq!(fault.code.local, "Client");
    assert!(fault.is_sender_fault());
    assert_eq!(fault.subcodes[0].local, "AuthenticationFailure");
    assert_eq!(fault.reason, "Invalid username or password");
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn html_and_empty_answers_are_not_soap_and_429_tells_when_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/html"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw("<html><body>Object moved</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let client = Client::new(&format!("{}/html", server.uri())).unwrap();
    let error = client
        .call::<_, LogonResponse, Headers>(&LOGON, &Logon::default(), &Headers::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::NotSoap { answer, body, .. } if answer.status == 404 && body.contains("Object moved")),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("HTTP 404: the answer is not a SOAP envelope (text/html)")
    );

    let busy = client
        .with_base_url(&format!("{}/busy", server.uri()))
        .unwrap();
    let error = busy
        .call::<_, LogonResponse, Headers>(&LOGON, &Logon::default(), &Headers::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
    assert!(error.to_string().contains("empty body"), "{error}");
}

#[tokio::test]
async fn a_reply_without_the_expected_element_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Other xmlns="urn:x"/></s:Body></s:Envelope>"#,
        ))
        .mount(&server)
        .await;
    let error = call(&server, Version::Soap11).await.unwrap_err();
    assert!(
        error.to_string().contains("answers with `{http://www.twinfield.com/}AccessTokenLogonResponse`, but the body holds {urn:x}Other"),
        "{error}"
    );
}

#[test]
fn an_operation_bound_to_one_version_uses_it() {
    let only_12 = Operation {
        soap11: None,
        ..LOGON
    };
    assert_eq!(
        only_12.version(Version::Soap11).map(|(version, _)| version),
        Some(Version::Soap12)
    );
    assert_eq!(
        LOGON.version(Version::Soap12).map(|(version, _)| version),
        Some(Version::Soap12)
    );
}

#[tokio::test]
async fn parts_bodies_put_fields_straight_into_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AccessTokenLogonResult xmlns="http://www.twinfield.com/">Ok</AccessTokenLogonResult></s:Body></s:Envelope>"#,
        ))
        .mount(&server)
        .await;
    let bare = Operation {
        input: Body::Parts,
        output: Some(Body::Parts),
        input_headers: &[],
        ..LOGON
    };
    let client = Client::new(&server.uri()).unwrap();
    let request = Logon {
        access_token: Some("t".to_owned()),
    };
    let reply: Response<LogonResponse, ()> = client.call(&bare, &request, &()).await.unwrap();
    assert_eq!(reply.body.result, "Ok");
    let received = &server.received_requests().await.unwrap()[0];
    assert!(std::str::from_utf8(&received.body).unwrap().ends_with(
        r#"<soap:Body><accessToken xmlns="http://www.twinfield.com/">t</accessToken></soap:Body></soap:Envelope>"#
    ));
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(REPLY_11))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri())
        .unwrap()
        .with_max_response_bytes(64);
    let error = client
        .call::<_, LogonResponse, Headers>(&LOGON, &Logon::default(), &Headers::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 64 }),
        "{error}"
    );
}

#[tokio::test]
async fn a_fault_is_found_in_a_2xx_body_of_parts_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>busy</faultstring></s:Fault></s:Body></s:Envelope>"#,
        ))
        .mount(&server)
        .await;
    let bare = Operation {
        output: Some(Body::Parts),
        ..LOGON
    };
    let client = Client::new(&server.uri()).unwrap();
    let error = client
        .call::<_, LogonResponse, Headers>(&bare, &Logon::default(), &Headers::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.fault().map(|fault| fault.reason.as_str()),
        Some("busy")
    );
}

#[tokio::test]
async fn an_error_status_with_an_envelope_but_no_fault_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string(REPLY_11))
        .mount(&server)
        .await;
    let error = call(&server, Version::Soap11).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { answer, message } if answer.status == 503 && message.contains("holds no fault")),
        "{error}"
    );
}

/// What the mock writes of a fault, read back by the client's reader.
#[cfg(feature = "mock")]
mod fault_writing {
    use super::*;
    use crate::xml::QName;

    fn written_and_read(fault: &Fault, version: Version) -> (String, Fault) {
        let extra = envelope::ExtraHeaders::default();
        let written =
            envelope::write_envelope(version, envelope::Content::Fault(fault), None, &extra)
                .unwrap();
        let answer = Answer {
            status: 500,
            content_type: None,
            retry_after: None,
        };
        let read = decode::<LogonResponse, Headers>(&LOGON, answer, written.envelope.as_bytes());
        let Err(Error::Fault { fault: read, .. }) = read else {
            panic!("not a fault: {read:?}\n{}", written.envelope)
        };
        (written.envelope, *read)
    }

    fn qname(namespace: &str, local: &str) -> QName {
        QName {
            namespace: namespace.to_owned(),
            local: local.to_owned(),
        }
    }

    #[test]
    fn a_client_fault_with_a_detail_reads_back_in_both_versions() {
        let detail = Logon {
            access_token: Some("in the detail".to_owned()),
        };
        let name = crate::xml::Name::new(TNS, "AccessTokenLogon");
        let fault = Fault::client("Invalid <token>")
            .with_detail(name, &detail)
            .unwrap();
        for (version, code) in [(Version::Soap11, "Client"), (Version::Soap12, "Sender")] {
            let (xml, read) = written_and_read(&fault, version);
            assert_eq!(
                read.code,
                qname(version.envelope_namespace(), code),
                "{xml}"
            );
            assert_eq!(read.reason, "Invalid <token>", "{xml}");
            assert_eq!(
                read.detail::<Logon>(name).unwrap(),
                Some(Logon {
                    access_token: Some("in the detail".to_owned())
                }),
                "{xml}"
            );
        }
        let (xml, read) = written_and_read(&fault, Version::Soap12);
        assert!(xml.contains(r#"<soap12:Text xml:lang="en">"#), "{xml}");
        assert_eq!(read.reason_lang.as_deref(), Some("en"));
    }

    #[test]
    fn subcodes_and_other_codes_take_each_versions_form() {
        let action = qname(addressing::NAMESPACE, "ActionNotSupported");
        let mut fault = Fault::client("no such action");
        fault.subcodes = vec![action.clone()];
        // SOAP 1.1 has no subcodes: WCF writes the subcode as the code.
        let (xml, read) = written_and_read(&fault, Version::Soap11);
        assert_eq!(read.code, action, "{xml}");
        let (xml, read) = written_and_read(&fault, Version::Soap12);
        assert_eq!(read.code, qname(SOAP12_ENVELOPE, "Sender"), "{xml}");
        assert_eq!(read.subcodes, vec![action.clone()], "{xml}");

        // SOAP 1.2 allows only its own codes at the top.
        let custom = Fault {
            code: qname("urn:app", "Overloaded"),
            ..Fault::server("busy")
        };
        let (xml, read) = written_and_read(&custom, Version::Soap12);
        assert_eq!(read.code, qname(SOAP12_ENVELOPE, "Receiver"), "{xml}");
        assert_eq!(read.subcodes, vec![qname("urn:app", "Overloaded")], "{xml}");
        let (xml, read) = written_and_read(&custom, Version::Soap11);
        assert_eq!(read.code, qname("urn:app", "Overloaded"), "{xml}");

        // No code at all is the service's fault.
        let (xml, read) = written_and_read(&Fault::default(), Version::Soap11);
        assert_eq!(read.code, qname(SOAP11_ENVELOPE, "Server"), "{xml}");
    }
}
