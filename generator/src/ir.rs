//! The shared, language-neutral model of an API: what every front-end produces and the
//! Rust planner consumes. It says nothing about Rust and nothing about JSON or XML
//! documents; wire names and protocol facts are plain data here.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// One service read from one or more input documents; it becomes one Rust module.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// The module name the user chose (or the input file's stem).
    pub name: String,
    pub docs: Option<String>,
    pub protocol: Protocol,
    pub operations: Vec<Operation>,
    /// Every type the operations need, sorted by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Things the front-end accepted with a documented fallback, for the user to review.
    pub warnings: Vec<Warning>,
}

/// An input the front-end accepted with a fallback instead of refusing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The protocol facts a client needs that are common to the whole service.
#[derive(Clone, Debug, PartialEq)]
pub enum Protocol {
    ServiceStack {
        /// How the host spells JSON keys (PascalCase on .NET Framework, camelCase on .NET Core).
        key_casing: KeyCasing,
        /// A host of ServiceStack v5 or older (legacy metadata layout), whose only
        /// predefined route is `/json/reply/{Operation}`; later hosts also have `/api/{Operation}`.
        legacy: bool,
        /// The serializer the host reads JSON request bodies with.
        json_dialect: JsonDialect,
    },
    Soap(SoapService),
}

/// What the operations of a SOAP service share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SoapService {
    /// Every element any operation carries in a SOAP header, once, as the fields of one
    /// struct: each optional (a call sends, an answer brings only some), its wire name and
    /// namespace the element's.
    pub headers: Vec<Field>,
    /// Every element any operation declares as a fault's detail, once.
    pub faults: Vec<SoapElement>,
    /// The addresses the document advertises; informative only, since clients always take
    /// their base URL.
    pub endpoints: Vec<Endpoint>,
}

/// A top-level element of a SOAP message (a header, a fault detail) and its type.
#[derive(Clone, Debug, PartialEq)]
pub struct SoapElement {
    pub element: XmlName,
    pub ty: TypeRef,
    /// Absent when the element is declared `nillable` and a message carries none.
    pub nillable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub port: String,
    pub version: SoapVersion,
    pub address: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

/// A namespace-qualified XML name; the namespace is empty for unqualified names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct XmlName {
    pub namespace: String,
    pub local: String,
}

impl fmt::Display for XmlName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.namespace, self.local)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCasing {
    Pascal,
    Camel,
}

/// The JSON serializer of a ServiceStack host: they differ in the Guid and date forms they
/// read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonDialect {
    /// ServiceStack.Text: every host before v8's endpoint routing.
    ServiceStackText,
    /// System.Text.Json (`UseSystemJson`): dashed Guids and ISO 8601 dates only.
    SystemTextJson,
}

impl JsonDialect {
    /// The name users write in `svcgen.toml` (`json = "system-text-json"`).
    pub fn config_name(self) -> &'static str {
        match self {
            JsonDialect::ServiceStackText => "servicestack-text",
            JsonDialect::SystemTextJson => "system-text-json",
        }
    }

    pub fn from_config_name(name: &str) -> Option<Self> {
        [JsonDialect::ServiceStackText, JsonDialect::SystemTextJson]
            .into_iter()
            .find(|dialect| dialect.config_name() == name)
    }
}

/// One operation a client can call.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operation's name on the server (the request DTO name for ServiceStack).
    pub name: String,
    pub docs: Option<String>,
    pub request: TypeId,
    pub returns: Returns,
    pub binding: Binding,
    pub requires_auth: bool,
    /// Who may call it, beyond being authenticated.
    pub access: Access,
    /// Groups the service declares the operation in (ServiceStack `[Tag]`).
    pub tags: Vec<String>,
    pub origin: Origin,
}

/// Roles and permissions an operation requires (ServiceStack's `[RequiredRole]`,
/// `[RequiresAnyRole]`, `[RequiredPermission]`, `[RequiresAnyPermission]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub all_roles: Vec<String>,
    pub any_role: Vec<String>,
    pub all_permissions: Vec<String>,
    pub any_permission: Vec<String>,
}

/// What an operation answers with.
#[derive(Clone, Debug, PartialEq)]
pub enum Returns {
    Type(TypeRef),
    Nothing,
}

