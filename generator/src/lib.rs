//! svcgen: generates Rust DTOs and typed clients from the contracts line-of-business
//! services publish: ServiceStack metadata and operation pages, WSDL and XML Schema.
//!
//! Data flows one way:
//!
//! 1. [`input`] reads a file (and what it imports) and detects its kind from its content;
//! 2. a front-end (`servicestack`, [`wsdl`]) lowers it into the shared [`ir`];
//! 3. [`planning`] plans names, types and attributes;
//! 4. `emit` prints the plan with `quote!` + prettyplease;
//! 5. [`output`] compares the result with the files on disk or writes it.
//!
//! The same inputs always give byte-identical output.

mod build;
pub mod changes;
pub mod config;
pub mod error;
pub mod input;
pub mod inspect;
pub mod ir;
pub mod output;
pub mod planning;
#[cfg(feature = "update")]
pub mod update;
pub mod wsdl;

mod emit;
mod pipeline;
mod select;
mod servicestack;
mod spec;

pub use build::{Builder, regenerate};
pub use error::{Error, Result};
pub use output::{Difference, GeneratedCrate, WriteSummary};
pub use pipeline::generate;
pub use spec::{CrateSpec, Options, Regenerate, RuntimeDependency, ServiceSpec, relative_path};

/// The generator's version, recorded in every generated file.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
