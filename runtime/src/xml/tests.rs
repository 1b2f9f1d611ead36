//! The reader and writer against hand-written impls shaped like generated ones.

use super::*;
use crate::value::Guid;

const TNS: &str = "http://www.twinfield.com/";

/// Twinfield's cluster `Header`: optional strings, a required nillable Guid.
#[derive(Debug, Default, PartialEq)]
struct Header {
    session_id: Option<String>,
    company_code: Option<String>,
    company_id: Option<Guid>,
}

impl Complex for Header {
    const FIELDS: &'static [Field] = &[
        Field::element(TNS, "SessionID"),
        Field::element(TNS, "CompanyCode"),
        Field::element(TNS, "CompanyId").nillable().required(),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.session_id),
            1 => reader.read(&mut self.company_code),
            2 => reader.read(&mut self.company_id),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.session_id)?;
        writer.write(Self::FIELDS, 1, &self.company_code)?;
        writer.write(Self::FIELDS, 2, &self.company_id)
    }
}

crate::xml_complex_value!(Header);

/// Finder's `Search`: required integers, nested wrapped lists, an attribute, a wildcard.
#[derive(Debug, Default, PartialEq)]
struct Search {
    kind: Option<String>,
    first_row: i32,
    options: Option<Vec<Vec<String>>>,
    tags: Vec<String>,
    extra: Vec<RawXml>,
}

impl Complex for Search {
    const FIELDS: &'static [Field] = &[
        Field::attribute("", "kind"),
        Field::element(TNS, "firstRow").required(),
        Field::element(TNS, "options")
            .items(&[Name::new(TNS, "ArrayOfString"), Name::new(TNS, "string")]),
        Field::element(TNS, "tag"),
        Field::any(),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.kind),
            1 => reader.read(&mut self.first_row),
            2 => reader.read(&mut self.options),
            3 => reader.read(&mut self.tags),
            4 => reader.read(&mut self.extra),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.kind)?;
        writer.write(Self::FIELDS, 1, &self.first_row)?;
        writer.write(Self::FIELDS, 2, &self.options)?;
        writer.write(Self::FIELDS, 3, &self.tags)?;
        writer.write(Self::FIELDS, 4, &self.extra)
    }
}

crate::xml_complex_value!(Search);

fn read<T: Value + Default>(xml: &str, root: &'static str) -> Result<T, Error> {
    from_slice(xml.as_bytes(), Name::new(TNS, root))
}

#[test]
fn elements_match_by_namespace_not_prefix() {
    let default_namespace =
        r#"<Header xmlns="http://www.twinfield.com/"><SessionID>s-1</SessionID></Header>"#;
    let prefixed = r#"<t:Header xmlns:t="http://www.twinfield.com/"><t:SessionID>s-1</t:SessionID></t:Header>"#;
    let wrong_namespace = r#"<Header xmlns="http://www.twinfield.com/"><SessionID xmlns="urn:other">s-1</SessionID></Header>"#;
    let expected = Header {
        session_id: Some("s-1".to_owned()),
        ..Header::default()
    };
    assert_eq!(
        read::<Header>(default_namespace, "Header").unwrap(),
        expected
    );
    assert_eq!(read::<Header>(prefixed, "Header").unwrap(), expected);
    assert_eq!(
        read::<Header>(wrong_namespace, "Header").unwrap(),
        Header::default()
    );
}

#[test]
fn unknown_elements_are_skipped_and_nil_reads_as_none() {
    let xml = r#"<Header xmlns="http://www.twinfield.com/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <Future><Deep><Deeper/></Deep></Future>
  <CompanyCode>001</CompanyCode>
  <CompanyId i:nil="true"/>
</Header>"#;
    let header: Header = read(xml, "Header").unwrap();
    assert_eq!(header.company_code.as_deref(), Some("001"));
    assert_eq!(header.company_id, None);
}

