//! An upload in signed chunks (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`), signed again as it
//! streams: each chunk `SIZE;chunk-signature=SIG\r\nDATA\r\n` is checked against the chain of
//! signatures the placeholders make from the request's own, and goes on with the chain the
//! real keys make from the request's new one. A signature is 64 hex digits either way, so the
//! body keeps its length, and `Content-Length` holds.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::sign::v4;
use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Frame};

use crate::proxy::connector::{self, BoxError};

/// The largest chunk held to be checked: the SDKs send 64 KiB to 8 MiB.
const CHUNK_MAX: usize = 16 << 20;

const SIGNATURE_FIELD: &[u8] = b";chunk-signature=";

/// The date, region and service every chunk is signed for.
pub struct Scope {
    pub time: SystemTime,
    pub region: String,
    pub service: String,
}

/// Checks each chunk against the placeholders' chain and signs it with the real one.
/// Each side is its keys and the signature its next chunk follows.
pub struct Signer {
    placeholder: (Credentials, String),
    real: (Credentials, String),
    scope: Scope,
}

impl Signer {
    pub fn new(
        placeholder: (Credentials, String),
        real: (Credentials, String),
        scope: Scope,
    ) -> Self {
        Self {
            placeholder,
            real,
            scope,
        }
    }

    /// The signature `keys` make for `data` after `previous`.
    fn sign(&self, keys: &Credentials, previous: &str, data: &Bytes) -> Result<String, BadChunk> {
        let identity = keys.clone().into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.scope.region)
            .name(&self.scope.service)
            .time(self.scope.time)
            .settings(())
            .build()
            .map_err(|err| BadChunk(format!("a chunk cannot be signed: {err}")))?;
        v4::sign_chunk(data, previous, &params)
            .map(|output| output.signature().to_owned())
            .map_err(|err| BadChunk(format!("a chunk cannot be signed: {err}")))
    }
}

/// Why an upload in signed chunks was cut off.
#[derive(Debug)]
pub struct BadChunk(pub String);

impl fmt::Display for BadChunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadChunk {}

/// A body of signed chunks, signed again.
pub struct Chunks {
    inner: connector::Body,
    signer: Signer,
    /// What came in and is not yet a whole chunk.
    held: Vec<u8>,
    /// Chunks gone through, for the error that names one.
    count: usize,
    ended: bool,
}

impl Chunks {
    pub fn new(inner: connector::Body, signer: Signer) -> Self {
        Self {
            inner,
            signer,
            held: Vec::new(),
            count: 0,
            ended: false,
        }
    }

