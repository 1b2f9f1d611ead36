//! ServiceStack's HTML operation pages (`/json/metadata?op=X`, `/xml/metadata?op=X`) and
//! their copied-text rendering. On a v5 host they are the only machine-readable source of
//! ServiceStack's own operations (`ConvertSessionToToken`…) and of auth requirements.
//!
//! The pages come from one fixed template (`BaseMetadataHandler`), so a small reader for
//! its tables is enough; a general HTML parser would add weight for no gain.

use serde_json::{Value, json};

use super::clr_type::{self, ClrType};
use super::metadata::primitive;
use crate::ir::Primitive;

/// What one operation page says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationPage {
    pub name: String,
    pub description: Option<String>,
    pub requires_auth: bool,
    /// (verbs, path) as shown: `All Verbs` or `GET,POST`, and the path including the
    /// host's handler prefix (`/api/session-to-token`).
    pub routes: Vec<(String, String)>,
    /// Parameter tables, request type first.
    pub types: Vec<PageType>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageType {
    pub name: String,
    pub params: Vec<PageParam>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageParam {
    pub name: String,
    /// `path`, `query`, `body`, `form` or `header` (advisory only).
    pub kind: String,
    /// The C# display name (`bool`, `Dictionary<string, string>`).
    pub data_type: String,
    pub required: bool,
    pub description: String,
}

const ROUTES_CAPTION: &str = "The following routes are available for this service:";
const BACK_LINK: &str = "<back to all web services";
const PARAM_KINDS: [&str; 5] = ["query", "path", "body", "form", "header"];

/// Whether `text` is an operation page, as HTML or as copied text.
pub fn is_page(text: &str) -> bool {
    let html = text.contains("<table class='params'>") || text.contains("<table class='routes'>");
    let copied = text.contains(BACK_LINK)
        && (text.contains(" Parameters:") || text.contains(ROUTES_CAPTION));
    html || copied
}

/// Why a page could not be read, and on which line (1-based; 0 for the whole page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    pub line: usize,
    pub message: String,
}

/// Reads a page.
pub fn parse(text: &str) -> Result<OperationPage, PageError> {
    let page = if text.contains("<table") {
        parse_html(text)
    } else {
        parse_text(text)?
    };
    page.ok_or_else(|| PageError {
        line: 0,
        message: "an operation page without an operation name".to_owned(),
    })
}

// ---- HTML -------------------------------------------------------------------------------

fn parse_html(html: &str) -> Option<OperationPage> {
    let name = decode(strip_tags(between(html, "<h2>", "</h2>")?))
        .trim()
        .to_owned();
    let description = between(html, "<h3 id='desc'>", "</h3>")
        .map(|text| decode(strip_tags(text)).trim().to_owned());
    let mut page = OperationPage {
        name,
        description,
        requires_auth: html.contains("<table class='authentication'>"),
        ..OperationPage::default()
    };
    for (class, table) in tables(html) {
        match class {
            "routes" => {
                for cells in rows(table) {
                    if let [verbs, path, ..] = cells.as_slice() {
                        page.routes.push((verbs.clone(), path.clone()));
                    }
                }
            }
            "params" => {
                let caption = between(table, "<caption>", "</caption>").unwrap_or_default();
                let name = decode(strip_tags(caption))
                    .trim_end_matches("Parameters:")
                    .trim()
                    .to_owned();
                let params = rows(table)
                    .into_iter()
                    .filter_map(|cells| html_param(&cells))
                    .collect();
                page.types.push(PageType { name, params });
            }
            _ => {}
        }
    }
    (!page.name.is_empty()).then_some(page)
}

fn html_param(cells: &[String]) -> Option<PageParam> {
    let [name, kind, data_type, required, rest @ ..] = cells else {
        return None;
    };
    if name == "Name" && kind == "Parameter" {
        return None; // the header row
    }
    Some(PageParam {
        name: name.clone(),
        kind: kind.clone(),
        data_type: data_type.clone(),
        required: required == "Yes",
        description: rest.first().cloned().unwrap_or_default(),
    })
}

