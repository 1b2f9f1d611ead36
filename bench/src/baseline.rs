//! What generated decoders are measured against, over the same bytes in the same run: for
//! XML, a bare namespace-aware quick-xml event loop that only looks at each event (the
//! practical ceiling of any decoder built on it); for JSON, serde_json into plain
//! `#[derive(Deserialize)]` structs of the same shape as the generated ones, without the
//! aliases, defaults and .NET wire types.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use serde::{Deserialize, Serialize};

/// Reads every event from the borrowed bytes (as the runtime does), resolving each
/// element's namespace and decoding text; returns a count so the work cannot be optimised
/// away.
pub fn xml_event_loop(bytes: &[u8]) -> usize {
    let mut reader = NsReader::from_reader(bytes);
    let mut seen = 0usize;
    loop {
        match reader.read_resolved_event() {
            Ok((namespace, Event::Start(start))) => {
                let bound = matches!(namespace, ResolveResult::Bound(_));
                seen += start.local_name().as_ref().len() + usize::from(bound);
            }
            Ok((_, Event::Text(text))) => seen += text.xml10_content().len(),
            Ok((_, Event::Eof)) | Err(_) => return seen,
            Ok(_) => seen += 1,
        }
    }
}

/// The shape of the gallery's `Tracks`, as a hand-written client would declare it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracks {
    pub track_id: i64,
    pub name: Option<String>,
    pub album_id: Option<i64>,
    pub media_type_id: i64,
    pub genre_id: Option<i64>,
    pub composer: Option<String>,
    pub milliseconds: i64,
    pub bytes: Option<i64>,
    pub unit_price: rust_decimal::Decimal,
}

/// AutoQuery's page of results, as a hand-written client would declare it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResponse<T> {
    pub offset: i32,
    pub total: i32,
    pub results: Vec<T>,
    pub meta: Option<std::collections::BTreeMap<String, String>>,
}
