//! One request of the program, on its way to the upstream and back: placeholders swapped for
//! values in the target, the headers (Basic credentials too) and the body, where the origin is
//! pinned for them; a placeholder bound anywhere else goes as it is, worthless there (or, under
//! --strict, stops the request). Values coming back, in the status line, the headers, the
//! body and WebSocket messages, are swapped for their placeholders before the program sees
//! them.

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

use super::approval::{Answer, Asked};
use super::body::{Blocked, Rewritten, Way};
use super::connector::{Body, BoxError, Refused};
use super::egress::Outside;
use super::sigv4::{self, BadChunk, Signature, Unsigned};
use super::swap::{Swap, Swapped};
use super::{Origin, Shared, websocket};
use crate::audit::{Event, Kind, Taken};
use crate::inject::Place;

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
    /// Per secret, the request whose approval let this one through, for a grant that asks.
    approved: Arc<[Option<String>]>,
}

impl About {
    fn event(&self, shared: &Shared, kind: Kind, secret: usize) -> Event {
        let known = &shared.secrets[secret];
        let event = Event::new(kind)
            .agent(&shared.agent)
            .secret(Some(&known.secret_id), &known.name)
            .grant_id(&known.grant_id)
            .http(&self.host, &self.method, &self.path);
        match &self.approved[secret] {
            Some(request) => event.request(request),
            None => event,
        }
    }
}

/// Holds a request on the routes of a grant that asks for approval until a person answers:
/// per secret, the request that let it through, or the 403 that stops it.
async fn approvals(
    shared: &Shared,
    routed: &[bool],
    about: &About,
) -> Result<Vec<Option<String>>, Response<Body>> {
    let mut approved = vec![None; shared.secrets.len()];
    for (secret, known) in shared.secrets.iter().enumerate() {
        let Some(timeout) = known.approve.filter(|_| routed[secret]) else {
            continue;
        };
        let asked = Asked {
            host: &about.host,
            method: &about.method,
            path: &about.path,
        };
        match shared.approvals.ask(shared, secret, timeout, &asked).await {
            Answer::Approved(request) => approved[secret] = Some(request),
            Answer::Refused(why) => return Err(refusal(StatusCode::FORBIDDEN, &why)),
        }
    }
    Ok(approved)
}

