//! MTOM/XOP (W3C SOAP MTOM, XOP 1.0) as WCF speaks it with `messageEncoding="Mtom"`: an
//! envelope in a `multipart/related` body whose `base64Binary` values are
//! `<xop:Include href="cid:…"/>` references to binary MIME parts.
//!
//! Reading splits a buffered answer into its root part (the envelope, found by the
//! `start` parameter, else the first part) and its attachments, by Content-ID; the XML
//! reader resolves each include to its part's bytes. Writing turns `base64Binary` values
//! larger than WCF's inline limit into parts.

use std::fmt::Write as _;

/// `http://www.w3.org/2004/08/xop/include`.
pub const XOP_NAMESPACE: &str = "http://www.w3.org/2004/08/xop/include";

/// WCF writes binary values of at most this many bytes inline as base64 (`MaxInlinedBytes`).
pub(crate) const MAX_INLINED_BYTES: usize = 767;

/// The parts of a `multipart/related` body, borrowed from it.
#[derive(Debug, Default)]
pub(crate) struct Parts<'a> {
    pub root: &'a [u8],
    /// Content-ID (without `<>`) and content of every other part.
    pub attachments: Vec<(String, &'a [u8])>,
}

impl<'a> Parts<'a> {
    /// The part an `xop:Include` `href` names: `cid:` and the %-encoded Content-ID.
    pub(crate) fn part(&self, href: &str) -> Option<&'a [u8]> {
        let id = crate::http::percent_decoded(href.strip_prefix("cid:")?);
        self.attachments
            .iter()
            .find(|(content_id, _)| *content_id == id)
            .map(|(_, content)| *content)
    }
}

/// Whether a `Content-Type` is MTOM's `multipart/related`.
pub(crate) fn is_multipart(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|content_type| {
        content_type
            .trim_start()
            .get(..17)
            .is_some_and(|start| start.eq_ignore_ascii_case("multipart/related"))
    })
}

/// The value of parameter `name` of a `Content-Type`, unquoted.
pub(crate) fn parameter<'a>(content_type: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (quoted.get(..end)?, quoted.get(end + 1..)?)
            }
            None => match after.find(';') {
                Some(end) => (after.get(..end)?.trim_end(), after.get(end..)?),
                None => (after.trim_end(), ""),
            },
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if next.is_empty() {
            return None;
        }
        rest = next;
    }
}

/// Splits an MTOM body into its root and attachments.
pub(crate) fn split<'a>(content_type: &str, body: &'a [u8]) -> Result<Parts<'a>, String> {
    let boundary = parameter(content_type, "boundary")
        .filter(|boundary| !boundary.is_empty())
        .ok_or("a multipart answer without a boundary")?;
    let start = parameter(content_type, "start").map(|start| start.trim_matches(['<', '>']));
    let delimiter = format!("--{boundary}");
    let mut sections = Vec::new();
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or("no part starts in the answer")?;
    loop {
        let after = at + delimiter.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        let content_start = after + line_end(body, after)?;
        // A part's content ends at the CRLF before the next delimiter; only that CRLF is
        // framing, whatever bytes the content itself ends with.
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), content_start)
            .ok_or("the answer ends inside a part")?;
        sections.push(body.get(content_start..next).unwrap_or_default());
        at = next + 2;
    }
    let mut root = None;
    let mut attachments = Vec::new();
    for section in sections {
        let (headers, content) = split_headers(section)?;
        let id =
            header(headers, "content-id").map(|id| id.trim().trim_matches(['<', '>']).to_owned());
        let is_root = match (&id, start) {
            (Some(id), Some(start)) => id == start,
            _ => root.is_none() && start.is_none(),
        };
        if is_root && root.is_none() {
            root = Some(content);
        } else if let Some(id) = id {
            attachments.push((id, content));
        }
    }
    let root = root
        .or_else(|| attachments.first().map(|(_, content)| *content))
        .ok_or("the multipart answer has no root part")?;
    Ok(Parts { root, attachments })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|position| position + from)
}

/// The length of the rest of the line at `at`, with its line end.
fn line_end(body: &[u8], at: usize) -> Result<usize, String> {
    let rest = body.get(at..).unwrap_or_default();
    rest.windows(2)
        .position(|window| window == b"\r\n")
        .map(|position| position + 2)
        .ok_or_else(|| "a part delimiter without a line end".to_owned())
}

