//! One request of the program, on its way to the upstream and back: placeholders swapped for
//! values in the target, the headers (Basic credentials too) and the body, where the origin is
//! pinned for them; a placeholder bound anywhere else stops the request. Values coming back
//! are swapped for their placeholders before the program sees them.

use std::convert::Infallible;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::uri::PathAndQuery;
use http::{Method, Request, Response, StatusCode, Uri, Version};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;

use super::body::{Blocked, Rewritten, Way};
use super::connector::{Body, Refused};
use super::swap::Swapped;
use super::{Origin, Shared};
use crate::audit::{Event, Kind};

/// A response of the proxy's own: the reason on one line, as the program will show it.
pub fn refusal(status: StatusCode, text: &str) -> Response<Body> {
    let body = Full::new(Bytes::from(format!("vault: {text}\n")))
        .map_err(|never| match never {})
        .boxed();
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// What the events of a request say about it.
#[derive(Clone)]
struct About {
    host: String,
    method: String,
    path: String,
}

impl About {
    fn event(&self, shared: &Shared, kind: Kind, secret: usize) -> Event {
        let known = &shared.secrets[secret];
        Event::new(kind)
            .agent(&shared.agent)
            .secret(Some(&known.secret_id), &known.name)
            .grant_id(&known.grant_id)
            .http(&self.host, &self.method, &self.path)
    }
}

/// Serves one request of the program to `origin`.
pub async fn handle(
    mut request: Request<Incoming>,
    origin: Arc<Origin>,
    shared: Arc<Shared>,
) -> Result<Response<Body>, Infallible> {
    let allowed = shared.allowed(&origin);
    let about = About {
        host: origin.shown(),
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
    };
    let blocked = |secret: usize| {
        let shared = shared.clone();
        let about = about.clone();
        async move {
            let event = about.event(&shared, Kind::Blocked, secret);
            let name = shared.secrets[secret].name.clone();
            // The refusal stands whether or not the log takes it.
            let _ = shared.recorder.write(vec![event]).await;
            Ok(refusal(
                StatusCode::FORBIDDEN,
                &format!(
                    "the placeholder of {name} may not go to {}; it is pinned to other hosts (an operator can add this one with `vault secret set {name} --host {}`)",
                    about.host, about.host
                ),
            ))
        }
    };

    // The target: path and query.
    let mut used: Vec<usize> = Vec::new();
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", PathAndQuery::as_str)
        .to_owned();
    let target = match shared.outward.all(target.as_bytes(), &allowed) {
        Swapped::Unchanged => target,
        Swapped::Changed(bytes, secrets) => {
            used.extend(secrets);
            String::from_utf8(bytes).unwrap_or(target)
        }
        Swapped::Blocked(secret) => return blocked(secret).await,
    };
    let uri: Uri = match format!("{}{target}", origin.base()).parse() {
        Ok(uri) => uri,
        Err(_) => {
            return Ok(refusal(
                StatusCode::BAD_REQUEST,
                "a request target that is not a URI",
            ));
        }
    };

    // The headers.
    let upgrade = wants_upgrade(request.headers());
    let client_side = upgrade.then(|| hyper::upgrade::on(&mut request));
    let (parts, incoming) = request.into_parts();
    let mut headers = parts.headers;
    strip_hop_by_hop(&mut headers, upgrade);
    headers.remove(header::HOST);
    for (_, value) in headers.iter_mut() {
        match rewrite_header(&shared, value, &allowed) {
            Ok(secrets) => used.extend(secrets),
            Err(secret) => return blocked(secret).await,
        }
    }
    used.sort_unstable();
    used.dedup();
    if !used.is_empty() {
        // A response that echoes the value back must be legible to be cleaned.
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        let events = used
            .iter()
            .map(|secret| about.event(&shared, Kind::Injected, *secret))
            .collect();
        if let Err(err) = shared.recorder.write(events).await {
            return Ok(refusal(
                StatusCode::BAD_GATEWAY,
                &format!("the audit log cannot record this request, so no value was sent: {err}"),
            ));
        }
    }

    // The body, rewritten as it streams.
    let mut logged = vec![false; shared.secrets.len()];
    for secret in &used {
        logged[*secret] = true;
    }
    let events_about = about.clone();
    let events_shared = Arc::downgrade(&shared);
    let way = Way::Out {
        allowed,
        logged,
        events: Box::new(move |secrets: &[usize]| {
            let Some(shared) = events_shared.upgrade() else {
                return Vec::new();
            };
            secrets
                .iter()
                .map(|secret| events_about.event(&shared, Kind::Injected, *secret))
                .collect()
        }),
    };
    let body = Rewritten::new(incoming, shared.clone(), way).boxed();
    let mut upstream = Request::new(body);
    *upstream.method_mut() = parts.method;
    *upstream.uri_mut() = uri;
    *upstream.version_mut() = Version::HTTP_11;
    *upstream.headers_mut() = headers;

    let mut response = match shared.client.request(upstream).await {
        Ok(response) => response,
        Err(err) => {
            if let Some(Blocked(secret)) = find::<Blocked>(&err) {
                return blocked(*secret).await;
            }
            if let Some(refused) = find::<Refused>(&err) {
                return Ok(refusal(StatusCode::FORBIDDEN, &refused.to_string()));
            }
            return Ok(refusal(
                StatusCode::BAD_GATEWAY,
                &format!("cannot reach {}: {}", about.host, chain(&err)),
            ));
        }
    };

    if response.status() == StatusCode::SWITCHING_PROTOCOLS
        && let Some(client_side) = client_side
    {
        let upstream_side = hyper::upgrade::on(&mut response);
        tokio::spawn(async move {
            if let (Ok(program), Ok(upstream)) = (client_side.await, upstream_side.await) {
                let _ = tokio::io::copy_bidirectional(
                    &mut TokioIo::new(program),
                    &mut TokioIo::new(upstream),
                )
                .await;
            }
        });
    }
    let (mut parts, incoming) = response.into_parts();
    strip_hop_by_hop(
        &mut parts.headers,
        parts.status == StatusCode::SWITCHING_PROTOCOLS,
    );
    for (_, value) in parts.headers.iter_mut() {
        if let Swapped::Changed(bytes, _) = shared.inward.all(value.as_bytes(), &shared.every)
            && let Ok(clean) = HeaderValue::from_bytes(&bytes)
        {
            *value = clean;
        }
    }
    let body = Rewritten::new(incoming, shared.clone(), Way::Back).boxed();
    Ok(Response::from_parts(parts, body))
}

/// Swaps placeholders in one header value, Basic credentials decoded first. Returns the
/// secrets swapped in, or the one that may not go here.
fn rewrite_header(
    shared: &Shared,
    value: &mut HeaderValue,
    allowed: &[bool],
) -> Result<Vec<usize>, usize> {
    let bytes = value.as_bytes();
    let basic = bytes
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case(b"basic "))
        .and_then(|_| STANDARD.decode(bytes[6..].trim_ascii()).ok());
    let (rewritten, used) = match basic {
        Some(decoded) => match shared.outward.all(&decoded, allowed) {
            Swapped::Changed(credentials, used) => {
                let encoded = format!("Basic {}", STANDARD.encode(credentials));
                (encoded.into_bytes(), used)
            }
            Swapped::Unchanged => match shared.outward.all(bytes, allowed) {
                Swapped::Changed(bytes, used) => (bytes, used),
                Swapped::Unchanged => return Ok(Vec::new()),
                Swapped::Blocked(secret) => return Err(secret),
            },
            Swapped::Blocked(secret) => return Err(secret),
        },
        None => match shared.outward.all(bytes, allowed) {
            Swapped::Changed(bytes, used) => (bytes, used),
            Swapped::Unchanged => return Ok(Vec::new()),
            Swapped::Blocked(secret) => return Err(secret),
        },
    };
    match HeaderValue::from_bytes(&rewritten) {
        Ok(mut new) => {
            new.set_sensitive(true);
            *value = new;
            Ok(used)
        }
        // A value a header cannot carry (a line break): it does not go.
        Err(_) => Err(used[0]),
    }
}