#[test]
fn absent_optional_values_are_left_out_required_nillable_ones_are_nil() {
    let header = Header {
        company_code: Some("001".to_owned()),
        ..Header::default()
    };
    assert_eq!(
        to_string(&header, Name::new(TNS, "Header")).unwrap(),
        r#"<Header xmlns="http://www.twinfield.com/"><CompanyCode>001</CompanyCode><CompanyId xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true" /></Header>"#
    );
}

#[test]
fn nested_wrapped_lists_attributes_and_wildcards_round_trip() {
    let xml = r#"<Search xmlns="http://www.twinfield.com/" kind="DIM"><firstRow>0</firstRow><options><ArrayOfString><string>dimtype</string><string>DEB</string></ArrayOfString><ArrayOfString /></options><tag>a</tag><tag>b &amp; c</tag><x:Extra xmlns:x="urn:x" n="1"><x:y/></x:Extra></Search>"#;
    let search: Search = read(xml, "Search").unwrap();
    assert_eq!(search.kind.as_deref(), Some("DIM"));
    assert_eq!(search.first_row, 0);
    assert_eq!(
        search.options,
        Some(vec![vec!["dimtype".to_owned(), "DEB".to_owned()], vec![]])
    );
    assert_eq!(search.tags, ["a", "b & c"]);
    assert_eq!(search.extra.len(), 1);
    assert_eq!(
        search.extra[0].as_str(),
        r#"<x:Extra xmlns:x="urn:x" n="1"><x:y/></x:Extra>"#
    );
    assert_eq!(to_string(&search, Name::new(TNS, "Search")).unwrap(), xml);
}

#[test]
fn required_values_are_written_even_when_zero() {
    let xml = to_string(&Search::default(), Name::new(TNS, "Search")).unwrap();
    assert_eq!(
        xml,
        r#"<Search xmlns="http://www.twinfield.com/"><firstRow>0</firstRow></Search>"#
    );
}

#[test]
fn text_is_escaped_and_characters_xml_cannot_carry_are_refused() {
    let header = Header {
        session_id: Some("a<b>&\"c\r".to_owned()),
        ..Header::default()
    };
    let xml = to_string(&header, Name::new(TNS, "Header")).unwrap();
    assert!(
        xml.contains("<SessionID>a&lt;b&gt;&amp;\"c&#13;</SessionID>"),
        "{xml}"
    );
    assert_eq!(
        read::<Header>(&xml, "Header").unwrap().session_id,
        header.session_id
    );
    let bad = Header {
        session_id: Some("\u{1}".to_owned()),
        ..Header::default()
    };
    assert!(to_string(&bad, Name::new(TNS, "Header")).is_err());
}

#[test]
fn scalars_use_xml_schema_forms() {
    let read_text = |text: &str| -> Result<Option<String>, String> {
        let xml = format!(
            r#"<Search xmlns="http://www.twinfield.com/"><firstRow>{text}</firstRow></Search>"#
        );
        read::<Search>(&xml, "Search")
            .map(|search| Some(search.first_row.to_string()))
            .map_err(|error| error.to_string())
    };
    assert_eq!(read_text(" 42 ").unwrap().as_deref(), Some("42"));
    assert!(
        read_text("99999999999")
            .unwrap_err()
            .contains("expected an integer from")
    );
    assert_eq!(bool::from_text("1"), Ok(true));
    assert_eq!(bool::from_text("false"), Ok(false));
    assert!(bool::from_text("yes").is_err());
    assert_eq!(f64::from_text("-INF"), Ok(f64::NEG_INFINITY));
    assert_eq!(f64::INFINITY.to_text(), "INF");
    assert_eq!(char::from_text("65"), Ok('A'));
    let guid: Guid = Text::from_text("EA762009B66C410B9BF5CE21AD519249").unwrap();
    assert_eq!(guid.to_text(), "ea762009-b66c-410b-9bf5-ce21ad519249");
    let text = to_string(&std::borrow::Cow::Borrowed("a&b"), Name::new("", "s")).unwrap();
    assert_eq!(text, "<s>a&amp;b</s>");
    let read: std::borrow::Cow<'static, str> =
        from_slice(text.as_bytes(), Name::new("", "s")).unwrap();
    assert_eq!(read, "a&b");
}

