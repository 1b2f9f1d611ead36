//! Writing a request envelope and reading an answer's: the header block with the
//! operation's declared headers, the body as the operation's binding places it, and a
//! fault when the body holds one.

use super::{Body, Fault, Operation, Response, Version};
use crate::xml::{
    Complex, ComplexRef, Error, Field, INSTANCE_NAMESPACE, RawXml, Reader, SCHEMA_NAMESPACE, Value,
    ValueRef, Writer,
};

/// The envelope prefix, as ASMX's help pages write it.
fn prefix(version: Version) -> &'static str {
    match version {
        Version::Soap11 => "soap",
        Version::Soap12 => "soap12",
    }
}

/// Header elements besides the operation's declared ones.
#[derive(Default)]
pub(crate) struct ExtraHeaders<'a> {
    /// Written first, as markup: WS-Addressing's, then WS-Security's. Either may use the
    /// envelope's prefix and `wsa` (declared on the envelope when `addressing`).
    pub leading: String,
    pub addressing: bool,
    /// Written after the declared ones: the client's, then the call's.
    pub trailing: Vec<&'a RawXml>,
    /// MTOM: binary values become parts whose Content-IDs this makes unique.
    pub mtom: Option<String>,
}

/// The request envelope: declarations on the envelope as ASMX's samples show them, the
/// header block only when a header has a value.
pub(crate) fn write_request<R: Value, H: Complex>(
    version: Version,
    operation: &Operation,
    request: &R,
    headers: &H,
    extra: &ExtraHeaders<'_>,
) -> Result<Request, Error> {
    let declared = (!operation.input_headers.is_empty())
        .then_some((&headers as &dyn ComplexRef, Some(operation.input_headers)));
    write_envelope(
        version,
        Content::Value(operation.input, &request),
        declared,
        extra,
    )
}

/// What the body of an envelope holds.
pub(crate) enum Content<'a> {
    /// A value, placed as the operation's binding says.
    Value(Body, &'a dyn ValueRef),
    /// A fault.
    #[cfg(feature = "mock")]
    Fault(&'a Fault),
}

/// An envelope: the header block (the fields of the header value that `declared` selects,
/// `None` for all of them, with `extra`'s), and the body.
pub(crate) fn write_envelope(
    version: Version,
    content: Content<'_>,
    declared: Option<(&dyn ComplexRef, Option<&'static [usize]>)>,
    extra: &ExtraHeaders<'_>,
) -> Result<Request, Error> {
    let envelope = version.envelope_namespace();
    let prefix = prefix(version);
    let in_scope = [
        ("xsi", INSTANCE_NAMESPACE),
        ("xsd", SCHEMA_NAMESPACE),
        (prefix, envelope),
    ];
    let mut header_block = extra.leading.clone();
    if let Some((headers, selected)) = declared {
        let mut writer = Writer::with_prefixes(&in_scope);
        writer.fields(headers, selected)?;
        header_block.push_str(&writer.finish());
    }
    for element in &extra.trailing {
        header_block.push_str(element.as_str());
    }
    let addressing = if extra.addressing {
        format!(
            " xmlns:{}=\"{}\"",
            super::addressing::PREFIX,
            super::addressing::NAMESPACE
        )
    } else {
        String::new()
    };
    let mut writer = Writer::with_prefixes(&in_scope);
    if let Some(unique) = &extra.mtom {
        writer = writer.with_mtom(unique, super::mtom::MAX_INLINED_BYTES);
    }
    writer.push_markup(&format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><{prefix}:Envelope xmlns:xsi=\"{INSTANCE_NAMESPACE}\" xmlns:xsd=\"{SCHEMA_NAMESPACE}\" xmlns:{prefix}=\"{envelope}\"{addressing}>"
    ));
    if !header_block.is_empty() {
        writer.push_markup(&format!(
            "<{prefix}:Header>{header_block}</{prefix}:Header>"
        ));
    }
    writer.push_markup(&format!("<{prefix}:Body>"));
    match content {
        Content::Value(Body::Element(name), value) => {
            let field = Field::element(name.namespace, name.local);
            value.write_value(&mut writer, name, &field, &[])?;
        }
        Content::Value(Body::Parts, value) => writer.content_only(value)?,
        #[cfg(feature = "mock")]
        Content::Fault(fault) => fault.write(&mut writer, version, prefix)?,
    }
    writer.push_markup(&format!("</{prefix}:Body></{prefix}:Envelope>"));
    let parts = writer.take_parts();
    Ok(Request {
        envelope: writer.finish(),
        parts,
    })
}

/// A request envelope and, in MTOM, the binary parts it refers to.
pub(crate) struct Request {
    pub envelope: String,
    pub parts: Vec<(String, Vec<u8>)>,
}

/// The prefix of `version`'s envelope in requests.
pub(crate) fn envelope_prefix(version: Version) -> &'static str {
    prefix(version)
}

