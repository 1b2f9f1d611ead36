//! .NET DataContract XML, the XML format of ServiceStack hosts: `to_string` and
//! `from_slice` for any serde type the generator emits.
//!
//! What the format needs and serde does not say is handled here: the root element and its
//! namespace, `i:nil`, primitive lists and dictionaries in the `…/Serialization/Arrays`
//! namespace (`<d2p1:string>`, `KeyValueOfstringstring`, with the prefix numbered by depth as
//! .NET writes it), and ISO dates and dashed Guids where JSON uses other forms. Elements are
//! matched by local name and namespace, never by prefix. Member order is the struct's, which
//! the generator sorts the DataContract way.

mod read;
mod write;

pub(crate) use read::child_from_slice;
pub use read::from_slice;
pub use write::{is_writing, to_string};

use std::fmt;

/// ServiceStack's default DataContract namespace.
pub const SERVICESTACK_NAMESPACE: &str = "http://schemas.servicestack.net/types";
/// Where .NET puts primitive lists and dictionaries.
pub const ARRAYS_NAMESPACE: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
/// `xsi`, for `i:nil`.
pub const INSTANCE_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Newtype names the runtime's values serialize through, so the XML writer can use the
/// DataContract form (ISO dates, dashed Guids) where JSON uses another.
pub(crate) const DATE_TIME_MARKER: &str = "$svcgen::DateTime";
pub(crate) const GUID_MARKER: &str = "$svcgen::Guid";
pub(crate) const DATE_TIME_OFFSET_MARKER: &str = "$svcgen::DateTimeOffset";
/// Where .NET puts the parts of a `DateTimeOffset`.
pub const SYSTEM_NAMESPACE: &str = "http://schemas.datacontract.org/2004/07/System";
/// The struct our decimals serialize as (serde_json's raw JSON text).
const JSON_NUMBER_MARKER: &str = crate::value::decimal::RAW_JSON_TOKEN;