/// How an operation travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    Http(HttpBinding),
    Soap(SoapBinding),
}

/// How an operation maps onto SOAP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoapBinding {
    /// The SOAP versions the operation is bound to, each with its action, sorted by
    /// version.
    pub actions: Vec<SoapAction>,
    /// How the request type sits in the body.
    pub input: Body,
    /// How the response type sits in the body; `None` when the operation answers with an
    /// empty body (one-way, or an output message without parts).
    pub output: Option<Body>,
    /// Header elements (of [`SoapService::headers`]) the operation sends and receives.
    pub input_headers: Vec<XmlName>,
    pub output_headers: Vec<XmlName>,
    /// Fault detail elements (of [`SoapService::faults`]) the operation declares.
    pub faults: Vec<XmlName>,
}

/// How one SOAP version's binding carries an operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SoapAction {
    pub version: SoapVersion,
    /// The `soapAction`, verbatim from the WSDL (may be empty).
    pub action: String,
    /// The `wsa:Action` of the request when the binding requires WS-Addressing.
    pub addressing: Option<String>,
    /// The binding's policy asks for MTOM.
    pub mtom: bool,
}

/// Where a message's type sits in the SOAP body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// The type is the content of this element (document/literal with one element part;
    /// the wrapper of rpc/literal).
    Element(XmlName),
    /// The type's fields are the body's children themselves (document/literal with several
    /// or no parts).
    Parts,
}

/// How an operation maps onto HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// The method the operation prefers; `None` leaves the protocol default.
    pub method: Option<HttpMethod>,
    /// User-defined routes, relative to the service's base URL.
    pub routes: Vec<Route>,
    /// Request members that take uploaded files (ServiceStack's `[UploadTo]`,
    /// `[Input(Type = "file")]`), by their names on the server, which are the form fields
    /// the files go in.
    pub file_fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub path: String,
    /// Empty means every method.
    pub methods: Vec<HttpMethod>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Parses a method name in any case; `None` for names that are not HTTP methods.
    pub fn parse(name: &str) -> Option<Self> {
        const ALL: [(&str, HttpMethod); 7] = [
            ("GET", HttpMethod::Get),
            ("POST", HttpMethod::Post),
            ("PUT", HttpMethod::Put),
            ("DELETE", HttpMethod::Delete),
            ("PATCH", HttpMethod::Patch),
            ("HEAD", HttpMethod::Head),
            ("OPTIONS", HttpMethod::Options),
        ];
        ALL.iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(name))
            .map(|(_, method)| *method)
    }
}

/// A type's identity: its schema namespace and its name there.
#[derive(Clone, Debug, Eq)]
pub struct TypeId {
    /// Shared by the ids a front-end makes in one namespace, so that comparing two ids of
    /// the same namespace (nearly every comparison, in every map keyed by ids) skips
    /// comparing namespace texts that are equal anyway.
    pub namespace: Arc<str>,
    /// The name without .NET's generic arity (`QueryResponse` of ``QueryResponse`1``).
    pub name: String,
    /// How many type parameters the definition takes (.NET's `` `1 ``); 0 for others.
    pub arity: usize,
}

impl TypeId {
    /// A type id in `namespace`, with no type parameters.
    pub fn new(namespace: impl Into<Arc<str>>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
            arity: 0,
        }
    }

    /// From a .NET name that may end in its arity (``QueryResponse`1``).
    pub fn dotnet(namespace: impl Into<Arc<str>>, name: &str) -> Self {
        let (name, arity) = match name.split_once('`') {
            Some((plain, arity)) => (plain, arity.parse().unwrap_or(0)),
            None => (name, 0),
        };
        Self {
            namespace: namespace.into(),
            name: name.to_owned(),
            arity,
        }
    }

    /// The name as .NET writes it: with `` `N `` when the type is generic.
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let arity = (self.arity > 0).then(|| self.arity.to_string());
        self.name.chars().chain(
            arity
                .into_iter()
                .flat_map(|digits| std::iter::once('`').chain(digits.chars().collect::<Vec<_>>())),
        )
    }
}

