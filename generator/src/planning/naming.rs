//! Rust names for schema names: PascalCase types, snake_case fields and methods, keywords
//! escaped, characters that cannot appear in identifiers replaced, collisions broken
//! deterministically.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::LookupHasher;

/// Keywords of every edition (strict, reserved, and 2024's `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a keyword of some edition.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A type name: `UpperCamelCase`, never a keyword, never starting with a digit.
pub fn type_name(schema_name: &str) -> String {
    let name = clean(schema_name).to_upper_camel_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("T{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// A field or method name: `snake_case`; keywords become raw identifiers (`r#type`), or
/// take a `_` suffix where Rust forbids the raw form (`self_`).
pub fn value_name(schema_name: &str) -> String {
    let name = clean(schema_name).to_snake_case();
    // `_` alone is a pattern, not a name.
    let name = if name.is_empty() {
        "unnamed".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// [`value_name`], remembered by schema name: contracts repeat member names (`Id`,
/// `Name`) across thousands of types, and the case conversion cost more than the rest of
/// planning a field.
#[derive(Default)]
pub(super) struct ValueNames(RefCell<HashMap<String, String, LookupHasher>>);

impl ValueNames {
    pub(super) fn of(&self, schema_name: &str) -> String {
        if let Some(name) = self.0.borrow().get(schema_name) {
            return name.clone();
        }
        let name = value_name(schema_name);
        self.0
            .borrow_mut()
            .insert(schema_name.to_owned(), name.clone());
        name
    }
}

/// Replaces XML-escaped characters (`_x0020_`) and anything that cannot be part of an
/// identifier with word breaks; letters and digits outside ASCII are transliterated
/// (`Größe` → `Grosse`, Cyrillic `Заказ` → `Zakaz`), so none is lost and names stay
/// typeable (and free of rustc's mixed-script lints).
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = strip_xml_escape(rest) {
            out.push('_');
            rest = after;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = c
            .is_alphanumeric()
            .then(|| deunicode::deunicode_char(c))
            .flatten()
            .filter(|ascii| !ascii.is_empty() && ascii.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            out.push_str(ascii);
        } else {
            out.push('_');
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// `_x0020_` and the like: .NET's escape for characters XML names cannot hold.
fn strip_xml_escape(text: &str) -> Option<&str> {
    let digits = text.strip_prefix("_x")?.get(..4)?;
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    text.get(6..)?.strip_prefix('_')
}

/// Hands out names unique within one scope: the second `foo` becomes `foo_2`.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let (stem, raw) = match name.strip_prefix("r#") {
            Some(stem) => (stem, true),
            None => (name.as_str(), false),
        };
        let separator =
            if stem.ends_with('_') || stem.chars().next().is_some_and(char::is_uppercase) {
                ""
            } else {
                "_"
            };
        let mut counter = 2;
        loop {
            let candidate = format!("{stem}{separator}{counter}");
            let candidate = if raw && KEYWORDS.contains(&candidate.as_str()) {
                format!("r#{candidate}")
            } else {
                candidate
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_pascal_case_and_valid() {
        assert_eq!(
            type_name("ConvertSessionToTokenResponse"),
            "ConvertSessionToTokenResponse"
        );
        assert_eq!(type_name("my_type"), "MyType");
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("Order_x0020_Line"), "OrderLine");
    }

    #[test]
    fn values_are_snake_case_with_keywords_escaped() {
        assert_eq!(value_name("PreserveSession"), "preserve_session");
        assert_eq!(value_name("Type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("Crate"), "crate_");
        assert_eq!(value_name("1st"), "_1st");
        assert_eq!(value_name("Größe"), "grosse");
        assert_eq!(value_name("-"), "unnamed");
    }

    #[test]
    fn remembered_value_names_are_the_value_names() {
        let names = ValueNames::default();
        for name in ["Type", "PreserveSession", "Type", "self", "PreserveSession"] {
            assert_eq!(names.of(name), value_name(name));
        }
    }

    #[test]
    fn letters_outside_ascii_are_transliterated_not_dropped() {
        assert_eq!(type_name("GetЗаказ"), "GetZakaz");
        assert_eq!(value_name("GetЗаказ"), "get_zakaz");
        assert_eq!(value_name("Größe"), "grosse");
        // A Cyrillic `О` among Latin letters (a homoglyph) keeps its place.
        assert_eq!(value_name("GetОrder"), "get_order");
        assert_eq!(type_name("Ваш№"), "Vash");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("id".into()), "id");
        assert_eq!(scope.claim("id".into()), "id_2");
        assert_eq!(scope.claim("id".into()), "id_3");
        let mut types = Scope::default();
        assert_eq!(types.claim("Item".into()), "Item");
        assert_eq!(types.claim("Item".into()), "Item2");
    }

    /// Whether `name` can name a field (`_` cannot) and a type.
    fn is_field_name(name: &str) -> bool {
        syn::parse_str::<syn::ItemStruct>(&format!("struct S {{ {name}: u8 }}")).is_ok()
    }

    fn is_type_name(name: &str) -> bool {
        syn::parse_str::<syn::ItemStruct>(&format!("struct {name};")).is_ok()
    }

    /// Schema names as they come: any text, and text made of the pieces that trip naming
    /// up (keywords, separators, digits, escapes, non-ASCII letters).
    fn schema_names() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            proptest::sample::select(KEYWORDS.to_vec()).prop_map(str::to_owned),
            proptest::sample::select(vec![
                "_", "-", ".", " ", "`1", "_x0020_", "é", "名", "1", "__"
            ])
            .prop_map(str::to_owned),
            "[A-Za-z][a-z0-9]{0,6}",
        ];
        prop_oneof![
            any::<String>(),
            proptest::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat()),
        ]
    }

    proptest::proptest! {
        #[test]
        fn any_schema_name_gives_valid_identifiers(name in schema_names()) {
            let type_ident = type_name(&name);
            let value_ident = value_name(&name);
            proptest::prop_assert!(is_type_name(&type_ident), "{name:?} -> {type_ident:?}");
            proptest::prop_assert!(is_field_name(&value_ident), "{name:?} -> {value_ident:?}");
        }

        #[test]
        fn names_claimed_in_one_scope_stay_valid_and_distinct(
            names in proptest::collection::vec(schema_names(), 1..24)
        ) {
            let mut values = Scope::with_reserved(&["r#type"]);
            let mut types = Scope::with_reserved(&["Client"]);
            let mut seen_values = BTreeSet::new();
            let mut seen_types = BTreeSet::new();
            for name in &names {
                let value = values.claim(value_name(name));
                let ty = types.claim(type_name(name));
                proptest::prop_assert!(is_field_name(&value), "{name:?} -> {value:?}");
                proptest::prop_assert!(is_type_name(&ty), "{name:?} -> {ty:?}");
                // `r#x` and `x` are one identifier to rustc.
                proptest::prop_assert!(seen_values.insert(value.trim_start_matches("r#").to_owned()));
                proptest::prop_assert!(seen_types.insert(ty));
            }
        }
    }
}
