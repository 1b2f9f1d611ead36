//! .NET `KeyValuePair<K, V>`: an object with `Key` and `Value` members.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyValuePair<K, V> {
    #[serde(rename = "Key", alias = "key")]
    pub key: K,
    #[serde(rename = "Value", alias = "value")]
    pub value: V,
}
