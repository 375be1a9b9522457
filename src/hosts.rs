//! The hosts a secret may be sent to by the credential proxy (`secret add --host`): what an
//! operator may write, how it is kept, and which requests it covers.
//!
//! A pin is `HOST`, `HOST:PORT`, `*.DOMAIN` (any name below DOMAIN, not DOMAIN itself), an IP
//! address (`[…]` for IPv6), each optionally after `https://` (the default) or `http://`. A
//! pin covers one scheme and one port: `api.example.com` is HTTPS on 443 and nothing else, so a
//! value pinned for HTTPS never crosses the network in clear unless a pin says `http://`.

use std::fmt;
use std::net::IpAddr;

use anyhow::{Result, bail};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    /// A DNS name, lowercase, or an IP address as text (IPv6 without brackets).
    Exact(String),
    /// `*.suffix`: the suffix, lowercase, without the `*.`.
    Below(String),
}

/// One host a secret may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    scheme: Scheme,
    name: Name,
    port: u16,
}

impl Pin {
    /// Reads a pin as an operator writes it; the error says what a pin looks like.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |why: &str| -> Result<Self> {
            bail!(
                "--host {text:?}: {why}; write a host name (api.example.com), *.example.com, an IP address, each with :PORT for a port other than 443, and http:// before it for plain HTTP"
            )
        };
        let (scheme, rest) = if let Some(rest) = text.strip_prefix("http://") {
            (Scheme::Http, rest)
        } else if let Some(rest) = text.strip_prefix("https://") {
            (Scheme::Https, rest)
        } else {
            (Scheme::Https, text)
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('/') || rest.contains('@') || rest.contains('?') {
            return bad("a pin is a host, not a URL");
        }
        let (host, port) = match split_port(rest) {
            Ok(split) => split,
            Err(why) => return bad(why),
        };
        let port = match port {
            Some(port) => port,
            None => scheme.default_port(),
        };
        let name = if let Some(suffix) = host.strip_prefix("*.") {
            if !is_dns_name(suffix) || !suffix.contains('.') {
                return bad("*. must be followed by a domain with a dot in it");
            }
            Name::Below(suffix.to_ascii_lowercase())
        } else if let Ok(ip) = host.parse::<IpAddr>() {
            Name::Exact(ip.to_string())
        } else if is_dns_name(host) {
            Name::Exact(host.to_ascii_lowercase())
        } else {
            return bad("that is not a host name");
        };
        Ok(Self { scheme, name, port })
    }

    /// Whether a request to `host:port` over `scheme` may carry the secret.
    pub fn covers(&self, scheme: Scheme, host: &str, port: u16) -> bool {
        if self.scheme != scheme || self.port != port {
            return false;
        }
        let host = host.trim_end_matches('.');
        match &self.name {
            Name::Exact(name) => name.eq_ignore_ascii_case(host),
            Name::Below(suffix) => {
                host.len() > suffix.len() + 1
                    && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
                    && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
            }
        }
    }

    /// Whether the pin names this very host (not through `*.`): only such a pin lets the
    /// proxy reach a loopback, private or link-local address.
    pub fn names_exactly(&self, scheme: Scheme, host: &str, port: u16) -> bool {
        matches!(self.name, Name::Exact(_)) && self.covers(scheme, host, port)
    }

    /// The host as `NO_PROXY` would name it.
    pub fn exact_host(&self) -> Option<&str> {
        match &self.name {
            Name::Exact(name) => Some(name),
            Name::Below(_) => None,
        }
    }
}

/// The pin as it is kept and shown: the default scheme and port left out.
impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scheme == Scheme::Http {
            f.write_str("http://")?;
        }
        match &self.name {
            Name::Exact(name) if name.contains(':') => write!(f, "[{name}]")?,
            Name::Exact(name) => f.write_str(name)?,
            Name::Below(suffix) => write!(f, "*.{suffix}")?,
        }
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// Pins as the operator wrote them, checked and written the one way they are kept, without
/// repeats.
pub fn normalize(texts: &[String]) -> Result<Vec<String>> {
    let mut pins: Vec<String> = Vec::with_capacity(texts.len());
    for text in texts {
        let pin = Pin::parse(text)?.to_string();
        if !pins.contains(&pin) {
            pins.push(pin);
        }
    }
    Ok(pins)
}

