//! Large answers built from real ones: Twinfield's finder `SearchResponse` (from the shared
//! fixtures) with its rows repeated, and an AutoQuery `QueryResponse<Tracks>` of the
//! ServiceStack gallery with many results.

use std::fmt::Write as _;

/// The `<SearchResponse>` element of a real finder answer, its rows repeated to `rows`.
pub fn finder_search_response(envelope: &str, rows: usize) -> Option<String> {
    let start = envelope.find("<SearchResponse")?;
    let end = envelope.find("</SearchResponse>")? + "</SearchResponse>".len();
    let element = envelope.get(start..end)?;
    let items_start = element.find("<Items>")? + "<Items>".len();
    let items_end = element.find("</Items>")?;
    let items = element.get(items_start..items_end)?;
    let row_end = items.find("</ArrayOfString>")? + "</ArrayOfString>".len();
    let rows_text: Vec<&str> = items.split_inclusive("</ArrayOfString>").collect();
    if rows_text.is_empty() || row_end == 0 {
        return None;
    }
    let mut out = String::with_capacity(element.len() * rows / rows_text.len().max(1));
    out.push_str(element.get(..items_start)?);
    for index in 0..rows {
        out.push_str(rows_text.get(index % rows_text.len())?);
    }
    out.push_str(element.get(items_end..)?);
    Some(out)
}

/// `QueryResponse<Tracks>` JSON as a ServiceStack v6 host (camelCase) writes it.
pub fn query_tracks(results: usize) -> String {
    let mut out = String::from("{\"offset\":0,\"total\":");
    let _ = write!(out, "{results},\"results\":[");
    for index in 0..results {
        if index > 0 {
            out.push(',');
        }
        let album = if index % 5 == 0 {
            String::new()
        } else {
            format!("\"albumId\":{},", index / 10)
        };
        let _ = write!(
            out,
            "{{\"trackId\":{index},\"name\":\"Track {index} – Live\",{album}\"mediaTypeId\":1,\"genreId\":{},\"composer\":\"Angus Young, Malcolm Young, Brian Johnson\",\"milliseconds\":{},\"bytes\":{},\"unitPrice\":0.99}}",
            index % 25,
            200_000 + index,
            6_000_000 + index * 3
        );
    }
    out.push_str("],\"meta\":{\"source\":\"bench\"}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_repeated_inside_items() {
        let envelope = "<soap:Envelope><soap:Body><SearchResponse xmlns=\"t\"><data><Items><ArrayOfString><string>a</string></ArrayOfString><ArrayOfString><string>b</string></ArrayOfString></Items></data></SearchResponse></soap:Body></soap:Envelope>";
        let scaled = finder_search_response(envelope, 3).unwrap();
        assert_eq!(
            scaled,
            "<SearchResponse xmlns=\"t\"><data><Items><ArrayOfString><string>a</string></ArrayOfString><ArrayOfString><string>b</string></ArrayOfString><ArrayOfString><string>a</string></ArrayOfString></Items></data></SearchResponse>"
        );
    }

    #[test]
    fn query_results_are_valid_json() {
        let text = query_tracks(3);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["results"].as_array().unwrap().len(), 3);
    }
}
