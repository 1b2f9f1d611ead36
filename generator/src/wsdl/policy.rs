//! WS-Policy as WSDLs (WCF's above all) attach it to bindings: which bindings require
//! WS-Addressing (`wsaw:UsingAddressing`, `wsam:Addressing`), reached through a
//! `wsp:PolicyReference` to a policy of the same document, inline, or as a plain WSDL
//! extension element; and the actions port types give WS-Addressing (`wsam:Action`,
//! `wsaw:Action`).

use std::collections::BTreeSet;

/// WS-Policy 1.2 (WCF's default) and 1.5.
const POLICY_NAMESPACES: [&str; 2] = [
    "http://schemas.xmlsoap.org/ws/2004/09/policy",
    "http://www.w3.org/ns/ws-policy",
];
/// WS-Addressing 1.0 WSDL binding (`wsaw`) and metadata (`wsam`).
pub const WSAW: &str = "http://www.w3.org/2006/05/addressing/wsdl";
pub const WSAM: &str = "http://www.w3.org/2007/05/addressing/metadata";

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

/// The `wsu:Id` (or any `Id`) of a policy.
fn policy_id<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|attribute| attribute.name() == "Id")
        .map(|attribute| attribute.value())
}

/// The ids of the document's policies that require WS-Addressing.
pub fn addressing_policies(root: roxmltree::Node<'_, '_>) -> BTreeSet<String> {
    root.descendants()
        .filter(|node| is_policy_element(*node, "Policy"))
        .filter(|policy| policy.descendants().any(is_addressing_assertion))
        .filter_map(|policy| policy_id(policy).map(str::to_owned))
        .collect()
}

/// Whether a `wsdl:binding` requires WS-Addressing: an assertion among its extension
/// elements or inline policies, or a reference to one of `policies`.
pub fn binding_uses_addressing(
    binding: roxmltree::Node<'_, '_>,
    policies: &BTreeSet<String>,
) -> bool {
    binding.children().any(|child| {
        is_addressing_assertion(child)
            || (is_policy_element(child, "Policy")
                && child.descendants().any(is_addressing_assertion))
            || (is_policy_element(child, "PolicyReference")
                && child
                    .attribute("URI")
                    .and_then(|uri| uri.strip_prefix('#'))
                    .is_some_and(|id| policies.contains(id)))
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
  <wsdl:portType name="P"><wsdl:operation name="Echo"><wsdl:input wsaw:Action="urn:echo" message="m"/><wsdl:output wsam:Action="urn:echoed" wsaw:Action="urn:ignored" message="m"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="Ws"><wsp:PolicyReference URI="#ws_policy"/></wsdl:binding>
  <wsdl:binding name="Basic"><wsp:PolicyReference URI="#basic_policy"/></wsdl:binding>
  <wsdl:binding name="Inline"><wsp:Policy><wsam:Addressing><wsp:Policy/></wsam:Addressing></wsp:Policy></wsdl:binding>
  <wsdl:binding name="Extension"><wsaw:UsingAddressing/></wsdl:binding>
</wsdl:definitions>"##;

    #[test]
    fn bindings_that_require_addressing_and_their_actions() {
        let document = roxmltree::Document::parse(WCF).unwrap();
        let root = document.root_element();
        let policies = addressing_policies(root);
        assert_eq!(policies, BTreeSet::from(["ws_policy".to_owned()]));
        let uses = |name: &str| {
            let binding = root
                .children()
                .find(|node| node.attribute("name") == Some(name))
                .unwrap();
            binding_uses_addressing(binding, &policies)
        };
        assert!(uses("Ws") && uses("Inline") && uses("Extension"));
        assert!(!uses("Basic"));
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