/// Ordered as the .NET names read (``QueryResponseX`` before ``QueryResponse`1``), so that
/// types keep the order they always had in generated modules.
impl Ord for TypeId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        namespace_order(self, other).then_with(|| {
            // Most types are not generic: their names compare as they are (UTF-8 orders as
            // the characters do), without building the .NET spelling.
            if self.arity == 0 && other.arity == 0 {
                self.name.cmp(&other.name)
            } else {
                self.chars().cmp(other.chars())
            }
        })
    }
}

impl PartialEq for TypeId {
    fn eq(&self, other: &Self) -> bool {
        self.arity == other.arity && self.name == other.name && namespace_order(self, other).is_eq()
    }
}

/// Hashes the name and arity only: ids that are equal have equal names, and ids that
/// differ only in their namespace are rare, so hashing the long namespace texts would
/// cost every lookup and spare almost none a comparison.
impl Hash for TypeId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.arity.hash(state);
    }
}

/// The hasher of maps that serve lookups alone (looking up among thousands of types or
/// schema names, a `BTreeMap`'s dozen comparisons per lookup were a tenth of generation).
/// Such a map is never iterated, since its order is arbitrary; the hasher is fixed, not
/// random, so even an iteration that slipped in would not make output vary between runs.
/// FxHash, rustc's own: keys are names from a contract the user chose, not an attacker's.
pub type LookupHasher = rustc_hash::FxBuildHasher;

/// Type ids to what a stage knows of them, for lookups alone (see [`LookupHasher`]).
pub type IdMap<'a, V> = HashMap<&'a TypeId, V, LookupHasher>;

/// How the namespaces of two ids order, without reading them when they are one text.
fn namespace_order(a: &TypeId, b: &TypeId) -> std::cmp::Ordering {
    if Arc::ptr_eq(&a.namespace, &b.namespace) {
        return std::cmp::Ordering::Equal;
    }
    a.namespace.cmp(&b.namespace)
}

impl PartialOrd for TypeId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.namespace.is_empty() {
            write!(f, "{}.", self.namespace)?;
        }
        f.write_str(&self.name)?;
        if self.arity > 0 {
            write!(f, "`{}", self.arity)?;
        }
        Ok(())
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub id: TypeId,
    /// Type parameters of a generic definition (`T` of `QueryResponse<T>`).
    pub params: Vec<String>,
    /// The XML namespace the type declares for itself (.NET `[DataContract(Namespace)]`);
    /// `None` means the protocol's default.
    pub xml_namespace: Option<String>,
    pub docs: Option<String>,
    pub kind: TypeKind,
    /// A type of the protocol itself (ServiceStack's `ResponseStatus`…) that the runtime
    /// provides: the planner uses the runtime's instead of generating one.
    pub provided: Option<ProvidedType>,
    pub xml: XmlType,
    pub origin: Origin,
}

/// The protocol types every generated module shares from the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProvidedType {
    /// ServiceStack's `ResponseStatus`, the error part of every response.
    ResponseStatus,
    /// ServiceStack's `ResponseError`, one field error.
    ResponseError,
    /// .NET's `KeyValuePair<K, V>`.
    KeyValuePair,
}

/// What XML Schema says about a type beyond its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlType {
    /// The schema type's name, which `xsi:type` carries; `None` for anonymous types.
    pub name: Option<XmlName>,
    /// The type this one extends; its fields come first in this type's fields.
    pub base: Option<TypeId>,
    /// Never sent as itself: only its derived types are.
    pub is_abstract: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A type that is another on the wire (a DTO that inherits `List<T>`).
    Newtype(TypeRef),
    Enum(Enum),
}

/// An enumeration. Every enum is open: readers keep values they do not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    /// Integers on the wire (flags, or hosts that treat enums as integers); otherwise
    /// each member's `wire_name` string.
    pub integer: bool,
    pub members: Vec<EnumMember>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumMember {
    pub name: String,
    pub wire_name: String,
    pub value: i64,
    pub docs: Option<String>,
}

/// A member of a struct, with everything needed to put it on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name in the schema (e.g. the C# property name).
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Other names a reader should accept for this field.
    pub wire_aliases: Vec<String>,
    pub ty: TypeRef,
    pub presence: Presence,
    pub docs: Option<String>,
    pub xml: XmlField,
}

