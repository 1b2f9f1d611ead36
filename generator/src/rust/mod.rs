//! Rust planning: decides every Rust name, type and serde attribute for an IR service.
//! Emission turns the plan into tokens without making any decision of its own.

pub mod naming;
mod plan;

pub use plan::{
    ClientPlan, EnumMemberPlan, EnumPlan, ExternType, FieldPlan, ItemPlan, ModuleContext,
    ModulePlan, NewtypePlan, OperationPlan, RustType, StructPlan, plan_service,
};