/// Every child of `soap:Header`, kept raw.
#[derive(Default)]
struct HeaderElements(Vec<RawXml>);

impl Complex for HeaderElements {
    const FIELDS: &'static [Field] = &[Field::any()];

    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        reader.read(&mut self.0)
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.0)
    }
}

/// The header elements of an envelope, raw.
pub(crate) fn header_elements(bytes: &[u8]) -> Result<Vec<RawXml>, Unreadable> {
    let (mut reader, version) = open_envelope(bytes, None)?;
    let envelope = version.envelope_namespace();
    let mut elements = HeaderElements::default();
    reader.each_child(|reader, namespace, local| {
        if namespace == envelope && local == "Header" {
            return reader.complex(&mut elements);
        }
        Ok(())
    })?;
    Ok(elements.0)
}

/// What an answer's envelope held.
pub(crate) enum Message<B, H> {
    Reply(Response<B, H>),
    Fault(Box<Fault>),
}

/// Why an answer could not be read as an envelope.
pub(crate) enum Unreadable {
    /// Not an XML document with a SOAP envelope at its root; why, when the reader said.
    NotSoap(Option<String>),
    /// An envelope, but not one this operation answers with.
    Decode(String),
}

impl From<Error> for Unreadable {
    fn from(error: Error) -> Self {
        Unreadable::Decode(error.to_string())
    }
}

/// Resolves an MTOM answer's `xop:Include` references to its parts.
pub(crate) type Parts<'a> = Option<crate::xml::PartResolver<'a>>;

/// A reader standing on the envelope of `bytes`, and the envelope's SOAP version.
fn open_envelope<'a>(
    bytes: &'a [u8],
    parts: Parts<'a>,
) -> Result<(Reader<'a>, Version), Unreadable> {
    let not_soap = |error: Error| Unreadable::NotSoap(Some(error.to_string()));
    let reader = match parts {
        Some(parts) => Reader::with_parts(bytes, parts),
        None => Reader::new(bytes),
    };
    let mut reader = reader.map_err(not_soap)?;
    let (namespace, local) = reader.open_root().map_err(not_soap)?;
    let version = match namespace.as_str() {
        super::SOAP11_ENVELOPE => Version::Soap11,
        super::SOAP12_ENVELOPE => Version::Soap12,
        _ => return Err(Unreadable::NotSoap(None)),
    };
    if local != "Envelope" {
        return Err(Unreadable::NotSoap(None));
    }
    Ok((reader, version))
}

/// The fault in the body, if there is one.
fn fault_in(bytes: &[u8]) -> Result<Option<Box<Fault>>, Unreadable> {
    let (mut reader, version) = open_envelope(bytes, None)?;
    let envelope = version.envelope_namespace();
    let mut fault = None;
    reader.each_child(|reader, namespace, local| {
        if namespace != envelope || local != "Body" {
            return Ok(());
        }
        reader.each_child(|reader, namespace, local| {
            if namespace == envelope && local == "Fault" {
                fault = Some(Box::new(Fault::read(reader, version)?));
            }
            Ok(())
        })
    })?;
    Ok(fault)
}

