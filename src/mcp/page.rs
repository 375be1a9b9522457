//! `request_secret`'s page: a one-time form on 127.0.0.1 where a person types a new secret's
//! value, which goes into the vault without passing through the client or the model.
//!
//! The link alone is not enough: the client holds it (it shows it, and a client that is the
//! model's could open it itself), so the form also asks for a code that only the operators see
//! (`vault grant requests`). The page lives at a random path, answers only to its own address
//! (a page of another site, or a DNS name rebound to loopback, is refused), takes one
//! submission, right or wrong, and is gone after ten minutes.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::sync::watch;
use zeroize::Zeroizing;

use crate::secret::SecretBytes;

/// How long a page takes a value.
pub const LIFETIME: Duration = Duration::from_secs(600);

/// A form larger than this is not a secret someone typed.
const MAX_FORM: usize = 256 << 10;

/// How the page ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Waiting,
    /// The value is in the vault.
    Stored,
    /// It was used up without storing a value, or storing failed: why, in one line.
    Refused(String),
    Expired,
}

pub type Store = Arc<dyn Fn(SecretBytes) -> Result<()> + Send + Sync>;

/// What a page is about.
pub struct Subject {
    pub secret: String,
    pub request_id: String,
    pub code: Zeroizing<String>,
}

/// An open page.
pub struct Page {
    pub url: String,
    outcome: watch::Receiver<Outcome>,
    closer: watch::Sender<Outcome>,
}

struct Shared {
    subject: Subject,
    path: String,
    host: String,
    store: Store,
    used: Mutex<bool>,
    outcome: watch::Sender<Outcome>,
}

/// Opens the page for `subject` for `lifetime`; `store` puts a submitted value into the vault.
pub async fn open(subject: Subject, store: Store, lifetime: Duration) -> Result<Page> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .context("cannot open the page on 127.0.0.1")?;
    let address = listener.local_addr()?;
    // 80 random bits, as every id of the vault's: not to be guessed in the page's ten minutes.
    let path = format!("/{}", crate::ids::new_id("page_")?);
    let host = address.to_string();
    let url = format!("http://{host}{path}");
    let (sender, outcome) = watch::channel(Outcome::Waiting);
    let shared = Arc::new(Shared {
        subject,
        path,
        host,
        store,
        used: Mutex::new(false),
        outcome: sender.clone(),
    });
    tokio::spawn(serve(listener, shared, lifetime));
    Ok(Page {
        url,
        outcome,
        closer: sender,
    })
}

impl Page {
    /// Takes the page down, unused (the person declined): `why`, as the outcome.
    pub fn close(self, why: &str) -> Outcome {
        let outcome = Outcome::Refused(why.to_owned());
        self.closer.send_replace(outcome.clone());
        outcome
    }

    /// Waits until the page is used or expires.
    pub async fn wait(mut self) -> Outcome {
        loop {
            let now = self.outcome.borrow().clone();
            if now != Outcome::Waiting {
                return now;
            }
            if self.outcome.changed().await.is_err() {
                return Outcome::Expired;
            }
        }
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, lifetime: Duration) {
    let mut ended = shared.outcome.subscribe();
    let expiry = tokio::time::sleep(lifetime);
    tokio::pin!(expiry);
    loop {
        tokio::select! {
            () = &mut expiry => {
                shared.outcome.send_if_modified(|now| {
                    let waiting = *now == Outcome::Waiting;
                    if waiting {
                        *now = Outcome::Expired;
                    }
                    waiting
                });
                return;
            }
            changed = ended.changed() => {
                // Used: the listener closes, and with it the page.
                if changed.is_err() || *ended.borrow() != Outcome::Waiting {
                    return;
                }
            }
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| answer(request, shared.clone()));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(tcp), service)
                        .await;
                });
            }
        }
    }
}

async fn answer(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    // The page's own address only: a name that resolves to loopback is another site's.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    if host != Some(shared.host.as_str()) {
        return Ok(page(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong address",
            "Open the link as it was given.",
        ));
    }
    if request.uri().path() != shared.path {
        return Ok(page(
            StatusCode::NOT_FOUND,
            "Not found",
            "There is no page here.",
        ));
    }
    if *shared.used.lock().unwrap_or_else(|e| e.into_inner()) {
        return Ok(page(
            StatusCode::GONE,
            "Used",
            "This page took its one submission. Ask the agent for a new one.",
        ));
    }
    match *request.method() {
        Method::GET => Ok(form(&shared)),
        Method::POST => Ok(submit(request, &shared).await),
        _ => Ok(page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Not allowed",
            "Use the form.",
        )),
    }
}