/// Whether the request asks to switch protocols (a WebSocket): its `Connection: upgrade` and
/// `Upgrade` headers then go on to the upstream.
fn wants_upgrade(headers: &HeaderMap) -> bool {
    headers.contains_key(header::UPGRADE)
        && headers.get_all(header::CONNECTION).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("upgrade"))
        })
}

/// Headers about one connection, not the request: each side has its own.
fn strip_hop_by_hop(headers: &mut HeaderMap, keep_upgrade: bool) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .filter(|name| !(keep_upgrade && name == header::UPGRADE))
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [
        "proxy-connection",
        "keep-alive",
        "proxy-authorization",
        "proxy-authenticate",
        "te",
        "trailer",
        "transfer-encoding",
    ] {
        headers.remove(name);
    }
    if keep_upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    } else {
        headers.remove(header::CONNECTION);
        headers.remove(header::UPGRADE);
    }
}

/// The first error of type `E` in `err`'s chain.
fn find<'e, E: std::error::Error + 'static>(
    err: &'e (dyn std::error::Error + 'static),
) -> Option<&'e E> {
    let mut next = Some(err);
    while let Some(err) = next {
        if let Some(found) = err.downcast_ref::<E>() {
            return Some(found);
        }
        next = err.source();
    }
    None
}

/// An error and its causes, on one line.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut next = err.source();
    while let Some(cause) = next {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        next = cause.source();
    }
    text
}

/// A request to the proxy itself that is neither CONNECT nor absolute-form `http://`.
pub fn not_a_proxy_request(method: &Method) -> Response<Body> {
    refusal(
        StatusCode::BAD_REQUEST,
        &format!(
            "this is vault's proxy: send it CONNECT, or an http:// URL, not {method} for a path"
        ),
    )
}
