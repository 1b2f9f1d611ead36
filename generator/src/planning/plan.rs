//! The plan of one generated module, as data: every Rust item with its names, types and
//! wire attributes decided, and the client. The bottom layer of planning: it decides
//! nothing and depends on nothing else of the planner; emission reads only this.

pub use super::syntax::{Derive, RustType, TypePath, UserSyntax};
use crate::ir::{HttpMethod, Presence, Route, SoapAction, XmlKind, XmlName};
use crate::spec::Options;

#[derive(Clone, Debug, PartialEq)]
pub struct ModulePlan {
    pub name: String,
    /// The generated crate's name as Rust code spells it (for doc examples).
    pub crate_ident: String,
    /// The service's usual base URL (for doc examples).
    pub base_url: Option<String>,
    pub docs: Vec<String>,
    pub items: Vec<ItemPlan>,
    pub extern_types: Vec<ExternType>,
    pub client: ModuleClient,
    /// Whether any type uses `BTreeMap` (so the module imports it).
    pub uses_maps: bool,
    /// Whether doc comments may carry examples (see [`ModuleContext::examples`]).
    pub examples: bool,
    pub blocking: Gate,
    pub mock: Gate,
    /// Options that matched nothing (a misspelled type name, say).
    pub warnings: Vec<String>,
}

/// What the user adds to an item: derives and attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub derives: Vec<Derive>,
    pub attributes: Vec<UserSyntax>,
}

