//! WS-Addressing 1.0 request headers, as WCF's clients send them to `wsHttpBinding` and
//! other `Soap12WSAddressing10` endpoints: `wsa:Action` and `wsa:To` (both
//! `mustUnderstand`), `wsa:MessageID` and an anonymous `wsa:ReplyTo`. Sent only when the
//! operation's binding requires addressing: an endpoint without it faults on them.

/// `http://www.w3.org/2005/08/addressing`.
pub const NAMESPACE: &str = "http://www.w3.org/2005/08/addressing";
/// The address of "answer on this connection".
pub const ANONYMOUS: &str = "http://www.w3.org/2005/08/addressing/anonymous";
/// The prefix the envelope declares for [`NAMESPACE`].
pub(crate) const PREFIX: &str = "wsa";

/// A new `wsa:MessageID`: `urn:uuid:` and a random UUID.
pub(crate) fn message_id() -> Result<String, getrandom::Error> {
    Ok(format!("urn:uuid:{}", unique()?))
}

/// A random UUID, for identifiers that must not repeat (message ids, MIME boundaries).
pub(crate) fn unique() -> Result<uuid::Uuid, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

/// The header elements, in WCF's order; `envelope` is the envelope's prefix.
pub(crate) fn headers(envelope: &str, action: &str, message_id: &str, to: &str) -> String {
    let escape = |text: &str| quick_xml::escape::escape(text).into_owned();
    format!(
        "<{PREFIX}:Action {envelope}:mustUnderstand=\"1\">{}</{PREFIX}:Action>\
         <{PREFIX}:MessageID>{}</{PREFIX}:MessageID>\
         <{PREFIX}:ReplyTo><{PREFIX}:Address>{ANONYMOUS}</{PREFIX}:Address></{PREFIX}:ReplyTo>\
         <{PREFIX}:To {envelope}:mustUnderstand=\"1\">{}</{PREFIX}:To>",
        escape(action),
        escape(message_id),
        escape(to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_random_uuid_urns() {
        let (first, second) = (message_id().unwrap(), message_id().unwrap());
        assert_ne!(first, second);
        let uuid = first.strip_prefix("urn:uuid:").unwrap();
        assert_eq!(uuid::Uuid::parse_str(uuid).unwrap().get_version_num(), 4);
    }
}