impl Field {
    /// A field that is the element or attribute `{namespace}local` in XML, named after it.
    pub fn xml_named(
        kind: XmlKind,
        namespace: &str,
        local: &str,
        ty: TypeRef,
        presence: Presence,
    ) -> Self {
        Self {
            name: local.to_owned(),
            wire_name: local.to_owned(),
            wire_aliases: Vec::new(),
            ty,
            presence,
            docs: None,
            xml: XmlField {
                kind,
                namespace: namespace.to_owned(),
                nillable: false,
            },
        }
    }

    /// A field XML holds without a name of its own (text content, or what the schema
    /// leaves open), named `name` in the IR.
    pub fn xml_unnamed(kind: XmlKind, name: &str, ty: TypeRef, presence: Presence) -> Self {
        Self {
            wire_name: String::new(),
            ..Self::xml_named(kind, "", name, ty, presence)
        }
    }

    /// The element or attribute name of the field in XML.
    pub fn xml_name(&self) -> XmlName {
        XmlName {
            namespace: self.xml.namespace.clone(),
            local: self.wire_name.clone(),
        }
    }
}

/// How a field appears in XML (for SOAP services; ServiceStack's DataContract XML is
/// derived from the field names instead).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlField {
    pub kind: XmlKind,
    /// The namespace of the element or attribute; empty when it is unqualified.
    pub namespace: String,
    /// May be `xsi:nil="true"`, which reads as absent.
    pub nillable: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XmlKind {
    /// A child element (repeated when the field is a [`TypeRef::List`]).
    #[default]
    Element,
    Attribute,
    /// The text content of a type with simple content.
    Text,
    /// Child elements no other field matches, kept as raw XML (`xs:any`).
    Any,
    /// Attributes no other field matches, kept by name (`xs:anyAttribute`).
    AnyAttribute,
}

/// Whether a field may be missing from a document, and what a missing one means.
/// (Explicit nil, as XML's `xsi:nil`, is a separate dimension the WSDL front-end adds.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always present; a reader rejects a document without it.
    Required,
    /// Always written, but a missing one reads as the type's default value (ServiceStack
    /// value types: a missing `bool` is `false`).
    DefaultIfMissing,
    /// May be absent (null), which is distinct from any value.
    Optional,
}

/// A reference to a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    Primitive(Primitive),
    List(Box<TypeRef>),
    /// A map; keys are strings on the wire whatever their type.
    Map(Box<TypeRef>, Box<TypeRef>),
    /// A value that may be null, inside a list or map (`List<int?>`).
    Nullable(Box<TypeRef>),
    /// A named type, with arguments when it is generic.
    Named {
        id: TypeId,
        args: Vec<TypeRef>,
    },
    /// A type parameter of the enclosing generic definition.
    Param(String),
    /// A list in a wrapper element whose items are elements named `item` (.NET's
    /// `ArrayOfX`): one field on the wire holding the items.
    Wrapped {
        item: Box<TypeRef>,
        item_name: XmlName,
    },
    /// A whitespace-separated list in one text value (`xs:list`).
    TextList(Box<TypeRef>),
}

impl TypeRef {
    pub fn named(id: TypeId) -> Self {
        TypeRef::Named {
            id,
            args: Vec::new(),
        }
    }

    /// Calls `visit` with this type and every type inside it (items, keys, values, generic
    /// arguments), outermost first: the one traversal selection, nesting and planning use.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a TypeRef)) {
        visit(self);
        match self {
            TypeRef::Named { args, .. } => args.iter().for_each(|arg| arg.walk(visit)),
            TypeRef::List(inner) | TypeRef::Nullable(inner) | TypeRef::TextList(inner) => {
                inner.walk(visit);
            }
            TypeRef::Wrapped { item, .. } => item.walk(visit),
            TypeRef::Map(key, value) => {
                key.walk(visit);
                value.walk(visit);
            }
            TypeRef::Primitive(_) | TypeRef::Param(_) => {}
        }
    }

    /// Calls `visit` with every named type inside this one.
    pub fn named_types<'a>(&'a self, visit: &mut dyn FnMut(&'a TypeId)) {
        self.walk(&mut |ty| {
            if let TypeRef::Named { id, .. } = ty {
                visit(id);
            }
        });
    }
}