/// `(class, inner html)` of every `<table class='…'>`.
fn tables(html: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<table class='") {
        let after = rest
            .get(start + "<table class='".len()..)
            .unwrap_or_default();
        let Some(class_end) = after.find('\'') else {
            break;
        };
        let class = after.get(..class_end).unwrap_or_default();
        let body_end = after.find("</table>").unwrap_or(after.len());
        found.push((class, after.get(class_end..body_end).unwrap_or_default()));
        rest = after.get(body_end..).unwrap_or_default();
    }
    found
}

/// The decoded text of each `<th>`/`<td>` cell, row by row.
fn rows(table: &str) -> Vec<Vec<String>> {
    table
        .split("<tr>")
        .skip(1)
        .map(|row| cells(row.split("</tr>").next().unwrap_or_default()))
        .filter(|cells| !cells.is_empty())
        .collect()
}

fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut rest = row;
    while let Some(start) = rest.find("<t") {
        let tag = rest.get(start + 2..).unwrap_or_default();
        rest = tag;
        if !(tag.starts_with('h') || tag.starts_with('d')) {
            continue;
        }
        let Some((_, content)) = tag.split_once('>') else {
            break;
        };
        let content = content.split("</t").next().unwrap_or_default();
        cells.push(decode(strip_tags(content)).trim().to_owned());
    }
    cells
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let rest = text.get(from..)?;
    rest.get(..rest.find(end)?)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(text: String) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

// ---- copied text ------------------------------------------------------------------------

/// The text a browser copies from the page: table cells run together
/// (`PreserveSessionqueryboolNo`, `All Verbs/api/session-to-token`).
fn parse_text(text: &str) -> Result<Option<OperationPage>, PageError> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(back) = lines.iter().position(|line| *line == BACK_LINK) else {
        return Ok(None);
    };
    let mut rest = lines.iter().skip(back + 1).filter(|line| !line.is_empty());
    let Some(name) = rest.next().map(|name| (*name).to_owned()) else {
        return Ok(None);
    };
    let tables: Vec<String> = lines
        .iter()
        .filter_map(|line| line.strip_suffix(" Parameters:"))
        .map(|table| table.trim().to_owned())
        .collect();
    let mut page = OperationPage {
        name,
        ..OperationPage::default()
    };
    let mut section = Section::Preamble;
    for (index, line) in lines.iter().enumerate().skip(back + 2) {
        if line.is_empty() {
            continue;
        }
        if line.starts_with("To override the Content-type") || line.starts_with("HTTP + ") {
            break;
        }
        if *line == "Requires Authentication" {
            page.requires_auth = true;
        } else if *line == ROUTES_CAPTION {
            section = Section::Routes;
        } else if let Some(type_name) = line.strip_suffix(" Parameters:") {
            page.types.push(PageType {
                name: type_name.trim().to_owned(),
                params: Vec::new(),
            });
            section = Section::Params;
        } else if *line == "NameParameterData TypeRequiredDescription" {
            continue;
        } else {
            match section {
                Section::Preamble if page.description.is_none() => {
                    page.description = Some((*line).to_owned())
                }
                Section::Routes => {
                    if let Some(slash) = line.find('/') {
                        let (verbs, path) = line.split_at(slash);
                        let path = path.split_whitespace().next().unwrap_or(path);
                        page.routes.push((verbs.trim().to_owned(), path.to_owned()));
                    }
                }
                Section::Params => {
                    let param = text_param(line, &tables).ok_or_else(|| PageError {
                        line: index + 1,
                        message: format!(
                            "cannot split `{line}` into name, parameter, data type and required"
                        ),
                    })?;
                    if let Some(table) = page.types.last_mut() {
                        table.params.push(param);
                    }
                }
                Section::Preamble => {}
            }
        }
    }
    Ok(Some(page))
}

enum Section {
    Preamble,
    Routes,
    Params,
}

