//! The contracts the benchmarks run on, by the names the report uses.

use std::path::{Path, PathBuf};

use crate::{shared_fixtures, synthetic, workspace_root};

/// One contract: its files and, for WSDLs with remote imports, a catalog.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub files: Vec<PathBuf>,
    pub catalog: Option<PathBuf>,
}

impl Input {
    fn new(name: &str, file: PathBuf) -> Self {
        Self {
            name: name.to_owned(),
            files: vec![file],
            catalog: None,
        }
    }

    /// The whole-crate spec svcgen generates for this input, depending on the runtime by
    /// `runtime`.
    pub fn spec(&self, runtime: svcgen::RuntimeDependency) -> svcgen::CrateSpec {
        svcgen::CrateSpec {
            name: format!("bench-{}", self.name.replace('.', "-")),
            runtime,
            regenerate: None,
            command: None,
            services: vec![svcgen::ServiceSpec {
                catalog: self.catalog.clone(),
                ..svcgen::ServiceSpec::new("service", self.files.clone())
            }],
        }
    }
}

/// The synthetic sizes.
pub const SYNTHETIC_TYPES: [usize; 3] = [100, 1_000, 10_000];

/// What generation is timed on: real contracts (those in the shared fixtures when they are
/// there) and synthetic WSDLs, written into `dir`.
pub fn generation(dir: &Path) -> std::io::Result<Vec<Input>> {
    let mut inputs = vec![Input::new(
        "twinfield-session",
        workspace_root().join("schemas/twinfield/session.wsdl"),
    )];
    if let Some(shared) = shared_fixtures() {
        let twinfield = shared.join("wsdl/real/twinfield");
        inputs.extend([
            Input::new(
                "ssrs-reportservice2010",
                shared.join("wsdl/real/ssrs-reportservice2010/ReportService2010.wsdl"),
            ),
            Input::new("twinfield-finder", twinfield.join("accounting-finder.wsdl")),
            Input::new("twinfield-processxml", twinfield.join("processxml.wsdl")),
            Input::new(
                "servicestack-gallery-v6_61",
                shared.join(
                    "servicestack/real/metadata/blazor-gallery.app-metadata.v6.61.servicestack-text.json",
                ),
            ),
        ]);
    }
    for types in SYNTHETIC_TYPES {
        let path = dir.join(format!("synthetic-{types}.wsdl"));
        std::fs::write(&path, synthetic::wsdl(types))?;
        inputs.push(Input::new(&format!("synthetic-{types}"), path));
    }
    Ok(inputs)
}

/// Plain XML Schemas both svcgen and xsd-parser accept: xsd-parser's own test schemas and
/// the largest entry point of each Twinfield WCF service (through its `Reference.svcmap`).
pub fn xsd_comparison() -> Vec<Input> {
    let Some(shared) = shared_fixtures() else {
        return Vec::new();
    };
    let peers = shared.join("wsdl/peers/xsd-parser");
    let mut inputs: Vec<Input> = [
        "any",
        "choice",
        "dynamic_type",
        "enumeration",
        "extension_base",
        "mixed_content",
        "nillable",
        "substitution_group",
    ]
    .iter()
    .map(|name| {
        Input::new(
            &format!("xsd-parser-{name}"),
            peers.join(name).join("schema.xsd"),
        )
    })
    .collect();
    inputs.push(Input::new(
        "xsd-parser-namespaces_qualified",
        peers.join("namespaces_qualified/foo.xsd"),
    ));
    let werk = shared.join("wsdl/real/twinfield/werk-2018");
    for (folder, file) in [
        ("TwinfieldBankStatementService", "BankStatementService.xsd"),
        ("TwinfieldBankBookService", "BankBookService3.xsd"),
        ("TwinfieldCashBookService", "CashBookService3.xsd"),
        (
            "TwinfieldDeletedTransactionService",
            "DeletedTransactionsService3.xsd",
        ),
    ] {
        let dir = werk.join(folder);
        let stem = file.trim_end_matches(".xsd");
        inputs.push(Input {
            catalog: Some(dir.join("Reference.svcmap")),
            ..Input::new(&format!("twinfield-wcf-{stem}"), dir.join(file))
        });
    }
    inputs
}