pub(crate) fn read_response<'a, B: Value + Default, H: Complex>(
    bytes: &'a [u8],
    operation: &Operation,
    parts: Parts<'a>,
) -> Result<Message<B, H>, Unreadable> {
    read_message(
        bytes,
        operation.name,
        operation.output,
        parts,
        "answers with",
    )
}

/// A request's envelope, as a service reads it: the body `operation` is called with and
/// the headers sent.
#[cfg(feature = "mock")]
pub(crate) fn read_request<'a, B: Value + Default, H: Complex>(
    bytes: &'a [u8],
    operation: &Operation,
    parts: Parts<'a>,
) -> Result<Message<B, H>, Unreadable> {
    read_message(
        bytes,
        operation.name,
        Some(operation.input),
        parts,
        "is called with",
    )
}

/// The SOAP version of the envelope in `bytes`, if they hold one.
#[cfg(feature = "mock")]
pub(crate) fn version_of(bytes: &[u8]) -> Option<Version> {
    open_envelope(bytes, None).ok().map(|(_, version)| version)
}

/// The name (namespace, local name) of the first element in an envelope's body.
#[cfg(feature = "mock")]
pub(crate) fn body_element(bytes: &[u8]) -> Option<(String, String)> {
    let (mut reader, version) = open_envelope(bytes, None).ok()?;
    let envelope = version.envelope_namespace();
    let mut first = None;
    reader
        .each_child(|reader, namespace, local| {
            if namespace != envelope || local != "Body" {
                return Ok(());
            }
            reader.each_child(|_, namespace, local| {
                first.get_or_insert_with(|| (namespace.to_owned(), local.to_owned()));
                Ok(())
            })
        })
        .ok()?;
    first
}

/// An envelope whose body holds `expected` (`None`: nothing to read), or a fault;
/// `verb` says what `operation` does with that body, for the error.
fn read_message<'a, B: Value + Default, H: Complex>(
    bytes: &'a [u8],
    operation: &str,
    expected: Option<Body>,
    parts: Parts<'a>,
    verb: &str,
) -> Result<Message<B, H>, Unreadable> {
    // A body whose parts are its children is read as a whole, so a fault is looked for
    // first.
    if expected == Some(Body::Parts)
        && let Some(fault) = fault_in(bytes)?
    {
        return Ok(Message::Fault(fault));
    }
    let (mut reader, version) = open_envelope(bytes, parts)?;
    let envelope = version.envelope_namespace();
    let mut headers = H::default();
    let mut body = B::default();
    let mut fault = None;
    let mut found_body = expected.is_none();
    let mut seen = Vec::new();
    let mut has_header = false;
    reader.each_child(|reader, namespace, local| {
        if namespace != envelope {
            return Ok(());
        }
        match local {
            "Header" => {
                has_header = true;
                reader.complex(&mut headers)
            }
            "Body" if expected == Some(Body::Parts) => {
                found_body = true;
                body.read_into(reader, &[])
            }
            "Body" => reader.each_child(|reader, namespace, local| {
                if namespace == envelope && local == "Fault" {
                    fault = Some(Box::new(Fault::read(reader, version)?));
                    return Ok(());
                }
                match expected {
                    Some(Body::Element(name))
                        if name.namespace == namespace && name.local == local =>
                    {
                        found_body = true;
                        body.read_into(reader, &[])
                    }
                    _ => {
                        seen.push(format!("{{{namespace}}}{local}"));
                        Ok(())
                    }
                }
            }),
            _ => Ok(()),
        }
    })?;
    if let Some(fault) = fault {
        return Ok(Message::Fault(fault));
    }
    if !found_body && expected != Some(Body::Parts) {
        let expected = match expected {
            Some(Body::Element(name)) => name.to_string(),
            _ => String::new(),
        };
        let seen = if seen.is_empty() {
            "an empty body".to_owned()
        } else {
            seen.join(", ")
        };
        return Err(Unreadable::Decode(format!(
            "`{operation}` {verb} `{expected}`, but the body holds {seen}"
        )));
    }
    let header_elements = if has_header {
        header_elements(bytes)?
    } else {
        Vec::new()
    };
    Ok(Message::Reply(Response {
        body,
        headers,
        header_elements,
    }))
}