#[test]
fn hostile_documents_are_errors_not_panics() {
    let error = |xml: &[u8]| from_slice::<Header>(xml, Name::new(TNS, "Header")).unwrap_err();
    assert!(
        error(b"<!DOCTYPE h [<!ENTITY a \"b\">]><Header xmlns=\"http://www.twinfield.com/\"/>")
            .message()
            .contains("DTD")
    );
    assert!(
        error(b"<Header xmlns=\"http://www.twinfield.com/\"><SessionID>\xff</SessionID></Header>")
            .message()
            .contains("UTF-8")
    );
    assert!(
        error(
            b"<Header xmlns=\"http://www.twinfield.com/\"><SessionID>&bomb;</SessionID></Header>"
        )
        .message()
        .contains("unknown entity")
    );
    assert!(
        error(b"<Other/>")
            .message()
            .contains("expected the root element")
    );
    assert!(
        error(b"<Header xmlns=\"http://www.twinfield.com/\"><SessionID>")
            .message()
            .contains("ends inside")
    );

    // Deep nesting of known elements is bounded.
    let error = nested(10_000).unwrap_err();
    assert!(error.message().contains("nest deeper than 128"), "{error}");
}

/// `<n>` in itself, as deep as a document nests it.
#[derive(Debug, Default)]
struct Node(Option<Box<Node>>);

impl Complex for Node {
    const FIELDS: &'static [Field] = &[Field::element("", "n")];
    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        reader.read(&mut self.0)
    }
    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.0)
    }
}

crate::xml_complex_value!(Node);

/// Reads `levels` nested `<n>` elements, the root counting as one.
fn nested(levels: usize) -> Result<Node, Error> {
    let deep = format!("{}{}", "<n>".repeat(levels), "</n>".repeat(levels));
    from_slice::<Node>(deep.as_bytes(), Name::new("", "n"))
}

#[test]
fn nesting_is_read_up_to_the_limit_and_refused_past_it() {
    assert!(nested(MAX_DEPTH).is_ok(), "{MAX_DEPTH} levels are read");
    let error = nested(MAX_DEPTH + 1).unwrap_err();
    assert!(
        error
            .message()
            .contains(&format!("elements nest deeper than {MAX_DEPTH} levels")),
        "{error}"
    );
}

#[test]
fn leading_whitespace_and_bom_are_tolerated() {
    let xml = "\u{feff} <?xml version=\"1.0\"?><Header xmlns=\"http://www.twinfield.com/\"><SessionID>x</SessionID></Header>";
    let header: Header = read(xml, "Header").unwrap();
    assert_eq!(header.session_id.as_deref(), Some("x"));
}

#[test]
fn xsi_type_is_resolved_in_scope() {
    let xml = r#"<Query xmlns="http://www.twinfield.com/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:b="urn:derived" i:type="b:GetDeleted"/>"#;
    let mut reader = Reader::new(xml.as_bytes()).unwrap();
    reader.root(Name::new(TNS, "Query")).unwrap();
    assert_eq!(
        reader.xsi_type(),
        Some(("urn:derived".to_owned(), "GetDeleted".to_owned()))
    );
    assert_eq!(
        reader.type_index(&[
            Name::new(TNS, "Query"),
            Name::new("urn:derived", "GetDeleted")
        ]),
        Some(1)
    );
}

#[test]
fn raw_fragments_keep_their_scope_and_parse_typed() {
    let xml = r#"<Search xmlns="http://www.twinfield.com/"><firstRow>1</firstRow><h:Header xmlns:h="http://www.twinfield.com/"><h:SessionID>7</h:SessionID></h:Header></Search>"#;
    let search: Search = read(xml, "Search").unwrap();
    let header: Option<Header> = search.extra[0].parse(Name::new(TNS, "Header")).unwrap();
    assert_eq!(header.unwrap().session_id.as_deref(), Some("7"));
    assert_eq!(
        search.extra[0].elements().unwrap(),
        [(TNS.to_owned(), "Header".to_owned())]
    );
    assert!(RawXml::new("<a><b></a>").is_err());
    assert!(RawXml::new("<list><type>offices</type></list>").is_ok());
}

