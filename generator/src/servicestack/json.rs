//! Reading ServiceStack metadata JSON: case-insensitive member lookup (hosts write
//! PascalCase or camelCase keys) with the JSON path of every value kept for diagnostics.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::error::Error;
use crate::ir::{Location, Origin};

/// A value inside a document, with the path that leads to it.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub value: &'a Value,
    path: String,
    file: &'a Arc<PathBuf>,
}

impl<'a> Node<'a> {
    pub fn root(value: &'a Value, file: &'a Arc<PathBuf>) -> Self {
        Self {
            value,
            path: "$".to_owned(),
            file,
        }
    }

    pub fn origin(&self) -> Origin {
        Origin {
            file: Arc::clone(self.file),
            location: Location::JsonPath(self.path.clone()),
        }
    }

    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::input(self.origin(), message)
    }

    /// The member `key`, matched without regard to case; `None` when absent or null
    /// (ServiceStack omits nulls, so both mean "not set").
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let Value::Object(members) = self.value else {
            return None;
        };
        let (name, value) = members
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))?;
        if value.is_null() {
            return None;
        }
        Some(Node {
            value,
            path: format!("{}.{name}", self.path),
            file: self.file,
        })
    }

    /// A string member, absent allowed.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        let Some(node) = self.get(key) else {
            return Ok(None);
        };
        match node.value {
            Value::String(text) => Ok(Some(text)),
            _ => Err(node.error(format!("expected a string for `{key}`"))),
        }
    }

    /// A string member that must be there.
    pub fn required_str(&self, key: &str) -> Result<&'a str, Error> {
        self.str(key)?
            .ok_or_else(|| self.error(format!("missing `{key}`")))
    }

    /// A boolean flag; ServiceStack omits false flags, so absent means false.
    pub fn flag(&self, key: &str) -> Result<bool, Error> {
        let Some(node) = self.get(key) else {
            return Ok(false);
        };
        node.value
            .as_bool()
            .ok_or_else(|| node.error(format!("expected true or false for `{key}`")))
    }

    /// An array member as nodes; absent means empty.
    pub fn array(&self, key: &str) -> Result<Vec<Node<'a>>, Error> {
        let Some(node) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = node.value else {
            return Err(node.error(format!("expected an array for `{key}`")));
        };
        Ok(items
            .iter()
            .enumerate()
            .map(|(index, value)| Node {
                value,
                path: format!("{}[{index}]", node.path),
                file: self.file,
            })
            .collect())
    }

    /// An array of strings; absent means empty.
    pub fn strings(&self, key: &str) -> Result<Vec<&'a str>, Error> {
        self.array(key)?
            .into_iter()
            .map(|item| {
                item.value
                    .as_str()
                    .ok_or_else(|| item.error("expected a string"))
            })
            .collect()
    }

    /// The keys of this object (sorted: serde_json's map is ordered by key).
    pub fn keys(&self) -> impl Iterator<Item = &'a str> {
        let members = match self.value {
            Value::Object(members) => Some(members),
            _ => None,
        };
        members
            .into_iter()
            .flat_map(|members| members.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<PathBuf> {
        Arc::new(PathBuf::from("meta.json"))
    }

    #[test]
    fn members_match_in_any_case_and_keep_their_path() {
        let value = serde_json::json!({"operations": [{"Request": {"name": "Hello"}}]});
        let file = file();
        let root = Node::root(&value, &file);
        let ops = root.array("Operations").unwrap();
        let request = ops[0].get("request").unwrap();
        assert_eq!(request.required_str("Name").unwrap(), "Hello");
        let error = request.required_str("Namespace").unwrap_err().to_string();
        assert_eq!(
            error,
            "meta.json: at $.operations[0].Request: missing `Namespace`"
        );
    }

    #[test]
    fn null_and_absent_flags_are_false() {
        let value = serde_json::json!({"IsEnum": null, "isValueType": true, "Bad": "yes"});
        let file = file();
        let root = Node::root(&value, &file);
        assert!(!root.flag("IsEnum").unwrap());
        assert!(!root.flag("IsNested").unwrap());
        assert!(root.flag("IsValueType").unwrap());
        assert!(root.flag("Bad").is_err());
    }
}
