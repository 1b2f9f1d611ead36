//! How a service's API changed between two versions of its contract, as `svcgen update`
//! reports it: operations and types added or removed, and for the ones in both, what
//! changed in their binding, fields or members. Compared on the IR, so a reformatted
//! schema shows no changes.

use std::collections::BTreeMap;
use std::fmt;

use crate::inspect::{binding, type_name};
use crate::ir::{Field, Operation, Presence, Returns, Service, TypeDef, TypeId, TypeKind};

/// One change, for a person to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Removed(String),
    Changed(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(what) => write!(f, "+ {what}"),
            Change::Removed(what) => write!(f, "- {what}"),
            Change::Changed(what) => write!(f, "~ {what}"),
        }
    }
}

/// Every change from `old` to `new`: operations first, then types, each by name.
pub fn changes(old: &Service, new: &Service) -> Vec<Change> {
    let mut out = Vec::new();
    let old_operations = by_name(&old.operations, |operation| operation.name.clone());
    let new_operations = by_name(&new.operations, |operation| operation.name.clone());
    compare(&old_operations, &new_operations, &mut out, operation_change);
    let old_types = by_name(&old.types, |def| type_label(&def.id));
    let new_types = by_name(&new.types, |def| type_label(&def.id));
    compare(&old_types, &new_types, &mut out, type_change);
    out
}

/// A type's name with its namespace: `{http://host/ns}Name` for XML namespaces,
/// `Namespace.Name` for .NET ones.
fn type_label(id: &TypeId) -> String {
    if id.namespace.contains(':') {
        format!("{{{}}}{}", id.namespace, id.name)
    } else {
        id.to_string()
    }
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> String) -> BTreeMap<String, &T> {
    items.iter().map(|item| (name(item), item)).collect()
}

/// Something described in one line: an operation or a type.
trait Described {
    const WHAT: &'static str;
    fn summary(&self) -> String;
}

impl Described for Operation {
    const WHAT: &'static str = "operation";
    fn summary(&self) -> String {
        binding(&self.binding, self.requires_auth)
    }
}

impl Described for TypeDef {
    const WHAT: &'static str = "type";
    fn summary(&self) -> String {
        let row = crate::inspect::type_row(self);
        [row[1].as_str(), row[2].as_str()].join(", ")
    }
}

fn compare<T: Described>(
    old: &BTreeMap<String, &T>,
    new: &BTreeMap<String, &T>,
    out: &mut Vec<Change>,
    changed: impl Fn(&str, &T, &T) -> Vec<Change>,
) {
    for (name, item) in new {
        if !old.contains_key(name) {
            out.push(Change::Added(format!(
                "{} {name} ({})",
                T::WHAT,
                item.summary()
            )));
        }
    }
    for name in old.keys() {
        if !new.contains_key(name) {
            out.push(Change::Removed(format!("{} {name}", T::WHAT)));
        }
    }
    for (name, old_item) in old {
        if let Some(new_item) = new.get(name) {
            out.extend(changed(name, old_item, new_item));
        }
    }
}

fn operation_change(name: &str, old: &Operation, new: &Operation) -> Vec<Change> {
    let mut out = Vec::new();
    let (old_binding, new_binding) = (old.summary(), new.summary());
    if old_binding != new_binding {
        out.push(Change::Changed(format!(
            "operation {name}: {old_binding} -> {new_binding}"
        )));
    }
    if old.request != new.request {
        out.push(Change::Changed(format!(
            "operation {name}: request {} -> {}",
            old.request, new.request
        )));
    }
    let (old_returns, new_returns) = (returns(&old.returns), returns(&new.returns));
    if old_returns != new_returns {
        out.push(Change::Changed(format!(
            "operation {name}: returns {old_returns} -> {new_returns}"
        )));
    }
    out
}

fn returns(returns: &Returns) -> String {
    match returns {
        Returns::Type(ty) => type_name(ty),
        Returns::Nothing => "nothing".to_owned(),
    }
}

fn type_change(name: &str, old: &TypeDef, new: &TypeDef) -> Vec<Change> {
    match (&old.kind, &new.kind) {
        (TypeKind::Struct { fields: old }, TypeKind::Struct { fields: new }) => {
            field_changes(name, old, new)
        }
        (TypeKind::Enum(old), TypeKind::Enum(new)) => {
            let old_members: Vec<&str> = old.members.iter().map(|m| m.wire_name.as_str()).collect();
            let new_members: Vec<&str> = new.members.iter().map(|m| m.wire_name.as_str()).collect();
            let mut out = Vec::new();
            for member in new_members.iter().filter(|m| !old_members.contains(m)) {
                out.push(Change::Added(format!("member {name}.{member}")));
            }
            for member in old_members.iter().filter(|m| !new_members.contains(m)) {
                out.push(Change::Removed(format!("member {name}.{member}")));
            }
            out
        }
        (TypeKind::Newtype(old_inner), TypeKind::Newtype(new_inner)) if old_inner == new_inner => {
            Vec::new()
        }
        _ => {
            let (old_summary, new_summary) = (old.summary(), new.summary());
            vec![Change::Changed(format!(
                "type {name}: {old_summary} -> {new_summary}"
            ))]
        }
    }
}

fn field_changes(type_name: &str, old: &[Field], new: &[Field]) -> Vec<Change> {
    let mut out = Vec::new();
    let find = |fields: &'_ [Field], name: &str| -> Option<String> {
        fields
            .iter()
            .find(|field| field.name == name)
            .map(field_summary)
    };
    for field in new {
        if find(old, &field.name).is_none() {
            out.push(Change::Added(format!(
                "field {type_name}.{} ({})",
                field.name,
                field_summary(field)
            )));
        }
    }
    for field in old {
        let Some(now) = find(new, &field.name) else {
            out.push(Change::Removed(format!("field {type_name}.{}", field.name)));
            continue;
        };
        let before = field_summary(field);
        if before != now {
            out.push(Change::Changed(format!(
                "field {type_name}.{}: {before} -> {now}",
                field.name
            )));
        }
    }
    out
}

fn field_summary(field: &Field) -> String {
    let presence = match field.presence {
        Presence::Required => "required",
        Presence::DefaultIfMissing => "default if missing",
        Presence::Optional => "optional",
    };
    let ty = type_name(&field.ty);
    if field.wire_name == field.name {
        format!("{ty}, {presence}")
    } else {
        format!("{ty}, {presence}, `{}` on the wire", field.wire_name)
    }
}