async fn submit(request: Request<Incoming>, shared: &Shared) -> Response<Full<Bytes>> {
    let form_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return page(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Not a form",
            "Use the form.",
        );
    }
    {
        // One submission, right or wrong: a code cannot be guessed at.
        let mut used = shared.used.lock().unwrap_or_else(|e| e.into_inner());
        if *used {
            return page(
                StatusCode::GONE,
                "Used",
                "This page took its one submission.",
            );
        }
        *used = true;
    }
    let refuse = |status, why: &str| {
        shared
            .outcome
            .send_replace(Outcome::Refused(why.to_owned()));
        page(status, "Not stored", why)
    };
    let body = match Limited::new(request.into_body(), MAX_FORM).collect().await {
        Ok(body) => Zeroizing::new(body.to_bytes().to_vec()),
        Err(_) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the form was too large"),
    };
    let mut value = None;
    let mut code = None;
    for (key, text) in form_urlencoded::parse(&body) {
        match &*key {
            "value" => value = Some(SecretBytes::new(text.as_bytes().to_vec())),
            "code" => code = Some(Zeroizing::new(text.into_owned())),
            _ => {}
        }
        // `text` is dropped here; a Cow borrowed from the body is wiped with it.
    }
    let code_matches = code.is_some_and(|given| same_code(&given, &shared.subject.code));
    if !code_matches {
        return refuse(
            StatusCode::FORBIDDEN,
            "the code was not the one `vault grant requests` shows, and this page is used up; ask the agent for a new one",
        );
    }
    let Some(value) = value.filter(|value| !value.is_empty()) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "no value was given; ask the agent for a new page",
        );
    };
    let store = shared.store.clone();
    let stored = tokio::task::spawn_blocking(move || store(value))
        .await
        .map_err(|_| anyhow::anyhow!("storing the value stopped"))
        .and_then(|stored| stored);
    match stored {
        Ok(()) => {
            shared.outcome.send_replace(Outcome::Stored);
            let subject = &shared.subject;
            page(
                StatusCode::OK,
                "Stored",
                &format!(
                    "{} is in the vault. The agent gets it once an operator approves request {} (`vault grant approve {}`). You can close this page.",
                    subject.secret, subject.request_id, subject.request_id
                ),
            )
        }
        Err(err) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            &crate::output::one_line(&format!("{err:#}")),
        ),
    }
}

/// Codes compared by their digests, so the time taken says nothing of how much matched;
/// case, spaces and dashes do not count.
fn same_code(given: &str, code: &str) -> bool {
    let canonical = |text: &str| -> Zeroizing<String> {
        Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        )
    };
    Sha256::digest(canonical(given).as_bytes()) == Sha256::digest(canonical(code).as_bytes())
}

fn form(shared: &Shared) -> Response<Full<Bytes>> {
    let subject = &shared.subject;
    let body = format!(
        r#"<p>An agent asks for a new secret, <b>{secret}</b> (request {request}). What you type here goes into the vault, not to the agent; an operator still approves the agent's access.</p>
<form method="post" autocomplete="off">
<p><label>Value<br><input type="password" name="value" size="60" required autofocus></label></p>
<p><label>Code, from <code>vault grant requests</code><br><input name="code" size="12" required></label></p>
<p><button>Store it</button> (one try: a wrong code uses the page up)</p>
</form>"#,
        secret = escape(&subject.secret),
        request = escape(&subject.request_id),
    );
    respond(StatusCode::OK, "A new secret for the vault", &body)
}

fn page(status: StatusCode, title: &str, text: &str) -> Response<Full<Bytes>> {
    respond(status, title, &format!("<p>{}</p>", escape(text)))
}

