//! The upstream of the proxy benchmark (scripts/bench.py): an HTTPS server on 127.0.0.1 that
//! answers 200 "ok" to a request whose `Authorization` is `Bearer $EXPECTED`, or an AWS
//! signature naming the access key id `$EXPECTED_AWS_ID` (signed again by the proxy; the
//! signature itself is the SigV4 tests' to check), and 401 to any other, fast enough that the
//! proxy in front of it is what is measured.
//!
//!     bench-upstream CA_FILE      (writes its CA's certificate there, prints its port)

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

fn main() {
    let ca_file = std::env::args()
        .nth(1)
        .expect("usage: bench-upstream CA_FILE");
    let expected = format!(
        "Bearer {}",
        std::env::var("EXPECTED").expect("EXPECTED is set")
    );

    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "vault bench upstream CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    leaf.use_authority_key_identifier_extension = true;
    let leaf = leaf.signed_by(&key, &issuer).unwrap();
    let mut tls = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let expected: Arc<str> = expected.into();
    let aws: Arc<str> = match std::env::var("EXPECTED_AWS_ID") {
        Ok(id) => format!("AWS4-HMAC-SHA256 Credential={id}/").into(),
        Err(_) => "".into(),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("{}", listener.local_addr().unwrap().port());
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let _ = tcp.set_nodelay(true);
            let acceptor = acceptor.clone();
            let expected = expected.clone();
            let aws = aws.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = service_fn(move |request: Request<Incoming>| {
                    let good = request.headers().get("authorization").is_some_and(|v| {
                        v.as_bytes() == expected.as_bytes()
                            || (!aws.is_empty() && v.as_bytes().starts_with(aws.as_bytes()))
                    });
                    async move {
                        let mut response = Response::new(Full::new(Bytes::from_static(b"ok\n")));
                        if !good {
                            *response.status_mut() = StatusCode::UNAUTHORIZED;
                        }
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
}