/// Serves one request of the program to `origin`.
pub async fn handle(
    mut request: Request<Incoming>,
    origin: Arc<Origin>,
    shared: Arc<Shared>,
) -> Result<Response<Body>, Infallible> {
    // The path the events name: a real value the program put in it is named by its
    // placeholder, or it would reach the log.
    let path = request.uri().path();
    let path = match shared.inward.all(path.as_bytes(), &shared.every).bytes {
        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        None => path.to_owned(),
    };
    let mut about = About {
        host: origin.shown(),
        method: request.method().to_string(),
        path,
        approved: Arc::from(Vec::new()),
    };
    // Which secrets this request is on a route of, judged on the path the program sent.
    let routed = shared.routed(&origin, request.method().as_str(), request.uri().path());
    // Before anything of the request goes on, or is even looked into.
    about.approved = match approvals(&shared, &routed, &about).await {
        Ok(approved) => Arc::from(approved),
        Err(refused) => return Ok(refused),
    };
    // An AWS signature made with a pair's placeholders, on a route of its secret access
    // key: checked as the program sent it, and made again with the real keys once the
    // request is final (`sigv4`). The placeholder rules below never see it.
    let signature = Signature::find(&shared.pairs, request.uri().query(), request.headers())
        .filter(|found| routed[shared.pairs[found.pair].key]);
    let signed = signature.as_ref().map(|_| {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|host| host.to_str().ok())
            .or_else(|| request.uri().authority().map(|a| a.as_str()))
            .unwrap_or_default()
            .to_owned();
        (host, request.headers().clone())
    });
    let blocked = |secret: usize| {
        let shared = shared.clone();
        let about = about.clone();
        let pinned = shared.pinned(&origin, secret);
        let on_route = routed[secret];
        let routes = shared.routes_at(&origin, secret);
        async move {
            let mut event = about.event(&shared, Kind::Blocked, secret);
            if let (false, Some(routes)) = (on_route, &routes) {
                event = event.route(routes.clone());
            }
            let name = shared.secrets[secret].name.clone();
            // The refusal stands whether or not the log takes it.
            let _ = shared.recorder.write(vec![event]).await;
            let why = if let (false, Some(routes)) = (on_route, &routes) {
                // Pinned to this host, but off the routes there.
                format!(
                    "the placeholder of {name} may not go to {} under --strict: {} {} is off its routes there ({routes}); an operator can widen them with `vault secret hosts {name} --add` or `--method`",
                    about.host, about.method, about.path
                )
            } else if pinned {
                format!(
                    "the placeholder of {name} may not go to {} under --strict where this request has it; its value goes in a request's {} only (an operator can widen that with `vault secret hosts {name} --inject PLACE`)",
                    about.host,
                    shared.secrets[secret].inject.places().join(", ")
                )
            } else {
                format!(
                    "the placeholder of {name} may not go to {} under --strict; it is pinned to other hosts (an operator can add this one with `vault secret hosts {name} --add {}`)",
                    about.host, about.host
                )
            };
            Ok(refusal(StatusCode::FORBIDDEN, &why))
        }
    };

    // The target, path and query, and the headers (Basic credentials too): first every real
    // value of the run's secrets becomes its placeholder, whatever the program read it from;
    // then placeholders become values where the rules put them.
    let mut found = Swapped::default();
    let mut leaks: Vec<(usize, Place)> = Vec::new();
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", PathAndQuery::as_str)
        .to_owned();
    let target = match &signature {
        Some(signature) => signature.target_without(&target),
        None => target,
    };
    let sent_target = signature.as_ref().map(|_| target.clone());
    let target = match target.split_once('?') {
        Some((path, query)) => format!(
            "{}?{}",
            swap_in_target(&shared, &routed, path, Place::Path, &mut found, &mut leaks),
            swap_in_target(
                &shared,
                &routed,
                query,
                Place::Query,
                &mut found,
                &mut leaks
            )
        ),
        None => swap_in_target(
            &shared,
            &routed,
            &target,
            Place::Path,
            &mut found,
            &mut leaks,
        ),
    };
    let mut uri: Uri = match format!("{}{target}", origin.base()).parse() {
        Ok(uri) => uri,
        Err(_) => {
            return Ok(refusal(
                StatusCode::BAD_REQUEST,
                "a request target that is not a URI",
            ));
        }
    };
    let upgrade = wants_upgrade(request.headers());
    let client_side = upgrade.then(|| hyper::upgrade::on(&mut request));
    let (parts, incoming) = request.into_parts();
    let mut headers = parts.headers;
    if let Some(signature) = &signature {
        signature.headers_without(&mut headers);
    }
    strip_hop_by_hop(&mut headers, upgrade);
    headers.remove(header::HOST);
    if upgrade {
        // A compressed WebSocket could not be looked into on the way back.
        headers.remove(header::SEC_WEBSOCKET_EXTENSIONS);
    }
    let in_headers = shared.allowed(&routed, Place::Header);
    for (_, value) in headers.iter_mut() {
        if let Ok(taken) = rewrite_header(&shared.inward, value, &shared.every) {
            leaks.extend(taken.used.into_iter().map(|secret| (secret, Place::Header)));
        }
        match rewrite_header(&shared.outward, value, &in_headers) {
            Ok(swapped) => {
                found.used.extend(swapped.used);
                found.foreign.extend(swapped.foreign);
            }
            Err(secret) => return blocked(secret).await,
        }
    }
    found.used.sort_unstable();
    found.used.dedup();
    found.foreign.sort_unstable();
    found.foreign.dedup();
    if let Some(&secret) = found.foreign.first()
        && shared.strict
    {
        return blocked(secret).await;
    }
    let mut incoming: Body = incoming.map_err(box_error).boxed();
    let mut whole = None;
    if let (Some(signature), Some((host, received)), Some(sent)) =
        (&signature, &signed, &sent_target)
    {
        let pair = &shared.pairs[signature.pair];
        let checked = sigv4::checked(
            signature,
            pair,
            parts.method.as_str(),
            (host, sent, received),
            incoming,
        )
        .await;
        match checked {
            Ok((body, bytes)) => (incoming, whole) = (body, bytes),
            Err(Unsigned(why)) => return unsigned(&shared, &about, pair.key, &why).await,
        }
        found.used.extend([pair.key, pair.key_id]);
        found.used.sort_unstable();
        found.used.dedup();
    }
    let mut events: Vec<Event> = found
        .used
        .iter()
        .map(|secret| about.event(&shared, Kind::Injected, *secret))
        .collect();
    events.extend(withheld_events(
        &shared,
        &origin,
        &routed,
        &about,
        &found.foreign,
    ));
    for place in [Place::Path, Place::Query, Place::Header] {
        let taken: Vec<usize> = leaks
            .iter()
            .filter(|(_, at)| *at == place)
            .map(|(secret, _)| *secret)
            .collect();
        events.extend(leak_events(&shared, &about, place, &taken));
    }
    if !found.used.is_empty() {
        // A response that echoes the value back must be legible to be cleaned.
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
    }
    if let (Some(signature), Some((host, _))) = (&signature, &signed) {
        let pair = &shared.pairs[signature.pair];
        let resigned = sigv4::signed_again(
            signature,
            pair,
            parts.method.as_str(),
            (host, &target, &mut headers),
            (incoming, whole.as_deref()),
        );
        match resigned {
            Ok((signed_target, body)) => {
                incoming = body;
                uri = match format!("{}{signed_target}", origin.base()).parse() {
                    Ok(uri) => uri,
                    Err(_) => {
                        return unsigned(&shared, &about, pair.key, "its target is not a URI")
                            .await;
                    }
                };
            }
            Err(Unsigned(why)) => return unsigned(&shared, &about, pair.key, &why).await,
        }
    }
    if !events.is_empty()
        && let Err(err) = shared.recorder.write(events).await
    {
        return Ok(refusal(
            StatusCode::BAD_GATEWAY,
            &format!("the audit log cannot record this request, so nothing was sent: {err}"),
        ));
    }

    // The body, rewritten as it streams.
    let mut logged = vec![false; shared.secrets.len()];
    for secret in &found.used {
        logged[*secret] = true;
    }
    let events_about = about.clone();
    let events_origin = origin.clone();
    let events_routed = routed.clone();
    let events_shared = Arc::downgrade(&shared);
    let take_back = {
        let about = about.clone();
        let shared = Arc::downgrade(&shared);
        Way::TakeBack {
            logged: vec![false; logged.len()],
            events: Box::new(move |taken: &Swapped| {
                let Some(shared) = shared.upgrade() else {
                    return Vec::new();
                };
                leak_events(&shared, &about, Place::Body, &taken.used)
            }),
        }
    };
    let stopped = Arc::new(std::sync::OnceLock::new());
    let way = Way::Out {
        allowed: shared.allowed(&routed, Place::Body),
        stopped: stopped.clone(),
        logged,
        events: Box::new(move |swapped: &Swapped| {
            let Some(shared) = events_shared.upgrade() else {
                return Vec::new();
            };
            let mut events: Vec<Event> = swapped
                .used
                .iter()
                .map(|secret| events_about.event(&shared, Kind::Injected, *secret))
                .collect();
            events.extend(withheld_events(
                &shared,
                &events_origin,
                &events_routed,
                &events_about,
                &swapped.foreign,
            ));
            events
        }),
    };
    let taken_back = Rewritten::new(incoming, shared.clone(), take_back);
    let body = Rewritten::new(taken_back, shared.clone(), way).boxed();
    let mut upstream = Request::new(body);
    *upstream.method_mut() = parts.method;
    *upstream.uri_mut() = uri;
    *upstream.version_mut() = Version::HTTP_11;
    *upstream.headers_mut() = headers;

    let client = if upgrade {
        &shared.upgrades
    } else {
        &shared.client
    };
    let response = client.request(upstream).await;
    // Sent, unless no connection could be had (refused, unresolved, unreachable).
    if response
        .as_ref()
        .map_or_else(|err| !err.is_connect(), |_| true)
    {
        shared.traffic.request(&origin.host, origin.port);
    }
    // Stopped by the body: the same 403 whichever protocol carried it, whatever the upstream
    // made of the cut-off request.
    if let Some(secret) = stopped.get() {
        return blocked(*secret).await;
    }
    let mut response = match response {
        Ok(response) => response,
        Err(err) => {
            if let Some(Blocked(secret)) = find::<Blocked>(&err) {
                return blocked(*secret).await;
            }
            if let (Some(bad), Some(signature)) = (find::<BadChunk>(&err), &signature) {
                let key = shared.pairs[signature.pair].key;
                return unsigned(&shared, &about, key, &bad.to_string()).await;
            }
            if let Some(refused) = find::<Refused>(&err) {
                return Ok(refusal(StatusCode::FORBIDDEN, &refused.to_string()));
            }
            if let Some(outside) = find::<Outside>(&err) {
                let _ = shared.egress_denied(outside).await;
                return Ok(refusal(StatusCode::FORBIDDEN, &outside.to_string()));
            }
            let why = tls_words(&err).unwrap_or_else(|| chain(&err));
            return Ok(refusal(
                StatusCode::BAD_GATEWAY,
                &format!("cannot reach {}: {why}", about.host),
            ));
        }
    };

    if response.status() == StatusCode::SWITCHING_PROTOCOLS
        && let Some(client_side) = client_side
    {
        let upstream_side = hyper::upgrade::on(&mut response);
        let shared = shared.clone();
        let for_leaks = Arc::clone(&shared);
        let about = about.clone();
        let leaks: websocket::Leaks =
            Box::new(move |taken| leak_events(&for_leaks, &about, Place::Body, taken));
        tokio::spawn(async move {
            if let (Ok(program), Ok(upstream)) = (client_side.await, upstream_side.await) {
                websocket::relay(TokioIo::new(program), TokioIo::new(upstream), shared, leaks)
                    .await;
            }
        });
    }
    // A value echoed in the status line (`401 bad key …`) comes back as its placeholder.
    if let Some(reason) = response.extensions().get::<hyper::ext::ReasonPhrase>()
        && let Some(clean) = shared.inward.all(reason.as_bytes(), &shared.every).bytes
    {
        match hyper::ext::ReasonPhrase::try_from(clean) {
            Ok(clean) => {
                response.extensions_mut().insert(clean);
            }
            Err(_) => {
                response
                    .extensions_mut()
                    .remove::<hyper::ext::ReasonPhrase>();
            }
        }
    }
    let (mut parts, incoming) = response.into_parts();
    strip_hop_by_hop(
        &mut parts.headers,
        parts.status == StatusCode::SWITCHING_PROTOCOLS,
    );
    for (_, value) in parts.headers.iter_mut() {
        if let Some(bytes) = shared.inward.all(value.as_bytes(), &shared.every).bytes
            && let Ok(clean) = HeaderValue::from_bytes(&bytes)
        {
            *value = clean;
        }
    }
    let body = Rewritten::new(incoming, shared.clone(), Way::Back).boxed();
    Ok(Response::from_parts(parts, body))
}

