//! File uploads (cargo feature `multipart`): a request DTO sent as `multipart/form-data`,
//! its members as form fields and any number of files, as the C# client's
//! `PostFilesWithRequest` does. Files from a path or a reader are streamed, never read
//! into memory whole.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use reqwest::multipart::{Form, Part};

use super::client::{Exchange, Payload, form_fields, invalid_request, members_of};
use super::{Client, Error, Method, Request, answer, route};

/// One file of an upload: the form field it goes in (for ServiceStack's managed uploads,
/// the name of the `[UploadTo]` property it fills), its file name, content type and bytes.
pub struct UploadFile {
    field_name: String,
    file_name: String,
    content_type: Option<String>,
    source: Source,
}

enum Source {
    Bytes(bytes::Bytes),
    /// Opened for each attempt, so the upload can be repeated after a token refresh.
    Path(PathBuf),
    /// Sent once: a retry after a token refresh fails instead of sending it again.
    Stream(Mutex<Option<reqwest::Body>>),
}

impl UploadFile {
    /// A file held in memory.
    pub fn from_bytes(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        bytes: impl Into<bytes::Bytes>,
    ) -> Self {
        Self::new(field_name, file_name.into(), Source::Bytes(bytes.into()))
    }

    /// A file on disk, streamed when the request is sent; its name is the path's last
    /// component.
    pub fn from_path(field_name: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::new(field_name, file_name, Source::Path(path))
    }

    /// A file read from `reader` while the request is sent.
    pub fn from_reader(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + Sync + 'static,
    ) -> Self {
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader));
        Self::new(
            field_name,
            file_name.into(),
            Source::Stream(Mutex::new(Some(body))),
        )
    }

    fn new(field_name: impl Into<String>, file_name: String, source: Source) -> Self {
        Self {
            field_name: field_name.into(),
            file_name,
            content_type: None,
            source,
        }
    }

    /// The part's `Content-Type` (by default guessed from the file name's extension, else
    /// `application/octet-stream`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    async fn part(&self) -> Result<Part, Error> {
        let part = match &self.source {
            Source::Bytes(bytes) => Part::stream_with_length(bytes.clone(), bytes.len() as u64),
            Source::Path(path) => Part::file(path).await.map_err(|error| {
                Error::InvalidRequest(format!("cannot read {}: {error}", path.display()))
            })?,
            Source::Stream(body) => {
                let body = body.lock().unwrap_or_else(PoisonError::into_inner).take();
                let body = body.ok_or_else(|| {
                    Error::InvalidRequest(format!(
                        "the file `{}` comes from a reader and was sent already",
                        self.file_name
                    ))
                })?;
                Part::stream(body)
            }
        };
        let content_type = self.content_type.clone().unwrap_or_else(|| {
            mime_guess::from_path(&self.file_name)
                .first_or_octet_stream()
                .to_string()
        });
        part.file_name(self.file_name.clone())
            .mime_str(&content_type)
            .map_err(|_| Error::InvalidRequest(format!("`{content_type}` is not a media type")))
    }
}

/// Names, not contents.
impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("field_name", &self.field_name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

/// The form of one attempt: the DTO's members, then the files.
pub(super) async fn form(fields: &[(String, String)], files: &[UploadFile]) -> Result<Form, Error> {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.clone(), value.clone());
    }
    for file in files {
        form = form.part(file.field_name.clone(), file.part().await?);
    }
    Ok(form)
}

impl Client {
    /// Calls the operation `R` with files: the request's members as form fields (in JSV
    /// notation, as in query strings) and each file as a part of a `multipart/form-data`
    /// body, sent to the request's route with its method (POST if it takes no body).
    pub async fn send_with_files<R: Request>(
        &self,
        request: &R,
        files: &[UploadFile],
    ) -> Result<R::Response, Error> {
        let method = if R::METHOD.has_body() {
            R::METHOD
        } else {
            Method::Post
        };
        let members = members_of(request, self.json_style::<R>())
            .map_err(|error| invalid_request::<R>(&error))?;
        let path = match route::select(R::ROUTES, method, &members) {
            Some(chosen) => chosen.path,
            None => self.family::<R>().path(R::OPERATION),
        };
        let exchange = Exchange {
            operation: R::OPERATION,
            method,
            url: self.url(path)?,
            payload: Payload::Form {
                fields: form_fields(&members, &[]),
                files,
            },
            media_type: self.format.media_type(),
            family: self.family::<R>(),
        };
        let (status, answer) = self.exchange(&exchange).await?;
        answer::decode::<R>(status, &answer, self.format)
    }
}
