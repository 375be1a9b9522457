//! The credential proxy of `vault exec --proxy`: the program gets a placeholder for each secret,
//! and its HTTP(S) requests go through a proxy on loopback that swaps each placeholder for its
//! value on the way to a host the secret is pinned to (`secret add --host`), and each value back
//! for its placeholder in what comes back. The program never holds a value, so it cannot print
//! it, log it or hand it to a model.
//!
//! `placeholder` makes the stand-ins, `swap` swaps them in bytes and streams, `authority` is the
//! run's certificate authority, `server` takes the program's connections (CONNECT tunnels, TLS,
//! HTTP/1.1 and HTTP/2), `forward` rewrites and sends each request, `connector` reaches the
//! upstreams (checking their addresses: `address`, and their certificates against the roots
//! `roots` reads while the program starts), `body` rewrites bodies as they stream, `sigv4`
//! signs AWS requests again with the real keys, and `recorder` writes the audit events. Nothing here runs, or is even set up, on any other
//! command: the tokio runtime is made in `start`.

mod address;
mod approval;
mod authority;
mod body;
mod connector;
mod egress;
mod forward;
mod names;
mod placeholder;
mod recorder;
mod roots;
mod server;
mod sigv4;
mod swap;
mod traffic;
mod websocket;

use std::ffi::OsString;
use std::net::{Ipv4Addr, SocketAddr};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::sync::oneshot;
use zeroize::Zeroizing;

use crate::audit::{Event, Kind};
use crate::hosts::{self, Methods, Pin, Scheme};
use crate::inject::{Inject, Place};
use crate::mask;
use authority::Authority;
use recorder::Recorder;
use swap::Swap;

pub use egress::Choice as EgressChoice;
pub use names::POOL as ROUTED_POOL;

/// A secret the program is to reach only through the proxy.
pub struct Proxied<'a> {
    pub name: &'a str,
    pub secret_id: &'a str,
    pub grant_id: &'a str,
    pub value: &'a [u8],
    pub hosts: &'a [String],
    pub inject: Inject,
    pub methods: Methods,
    pub canary: bool,
    /// Each request on the secret's routes waits this many seconds for a person's answer.
    pub approve: Option<u32>,
    /// For an AWS secret access key: where among the run's secrets its access key id is.
    pub aws_sigv4: Option<usize>,
}

/// What a run of the proxy is set up with.
pub struct Settings<'a> {
    pub agent: &'a str,
    /// The audit log the agent's reads go to.
    pub log: &'a Path,
    /// Certificates to trust for the upstreams, beside the system's roots.
    pub upstream_ca: Option<&'a Path>,
    /// Stop a request that carries a placeholder to a host its secret is not pinned to,
    /// instead of letting the worthless placeholder go as it is.
    pub strict: bool,
    /// Makes the placeholders from this key instead of at random (`vault mcp`, whose model
    /// is told the placeholder of each secret before it runs anything).
    pub placeholder_key: Option<&'a [u8; 32]>,
    /// Where the program may connect at all (`--egress`, `--allow-host`).
    pub egress: EgressChoice,
    /// The program that is asked about each held request (`VAULT_ASKPASS`).
    pub askpass: Option<OsString>,
}

/// The placeholder the proxy makes for `value` of the secret `name` with `key` (see
/// `Settings::placeholder_key`), when it is the first secret of its run; `pinned`: whether
/// any host is pinned to it.
pub fn keyed_placeholder(
    name: &str,
    value: &[u8],
    pinned: bool,
    key: &[u8; 32],
) -> Result<Zeroizing<Vec<u8>>> {
    let noise = placeholder::Noise::Keyed { key, name };
    match placeholder::make_with(value, &[], noise) {
        Err(_) if !pinned => placeholder::opaque(&[], noise),
        made => made,
    }
}

/// A secret as the proxy's handlers know it: never its value (that is in the swaps).
struct Known {
    name: String,
    secret_id: String,
    grant_id: String,
    pins: Vec<Pin>,
    inject: Inject,
    methods: Methods,
    canary: bool,
    /// How long a request on its routes waits for a person's answer, for a grant that asks.
    approve: Option<Duration>,
}