    /// The next whole chunk of `held`, signed again; none until one has all come in.
    fn next_chunk(&mut self) -> Result<Option<Bytes>, BadChunk> {
        let Some(line_end) = self.held.windows(2).position(|w| w == b"\r\n") else {
            if self.held.len() > 4096 {
                return Err(self.bad("has a chunk header longer than 4 KiB"));
            }
            return Ok(None);
        };
        let line = &self.held[..line_end];
        let at = line
            .windows(SIGNATURE_FIELD.len())
            .position(|w| w == SIGNATURE_FIELD)
            .ok_or_else(|| self.bad("has a chunk without a signature"))?;
        let size_text = &line[..at];
        let given = &line[at + SIGNATURE_FIELD.len()..];
        let size = std::str::from_utf8(size_text)
            .ok()
            .and_then(|text| usize::from_str_radix(text, 16).ok())
            .filter(|size| *size <= CHUNK_MAX)
            .ok_or_else(|| self.bad("has a chunk size that is not one, or over 16 MiB"))?;
        let data_start = line_end + 2;
        let whole = data_start + size + 2;
        if self.held.len() < whole {
            return Ok(None);
        }
        if &self.held[whole - 2..whole] != b"\r\n" {
            return Err(self.bad("has a chunk longer than its size says"));
        }
        let given = String::from_utf8_lossy(given).into_owned();
        let data = Bytes::copy_from_slice(&self.held[data_start..data_start + size]);
        let expected = self.signer.sign(
            &self.signer.placeholder.0,
            &self.signer.placeholder.1,
            &data,
        )?;
        if expected != given {
            return Err(self.bad("has a chunk not signed with this run's placeholder keys"));
        }
        let signature = self
            .signer
            .sign(&self.signer.real.0, &self.signer.real.1, &data)?;
        let mut out = Vec::with_capacity(whole);
        out.extend_from_slice(size_text);
        out.extend_from_slice(SIGNATURE_FIELD);
        out.extend_from_slice(signature.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\r\n");
        self.signer.placeholder.1 = given;
        self.signer.real.1 = signature;
        self.held.drain(..whole);
        self.count += 1;
        if size == 0 {
            self.ended = true;
            if !self.held.is_empty() {
                return Err(self.bad("goes on after its last chunk"));
            }
        }
        Ok(Some(Bytes::from(out)))
    }

    fn bad(&self, what: &str) -> BadChunk {
        BadChunk(format!(
            "the upload in signed chunks {what} (chunk {}), so it was cut off",
            self.count + 1
        ))
    }
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        loop {
            if !self.ended {
                match self.next_chunk() {
                    Ok(Some(chunk)) => return Poll::Ready(Some(Ok(Frame::data(chunk)))),
                    Ok(None) => {}
                    Err(bad) => return Poll::Ready(Some(Err(bad.into()))),
                }
            }
            match Pin::new(&mut self.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if self.ended && !data.is_empty() => {
                        return Poll::Ready(Some(Err(self
                            .bad("goes on after its last chunk")
                            .into())));
                    }
                    Ok(data) => self.held.extend_from_slice(&data),
                    Err(frame) => return Poll::Ready(Some(Ok(frame))),
                },
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(None) if self.ended => return Poll::Ready(None),
                Poll::Ready(None) => {
                    return Poll::Ready(Some(Err(self.bad("ended inside a chunk").into())));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.ended && self.held.is_empty() && self.inner.is_end_stream()
    }
}

impl Chunks {
    /// Boxed as the proxy's bodies are.
    pub fn boxed(self) -> connector::Body {
        BodyExt::boxed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;
    use std::time::Duration;

    fn signer() -> Signer {
        let keys = |id: &str, secret: &str| Credentials::new(id, secret, None, None, "test");
        Signer::new(
            (
                keys("AKIAPLACEHOLDER12345", "placeholder-secret"),
                "a".repeat(64),
            ),
            (keys("AKIAREALKEY000000001", "real-secret"), "b".repeat(64)),
            Scope {
                time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_644_800),
                region: "us-east-1".into(),
                service: "s3".into(),
            },
        )
    }

    /// `chunks` framed and signed in a chain from `seed` with `keys`, as a client does.
    fn framed(signer: &Signer, keys: &Credentials, seed: &str, chunks: &[&[u8]]) -> Vec<u8> {
        let mut previous = seed.to_owned();
        let mut body = Vec::new();
        for data in chunks {
            let signature = signer
                .sign(keys, &previous, &Bytes::copy_from_slice(data))
                .unwrap();
            body.extend_from_slice(
                format!("{:x};chunk-signature={signature}\r\n", data.len()).as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
            previous = signature;
        }
        body
    }

    async fn through(body: Vec<u8>) -> Result<Bytes, String> {
        let inner = Full::new(Bytes::from(body))
            .map_err(|never| match never {})
            .boxed();
        Chunks::new(inner, signer())
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .map_err(|err| err.to_string())
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn each_chunk_is_checked_and_signed_again_in_the_real_chain_keeping_the_length() {
        let signer = signer();
        let chunks: [&[u8]; 3] = [b"first chunk", b"second", b""];
        let sent = framed(
            &signer,
            &signer.placeholder.0,
            &signer.placeholder.1,
            &chunks,
        );
        let out = block_on(through(sent.clone())).unwrap();
        assert_eq!(out.len(), sent.len(), "Content-Length holds");
        let real = framed(&signer, &signer.real.0, &signer.real.1, &chunks);
        assert_eq!(out.as_ref(), real.as_slice());
    }

    #[test]
    fn a_chunk_changed_unsigned_cut_short_or_followed_by_more_is_refused() {
        let signer = signer();
        let good = framed(
            &signer,
            &signer.placeholder.0,
            &signer.placeholder.1,
            &[b"data", b""],
        );
        let changed = String::from_utf8(good.clone())
            .unwrap()
            .replace("data", "DATA");
        let err = block_on(through(changed.into_bytes())).unwrap_err();
        assert!(
            err.contains("not signed with this run's placeholder keys"),
            "{err}"
        );
        let err = block_on(through(b"4\r\ndata\r\n0\r\n\r\n".to_vec())).unwrap_err();
        assert!(err.contains("without a signature"), "{err}");
        let err = block_on(through(good[..good.len() - 3].to_vec())).unwrap_err();
        assert!(err.contains("ended inside a chunk"), "{err}");
        let mut more = good.clone();
        more.extend_from_slice(b"extra");
        let err = block_on(through(more)).unwrap_err();
        assert!(err.contains("after its last chunk"), "{err}");
        let huge = format!("ffffffff;chunk-signature={}\r\n", "0".repeat(64));
        let err = block_on(through(huge.into_bytes())).unwrap_err();
        assert!(err.contains("over 16 MiB"), "{err}");
    }
}