#[test]
fn a_missing_required_element_is_an_error_not_a_default() {
    let error =
        read::<Search>(r#"<Search xmlns="http://www.twinfield.com/" />"#, "Search").unwrap_err();
    assert!(
        error
            .message()
            .contains("the required element `{http://www.twinfield.com/}firstRow` is missing"),
        "{error}"
    );
}

/// `a, b, a`: the same element name twice in one sequence, and a list in simple content.
#[derive(Debug, Default, PartialEq)]
struct Twice {
    first: Option<String>,
    middle: Option<String>,
    second: Option<String>,
}

impl Complex for Twice {
    const FIELDS: &'static [Field] = &[
        Field::element("", "a"),
        Field::element("", "b"),
        Field::element("", "a"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.first),
            1 => reader.read(&mut self.middle),
            2 => reader.read(&mut self.second),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.first)?;
        writer.write(Self::FIELDS, 1, &self.middle)?;
        writer.write(Self::FIELDS, 2, &self.second)
    }
}

crate::xml_complex_value!(Twice);

#[derive(Debug, Default, PartialEq)]
struct Numbers {
    unit: Option<String>,
    values: Vec<i32>,
}

impl Complex for Numbers {
    const FIELDS: &'static [Field] = &[
        Field::attribute("urn:units", "unit"),
        Field::text().text_list(),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.unit),
            1 => reader.read(&mut self.values),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.unit)?;
        writer.write(Self::FIELDS, 1, &self.values)
    }
}

crate::xml_complex_value!(Numbers);

#[test]
fn a_name_twice_in_a_sequence_fills_both_fields() {
    let twice = Twice {
        first: Some("1".to_owned()),
        middle: Some("2".to_owned()),
        second: Some("3".to_owned()),
    };
    let text = to_string(&twice, Name::new("", "t")).unwrap();
    assert_eq!(text, "<t><a>1</a><b>2</b><a>3</a></t>");
    assert_eq!(
        from_slice::<Twice>(text.as_bytes(), Name::new("", "t")).unwrap(),
        twice
    );
}

#[test]
fn lists_in_simple_content_and_qualified_attributes_are_well_formed() {
    let numbers = Numbers {
        unit: Some("m&m".to_owned()),
        values: vec![1, 2, 3],
    };
    let text = to_string(&numbers, Name::new("", "n")).unwrap();
    assert_eq!(text, r#"<n xmlns:a="urn:units" a:unit="m&amp;m">1 2 3</n>"#);
    assert_eq!(
        from_slice::<Numbers>(text.as_bytes(), Name::new("", "n")).unwrap(),
        numbers
    );
}

#[test]
fn raw_fragments_mean_the_same_where_they_are_written_again() {
    // Read where `x` is in `urn:a` and `p:` is declared on an ancestor…
    let xml = r#"<Search xmlns="http://www.twinfield.com/" xmlns:p="urn:p"><firstRow>1</firstRow><x xmlns="urn:a"><p:y/></x></Search>"#;
    let search: Search = read(xml, "Search").unwrap();
    assert_eq!(search.extra[0].as_str(), r#"<x xmlns="urn:a"><p:y/></x>"#);
    // …and written where `p:` is not: the declaration travels with it.
    let written = to_string(&search, Name::new(TNS, "Search")).unwrap();
    assert!(
        written.contains(r#"<x xmlns:p="urn:p" xmlns="urn:a"><p:y/></x>"#),
        "{written}"
    );
    let again: Search = read(&written, "Search").unwrap();
    assert_eq!(
        again.extra[0].elements().unwrap(),
        [("urn:a".to_owned(), "x".to_owned())]
    );

    // Element content read with no default namespace keeps meaning no namespace inside an
    // element whose own namespace is the default.
    #[derive(Debug, Default, PartialEq)]
    struct Holder {
        payload: RawXml,
    }
    impl Complex for Holder {
        const FIELDS: &'static [Field] = &[Field::element("urn:h", "payload")];
        fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
            reader.read(&mut self.payload)
        }
        fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
            writer.write(Self::FIELDS, 0, &self.payload)
        }
    }
    crate::xml_complex_value!(Holder);
    let read_back: Holder = from_slice(
        br#"<h:holder xmlns:h="urn:h"><h:payload><list><type>offices</type></list></h:payload></h:holder>"#,
        Name::new("urn:h", "holder"),
    )
    .unwrap();
    let written = to_string(&read_back, Name::new("urn:h", "holder")).unwrap();
    assert_eq!(
        written,
        r#"<holder xmlns="urn:h"><w:payload xmlns:w="urn:h" xmlns="" xmlns:h="urn:h"><list><type>offices</type></list></w:payload></holder>"#
    );
    let again: Holder = from_slice(written.as_bytes(), Name::new("urn:h", "holder")).unwrap();
    assert_eq!(again, read_back);
}

/// An rpc/literal response wrapper: its part accessor is unqualified (WS-I BP R2735).
#[derive(Debug, Default, PartialEq)]
struct AddResponse {
    result: i32,
}

impl Complex for AddResponse {
    const FIELDS: &'static [Field] = &[Field::element("", "result").required()];

    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        reader.read(&mut self.result)
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.result)
    }
}

