//! The certificates the proxy trusts, kept off the path of a run's start.
//!
//! Reading and parsing the system's roots takes longer than the rest of the proxy's start
//! together (about 4 ms for the 146 of a Debian machine, read once from the bundle file and
//! again from the hashed directory). A program that makes no request must not wait for that,
//! and one that does makes its first request a few milliseconds after it starts. So the
//! program's bundle is the system's bundle file copied as it is (no parsing), and the roots
//! the upstreams are checked against are read on a thread of their own as the run starts; the
//! first handshake with an upstream waits for whatever of that is left.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::connector::read_certificates;

/// The system's bundle file, as OpenSSL would find it: `SSL_CERT_FILE`, or the first of the
/// usual places that exists. `None` when the system keeps its roots in directories only.
///
/// A root that is in a directory and not in the file (`update-ca-certificates` writes both
/// alike) stays out of the program's bundle; clients that read directories find it where they
/// did, since the program keeps `SSL_CERT_DIR`.
fn system_bundle_file() -> Option<PathBuf> {
    std::env::var_os("SSL_CERT_FILE")
        .map(PathBuf::from)
        .or_else(|| openssl_probe::probe().cert_file)
        .filter(|file| file.is_file())
}

/// What the program's CA bundle holds: the system's roots, then the run's CA (`authority`, in
/// PEM). The system's bundle file goes in byte for byte; only without one are the roots read
/// from the system's directories and written out.
pub fn program_bundle(authority: &str) -> Result<Vec<u8>> {
    let mut bundle = match system_bundle_file() {
        Some(file) => std::fs::read(&file)
            .with_context(|| format!("cannot read the system's CA bundle {}", file.display()))?,
        None => {
            let pems: Vec<pem::Pem> = system_roots()
                .iter()
                .map(|cert| pem::Pem::new("CERTIFICATE", cert.to_vec()))
                .collect();
            pem::encode_many_config(&pems, super::authority::LF).into_bytes()
        }
    };
    if !bundle.is_empty() && !bundle.ends_with(b"\n") {
        bundle.push(b'\n');
    }
    bundle.extend_from_slice(authority.as_bytes());
    Ok(bundle)
}

/// The system's root certificates, each once: the bundle file and the hashed directory hold
/// the same ones, and rustls-native-certs reads both.
fn system_roots() -> Vec<CertificateDer<'static>> {
    let mut seen = std::collections::HashSet::new();
    rustls_native_certs::load_native_certs()
        .certs
        .into_iter()
        .filter(|cert| seen.insert(cert.as_ref().to_vec()))
        .collect()
}

/// Checks upstream certificates against the system's roots and `--upstream-ca` exactly as
/// rustls's WebPKI verifier does (it is that verifier), once a thread started with the run
/// has read them.
#[derive(Debug)]
pub struct Upstreams {
    verifier: Arc<OnceLock<Result<Arc<WebPkiServerVerifier>, String>>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl Upstreams {
    /// Starts reading the roots. `upstream_ca` was checked before the run started
    /// (`check_upstream_ca`), so failing now means it changed since.
    pub fn start(upstream_ca: Option<&Path>, provider: &Arc<CryptoProvider>) -> Result<Self> {
        let verifier = Arc::new(OnceLock::new());
        let upstream_ca = upstream_ca.map(Path::to_path_buf);
        let (filled, provider_for_thread) = (Arc::clone(&verifier), Arc::clone(provider));
        crate::process::without_signals(|| {
            std::thread::Builder::new()
                .name("vault-roots".into())
                .spawn(move || {
                    let _ = filled.set(read(upstream_ca.as_deref(), provider_for_thread));
                })
        })
        .context("cannot start the proxy")?;
        Ok(Self {
            verifier,
            algorithms: provider.signature_verification_algorithms,
        })
    }

    fn verifier(&self) -> Result<&Arc<WebPkiServerVerifier>, rustls::Error> {
        self.verifier
            .wait()
            .as_ref()
            .map_err(|why| rustls::Error::General(why.clone()))
    }
}

fn read(
    upstream_ca: Option<&Path>,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, String> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(system_roots());
    if let Some(path) = upstream_ca {
        for cert in read_certificates(path).map_err(|err| err.to_string())? {
            roots.add(cert).map_err(|err| {
                format!(
                    "{} holds a certificate rustls cannot use: {err}",
                    path.display()
                )
            })?;
        }
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|err| format!("cannot check the upstreams' certificates: {err}"))
}

impl ServerCertVerifier for Upstreams {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    // The handshake's signatures depend on the algorithms alone, not on the roots: they are
    // checked without waiting, as WebPkiServerVerifier itself checks them.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_bundle_ends_with_the_runs_ca_on_a_line_of_its_own() {
        let ca = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let bundle = String::from_utf8(program_bundle(ca).unwrap()).unwrap();
        assert!(bundle.ends_with(ca));
        let before = &bundle[..bundle.len() - ca.len()];
        assert!(before.is_empty() || before.ends_with('\n'));
    }
}
