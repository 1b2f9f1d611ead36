//! Planning the module's items from the IR's types: structs and their fields (boxed where
//! they would contain their owner, `Secret` where they hold a credential), newtypes,
//! enums, and the `Any…` enums of `xsi:type` families.

use heck::ToShoutySnakeCase;

use super::graph::Containment;
use super::naming::{self, Scope, ValueNames};
use super::plan::{
    EnumMemberPlan, EnumPlan, Extra, FieldPlan, FieldXml, ItemPlan, NewtypePlan, PolymorphicPlan,
    RustType, StructPlan, VariantPlan, WireFormat, doc_lines,
};
use super::types::TypeSpace;
use crate::error::{Error, Result};
use crate::ir::{
    Enum, Field, Origin, Presence, Primitive, Service, TypeDef, TypeId, TypeKind, TypeRef, XmlName,
};

pub(super) struct ItemPlanner<'a> {
    types: &'a TypeSpace<'a>,
    containment: Containment<'a>,
    field_names: ValueNames,
}

impl<'a> ItemPlanner<'a> {
    pub(super) fn new(types: &'a TypeSpace<'a>, service: &'a Service) -> Self {
        Self {
            types,
            containment: Containment::new(&service.types),
            field_names: ValueNames::default(),
        }
    }

    pub(super) fn item(&self, def: &TypeDef) -> Result<ItemPlan> {
        let ident = self.types.ident(&def.id);
        let docs = doc_lines(def.docs.as_deref());
        Ok(match &def.kind {
            TypeKind::Struct { fields } => ItemPlan::Struct(self.struct_plan(def, fields)?),
            TypeKind::Newtype(inner) => ItemPlan::Newtype(NewtypePlan {
                ident,
                generics: self.types.generics(def),
                docs,
                inner: self.types.rust_type(inner).map_err(|message| {
                    Error::input(def.origin.clone(), format!("`{}`: {message}", def.id.name))
                })?,
                extra: Extra::default(),
            }),
            TypeKind::Enum(definition) => {
                ItemPlan::Enum(enum_plan(ident, docs, definition, self.types.format()))
            }
        })
    }

    fn struct_plan(&self, def: &TypeDef, fields: &[Field]) -> Result<StructPlan> {
        let ident = self.types.ident(&def.id);
        let net_name = def.id.name.as_str();
        let wire_name = (def.params.is_empty() && net_name != ident).then(|| net_name.to_owned());
        let in_family = self.types.in_family(&def.id);
        Ok(StructPlan {
            fields: self.field_plans(Some(&def.id), net_name, &def.origin, fields)?,
            ident,
            wire_name,
            generics: self.types.generics(def),
            docs: doc_lines(def.docs.as_deref()),
            format: self.types.format(),
            xml_type: def.xml.name.clone().filter(|_| in_family),
            extra: Extra::default(),
        })
    }

    /// The fields of the struct `owner` (boxed where they would contain it again).
    pub(super) fn field_plans(
        &self,
        owner: Option<&TypeId>,
        owner_name: &str,
        origin: &Origin,
        fields: &[Field],
    ) -> Result<Vec<FieldPlan>> {
        let mut scope = Scope::default();
        let format = self.types.format();
        let mut planned = Vec::with_capacity(fields.len());
        for field in fields {
            let ty = self.field_type(owner, field).map_err(|message| {
                Error::input(
                    origin.clone(),
                    format!("field `{}` of `{owner_name}`: {message}", field.name),
                )
            })?;
            planned.push(FieldPlan {
                ident: scope.claim(self.field_names.of(&field.name)),
                wire_name: field.wire_name.clone(),
                aliases: field.wire_aliases.clone(),
                ty,
                presence: field.presence,
                docs: doc_lines(field.docs.as_deref()),
                xml: (format == WireFormat::XmlSchema).then(|| field_xml(field)),
            });
        }
        Ok(planned)
    }

    fn field_type(&self, owner: Option<&TypeId>, field: &Field) -> Result<RustType, String> {
        let mut ty = if is_credential(field) {
            RustType::path("::svcgen_runtime::Secret")
        } else {
            self.types.rust_type(&field.ty)?
        };
        if owner.is_some_and(|owner| self.containment.is_recursive(owner, &field.ty)) {
            ty = RustType::generic("Box", vec![ty]);
        }
        if field_is_optional(field, self.types.format()) {
            ty = RustType::option(ty);
        }
        Ok(ty)
    }

