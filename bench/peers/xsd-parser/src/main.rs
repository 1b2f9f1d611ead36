//! xsd-parser-driver INPUT.xsd OUTPUT.rs [--profile tests|full]
//!
//! Generates Rust types + quick-xml serializer and deserializer from one XSD
//! (imports/includes are resolved from files) using xsd-parser 1.5.2, formats
//! the result with prettyplease and writes it to OUTPUT.rs.
//! Generation time (ms) is printed to stderr.
//!
//! Imports whose `schemaLocation` is not a readable file (e.g. WCF's
//! `https://host/Service.svc?xsd=xsd2`) are resolved by namespace: the
//! sibling `*.xsd` file (same directory as the importing schema) whose
//! `targetNamespace` equals the imported namespace is used. No network access.
//!
//! Profiles:
//! * `tests`: the config of xsd-parser's own quick-xml golden tests
//!   (`Config::test_default().with_quick_xml()` from `tests/utils.rs`).
//!   Single module, no nillable support: fails on multi-namespace WCF schemas.
//! * `full` (default): like upstream real-schema tests (tests/schema/ofd, onix):
//!   all parser/optimizer flags (minus REMOVE_DUPLICATES), all generator flags
//!   (namespace modules, nillable, any, mixed) minus ADVANCED_ENUMS and
//!   ABSOLUTE_PATHS_INSTEAD_USINGS. Interpreter flags stay at the default, so
//!   the output needs no `num` crate.

use std::{fs::File, io::BufReader, path::PathBuf, process::ExitCode, time::Instant};

use quote::ToTokens;
use url::Url;
use xsd_parser::{
    config::{Generate, GeneratorFlags, OptimizerFlags, ParserFlags, Schema},
    exec_generator_with_ident_cache, exec_interpreter_with_ident_cache, exec_optimizer,
    exec_render,
    pipeline::parser::resolver::{FileResolver, ResolveRequest, ResolveResult, Resolver},
    Config, Parser,
};

/// `FileResolver`, falling back to "sibling file with the requested targetNamespace".
#[derive(Debug, Default)]
struct LocalResolver(FileResolver);

impl Resolver for LocalResolver {
    type Buffer = BufReader<File>;
    type Error = std::io::Error;

    fn resolve(&mut self, req: &ResolveRequest) -> ResolveResult<Self> {
        if let Ok(Some(found)) = self.0.resolve(req) {
            return Ok(Some(found));
        }
        let (Some(ns), Some(cur)) = (&req.requested_ns, &req.current_location) else {
            return Ok(None);
        };
        let Some(dir) = cur.to_file_path().ok().and_then(|p| p.parent().map(Into::into)) else {
            return Ok(None);
        };
        let dir: PathBuf = dir;
        let needle = format!("targetNamespace=\"{ns}\"");
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xsd")))
            .collect();
        entries.sort();
        for path in entries {
            if std::fs::read_to_string(&path).is_ok_and(|t| t.contains(&needle)) {
                let url = Url::from_file_path(&path).expect("absolute path");
                let name = path.file_stem().and_then(|s| s.to_str()).map(String::from);
                return Ok(Some((name, url, BufReader::new(File::open(&path)?))));
            }
        }
        Ok(None)
    }
}

