//! WS-Policy as WSDLs (WCF's above all) attach it to bindings: which bindings require
//! WS-Addressing (`wsaw:UsingAddressing`, `wsam:Addressing`) or MTOM
//! (`wsoma:OptimizedMimeSerialization`), reached through a `wsp:PolicyReference` to a
//! policy of the same document, inline, or as a plain WSDL extension element; and the
//! actions port types give WS-Addressing (`wsam:Action`, `wsaw:Action`).

use std::collections::BTreeMap;

/// WS-Policy 1.2 (WCF's default) and 1.5.
const POLICY_NAMESPACES: [&str; 2] = [
    "http://schemas.xmlsoap.org/ws/2004/09/policy",
    "http://www.w3.org/ns/ws-policy",
];
/// WS-Addressing 1.0 WSDL binding (`wsaw`) and metadata (`wsam`).
pub const WSAW: &str = "http://www.w3.org/2006/05/addressing/wsdl";
pub const WSAM: &str = "http://www.w3.org/2007/05/addressing/metadata";
/// WCF's MTOM assertion.
const WSOMA: &str = "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization";

/// What a binding's policy asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assertions {
    pub addressing: bool,
    pub mtom: bool,
}

impl Assertions {
    fn of(node: roxmltree::Node<'_, '_>) -> Self {
        Self {
            addressing: node.descendants().any(is_addressing_assertion),
            mtom: node.descendants().any(is_mtom_assertion),
        }
    }

    fn or(self, other: Self) -> Self {
        Self {
            addressing: self.addressing || other.addressing,
            mtom: self.mtom || other.mtom,
        }
    }
}

fn is_policy_element(node: roxmltree::Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && node
            .tag_name()
            .namespace()
            .is_some_and(|namespace| POLICY_NAMESPACES.contains(&namespace))
}

/// An assertion that WS-Addressing 1.0 is in use.
fn is_addressing_assertion(node: roxmltree::Node<'_, '_>) -> bool {
    let name = node.tag_name();
    node.is_element()
        && matches!(
            (name.namespace(), name.name()),
            (Some(WSAW), "UsingAddressing") | (Some(WSAM), "Addressing")
        )
}

fn is_mtom_assertion(node: roxmltree::Node<'_, '_>) -> bool {
    let name = node.tag_name();
    node.is_element()
        && name.namespace() == Some(WSOMA)
        && name.name() == "OptimizedMimeSerialization"
}

/// The `wsu:Id` (or any `Id`) of a policy.
fn policy_id<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|attribute| attribute.name() == "Id")
        .map(|attribute| attribute.value())
}

/// The document's policies by id, with what they assert.
pub fn policies(root: roxmltree::Node<'_, '_>) -> BTreeMap<String, Assertions> {
    root.descendants()
        .filter(|node| is_policy_element(*node, "Policy"))
        .filter_map(|policy| Some((policy_id(policy)?.to_owned(), Assertions::of(policy))))
        .collect()
}

/// What a `wsdl:binding`'s policy asks for: assertions among its extension elements or
/// inline policies, or in the policies it refers to.
pub fn binding_assertions(
    binding: roxmltree::Node<'_, '_>,
    policies: &BTreeMap<String, Assertions>,
) -> Assertions {
    binding
        .children()
        .fold(Assertions::default(), |found, child| {
            let here = if is_policy_element(child, "Policy") {
                Assertions::of(child)
            } else if is_policy_element(child, "PolicyReference") {
                child
                    .attribute("URI")
                    .and_then(|uri| uri.strip_prefix('#'))
                    .and_then(|id| policies.get(id).copied())
                    .unwrap_or_default()
            } else {
                Assertions {
                    addressing: is_addressing_assertion(child),
                    mtom: is_mtom_assertion(child),
                }
            };
            found.or(here)
        })
}

/// The WS-Addressing action a port type's `input`/`output` declares: `wsam:Action`, else
/// `wsaw:Action`.
pub fn action(message: roxmltree::Node<'_, '_>) -> Option<String> {
    message
        .attribute((WSAM, "Action"))
        .or_else(|| message.attribute((WSAW, "Action")))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WCF: &str = r##"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:wsam="http://www.w3.org/2007/05/addressing/metadata">
  <wsp:Policy wsu:Id="ws_policy"><wsp:ExactlyOne><wsp:All><wsaw:UsingAddressing/></wsp:All></wsp:ExactlyOne></wsp:Policy>
  <wsp:Policy wsu:Id="basic_policy"><wsp:ExactlyOne><wsp:All/></wsp:ExactlyOne></wsp:Policy>
  <wsp:Policy wsu:Id="mtom_policy"><wsp:ExactlyOne><wsp:All><wsoma:OptimizedMimeSerialization xmlns:wsoma="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization"/><wsaw:UsingAddressing/></wsp:All></wsp:ExactlyOne></wsp:Policy>
  <wsdl:portType name="P"><wsdl:operation name="Echo"><wsdl:input wsaw:Action="urn:echo" message="m"/><wsdl:output wsam:Action="urn:echoed" wsaw:Action="urn:ignored" message="m"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="Ws"><wsp:PolicyReference URI="#ws_policy"/></wsdl:binding>
  <wsdl:binding name="Basic"><wsp:PolicyReference URI="#basic_policy"/></wsdl:binding>
  <wsdl:binding name="Mtom"><wsp:PolicyReference URI="#mtom_policy"/></wsdl:binding>
  <wsdl:binding name="Inline"><wsp:Policy><wsam:Addressing><wsp:Policy/></wsam:Addressing></wsp:Policy></wsdl:binding>
  <wsdl:binding name="Extension"><wsaw:UsingAddressing/></wsdl:binding>
</wsdl:definitions>"##;

    #[test]
    fn bindings_that_require_addressing_or_mtom_and_their_actions() {
        let document = roxmltree::Document::parse(WCF).unwrap();
        let root = document.root_element();
        let policies = policies(root);
        assert_eq!(policies.len(), 3);
        let asserted = |name: &str| {
            let binding = root
                .children()
                .find(|node| node.attribute("name") == Some(name))
                .unwrap();
            binding_assertions(binding, &policies)
        };
        for name in ["Ws", "Inline", "Extension"] {
            assert_eq!(
                asserted(name),
                Assertions {
                    addressing: true,
                    mtom: false
                },
                "{name}"
            );
        }
        assert_eq!(asserted("Basic"), Assertions::default());
        assert_eq!(
            asserted("Mtom"),
            Assertions {
                addressing: true,
                mtom: true
            }
        );
        let operation = root
            .descendants()
            .find(|node| node.has_tag_name("operation"))
            .unwrap();
        let message = |name: &str| {
            operation
                .children()
                .find(|node| node.tag_name().name() == name)
                .unwrap()
        };
        assert_eq!(action(message("input")).as_deref(), Some("urn:echo"));
        assert_eq!(action(message("output")).as_deref(), Some("urn:echoed"));
    }
}
