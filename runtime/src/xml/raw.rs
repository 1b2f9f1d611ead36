//! Values whose XML cannot be typed in advance: raw XML fragments (`xs:any`, mixed
//! content, .NET `XmlNode` and DataSets) and qualified names (`xs:QName`), which need the
//! namespace scope they were written in.

use std::fmt;

use super::{Error, Field, Name, Reader, Value, Writer};

/// An XML fragment kept as text, with the namespace declarations that were in scope where
/// it was read (prefix `""` is the default namespace), so prefixes inside it can still be
/// resolved. Written back verbatim. Two fragments are equal when their text is: the scope
/// is where a fragment was found, not what it is.
#[derive(Clone, Default)]
pub struct RawXml {
    xml: String,
    namespaces: Vec<(String, String)>,
}

impl RawXml {
    /// A fragment to send; it must be well-formed and declare the prefixes it uses.
    pub fn new(xml: impl Into<String>) -> Result<Self, Error> {
        let xml = xml.into();
        check_well_formed(&xml)?;
        Ok(Self {
            xml,
            namespaces: Vec::new(),
        })
    }

    /// Text content, escaped.
    pub(crate) fn from_text(text: &str) -> Self {
        Self {
            xml: quick_xml::escape::partial_escape(text).into_owned(),
            namespaces: Vec::new(),
        }
    }

    pub(crate) fn with_namespaces(xml: String, namespaces: Vec<(String, String)>) -> Self {
        Self { xml, namespaces }
    }

    pub fn as_str(&self) -> &str {
        &self.xml
    }

    /// The namespace declarations in scope where the fragment was read.
    pub fn namespaces(&self) -> &[(String, String)] {
        &self.namespaces
    }

    /// The scope with the default namespace always said: a fragment read where no default
    /// namespace was in scope has its unprefixed names in no namespace (`xmlns=""`).
    pub(crate) fn scope(&self) -> Vec<(String, String)> {
        let mut scope = self.namespaces.clone();
        if !scope.is_empty() && !scope.iter().any(|(prefix, _)| prefix.is_empty()) {
            scope.push((String::new(), String::new()));
        }
        scope
    }

    /// Reads the first element of the fragment named `root` as a `T` (a fault's detail as
    /// its declared type, say).
    pub fn parse<T: Value + Default>(&self, root: Name) -> Result<Option<T>, Error> {
        let document = self.wrapped();
        let mut reader = Reader::new(document.as_bytes())?;
        reader.open_root()?;
        let mut found = None;
        reader.items(root, |reader| {
            if found.is_none() {
                let mut value = T::default();
                value.read_into(reader, &[])?;
                found = Some(value);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// Reads the fragment's top-level elements as the fields of a `T` (a detail whose parts
    /// are its children).
    pub fn parse_content<T: super::Complex>(&self) -> Result<T, Error> {
        let document = self.wrapped();
        let mut reader = Reader::new(document.as_bytes())?;
        reader.open_root()?;
        let mut value = T::default();
        reader.complex(&mut value)?;
        Ok(value)
    }

    /// The names of the fragment's top-level elements, as (namespace, local name).
    pub fn elements(&self) -> Result<Vec<(String, String)>, Error> {
        use quick_xml::events::Event;
        let document = self.wrapped();
        let mut reader = quick_xml::NsReader::from_str(&document);
        // The wrapper is level 1; its children are level 2.
        let mut depth = 0usize;
        let mut names = Vec::new();
        loop {
            let (namespace, event) = reader
                .read_resolved_event()
                .map_err(|error| Error::new(format!("not well-formed XML: {error}")))?;
            let (start, opens) = match event {
                Event::Start(start) => (start, true),
                Event::Empty(start) => (start, false),
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    continue;
                }
                Event::Eof => return Ok(names),
                _ => continue,
            };
            if depth == 1 {
                let namespace = match namespace {
                    quick_xml::name::ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
                    _ => String::new(),
                };
                let local = start.local_name().as_ref().to_owned();
                names.push((namespace, local));
            }
            if opens {
                depth += 1;
            }
        }
    }

    /// The fragment inside an element that re-declares its namespaces.
    fn wrapped(&self) -> String {
        let mut document = String::from("<svcgen-fragment");
        for (prefix, namespace) in &self.namespaces {
            let escaped = quick_xml::escape::escape(namespace.as_str());
            if prefix.is_empty() {
                document.push_str(&format!(" xmlns=\"{escaped}\""));
            } else {
                document.push_str(&format!(" xmlns:{prefix}=\"{escaped}\""));
            }
        }
        document.push('>');
        document.push_str(&self.xml);
        document.push_str("</svcgen-fragment>");
        document
    }
}

fn check_well_formed(xml: &str) -> Result<(), Error> {
    let fragment = RawXml {
        xml: xml.to_owned(),
        namespaces: Vec::new(),
    };
    let document = fragment.wrapped();
    let mut reader = quick_xml::NsReader::from_str(&document);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_resolved_event() {
            Ok((_, quick_xml::events::Event::Eof)) => return Ok(()),
            Ok((_, quick_xml::events::Event::DocType(_))) => {
                return Err(Error::new("raw XML may not contain a DTD"));
            }
            Ok(_) => {}
            Err(error) => return Err(Error::new(format!("not well-formed XML: {error}"))),
        }
    }
}

impl PartialEq for RawXml {
    fn eq(&self, other: &Self) -> bool {
        self.xml == other.xml
    }
}

impl Eq for RawXml {}

impl fmt::Debug for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawXml").field(&self.xml).finish()
    }
}

