//! The pull reader generated types read themselves from, on quick-xml's namespace-aware
//! `NsReader`. The reader always stands on one value: an element just opened (its start
//! tag read, its namespace scope active) or a text (an attribute value, simple content).
//! Reading a value consumes it; whatever a type does not take is skipped.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{PrefixDeclaration, ResolveResult};

use super::{
    Complex, ComplexPlace, Error, Field, INSTANCE_NAMESPACE, ItemsPlace, Kind, Name, RawXml, Value,
};

/// Deeper nesting than this many element levels (the root is one) is refused: no real
/// message needs it, and a hostile one must not exhaust the stack. The DataContract reader
/// uses the same limit (see `docs/decisions.md`).
pub const MAX_DEPTH: usize = 128;

pub struct Reader<'a> {
    xml: NsReader<&'a [u8]>,
    input: &'a str,
    element: Option<Open<'a>>,
    text: Option<Cow<'a, str>>,
    field: Option<&'static Field>,
    /// The attribute an `xs:anyAttribute` field is being read from.
    attribute: Option<super::QName>,
    /// Resolves an MTOM answer's `xop:Include` `href` to its part.
    parts: Option<PartResolver<'a>>,
    depth: usize,
}

/// Finds the MIME part an `xop:Include` `href` names, in the answer being read.
pub(crate) type PartResolver<'a> = &'a dyn Fn(&str) -> Option<&'a [u8]>;

/// A binary value as it arrived: base64 text, or an MTOM part's bytes.
#[derive(Debug)]
pub enum Binary<'a> {
    Text(Cow<'a, str>),
    Part(&'a [u8]),
}

/// `http://www.w3.org/2004/08/xop/include`.
const XOP_NAMESPACE: &str = "http://www.w3.org/2004/08/xop/include";

/// An element whose start tag has been read.
struct Open<'a> {
    start: BytesStart<'a>,
    empty: bool,
    /// Where the start tag began and where its content begins, in the input.
    tag_start: usize,
    content_start: usize,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("position", &self.xml.buffer_position())
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|error| {
        Error::at(
            "the document is not valid UTF-8",
            u64::try_from(error.valid_up_to()).unwrap_or(u64::MAX),
        )
    })
}

fn matches(namespace: &ResolveResult<'_>, local: &str, name: &Name) -> bool {
    let namespace = match namespace {
        ResolveResult::Bound(namespace) => namespace.as_ref(),
        _ => "",
    };
    namespace == name.namespace && local == name.local
}

impl<'a> Reader<'a> {
    /// A reader over a whole document. A byte order mark and whitespace before the XML
    /// declaration are tolerated (captured responses have both).
    pub fn new(bytes: &'a [u8]) -> Result<Self, Error> {
        let text = utf8(crate::bom::strip(bytes))?.trim_start();
        let mut xml = NsReader::from_str(text);
        xml.config_mut().check_end_names = true;
        Ok(Self {
            xml,
            input: text,
            element: None,
            text: None,
            field: None,
            attribute: None,
            parts: None,
            depth: 0,
        })
    }

    /// A reader whose binary values may be `xop:Include` references to the parts `parts`
    /// resolves (an MTOM answer).
    pub(crate) fn with_parts(bytes: &'a [u8], parts: PartResolver<'a>) -> Result<Self, Error> {
        let mut reader = Self::new(bytes)?;
        reader.parts = Some(parts);
        Ok(reader)
    }

    fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::at(message, self.position())
    }

    fn offset(&self) -> usize {
        usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX)
    }

    fn next(&mut self) -> Result<(ResolveResult<'_>, Event<'a>), Error> {
        let position = self.position();
        let (namespace, event) = self
            .xml
            .read_resolved_event()
            .map_err(|error| Error::at(format!("not well-formed XML: {error}"), position))?;
        if let Event::DocType(_) = event {
            return Err(Error::at(
                "documents with a DTD are refused (entities are never expanded)",
                position,
            ));
        }
        Ok((namespace, event))
    }

    /// Moves to the root element, which must be `name`.
    pub fn root(&mut self, name: Name) -> Result<(), Error> {
        let (actual_namespace, actual_local) = self.open_root()?;
        if actual_namespace != name.namespace || actual_local != name.local {
            return Err(self.error(format!(
                "expected the root element `{name}`, found `{{{actual_namespace}}}{actual_local}`"
            )));
        }
        Ok(())
    }

    /// Moves to the root element, whatever it is, and returns its name.
    pub fn open_root(&mut self) -> Result<(String, String), Error> {
        loop {
            let tag_start = self.offset();
            let (namespace, event) = self.next()?;
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::Eof => return Err(self.error("the document has no root element")),
                Event::Text(text) if text.trim().is_empty() => continue,
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(self.error("text before the root element"));
                }
                _ => continue,
            };
            let namespace = namespace_text(&namespace);
            let local = start.local_name().as_ref().to_owned();
            let content_start = self.offset();
            self.element = Some(Open {
                start,
                empty,
                tag_start,
                content_start,
            });
            return Ok((namespace, local));
        }
    }

    /// The field being read, when a [`Complex`] type handed one over.
    pub fn field(&self) -> Option<&'static Field> {
        self.field
    }

    /// Whether the element the reader stands on says `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.instance_attribute("nil")
            .is_some_and(|value| matches!(value.trim(), "true" | "1"))
    }

    /// The value of an `xsi:` attribute of the current element.
    fn instance_attribute(&self, local: &str) -> Option<String> {
        let open = self.element.as_ref()?;
        open.start.attributes().flatten().find_map(|attribute| {
            let (namespace, name) = self.xml.resolver().resolve_attribute(attribute.key);
            let is_instance =
                matches!(&namespace, ResolveResult::Bound(ns) if ns.as_ref() == INSTANCE_NAMESPACE);
            (is_instance && name.as_ref() == local)
                .then(|| {
                    attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                })
                .flatten()
                .map(Cow::into_owned)
        })
    }

    /// The `xsi:type` of the current element as (namespace, local name), resolved in the
    /// element's scope.
    pub fn xsi_type(&self) -> Option<(String, String)> {
        let value = self.instance_attribute("type")?;
        let name = self.resolve_qname(value.trim());
        Some((name.namespace, name.local))
    }

    /// A `prefix:local` text resolved in the current scope (an undeclared prefix gives an
    /// empty namespace).
    pub fn resolve_qname(&self, text: &str) -> super::QName {
        let (prefix, local) = match text.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, text),
        };
        let namespace = self.namespace_of(prefix);
        super::QName {
            namespace,
            local: local.to_owned(),
        }
    }

    /// The namespace `prefix` (or the default namespace) is bound to in the current scope.
    fn namespace_of(&self, prefix: Option<&str>) -> String {
        let wanted = prefix.unwrap_or("");
        self.xml
            .resolver()
            .bindings()
            .find_map(|(declared, namespace)| {
                let declared = match declared {
                    PrefixDeclaration::Default => "",
                    PrefixDeclaration::Named(prefix) => prefix,
                };
                (declared == wanted).then(|| namespace.as_ref().to_owned())
            })
            .unwrap_or_default()
    }

    /// The position in `names` of the current element's `xsi:type`, for polymorphic types.
    pub fn type_index(&self, names: &[Name]) -> Option<usize> {
        let (namespace, local) = self.xsi_type()?;
        names
            .iter()
            .position(|name| name.namespace == namespace && name.local == local)
    }

    /// Reads one value into `value` with the current field's list item names; generated
    /// `read_field`s call this once per field. A direct call: what differs between field
    /// types is in their [`Value`] impls, and what they share is compiled once behind a
    /// `dyn` (elements, lists).
    #[inline]
    pub fn read<T: Value + ?Sized>(&mut self, value: &mut T) -> Result<(), Error> {
        let items = self.items_of_field();
        value.read_into(self, items)
    }

    /// The error for an element that may occur once, repeated as `xsi:nil` after a value:
    /// refused rather than read as absent, which would drop the earlier value (and a drop
    /// in the reader's generic code compiles a generated type's drop glue; see `erased`).
    pub(crate) fn nil_after_value(&self) -> Error {
        let name = self.field.map_or("", |field| field.name.local);
        self.error(format!(
            "element `{name}` is nil after a value was already read for it"
        ))
    }

    fn items_of_field(&self) -> &'static [Name] {
        self.field.map_or(&[][..], |field| field.items)
    }

    /// Skips the value the reader stands on.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.text = None;
        let Some(open) = self.element.take() else {
            return Ok(());
        };
        if !open.empty {
            let position = self.position();
            self.xml
                .read_to_end(open.start.name())
                .map_err(|error| Error::at(format!("not well-formed XML: {error}"), position))?;
        }
        Ok(())
    }

    /// A binary value: its base64 text, or the MTOM part its `xop:Include` names.
    pub fn binary(&mut self) -> Result<Binary<'a>, Error> {
        let include = match (&self.element, self.parts) {
            (Some(open), Some(_)) if !open.empty => self.include_href()?,
            _ => None,
        };
        let Some(href) = include else {
            return self.text().map(Binary::Text);
        };
        let part = self.parts.and_then(|parts| parts(&href)).ok_or_else(|| {
            self.error(format!(
                "`xop:Include` names `{href}`, which the answer does not have"
            ))
        })?;
        self.skip()?;
        Ok(Binary::Part(part))
    }

    /// The `href` of an `xop:Include` that starts the element's content, if one does (the
    /// reader is not moved when none does).
    fn include_href(&mut self) -> Result<Option<String>, Error> {
        let rest = self.input.get(self.offset()..).unwrap_or_default();
        let next = rest.trim_start();
        if !next.starts_with('<') || next.starts_with("</") {
            return Ok(None);
        }
        // Peek with a reader of its own over the element, its scope included.
        let mut peek = self.xml.clone();
        let (namespace, event) = peek
            .read_resolved_event()
            .map_err(|error| self.error(format!("not well-formed XML: {error}")))?;
        let start = match event {
            Event::Start(start) | Event::Empty(start) => start,
            _ => return Ok(None),
        };
        if !matches(
            &namespace,
            start.local_name().as_ref(),
            &Name::new(XOP_NAMESPACE, "Include"),
        ) {
            return Ok(None);
        }
        let href = start
            .try_get_attribute("href")
            .map_err(|error| self.error(format!("bad attribute: {error}")))?
            .ok_or_else(|| self.error("`xop:Include` without `href`"))?;
        let href = href
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| self.error(format!("bad attribute value: {error}")))?;
        Ok(Some(href.into_owned()))
    }

    /// The text of the value the reader stands on (entities resolved). Child elements
    /// inside a simple value are skipped.
    pub fn text(&mut self) -> Result<Cow<'a, str>, Error> {
        if let Some(text) = self.text.take() {
            return Ok(text);
        }
        let Some(open) = self.element.take() else {
            return Err(self.error("expected a value"));
        };
        if open.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let (_, event) = self.next()?;
            match event {
                Event::End(_) => return Ok(text.unwrap_or(Cow::Borrowed(""))),
                Event::Start(start) => {
                    let position = self.position();
                    self.xml.read_to_end(start.name()).map_err(|error| {
                        Error::at(format!("not well-formed XML: {error}"), position)
                    })?;
                }
                Event::Eof => return Err(self.error("the document ends inside an element")),
                other => self.push_text(&mut text, other)?,
            }
        }
    }

    /// Adds the text an event carries (text, CDATA, an entity or character reference).
    fn push_text(&self, text: &mut Option<Cow<'a, str>>, event: Event<'a>) -> Result<(), Error> {
        let piece: Cow<'a, str> = match event {
            Event::Text(content) => content.xml10_content(),
            Event::CData(content) => content.xml10_content(),
            Event::GeneralRef(reference) => {
                if let Some(c) = reference
                    .resolve_char_ref()
                    .map_err(|error| self.error(format!("bad character reference: {error}")))?
                {
                    Cow::Owned(c.to_string())
                } else {
                    let name: &str = &reference;
                    let value = resolve_predefined_entity(name).ok_or_else(|| {
                        self.error(format!(
                            "unknown entity `&{name};` (only XML's five are known)"
                        ))
                    })?;
                    Cow::Borrowed(value)
                }
            }
            _ => return Ok(()),
        };
        match text {
            None => *text = Some(piece),
            Some(existing) => existing.to_mut().push_str(&piece),
        }
        Ok(())
    }

    /// Reads the element the reader stands on into a [`Complex`] value: attributes, then
    /// children matched to fields by namespace and local name, then simple content.
    #[inline]
    pub fn complex<T: Complex>(&mut self, value: &mut T) -> Result<(), Error> {
        let mut place = value;
        self.complex_place(&mut place)
    }

    fn complex_place(&mut self, value: &mut dyn ComplexPlace) -> Result<(), Error> {
        let Some(open) = self.element.take() else {
            return Err(self.error("expected an element, found a text value"));
        };
        let outer_field = self.field;
        self.attributes(&open.start, value)?;
        if open.empty {
            self.check_required(value.fields(), &[])?;
        } else {
            self.children(value)?;
        }
        self.field = outer_field;
        Ok(())
    }

    fn attributes(
        &mut self,
        start: &BytesStart<'a>,
        value: &mut dyn ComplexPlace,
    ) -> Result<(), Error> {
        let fields = value.fields();
        let open_field = fields
            .iter()
            .position(|field| field.kind == Kind::AnyAttribute);
        if open_field.is_none() && !fields.iter().any(|field| field.kind == Kind::Attribute) {
            return Ok(());
        }
        for attribute in start.attributes() {
            let attribute =
                attribute.map_err(|error| self.error(format!("bad attribute: {error}")))?;
            if attribute.key.as_namespace_binding().is_some() {
                continue;
            }
            let (namespace, local) = self.xml.resolver().resolve_attribute(attribute.key);
            let local: &str = local.as_ref();
            let named = fields.iter().position(|field| {
                field.kind == Kind::Attribute && matches(&namespace, local, &field.name)
            });
            // `xsi:type` and `xsi:nil` are the reader's, not open attributes.
            let instance = matches!(&namespace, ResolveResult::Bound(bound) if bound.as_ref() == INSTANCE_NAMESPACE);
            let index = match (named, open_field) {
                (Some(index), _) => index,
                (None, Some(index)) if !instance => {
                    self.attribute = Some(super::QName {
                        namespace: namespace_text(&namespace),
                        local: local.to_owned(),
                    });
                    index
                }
                _ => continue,
            };
            let text = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|error| self.error(format!("bad attribute value: {error}")))?;
            self.text = Some(Cow::Owned(text.into_owned()));
            self.field = fields.get(index);
            value.read_at(index, self)?;
            self.text = None;
            self.attribute = None;
        }
        Ok(())
    }

    /// The name of the attribute an open-attributes field (`xs:anyAttribute`) is reading.
    pub fn attribute_name(&self) -> Option<super::QName> {
        self.attribute.clone()
    }

    fn children(&mut self, value: &mut dyn ComplexPlace) -> Result<(), Error> {
        let fields = value.fields();
        let text_field = fields.iter().position(|field| field.kind == Kind::Text);
        let any_field = fields.iter().position(|field| field.kind == Kind::Any);
        let mut text: Option<Cow<'a, str>> = None;
        // Which element fields were seen, and the last one: a sequence may name one element
        // twice (`a, b, a`), and the second `a` is the field after `b`.
        let mut seen = vec![false; fields.len()];
        let mut last = 0;
        loop {
            let tag_start = self.offset();
            let (namespace, event) = self.next()?;
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::End(_) => break,
                Event::Eof => return Err(self.error("the document ends inside an element")),
                other => {
                    if text_field.is_some() {
                        self.push_text(&mut text, other)?;
                    }
                    continue;
                }
            };
            let local = start.local_name();
            let is_match = |field: &Field| {
                field.kind == Kind::Element && matches(&namespace, local.as_ref(), &field.name)
            };
            let index = fields
                .iter()
                .enumerate()
                .skip(last)
                .find(|(_, field)| is_match(field))
                .or_else(|| fields.iter().enumerate().find(|(_, field)| is_match(field)))
                .map(|(index, _)| index)
                .or_else(|| unqualified_field(fields, &namespace, local.as_ref()));
            if let Some(index) = index {
                last = index;
                if let Some(flag) = seen.get_mut(index) {
                    *flag = true;
                }
            }
            let index = index.or(any_field);
            let content_start = self.offset();
            self.element = Some(Open {
                start,
                empty,
                tag_start,
                content_start,
            });
            match index {
                Some(index) => self.descend(value, index)?,
                None => self.skip()?,
            }
            // A field that did not consume its element (a custom impl) must not leave it
            // open for the next one.
            self.skip()?;
        }
        if let (Some(index), Some(text)) = (text_field, text) {
            self.text = Some(text);
            self.field = fields.get(index);
            value.read_at(index, self)?;
            self.text = None;
        }
        self.check_required(fields, &seen)
    }

    /// A required element that is missing would otherwise read as its default: for an
    /// enum, its first member (`LogonResult::Ok`!).
    fn check_required(&self, fields: &[Field], seen: &[bool]) -> Result<(), Error> {
        let missing = fields.iter().enumerate().find(|(index, field)| {
            field.kind == Kind::Element
                && field.required
                && !field.nillable
                && !seen.get(*index).copied().unwrap_or(false)
        });
        match missing {
            Some((_, field)) => {
                Err(self.error(format!("the required element `{}` is missing", field.name)))
            }
            None => Ok(()),
        }
    }

    // Not inlined into the generic callers, which would let LLVM see through the `dyn`.
    #[inline(never)]
    fn descend(&mut self, value: &mut dyn ComplexPlace, index: usize) -> Result<(), Error> {
        self.nested(|reader| {
            reader.field = value.fields().get(index);
            value.read_at(index, reader)
        })
    }

    /// Runs `read` one element level deeper, unless that is past [`MAX_DEPTH`]. `depth`
    /// counts the levels above the element being read, so the root is read at 0.
    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Result<(), Error>) -> Result<(), Error> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(self.error(format!("elements nest deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// Calls `read` for each child element named `item` of the current (wrapper) element,
    /// with the reader standing on it; other children are skipped.
    pub fn items(
        &mut self,
        item: Name,
        mut read: impl FnMut(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let outer_field = self.field;
        let result = self.children_named(Some(item), &mut |reader, _, _| read(reader));
        self.field = outer_field;
        result
    }

    /// Calls `visit` with the (namespace, local name) of each child element of the current
    /// element, with the reader standing on that child; what `visit` leaves is skipped.
    pub fn each_child(
        &mut self,
        mut visit: impl FnMut(&mut Self, &str, &str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.children_named(None, &mut visit)
    }

    /// [`Reader::each_child`], only for the children named `only` when it is given (which
    /// are then matched in place: a list's items are most of a large answer, and copying
    /// each one's name costs two allocations).
    fn children_named(
        &mut self,
        only: Option<Name>,
        visit: &mut dyn FnMut(&mut Self, &str, &str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let Some(open) = self.element.take() else {
            return Err(self.error("expected an element, found a text value"));
        };
        if open.empty {
            return Ok(());
        }
        self.nested(|reader| reader.visit_children(only, visit))
    }

    fn visit_children(
        &mut self,
        only: Option<Name>,
        visit: &mut dyn FnMut(&mut Self, &str, &str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        loop {
            let tag_start = self.offset();
            let (namespace, event) = self.next()?;
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.error("the document ends inside an element")),
                _ => continue,
            };
            let (wanted, namespace, local) = match only {
                Some(item) => (
                    matches(&namespace, start.local_name().as_ref(), &item),
                    String::new(),
                    Default::default(),
                ),
                None => (
                    true,
                    namespace_text(&namespace),
                    start.local_name().as_ref().to_owned(),
                ),
            };
            let content_start = self.offset();
            self.element = Some(Open {
                start,
                empty,
                tag_start,
                content_start,
            });
            self.field = None;
            if wanted {
                visit(self, &namespace, &local)?;
            }
            self.skip()?;
        }
    }

    /// Hands the element the reader stands on to the field of `value` it matches, as if it
    /// were a child of `value`'s own element (a message whose parts are the body's children).
    pub fn dispatch<T: Complex>(
        &mut self,
        value: &mut T,
        namespace: &str,
        local: &str,
    ) -> Result<(), Error> {
        let index = T::FIELDS.iter().position(|field| {
            field.kind == Kind::Element
                && field.name.namespace == namespace
                && field.name.local == local
        });
        match index {
            Some(index) => {
                let mut place = value;
                self.descend(&mut place, index)
            }
            None => self.skip(),
        }
    }

    /// Reads a whitespace-separated list (`xs:list`) into `values`.
    pub fn text_list<T: Value + Default>(&mut self, values: &mut Vec<T>) -> Result<(), Error> {
        let mut place = values;
        self.text_items(&mut place)
    }

    #[inline(never)]
    fn text_items(&mut self, values: &mut dyn ItemsPlace) -> Result<(), Error> {
        let text = self.text()?;
        let outer_field = self.field;
        self.field = None;
        for token in text.split_whitespace() {
            self.text = Some(Cow::Owned(token.to_owned()));
            values.read_item(self, &[])?;
        }
        self.text = None;
        self.field = outer_field;
        Ok(())
    }

    /// One occurrence of a list field: a text list, the items of a wrapper element, or
    /// one repeated element.
    #[inline(never)]
    pub(crate) fn list(
        &mut self,
        values: &mut dyn ItemsPlace,
        items: &[Name],
    ) -> Result<(), Error> {
        if self.field().is_some_and(|field| field.text_list) && items.is_empty() {
            return self.text_items(values);
        }
        let Some((item, rest)) = items.split_first() else {
            return values.read_item(self, &[]);
        };
        if self.is_nil() {
            return self.skip();
        }
        self.items(*item, |reader| values.read_item(reader, rest))
    }

    /// The value the reader stands on as raw XML: an element's content, or (for a wildcard
    /// field) the whole element. The namespaces in scope are kept with it.
    pub fn raw(&mut self) -> Result<RawXml, Error> {
        if let Some(text) = self.text.take() {
            return Ok(RawXml::from_text(&text));
        }
        let Some(open) = self.element.take() else {
            return Err(self.error("expected an element"));
        };
        let namespaces = self
            .xml
            .resolver()
            .bindings()
            .map(|(prefix, namespace)| {
                let prefix = match prefix {
                    PrefixDeclaration::Default => String::new(),
                    PrefixDeclaration::Named(prefix) => prefix.to_owned(),
                };
                (prefix, namespace.as_ref().to_owned())
            })
            .collect();
        let whole = self.field.is_some_and(|field| field.kind == Kind::Any);
        let end = if open.empty {
            open.content_start
        } else {
            let position = self.position();
            let span = self
                .xml
                .read_to_end(open.start.name())
                .map_err(|error| Error::at(format!("not well-formed XML: {error}"), position))?;
            if !whole {
                let inner = self
                    .input
                    .get(
                        usize::try_from(span.start).unwrap_or(usize::MAX)
                            ..usize::try_from(span.end).unwrap_or(usize::MAX),
                    )
                    .unwrap_or_default();
                return Ok(RawXml::with_namespaces(inner.to_owned(), namespaces));
            }
            self.offset()
        };
        let slice = if whole {
            self.input.get(open.tag_start..end)
        } else {
            Some("")
        };
        Ok(RawXml::with_namespaces(
            slice.unwrap_or_default().to_owned(),
            namespaces,
        ))
    }
}

/// The unqualified element field a qualified element fills when nothing else takes it:
/// servers that qualify rpc/literal part accessors (node-soap writes `<tns:out>`, which
/// WS-I BP R2735 forbids) are read as zeep reads them.
fn unqualified_field(
    fields: &[Field],
    namespace: &ResolveResult<'_>,
    local: &str,
) -> Option<usize> {
    if !matches!(namespace, ResolveResult::Bound(_)) {
        return None;
    }
    fields.iter().position(|field| {
        field.kind == Kind::Element && field.name.namespace.is_empty() && field.name.local == local
    })
}

fn namespace_text(namespace: &ResolveResult<'_>) -> String {
    match namespace {
        ResolveResult::Bound(namespace) => namespace.as_ref().to_owned(),
        _ => String::new(),
    }
}