/// Where requests of a tunnel, or one plain request, go.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    scheme: Scheme,
    /// A name, or an IP address without brackets.
    host: String,
    port: u16,
}

impl Origin {
    /// `host` or `host:port` when the port is not the scheme's own; how events name it.
    fn shown(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.scheme.default_port() {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// `scheme://host[:port]`, for the upstream request's URI: its authority is the origin the
    /// program connected to, whatever Host header it sent (a shared server must not route a
    /// value to another of its names).
    fn base(&self) -> String {
        format!("{}://{}", self.scheme.as_str(), self.shown())
    }
}

/// What every connection's handlers share.
struct Shared {
    agent: String,
    secrets: Vec<Known>,
    /// Placeholders to values, on the way out; values to placeholders, on the way back.
    outward: Swap,
    inward: Swap,
    every: Vec<bool>,
    authority: Authority,
    client: connector::Client,
    /// HTTP/1.1 only, for requests that ask for an upgrade.
    upgrades: connector::Client,
    recorder: Recorder,
    /// What a client of this run sends as `Proxy-Authorization`.
    credentials: String,
    strict: bool,
    /// The (host, secret) pairs a `vault.withheld` was logged for in this run.
    withheld: std::sync::Mutex<std::collections::HashSet<(String, usize)>>,
    /// The (host, secret, place) a `vault.leak_stopped` was logged for in this run.
    leaks: std::sync::Mutex<std::collections::HashSet<(String, usize, Place)>>,
    /// What the proxy may connect to.
    reach: Arc<connector::Reach>,
    /// The hosts a `vault.egress_denied` was logged for in this run.
    egress_denied: std::sync::Mutex<std::collections::HashSet<(String, u16)>>,
    /// Where the program went, for the `vault.egress` events at the run's end.
    traffic: Arc<traffic::Traffic>,
    /// The requests held for a person's answer.
    approvals: approval::Approvals,
    /// The AWS key pairs the proxy signs with.
    pairs: Vec<sigv4::Pair>,
}

impl Shared {
    /// Logs `vault.egress_denied` for `outside`, the first time in this run.
    async fn egress_denied(&self, outside: &egress::Outside) -> Result<(), String> {
        let first = self
            .egress_denied
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert((outside.host.clone(), outside.port));
        if !first {
            return Ok(());
        }
        let mut event = Event::new(Kind::EgressDenied).agent(&self.agent);
        event.host = Some(outside.named());
        self.recorder.write(vec![event]).await
    }

    /// Which secrets a request to `origin` with `method` and `path` (as the program sent
    /// it) is on a route of: pinned to the origin, on one of its paths there, of one of its
    /// methods.
    fn routed(&self, origin: &Origin, method: &str, path: &str) -> Vec<bool> {
        let path = hosts::normal_path(path);
        self.secrets
            .iter()
            .map(|known| {
                known.methods.allows(method)
                    && known.pins.iter().any(|pin| {
                        pin.covers(origin.scheme, &origin.host, origin.port)
                            && pin.routes(path.as_deref())
                    })
            })
            .collect()
    }

    /// Of the secrets `routed` lets into a request, those that may go in its `place`.
    fn allowed(&self, routed: &[bool], place: Place) -> Vec<bool> {
        routed
            .iter()
            .zip(&self.secrets)
            .map(|(&on_route, known)| on_route && known.inject.allows(place))
            .collect()
    }

    /// The routes of secret `secret` at `origin`, as `secret list` shows them, with its
    /// methods when they are not all: what a request to a pinned host off them missed. None
    /// when no pin covers the origin.
    fn routes_at(&self, origin: &Origin, secret: usize) -> Option<String> {
        let known = &self.secrets[secret];
        let pins: Vec<String> = known
            .pins
            .iter()
            .filter(|pin| pin.covers(origin.scheme, &origin.host, origin.port))
            .map(ToString::to_string)
            .collect();
        if pins.is_empty() {
            return None;
        }
        let methods = known.methods.names();
        Some(if methods.is_empty() {
            pins.join(" ")
        } else {
            format!("{} {}", methods.join(","), pins.join(" "))
        })
    }

    /// Whether secret `secret` is pinned to `origin`, wherever in a request it may go.
    fn pinned(&self, origin: &Origin, secret: usize) -> bool {
        self.secrets[secret]
            .pins
            .iter()
            .any(|pin| pin.covers(origin.scheme, &origin.host, origin.port))
    }

    /// Of `secrets`, those whose real value was not yet logged as taken back from `place` of
    /// a request to `host` in this run; they count as logged from now on.
    fn first_leaks(&self, host: &str, place: Place, secrets: &[usize]) -> Vec<usize> {
        let mut logged = self
            .leaks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        secrets
            .iter()
            .copied()
            .filter(|&secret| logged.insert((host.to_owned(), secret, place)))
            .collect()
    }

    /// Of `secrets`, those not yet logged as withheld on their way to `host` in this run;
    /// they count as logged from now on.
    fn first_withheld(&self, host: &str, secrets: &[usize]) -> Vec<usize> {
        let mut logged = self
            .withheld
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        secrets
            .iter()
            .copied()
            .filter(|&secret| logged.insert((host.to_owned(), secret)))
            .collect()
    }
}

/// The proxy, running.
pub struct Proxy {
    /// The thread the proxy runs on, and what tells it to stop.
    serving: thread::JoinHandle<()>,
    stop: oneshot::Sender<()>,
    address: SocketAddr,
    token: Zeroizing<String>,
    placeholders: Vec<Zeroizing<Vec<u8>>>,
    /// Holds the CA bundle; removed when the run ends.
    files: tempfile::TempDir,
    no_proxy: String,
    /// What serves another listener (`serve`).
    runtime: tokio::runtime::Handle,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Makes the placeholders, the run's CA and its bundle, and starts serving on loopback.
    pub fn start(secrets: &[Proxied], settings: &Settings) -> Result<Self> {
        let mut placeholders: Vec<Zeroizing<Vec<u8>>> = Vec::with_capacity(secrets.len());
        let mut known = Vec::with_capacity(secrets.len());
        let mut outward = Vec::new();
        let mut inward = Vec::new();
        for (at, secret) in secrets.iter().enumerate() {
            let pins = secret
                .hosts
                .iter()
                .map(|host| Pin::parse(host))
                .collect::<Result<Vec<Pin>>>()?;
            let noise = match settings.placeholder_key {
                Some(key) => placeholder::Noise::Keyed {
                    key,
                    name: secret.name,
                },
                None => placeholder::Noise::Random,
            };
            let placeholder = match placeholder::make_with(secret.value, &placeholders, noise) {
                Ok(placeholder) => placeholder,
                Err(_) if pins.is_empty() => placeholder::opaque(&placeholders, noise)?,
                Err(why) => bail!(
                    "secret {} cannot go through the proxy: its value has {why}; give it a longer value, or run without --proxy",
                    secret.name
                ),
            };
            // An AWS secret access key only signs: its value goes in no request.
            if secret.aws_sigv4.is_none() {
                for (stand_in, value) in mask::paired_forms(&placeholder, secret.value, false) {
                    outward.push((at, stand_in, value));
                }
            }
            for (value, stand_in) in mask::paired_forms(secret.value, &placeholder, true) {
                inward.push((at, value, stand_in));
            }
            placeholders.push(placeholder);
            known.push(Known {
                name: secret.name.to_owned(),
                secret_id: secret.secret_id.to_owned(),
                grant_id: secret.grant_id.to_owned(),
                pins,
                inject: secret.inject,
                methods: secret.methods,
                canary: secret.canary,
                approve: secret
                    .approve
                    .map(|seconds| Duration::from_secs(seconds.into())),
            });
        }
        let mut pairs = Vec::new();
        for (at, secret) in secrets.iter().enumerate() {
            let Some(key_id) = secret.aws_sigv4 else {
                continue;
            };
            let pair = sigv4::Pair::new(
                (at, key_id),
                (secret.value, secrets[key_id].value),
                (&placeholders[at], &placeholders[key_id]),
            )
            .with_context(|| {
                format!(
                    "secrets {} and {} cannot sign AWS requests: an access key is text, and one of them is not",
                    secret.name, secrets[key_id].name
                )
            })?;
            pairs.push(pair);
        }
        let no_proxy = no_proxy(&known);
        let token = Zeroizing::new(hex(&random::<16>()?));
        let credentials = format!(
            "Basic {}",
            STANDARD.encode(format!("vault:{}", token.as_str()))
        );
        let authority = Authority::new()?;
        let files = tempfile::Builder::new()
            .prefix("vault-proxy-")
            .tempdir()
            .context("cannot make a directory for the proxy's CA bundle")?;
        let bundle = files.path().join("ca.pem");
        std::fs::write(&bundle, roots::program_bundle(&authority.pem())?)
            .context("cannot write the proxy's CA bundle")?;
        // Certificates only, nothing secret: readable by the program even when it runs as a
        // user of its own (SECURITY.md).
        for (path, mode) in [(files.path(), 0o711), (bundle.as_path(), 0o644)] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
                .context("cannot make the proxy's CA bundle readable")?;
        }
        let pins: Vec<Pin> = known.iter().flat_map(|k| k.pins.clone()).collect();
        let reach = Arc::new(connector::Reach {
            egress: egress::Egress::new(&settings.egress, &pins)?,
            pins,
        });
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let upstreams = roots::Upstreams::start(settings.upstream_ca, &provider)?;
        let traffic = Arc::new(traffic::Traffic::default());
        let (client, upgrades) =
            connector::clients(Arc::clone(&reach), Arc::clone(&traffic), upstreams)?;

        // One thread serves every connection: enough for thousands of requests a second, and
        // tokio's multi-threaded scheduler would link libm into the binary, which every
        // `vault read` would then load (0.2 ms).
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .context("cannot start the proxy")?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
            .context("cannot listen on a loopback port for the proxy")?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            agent: settings.agent.to_owned(),
            every: vec![true; known.len()],
            secrets: known,
            outward: Swap::new(outward)?,
            inward: Swap::new(inward)?,
            authority,
            client,
            upgrades,
            recorder: Recorder::start(settings.log),
            credentials,
            strict: settings.strict,
            withheld: Default::default(),
            leaks: Default::default(),
            reach,
            egress_denied: Default::default(),
            traffic,
            approvals: approval::Approvals::new(
                settings.log.to_path_buf(),
                settings.askpass.clone(),
            ),
            pairs,
        });
        runtime.spawn(server::serve(listener, Arc::clone(&shared)));
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = crate::process::without_signals(|| {
            thread::Builder::new()
                .name("vault-proxy".into())
                .spawn(move || {
                    runtime.block_on(async {
                        let _ = stopped.await;
                    });
                    // Requests still in flight are cut off: the program is done.
                    runtime.shutdown_timeout(Duration::from_millis(100));
                })
        })
        .context("cannot start the proxy")?;
        Ok(Self {
            serving,
            stop,
            address,
            token,
            placeholders,
            files,
            no_proxy,
            runtime: handle,
            shared,
        })
    }

    /// Serves the program's connections on `listener` too: the one a sandbox made in its own
    /// network namespace, on the port of ours (`port`), so the variables hold for both.
    pub fn serve(&self, listener: std::net::TcpListener) -> Result<()> {
        listener
            .set_nonblocking(true)
            .context("cannot serve the sandbox's listener")?;
        let _entered = self.runtime.enter();
        let listener = tokio::net::TcpListener::from_std(listener)
            .context("cannot serve the sandbox's listener")?;
        self.runtime
            .spawn(server::serve(listener, Arc::clone(&self.shared)));
        Ok(())
    }

    /// Serves the sandbox's routed connections and its name server, on the listener and the
    /// UDP socket the sandbox made for them (see `names`).
    pub fn serve_routed(
        &self,
        listener: std::net::TcpListener,
        names: std::net::UdpSocket,
    ) -> Result<()> {
        listener
            .set_nonblocking(true)
            .and_then(|()| names.set_nonblocking(true))
            .context("cannot serve the sandbox's routed connections")?;
        let _entered = self.runtime.enter();
        let listener = tokio::net::TcpListener::from_std(listener)
            .context("cannot serve the sandbox's routed connections")?;
        let socket = tokio::net::UdpSocket::from_std(names)
            .context("cannot serve the sandbox's name server")?;
        let table = Arc::new(names::Names::default());
        self.runtime.spawn(server::serve_routed(
            listener,
            Arc::clone(&table),
            Arc::clone(&self.shared),
        ));
        self.runtime.spawn(server::serve_names(socket, table));
        Ok(())
    }

    /// The loopback port the proxy listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The placeholder of the `at`th secret given to `start`.
    pub fn placeholder(&self, at: usize) -> &[u8] {
        &self.placeholders[at]
    }

    /// Where the CA bundle is.
    pub fn bundle(&self) -> PathBuf {
        self.files.path().join("ca.pem")
    }

    /// The variables that send the program's requests through the proxy and make it trust
    /// the run's CA.
    pub fn environment(&self) -> Vec<(&'static str, OsString)> {
        let url = format!("http://vault:{}@{}", self.token.as_str(), self.address);
        let bundle = self.bundle().into_os_string();
        let mut vars = Vec::new();
        for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
            vars.push((name, OsString::from(&url)));
        }
        for name in ["NO_PROXY", "no_proxy"] {
            vars.push((name, OsString::from(&self.no_proxy)));
        }
        // Node's own http and fetch take the proxy variables only when told to (24.5, 22.21).
        vars.push(("NODE_USE_ENV_PROXY", OsString::from("1")));
        for name in CA_VARIABLES {
            vars.push((name, bundle.clone()));
        }
        vars
    }

    /// Stops serving, removes the CA bundle, and logs where the program went: one
    /// `vault.egress` per host and port.
    pub fn stop(self) -> Result<()> {
        let _ = self.stop.send(());
        let _ = self.serving.join();
        drop(self.files);
        // Every connection is closed now: the counts are final, and a request still held
        // will have no answer.
        let mut events = self.shared.approvals.abandoned(&self.shared);
        events.extend(self.shared.traffic.tallies().into_iter().map(|tally| {
            Event::new(Kind::Egress)
                .agent(&self.shared.agent)
                .egress(&tally.host, tally.counts)
        }));
        if events.is_empty() {
            return Ok(());
        }
        self.shared
            .recorder
            .record(events)
            .blocking_recv()
            .unwrap_or_else(|_| Err("the audit log's writer has stopped".into()))
            .map_err(|err| anyhow::anyhow!("cannot log where the program went: {err}"))
    }
}

