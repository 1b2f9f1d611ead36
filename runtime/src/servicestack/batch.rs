//! Batches and one-way calls, as ServiceStack's C# clients send them: `send_all` posts a
//! JSON array to the operation's auto-batch route (`…/{Operation}[]`) and reads the answers
//! in order; `publish` and `publish_all` send without reading an answer (`/json/oneway/`
//! on hosts of that route family, which hands them to a message queue if it has one).

use super::client::{Exchange, JSON, Payload, invalid_request};
use super::{Client, Error, Method, PredefinedRoute, Request, ResponseBody};
use crate::value::JsonStyle;

impl Client {
    /// Calls the operation `R` once per request in one HTTP request (ServiceStack's
    /// auto-batching) and returns the answers in the order of the requests. An empty slice
    /// sends nothing. Batches are JSON whatever the client's format. On an error the host
    /// stops at the failing request; its `ResponseStatus.Meta["AutoBatchIndex"]` says which.
    pub async fn send_all<R: Request>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let exchange = self.batch(requests, self.batch_family::<R>())?;
        let (status, answer) = self.exchange(&exchange).await?;
        let decoded = if R::RESPONSE_BODY == ResponseBody::Empty {
            // Void operations: one `()` per request, whatever the host answered.
            requests
                .iter()
                .map(|_| serde_json::from_value(serde_json::Value::Null))
                .collect()
        } else {
            serde_json::from_slice(&answer)
        };
        decoded.map_err(|error| Error::Decode {
            status,
            type_name: std::any::type_name::<Vec<R::Response>>(),
            message: error.to_string(),
        })
    }

    /// Sends `request` one-way: POSTed to `/json/oneway/{Operation}` (or, on `/api` hosts,
    /// which have no one-way route, to `/api/{Operation}`); the answer is not read beyond
    /// its status. Errors (non-2xx) are still reported.
    pub async fn publish<R: Request>(&self, request: &R) -> Result<(), Error> {
        let style = self.json_style::<R>();
        let body = style
            .write(|| serde_json::to_vec(request))
            .map_err(|error| invalid_request::<R>(&error))?;
        let family = self.family::<R>();
        let exchange = Exchange {
            operation: R::OPERATION,
            method: Method::Post,
            url: self.url(family.one_way_path(R::OPERATION))?,
            payload: Payload::Body(body),
            media_type: JSON,
            family,
        };
        self.exchange(&exchange).await.map(drop)
    }

    /// Sends every request one-way in one HTTP request (`…/oneway/{Operation}[]`). An empty
    /// slice sends nothing.
    pub async fn publish_all<R: Request>(&self, requests: &[R]) -> Result<(), Error> {
        if requests.is_empty() {
            return Ok(());
        }
        let family = self.family::<R>();
        let mut exchange = self.batch(requests, family)?;
        exchange.url = self.url(format!("{}[]", family.one_way_path(R::OPERATION)))?;
        self.exchange(&exchange).await.map(drop)
    }

    /// `/api` hosts have an auto-batch route only for operations that take a body and
    /// answer a DTO; the others are batched through `/json/reply`, which every host has.
    fn batch_family<R: Request>(&self) -> PredefinedRoute {
        let family = self.family::<R>();
        let api_has_batch = R::METHOD.has_body()
            && matches!(R::RESPONSE_BODY, ResponseBody::Dto | ResponseBody::Text);
        if family == PredefinedRoute::Api && !api_has_batch {
            return PredefinedRoute::JsonReply;
        }
        family
    }

    /// `POST {family}/{Operation}[]` with the requests as a JSON array.
    fn batch<R: Request>(
        &self,
        requests: &[R],
        family: PredefinedRoute,
    ) -> Result<Exchange<'static>, Error> {
        let style: JsonStyle = self.json_style::<R>();
        let body = style
            .write(|| serde_json::to_vec(requests))
            .map_err(|error| invalid_request::<R>(&error))?;
        Ok(Exchange {
            operation: R::OPERATION,
            method: Method::Post,
            url: self.url(format!("{}[]", family.path(R::OPERATION)))?,
            payload: Payload::Body(body),
            media_type: JSON,
            family,
        })
    }
}
