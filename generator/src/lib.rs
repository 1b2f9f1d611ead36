//! svcgen: generates Rust DTOs and typed clients from the contracts line-of-business
//! services publish: ServiceStack metadata and operation pages, WSDL and XML Schema.
//!
//! Data flows one way:
//!
//! 1. `input` reads a file (and what it imports) and detects its kind from its content;
//! 2. a front-end (`servicestack`, `wsdl`) lowers it into the shared `ir`;
//! 3. `planning` plans names, types and attributes;
//! 4. `emit` prints the plan with `quote!` + prettyplease;
//! 5. `output` compares the result with the files on disk or writes it.
//!
//! The API is what build scripts and tools driving the generator need: [`Builder`] (and
//! [`regenerate`]) for `build.rs`, [`generate`] with a [`CrateSpec`] for everything else,
//! [`config`] for `svcgen.toml`.
//!
//! The same inputs always give byte-identical output.
#![forbid(unsafe_code)]

mod build;
#[cfg(feature = "update")]
mod changes;
pub mod config;
mod emit;
mod error;
mod input;
mod inspect;
mod ir;
mod output;
mod pipeline;
mod planning;
mod select;
mod servicestack;
mod spec;
#[cfg(feature = "update")]
mod update;
mod wsdl;

pub use build::{Builder, regenerate};
pub use error::{Error, Result};
pub use ir::{JsonDialect, Location, Origin};
pub use output::{Difference, GeneratedCrate, WriteSummary};
pub use pipeline::generate;
pub use spec::{CrateSpec, Options, Regenerate, RuntimeDependency, ServiceSpec, relative_path};

/// Not part of the API, and free to change in any release: the stages of the pipeline,
/// for the `svcgen` command and svcgen's own tests and benchmarks.
#[doc(hidden)]
pub mod internal {
    pub use crate::inspect::inspect;

    pub mod input {
        pub use crate::input::*;
    }

    pub mod ir {
        pub use crate::ir::*;
    }

    pub mod planning {
        pub use crate::planning::*;
    }

    #[cfg(feature = "update")]
    pub mod update {
        pub use crate::update::*;
    }

    pub mod wsdl {
        pub use crate::wsdl::*;
    }
}

/// The generator's version, recorded in every generated file.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
