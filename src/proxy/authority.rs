//! The certificate authority of one `exec --proxy` run: made in memory when the run starts,
//! its private key never written anywhere, gone when the run ends. It signs a certificate for
//! each host the program connects to through the proxy; the program trusts it through a CA
//! bundle (the system's roots and this CA's certificate) named by the usual variables.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, Days, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// PEM as the files in /etc/ssl are written.
pub(super) const LF: pem::EncodeConfig =
    pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);

/// What the program may speak to the proxy inside a tunnel, in order of preference.
const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

pub struct Authority {
    issuer: Issuer<'static, KeyPair>,
    certificate: CertificateDer<'static>,
    /// A TLS configuration per host, made on the first connection to it.
    servers: Mutex<HashMap<String, Arc<ServerConfig>>>,
}

impl Authority {
    pub fn new() -> Result<Self> {
        let key = KeyPair::generate().map_err(|err| anyhow!("cannot make a key: {err}"))?;
        let mut params = CertificateParams::default();
        params.distinguished_name = name(&format!(
            "vault exec --proxy (process {})",
            std::process::id()
        ));
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        validity(&mut params)?;
        let certificate = params
            .self_signed(&key)
            .map_err(|err| anyhow!("cannot make the proxy's certificate authority: {err}"))?;
        Ok(Self {
            issuer: Issuer::new(params, key),
            certificate: certificate.der().clone(),
            servers: Mutex::new(HashMap::new()),
        })
    }

    /// This CA's certificate, PEM.
    pub fn pem(&self) -> String {
        pem::encode_config(&pem::Pem::new("CERTIFICATE", self.certificate.to_vec()), LF)
    }

    /// The TLS configuration that presents a certificate for `host` (a name, or an IP address
    /// without brackets).
    pub fn server_for(&self, host: &str) -> Result<Arc<ServerConfig>> {
        let mut servers = self.servers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(config) = servers.get(host) {
            return Ok(config.clone());
        }
        let key = KeyPair::generate().map_err(|err| anyhow!("cannot make a key: {err}"))?;
        let mut params = CertificateParams::new(vec![host.to_owned()])
            .map_err(|err| anyhow!("cannot make a certificate for {host}: {err}"))?;
        params.distinguished_name = name(host);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        // Strict verifiers (Python 3.13's default) want to see which key signed it.
        params.use_authority_key_identifier_extension = true;
        validity(&mut params)?;
        let leaf = params
            .signed_by(&key, &self.issuer)
            .map_err(|err| anyhow!("cannot make a certificate for {host}: {err}"))?;
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let mut config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone(), self.certificate.clone()], private)
            .context("cannot set up TLS for the program's connections")?;
        config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
        let config = Arc::new(config);
        servers.insert(host.to_owned(), config.clone());
        Ok(config)
    }
}

fn name(common: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common);
    name
}

/// From yesterday (clocks differ) to a month from now: a run may last that long.
fn validity(params: &mut CertificateParams) -> Result<()> {
    let today = Utc::now().date_naive();
    let date = |days: i64| {
        let day = if days < 0 {
            today.checked_sub_days(Days::new(days.unsigned_abs()))
        } else {
            today.checked_add_days(Days::new(days as u64))
        }
        .ok_or_else(|| anyhow!("the clock is out of range"))?;
        Ok::<_, anyhow::Error>(rcgen::date_time_ymd(
            day.year(),
            day.month() as u8,
            day.day() as u8,
        ))
    };
    params.not_before = date(-1)?;
    params.not_after = date(31)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_are_made_once_per_host_and_chain_to_the_authority() {
        let authority = Authority::new().unwrap();
        let one = authority.server_for("api.example.com").unwrap();
        let again = authority.server_for("api.example.com").unwrap();
        assert!(Arc::ptr_eq(&one, &again));
        authority.server_for("127.0.0.1").unwrap();
        authority.server_for("::1").unwrap();
        assert_eq!(one.alpn_protocols[0], b"h2");
    }
}
