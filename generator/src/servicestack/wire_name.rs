//! Property names on the wire: `DataMember.Name` verbatim, otherwise the C# name in the
//! host's key casing; readers also accept the other casing.

use crate::ir::KeyCasing;

/// The wire name of a property and the aliases a reader should accept.
pub fn for_property(
    name: &str,
    data_member_name: Option<&str>,
    casing: KeyCasing,
) -> (String, Vec<String>) {
    if let Some(alias) = data_member_name {
        return (alias.to_owned(), Vec::new());
    }
    let camel = to_camel_case(name);
    let (wire, other) = match casing {
        KeyCasing::Pascal => (name.to_owned(), camel),
        KeyCasing::Camel => (camel, name.to_owned()),
    };
    let aliases = if other == wire {
        Vec::new()
    } else {
        vec![other]
    };
    (wire, aliases)
}

/// ServiceStack.Text's camelCase: the leading run of capitals is lowered, except the last
/// one when it starts the next word (`IDCard` → `idCard`, `ID` → `id`, `Name` → `name`).
pub fn to_camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut leading = true;
    for (index, &c) in chars.iter().enumerate() {
        let next_upper = chars.get(index + 1).is_none_or(char::is_ascii_uppercase);
        if leading && c.is_ascii_uppercase() && (next_upper || index == 0) {
            out.push(c.to_ascii_lowercase());
        } else {
            leading = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_like_servicestack_text() {
        assert_eq!(to_camel_case("PreserveSession"), "preserveSession");
        assert_eq!(to_camel_case("ID"), "id");
        assert_eq!(to_camel_case("IDCard"), "idCard");
        assert_eq!(to_camel_case("Id"), "id");
        assert_eq!(to_camel_case("already"), "already");
        assert_eq!(to_camel_case(""), "");
    }

    #[test]
    fn host_casing_decides_the_wire_name() {
        assert_eq!(
            for_property("AccessToken", None, KeyCasing::Pascal),
            ("AccessToken".to_owned(), vec!["accessToken".to_owned()])
        );
        assert_eq!(
            for_property("AccessToken", None, KeyCasing::Camel),
            ("accessToken".to_owned(), vec!["AccessToken".to_owned()])
        );
        assert_eq!(
            for_property("Name", Some("full_name"), KeyCasing::Camel),
            ("full_name".to_owned(), vec![])
        );
    }
}
