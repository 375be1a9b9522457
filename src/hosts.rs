//! The hosts a secret may be sent to by the credential proxy (`secret add --host`): what an
//! operator may write, how it is kept, and which requests it covers.
//!
//! A pin is `HOST`, `HOST:PORT`, `*.DOMAIN` (any name below DOMAIN, not DOMAIN itself), an IP
//! address (`[…]` for IPv6), each optionally after `https://` (the default) or `http://`. A
//! pin covers one scheme and one port: `api.example.com` is HTTPS on 443 and nothing else, so a
//! value pinned for HTTPS never crosses the network in clear unless a pin says `http://`.
//!
//! A pin may end in a path glob, a route: `api.github.com/repos/acme/**`. `*` is one path
//! segment, `**` any number of them. It is matched against the request's path decoded; a path
//! that the upstream might read otherwise than the proxy (dot segments, doubled slashes, an
//! encoded slash, backslash or dot) matches no route. A secret's methods (`--method`) narrow
//! every route of it.

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

/// One host a secret may go to, and on it the paths, if not every one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    scheme: Scheme,
    name: Name,
    port: u16,
    route: Option<Route>,
}

/// A path glob, and its matcher.
#[derive(Debug, Clone)]
struct Route {
    glob: String,
    matcher: globset::GlobMatcher,
}

impl PartialEq for Route {
    fn eq(&self, other: &Self) -> bool {
        self.glob == other.glob
    }
}

impl Eq for Route {}

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
        let (rest, route) = match rest.find('/') {
            // A bare `/` after the host is every path, as before routes.
            Some(at) if &rest[at..] == "/" => (&rest[..at], None),
            Some(at) => match route(&rest[at..]) {
                Ok(route) => (&rest[..at], Some(route)),
                Err(why) => return bad(why),
            },
            None => (rest, None),
        };
        if rest.contains('@') || rest.contains('?') {
            return bad("a pin is a host and a path glob, not a URL");
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
        Ok(Self {
            scheme,
            name,
            port,
            route,
        })
    }

    /// Whether the pin ends in a path glob.
    pub fn has_route(&self) -> bool {
        self.route.is_some()
    }

    /// Whether a request to `path` (as `normal_path` made it; `None` for one that matches no
    /// route) is on this pin's route.
    pub fn routes(&self, path: Option<&str>) -> bool {
        match (&self.route, path) {
            (None, _) => true,
            (Some(route), Some(path)) => route.matcher.is_match(path),
            (Some(_), None) => false,
        }
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
        if let Some(route) = &self.route {
            f.write_str(&route.glob)?;
        }
        Ok(())
    }
}

/// A route as written after the host: `/` and then segments of letters, digits and
/// `-._~!$&'()+,;=:@%`, or `*`, or `**` alone.
fn route(glob: &str) -> std::result::Result<Route, &'static str> {
    const SAID: &str = "a path glob is /SEGMENT/… with * for one segment and ** for any number";
    let segment_ok = |segment: &str| {
        segment == "**"
            || segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()+,;=:@%*".contains(&b))
                && !segment.contains("**")
    };
    if glob.len() > 1024 || !glob[1..].split('/').all(segment_ok) {
        return Err(SAID);
    }
    if glob
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err("a path glob has no . or .. segments");
    }
    let matcher = globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(false)
        .build()
        .map_err(|_| SAID)?
        .compile_matcher();
    Ok(Route {
        glob: glob.to_owned(),
        matcher,
    })
}

