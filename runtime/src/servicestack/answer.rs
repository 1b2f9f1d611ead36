//! What a 2xx answer becomes: the response DTO, raw text, raw bytes or nothing, as the
//! operation's [`ResponseBody`] says (ServiceStack's own clients decide the same way from
//! the response type); and [`Download`], an answer left unread for streaming.

use serde::Deserialize as _;
use serde::de::value::{BytesDeserializer, Error as ValueError, StrDeserializer};

use super::{Error, Format, Request};

/// How an operation answers on success.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseBody {
    /// A response DTO in the client's format.
    #[default]
    Dto,
    /// Nothing worth reading (`IReturnVoid`): any 2xx body (`{}`, empty, 204) is ignored.
    Empty,
    /// Raw text (`IReturn<string>`), whatever the content type says.
    Text,
    /// Raw bytes (`IReturn<byte[]>`, `IReturn<Stream>`).
    Bytes,
}

/// Decodes a 2xx answer of `R`.
pub(super) fn decode<R: Request>(
    status: u16,
    body: &[u8],
    format: Format,
) -> Result<R::Response, Error> {
    let failed = |message: String| Error::Decode {
        status,
        type_name: std::any::type_name::<R::Response>(),
        message,
    };
    match R::RESPONSE_BODY {
        ResponseBody::Empty => R::Response::deserialize(serde_json::Value::Null)
            .map_err(|error| failed(error.to_string())),
        ResponseBody::Text => {
            let text = std::str::from_utf8(body).map_err(|error| failed(error.to_string()))?;
            R::Response::deserialize(StrDeserializer::<ValueError>::new(text))
                .map_err(|error| failed(error.to_string()))
        }
        ResponseBody::Bytes => R::Response::deserialize(BytesDeserializer::<ValueError>::new(body))
            .map_err(|error| failed(error.to_string())),
        ResponseBody::Dto => dto(body, format).map_err(failed),
    }
}

/// The answer as a DTO. An empty body (`204 No Content`) reads as JSON `null`, which is
/// `()` or `None`.
fn dto<T: serde::de::DeserializeOwned>(body: &[u8], format: Format) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|_| "the answer is empty".to_owned());
    }
    match format {
        Format::Json => serde_json::from_slice(body).map_err(|error| error.to_string()),
        Format::Xml => crate::datacontract::from_slice(body).map_err(|error| error.to_string()),
    }
}

/// A successful answer whose body has not been read: read it in chunks, with no size
/// limit, e.g. to write a large `byte[]`/`Stream` answer to a file.
pub struct Download {
    response: reqwest::Response,
}

impl Download {
    pub(super) fn new(response: reqwest::Response) -> Self {
        Self { response }
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The answer's headers (`Content-Type`, `Content-Disposition`, `Content-Length`…).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The next piece of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        self.response
            .chunk()
            .await
            .map_err(|error| Error::Transport(error.without_url()))
    }

    /// The underlying response, e.g. for `bytes_stream()` with reqwest's `stream` feature.
    pub fn into_inner(self) -> reqwest::Response {
        self.response
    }
}

/// The status and the content type only: the URL may carry request members and the
/// headers the host's cookies.
impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status())
            .field(
                "content_type",
                &self.headers().get(reqwest::header::CONTENT_TYPE),
            )
            .finish_non_exhaustive()
    }
}