impl TypeDef {
    /// The types of the definition's members: its fields', or a newtype's inner type.
    pub fn member_types(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
            TypeKind::Newtype(inner) => vec![inner],
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// Calls `visit` with every type the definition refers to: its XML base, then the
    /// named types of its members.
    pub fn references<'a>(&'a self, visit: &mut dyn FnMut(&'a TypeId)) {
        if let Some(base) = &self.xml.base {
            visit(base);
        }
        for ty in self.member_types() {
            ty.named_types(visit);
        }
    }
}

/// Scalar kinds every protocol shares; their wire formats are the runtime's business.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Decimal,
    Char,
    DateTime,
    /// A date and time with the offset it was recorded at (.NET `DateTimeOffset`).
    DateTimeOffset,
    Duration,
    Guid,
    Bytes,
    /// A calendar date (`xs:date`), possibly with an offset.
    Date,
    /// A time of day (`xs:time`), possibly with an offset.
    Time,
    /// A namespace-qualified name (`xs:QName`).
    QName,
    /// XML of any shape (`xs:any`, mixed content, `XmlNode`, DataSets), kept as written.
    Xml,
    /// Any value at all (`object`; `xs:anyType`).
    Any,
    /// The attributes an element's schema leaves open (`xs:anyAttribute`), by name.
    Attributes,
}

impl Primitive {
    /// Every primitive, for looking one up by [`Primitive::kind_name`].
    pub const ALL: [Primitive; 25] = [
        Primitive::String,
        Primitive::Bool,
        Primitive::I8,
        Primitive::I16,
        Primitive::I32,
        Primitive::I64,
        Primitive::U8,
        Primitive::U16,
        Primitive::U32,
        Primitive::U64,
        Primitive::F32,
        Primitive::F64,
        Primitive::Decimal,
        Primitive::Char,
        Primitive::DateTime,
        Primitive::DateTimeOffset,
        Primitive::Duration,
        Primitive::Guid,
        Primitive::Bytes,
        Primitive::Date,
        Primitive::Time,
        Primitive::QName,
        Primitive::Xml,
        Primitive::Any,
        Primitive::Attributes,
    ];

    /// The name users give the kind in options (`date-time`, `guid`).
    pub fn kind_name(self) -> &'static str {
        match self {
            Primitive::String => "string",
            Primitive::Bool => "bool",
            Primitive::I8 => "i8",
            Primitive::I16 => "i16",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::U8 => "u8",
            Primitive::U16 => "u16",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::Decimal => "decimal",
            Primitive::Char => "char",
            Primitive::DateTime => "date-time",
            Primitive::DateTimeOffset => "date-time-offset",
            Primitive::Duration => "duration",
            Primitive::Guid => "guid",
            Primitive::Bytes => "bytes",
            Primitive::Date => "date",
            Primitive::Time => "time",
            Primitive::QName => "qname",
            Primitive::Xml => "xml",
            Primitive::Any => "any",
            Primitive::Attributes => "attributes",
        }
    }
}

/// Where a model element came from, for diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<PathBuf>,
    pub location: Location,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A JSON path such as `$.Operations[0].Request.Properties[2].Type`.
    JsonPath(String),
    /// One-based line and column.
    LineColumn { line: usize, column: usize },
    /// The whole file.
    File,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::JsonPath(path) => write!(f, "{file}: at {path}"),
            Location::LineColumn { line, column } => write!(f, "{file}:{line}:{column}"),
            Location::File => write!(f, "{file}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    /// Ids compare by their texts, whether or not they share one namespace text.
    #[test]
    fn ids_compare_by_text_with_and_without_a_shared_namespace() {
        let shared: Arc<str> = "urn:a".into();
        let same = TypeId::new(Arc::clone(&shared), "T");
        let other_text = TypeId::new("urn:a", "T");
        assert_eq!(same, other_text);
        assert_eq!(same.cmp(&other_text), std::cmp::Ordering::Equal);
        let hash = |id: &TypeId| LookupHasher::default().hash_one(id);
        assert_eq!(hash(&same), hash(&other_text));

        let later_name = TypeId::new(Arc::clone(&shared), "U");
        let later_namespace = TypeId::new("urn:b", "A");
        assert!(same < later_name && later_name < later_namespace);
        assert_ne!(same, TypeId::new("urn:b", "T"));
        assert_ne!(same, TypeId::dotnet(shared, "T`1"));
    }
}
