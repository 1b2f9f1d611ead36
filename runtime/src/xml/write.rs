//! The writer generated types write themselves to. Namespaces are declared where they
//! change: an element in another namespace than its parent's default gets `xmlns="…"`
//! (so children of a wrapper in the same namespace carry no declarations, as ASMX writes
//! them), and qualified attributes, `xsi:` attributes and QName values get a prefix
//! declared on the spot unless one is already in scope.

use super::{
    Complex, ComplexRef, Error, Field, INSTANCE_NAMESPACE, ItemsRef, Kind, Name, QName, RawXml,
    Value, ValueRef,
};

#[derive(Debug)]
struct Open {
    /// Empty for an element whose tags are not written (see [`Writer::content_only`]).
    tag: String,
    /// The default namespace inside this element.
    default_namespace: String,
    /// Prefixes declared on this element.
    prefixes: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    stack: Vec<Open>,
    /// The last start tag still lacks its `>`, so attributes may follow.
    tag_open: bool,
    /// Prefixes declared above the first element this writer opened (a SOAP envelope's).
    outer_prefixes: Vec<(String, String)>,
    next_prefix: usize,
    /// Only these field indices are written at this depth (a message's declared headers).
    filter: Option<(usize, &'static [usize])>,
    /// The next element's own tags are left out; only its content is written.
    content_only: bool,
    /// Text is collected as is, unescaped (the items of a text list).
    plain: bool,
    /// MTOM: binary values over the inline limit become parts (Content-ID, bytes).
    mtom: Option<Mtom>,
}

#[derive(Debug, Default)]
struct Mtom {
    /// Makes Content-IDs unique to the message.
    unique: String,
    inline_limit: usize,
    parts: Vec<(String, Vec<u8>)>,
}

/// Characters XML 1.0 cannot carry at all, even as references.
fn check_chars(text: &str) -> Result<(), Error> {
    let bad = text.chars().find(|c| {
        let code = u32::from(*c);
        (code < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(code, 0xFFFE | 0xFFFF)
    });
    match bad {
        Some(c) => Err(Error::new(format!(
            "the text contains U+{:04X}, which XML cannot carry",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Appends `text` escaped for XML: as element text, or (`attribute`) as a quoted attribute
/// value, where `"` and the whitespace that attribute-value normalization would fold to
/// spaces must be references too. Every XML writer of the crate escapes here.
pub(crate) fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if attribute => out.push_str("&quot;"),
            // Parsers fold line ends; references survive.
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer inside elements that already declare `prefixes` (prefix, namespace).
    pub fn with_prefixes(prefixes: &[(&str, &str)]) -> Self {
        Self {
            outer_prefixes: prefixes
                .iter()
                .map(|(prefix, namespace)| ((*prefix).to_owned(), (*namespace).to_owned()))
                .collect(),
            ..Self::default()
        }
    }

    /// Writes binary values larger than `inline_limit` bytes as MTOM parts; `unique` makes
    /// their Content-IDs unique.
    pub(crate) fn with_mtom(mut self, unique: &str, inline_limit: usize) -> Self {
        self.mtom = Some(Mtom {
            unique: unique.to_owned(),
            inline_limit,
            parts: Vec::new(),
        });
        self
    }

    /// The MTOM parts written so far.
    pub(crate) fn take_parts(&mut self) -> Vec<(String, Vec<u8>)> {
        self.mtom
            .as_mut()
            .map(|mtom| std::mem::take(&mut mtom.parts))
            .unwrap_or_default()
    }

    /// In MTOM mode, `bytes` as a part that element `name` refers to with `xop:Include`;
    /// `false` (nothing written) when they go inline.
    pub(crate) fn attach(
        &mut self,
        name: Name,
        field: &Field,
        bytes: &[u8],
    ) -> Result<bool, Error> {
        let Some(mtom) = &mut self.mtom else {
            return Ok(false);
        };
        if field.kind != Kind::Element || bytes.len() <= mtom.inline_limit {
            return Ok(false);
        }
        let id = format!("{}.{}@svcgen", mtom.parts.len() + 1, mtom.unique);
        mtom.parts.push((id.clone(), bytes.to_vec()));
        self.start(name)?;
        self.close_tag();
        self.out.push_str(&format!(
            "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:{id}\"/>"
        ));
        self.end()?;
        Ok(true)
    }

    pub fn finish(mut self) -> String {
        self.close_tag();
        self.out
    }

    /// Appends markup the caller vouches for (an envelope's own tags).
    pub fn push_markup(&mut self, markup: &str) {
        self.close_tag();
        self.out.push_str(markup);
    }

    fn close_tag(&mut self) {
        if self.tag_open {
            self.out.push('>');
            self.tag_open = false;
        }
    }

    fn default_namespace(&self) -> &str {
        self.stack
            .last()
            .map_or("", |open| open.default_namespace.as_str())
    }

    fn prefix_for(&self, namespace: &str) -> Option<&str> {
        let declared = self
            .stack
            .iter()
            .rev()
            .flat_map(|open| open.prefixes.iter().rev())
            .chain(self.outer_prefixes.iter().rev());
        let mut shadowed: Vec<&str> = Vec::new();
        for (prefix, bound) in declared {
            if shadowed.contains(&prefix.as_str()) {
                continue;
            }
            if bound == namespace {
                return Some(prefix);
            }
            shadowed.push(prefix);
        }
        None
    }

    /// A prefix bound to `namespace`, declared on the open start tag if none is in scope.
    fn ensure_prefix(&mut self, namespace: &str, preferred: &str) -> Result<String, Error> {
        if let Some(prefix) = self.prefix_for(namespace) {
            return Ok(prefix.to_owned());
        }
        if !self.tag_open {
            return Err(Error::new(
                "internal: a prefix is needed outside a start tag",
            ));
        }
        let prefix = if self.prefix_for_name(preferred) {
            self.next_prefix += 1;
            format!("{preferred}{}", self.next_prefix)
        } else {
            preferred.to_owned()
        };
        self.out.push_str(&format!(" xmlns:{prefix}=\""));
        push_escaped(&mut self.out, namespace, true);
        self.out.push('"');
        if let Some(open) = self.stack.last_mut() {
            open.prefixes.push((prefix.clone(), namespace.to_owned()));
        }
        Ok(prefix)
    }

    /// Whether `prefix` is already bound (to anything) in scope.
    fn prefix_for_name(&self, prefix: &str) -> bool {
        self.stack
            .iter()
            .flat_map(|open| &open.prefixes)
            .chain(&self.outer_prefixes)
            .any(|(bound, _)| bound == prefix)
    }

    /// Writes only the content of the next element the caller writes, not its tags (a SOAP
    /// body whose parts are the body's children).
    pub(crate) fn content_only(&mut self, value: &dyn ValueRef) -> Result<(), Error> {
        self.content_only = true;
        let field = Field::element("", "");
        let result = value.write_value(self, field.name, &field, &[]);
        self.content_only = false;
        result
    }

    /// Opens element `name`.
    pub fn start(&mut self, name: Name) -> Result<(), Error> {
        self.close_tag();
        if std::mem::take(&mut self.content_only) {
            let default_namespace = self.default_namespace().to_owned();
            self.stack.push(Open {
                tag: String::new(),
                default_namespace,
                prefixes: Vec::new(),
            });
            return Ok(());
        }
        self.out.push('<');
        self.out.push_str(name.local);
        if name.namespace != self.default_namespace() {
            self.out.push_str(" xmlns=\"");
            push_escaped(&mut self.out, name.namespace, true);
            self.out.push('"');
        }
        self.stack.push(Open {
            tag: name.local.to_owned(),
            default_namespace: name.namespace.to_owned(),
            prefixes: Vec::new(),
        });
        self.tag_open = true;
        Ok(())
    }

    /// Opens an element written with `prefix`, declaring it (an envelope's `soap:Body`).
    pub fn start_prefixed(&mut self, prefix: &str, name: Name) -> Result<(), Error> {
        self.close_tag();
        let declared = self.prefix_for(name.namespace) == Some(prefix);
        self.out.push_str(&format!("<{prefix}:{}", name.local));
        let mut prefixes = Vec::new();
        if !declared {
            self.out.push_str(&format!(" xmlns:{prefix}=\""));
            push_escaped(&mut self.out, name.namespace, true);
            self.out.push('"');
            prefixes.push((prefix.to_owned(), name.namespace.to_owned()));
        }
        let default_namespace = self.default_namespace().to_owned();
        self.stack.push(Open {
            tag: format!("{prefix}:{}", name.local),
            default_namespace,
            prefixes,
        });
        self.tag_open = true;
        Ok(())
    }

    /// Declares `prefix` on the open start tag.
    pub fn declare(&mut self, prefix: &str, namespace: &str) -> Result<(), Error> {
        if !self.tag_open {
            return Err(Error::new("internal: a declaration outside a start tag"));
        }
        self.out.push_str(&format!(" xmlns:{prefix}=\""));
        push_escaped(&mut self.out, namespace, true);
        self.out.push('"');
        if let Some(open) = self.stack.last_mut() {
            open.prefixes
                .push((prefix.to_owned(), namespace.to_owned()));
        }
        Ok(())
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) -> Result<(), Error> {
        let open = self
            .stack
            .pop()
            .ok_or_else(|| Error::new("internal: more end tags than start tags"))?;
        if open.tag.is_empty() {
            return Ok(());
        }
        if self.tag_open {
            self.out.push_str(" />");
            self.tag_open = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(&open.tag);
            self.out.push('>');
        }
        Ok(())
    }

    /// An attribute on the open start tag.
    pub fn attribute(&mut self, name: Name, value: &str) -> Result<(), Error> {
        self.open_attribute(name.namespace, name.local, value)
    }

    /// An attribute whose name is known only at run time (`xs:anyAttribute`).
    pub fn open_attribute(
        &mut self,
        namespace: &str,
        local: &str,
        value: &str,
    ) -> Result<(), Error> {
        check_chars(value)?;
        if !self.tag_open {
            return Err(Error::new(format!(
                "internal: attribute `{local}` after the element's content"
            )));
        }
        if local.is_empty()
            || local.contains(|c: char| c.is_whitespace() || "<>\"'=/&:".contains(c))
        {
            return Err(Error::new(format!("`{local}` is not an attribute name")));
        }
        let prefix = if namespace.is_empty() {
            None
        } else if namespace == "http://www.w3.org/XML/1998/namespace" {
            // `xml` is bound to it everywhere, and no other prefix may be.
            Some("xml".to_owned())
        } else {
            Some(self.ensure_prefix(namespace, "a")?)
        };
        self.out.push(' ');
        if let Some(prefix) = prefix {
            self.out.push_str(&prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push_str("=\"");
        push_escaped(&mut self.out, value, true);
        self.out.push('"');
        Ok(())
    }

    /// Text content, escaped.
    pub fn text(&mut self, text: &str) -> Result<(), Error> {
        check_chars(text)?;
        self.close_tag();
        if self.plain {
            self.out.push_str(text);
        } else {
            push_escaped(&mut self.out, text, false);
        }
        Ok(())
    }

    /// A [`Complex`] value as element `name`, with `xsi:type` when it stands in for a base.
    #[inline]
    pub fn complex<T: Complex>(
        &mut self,
        name: Name,
        value: &T,
        xsi_type: Option<Name>,
    ) -> Result<(), Error> {
        self.start_complex(name, xsi_type)?;
        value.write_fields(self)?;
        self.end()
    }

    fn start_complex(&mut self, name: Name, xsi_type: Option<Name>) -> Result<(), Error> {
        self.start(name)?;
        match xsi_type {
            Some(ty) => self.type_attribute(ty),
            None => Ok(()),
        }
    }

    fn type_attribute(&mut self, ty: Name) -> Result<(), Error> {
        if !self.tag_open {
            return Ok(()); // an element written without its tags
        }
        let xsi = self.ensure_prefix(INSTANCE_NAMESPACE, "i")?;
        let value = if ty.namespace.is_empty() {
            ty.local.to_owned()
        } else {
            format!("{}:{}", self.ensure_prefix(ty.namespace, "t")?, ty.local)
        };
        self.out.push_str(&format!(" {xsi}:type=\"{value}\""));
        Ok(())
    }

    /// The fields of `value` as children of the current element (a message whose parts
    /// are the body's children, the header block).
    pub(crate) fn fields(
        &mut self,
        value: &dyn ComplexRef,
        only: Option<&'static [usize]>,
    ) -> Result<(), Error> {
        let previous = self.filter;
        self.filter = only.map(|indices| (self.stack.len(), indices));
        let result = value.write_fields(self);
        self.filter = previous;
        result
    }

    /// Writes field `index` of `fields` with `value`. The work is done behind a `dyn`, so
    /// that it is compiled once rather than once for every field type of every generated
    /// type.
    #[inline]
    pub fn write<T: Value + ?Sized>(
        &mut self,
        fields: &'static [Field],
        index: usize,
        value: &T,
    ) -> Result<(), Error> {
        self.write_ref(fields, index, &value)
    }

    fn write_ref(
        &mut self,
        fields: &'static [Field],
        index: usize,
        value: &dyn ValueRef,
    ) -> Result<(), Error> {
        match self.field_to_write(fields, index)? {
            Some(field) => value.write_value(self, field.name, field, field.items),
            None => Ok(()),
        }
    }

    /// Writes every field of `fields` in order, each from the value at the same position in
    /// `values`: a generated type's `write_fields` is this one call, with `&&self.field`
    /// for each field (see [`ValueRef`]).
    pub fn write_all(
        &mut self,
        fields: &'static [Field],
        values: &[&dyn ValueRef],
    ) -> Result<(), Error> {
        values
            .iter()
            .enumerate()
            .try_for_each(|(index, value)| self.write_ref(fields, index, *value))
    }

    /// Field `index` of `fields`, unless a filter leaves it out.
    fn field_to_write(
        &self,
        fields: &'static [Field],
        index: usize,
    ) -> Result<Option<&'static Field>, Error> {
        let Some(field) = fields.get(index) else {
            return Err(Error::new(format!("internal: no field {index}")));
        };
        if let Some((depth, indices)) = self.filter
            && depth == self.stack.len()
            && !indices.contains(&index)
        {
            return Ok(None);
        }
        Ok(Some(field))
    }

    /// A text value as `name`: an element, or the attribute or text the field says.
    pub fn text_value(&mut self, name: Name, field: &Field, text: &str) -> Result<(), Error> {
        match field.kind {
            Kind::Attribute => self.attribute(name, text),
            Kind::Text | Kind::Any | Kind::AnyAttribute => self.text(text),
            Kind::Element => {
                self.start(name)?;
                self.text(text)?;
                self.end()
            }
        }
    }

    /// `<name xsi:nil="true" />`.
    /// An absent value of `field`: `xsi:nil` for a required nillable element, else nothing.
    pub(crate) fn absent(&mut self, name: Name, field: &Field) -> Result<(), Error> {
        if field.nillable && field.required && field.kind == Kind::Element {
            return self.nil(name);
        }
        Ok(())
    }

    pub fn nil(&mut self, name: Name) -> Result<(), Error> {
        self.start(name)?;
        let xsi = self.ensure_prefix(INSTANCE_NAMESPACE, "i")?;
        self.out.push_str(&format!(" {xsi}:nil=\"true\""));
        self.end()
    }

    /// Raw XML: verbatim for a wildcard field, else as the content of element `name`.
    /// A fragment read from a document comes with the namespaces that were in scope there;
    /// those its prefixes (and unprefixed names) need are declared again, so it means the
    /// same where it is written.
    pub fn raw(&mut self, name: Name, field: &Field, fragment: &RawXml) -> Result<(), Error> {
        let scope = fragment.scope();
        match field.kind {
            Kind::Any | Kind::Text => {
                self.close_tag();
                let declarations = self.missing_declarations(&scope, fragment.as_str());
                self.out
                    .push_str(&with_declarations(fragment.as_str(), &declarations));
                Ok(())
            }
            Kind::Attribute | Kind::AnyAttribute => Err(Error::new(format!(
                "raw XML cannot be the attribute `{}`",
                name.local
            ))),
            Kind::Element => {
                let default = scope
                    .iter()
                    .find(|(prefix, _)| prefix.is_empty())
                    .map(|(_, namespace)| namespace.as_str());
                match default {
                    // Unprefixed names inside meant another default namespace than the
                    // element's own: the element takes a prefix, the content its default.
                    Some(default) if default != name.namespace => {
                        self.start_prefixed("w", name)?;
                        self.out.push_str(" xmlns=\"");
                        push_escaped(&mut self.out, default, true);
                        self.out.push('"');
                        if let Some(open) = self.stack.last_mut() {
                            open.default_namespace = default.to_owned();
                        }
                    }
                    _ => self.start(name)?,
                }
                for (prefix, namespace) in scope.iter().filter(|(prefix, _)| !prefix.is_empty()) {
                    if self.prefix_bound(prefix) != Some(namespace.as_str()) {
                        self.declare(prefix, namespace)?;
                    }
                }
                self.close_tag();
                self.out.push_str(fragment.as_str());
                self.end()
            }
        }
    }

    /// The namespace `prefix` is bound to in scope, if any.
    fn prefix_bound(&self, prefix: &str) -> Option<&str> {
        self.stack
            .iter()
            .rev()
            .flat_map(|open| open.prefixes.iter().rev())
            .chain(self.outer_prefixes.iter().rev())
            .find(|(bound, _)| bound == prefix)
            .map(|(_, namespace)| namespace.as_str())
    }

    /// ` xmlns…="…"` for each binding of `scope` that neither the writer's scope nor the
    /// fragment's own first tag already has.
    fn missing_declarations(&self, scope: &[(String, String)], fragment: &str) -> String {
        let first_tag = fragment
            .find('<')
            .and_then(|start| fragment.get(start..))
            .and_then(|tag| tag.find('>').and_then(|end| tag.get(..end)))
            .unwrap_or_default();
        let mut declarations = String::new();
        for (prefix, namespace) in scope {
            let attribute = if prefix.is_empty() {
                "xmlns".to_owned()
            } else {
                format!("xmlns:{prefix}")
            };
            let in_scope = if prefix.is_empty() {
                self.default_namespace() == namespace
            } else {
                self.prefix_bound(prefix) == Some(namespace.as_str())
            };
            if in_scope || first_tag.contains(&format!("{attribute}=")) {
                continue;
            }
            declarations.push(' ');
            declarations.push_str(&attribute);
            declarations.push_str("=\"");
            push_escaped(&mut declarations, namespace, true);
            declarations.push('"');
        }
        declarations
    }

    /// A QName value, with its namespace's prefix declared where needed.
    pub fn qname(&mut self, name: Name, field: &Field, value: &QName) -> Result<(), Error> {
        let opened = field.kind == Kind::Element;
        if opened {
            self.start(name)?;
        }
        let text = if value.namespace.is_empty() {
            value.local.clone()
        } else {
            format!(
                "{}:{}",
                self.ensure_prefix(&value.namespace, "q")?,
                value.local
            )
        };
        match field.kind {
            Kind::Attribute => self.attribute(name, &text)?,
            _ => self.text(&text)?,
        }
        if opened {
            self.end()?;
        }
        Ok(())
    }

    /// A list field: a text list, a wrapper element around its items, or one element per
    /// value. An absent item would shift the ones after it, so a `None` item is always
    /// `xsi:nil`.
    #[inline(never)]
    pub(crate) fn list(
        &mut self,
        values: &dyn ItemsRef,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        if field.text_list && items.is_empty() {
            let mut parts = Writer {
                plain: true,
                ..Writer::new()
            };
            for index in 0..values.count() {
                if index > 0 {
                    parts.out.push(' ');
                }
                values.write_item(index, &mut parts, name, &Field::text(), &[])?;
            }
            let joined = parts.finish();
            return self.text_value(name, field, &joined);
        }
        let Some((item, rest)) = items.split_first() else {
            let each = field.nillable().required();
            for index in 0..values.count() {
                values.write_item(index, self, name, &each, &[])?;
            }
            return Ok(());
        };
        self.start(name)?;
        let item_field = Field::element(item.namespace, item.local)
            .nillable()
            .required();
        for index in 0..values.count() {
            values.write_item(index, self, *item, &item_field, rest)?;
        }
        self.end()
    }
}

/// `fragment` with `declarations` added to its first start tag.
fn with_declarations(fragment: &str, declarations: &str) -> String {
    if declarations.is_empty() {
        return fragment.to_owned();
    }
    let Some(start) = fragment.find('<') else {
        return fragment.to_owned();
    };
    let name_end = fragment
        .get(start + 1..)
        .and_then(|rest| rest.find(|c: char| c.is_whitespace() || c == '/' || c == '>'))
        .map_or(fragment.len(), |end| start + 1 + end);
    let (head, tail) = fragment.split_at(name_end);
    format!("{head}{declarations}{tail}")
}
