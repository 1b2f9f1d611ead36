//! What may be shown of a message: the copies of URLs, headers and bodies that traces carry,
//! with every credential replaced by `<redacted>`. A credential is a header that carries one
//! (`Authorization`, cookies, API keys) or a member or element whose name says it is one
//! (`Password`, `AccessToken`, `SessionID`, `…Token`, `…Secret`): the rule that makes
//! generated members [`crate::Secret`]s, widened to suffixes, since a trace must not guess
//! wrong.

use reqwest::header::HeaderMap;

/// What every redacted value becomes.
pub const REDACTED: &str = "<redacted>";

/// Whether a member, element, attribute or query parameter named `name` holds a credential.
pub fn is_credential_name(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "password",
        "sessionid",
        "apikey",
        "ssid",
        "sspid",
        "sstok",
        "ssreftok",
    ];
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    NAMES.contains(&name.as_str())
        || [
            "password",
            "token",
            "secret",
            "apikey",
            "credential",
            "signature",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Headers whose values are credentials whatever their name says.
fn is_credential_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "authorization"
            | "proxy-authorization"
            | "cookie"
            | "set-cookie"
            | "www-authenticate"
            | "x-api-key"
    ) || is_credential_name(name)
}

/// `name: value` lines, credentials redacted.
pub fn headers(headers: &HeaderMap) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let value = if is_credential_header(name.as_str()) {
                REDACTED
            } else {
                value.to_str().unwrap_or("<not text>")
            };
            format!("{name}: {value}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The URL without user info, and with credential-named query values redacted.
pub fn url(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if shown.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_credential_name(&name) {
                    REDACTED.to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// A body as text, credentials redacted: JSON members and XML elements or attributes with
/// credential names. Anything else that is not JSON or XML is shown by its size only.
pub fn body(body: &[u8]) -> String {
    let start = body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .and_then(|start| body.get(start));
    match start {
        None => String::new(),
        Some(b'{' | b'[') => json(body),
        Some(b'<') => xml(body),
        Some(_) => format!("<{} bytes>", body.len()),
    }
}

fn json(body: &[u8]) -> String {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return format!("<{} bytes that are not JSON>", body.len());
    };
    redact_json(&mut value);
    value.to_string()
}

fn redact_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if is_credential_name(name) && !member.is_null() {
                    *member = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(member);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn xml(body: &[u8]) -> String {
    use quick_xml::events::{BytesText, Event};
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut writer = quick_xml::Writer::new(Vec::new());
    // How many credential-named elements the reader is inside, and whether the one text
    // that stands for their content was written.
    let mut inside = 0usize;
    let mut written = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(_) => return format!("<{} bytes that are not XML>", body.len()),
        };
        let event = match event {
            Event::Start(start) => {
                if inside > 0 || is_credential_name(start.local_name().as_ref()) {
                    inside += 1;
                    written = false;
                }
                Event::Start(redact_attributes(start))
            }
            Event::Empty(start) => Event::Empty(redact_attributes(start)),
            Event::End(end) => {
                inside = inside.saturating_sub(1);
                Event::End(end)
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if inside > 0 => {
                if std::mem::replace(&mut written, true) {
                    continue;
                }
                Event::Text(BytesText::new(REDACTED))
            }
            other => other,
        };
        if writer.write_event(event).is_err() {
            return format!("<{} bytes that are not XML>", body.len());
        }
    }
    String::from_utf8_lossy(&writer.into_inner()).into_owned()
}

fn redact_attributes(
    start: quick_xml::events::BytesStart<'_>,
) -> quick_xml::events::BytesStart<'static> {
    let name = start.name();
    let mut redacted = quick_xml::events::BytesStart::new(AsRef::<str>::as_ref(&name).to_owned());
    for attribute in start.attributes().flatten() {
        let local = attribute.key.local_name();
        if is_credential_name(local.as_ref()) {
            let key: &str = attribute.key.as_ref();
            redacted.push_attribute((key, REDACTED));
        } else {
            redacted.push_attribute(attribute);
        }
    }
    redacted.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        for name in [
            "Password",
            "AccessToken",
            "access_token",
            "SessionID",
            "ss-tok",
            "X-Api-Key",
            "ClientSecret",
            "BearerToken",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in ["UserName", "Name", "Id", "Tokenizer", "Cluster"] {
            assert!(!is_credential_name(name), "{name}");
        }
    }

    #[test]
    fn json_members_xml_elements_attributes_and_queries_are_redacted() {
        assert_eq!(
            body(br#"{"UserName":"ann","Password":"hunter2","nested":[{"accessToken":"jwt"}],"None":null}"#),
            r#"{"None":null,"Password":"<redacted>","UserName":"ann","nested":[{"accessToken":"<redacted>"}]}"#
        );
        assert_eq!(
            body(br#"<s:Envelope xmlns:s="urn:s"><s:Header><wsse:Security xmlns:wsse="urn:w"><wsse:Username>ann</wsse:Username><wsse:Password Type="t">hun&amp;ter2</wsse:Password></wsse:Security><Header token="abc" id="1"><SessionID>sid</SessionID></Header></s:Header></s:Envelope>"#),
            r#"<s:Envelope xmlns:s="urn:s"><s:Header><wsse:Security xmlns:wsse="urn:w"><wsse:Username>ann</wsse:Username><wsse:Password Type="t">&lt;redacted&gt;</wsse:Password></wsse:Security><Header token="&lt;redacted&gt;" id="1"><SessionID>&lt;redacted&gt;</SessionID></Header></s:Header></s:Envelope>"#
        );
        assert_eq!(body(b"pong"), "<4 bytes>");
        let url =
            reqwest::Url::parse("https://user:pw@host/api/x?Id=1&ApiKey=k&SessionId=s").unwrap();
        assert_eq!(
            super::url(&url),
            "https://host/api/x?Id=1&ApiKey=%3Credacted%3E&SessionId=%3Credacted%3E"
        );
        let mut map = HeaderMap::new();
        map.insert("authorization", "Bearer jwt".parse().unwrap());
        map.insert("content-type", "text/xml".parse().unwrap());
        assert_eq!(
            headers(&map),
            "authorization: <redacted>\ncontent-type: text/xml"
        );
    }
}