/// A request's path as routes match it: percent-decoded, or `None` where the upstream could
/// read it otherwise than decoding does (dot segments, doubled slashes, a backslash, an
/// encoded slash, backslash or dot, a bad escape, bytes that are not UTF-8): such a request is
/// on no route.
pub fn normal_path(path: &str) -> Option<String> {
    if !path.starts_with('/') || path.contains("//") || path.contains('\\') {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return None;
    }
    let bytes = path.as_bytes();
    for (at, _) in path.match_indices('%') {
        let hex = bytes.get(at + 1..at + 3)?;
        let byte = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        if matches!(byte, b'/' | b'\\' | b'.') || byte < 0x20 {
            return None;
        }
    }
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// The HTTP methods a secret's routes allow (`--method`): any, or those named.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Methods(u16);

impl Methods {
    /// The methods a route may name, each with its bit in a secret's flags (FORMAT.md).
    const KNOWN: [(&'static str, u16); 7] = [
        ("GET", 64),
        ("HEAD", 128),
        ("POST", 256),
        ("PUT", 512),
        ("PATCH", 1024),
        ("DELETE", 2048),
        ("OPTIONS", 4096),
    ];
    pub const BITS: u16 = 64 | 128 | 256 | 512 | 1024 | 2048 | 4096;

    /// The methods named on the command line, in any case; `any` alone is every method.
    pub fn parse(names: &[String]) -> Result<Self> {
        let mut bits = 0;
        for name in names {
            if name.eq_ignore_ascii_case("any") && names.len() == 1 {
                return Ok(Self(0));
            }
            let Some((_, bit)) = Self::KNOWN
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(name))
            else {
                bail!(
                    "--method {name:?}: say GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (repeat the flag for several), or any alone"
                );
            };
            bits |= bit;
        }
        Ok(Self(bits))
    }

    /// Whether a request with this method is on the routes.
    pub fn allows(self, method: &str) -> bool {
        self.0 == 0
            || Self::KNOWN
                .iter()
                .any(|(name, bit)| self.0 & bit != 0 && *name == method)
    }

    /// The methods named, none for any.
    pub fn names(self) -> Vec<&'static str> {
        Self::KNOWN
            .iter()
            .filter(|(_, bit)| self.0 & bit != 0)
            .map(|(name, _)| *name)
            .collect()
    }

    /// The bits this adds to a secret's flags: none for any method.
    pub fn flags(self) -> u16 {
        self.0
    }

    pub fn from_flags(flags: u16) -> Self {
        Self(flags & Self::BITS)
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
            "api.example.com/v1?x=1",
            "api.example.com/a/../b",
            "api.example.com/a/b**",
            "api.example.com/[ab]",
            "api.example.com/{a,b}",
            "api.example.com/a b",
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

    #[test]
    fn a_route_is_kept_after_its_host_and_matches_segments() {
        assert_eq!(
            kept("API.github.com/repos/acme/**"),
            "api.github.com/repos/acme/**"
        );
        assert_eq!(kept("http://h:8080/v1/*/send"), "http://h:8080/v1/*/send");
        assert!(is_kept_form("api.github.com/repos/acme/**"));
        let pin = Pin::parse("api.github.com/repos/acme/**").unwrap();
        let on = |path: &str| pin.routes(normal_path(path).as_deref());
        assert!(on("/repos/acme/widget"));
        assert!(on("/repos/acme/widget/issues/1"));
        assert!(!on("/repos/other/widget"));
        assert!(!on("/repos/acmex/widget"));
        // Into the route only as the upstream would resolve it: no value.
        assert!(!on("/repos/other/../acme/widget"));
        assert!(!on("/repos/acme/../other"));
        assert!(!on("/repos/acme//widget"));
        assert!(!on("/repos/acme%2Fwidget"));
        assert!(!on("/repos/%2e%2e/acme/widget"));
        // An encoded letter is the letter.
        assert!(on("/repos/%61cme/widget"));
        let one = Pin::parse("api.telegram.org/bot*/sendMessage").unwrap();
        let on = |path: &str| one.routes(normal_path(path).as_deref());
        assert!(on("/bot123:ABC/sendMessage"));
        assert!(!on("/bot123/x/sendMessage"), "* is one segment");
        assert!(!on("/bot123/getUpdates"));
        // A pin without a route covers every path, even one that normalizes oddly.
        let every = Pin::parse("api.example.com").unwrap();
        assert!(every.routes(None));
    }

    #[test]
    fn paths_the_upstream_may_read_otherwise_are_on_no_route() {
        assert_eq!(normal_path("/a/b%20c").as_deref(), Some("/a/b c"));
        for path in [
            "",
            "a/b",
            "/a/./b",
            "/a/../b",
            "/a/..",
            "//a",
            "/a\\b",
            "/a%2fb",
            "/a%5Cb",
            "/a%2E%2E/b",
            "/a%zz",
            "/a%",
            "/a%00",
            "/a%ff",
        ] {
            assert_eq!(normal_path(path), None, "{path}");
        }
    }

    #[test]
    fn methods_are_any_or_those_named() {
        let any = Methods::parse(&["any".into()]).unwrap();
        assert!(any.allows("DELETE") && any.names().is_empty() && any.flags() == 0);
        let some = Methods::parse(&["get".into(), "POST".into()]).unwrap();
        assert!(some.allows("GET") && some.allows("POST") && !some.allows("DELETE"));
        assert_eq!(some.names(), ["GET", "POST"]);
        assert_eq!(Methods::from_flags(some.flags() | 1 | 4), some);
        assert!(Methods::parse(&["TRACE".into()]).is_err());
        assert!(Methods::parse(&["any".into(), "GET".into()]).is_err());
    }
}
