//! Request and response bodies as streams of bytes, never collected: an upload's body read
//! as an [`AsyncRead`] by the use case, and a stored file's reader sent as a response body.
//!
//! Not here: what is read or sent (the handlers), limits and hashing (the application).

use axum::body::{Body, BodyDataStream, Bytes};
use futures_core::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, ReadBuf};

/// Bytes sent per response chunk.
const CHUNK: usize = 64 * 1024;

/// A request body (or one part of a multipart body) as a reader. It holds at most the one
/// frame the connection last gave.
pub struct BodyReader<S = BodyDataStream> {
    stream: S,
    current: Bytes,
}

impl BodyReader {
    pub fn new(body: Body) -> BodyReader {
        BodyReader::from_stream(body.into_data_stream())
    }

    /// One file of a multipart form, as it arrives.
    pub fn from_field(
        field: axum::extract::multipart::Field<'_>,
    ) -> BodyReader<Pin<Box<axum::extract::multipart::Field<'_>>>> {
        BodyReader::from_stream(Box::pin(field))
    }
}

impl<S> BodyReader<S> {
    pub fn from_stream(stream: S) -> BodyReader<S> {
        BodyReader {
            stream,
            current: Bytes::new(),
        }
    }
}

impl<S, E> AsyncRead for BodyReader<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::error::Error + Send + Sync + 'static,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.current.is_empty() {
            match ready!(Pin::new(&mut this.stream).poll_next(cx)) {
                Some(Ok(frame)) => this.current = frame,
                // A connection that closes before its Content-Length arrives ends here.
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e))),
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = this.current.len().min(buf.remaining());
        buf.put_slice(&this.current.split_to(n));
        Poll::Ready(Ok(()))
    }
}

/// A reader as a response body. An error of the reader ends the response short, and the
/// server then closes the connection: a client sees fewer bytes than announced.
pub fn reader_body<R: AsyncRead + Unpin + Send + 'static>(reader: R) -> Body {
    Body::from_stream(ReaderStream {
        reader: Some(reader),
    })
}

struct ReaderStream<R> {
    /// `None` once ended or failed.
    reader: Option<R>,
}

impl<R: AsyncRead + Unpin> Stream for ReaderStream<R> {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(reader) = this.reader.as_mut() else {
            return Poll::Ready(None);
        };
        let mut chunk = vec![0u8; CHUNK];
        let mut buf = ReadBuf::new(&mut chunk);
        match ready!(Pin::new(reader).poll_read(cx, &mut buf)) {
            Ok(()) if buf.filled().is_empty() => {
                this.reader = None;
                Poll::Ready(None)
            }
            Ok(()) => {
                let n = buf.filled().len();
                chunk.truncate(n);
                Poll::Ready(Some(Ok(Bytes::from(chunk))))
            }
            Err(e) => {
                this.reader = None;
                tracing::error!(error = %e, "response body ended by a read error");
                Poll::Ready(Some(Err(e)))
            }
        }
    }
}
