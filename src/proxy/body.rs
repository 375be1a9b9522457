//! Bodies rewritten as they stream, in either direction, without being gathered first: what
//! can still grow into a form is held back (a few dozen bytes), the rest goes on at once. The
//! length never changes (see `swap`), so `Content-Length` stays true and chunked bodies stay
//! chunked.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, ready};

use http::HeaderMap;
use hyper::body::{Body, Bytes, Frame, SizeHint};
use tokio::sync::oneshot;

use super::Shared;
use super::connector::BoxError;
use super::recorder::Written;
use super::swap::{Streaming, Swapped};

/// A request body carried a secret's placeholder bound for a host it is not pinned to, under
/// --strict.
#[derive(Debug)]
pub struct Blocked(pub usize);

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a placeholder bound for a host its secret is not pinned to")
    }
}

impl std::error::Error for Blocked {}

/// Makes the events of what a piece of a request's body had swapped in (`vault.injected`) and
/// carried where it was not allowed (`vault.withheld`).
pub type EventsOf = dyn Fn(&Swapped) -> Vec<crate::audit::Event> + Send + Sync;

/// Which way a body goes, and what that way needs.
pub enum Way {
    /// To the upstream: placeholders become values where allowed, and the first value of
    /// each secret waits for its `vault.injected` to be written.
    Out {
        allowed: Vec<bool>,
        logged: Vec<bool>,
        /// Makes the events of the secrets first swapped in or found where not allowed.
        events: Box<EventsOf>,
        /// Under --strict, where the secret that stopped the body is told: an HTTP/2 client
        /// turns a body's error into a bare INTERNAL_ERROR, losing the `Blocked` in it.
        stopped: Arc<OnceLock<usize>>,
    },
    /// To the upstream, before `Out`: the real values of the run's secrets, wherever the
    /// program got them, become their placeholders, each logged as `vault.leak_stopped`.
    TakeBack {
        logged: Vec<bool>,
        events: Box<EventsOf>,
    },
    /// Back to the program: values become placeholders.
    Back,
}

pub struct Rewritten<B> {
    inner: B,
    shared: Arc<Shared>,
    way: Way,
    stream: Streaming,
    /// Bytes ready to go once the log has their events.
    waiting: Option<(oneshot::Receiver<Written>, Bytes)>,
    trailers: Option<HeaderMap>,
    ended: bool,
    /// Under --strict, the secret whose placeholder stopped the request: the rest of the body
    /// is read and dropped, so that the program, still sending it, reads the refusal rather
    /// than a connection reset, and then the request fails, the upstream never having had it
    /// whole.
    stopped: Option<usize>,
}

impl<B> Rewritten<B> {
    pub fn new(inner: B, shared: Arc<Shared>, way: Way) -> Self {
        let stream = match way {
            Way::Out { .. } => shared.outward.stream(),
            Way::TakeBack { .. } | Way::Back => shared.inward.stream(),
        };
        Self {
            inner,
            shared,
            way,
            stream,
            waiting: None,
            trailers: None,
            ended: false,
            stopped: None,
        }
    }

    /// Rewrites a piece (or, with `last`, what is held), and holds it back until its events
    /// are written if it swapped a value in for the first time.
    fn rewrite(&mut self, bytes: &[u8], last: bool) -> Result<Option<Bytes>, BoxError> {
        let swap = match self.way {
            Way::Out { .. } => &self.shared.outward,
            Way::TakeBack { .. } | Way::Back => &self.shared.inward,
        };
        let allowed: &[bool] = match &self.way {
            Way::Out { allowed, .. } => allowed,
            Way::TakeBack { .. } | Way::Back => &self.shared.every,
        };
        let (out, mut swapped) = if last {
            self.stream.finish(swap, allowed)
        } else {
            self.stream.push(swap, bytes, allowed)
        };
        if let Some(&secret) = swapped.foreign.first()
            && matches!(self.way, Way::Out { .. })
            && self.shared.strict
        {
            self.stopped = Some(secret);
            if let Way::Out { stopped, .. } = &self.way {
                let _ = stopped.set(secret);
            }
            return Ok(None);
        }
        let out = Bytes::from(out);
        if let Way::Out { logged, events, .. } | Way::TakeBack { logged, events } = &mut self.way {
            swapped.used.retain(|s| !logged[*s]);
            for secret in &swapped.used {
                logged[*secret] = true;
            }
            let events = events(&swapped);
            if !events.is_empty() {
                let answer = self.shared.recorder.record(events);
                self.waiting = Some((answer, out));
                return Ok(None);
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

impl<B> Body for Rewritten<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        loop {
            if let Some(secret) = this.stopped {
                return match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                    Some(Ok(_)) => continue,
                    _ => Poll::Ready(Some(Err(Box::new(Blocked(secret))))),
                };
            }
            if let Some((answer, _)) = &mut this.waiting {
                let written = ready!(Pin::new(answer).poll(cx));
                let (_, bytes) = this.waiting.take().expect("waiting");
                match written {
                    Ok(Ok(())) => {
                        if !bytes.is_empty() {
                            return Poll::Ready(Some(Ok(Frame::data(bytes))));
                        }
                    }
                    Ok(Err(err)) => return Poll::Ready(Some(Err(err.into()))),
                    Err(_) => {
                        return Poll::Ready(Some(Err("the audit log's writer stopped".into())));
                    }
                }
            }
            if this.ended {
                return Poll::Ready(this.trailers.take().map(|t| Ok(Frame::trailers(t))));
            }
            match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => {
                        if let Some(out) = this.rewrite(&data, false)? {
                            return Poll::Ready(Some(Ok(Frame::data(out))));
                        }
                    }
                    Err(frame) => {
                        if let Ok(trailers) = frame.into_trailers() {
                            this.trailers = Some(trailers);
                        }
                    }
                },
                Some(Err(err)) => return Poll::Ready(Some(Err(err.into()))),
                None => {
                    let out = this.rewrite(&[], true)?;
                    // Stopped by the last of it: the end must not go.
                    if let Some(secret) = this.stopped {
                        return Poll::Ready(Some(Err(Box::new(Blocked(secret)))));
                    }
                    this.ended = true;
                    if let Some(out) = out {
                        return Poll::Ready(Some(Ok(Frame::data(out))));
                    }
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.ended && self.waiting.is_none() && self.trailers.is_none()
    }

    /// As long as the body it rewrites: what is swapped keeps its length.
    fn size_hint(&self) -> SizeHint {
        let held = self.stream.held() + self.waiting.as_ref().map_or(0, |(_, b)| b.len());
        let inner = self.inner.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(inner.lower() + held as u64);
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper + held as u64);
        }
        hint
    }
}
