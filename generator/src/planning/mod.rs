//! Rust planning: decides every Rust name, type and serde/XML attribute for an IR service.
//! Emission turns the plan into tokens without making any decision of its own.
//!
//! The modules form layers; each uses only those below it:
//!
//! 1. `plan` (the plan as data), `syntax` (the Rust syntax in it) and [`naming`]
//!    (identifiers);
//! 2. `graph` (facts about the IR's type graph) and `types` (the type space: every
//!    type's Rust name and every type reference's Rust type), then `items` (structs,
//!    enums, newtypes, families) and `options` (the user's derives and attributes);
//! 3. the protocol planners, `servicestack` and `soap`, handed the type space and what
//!    the items planner made;
//! 4. `planner`, which drives them for one service.

mod graph;
mod items;
pub mod naming;
pub(crate) mod nesting;
mod options;
mod plan;
mod planner;
mod servicestack;
mod soap;
mod syntax;
mod types;

pub use options::check_options;
pub use plan::{
    BodyPlan, ClientPlan, EnumMemberPlan, EnumPlan, ExternType, Extra, FaultPlan, FieldPlan,
    FieldXml, Gate, ItemPlan, JsonStylePlan, ModuleClient, ModuleContext, ModulePlan, NewtypePlan,
    OperationPlan, PolymorphicPlan, ResponseBodyPlan, RustType, SoapOperationPlan, SoapPlan,
    StructPlan, VariantPlan, WireFormat,
};
pub use planner::plan_service;
pub use syntax::{Derive, TypePath, UserSyntax, ident};
