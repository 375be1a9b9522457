//! The program's side: connections to the proxy on loopback. Each speaks HTTP/1.1 to the
//! proxy: `CONNECT host:port` opens a tunnel (any port), in which the program speaks TLS to a
//! certificate of the run's CA (then HTTP/1.1 or HTTP/2), or plain HTTP, or anything else,
//! which is passed on untouched; an absolute `http://` request is served as it is. Every
//! request must carry the run's proxy credentials: other users' processes on this machine can
//! reach a loopback port too.

use std::convert::Infallible;
use std::io;
use std::net::Ipv4Addr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use nix::sys::socket::{getsockopt, sockopt::OriginalDst};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio_rustls::TlsAcceptor;

use super::connector::{self, Body};
use super::egress::Outside;
use super::forward::{self, refusal};
use super::names::Names;
use super::{Origin, Shared};
use crate::hosts::Scheme;

pub async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| front(request, shared.clone()));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades()
                .await;
        });
    }
}

/// A request to the proxy itself.
async fn front(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Body>, Infallible> {
    let authorized = request
        .headers()
        .get(header::PROXY_AUTHORIZATION)
        .is_some_and(|given| given.as_bytes() == shared.credentials.as_bytes());
    if !authorized {
        let mut response = refusal(
            StatusCode::PROXY_AUTHENTICATION_REQUIRED,
            "this proxy serves only the program `vault exec --proxy` runs (its HTTPS_PROXY holds the credentials)",
        );
        response.headers_mut().insert(
            header::PROXY_AUTHENTICATE,
            header::HeaderValue::from_static("Basic realm=\"vault\""),
        );
        return Ok(response);
    }
    if request.method() == Method::CONNECT {
        return Ok(tunnel(request, shared).await);
    }
    let uri = request.uri();
    match (uri.scheme_str(), uri.host()) {
        (Some("http"), Some(host)) => {
            let origin = Arc::new(Origin {
                scheme: Scheme::Http,
                host: bare(host),
                port: uri.port_u16().unwrap_or(80),
            });
            forward::handle(request, origin, shared).await
        }
        _ => Ok(forward::not_a_proxy_request(request.method())),
    }
}

/// Answers a CONNECT, then serves what comes through the tunnel.
async fn tunnel(request: Request<Incoming>, shared: Arc<Shared>) -> Response<Body> {
    let Some(authority) = request.uri().authority().cloned() else {
        return refusal(StatusCode::BAD_REQUEST, "CONNECT needs host:port");
    };
    let host = bare(authority.host());
    let Some(port) = authority.port_u16() else {
        return refusal(StatusCode::BAD_REQUEST, "CONNECT needs host:port");
    };
    // Refused addresses are refused now, with a reason the program shows, rather than after
    // the handshake. Which scheme the tunnel carries is not known yet: a pin for either lets
    // the host through here, and the connector checks again for the one used.
    let addresses = match tunnel_to(&shared, &host, port).await {
        Ok(addresses) => addresses,
        Err(err) => {
            let status = if err.is::<connector::Refused>() || err.is::<Outside>() {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::BAD_GATEWAY
            };
            return refusal(status, &err.to_string());
        }
    };
    tokio::spawn(async move {
        let Ok(upgraded) = hyper::upgrade::on(request).await else {
            return;
        };
        carry(TokioIo::new(upgraded), host, port, &addresses, shared).await;
    });
    Response::new(
        http_body_util::Empty::new()
            .map_err(|never| match never {})
            .boxed(),
    )
}

use http_body_util::BodyExt;

/// What comes through a tunnel to `host:port` (a CONNECT, or a connection the sandbox routed
/// here): TLS to a certificate of the run's CA, plain HTTP, or anything else, passed on as it
/// is to `addresses`, which were checked for `host`.
async fn carry<S>(
    mut io: S,
    host: String,
    port: u16,
    addresses: &[std::net::SocketAddr],
    shared: Arc<Shared>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut first = vec![0u8; 8];
    let Ok(read) = io.read(&mut first).await else {
        return;
    };
    first.truncate(read);
    let stream = Prefixed {
        prefix: first.clone(),
        inner: io,
    };
    let origin = |scheme| {
        Arc::new(Origin {
            scheme,
            host: host.clone(),
            port,
        })
    };
    match first.first() {
        // A TLS handshake.
        Some(0x16) => {
            let origin = origin(Scheme::Https);
            let Ok(config) = shared.authority.server_for(&host) else {
                return;
            };
            let Ok(tls) = TlsAcceptor::from(config).accept(stream).await else {
                return;
            };
            let service =
                service_fn(move |request| forward::handle(request, origin.clone(), shared.clone()));
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection_with_upgrades(TokioIo::new(tls), service)
                .await;
        }
        // Plain HTTP: a method's capital letters.
        Some(b'A'..=b'Z') => {
            let origin = origin(Scheme::Http);
            let service =
                service_fn(move |request| forward::handle(request, origin.clone(), shared.clone()));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        }
        // Anything else carries no request to swap anything in: it goes on as it is.
        _ => pass_through(stream, &host, port, addresses, &shared).await,
    }
}

/// Connections the sandbox routed here, from programs that ignore the proxy variables: each
/// was made to an address the sandbox's name server gave out, and is taken as a `CONNECT` to
/// the name it was given for. No proxy credentials are asked: only the sandbox's own network
/// namespace, where this listener lives, can reach it.
pub async fn serve_routed(listener: TcpListener, names: Arc<Names>, shared: Arc<Shared>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let (names, shared) = (names.clone(), shared.clone());
        tokio::spawn(async move {
            // Where the program meant to go, as the sandbox's redirection kept it.
            let Ok(meant) = getsockopt(&tcp, OriginalDst) else {
                return;
            };
            let address = Ipv4Addr::from(u32::from_be(meant.sin_addr.s_addr));
            let port = u16::from_be(meant.sin_port);
            // An address nobody was given is a guess at the pool: it leads nowhere.
            let Some(host) = names.name_of(address) else {
                return;
            };
            // A refused or unknown host closes the connection: there is no proxy answer a
            // program that did not ask a proxy would read.
            let Ok(addresses) = tunnel_to(&shared, &host, port).await else {
                return;
            };
            carry(tcp, host, port, &addresses, shared).await;
        });
    }
}