fn box_error(err: hyper::Error) -> BoxError {
    Box::new(err)
}

/// A request whose AWS signature the proxy will not make again: `vault.blocked` for the
/// pair's secret access key, and a 403 saying why. Nothing of it was sent.
async fn unsigned(
    shared: &Shared,
    about: &About,
    key: usize,
    why: &str,
) -> Result<Response<Body>, Infallible> {
    let event = about.event(shared, Kind::Blocked, key);
    // The refusal stands whether or not the log takes it.
    let _ = shared.recorder.write(vec![event]).await;
    let name = &shared.secrets[key].name;
    Ok(refusal(
        StatusCode::FORBIDDEN,
        &format!(
            "the AWS request to {} was not signed with the keys of {name}: {why}; sign it with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY this run gave the program",
            about.host
        ),
    ))
}

/// `vault.withheld` for the secrets of `foreign` not logged yet for this host in this run,
/// and `vault.canary` for a canary among them: its placeholder went looking for a host.
fn withheld_events(
    shared: &Shared,
    origin: &Origin,
    routed: &[bool],
    about: &About,
    foreign: &[usize],
) -> Vec<Event> {
    let mut events = Vec::new();
    for secret in shared.first_withheld(&about.host, foreign) {
        // Pinned to this host, but off the routes there: the event names them.
        let missed = (!routed[secret])
            .then(|| shared.routes_at(origin, secret))
            .flatten();
        events.push(match missed {
            Some(routes) => about.event(shared, Kind::Blocked, secret).route(routes),
            None => about.event(shared, Kind::Withheld, secret),
        });
        if shared.secrets[secret].canary {
            events.push(about.event(shared, Kind::Canary, secret).how(Taken::Exec));
        }
    }
    events
}