/// A part's headers (text) and its content.
fn split_headers(section: &[u8]) -> Result<(&str, &[u8]), String> {
    if let Some(content) = section.strip_prefix(b"\r\n") {
        return Ok(("", content));
    }
    let end =
        find(section, b"\r\n\r\n", 0).ok_or("a part without a blank line after its headers")?;
    let headers = std::str::from_utf8(section.get(..end).unwrap_or_default())
        .map_err(|_| "part headers that are not text".to_owned())?;
    Ok((headers, section.get(end + 4..).unwrap_or_default()))
}

fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then_some(value.trim())
    })
}

/// A request body in MTOM: the envelope as the root part, then each attachment.
pub(crate) struct Message {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Frames `envelope` and `attachments` (Content-ID, bytes) as WCF does; `soap_type` is
/// the envelope's own media type (`text/xml`, `application/soap+xml`), `action` goes on the
/// outer type for SOAP 1.2 without WS-Addressing.
pub(crate) fn encode(
    envelope: &str,
    attachments: &[(String, Vec<u8>)],
    soap_type: &str,
    action: Option<&str>,
    unique: &str,
) -> Message {
    let boundary = format!("uuid:{unique}+id=1");
    let root_id = format!("root.{unique}@svcgen");
    let mut content_type = format!(
        "multipart/related; type=\"application/xop+xml\"; start=\"<{root_id}>\"; start-info=\"{soap_type}\"; boundary=\"{boundary}\""
    );
    if let Some(action) = action {
        let _ = write!(content_type, "; action=\"{action}\"");
    }
    let size = envelope.len()
        + attachments
            .iter()
            .map(|(_, bytes)| bytes.len() + 200)
            .sum::<usize>()
        + 400;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-ID: <{root_id}>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml;charset=utf-8;type=\"{soap_type}\"\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(envelope.as_bytes());
    for (id, bytes) in attachments {
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-ID: <{id}>\r\nContent-Transfer-Encoding: binary\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
    }
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Message { content_type, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The framing of a captured WCF answer (SOAP 1.2, GUS BIR1), with a binary part whose
    /// content ends in CR LF, which is content, not framing.
    #[test]
    fn a_wcf_answer_splits_into_its_root_and_parts() {
        let content_type = r#"multipart/related; type="application/xop+xml";start="<http://tempuri.org/0>";boundary="uuid:18e18dae-c6e6-44ff-bd8d-55fd420f328a+id=6997697";start-info="application/soap+xml""#;
        let body = b"--uuid:18e18dae-c6e6-44ff-bd8d-55fd420f328a+id=6997697\r\nContent-ID: <http://tempuri.org/1/634>\r\nContent-Transfer-Encoding: binary\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n\r\n--uuid:18e18dae-c6e6-44ff-bd8d-55fd420f328a+id=6997697\r\nContent-ID: <http://tempuri.org/0>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml;charset=utf-8;type=\"application/soap+xml\"\r\n\r\n<s:Envelope/>\r\n--uuid:18e18dae-c6e6-44ff-bd8d-55fd420f328a+id=6997697--\r\n";
        assert!(is_multipart(Some(content_type)));
        let parts = split(content_type, body).unwrap();
        assert_eq!(
            parts.root, b"<s:Envelope/>",
            "the root is the `start` part, not the first"
        );
        assert_eq!(
            parts.part("cid:http%3A%2F%2Ftempuri.org%2F1%2F634"),
            Some(&b"\x00\x01\r\n"[..])
        );
        assert_eq!(
            parts.part("cid:http://tempuri.org/1/634"),
            Some(&b"\x00\x01\r\n"[..])
        );
        assert_eq!(parts.part("cid:nowhere"), None);
    }

    #[test]
    fn what_is_encoded_splits_back() {
        let message = encode(
            "<e/>",
            &[("a@svcgen".to_owned(), vec![0, 13, 10])],
            "application/soap+xml",
            Some("urn:act"),
            "u1",
        );
        assert_eq!(
            message.content_type,
            r#"multipart/related; type="application/xop+xml"; start="<root.u1@svcgen>"; start-info="application/soap+xml"; boundary="uuid:u1+id=1"; action="urn:act""#
        );
        let parts = split(&message.content_type, &message.body).unwrap();
        assert_eq!(parts.root, b"<e/>");
        assert_eq!(parts.part("cid:a@svcgen"), Some(&[0u8, 13, 10][..]));
    }

    #[test]
    fn broken_bodies_are_errors() {
        let content_type = r#"multipart/related; boundary="b""#;
        for body in [&b""[..], b"--b\r\nContent-ID: <x>\r\n\r\nno end", b"--b"] {
            assert!(split(content_type, body).is_err(), "{body:?}");
        }
        assert!(split("multipart/related", b"--b\r\n\r\n\r\n--b--").is_err());
    }
}
