//! .NET `KeyValuePair<K, V>`: an object with `Key` and `Value` members, spelled as the host
//! spells keys ([`JsonStyle::camel_case`]).

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::JsonStyle;

/// Both members are optional because ServiceStack omits nulls: a default
/// `KeyValuePair<string, string>` travels as `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
pub struct KeyValuePair<K, V> {
    #[serde(rename = "Key", alias = "key", default)]
    pub key: Option<K>,
    #[serde(rename = "Value", alias = "value", default)]
    pub value: Option<V>,
}

impl<K: Serialize, V: Serialize> Serialize for KeyValuePair<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (key, value) = if JsonStyle::current().camel_case {
            ("key", "value")
        } else {
            ("Key", "Value")
        };
        let members = usize::from(self.key.is_some()) + usize::from(self.value.is_some());
        let mut pair = serializer.serialize_struct("KeyValuePair", members)?;
        match &self.key {
            Some(member) => pair.serialize_field(key, member)?,
            None => pair.skip_field(key)?,
        }
        match &self.value {
            Some(member) => pair.serialize_field(value, member)?,
            None => pair.skip_field(value)?,
        }
        pair.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::JsonDialect;

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
        let host = JsonStyle {
            dialect: JsonDialect::ServiceStackText,
            camel_case: true,
        };
        let written = host.write(|| serde_json::to_string(&camel)).unwrap();
        assert_eq!(written, r#"{"key":"a","value":1}"#);
    }
}