/// `vault.leak_stopped` for the secrets of `taken` not logged yet for this host and place in
/// this run.
fn leak_events(shared: &Shared, about: &About, place: Place, taken: &[usize]) -> Vec<Event> {
    shared
        .first_leaks(&about.host, place, taken)
        .into_iter()
        .map(|secret| {
            about
                .event(shared, Kind::LeakStopped, secret)
                .place(place.name())
        })
        .collect()
}

/// The path or the query of a request's target: real values taken back (noted in `leaks`),
/// then placeholders swapped where this place of a request to `origin` may have them.
fn swap_in_target(
    shared: &Shared,
    routed: &[bool],
    text: &str,
    place: Place,
    found: &mut Swapped,
    leaks: &mut Vec<(usize, Place)>,
) -> String {
    let mut text = text.to_owned();
    let taken = shared.inward.all(text.as_bytes(), &shared.every);
    if let Some(bytes) = taken.bytes {
        text = String::from_utf8(bytes).unwrap_or(text);
    }
    leaks.extend(taken.used.into_iter().map(|secret| (secret, place)));
    let swapped = shared
        .outward
        .all(text.as_bytes(), &shared.allowed(routed, place));
    found.used.extend(swapped.used);
    found.foreign.extend(swapped.foreign);
    match swapped.bytes {
        Some(bytes) => String::from_utf8(bytes).unwrap_or(text),
        None => text,
    }
}