impl fmt::Display for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.xml)
    }
}

impl Value for RawXml {
    fn read_into(&mut self, reader: &mut Reader<'_>, _: &[Name]) -> Result<(), Error> {
        *self = reader.raw()?;
        Ok(())
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        _: &[Name],
    ) -> Result<(), Error> {
        writer.raw(name, field, self)
    }
}

/// A qualified name value (`xs:QName`): namespace URI and local name. On the wire it is
/// `prefix:local` with the prefix declared in scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub namespace: String,
    pub local: String,
}

impl Value for QName {
    fn read_into(&mut self, reader: &mut Reader<'_>, _: &[Name]) -> Result<(), Error> {
        let text = reader.text()?;
        let text = text.trim();
        *self = reader.resolve_qname(text);
        Ok(())
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        _: &[Name],
    ) -> Result<(), Error> {
        writer.qname(name, field, self)
    }
}

/// The attributes of an element that its schema leaves open (`xs:anyAttribute`), by
/// qualified name: kept when read, written back when sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Attributes(pub std::collections::BTreeMap<QName, String>);

impl Attributes {
    /// The value of the attribute `{namespace}local`.
    pub fn get(&self, namespace: &str, local: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name.namespace == namespace && name.local == local)
            .map(|(_, value)| value.as_str())
    }

    /// Sets the attribute `{namespace}local` (an empty namespace: unqualified).
    pub fn insert(&mut self, namespace: &str, local: &str, value: impl Into<String>) {
        let name = QName {
            namespace: namespace.to_owned(),
            local: local.to_owned(),
        };
        self.0.insert(name, value.into());
    }
}

impl Value for Attributes {
    /// One attribute at a time: the reader stands on it.
    fn read_into(&mut self, reader: &mut Reader<'_>, _: &[Name]) -> Result<(), Error> {
        let name = reader
            .attribute_name()
            .ok_or_else(|| Error::new("open attributes are read from attributes only"))?;
        let value = reader.text()?.into_owned();
        self.0.insert(name, value);
        Ok(())
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        _: Name,
        _: &Field,
        _: &[Name],
    ) -> Result<(), Error> {
        for (name, value) in &self.0 {
            writer.open_attribute(&name.namespace, &name.local, value)?;
        }
        Ok(())
    }
}