/// Splits `NameKindTypeRequiredDescription` (the cells run together). Every split whose
/// type parses is a candidate; the best uses types the page or .NET defines, then leaves no
/// description, then has the longest name (`ParentformProjectNodeNo` is `Parent`, `form`,
/// `ProjectNode`, not `ProjectNode`'s `No`).
fn text_param(line: &str, tables: &[String]) -> Option<PageParam> {
    let mut best: Option<((bool, bool, usize), PageParam)> = None;
    for (position, _) in line.char_indices().skip(1) {
        let (name, rest) = line.split_at(position);
        if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            break;
        }
        for kind in PARAM_KINDS.iter().filter(|kind| rest.starts_with(**kind)) {
            let after_kind = rest.get(kind.len()..).unwrap_or_default();
            for (data_type, required, description) in type_splits(after_kind) {
                let description = description.trim();
                let score = (
                    is_known_type(data_type, tables),
                    description.is_empty(),
                    name.len(),
                );
                if best
                    .as_ref()
                    .is_some_and(|(best_score, _)| *best_score >= score)
                {
                    continue;
                }
                let param = PageParam {
                    name: name.to_owned(),
                    kind: (*kind).to_owned(),
                    data_type: data_type.to_owned(),
                    required,
                    description: description.to_owned(),
                };
                best = Some((score, param));
            }
        }
    }
    best.map(|(_, param)| param)
}

/// Every `(type, required, description)` reading of the text after the parameter kind.
fn type_splits(text: &str) -> Vec<(&str, bool, &str)> {
    let mut splits = Vec::new();
    for (position, _) in text.char_indices().skip(1) {
        let (data_type, rest) = text.split_at(position);
        let (required, marker) = if rest.starts_with("Yes") {
            (true, "Yes")
        } else if rest.starts_with("No") {
            (false, "No")
        } else {
            continue;
        };
        if clr_type_of(data_type).is_ok() {
            splits.push((
                data_type,
                required,
                rest.get(marker.len()..).unwrap_or_default(),
            ));
        }
    }
    splits
}

/// Whether every name in a display type is a .NET type svcgen knows or a table on the page.
fn is_known_type(display: &str, tables: &[String]) -> bool {
    fn known(ty: &ClrType, tables: &[String]) -> bool {
        match ty {
            ClrType::Array(item) => known(item, tables),
            ClrType::Named { name, args } => {
                let builtin = primitive(name).is_some()
                    || matches!(
                        name.as_str(),
                        "Nullable"
                            | "List"
                            | "Dictionary"
                            | "KeyValuePair"
                            | "ResponseStatus"
                            | "ResponseError"
                    );
                (builtin || tables.iter().any(|table| table == name))
                    && args.iter().all(|arg| known(arg, tables))
            }
        }
    }
    clr_type_of(display).is_ok_and(|ty| known(&ty, tables))
}

// ---- into metadata -------------------------------------------------------------------------

/// The C# display name of a page (`int?`, `Dictionary<string, string>`) as a CLR type.
pub fn clr_type_of(display: &str) -> Result<ClrType, String> {
    let display = display.trim();
    if let Some(item) = display.strip_suffix("[]") {
        return Ok(ClrType::Array(Box::new(clr_type_of(item)?)));
    }
    if let Some(inner) = display.strip_suffix('?') {
        let inner = clr_type_of(inner)?;
        return Ok(ClrType::Named {
            name: "Nullable".to_owned(),
            args: vec![inner],
        });
    }
    if display.contains('?') {
        return Err(format!("unsupported nullable type `{display}`"));
    }
    Ok(clr_names(clr_type::parse_nested(display)?))
}

