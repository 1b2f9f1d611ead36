//! Rust planning: decides every Rust name, type and serde/XML attribute for an IR service.
//! Emission turns the plan into tokens without making any decision of its own.

pub mod naming;
pub(crate) mod nesting;
mod plan;
mod servicestack;
mod soap;

pub use plan::{
    Blocking, ClientPlan, EnumMemberPlan, EnumPlan, ExternType, Extra, FieldPlan, FieldXml,
    ItemPlan, JsonStylePlan, ModuleClient, ModuleContext, ModulePlan, NewtypePlan, OperationPlan,
    PolymorphicPlan, ResponseBodyPlan, RustType, StructPlan, VariantPlan, WireFormat,
    check_options, plan_service,
};
pub use soap::{BodyPlan, FaultPlan, SoapOperationPlan, SoapPlan};
