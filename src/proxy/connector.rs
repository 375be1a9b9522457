//! How the proxy reaches the upstreams: names resolved here and every address they resolve
//! to checked (`address`), then a connection to an address that was checked, then TLS with the
//! certificate verified against the system's roots (and `--upstream-ca`), speaking HTTP/2 when
//! the upstream offers it. Connections are kept alive and reused across the program's requests.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin as Boxed;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use http::Uri;
use http_body_util::combinators::BoxBody;
use hyper::body::Bytes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio::net::TcpStream;

use super::address;
use super::egress::Egress;
use super::roots::Upstreams;
use super::traffic::{Counted, Traffic};
use crate::hosts::{Pin, Scheme};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub type Body = BoxBody<Bytes, BoxError>;
pub type Client = legacy::Client<HttpsConnector<Guarded>, Body>;

/// An upstream the proxy will not connect to.
#[derive(Debug)]
pub struct Refused {
    pub host: String,
    pub why: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {}, which the proxy reaches only when a secret is pinned to that very host (`vault secret set NAME --host {}`)",
            self.host, self.why, self.host
        )
    }
}

impl std::error::Error for Refused {}

/// What the proxy may connect to: the hosts of the run's egress, and of those the loopback,
/// private and link-local ones only when a pin names them.
#[derive(Debug)]
pub struct Reach {
    pub pins: Vec<Pin>,
    pub egress: Egress,
}

/// The upstream clients: one pooled, HTTP/1.1 or HTTP/2 as the upstream's ALPN says, and one
/// that offers HTTP/1.1 alone, for upgrades (a WebSocket's `Upgrade` means nothing over an
/// HTTP/2 connection, and a pooled one would swallow it).
pub fn clients(
    reach: Arc<Reach>,
    traffic: Arc<Traffic>,
    upstreams: Upstreams,
) -> Result<(Client, Client)> {
    let tls = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(upstreams))
        .with_no_client_auth();
    let guarded = Guarded { reach, traffic };
    let any = HttpsConnectorBuilder::new()
        .with_tls_config(tls.clone())
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(guarded.clone());
    let http1 = HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(guarded);
    let build = |connector| {
        legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector)
    };
    Ok((build(any), build(http1)))
}

/// The certificates of a PEM file given with `--upstream-ca`.
pub fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|err| {
            anyhow!(
                "cannot read certificates from --upstream-ca {}: {err}; give a PEM file of CA certificates",
                path.display()
            )
        })?;
    if certs.is_empty() {
        bail!(
            "--upstream-ca {} holds no certificate; give a PEM file of CA certificates",
            path.display()
        );
    }
    Ok(certs)
}

/// Checks `host` against the run's egress, resolves it and checks every address it resolves
/// to: one the proxy does not reach on its own refuses the lot, unless a pin names the host
/// exactly (for one of `schemes`).
pub async fn resolve(
    reach: &Reach,
    schemes: &[Scheme],
    host: &str,
    port: u16,
) -> Result<Vec<SocketAddr>, BoxError> {
    if let Err(outside) = reach.egress.check(schemes, host, port) {
        return Err(Box::new(outside));
    }
    let pins = &reach.pins;
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|err| format!("cannot resolve {host}: {err}"))?
        .collect();
    let explicit = pins.iter().any(|pin| {
        schemes
            .iter()
            .any(|scheme| pin.names_exactly(*scheme, host, port))
    });
    if !explicit && let Some(why) = addresses.iter().find_map(|a| address::refused(a.ip())) {
        return Err(Box::new(Refused {
            host: host.to_owned(),
            why: why.to_owned(),
        }));
    }
    if addresses.is_empty() {
        return Err(format!("{host} resolves to no address").into());
    }
    Ok(addresses)
}

/// The connector under TLS: resolves, checks, connects to a checked address, and counts
/// what goes through the connection.
#[derive(Clone)]
pub struct Guarded {
    reach: Arc<Reach>,
    traffic: Arc<Traffic>,
}

impl tower_service::Service<Uri> for Guarded {
    type Response = TokioIo<Counted>;
    type Error = BoxError;
    type Future = Boxed<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let reach = self.reach.clone();
        let traffic = self.traffic.clone();
        Box::pin(async move {
            let scheme = match uri.scheme_str() {
                Some("http") => Scheme::Http,
                _ => Scheme::Https,
            };
            let host = uri
                .host()
                .ok_or("a request without a host")?
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned();
            let port = uri.port_u16().unwrap_or(scheme.default_port());
            let mut last = None;
            for address in resolve(&reach, &[scheme], &host, port).await? {
                match TcpStream::connect(address).await {
                    Ok(tcp) => {
                        let _ = tcp.set_nodelay(true);
                        return Ok(TokioIo::new(traffic.connected(&host, port, tcp)));
                    }
                    Err(err) => last = Some(err),
                }
            }
            Err(match last {
                Some(err) => format!("cannot connect to {host}:{port}: {err}").into(),
                None => format!("cannot connect to {host}:{port}").into(),
            })
        })
    }
}
