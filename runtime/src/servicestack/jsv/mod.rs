//! ServiceStack's JSV notation, in which values travel in URLs (route variables, query
//! strings) and form fields: written from a DTO by the client (`write`), and read back by
//! a DTO's own types by the mock (`read`), as a host converts query text by each
//! property's type (`5` is a number for an `int`, text for a `string`).

#[cfg(feature = "mock")]
mod read;
mod write;

#[cfg(feature = "mock")]
pub(crate) use read::Text;
pub(crate) use write::{Member, members};

/// JSV quotes strings that contain its delimiters, doubling inner quotes.
fn quoted(text: &str) -> String {
    let needs_quotes = text.is_empty()
        || text.contains([',', '{', '}', '[', ']', '"', ':'])
        || text.trim() != text;
    if needs_quotes {
        return format!("\"{}\"", text.replace('"', "\"\""));
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `value` as a whole member.
    fn scalar(value: serde_json::Value) -> String {
        let mut members = members(&serde_json::json!({ "V": value })).unwrap();
        members.remove(0).text
    }

    #[test]
    fn jsv_notation() {
        assert_eq!(scalar(serde_json::json!([1, 2, 3])), "1,2,3");
        assert_eq!(
            scalar(serde_json::json!({"a": 1, "b": "x,y"})),
            "{a:1,b:\"x,y\"}"
        );
        assert_eq!(
            scalar(serde_json::json!(["say \"hi\"", "plain"])),
            "\"say \"\"hi\"\"\",plain"
        );
        assert_eq!(scalar(serde_json::json!("raw, kept")), "raw, kept");
    }

    /// What the client writes, the mock reads back as the same typed values.
    #[cfg(feature = "mock")]
    #[test]
    fn jsv_text_reads_back_by_type() {
        use serde::Deserialize;

        #[derive(Debug, Default, PartialEq, serde::Serialize, Deserialize)]
        #[serde(default)]
        struct Inner {
            #[serde(rename = "Name")]
            name: String,
            #[serde(rename = "Count")]
            count: i32,
        }

        #[derive(Debug, Default, PartialEq, serde::Serialize, Deserialize)]
        #[serde(default)]
        struct Query {
            #[serde(rename = "Ids")]
            ids: Vec<i64>,
            #[serde(rename = "Code")]
            code: String,
            #[serde(rename = "Flag")]
            flag: Option<bool>,
            #[serde(rename = "Texts")]
            texts: Vec<String>,
            #[serde(rename = "Inner")]
            inner: Option<Inner>,
            #[serde(rename = "Ratio")]
            ratio: f64,
            #[serde(rename = "Note")]
            note: Option<String>,
        }

        let query = Query {
            ids: vec![1, 2, 3],
            code: "\"exact phrase\"".into(),
            flag: Some(true),
            texts: vec![
                "a,b".into(),
                "say \"hi\"".into(),
                "plain".into(),
                String::new(),
            ],
            inner: Some(Inner {
                name: "x:y".into(),
                count: 4,
            }),
            ratio: 0.25,
            note: Some(String::new()),
        };
        let texts = members(&query)
            .unwrap()
            .into_iter()
            .map(|member| (member.name.into_owned(), Text::top(member.text)));
        let read = Query::deserialize(serde::de::value::MapDeserializer::<
            _,
            serde::de::value::Error,
        >::new(texts))
        .unwrap();
        assert_eq!(read, query);
    }

    /// `?Ids=1&Ids=2`, as hosts read it: one list.
    #[cfg(feature = "mock")]
    #[test]
    fn a_repeated_query_member_is_one_list() {
        use serde::Deserialize;

        let mut text = Text::top("1".to_owned());
        text.append("2");
        assert_eq!(Vec::<i64>::deserialize(text).unwrap(), vec![1, 2]);
    }
}