/// Whether a kept pin reads back as itself: what the state checks when it loads.
pub fn is_kept_form(text: &str) -> bool {
    Pin::parse(text).is_ok_and(|pin| pin.to_string() == text)
}

/// `host[:port]`, `[v6][:port]` or a bare IPv6 address.
fn split_port(text: &str) -> std::result::Result<(&str, Option<u16>), &'static str> {
    let port = |digits: &str| -> std::result::Result<Option<u16>, &'static str> {
        match digits.parse::<u16>() {
            Ok(port) if port > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(port)),
            _ => Err("the port must be a number from 1 to 65535"),
        }
    };
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or("a [ without its ]")?;
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err("[…] must hold an IPv6 address");
        }
        return match after {
            "" => Ok((host, None)),
            _ => port(after.strip_prefix(':').ok_or("only :PORT may follow ]")?).map(|p| (host, p)),
        };
    }
    if text.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok((text, None));
    }
    match text.rsplit_once(':') {
        Some((host, digits)) => port(digits).map(|p| (host, p)),
        None => Ok((text, None)),
    }
}

/// Letters, digits and hyphens in dot-separated labels of 1 to 63, at most 253 in all.
fn is_dns_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        Pin::parse(text).unwrap().to_string()
    }

    #[test]
    fn pins_are_kept_in_one_form() {
        assert_eq!(kept("API.OpenAI.com"), "api.openai.com");
        assert_eq!(kept("https://api.openai.com:443/"), "api.openai.com");
        assert_eq!(kept("api.example.com:8443"), "api.example.com:8443");
        assert_eq!(kept("http://intranet:80"), "http://intranet");
        assert_eq!(kept("http://intranet:8080"), "http://intranet:8080");
        assert_eq!(kept("*.Example.com"), "*.example.com");
        assert_eq!(kept("127.0.0.1:8443"), "127.0.0.1:8443");
        assert_eq!(kept("[::1]:8443"), "[::1]:8443");
        assert_eq!(kept("::1"), "[::1]");
        for text in [
            "api.openai.com",
            "*.example.com",
            "[::1]:8443",
            "http://a.b:81",
        ] {
            assert!(is_kept_form(text), "{text}");
        }
        assert!(!is_kept_form("API.openai.com"));
    }

    #[test]
    fn what_is_not_a_host_is_refused_with_what_to_write() {
        for text in [
            "",
            "https://",
            "api.example.com/v1",
            "user@api.example.com",
            "api.example.com:0",
            "api.example.com:99999",
            "api.example.com:x",
            "*.com",
            "*",
            "a..b",
            "-a.b",
            "a b",
            "[10.0.0.1]",
            "ftp://a.b",
        ] {
            let err = Pin::parse(text).unwrap_err().to_string();
            assert!(err.contains("write a host name"), "{text}: {err}");
        }
    }

    #[test]
    fn a_pin_covers_its_scheme_port_and_names() {
        let pin = Pin::parse("api.example.com").unwrap();
        assert!(pin.covers(Scheme::Https, "api.example.com", 443));
        assert!(pin.covers(Scheme::Https, "API.example.com.", 443));
        assert!(!pin.covers(Scheme::Https, "api.example.com", 8443));
        assert!(!pin.covers(Scheme::Http, "api.example.com", 80));
        assert!(!pin.covers(Scheme::Https, "evil-api.example.com", 443));
        assert!(!pin.covers(Scheme::Https, "api.example.com.evil.org", 443));

        let below = Pin::parse("*.example.com").unwrap();
        assert!(below.covers(Scheme::Https, "a.example.com", 443));
        assert!(below.covers(Scheme::Https, "a.b.example.com", 443));
        assert!(!below.covers(Scheme::Https, "example.com", 443));
        assert!(!below.covers(Scheme::Https, "badexample.com", 443));
        assert!(!below.names_exactly(Scheme::Https, "a.example.com", 443));
        assert!(pin.names_exactly(Scheme::Https, "api.example.com", 443));

        let http = Pin::parse("http://127.0.0.1:8080").unwrap();
        assert!(http.covers(Scheme::Http, "127.0.0.1", 8080));
        assert!(!http.covers(Scheme::Https, "127.0.0.1", 8080));
        let v6 = Pin::parse("[::1]:8443").unwrap();
        assert!(v6.covers(Scheme::Https, "::1", 8443));
    }
}