/// Same as `xsd_parser::generate`, but with `LocalResolver` in the parser stage.
fn generate(config: Config) -> Result<proc_macro2::TokenStream, String> {
    let Config { parser: pc, interpreter, optimizer, generator, renderer } = config;
    let mut parser = Parser::new()
        .with_resolver(LocalResolver::default())
        .resolve_includes(pc.flags.contains(ParserFlags::RESOLVE_INCLUDES))
        .generate_prefixes(pc.flags.contains(ParserFlags::GENERATE_PREFIXES))
        .alternative_prefixes(pc.flags.contains(ParserFlags::ALTERNATIVE_PREFIXES));
    if pc.flags.contains(ParserFlags::DEFAULT_NAMESPACES) {
        parser = parser.with_default_namespaces();
    }
    for schema in pc.schemas {
        let Schema::File(path) = schema else { unreachable!() };
        parser = parser.add_schema_from_file(path).map_err(|e| format!("Parser error: {e}"))?;
    }
    let schemas = parser.finish();
    let e = |e: xsd_parser::Error| e.to_string();
    let (meta, idents) = exec_interpreter_with_ident_cache(interpreter, &schemas).map_err(e)?;
    let meta = exec_optimizer(optimizer, meta).map_err(e)?;
    let data = exec_generator_with_ident_cache(generator, &schemas, Some(&idents), &meta)
        .map_err(e)?;
    let module = exec_render(renderer, &data).map_err(|e| format!("Renderer error: {e}"))?;
    Ok(module.to_token_stream())
}

fn config(input: PathBuf, profile: &str) -> Result<Config, String> {
    let mut config = Config::default();
    config.parser.schemas.push(Schema::File(input));
    config.generator.generate = Generate::Named;

    match profile {
        // == ConfigEx::test_default() in xsd-parser/tests/utils.rs
        "tests" => {
            config.optimizer.flags |= OptimizerFlags::RESOLVE_TYPEDEFS;
            config.optimizer.flags |= OptimizerFlags::USE_UNRESTRICTED_BASE_TYPE_SIMPLE;
            config.generator.type_postfix.element_type = "Type".into();
            config.generator.flags |= GeneratorFlags::FLATTEN_STRUCT_CONTENT;
        }
        "full" => {
            config.parser.flags = ParserFlags::all();
            config.optimizer.flags = OptimizerFlags::all() - OptimizerFlags::REMOVE_DUPLICATES;
            config.generator.flags = GeneratorFlags::all()
                - GeneratorFlags::ADVANCED_ENUMS // needs .with_advanced_enums(), else E0599
                - GeneratorFlags::ABSOLUTE_PATHS_INSTEAD_USINGS;
            // BUILD_IN_ABSOLUTE_PATHS stays on: WCF's serialization schema has
            // elements named `string`, `int`, ... (`pub type String = ..` cycles).
            // Postfixes as in upstream tests/schema/onix: the default `Type`
            // postfix maps complexType `Foo` and simpleType `FooType` to the
            // same ident, and an element `Foo` collides with type `Foo` (E0428).
            config.generator.type_postfix.type_ = String::new();
            config.generator.type_postfix.element = "Element".into();
            config.generator.type_postfix.element_type = "ElementType".into();
        }
        other => return Err(format!("unknown profile {other:?} (tests|full)")),
    }

    // Types + Defaults + namespace/prefix constants + QuickXmlSerialize
    // (global namespaces) + QuickXmlDeserialize (unboxed).
    Ok(config.with_quick_xml())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, profile) = match args.as_slice() {
        [i, o] => (i, o, "full"),
        [i, o, flag, p] if flag == "--profile" => (i, o, p.as_str()),
        _ => return Err("usage: xsd-parser-driver INPUT.xsd OUTPUT.rs [--profile tests|full]".into()),
    };
    let input = PathBuf::from(input)
        .canonicalize()
        .map_err(|e| format!("{input}: {e}"))?;
    let config = config(input, profile)?;

    let start = Instant::now();
    let tokens = generate(config).map_err(|e| format!("generate: {e}"))?;
    let gen_ms = start.elapsed().as_secs_f64() * 1e3;

    let start = Instant::now();
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("parse output: {e}"))?;
    let code = prettyplease::unparse(&file);
    let fmt_ms = start.elapsed().as_secs_f64() * 1e3;

    std::fs::write(output, &code).map_err(|e| format!("{output}: {e}"))?;
    eprintln!(
        "generate_ms={gen_ms:.1} format_ms={fmt_ms:.1} lines={} profile={profile}",
        code.lines().count()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