crate::xml_complex_value!(AddResponse);

/// node-soap's server qualifies the accessor (`<tns:result>`); both forms are read, and
/// the writer keeps to the profile.
#[test]
fn qualified_part_accessors_are_read_like_unqualified_ones() {
    let root = Name::new("urn:calc", "AddResponse");
    for xml in [
        r#"<tns:AddResponse xmlns:tns="urn:calc"><tns:result>5</tns:result></tns:AddResponse>"#,
        r#"<tns:AddResponse xmlns:tns="urn:calc"><result>5</result></tns:AddResponse>"#,
    ] {
        let read: AddResponse = from_slice(xml.as_bytes(), root).unwrap();
        assert_eq!(read, AddResponse { result: 5 }, "{xml}");
    }
    assert_eq!(
        to_string(&AddResponse { result: 5 }, root).unwrap(),
        r#"<AddResponse xmlns="urn:calc"><result xmlns="">5</result></AddResponse>"#
    );
}

/// A type with `xs:anyAttribute`: one declared attribute, the rest kept by name.
#[derive(Debug, Default, PartialEq)]
struct Open {
    id: Option<String>,
    other: Attributes,
    value: Option<String>,
}

impl Complex for Open {
    const FIELDS: &'static [Field] = &[
        Field::attribute("", "id"),
        Field::any_attribute(),
        Field::element("urn:h", "Value"),
    ];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.id),
            1 => reader.read(&mut self.other),
            2 => reader.read(&mut self.value),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write(Self::FIELDS, 0, &self.id)?;
        writer.write(Self::FIELDS, 1, &self.other)?;
        writer.write(Self::FIELDS, 2, &self.value)
    }
}

crate::xml_complex_value!(Open);

#[test]
fn open_attributes_are_kept_by_name_and_written_back() {
    let root = Name::new("urn:h", "Header");
    let text = r#"<h:Header xmlns:h="urn:h" xmlns:x="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="7" x:trace="a&amp;b" plain="p" xsi:type="h:Header"><h:Value>v</h:Value></h:Header>"#;
    let read: Open = from_slice(text.as_bytes(), root).unwrap();
    assert_eq!(read.id.as_deref(), Some("7"));
    assert_eq!(read.other.get("urn:x", "trace"), Some("a&b"));
    assert_eq!(read.other.get("", "plain"), Some("p"));
    assert_eq!(
        read.other.0.len(),
        2,
        "xsi:type is the reader's: {:?}",
        read.other
    );
    assert_eq!(read.value.as_deref(), Some("v"));
    let written = to_string(&read, root).unwrap();
    assert_eq!(
        written,
        r#"<Header xmlns="urn:h" id="7" plain="p" xmlns:a="urn:x" a:trace="a&amp;b"><Value>v</Value></Header>"#
    );
    let again: Open = from_slice(written.as_bytes(), root).unwrap();
    assert_eq!(again, read);

    let mut bad = Open::default();
    bad.other.insert("", "not a name", "x");
    assert!(to_string(&bad, root).is_err());
}