fn clr_names(ty: ClrType) -> ClrType {
    match ty {
        ClrType::Array(item) => ClrType::Array(Box::new(clr_names(*item))),
        ClrType::Named { name, args } => {
            let name = match name.as_str() {
                "bool" => "Boolean",
                "string" => "String",
                "int" => "Int32",
                "long" => "Int64",
                "short" => "Int16",
                "byte" => "Byte",
                "sbyte" => "SByte",
                "uint" => "UInt32",
                "ulong" => "UInt64",
                "ushort" => "UInt16",
                "float" => "Single",
                "double" => "Double",
                "decimal" => "Decimal",
                "char" => "Char",
                "object" => "Object",
                other => other,
            };
            ClrType::Named {
                name: name.to_owned(),
                args: args.into_iter().map(clr_names).collect(),
            }
        }
    }
}

/// A `MetadataPropertyType` for a page parameter, in the form `/types/metadata` uses.
pub fn property(param: &PageParam) -> Result<Value, String> {
    let (type_name, generic_args) = metadata_type_name(&clr_type_of(&param.data_type)?);
    let mut property = serde_json::Map::new();
    property.insert("Name".into(), json!(param.name));
    property.insert("Type".into(), json!(type_name));
    if !generic_args.is_empty() {
        property.insert("GenericArgs".into(), json!(generic_args));
    }
    if is_value_type(&type_name) {
        property.insert("IsValueType".into(), json!(true));
    }
    if param.required {
        property.insert("IsRequired".into(), json!(true));
    }
    if !param.description.is_empty() {
        property.insert("Description".into(), json!(param.description));
    }
    Ok(Value::Object(property))
}

/// ``("Dictionary`2", ["String", "String"])`` for `Dictionary<String,String>`.
fn metadata_type_name(ty: &ClrType) -> (String, Vec<String>) {
    match ty {
        ClrType::Named { name, args } if args.is_empty() => (name.clone(), Vec::new()),
        ClrType::Named { name, args } => (
            format!("{name}`{}", args.len()),
            args.iter().map(angle_notation).collect(),
        ),
        ClrType::Array(item) => (format!("{}[]", angle_notation(item)), Vec::new()),
    }
}

fn angle_notation(ty: &ClrType) -> String {
    match ty {
        ClrType::Named { name, args } if args.is_empty() => name.clone(),
        ClrType::Named { name, args } => {
            let args: Vec<String> = args.iter().map(angle_notation).collect();
            format!("{name}<{}>", args.join(","))
        }
        ClrType::Array(item) => format!("{}[]", angle_notation(item)),
    }
}

