//! SOAP faults of both versions in one type: SOAP 1.1's `faultcode`, `faultstring`,
//! `faultactor` and `detail`, and SOAP 1.2's `Code/Value` (with nested `Subcode`s),
//! `Reason/Text` (with `xml:lang`), `Node`, `Role` and `Detail`. The detail stays raw XML
//! until the caller reads it as a declared type ([`Fault::detail`]) or as the
//! `message`/`code`/`source` triple ASMX puts there ([`Fault::asmx_detail`]).

use std::fmt;

use super::{SOAP12_ENVELOPE, Version};
use crate::xml::{Complex, Error, Field, Name, QName, RawXml, Reader, Value, Writer};

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fault {
    pub version: Version,
    /// `soap:Client`, `soap:Server` (1.1); `Sender`, `Receiver`… (1.2).
    pub code: QName,
    /// SOAP 1.2 subcodes, outermost first.
    pub subcodes: Vec<QName>,
    /// `faultstring`, or the first `Reason/Text`.
    pub reason: String,
    /// The `xml:lang` of the reason (SOAP 1.2).
    pub reason_lang: Option<String>,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    /// `Node` (1.2).
    pub node: Option<String>,
    /// The content of `detail` / `Detail`.
    pub detail: Option<RawXml>,
}

impl Fault {
    /// Whether the fault blames the request (`Client` in 1.1, `Sender` in 1.2).
    pub fn is_sender_fault(&self) -> bool {
        matches!(self.code.local.as_str(), "Client" | "Sender")
    }

    /// The detail as the type declared for element `name`, if the detail holds one.
    pub fn detail<T: Value + Default>(&self, name: Name) -> Result<Option<T>, Error> {
        match &self.detail {
            Some(detail) => detail.parse(name),
            None => Ok(None),
        }
    }

    /// What ASMX services put in the detail: `message`, `code` (Twinfield's error number)
    /// and `source`.
    pub fn asmx_detail(&self) -> Option<AsmxDetail> {
        let detail = self.detail.as_ref()?;
        let parsed: AsmxDetail = detail.parse_content().ok()?;
        (parsed != AsmxDetail::default()).then_some(parsed)
    }

    /// A fault that blames the request (`soap:Client`, `Sender` in SOAP 1.2), as a service
    /// (or a mock of one) sends it.
    pub fn client(reason: impl Into<String>) -> Self {
        Self::with_code("Client", reason.into())
    }

    /// A fault of the service itself (`soap:Server`, `Receiver` in SOAP 1.2).
    pub fn server(reason: impl Into<String>) -> Self {
        Self::with_code("Server", reason.into())
    }

    fn with_code(local: &str, reason: String) -> Self {
        Fault {
            code: QName {
                namespace: super::SOAP11_ENVELOPE.to_owned(),
                local: local.to_owned(),
            },
            reason,
            ..Fault::default()
        }
    }

    /// This fault with a detail: element `name` holding `value` (a declared fault type).
    pub fn with_detail<T: Value>(mut self, name: Name, value: &T) -> Result<Self, Error> {
        self.detail = Some(RawXml::new(crate::xml::to_string(value, name)?)?);
        Ok(self)
    }

    /// The code and subcodes as `version` writes them. The envelope's codes of the other
    /// version are translated (`Client` and `Sender`, `Server` and `Receiver`); no code is
    /// the service's fault. SOAP 1.1 has no subcodes: the first stands as the code, as WCF
    /// writes `a:ActionNotSupported`. SOAP 1.2 allows only the envelope's codes at the top:
    /// another becomes the first subcode of `Receiver`.
    #[cfg(feature = "mock")]
    fn codes_in(&self, version: Version) -> (QName, Vec<QName>) {
        let envelope = |local: &str| QName {
            namespace: version.envelope_namespace().to_owned(),
            local: local.to_owned(),
        };
        let namespace = self.code.namespace.as_str();
        let standard = namespace == super::SOAP11_ENVELOPE || namespace == SOAP12_ENVELOPE;
        let local = match (version, self.code.local.as_str()) {
            (Version::Soap11, "" | "Receiver") => "Server",
            (Version::Soap11, "Sender") => "Client",
            (Version::Soap12, "" | "Server") => "Receiver",
            (Version::Soap12, "Client") => "Sender",
            (_, other) => other,
        };
        match version {
            Version::Soap11 => match self.subcodes.first() {
                Some(subcode) => (subcode.clone(), Vec::new()),
                None if standard || self.code.local.is_empty() => (envelope(local), Vec::new()),
                None => (self.code.clone(), Vec::new()),
            },
            Version::Soap12 if standard || self.code.local.is_empty() => {
                (envelope(local), self.subcodes.clone())
            }
            Version::Soap12 => {
                let subcodes = std::iter::once(self.code.clone())
                    .chain(self.subcodes.iter().cloned())
                    .collect();
                (envelope("Receiver"), subcodes)
            }
        }
    }

