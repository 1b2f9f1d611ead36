//! ServiceStack over HTTP/JSON: the request contract generated DTOs implement, the client
//! that sends them (one call, a batch, one-way, a file upload, credentials), and the error
//! model of ServiceStack hosts.

mod answer;
mod auth;
mod batch;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod error;
mod jsv;
#[cfg(feature = "mock")]
pub mod mock;
mod route;
mod session;
#[cfg(feature = "multipart")]
mod upload;

pub use answer::{Download, ResponseBody};
pub use auth::{Authenticate, AuthenticateResponse};
pub use client::{Client, Format, PredefinedRoute};
pub use error::{Error, ResponseError, ResponseStatus};
pub use route::{Method, Route};
#[cfg(feature = "multipart")]
pub use upload::UploadFile;

pub use crate::value::{JsonDialect, JsonStyle};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A ServiceStack request DTO. Generated code implements this for every operation's
/// request type; [`Client::send`] needs nothing else to call the operation.
pub trait Request: Serialize {
    /// What the operation answers with.
    type Response: DeserializeOwned;
    /// The operation name, which is the request DTO's name on the server (used by the
    /// predefined routes `/json/reply/{Operation}` and `/api/{Operation}`).
    const OPERATION: &'static str;
    /// The HTTP method the operation prefers (ServiceStack's `IVerb` marker, the route's
    /// single verb, or the metadata's `Method`; POST when none says otherwise).
    const METHOD: Method;
    /// The user-defined routes, relative to the base URL, as the metadata lists them.
    const ROUTES: &'static [Route];
    /// Where the request goes when no user route fits, unless the client says otherwise
    /// ([`Client::with_predefined_route`]): `/json/reply/{Operation}` on v5 hosts,
    /// `/api/{Operation}` on later ones.
    const PREDEFINED_ROUTE: PredefinedRoute = PredefinedRoute::JsonReply;
    /// How the host reads JSON: its serializer and key casing (the client may override
    /// the dialect with [`Client::with_json_dialect`]).
    const JSON_STYLE: JsonStyle = JsonStyle::SERVICESTACK_TEXT;
    /// What a successful answer carries: a DTO, text, bytes or nothing.
    const RESPONSE_BODY: ResponseBody = ResponseBody::Dto;
    /// The DataContract namespace of the request and response in XML.
    const XML_NAMESPACE: &'static str = crate::datacontract::SERVICESTACK_NAMESPACE;
    /// The operation requires an authenticated caller (`[Authenticate]`); a mock answers
    /// 401 to a request without credentials.
    const REQUIRES_AUTH: bool = false;
}