fn respond(status: StatusCode, title: &str, body: &str) -> Response<Full<Bytes>> {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>vault: {title}</title></head><body><h1>{title}</h1>{body}</body></html>\n",
        title = escape(title)
    );
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        .header(header::REFERRER_POLICY, "no-referrer")
        .header("x-frame-options", "DENY")
        .body(Full::new(Bytes::from(html)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpStream;

    #[test]
    fn codes_match_whatever_the_case_spaces_and_dashes() {
        assert!(same_code("abcd-2345", "ABCD-2345"));
        assert!(same_code(" ABCD 2345 ", "ABCD-2345"));
        assert!(!same_code("ABCD-2346", "ABCD-2345"));
        assert!(!same_code("", "ABCD-2345"));
    }

    #[test]
    fn what_the_page_shows_is_escaped() {
        assert_eq!(
            escape("<b a=\"x\">&'"),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// A page whose store keeps what it was given.
    async fn opened(lifetime: Duration) -> (Page, Arc<Mutex<Vec<Vec<u8>>>>) {
        let stored = Arc::new(Mutex::new(Vec::new()));
        let keep = stored.clone();
        let page = open(
            Subject {
                secret: "NEW_KEY".into(),
                request_id: "req_x".into(),
                code: Zeroizing::new("ABCD-2345".into()),
            },
            Arc::new(move |value: SecretBytes| {
                keep.lock().unwrap().push(value.expose().to_vec());
                Ok(())
            }),
            lifetime,
        )
        .await
        .unwrap();
        (page, stored)
    }

    /// Sends one request to `url` with `host` as its Host; the status, or `None` when nothing
    /// listens any more.
    async fn send(url: &str, host: Option<&str>, form: Option<&str>) -> Option<StatusCode> {
        let url = url::Url::parse(url).unwrap();
        let address = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
        let tcp = TcpStream::connect(&address).await.ok()?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(tcp))
                .await
                .ok()?;
        tokio::spawn(connection);
        let builder = Request::builder()
            .uri(url.path())
            .header(header::HOST, host.unwrap_or(&address));
        let request = match form {
            Some(form) => builder
                .method(Method::POST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Full::new(Bytes::from(form.to_owned()))),
            None => builder.method(Method::GET).body(Full::new(Bytes::new())),
        }
        .unwrap();
        Some(sender.send_request(request).await.ok()?.status())
    }

    #[test]
    fn the_right_code_stores_the_value_once() {
        runtime().block_on(async {
            let (page, stored) = opened(LIFETIME).await;
            let url = page.url.clone();
            assert_eq!(send(&url, None, None).await, Some(StatusCode::OK));
            let posted = send(&url, None, Some("value=s3cr%2Bt+v&code=abcd-2345")).await;
            assert_eq!(posted, Some(StatusCode::OK));
            assert_eq!(page.wait().await, Outcome::Stored);
            assert_eq!(*stored.lock().unwrap(), [b"s3cr+t v".to_vec()]);
            // Used: the page is gone.
            let again = send(&url, None, Some("value=other&code=ABCD-2345")).await;
            assert!(matches!(again, None | Some(StatusCode::GONE)), "{again:?}");
            assert_eq!(stored.lock().unwrap().len(), 1);
        });
    }

    #[test]
    fn a_wrong_code_uses_the_page_up_without_storing() {
        runtime().block_on(async {
            let (page, stored) = opened(LIFETIME).await;
            let url = page.url.clone();
            let wrong = send(&url, None, Some("value=guess&code=AAAA-AAAA")).await;
            assert_eq!(wrong, Some(StatusCode::FORBIDDEN));
            assert!(matches!(page.wait().await, Outcome::Refused(_)));
            let right = send(&url, None, Some("value=guess&code=ABCD-2345")).await;
            assert!(matches!(right, None | Some(StatusCode::GONE)), "{right:?}");
            assert!(stored.lock().unwrap().is_empty());
        });
    }

    #[test]
    fn another_host_name_or_path_is_refused_and_uses_nothing_up() {
        runtime().block_on(async {
            let (page, stored) = opened(LIFETIME).await;
            let url = page.url.clone();
            let rebound = send(
                &url,
                Some("attacker.example:80"),
                Some("value=v&code=ABCD-2345"),
            );
            assert_eq!(rebound.await, Some(StatusCode::MISDIRECTED_REQUEST));
            let elsewhere = url.rsplit_once('/').unwrap().0.to_owned() + "/guess";
            assert_eq!(
                send(&elsewhere, None, None).await,
                Some(StatusCode::NOT_FOUND)
            );
            assert!(stored.lock().unwrap().is_empty());
            let posted = send(&url, None, Some("value=v&code=ABCD-2345")).await;
            assert_eq!(posted, Some(StatusCode::OK));
        });
    }

    #[test]
    fn a_page_expires() {
        runtime().block_on(async {
            let (page, stored) = opened(Duration::from_millis(200)).await;
            let url = page.url.clone();
            assert_eq!(page.wait().await, Outcome::Expired);
            tokio::time::sleep(Duration::from_millis(50)).await;
            let late = send(&url, None, Some("value=v&code=ABCD-2345")).await;
            assert_eq!(late, None, "the page still answers after it expired");
            assert!(stored.lock().unwrap().is_empty());
        });
    }
}