/// .NET value types: the primitives but strings, `object` and streams, and `Nullable<T>`.
fn is_value_type(type_name: &str) -> bool {
    type_name == "Nullable`1"
        || primitive(type_name).is_some_and(|kind| {
            !matches!(kind, Primitive::String | Primitive::Any | Primitive::Bytes)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_LIKE: &str = "Gateway\n\n<back to all web services\n\nConvertSessionToToken\n\nRequires Authentication\nThe following routes are available for this service:\nAll Verbs/api/session-to-token\nConvertSessionToToken Parameters:\nNameParameterData TypeRequiredDescription\nPreserveSessionqueryboolNo\nConvertSessionToTokenResponse Parameters:\nNameParameterData TypeRequiredDescription\nMetaformDictionary<string, string>No\nNodeIdformint?YesThe node, No matter what\n\nTo override the Content-type in your clients\n";

    #[test]
    fn ambiguous_cells_split_at_known_types() {
        let tables = vec!["ProjectNode".to_owned()];
        let parent = text_param("ParentformProjectNodeNo", &tables).unwrap();
        assert_eq!(
            (parent.name.as_str(), parent.data_type.as_str()),
            ("Parent", "ProjectNode")
        );
        let information = text_param("InformationformstringNoShown to users", &[]).unwrap();
        assert_eq!(
            (information.name.as_str(), information.kind.as_str()),
            ("Information", "form")
        );
        assert_eq!(information.description, "Shown to users");
    }

    #[test]
    fn unreadable_rows_name_their_line() {
        let page = SEED_LIKE.replace("PreserveSessionqueryboolNo", "PreserveSession???");
        let error = parse(&page).unwrap_err();
        assert_eq!(error.line, 12);
        assert!(
            error.message.contains("PreserveSession???"),
            "{}",
            error.message
        );
    }

    #[test]
    fn copied_text_pages_are_read() {
        assert!(is_page(SEED_LIKE));
        let page = parse(SEED_LIKE).unwrap();
        assert_eq!(page.name, "ConvertSessionToToken");
        assert!(page.requires_auth);
        assert_eq!(
            page.routes,
            vec![("All Verbs".to_owned(), "/api/session-to-token".to_owned())]
        );
        assert_eq!(page.types[0].name, "ConvertSessionToToken");
        assert_eq!(page.types[0].params[0].data_type, "bool");
        let response = &page.types[1].params;
        assert_eq!(response[0].data_type, "Dictionary<string, string>");
        assert_eq!(
            (response[1].name.as_str(), response[1].data_type.as_str()),
            ("NodeId", "int?")
        );
        assert!(response[1].required);
        assert_eq!(response[1].description, "The node, No matter what");
    }

    #[test]
    fn html_pages_are_read() {
        let html = "<html><body><h2>GetProjects</h2><h3 id='desc'>Lists &lt;all&gt; projects</h3>\
            <table class='routes'><caption>The following routes are available for this service:</caption><tbody>\
            <tr><th>GET,POST</th><th>/api/projects</th><td></td><td><i></i></td></tr><tbody></tbody></table>\
            <table class='params'><caption><b>GetProjects</b> Parameters:</caption><thead><tr><th>Name</th><th>Parameter</th><th>Data Type</th><th>Required</th><th>Description</th></tr></thead>\
            <tbody><tr><td>PageSize</td><td>query</td><td>int</td><td>No</td><td>Rows per page</td></tr>\
            <tr><td>Ids</td><td>query</td><td>List&lt;Guid&gt;</td><td>Yes</td><td></td></tr></tbody></table></body></html>";
        assert!(is_page(html));
        let page = parse(html).unwrap();
        assert_eq!(page.name, "GetProjects");
        assert_eq!(page.description.as_deref(), Some("Lists <all> projects"));
        assert!(!page.requires_auth);
        assert_eq!(
            page.routes,
            vec![("GET,POST".to_owned(), "/api/projects".to_owned())]
        );
        let params = &page.types[0].params;
        assert_eq!(params.len(), 2);
        assert_eq!(params[1].data_type, "List<Guid>");
        assert_eq!(
            property(&params[1]).unwrap(),
            json!({"Name": "Ids", "Type": "List`1", "GenericArgs": ["Guid"], "IsRequired": true})
        );
        assert_eq!(
            property(&params[0]).unwrap(),
            json!({"Name": "PageSize", "Type": "Int32", "IsValueType": true, "Description": "Rows per page"})
        );
    }

    #[test]
    fn display_types_become_clr_types() {
        let nullable = property(&PageParam {
            name: "A".into(),
            data_type: "int?".into(),
            ..PageParam::default()
        })
        .unwrap();
        assert_eq!(nullable["Type"], "Nullable`1");
        assert_eq!(nullable["GenericArgs"], json!(["Int32"]));
        let nested = property(&PageParam {
            name: "B".into(),
            data_type: "Dictionary<string, List<Poco>>".into(),
            ..PageParam::default()
        })
        .unwrap();
        assert_eq!(nested["GenericArgs"], json!(["String", "List<Poco>"]));
        assert!(clr_type_of("List<int?>").is_err());
        let nullables = property(&PageParam {
            name: "C".into(),
            data_type: "int?[]".into(),
            ..PageParam::default()
        })
        .unwrap();
        assert_eq!(nullables["Type"], "Nullable<Int32>[]");
        assert_eq!(
            clr_type::parse("Nullable<Int32>[]", &[]).unwrap(),
            ClrType::Array(Box::new(ClrType::Named {
                name: "Nullable".into(),
                args: vec![ClrType::Named {
                    name: "Int32".into(),
                    args: Vec::new()
                }],
            }))
        );
        assert_eq!(
            nullables.get("IsValueType"),
            None,
            "an array is a reference"
        );
    }
}