    /// The `Fault` element as `version` writes it, `prefix` being the envelope's.
    #[cfg(feature = "mock")]
    pub(crate) fn write(
        &self,
        writer: &mut Writer,
        version: Version,
        prefix: &str,
    ) -> Result<(), Error> {
        let envelope = version.envelope_namespace();
        let element = Field::element("", "");
        let (code, subcodes) = self.codes_in(version);
        writer.start_prefixed(prefix, Name::new(envelope, "Fault"))?;
        match version {
            Version::Soap11 => {
                writer.qname(Name::new("", "faultcode"), &element, &code)?;
                writer.text_value(Name::new("", "faultstring"), &element, &self.reason)?;
                if let Some(actor) = &self.actor {
                    writer.text_value(Name::new("", "faultactor"), &element, actor)?;
                }
                if let Some(detail) = &self.detail {
                    writer.raw(Name::new("", "detail"), &element, detail)?;
                }
            }
            Version::Soap12 => {
                let child = |local| Name::new(envelope, local);
                writer.start_prefixed(prefix, child("Code"))?;
                writer.qname(child("Value"), &element, &code)?;
                for subcode in &subcodes {
                    writer.start_prefixed(prefix, child("Subcode"))?;
                    writer.qname(child("Value"), &element, subcode)?;
                }
                for _ in &subcodes {
                    writer.end()?;
                }
                writer.end()?;
                writer.start_prefixed(prefix, child("Reason"))?;
                writer.start_prefixed(prefix, child("Text"))?;
                let lang = self.reason_lang.as_deref().unwrap_or("en");
                writer.attribute(Name::new(XML_NAMESPACE, "lang"), lang)?;
                writer.text(&self.reason)?;
                writer.end()?;
                writer.end()?;
                if let Some(node) = &self.node {
                    writer.text_value(child("Node"), &element, node)?;
                }
                if let Some(role) = &self.actor {
                    writer.text_value(child("Role"), &element, role)?;
                }
                if let Some(detail) = &self.detail {
                    writer.raw(child("Detail"), &element, detail)?;
                }
            }
        }
        writer.end()
    }

    pub(crate) fn read(reader: &mut Reader<'_>, version: Version) -> Result<Self, Error> {
        match version {
            Version::Soap11 => {
                let mut fault = Fault11::default();
                reader.complex(&mut fault)?;
                let mut read = Fault {
                    version,
                    code: fault.code,
                    reason: fault.reason,
                    actor: fault.actor,
                    detail: fault.detail,
                    ..Fault::default()
                };
                // node-soap writes SOAP 1.2's `Code`/`Reason` inside a SOAP 1.1 envelope.
                if let Some(code) = fault.code12 {
                    (read.code, read.subcodes) = code.flatten();
                }
                if let Some(reason) = fault.reason12 {
                    let text = reason.texts.into_iter().next().unwrap_or_default();
                    (read.reason, read.reason_lang) = (text.text, text.lang);
                }
                Ok(read)
            }
            Version::Soap12 => {
                let mut fault = Fault12::default();
                reader.complex(&mut fault)?;
                let (code, subcodes) = fault.code.flatten();
                let text = fault.reason.texts.into_iter().next().unwrap_or_default();
                Ok(Fault {
                    version,
                    code,
                    subcodes,
                    reason: text.text,
                    reason_lang: text.lang,
                    actor: fault.role,
                    node: fault.node,
                    detail: fault.detail,
                })
            }
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.local, self.reason.trim())
    }
}

/// The detail ASMX writes for an exception.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsmxDetail {
    pub message: Option<String>,
    pub code: Option<String>,
    pub source: Option<String>,
}

impl Complex for AsmxDetail {
    const FIELDS: &'static [Field] = &[
        Field::element("", "message"),
        Field::element("", "code"),
        Field::element("", "source"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.message),
            1 => reader.read(&mut self.code),
            2 => reader.read(&mut self.source),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.message)?;
        writer.write(Self::FIELDS, 1, &self.code)?;
        writer.write(Self::FIELDS, 2, &self.source)
    }
}

/// The namespace of a fault's SOAP 1.2-style children.
trait Envelope: Default + std::fmt::Debug {
    const NAMESPACE: &'static str;
}

#[derive(Debug, Default)]
struct Soap11;
impl Envelope for Soap11 {
    const NAMESPACE: &'static str = super::SOAP11_ENVELOPE;
}

