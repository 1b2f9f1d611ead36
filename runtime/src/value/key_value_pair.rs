//! .NET `KeyValuePair<K, V>`: an object with `Key` and `Value` members.

use serde::{Deserialize, Serialize};

/// Both members are optional because ServiceStack omits nulls: a default
/// `KeyValuePair<string, string>` travels as `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyValuePair<K, V> {
    #[serde(
        rename = "Key",
        alias = "key",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key: Option<K>,
    #[serde(
        rename = "Value",
        alias = "value",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<V>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_and_both_casings() {
        let empty: KeyValuePair<String, String> = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, KeyValuePair::default());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
        let camel: KeyValuePair<String, i32> =
            serde_json::from_str(r#"{"key":"a","value":1}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&camel).unwrap(),
            r#"{"Key":"a","Value":1}"#
        );
    }
}
