//! Where the program went: per host and port, the upstream connections the proxy made, the
//! requests it sent there, and the bytes each way on those connections (TLS included, as they
//! crossed the wire). The run's end logs one `vault.egress` per host from it, so an operator
//! sees every place an agent went, whether or not a secret went with it.

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::{Connected, Connection};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::audit::Egress;

/// What one host (and port) was sent and gave back.
#[derive(Debug, Default)]
pub struct Counts {
    connections: AtomicU64,
    requests: AtomicU64,
    bytes_out: AtomicU64,
    bytes_in: AtomicU64,
}

/// The counts of one host, read once the run is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub host: String,
    pub counts: Egress,
}

#[derive(Debug, Default)]
pub struct Traffic {
    hosts: Mutex<BTreeMap<(String, u16), Arc<Counts>>>,
}

impl Traffic {
    /// The counts of `host:port`, made the first time it is named.
    pub fn of(&self, host: &str, port: u16) -> Arc<Counts> {
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(hosts.entry((host.to_owned(), port)).or_default())
    }

    /// A request sent to `host:port`.
    pub fn request(&self, host: &str, port: u16) {
        self.of(host, port).requests.fetch_add(1, Ordering::Relaxed);
    }

    /// `tcp`, a connection just made to `host:port`, counted from now on.
    pub fn connected(&self, host: &str, port: u16, tcp: TcpStream) -> Counted {
        let counts = self.of(host, port);
        counts.connections.fetch_add(1, Ordering::Relaxed);
        Counted { inner: tcp, counts }
    }

    /// Every host something was counted for, in the order of their names.
    pub fn tallies(&self) -> Vec<Tally> {
        let hosts = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .iter()
            .map(|((host, port), counts)| Tally {
                host: host.clone(),
                counts: Egress {
                    port: *port,
                    connections: counts.connections.load(Ordering::Relaxed),
                    requests: counts.requests.load(Ordering::Relaxed),
                    bytes_out: counts.bytes_out.load(Ordering::Relaxed),
                    bytes_in: counts.bytes_in.load(Ordering::Relaxed),
                },
            })
            .filter(|tally| tally.counts.connections > 0 || tally.counts.requests > 0)
            .collect()
    }
}

/// An upstream connection that counts the bytes through it.
pub struct Counted {
    inner: TcpStream,
    counts: Arc<Counts>,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let read = buf.filled().len() - before;
        self.counts
            .bytes_in
            .fetch_add(read as u64, Ordering::Relaxed);
        polled
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(written)) = polled {
            self.counts
                .bytes_out
                .fetch_add(written as u64, Ordering::Relaxed);
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(written)) = polled {
            self.counts
                .bytes_out
                .fetch_add(written as u64, Ordering::Relaxed);
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Connection for Counted {
    fn connected(&self) -> Connected {
        self.inner.connected()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn counts_connections_requests_and_bytes_per_host_and_leaves_out_hosts_never_used() {
        let traffic = Traffic::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let echo = tokio::spawn(async move {
                let (mut tcp, _) = listener.accept().await.unwrap();
                let mut got = [0u8; 5];
                tcp.read_exact(&mut got).await.unwrap();
                tcp.write_all(b"hi").await.unwrap();
            });
            let tcp = TcpStream::connect(address).await.unwrap();
            let mut counted = traffic.connected("a.test", 443, tcp);
            counted.write_all(b"hello").await.unwrap();
            let mut back = Vec::new();
            counted.read_to_end(&mut back).await.unwrap();
            echo.await.unwrap();
        });
        traffic.request("a.test", 443);
        traffic.request("a.test", 443);
        traffic.of("never.test", 443);
        assert_eq!(
            traffic.tallies(),
            vec![Tally {
                host: "a.test".into(),
                counts: Egress {
                    port: 443,
                    connections: 1,
                    requests: 2,
                    bytes_out: 5,
                    bytes_in: 2,
                },
            }]
        );
    }
}
