//! Each golden file of `generator/tests/golden` compiles, as a module of a generated crate
//! would, against this checkout's runtime. The golden test compares their text; this one
//! fails when that text stops being Rust the compiler accepts (a name the emitter spells
//! wrongly, a derive a type cannot have, a runtime API the emitter no longer matches).
//!
//! Cases that map schema types to the user's own types (`replace`) are compiled with
//! stand-ins for those types, defined at the bottom of this file. Each module is
//! `#[rustfmt::skip]`: the files are the generator's output byte for byte, and `cargo fmt`
//! would otherwise rewrite them.

#![allow(dead_code, clippy::unwrap_used)]

use svcgen_runtime::xml;

#[path = "../../generator/tests/golden/options-derives.rs"]
#[rustfmt::skip]
pub mod options_derives;

#[path = "../../generator/tests/golden/options-replace.rs"]
#[rustfmt::skip]
pub mod options_replace;

#[path = "../../generator/tests/golden/options-selection.rs"]
#[rustfmt::skip]
pub mod options_selection;

#[path = "../../generator/tests/golden/options-unmatched.rs"]
#[rustfmt::skip]
pub mod options_unmatched;

#[path = "../../generator/tests/golden/servicestack-dialects.rs"]
#[rustfmt::skip]
pub mod servicestack_dialects;

#[path = "../../generator/tests/golden/servicestack-edges.rs"]
#[rustfmt::skip]
pub mod servicestack_edges;

#[path = "../../generator/tests/golden/servicestack-homoglyphs.rs"]
#[rustfmt::skip]
pub mod servicestack_homoglyphs;

#[path = "../../generator/tests/golden/servicestack-naming.rs"]
#[rustfmt::skip]
pub mod servicestack_naming;

#[path = "../../generator/tests/golden/servicestack-projects-v5.rs"]
#[rustfmt::skip]
pub mod servicestack_projects_v5;

#[path = "../../generator/tests/golden/servicestack-tests-v5.rs"]
#[rustfmt::skip]
pub mod servicestack_tests_v5;

#[path = "../../generator/tests/golden/soap-enterprise.rs"]
#[rustfmt::skip]
pub mod soap_enterprise;

#[path = "../../generator/tests/golden/wsdl-awkward-names.rs"]
#[rustfmt::skip]
pub mod wsdl_awkward_names;

#[path = "../../generator/tests/golden/wsdl-shapes-options.rs"]
#[rustfmt::skip]
pub mod wsdl_shapes_options;

#[path = "../../generator/tests/golden/wsdl-shapes-selection.rs"]
#[rustfmt::skip]
pub mod wsdl_shapes_selection;

#[path = "../../generator/tests/golden/wsdl-shapes.rs"]
#[rustfmt::skip]
pub mod wsdl_shapes;

#[path = "../../generator/tests/golden/wsdl-types-only.rs"]
#[rustfmt::skip]
pub mod wsdl_types_only;

#[path = "../../generator/tests/golden/xsd-animals-replaced.rs"]
#[rustfmt::skip]
pub mod xsd_animals_replaced;

#[path = "../../generator/tests/golden/xsd-animals.rs"]
#[rustfmt::skip]
pub mod xsd_animals;

#[test]
fn replaced_types_go_through_the_generated_code() {
    // Compiling this file is most of the test; this shows the stand-ins are the types the
    // generated reader and writer use.
    let root = xml::Name::new("", "root");
    let check = wsdl_shapes_options::Check {
        price: Some(Money("9.95".to_owned())),
        id: Uuid("ea762009-b66c-410b-9bf5-ce21ad519249".to_owned()),
        ..Default::default()
    };
    let text = xml::to_string(&check, root).unwrap();
    assert!(text.contains(">9.95<"), "{text}");
    let read: wsdl_shapes_options::Check = xml::from_slice(text.as_bytes(), root).unwrap();
    assert_eq!(read, check);

    // `xs:string` replaced by `Cow<'static, str>`, which the runtime reads and writes.
    let punch = wsdl_shapes_options::PunchRequest {
        stamp: "a&b".into(),
        ..Default::default()
    };
    let text = xml::to_string(&punch, root).unwrap();
    assert!(text.contains(">a&amp;b<"), "{text}");
    let read: wsdl_shapes_options::PunchRequest = xml::from_slice(text.as_bytes(), root).unwrap();
    assert_eq!(read, punch);
}

#[test]
fn every_golden_file_is_a_module_here() {
    let this = include_str!("golden_modules.rs");
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/golden");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&golden).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !this.contains(&format!("/golden/{name}\"]")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "add a module for each of {missing:?}");
}

/// The user's types the `replace` cases name (`my_crate::Money`, `crate::MyCat`, ...):
/// text values, with every derive a generated type may ask of its fields.
extern crate self as my_crate;

macro_rules! stand_ins {
    ($($name:ident),*) => {$(
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl xml::Text for $name {
            fn from_text(text: &str) -> Result<Self, String> {
                Ok(Self(text.to_owned()))
            }

            fn to_text(&self) -> std::borrow::Cow<'_, str> {
                self.0.as_str().into()
            }
        }

        xml::text_value!($name);
    )*};
}

stand_ins!(Money, Instant, Uuid, Day, Span);

/// A replaced complex type implements `Complex`, as the generated ones do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MyCat {
    name: String,
}

impl xml::Complex for MyCat {
    const FIELDS: &'static [xml::Field] = &[xml::Field::element("", "name")];

    fn read_field(&mut self, _: usize, reader: &mut xml::Reader<'_>) -> Result<(), xml::Error> {
        reader.read(&mut self.name)
    }

    fn write_fields(&self, writer: &mut xml::Writer) -> Result<(), xml::Error> {
        writer.write_all(Self::FIELDS, &[&&self.name])
    }
}

xml::complex_value!(MyCat);
