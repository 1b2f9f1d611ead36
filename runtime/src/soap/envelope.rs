//! Writing a request envelope and reading an answer's: the header block with the
//! operation's declared headers, the body as the operation's binding places it, and a
//! fault when the body holds one.

use super::{Body, Fault, Operation, Response, Version};
use crate::xml::{
    Complex, Error, Field, INSTANCE_NAMESPACE, RawXml, Reader, SCHEMA_NAMESPACE, Value, Writer,
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
    let envelope = version.envelope_namespace();
    let prefix = prefix(version);
    let in_scope = [
        ("xsi", INSTANCE_NAMESPACE),
        ("xsd", SCHEMA_NAMESPACE),
        (prefix, envelope),
    ];
    let mut header_block = extra.leading.clone();
    if !operation.input_headers.is_empty() {
        let mut writer = Writer::with_prefixes(&in_scope);
        writer.fields(headers, Some(operation.input_headers))?;
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
    match operation.input {
        Body::Element(name) => {
            let field = Field::element(name.namespace, name.local);
            request.write_value(&mut writer, name, &field, &[])?;
        }
        Body::Parts => writer.content_only(request)?,
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

/// The header elements of an answer's envelope, raw.
fn header_elements(bytes: &[u8]) -> Result<Vec<RawXml>, Unreadable> {
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
    // A body whose parts are its children is read as a whole, so a fault is looked for
    // first.
    if operation.output == Some(Body::Parts)
        && let Some(fault) = fault_in(bytes)?
    {
        return Ok(Message::Fault(fault));
    }
    let (mut reader, version) = open_envelope(bytes, parts)?;
    let envelope = version.envelope_namespace();
    let mut headers = H::default();
    let mut body = B::default();
    let mut fault = None;
    let mut found_body = operation.output.is_none();
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
            "Body" if operation.output == Some(Body::Parts) => {
                found_body = true;
                body.read_into(reader, &[])
            }
            "Body" => reader.each_child(|reader, namespace, local| {
                if namespace == envelope && local == "Fault" {
                    fault = Some(Box::new(Fault::read(reader, version)?));
                    return Ok(());
                }
                match operation.output {
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
    if !found_body && operation.output != Some(Body::Parts) {
        let expected = match operation.output {
            Some(Body::Element(name)) => name.to_string(),
            _ => String::new(),
        };
        let seen = if seen.is_empty() {
            "an empty body".to_owned()
        } else {
            seen.join(", ")
        };
        return Err(Unreadable::Decode(format!(
            "`{}` answers with `{expected}`, but the body holds {seen}",
            operation.name
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