/// A field whose drop glue fails to compile: `drop` is compiled for a `T` only when
/// something may drop the value, and its constant then fails. The types below carry one, so
/// this file compiles only while reading and writing them never drops a value, which is
/// what keeps generated types' drop glue out of the generated crate (see `erased`).
///
/// Lists are left out: `Vec::extend`, which adds an item, names the item's drop in
/// unoptimised builds, though optimised ones compile none (bench/NOTES.md).
struct Undroppable<T>(std::marker::PhantomData<T>);

impl<T> Drop for Undroppable<T> {
    fn drop(&mut self) {
        const {
            assert!(
                size_of::<T>() == usize::MAX,
                "reading or writing drops a value"
            );
        }
    }
}

/// Defaults are written out field by field, calls first: a derived `Default` drops the
/// fields it has made when a later field's `default` panics.
struct Kept {
    text: Option<String>,
    _guard: Undroppable<()>,
}

impl Default for Kept {
    fn default() -> Self {
        Self {
            text: None,
            _guard: Undroppable(std::marker::PhantomData),
        }
    }
}

impl Complex for Kept {
    const FIELDS: &'static [Field] = &[Field::element("", "text")];

    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        reader.read(&mut self.text)
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write_all(Self::FIELDS, &[&&self.text])
    }
}

crate::xml_complex_value!(Kept);

struct Holder {
    one: Option<Kept>,
    boxed: Option<Box<Kept>>,
    _guard: Undroppable<()>,
}

impl Default for Holder {
    fn default() -> Self {
        Self {
            one: None,
            boxed: None,
            _guard: Undroppable(std::marker::PhantomData),
        }
    }
}

impl Complex for Holder {
    const FIELDS: &'static [Field] = &[Field::element("", "one"), Field::element("", "boxed")];

    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        match index {
            0 => reader.read(&mut self.one),
            1 => reader.read(&mut self.boxed),
            _ => reader.skip(),
        }
    }

    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        writer.write_all(Self::FIELDS, &[&&self.one, &&self.boxed])
    }
}

crate::xml_complex_value!(Holder);

/// Reads `xml` into a `Holder` that is never dropped.
fn read_undroppable(xml: &str) -> (std::mem::ManuallyDrop<Holder>, Result<(), Error>) {
    let mut holder = std::mem::ManuallyDrop::new(Holder::default());
    let result = Reader::new(xml.as_bytes()).and_then(|mut reader| {
        reader.root(Name::new("", "h"))?;
        reader.read(&mut *holder)
    });
    (holder, result)
}

#[test]
fn reading_and_writing_never_drop_a_value() {
    let xml = "<h><one><text>a</text></one><boxed><text>b</text></boxed></h>";
    let (holder, result) = read_undroppable(xml);
    result.unwrap();
    let one = holder.one.as_ref().and_then(|kept| kept.text.as_deref());
    let boxed = holder.boxed.as_ref().and_then(|kept| kept.text.as_deref());
    assert_eq!((one, boxed), (Some("a"), Some("b")));
    assert_eq!(to_string(&*holder, Name::new("", "h")).unwrap(), xml);
}

#[test]
fn an_element_repeated_as_nil_after_a_value_is_refused() {
    let xml = r#"<h xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><one><text>a</text></one><one i:nil="true"/></h>"#;
    let (_, result) = read_undroppable(xml);
    let error = result.unwrap_err();
    assert!(
        error.message().contains("`one` is nil after a value"),
        "{error}"
    );

    // Nil on its own, or before a value, is absent.
    let (holder, result) = read_undroppable(
        r#"<h xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><one i:nil="true"/></h>"#,
    );
    result.unwrap();
    assert!(holder.one.is_none());
}