/// Swaps with `swap` in one header value, Basic credentials decoded first. Returns what was
/// swapped and found, or the secret whose value a header cannot carry (a line break).
fn rewrite_header(
    swap: &Swap,
    value: &mut HeaderValue,
    allowed: &[bool],
) -> Result<Swapped, usize> {
    let bytes = value.as_bytes();
    let basic = bytes
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case(b"basic "))
        .and_then(|_| STANDARD.decode(bytes[6..].trim_ascii()).ok());
    let decoded = basic.map(|decoded| swap.all(&decoded, allowed));
    let (rewritten, swapped) = match decoded {
        Some(mut swapped) if swapped.bytes.is_some() || !swapped.foreign.is_empty() => {
            let credentials = swapped.bytes.take();
            let encoded = credentials.map(|c| format!("Basic {}", STANDARD.encode(c)).into_bytes());
            (encoded, swapped)
        }
        _ => {
            let mut swapped = swap.all(bytes, allowed);
            (swapped.bytes.take(), swapped)
        }
    };
    let Some(rewritten) = rewritten else {
        return Ok(swapped);
    };
    match HeaderValue::from_bytes(&rewritten) {
        Ok(mut new) => {
            new.set_sensitive(true);
            *value = new;
            Ok(swapped)
        }
        // A value a header cannot carry (a line break): it does not go.
        Err(_) => Err(swapped.used[0]),
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

/// A TLS failure with the upstream in plain words, with what to do: rustls' own words are
/// its type names (`InvalidCertificate(Other(OtherError(CaUsedAsEndEntity)))`).
fn tls_words(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    use rustls::{CertificateError, Error};
    // An io::Error's source() skips the error it wraps (and connectors wrap io::Errors in
    // io::Errors): look inside each.
    fn inside<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a Error> {
        if let Some(found) = err.downcast_ref::<Error>() {
            return Some(found);
        }
        if let Some(wrapped) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            return inside(wrapped);
        }
        err.source().and_then(inside)
    }
    let tls = inside(err);
    let ca = "; if it is a private service, give its CA certificate with --upstream-ca PATH";
    Some(match tls? {
        Error::InvalidCertificate(why) => match why {
            CertificateError::UnknownIssuer => format!(
                "its certificate is not signed by a CA this run trusts (the system's roots and --upstream-ca){ca}"
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "its certificate has expired".to_owned()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "its certificate is not valid yet (is this machine's clock right?)".to_owned()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "its certificate is for another name than the one the program asked for".to_owned()
            }
            CertificateError::Revoked => "its certificate was revoked".to_owned(),
            CertificateError::BadSignature | CertificateError::BadEncoding => {
                "its certificate does not verify (a damaged or forged certificate)".to_owned()
            }
            other if format!("{other:?}").contains("CaUsedAsEndEntity") => format!(
                "it presents a CA certificate as its own; a server must present a leaf certificate signed by the CA{ca}"
            ),
            other => format!("its certificate is refused ({other:?}){ca}"),
        },
        Error::AlertReceived(alert) => {
            format!("it ended the TLS handshake with the alert {alert:?}")
        }
        Error::PeerIncompatible(_) | Error::NoCertificatesPresented => {
            "it speaks no TLS version or cipher this proxy does (TLS 1.2 and 1.3)".to_owned()
        }
        other => format!("TLS with it failed ({other})"),
    })
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