#[derive(Debug, Default)]
struct Soap12;
impl Envelope for Soap12 {
    const NAMESPACE: &'static str = SOAP12_ENVELOPE;
}

/// SOAP 1.1's fault: unqualified children (some stacks qualify them; both are read), and
/// SOAP 1.2's `Code`/`Reason` in the 1.1 namespace, as node-soap writes them.
#[derive(Debug, Default)]
struct Fault11 {
    code: QName,
    reason: String,
    actor: Option<String>,
    detail: Option<RawXml>,
    code12: Option<Code12<Soap11>>,
    reason12: Option<Reason12<Soap11>>,
}

impl Complex for Fault11 {
    const FIELDS: &'static [Field] = &[
        Field::element("", "faultcode"),
        Field::element("", "faultstring"),
        Field::element("", "faultactor"),
        Field::element("", "detail"),
        Field::element(super::SOAP11_ENVELOPE, "faultcode"),
        Field::element(super::SOAP11_ENVELOPE, "faultstring"),
        Field::element(super::SOAP11_ENVELOPE, "faultactor"),
        Field::element(super::SOAP11_ENVELOPE, "detail"),
        Field::element(super::SOAP11_ENVELOPE, "Code"),
        Field::element(super::SOAP11_ENVELOPE, "Reason"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            8 => reader.complex(self.code12.get_or_insert_default()),
            9 => reader.complex(self.reason12.get_or_insert_default()),
            _ => match index % 4 {
                0 => reader.read(&mut self.code),
                1 => reader.read(&mut self.reason),
                2 => reader.read(&mut self.actor),
                3 => reader.read(&mut self.detail),
                _ => reader.skip(),
            },
        }
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Err(Error::new("faults are only read"))
    }
}

#[derive(Debug, Default)]
struct Fault12 {
    code: Code12<Soap12>,
    reason: Reason12<Soap12>,
    node: Option<String>,
    role: Option<String>,
    detail: Option<RawXml>,
}

impl Complex for Fault12 {
    const FIELDS: &'static [Field] = &[
        Field::element(SOAP12_ENVELOPE, "Code"),
        Field::element(SOAP12_ENVELOPE, "Reason"),
        Field::element(SOAP12_ENVELOPE, "Node"),
        Field::element(SOAP12_ENVELOPE, "Role"),
        Field::element(SOAP12_ENVELOPE, "Detail"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.complex(&mut self.code),
            1 => reader.complex(&mut self.reason),
            2 => reader.read(&mut self.node),
            3 => reader.read(&mut self.role),
            4 => reader.read(&mut self.detail),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Err(Error::new("faults are only read"))
    }
}

/// `Code` and `Subcode`: a value and maybe a nested subcode.
#[derive(Debug, Default)]
struct Code12<N> {
    value: QName,
    subcode: Option<Box<Code12<N>>>,
    namespace: std::marker::PhantomData<N>,
}

impl<N> Code12<N> {
    /// The code and its subcodes, outermost first.
    fn flatten(self) -> (QName, Vec<QName>) {
        let mut subcodes = Vec::new();
        let mut next = self.subcode;
        while let Some(code) = next {
            subcodes.push(code.value);
            next = code.subcode;
        }
        (self.value, subcodes)
    }
}

impl<N: Envelope> Complex for Code12<N> {
    const FIELDS: &'static [Field] = &[
        Field::element(N::NAMESPACE, "Value"),
        Field::element(N::NAMESPACE, "Subcode"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.value),
            1 => {
                let mut code = Code12::<N>::default();
                reader.complex(&mut code)?;
                self.subcode = Some(Box::new(code));
                Ok(())
            }
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Err(Error::new("faults are only read"))
    }
}

#[derive(Debug, Default)]
struct Reason12<N> {
    texts: Vec<Text12>,
    namespace: std::marker::PhantomData<N>,
}

impl<N: Envelope> Complex for Reason12<N> {
    const FIELDS: &'static [Field] = &[Field::element(N::NAMESPACE, "Text")];

    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        let mut text = Text12::default();
        reader.complex(&mut text)?;
        self.texts.push(text);
        Ok(())
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Err(Error::new("faults are only read"))
    }
}

#[derive(Debug, Default)]
struct Text12 {
    lang: Option<String>,
    text: String,
}

impl Complex for Text12 {
    const FIELDS: &'static [Field] = &[Field::attribute(XML_NAMESPACE, "lang"), Field::text()];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.lang),
            1 => reader.read(&mut self.text),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Err(Error::new("faults are only read"))
    }
}