/// The checked addresses of a tunnel to `host:port`, over either scheme (which one it carries
/// is not known yet), a host outside the egress logged as such.
async fn tunnel_to(
    shared: &Shared,
    host: &str,
    port: u16,
) -> Result<Vec<std::net::SocketAddr>, connector::BoxError> {
    let schemes = [Scheme::Https, Scheme::Http];
    let resolved = connector::resolve(&shared.reach, &schemes, host, port).await;
    if let Err(err) = &resolved
        && let Some(outside) = err.downcast_ref::<Outside>()
    {
        // The refusal stands whether or not the log takes it.
        let _ = shared.egress_denied(outside).await;
    }
    resolved
}

/// The sandbox's name server (see `names`), on the UDP socket the sandbox made for it.
pub async fn serve_names(socket: UdpSocket, names: Arc<Names>) {
    let mut query = vec![0u8; 4096];
    loop {
        let Ok((read, from)) = socket.recv_from(&mut query).await else {
            continue;
        };
        if let Some(reply) = names.answer(&query[..read]) {
            let _ = socket.send_to(&reply, from).await;
        }
    }
}

async fn pass_through<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    host: &str,
    port: u16,
    addresses: &[std::net::SocketAddr],
    shared: &Shared,
) {
    for address in addresses {
        if let Ok(upstream) = TcpStream::connect(address).await {
            let mut upstream = shared.traffic.connected(host, port, upstream);
            let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            return;
        }
    }
}

/// A host as the URI gives it, IPv6 without its brackets.
fn bare(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// A stream whose first bytes were read to see what it speaks, and are given back first.
struct Prefixed<S> {
    prefix: Vec<u8>,
    inner: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for Prefixed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.prefix.is_empty() {
            let take = self.prefix.len().min(buf.remaining());
            buf.put_slice(&self.prefix[..take]);
            self.prefix.drain(..take);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Prefixed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
