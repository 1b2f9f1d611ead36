//! Clients generated at build time: `build.rs` runs svcgen's `Builder`, and the modules are
//! included from `OUT_DIR`. The tests prove they work and that the options took effect.

use std::borrow::Cow;

use svcgen_runtime::xml;

pub mod digioffice {
    include!(concat!(env!("OUT_DIR"), "/digioffice.rs"));
}

pub mod twinfield {
    include!(concat!(env!("OUT_DIR"), "/twinfield.rs"));
}

/// This crate's own logon result, used instead of the generated enum: `Ok` or the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LogonOutcome {
    #[default]
    Ok,
    Refused(String),
}

impl xml::Text for LogonOutcome {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(match text {
            "Ok" => Self::Ok,
            other => Self::Refused(other.to_owned()),
        })
    }

    fn to_text(&self) -> Cow<'_, str> {
        match self {
            Self::Ok => Cow::Borrowed("Ok"),
            Self::Refused(reason) => Cow::Borrowed(reason),
        }
    }
}

svcgen_runtime::xml_text_value!(LogonOutcome);

#[cfg(test)]
mod tests {
    use svcgen_runtime::xml::{self, Name};

    use super::*;

    #[test]
    fn the_replaced_type_is_used_on_the_wire() {
        let answer = r#"<AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Blocked</AccessTokenLogonResult><cluster>https://c.example</cluster></AccessTokenLogonResponse>"#;
        let response: twinfield::AccessTokenLogonResponse = xml::from_slice(
            answer.as_bytes(),
            Name::new("http://www.twinfield.com/", "AccessTokenLogonResponse"),
        )
        .unwrap();
        assert_eq!(
            response.access_token_logon_result,
            LogonOutcome::Refused("Blocked".to_owned())
        );
    }

    /// The mock `Builder::mock` added speaks the replaced type too.
    #[tokio::test]
    async fn the_included_mock_answers_the_included_client() {
        let mock = twinfield::mock::Mock::start().unwrap();
        mock.on_access_token_logon(|_| {
            let body = twinfield::AccessTokenLogonResponse {
                access_token_logon_result: LogonOutcome::Refused("Blocked".to_owned()),
                cluster: None,
            };
            Ok(svcgen_runtime::soap::Response::new(body))
        });
        let response = mock
            .client()
            .unwrap()
            .access_token_logon(&twinfield::AccessTokenLogon::default())
            .await
            .unwrap();
        assert_eq!(
            response.body.access_token_logon_result,
            LogonOutcome::Refused("Blocked".to_owned())
        );
    }

    #[test]
    fn the_extra_derive_is_there() {
        fn is_eq<T: Eq>() {}
        is_eq::<twinfield::AccessTokenLogonResponse>();
        is_eq::<twinfield::Headers>();
    }

    #[test]
    fn both_protocols_are_included() {
        let request = digioffice::ConvertSessionToToken {
            preserve_session: true,
        };
        assert_eq!(
            svcgen_runtime::serde_json::to_string(&request).unwrap(),
            r#"{"PreserveSession":true}"#
        );
        assert_eq!(
            twinfield::operations::ACCESS_TOKEN_LOGON
                .soap11
                .map(|binding| binding.action),
            Some("http://www.twinfield.com/AccessTokenLogon")
        );
    }
}
