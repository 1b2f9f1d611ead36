//! Decoding the CLR type names ServiceStack metadata writes: ``List`1`` plus `GenericArgs`,
//! `Int32[]`, ``Nullable`1[]``, and nested arguments in angle-bracket notation
//! (`List<Dictionary<String,Poco>>`).

/// A CLR type reference, before any meaning is attached to its names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClrType {
    Named { name: String, args: Vec<ClrType> },
    Array(Box<ClrType>),
}

impl ClrType {
    fn named(name: &str) -> Self {
        ClrType::Named {
            name: name.to_owned(),
            args: Vec::new(),
        }
    }
}

/// Decodes a property's `Type` together with its `GenericArgs`.
pub fn parse(type_name: &str, generic_args: &[&str]) -> Result<ClrType, String> {
    let (element, ranks) = strip_array_suffixes(type_name.trim());
    let base = match element.split_once('`') {
        Some((name, arity)) => {
            let arity: usize = arity
                .parse()
                .map_err(|_| format!("`{type_name}` has an invalid generic arity"))?;
            if arity != generic_args.len() {
                return Err(format!(
                    "`{type_name}` takes {arity} generic argument(s) but {} are given",
                    generic_args.len()
                ));
            }
            let args = generic_args
                .iter()
                .map(|arg| parse_nested(arg))
                .collect::<Result<_, _>>()?;
            ClrType::Named {
                name: name.to_owned(),
                args,
            }
        }
        None if element.contains('<') => parse_nested(element)?,
        None => ClrType::named(element.trim_start_matches('\'')),
    };
    Ok(wrap_arrays(base, ranks))
}

/// Decodes a name in angle-bracket notation, e.g. `Dictionary<String,List<Poco>>` or `Int32[]`.
pub fn parse_nested(text: &str) -> Result<ClrType, String> {
    let mut parser = Parser { text, position: 0 };
    let parsed = parser.parse_type()?;
    if parser.position != text.len() {
        return Err(format!("unexpected `{}` in type `{text}`", parser.rest()));
    }
    Ok(parsed)
}

fn strip_array_suffixes(mut name: &str) -> (&str, usize) {
    let mut ranks = 0;
    while let Some(element) = name.strip_suffix("[]") {
        name = element;
        ranks += 1;
    }
    (name, ranks)
}

fn wrap_arrays(mut element: ClrType, ranks: usize) -> ClrType {
    for _ in 0..ranks {
        element = ClrType::Array(Box::new(element));
    }
    element
}

struct Parser<'a> {
    text: &'a str,
    position: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.position..).unwrap_or_default()
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.position += token.len();
            return true;
        }
        false
    }

    fn parse_type(&mut self) -> Result<ClrType, String> {
        self.eat(" ");
        let text = self.text;
        let rest = text.get(self.position..).unwrap_or_default();
        let length = rest.find(['<', '>', ',', '[']).unwrap_or(rest.len());
        let name = rest.get(..length).unwrap_or_default().trim();
        if name.is_empty() {
            return Err(format!("missing type name in `{}`", self.text));
        }
        self.position += length;
        // Nested generic arguments are written without the arity suffix, but accept it.
        let name = name
            .split('`')
            .next()
            .unwrap_or(name)
            .trim_start_matches('\'');
        let mut args = Vec::new();
        if self.eat("<") {
            loop {
                args.push(self.parse_type()?);
                if self.eat(",") {
                    continue;
                }
                if self.eat(">") {
                    break;
                }
                return Err(format!("unclosed `<` in type `{}`", self.text));
            }
        }
        let mut ranks = 0;
        while self.eat("[]") {
            ranks += 1;
        }
        let named = ClrType::Named {
            name: name.to_owned(),
            args,
        };
        Ok(wrap_arrays(named, ranks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, args: Vec<ClrType>) -> ClrType {
        ClrType::Named {
            name: name.to_owned(),
            args,
        }
    }

    #[test]
    fn generic_with_args() {
        assert_eq!(
            parse("Dictionary`2", &["String", "String"]).unwrap(),
            named(
                "Dictionary",
                vec![ClrType::named("String"), ClrType::named("String")]
            )
        );
    }

    #[test]
    fn arrays_of_generics_and_plain_arrays() {
        assert_eq!(
            parse("Nullable`1[]", &["Byte"]).unwrap(),
            ClrType::Array(Box::new(named("Nullable", vec![ClrType::named("Byte")])))
        );
        assert_eq!(
            parse("Int32[]", &[]).unwrap(),
            ClrType::Array(Box::new(ClrType::named("Int32")))
        );
    }

    #[test]
    fn nested_angle_bracket_arguments() {
        let parsed = parse("Dictionary`2", &["String", "List<Dictionary<String,Poco>>"]).unwrap();
        let expected = named(
            "Dictionary",
            vec![
                ClrType::named("String"),
                named(
                    "List",
                    vec![named(
                        "Dictionary",
                        vec![ClrType::named("String"), ClrType::named("Poco")],
                    )],
                ),
            ],
        );
        assert_eq!(parsed, expected);
    }

    #[test]
    fn v5_generic_parameters_lose_their_quote() {
        assert_eq!(parse("'T", &[]).unwrap(), ClrType::named("T"));
    }

    #[test]
    fn arity_mismatch_and_garbage_are_errors() {
        assert!(parse("List`1", &[]).unwrap_err().contains("takes 1"));
        assert!(parse("List`x", &["A"]).is_err());
        assert!(
            parse_nested("List<String")
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(parse_nested("List<>").is_err());
        assert!(parse_nested("A>B").is_err());
    }
}