    /// One enum per type with derived types, over the type and every descendant.
    pub(super) fn family_items(&self) -> Vec<ItemPlan> {
        self.types
            .families()
            .map(|(base, family)| {
                let variants = family
                    .members
                    .iter()
                    .filter_map(|id| {
                        let def = self.types.def(id)?;
                        let ty = self
                            .types
                            .replacement(id)
                            .unwrap_or_else(|| RustType::path(self.types.ident(id)));
                        Some(VariantPlan {
                            ident: self.types.ident(id),
                            ty,
                            xml_type: def.xml.name.clone()?,
                        })
                    })
                    .collect();
                let default_variant = family
                    .members
                    .iter()
                    .position(|id| self.types.def(id).is_some_and(|def| !def.xml.is_abstract))
                    .unwrap_or(0);
                ItemPlan::Polymorphic(PolymorphicPlan {
                    ident: family.ident.clone(),
                    docs: vec![format!(
                        "`{}` or a type derived from it, as `xsi:type` says on the wire.",
                        self.types.ident(base)
                    )],
                    variants,
                    default_variant,
                    extra: Extra::default(),
                })
            })
            .collect()
    }
}

/// String members that hold credentials become `Secret`, so they never reach `Debug`
/// output or logs.
fn is_credential(field: &Field) -> bool {
    const NAMES: &[&str] = &[
        "password",
        "accesstoken",
        "refreshtoken",
        "bearertoken",
        "sessionid",
        "apikey",
        "accesstokensecret",
        "clientsecret",
        "secret",
        "oauthtoken",
        "token",
    ];
    // Compared byte by byte, underscores left out and case ignored, without building the
    // folded name for every field of a contract.
    let name = field.name.bytes().filter(|&byte| byte != b'_');
    let is_named = |known: &&str| {
        let mut name = name.clone();
        known.bytes().all(|byte| {
            name.next()
                .is_some_and(|own| own.eq_ignore_ascii_case(&byte))
        }) && name.next().is_none()
    };
    field.ty == TypeRef::Primitive(Primitive::String) && NAMES.iter().any(is_named)
}

fn enum_plan(ident: String, docs: Vec<String>, definition: &Enum, format: WireFormat) -> EnumPlan {
    let mut scope = if definition.integer {
        Scope::default()
    } else {
        Scope::with_reserved(&["Unknown"])
    };
    let members = definition
        .members
        .iter()
        .map(|member| {
            let name = if definition.integer {
                naming::type_name(&member.name).to_shouty_snake_case()
            } else {
                naming::type_name(&member.name)
            };
            EnumMemberPlan {
                ident: scope.claim(name),
                wire_name: member.wire_name.clone(),
                value: member.value,
                docs: doc_lines(member.docs.as_deref()),
            }
        })
        .collect();
    let default_member = definition
        .members
        .iter()
        .position(|member| member.value == 0)
        .unwrap_or(0);
    EnumPlan {
        ident,
        docs,
        integer: definition.integer,
        members,
        default_member,
        format,
        extra: Extra::default(),
    }
}

/// `Option` for a field that may be absent, and, in XML, for one that may be nil; lists
/// are empty instead, except wrapped lists whose wrapper may be absent.
fn field_is_optional(field: &Field, format: WireFormat) -> bool {
    let is_list = matches!(field.ty, TypeRef::List(_));
    match field.presence {
        Presence::Optional => true,
        Presence::Required => format == WireFormat::XmlSchema && field.xml.nillable && !is_list,
        Presence::DefaultIfMissing => false,
    }
}

fn field_xml(field: &Field) -> FieldXml {
    let mut items = Vec::new();
    let mut ty = &field.ty;
    while let TypeRef::Wrapped { item, item_name } = ty {
        items.push(item_name.clone());
        ty = item;
    }
    FieldXml {
        kind: field.xml.kind,
        name: XmlName {
            namespace: field.xml.namespace.clone(),
            local: field.wire_name.clone(),
        },
        nillable: field.xml.nillable,
        required: field.presence == Presence::Required,
        items,
        text_list: matches!(field.ty, TypeRef::TextList(_)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Presence, XmlKind};

    fn string_field(name: &str) -> Field {
        let ty = TypeRef::Primitive(Primitive::String);
        Field::xml_named(XmlKind::Element, "", name, ty, Presence::Required)
    }

    #[test]
    fn credentials_are_known_by_name_whatever_the_case_and_underscores() {
        for name in [
            "Password",
            "access_token",
            "ACCESSTOKEN",
            "Api_Key",
            "session_id",
            "token",
        ] {
            assert!(is_credential(&string_field(name)), "{name}");
        }
        for name in [
            "Passwords",
            "passwor",
            "Username",
            "token_type",
            "",
            "tökén",
        ] {
            assert!(!is_credential(&string_field(name)), "{name}");
        }
        let mut number = string_field("Password");
        number.ty = TypeRef::Primitive(Primitive::I32);
        assert!(!is_credential(&number));
    }
}
