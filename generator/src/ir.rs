//! The shared, language-neutral model of an API: what every front-end produces and the
//! Rust planner consumes. It says nothing about Rust and nothing about JSON or XML
//! documents; wire names and protocol facts are plain data here.

use std::fmt;
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    ServiceStack {
        /// How the host spells JSON keys (PascalCase on .NET Framework, camelCase on .NET Core).
        key_casing: KeyCasing,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCasing {
    Pascal,
    Camel,
}

/// One operation a client can call.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operation's name on the server (the request DTO name for ServiceStack).
    pub name: String,
    pub docs: Option<String>,
    pub request: TypeId,
    pub returns: Returns,
    pub http: HttpBinding,
    pub requires_auth: bool,
    /// Groups the service declares the operation in (ServiceStack `[Tag]`).
    pub tags: Vec<String>,
    pub origin: Origin,
}

/// What an operation answers with.
#[derive(Clone, Debug, PartialEq)]
pub enum Returns {
    Type(TypeRef),
    Nothing,
}

/// How an operation maps onto HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// The method the operation prefers; `None` leaves the protocol default.
    pub method: Option<HttpMethod>,
    /// User-defined routes, relative to the service's base URL.
    pub routes: Vec<Route>,
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId {
    pub namespace: String,
    pub name: String,
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}.{}", self.namespace, self.name)
        }
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
    /// True for types the protocol defines (ServiceStack's `ResponseStatus`…), which the
    /// runtime may already provide.
    pub builtin: bool,
    pub origin: Origin,
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
}

impl TypeRef {
    pub fn named(id: TypeId) -> Self {
        TypeRef::Named {
            id,
            args: Vec::new(),
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
    /// Any value at all (`object`).
    Any,
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