/// The variables the common clients read their CA bundle from, each pointed at the run's
/// (the system's roots and the run's CA), in the order docs/agents.md's table lists them:
/// OpenSSL and what builds on it (Python's ssl, Ruby, Go, .NET, PHP), requests, curl, Node
/// (and Bun), git, pip, npm, cargo, Deno, the AWS SDKs and CLI, gcloud, gRPC, Nix, Hex.
const CA_VARIABLES: [&str; 14] = [
    "SSL_CERT_FILE",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "NODE_EXTRA_CA_CERTS",
    "GIT_SSL_CAINFO",
    "PIP_CERT",
    "NPM_CONFIG_CAFILE",
    "CARGO_HTTP_CAINFO",
    "DENO_CERT",
    "AWS_CA_BUNDLE",
    "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE",
    "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH",
    "NIX_SSL_CERT_FILE",
    "HEX_CACERTS_PATH",
];

/// The loopback names that do not go through the proxy (so a program's own local services
/// work as without `vault`), less any a secret pins: those must reach the proxy.
fn no_proxy(secrets: &[Known]) -> String {
    let pinned: Vec<&str> = secrets
        .iter()
        .flat_map(|secret| secret.pins.iter().filter_map(Pin::exact_host))
        .collect();
    ["localhost", "127.0.0.1", "::1"]
        .into_iter()
        .filter(|name| !pinned.contains(name))
        .collect::<Vec<_>>()
        .join(",")
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).context("cannot get random bytes from the operating system")?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `--upstream-ca` before anything else starts.
pub fn check_upstream_ca(path: &Path) -> Result<()> {
    connector::read_certificates(path).map(|_| ())
}