/// A type provided elsewhere and re-exported under `ident`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternType {
    pub ident: String,
    pub path: TypePath,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemPlan {
    Struct(StructPlan),
    Newtype(NewtypePlan),
    Enum(EnumPlan),
    /// A type and the types derived from it, told apart on the wire by `xsi:type`.
    Polymorphic(PolymorphicPlan),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolymorphicPlan {
    pub ident: String,
    pub docs: Vec<String>,
    pub variants: Vec<VariantPlan>,
    /// The variant `Default` and an `xsi:type`-less element pick: the base, or its first
    /// concrete descendant when the base is abstract.
    pub default_variant: usize,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantPlan {
    pub ident: String,
    /// The struct the variant holds (or the user's replacement for it).
    pub ty: RustType,
    /// The schema type's name, as `xsi:type` carries it.
    pub xml_type: XmlName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructPlan {
    pub ident: String,
    /// The .NET name, when the Rust name differs (`Item` for `Item2`): DataContract XML
    /// names list items after their type.
    pub wire_name: Option<String>,
    pub generics: Vec<String>,
    pub docs: Vec<String>,
    pub fields: Vec<FieldPlan>,
    pub format: WireFormat,
    pub extra: Extra,
    /// The schema type's name, written as `xsi:type` when the struct stands in for a base.
    pub xml_type: Option<XmlName>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldPlan {
    pub ident: String,
    pub wire_name: String,
    pub aliases: Vec<String>,
    pub ty: RustType,
    pub presence: Presence,
    pub docs: Vec<String>,
    /// How the field appears in XML (SOAP services).
    pub xml: Option<FieldXml>,
}

/// Everything the XML reader and writer need to know about a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldXml {
    pub kind: XmlKind,
    pub name: XmlName,
    pub nillable: bool,
    pub required: bool,
    /// Item element names of wrapped lists, outermost first.
    pub items: Vec<XmlName>,
    pub text_list: bool,
}

/// A type that is another type on the wire (`#[serde(transparent)]`).
#[derive(Clone, Debug, PartialEq)]
pub struct NewtypePlan {
    pub ident: String,
    pub generics: Vec<String>,
    pub docs: Vec<String>,
    pub inner: RustType,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumPlan {
    pub ident: String,
    pub docs: Vec<String>,
    /// Integer enums become a newtype over `i64` with one constant per member, so flags
    /// combine and unknown values survive; string enums get an `Unknown(String)` variant.
    pub integer: bool,
    pub members: Vec<EnumMemberPlan>,
    /// The member `Default` picks: the one with value 0, as in .NET, else the first.
    pub default_member: usize,
    /// With [`WireFormat::XmlSchema`], values match exactly and the enum reads and writes
    /// itself as XML text.
    pub format: WireFormat,
    pub extra: Extra,
}

/// How a module's types travel, which decides their impls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireFormat {
    /// ServiceStack: serde (JSON, and DataContract XML through serde); `object` is JSON.
    Serde,
    /// SOAP: XML Schema through `svcgen_runtime::xml` (no serde); `anyType` is raw XML, and
    /// a nil element may stand for a required value.
    XmlSchema,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumMemberPlan {
    /// A variant name, or a constant name for integer enums.
    pub ident: String,
    pub wire_name: String,
    pub value: i64,
    pub docs: Vec<String>,
}

/// The client of a module: one kind per protocol, so that a module cannot have both.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleClient {
    ServiceStack(ClientPlan),
    Soap(Box<SoapPlan>),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClientPlan {
    pub operations: Vec<OperationPlan>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationPlan {
    /// The client method's name.
    pub method_ident: String,
    pub docs: Vec<String>,
    pub operation_name: String,
    pub request_ident: String,
    pub response: RustType,
    pub http_method: HttpMethod,
    pub routes: Vec<Route>,
    pub requires_auth: bool,
    /// The host has `/api/{Operation}` (ServiceStack v6+), which the client then uses when
    /// no user route fits; v5 hosts have only `/json/reply/{Operation}`.
    pub predefined_api: bool,
    /// The request's own DataContract namespace, when it is not the protocol default.
    pub xml_namespace: Option<String>,
    /// How the host reads JSON; `None` for the runtime's default (ServiceStack.Text,
    /// PascalCase).
    pub json_style: Option<JsonStylePlan>,
    pub response_body: ResponseBodyPlan,
}

/// The runtime's `JsonStyle` of a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonStylePlan {
    pub system_text_json: bool,
    pub camel_case: bool,
}

/// What a successful answer carries (the runtime's `ResponseBody`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseBodyPlan {
    Dto,
    /// A void operation.
    Empty,
    /// `string`: raw text.
    Text,
    /// `byte[]`, `Stream`: raw bytes.
    Bytes,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SoapPlan {
    pub operations: Vec<SoapOperationPlan>,
    /// `Headers`: one optional field per header element; none when no operation has a
    /// header.
    pub headers: Option<StructPlan>,
    pub faults: Vec<FaultPlan>,
    /// Every namespace the module's XML names use, in order of first use; emitted as
    /// constants `NS`, `NS2`, ….
    pub namespaces: Vec<String>,
    /// The address the WSDL advertises (for doc examples only).
    pub example_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SoapOperationPlan {
    pub method_ident: String,
    /// The `soap::Operation` constant in the module's `operations` module.
    pub const_ident: String,
    pub docs: Vec<String>,
    pub name: String,
    pub soap11: Option<SoapAction>,
    pub soap12: Option<SoapAction>,
    pub input: BodyPlan,
    pub output: Option<BodyPlan>,
    pub request: RustType,
    pub response: RustType,
    /// Positions in `Headers` of the headers the operation sends.
    pub input_headers: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyPlan {
    Element(XmlName),
    Parts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    pub ident: String,
    pub ty: RustType,
    pub element: XmlName,
}

/// What the caller knows about a module beyond its IR.
#[derive(Clone, Debug, Default)]
pub struct ModuleContext {
    pub crate_name: String,
    pub base_url: Option<String>,
    pub docs: Vec<String>,
    pub options: Options,
    /// Doc examples name the module by its path in the generated crate; a module
    /// `include!`d elsewhere has none, so it gets no examples.
    pub examples: bool,
    pub blocking: Gate,
    pub mock: Gate,
}

/// Whether a module gets one of its optional parts (the synchronous client, the mock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Gate {
    /// Behind the generated crate's feature of the part's name (`blocking`, `mock`).
    #[default]
    Feature,
    /// Always (a module `include!`d into a crate that asked for it).
    Always,
    /// No.
    Never,
}

/// Doc text as lines for `///` comments; blank edges trimmed.
pub(super) fn doc_lines(docs: Option<&str>) -> Vec<String> {
    let Some(text) = docs.map(str::trim).filter(|text| !text.is_empty()) else {
        return Vec::new();
    };
    text.lines()
        .map(|line| line.trim_end().to_owned())
        .collect()
}
