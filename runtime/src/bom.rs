//! The UTF-8 byte order mark that .NET hosts may put before a body or document. JSON
//! parsers reject it and XML parsers want the text after it, so every reader of answers
//! skips it here, the same way.

/// `U+FEFF` in UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading byte order mark (unchanged when there is none).
pub(crate) fn strip(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_mark_is_stripped() {
        assert_eq!(strip(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(strip("\u{feff}<a/>".as_bytes()), b"<a/>");
        assert_eq!(strip(b"{}"), b"{}");
        assert_eq!(strip(b"{}\xEF\xBB\xBF"), b"{}\xEF\xBB\xBF");
        assert_eq!(strip(b"\xEF\xBB"), b"\xEF\xBB");
    }
}