/// A document that could not be written or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::value::{DateTime, Decimal, Guid};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Movie {
        #[serde(rename = "Genres", default, skip_serializing_if = "Option::is_none")]
        genres: Option<Vec<String>>,
        #[serde(rename = "Id", default)]
        id: i32,
        #[serde(rename = "Rating", default)]
        rating: Decimal,
        #[serde(rename = "ReleaseDate", default)]
        release_date: DateTime,
        #[serde(rename = "Key", default)]
        key: Guid,
        #[serde(rename = "Scores", default, skip_serializing_if = "Option::is_none")]
        scores: Option<BTreeMap<i32, String>>,
        #[serde(rename = "Sequel", default)]
        sequel: Option<Box<Movie>>,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Response {
        #[serde(rename = "Movies", default)]
        movies: Vec<Movie>,
    }

    const MOVIE: &str = "<Movie xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.servicestack.net/types\">\
        <Genres xmlns:d2p1=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"><d2p1:string>Drama</d2p1:string><d2p1:string>War &amp; Peace</d2p1:string></Genres>\
        <Id>6</Id><Rating>8.25</Rating><ReleaseDate>2007-01-26T00:00:00+00:00</ReleaseDate><Key>ea762009-b66c-410b-9bf5-ce21ad519249</Key>\
        <Scores xmlns:d2p1=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"><d2p1:KeyValueOfintstring><d2p1:Key>1</d2p1:Key><d2p1:Value>A</d2p1:Value></d2p1:KeyValueOfintstring></Scores>\
        <Sequel i:nil=\"true\" /></Movie>";

    #[test]
    fn reads_and_writes_the_datacontract_forms() {
        let movie: Movie = from_slice(MOVIE.as_bytes()).unwrap();
        assert_eq!(
            movie.genres.as_deref(),
            Some(&["Drama".to_owned(), "War & Peace".to_owned()][..])
        );
        assert_eq!(movie.rating.to_string(), "8.25");
        assert_eq!(
            movie.release_date.timestamp().to_string(),
            "2007-01-26T00:00:00Z"
        );
        assert_eq!(movie.scores.as_ref().unwrap()[&1], "A");
        assert_eq!(movie.sequel, None);
        assert_eq!(
            to_string(&movie, "Movie", SERVICESTACK_NAMESPACE).unwrap(),
            MOVIE
        );
    }

    #[test]
    fn prefixes_follow_depth_and_dto_lists_use_type_names() {
        let response = Response {
            movies: vec![Movie {
                genres: Some(vec!["Drama".into()]),
                ..Movie::default()
            }],
        };
        let xml = to_string(&response, "Response", SERVICESTACK_NAMESPACE).unwrap();
        assert!(xml.contains("<Movies><Movie><Genres xmlns:d4p1=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"><d4p1:string>Drama</d4p1:string></Genres>"), "{xml}");
        assert!(
            xml.contains("<ReleaseDate>0001-01-01T00:00:00Z</ReleaseDate>"),
            "dates are ISO in XML: {xml}"
        );
        assert!(
            xml.contains("<Key>00000000-0000-0000-0000-000000000000</Key>"),
            "Guids are dashed in XML: {xml}"
        );
        assert_eq!(from_slice::<Response>(xml.as_bytes()).unwrap(), response);
    }

    #[test]
    fn prefixes_and_unknown_elements_do_not_matter() {
        let xml = "\u{feff}  <?xml version=\"1.0\"?><x:Movie xmlns:x=\"urn:other\"><x:Id>7</x:Id><x:Extra><Deep/></x:Extra></x:Movie>";
        let movie: Movie = from_slice(xml.as_bytes()).unwrap();
        assert_eq!(movie.id, 7);
    }

    #[test]
    fn a_failed_write_leaves_the_thread_out_of_xml_mode() {
        struct Broken;
        impl Serialize for Broken {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                assert!(
                    is_writing(),
                    "values see the XML mode while they are written"
                );
                Err(serde::ser::Error::custom("broken"))
            }
        }
        assert!(to_string(&Broken, "Broken", SERVICESTACK_NAMESPACE).is_err());
        assert!(!is_writing());
    }

    #[test]
    fn date_time_offsets_are_a_utc_time_and_minutes() {
        use crate::value::DateTimeOffset;
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Booking {
            #[serde(rename = "At")]
            at: DateTimeOffset,
        }
        let booking = Booking {
            at: "/Date(978307200000+0100)/".parse().unwrap(),
        };
        let xml = to_string(&booking, "Booking", SERVICESTACK_NAMESPACE).unwrap();
        assert!(
            xml.contains("<At xmlns:d2p1=\"http://schemas.datacontract.org/2004/07/System\"><d2p1:DateTime>2001-01-01T00:00:00Z</d2p1:DateTime><d2p1:OffsetMinutes>60</d2p1:OffsetMinutes></At>"),
            "{xml}"
        );
        let back: Booking = from_slice(xml.as_bytes()).unwrap();
        assert_eq!(back.at.0.timestamp(), booking.at.0.timestamp());
        assert_eq!(back.at.0.zone(), booking.at.0.zone());
        assert_eq!(
            serde_json::to_string(&booking).unwrap(),
            r#"{"At":"/Date(978307200000+0100)/"}"#
        );
    }

    #[test]
    fn chars_are_utf16_codes() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Letter {
            #[serde(rename = "C")]
            c: char,
        }
        let xml = to_string(&Letter { c: 'c' }, "Letter", SERVICESTACK_NAMESPACE).unwrap();
        assert!(xml.contains("<C>99</C>"), "{xml}");
        assert_eq!(
            from_slice::<Letter>(xml.as_bytes()).unwrap(),
            Letter { c: 'c' }
        );
        assert_eq!(
            from_slice::<Letter>(b"<Letter><C>x</C></Letter>").unwrap(),
            Letter { c: 'x' }
        );
    }

    #[test]
    fn bad_documents_are_errors() {
        assert!(
            from_slice::<Movie>(b"<Movie><Id>seven</Id></Movie>")
                .unwrap_err()
                .to_string()
                .contains("`Id`: `seven` is not a i32")
        );
        assert!(from_slice::<Movie>(b"<Movie><Id>").is_err());
        let bomb = b"<!DOCTYPE m [<!ENTITY a \"aaaa\">]><Movie><Id>&a;</Id></Movie>";
        assert!(from_slice::<Movie>(bomb).is_err(), "DTDs are refused");
        let deep = format!(
            "<Movie><Sequel>{}</Sequel></Movie>",
            "<a>".repeat(10_000) + &"</a>".repeat(10_000)
        );
        let error = from_slice::<Movie>(deep.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(error.contains("deeper than 128"), "{error}");
    }

    #[test]
    fn text_and_the_namespace_are_escaped_for_where_they_stand() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Note {
            #[serde(rename = "Text")]
            text: String,
        }
        let note = Note {
            text: "a<b & \"c\"\r\n".to_owned(),
        };
        let xml = to_string(&note, "Note", "urn:a\"b").unwrap();
        assert!(xml.contains(" xmlns=\"urn:a&quot;b\">"), "{xml}");
        assert!(
            xml.contains("<Text>a&lt;b &amp; \"c\"&#13;\n</Text>"),
            "{xml}"
        );
        assert_eq!(from_slice::<Note>(xml.as_bytes()).unwrap(), note);
    }

    #[test]
    fn nesting_is_read_up_to_the_limit_and_refused_past_it() {
        use crate::xml::MAX_DEPTH;
        // `serde_json::Value` reads every level, so the limit's depth is really recursed.
        let nested = |levels: usize| {
            let deep = "<a>".repeat(levels) + &"</a>".repeat(levels);
            from_slice::<serde_json::Value>(deep.as_bytes())
        };
        assert!(nested(MAX_DEPTH).is_ok(), "{MAX_DEPTH} levels are read");
        let error = nested(MAX_DEPTH + 1).unwrap_err().to_string();
        assert_eq!(
            error,
            format!("elements nest deeper than {MAX_DEPTH} levels")
        );
    }
}
