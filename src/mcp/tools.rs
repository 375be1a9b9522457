//! The tools, as the model sees them: their names, their descriptions (written for a model to
//! read) and their argument schemas, and what each one does. None returns a value.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::{InputResponses, RequestState};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResponse, CallToolResult, ContentBlock, ElicitRequest, ElicitRequestParams,
    ElicitationAction, Implementation, InputRequest, InputRequiredResult, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, Peer, RoleServer, ServerHandler, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use super::page::{self, Outcome, Subject};
use super::run::{self, MAX_OUTPUT};
use super::{Answer, Options, RunMode, Vault};
use crate::names;

/// `run`'s time unless the call says otherwise, and the most it may say.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// The longest `request_access` waits for an answer.
const MAX_WAIT: Duration = Duration::from_secs(3600);
/// How often a waiting `request_access` looks at the logs.
const ANSWER_TICK: Duration = Duration::from_millis(200);

#[derive(Clone)]
pub struct Server {
    vault: Arc<dyn Vault>,
    options: Options,
    tool_router: ToolRouter<Self>,
    /// `request_secret` pages a 2026-07-28 client was sent to, by the handle it echoes back
    /// on its second round (that revision has no requests from server to client).
    pages: Arc<Mutex<HashMap<String, OpenPage>>>,
}

/// A page waiting for its value, and what it is for.
struct OpenPage {
    page: page::Page,
    request_id: String,
    secret: String,
}

/// The key of `request_secret`'s elicitation among a 2026-07-28 round's input requests.
const PAGE_INPUT: &str = "value_page";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PlaceholderArgs {
    /// The secret's name, as list_secrets shows it.
    pub secret: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RequestAccessArgs {
    /// The secret's name.
    pub secret: String,
    /// Why the agent needs it, for the operator to read.
    pub reason: Option<String>,
    /// For how long, such as "30m", "2h" or "7d"; the operator decides.
    pub duration: Option<String>,
    /// Wait this long for the operator's answer ("10m"), instead of returning at once.
    pub wait: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RunArgs {
    /// The program and its arguments, one string each: ["python3", "fetch.py", "--all"].
    pub argv: Option<Vec<String>>,
    /// Or a line for `sh -c`: "curl -sS https://api.example.com/v1/me | jq .name".
    pub shell: Option<String>,
    /// Inject only these secrets (default: every secret granted to the agent).
    pub secrets: Option<Vec<String>>,
    /// The directory to run in (default: the server's).
    pub cwd: Option<String>,
    /// Stop the program after this many seconds (default 300, at most 3600).
    pub timeout_seconds: Option<u64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RequestSecretArgs {
    /// The name the new secret gets, such as STRIPE_API_KEY.
    pub secret: String,
    /// What it is for, shown to the person asked for it and to the operator.
    pub reason: Option<String>,
}

/// A failed call, as the model sees it: the CLI's one-line error.
fn failed(err: &anyhow::Error) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(format!(
        "vault: {}",
        crate::output::one_line(&format!("{err:#}"))
    ))])
}

fn answered(text: String, structured: serde_json::Value) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

fn parse_duration(text: &str, what: &str) -> Result<Duration> {
    crate::time::parse_duration(text).map_err(|why| anyhow!("{what} {text:?}: {why}"))
}

#[tool_router]
impl Server {
    pub fn new(vault: Arc<dyn Vault>, options: Options) -> Self {
        let mut tool_router = Self::tool_router();
        // The doc comments are wrapped for the source; a model reads paragraphs.
        for route in tool_router.map.values_mut() {
            if let Some(description) = &route.attr.description {
                route.attr.description = Some(description.replace('\n', " ").into());
            }
        }
        if options.run == RunMode::Off {
            tool_router.remove_route("run");
        } else if options.run == RunMode::Unsandboxed
            && let Some(route) = tool_router.map.get_mut("run")
        {
            route.attr.description = Some(UNSANDBOXED_RUN.into());
        }
        if !options.request_secret {
            tool_router.remove_route("request_secret");
        }
        Self {
            vault,
            options,
            tool_router,
            pages: Arc::default(),
        }
    }

    /// Lists the secrets granted to this agent: for each, its name, the environment variable
    /// `run` puts it in, the hosts it works for through the proxy, and when the grant ends.
    /// Never a value. Use it to learn what the agent can use before writing code that needs
    /// a credential.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn list_secrets(&self) -> Result<CallToolResult, ErrorData> {
        Ok(self.list().unwrap_or_else(|err| failed(&err)))
    }

    /// Says how code run by `run` uses a secret: the environment variable that holds it, the
    /// placeholder it holds (the same in every run of this session) and the hosts it works
    /// for. The placeholder has the value's shape but is not the value; the proxy puts the
    /// value in its place only in HTTPS requests to those hosts. Write code that reads the
    /// variable (os.environ["NAME"], process.env.NAME, $NAME), or uses the placeholder as it
    /// is, and sends it as the API expects.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn placeholder(
        &self,
        Parameters(args): Parameters<PlaceholderArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self
            .placeholder_of(&args.secret)
            .unwrap_or_else(|err| failed(&err)))
    }

    /// Asks the operator to grant this agent a secret it does not have (or whose grant ended).
    /// Returns the request's id at once, or with `wait`, when the operator approves or denies
    /// it (or the wait ends). After an approval, `run` has the secret.
    #[tool(annotations(
        read_only_hint = false,
        destructive_hint = false,
        open_world_hint = false
    ))]
    async fn request_access(
        &self,
        Parameters(args): Parameters<RequestAccessArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self
            .request_access_for(args)
            .await
            .unwrap_or_else(|err| failed(&err)))
    }

    /// Runs a command with the agent's secrets in its environment, in a sandbox: it sees no
    /// files of the vault and no home directory (an empty one), writes only under the current
    /// directory and /tmp, and reaches the network only through the vault's HTTPS proxy. Each
    /// secret's variable holds a placeholder; the proxy swaps in the value for requests to the
    /// secret's hosts (see `placeholder`). Output is returned with every secret's value
    /// masked as <redacted:NAME>: stdout and stderr apart, each cut at 1 MiB, with the exit
    /// code. Give `argv` (a list) or `shell` (a line for sh -c). No stdin; a program that
    /// outlives `timeout_seconds` (default 300) is stopped.
    #[tool(annotations(
        read_only_hint = false,
        destructive_hint = true,
        open_world_hint = true
    ))]
    async fn run(
        &self,
        Parameters(args): Parameters<RunArgs>,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let cancelled = context.ct.clone();
        Ok(self
            .run_command(args, async move { cancelled.cancelled().await })
            .await
            .unwrap_or_else(|err| failed(&err)))
    }

    /// Asks a person for a new secret's value, which goes into the vault without passing
    /// through you: they get a link to a page on this machine, type the value there with a
    /// code only the operator sees, and an operator approves the agent's access. You learn
    /// only whether a value was given, never the value. Use it when a task needs a credential
    /// the vault does not have yet.
    #[tool(annotations(
        read_only_hint = false,
        destructive_hint = false,
        open_world_hint = false
    ))]
    async fn request_secret(
        &self,
        Parameters(args): Parameters<RequestSecretArgs>,
        context: RequestContext<RoleServer>,
        RequestState(state): RequestState,
        InputResponses(responses): InputResponses,
    ) -> Result<CallToolResponse, ErrorData> {
        // 2026-07-28 has no requests from server to client: the elicitation goes back as an
        // input request, and the client calls again with its answer.
        let stateless = context
            .protocol_version()
            .is_some_and(|version| !version.has_initialize());
        let answer = match (stateless, state) {
            (true, Some(handle)) => self.second_round(&handle, responses).await,
            (true, None) => self.first_round(args, &context).await,
            (false, _) => self
                .request_secret_for(args, context.peer)
                .await
                .map(CallToolResponse::Complete),
        };
        Ok(answer.unwrap_or_else(|err| CallToolResponse::Complete(failed(&err))))
    }
}

/// `run`'s description when the operator started the server with --no-sandbox.
const UNSANDBOXED_RUN: &str = "Runs a command with the agent's secrets in its environment, NOT in a sandbox (the operator chose --no-sandbox): the program can read the files of this machine, the vault's included. Each secret's variable holds a placeholder and the program's HTTPS requests go through the vault's proxy, which swaps in the value for the secret's hosts (see `placeholder`). Output is returned with every secret's value masked as <redacted:NAME>, but masking protects only what is returned: the program itself could reach the values. Stdout and stderr apart, each cut at 1 MiB, with the exit code. Give `argv` (a list) or `shell` (a line for sh -c). No stdin; a program that outlives `timeout_seconds` (default 300) is stopped.";

impl Server {
    fn list(&self) -> Result<CallToolResult> {
        self.vault.called("list_secrets", None)?;
        let grants = self.vault.grants()?;
        let text = if grants.is_empty() {
            format!(
                "Agent {} has no secrets granted. Ask for one with request_access.",
                self.vault.agent()
            )
        } else {
            grants
                .iter()
                .map(|grant| {
                    let hosts = if grant.hosts.is_empty() {
                        "no host: the proxy sends it nowhere".to_owned()
                    } else {
                        format!("hosts {}", grant.hosts.join(", "))
                    };
                    let until = grant
                        .expires_at
                        .as_ref()
                        .map_or_else(String::new, |end| format!(", until {end}"));
                    format!("{} (${}): {hosts}{until}", grant.name, grant.variable)
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        Ok(answered(text, json!({ "secrets": grants })))
    }

    fn placeholder_of(&self, secret: &str) -> Result<CallToolResult> {
        names::check_secret_name(secret)?;
        self.vault.called("placeholder", None)?;
        let (grant, placeholder) = self.vault.placeholder(secret)?;
        let placeholder = String::from_utf8_lossy(&placeholder).into_owned();
        let text = if grant.hosts.is_empty() {
            format!(
                "Under run, ${} holds {placeholder}, a placeholder for {}, but no host is pinned to it: the proxy puts its value into no request. An operator can pin one with `vault secret hosts {} --add HOST`.",
                grant.variable, grant.name, grant.name
            )
        } else {
            format!(
                "Under run, ${} holds {placeholder}, a placeholder for {} (the value's shape, not the value), in every run of this session. Send it as the API expects, in HTTPS requests to {}: the proxy puts the value in its place there, and nowhere else.",
                grant.variable,
                grant.name,
                grant.hosts.join(", ")
            )
        };
        Ok(answered(
            text,
            json!({ "secret": grant.name, "variable": grant.variable, "hosts": grant.hosts,
                    "placeholder": placeholder }),
        ))
    }

    async fn request_access_for(&self, args: RequestAccessArgs) -> Result<CallToolResult> {
        names::check_secret_name(&args.secret)?;
        let duration = args
            .duration
            .as_deref()
            .map(|text| parse_duration(text, "duration"))
            .transpose()?;
        let wait = args
            .wait
            .as_deref()
            .map(|text| parse_duration(text, "wait"))
            .transpose()?;
        if wait.is_some_and(|wait| wait > MAX_WAIT) {
            bail!("wait is over an hour; wait less, and call again");
        }
        self.vault.called("request_access", None)?;
        let id = self
            .vault
            .request(&args.secret, args.reason.as_deref(), duration, None)?;
        let mut answer = Answer::Pending;
        if let Some(wait) = wait {
            let deadline = Instant::now() + wait;
            loop {
                answer = self.vault.answer(&id, &args.secret)?;
                if answer != Answer::Pending || Instant::now() >= deadline {
                    break;
                }
                tokio::time::sleep(ANSWER_TICK.min(deadline - Instant::now())).await;
            }
        }
        let (status, text) = match &answer {
            Answer::Pending => (
                "pending",
                format!(
                    "Asked the operator for {} (request {id}); no answer yet. Call again with `wait` to wait for it.",
                    args.secret
                ),
            ),
            Answer::Approved => (
                "approved",
                format!(
                    "Approved: {} is granted; run has it from now on.",
                    args.secret
                ),
            ),
            Answer::Denied(said) => (
                "denied",
                match said {
                    Some(said) => format!("Denied by the operator: {said}"),
                    None => "Denied by the operator.".to_owned(),
                },
            ),
        };
        let said = match &answer {
            Answer::Denied(said) => said.clone(),
            _ => None,
        };
        Ok(answered(
            text,
            json!({ "request_id": id, "secret": args.secret, "status": status, "reason": said }),
        ))
    }

    async fn run_command(
        &self,
        args: RunArgs,
        cancelled: impl std::future::Future<Output = ()>,
    ) -> Result<CallToolResult> {
        let argv = match (args.argv, args.shell) {
            (Some(argv), None) if !argv.is_empty() => argv,
            (None, Some(line)) => vec!["sh".into(), "-c".into(), line],
            (Some(_), Some(_)) => bail!("give argv or shell, not both"),
            _ => bail!("give the command: argv (a list of strings) or shell (a line)"),
        };
        let only = args.secrets.unwrap_or_default();
        for name in &only {
            names::check_secret_name(name)?;
        }
        let timeout = args
            .timeout_seconds
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
        if timeout > MAX_TIMEOUT || timeout.is_zero() {
            bail!("timeout_seconds must be from 1 to 3600");
        }
        let cwd = args.cwd.map(PathBuf::from);
        if let Some(cwd) = &cwd
            && !cwd.is_dir()
        {
            bail!("cwd {} is not a directory", cwd.display());
        }
        let shown = logged_command(&argv);
        self.vault.called("run", Some(shown))?;
        self.vault.check_granted(&only)?;
        if !findable(&argv[0], cwd.as_deref()) {
            bail!("cannot run {}: command not found", argv[0]);
        }
        let mut command = self
            .vault
            .exec(self.options.run == RunMode::Sandboxed, &only);
        command.arg("--").args(&argv);
        if let Some(cwd) = &cwd {
            command.current_dir(cwd);
        }
        let ran = run::run(command, timeout, cancelled).await?;
        let stdout = ran.stdout.text();
        let stderr = ran.stderr.text();
        let code = ran.exit_code();
        // vault exec's own refusals (it could not start the program or the sandbox) come
        // as its one-line error: a failed call, not the program's output.
        if stdout.is_empty()
            && matches!(code, Some(1 | 3 | 126 | 127))
            && stderr.starts_with("vault: ")
            && stderr.trim_end().lines().count() == 1
        {
            return Ok(CallToolResult::error(vec![ContentBlock::text(
                stderr.trim_end().to_owned(),
            )]));
        }
        let mut text = match (code, ran.timed_out) {
            (_, true) => format!("stopped after {} s (timeout_seconds)\n", timeout.as_secs()),
            (Some(code), false) => format!("exit code {code}\n"),
            (None, false) => "the program did not end when asked to stop\n".to_owned(),
        };
        for (name, captured, shown) in [
            ("stdout", &ran.stdout, &stdout),
            ("stderr", &ran.stderr, &stderr),
        ] {
            if shown.is_empty() && captured.cut == 0 {
                continue;
            }
            text.push_str(&format!("--- {name} ---\n{shown}"));
            if !shown.ends_with('\n') {
                text.push('\n');
            }
            if captured.cut > 0 {
                text.push_str(&format!(
                    "[{name} cut at {} MiB: {} more bytes were left out]\n",
                    MAX_OUTPUT >> 20,
                    captured.cut
                ));
            }
        }
        let structured = json!({
            "exit_code": code,
            "timed_out": ran.timed_out,
            "stdout": stdout,
            "stderr": stderr,
            "stdout_cut_bytes": ran.stdout.cut,
            "stderr_cut_bytes": ran.stderr.cut,
        });
        let mut result = answered(text, structured);
        if ran.timed_out {
            result.is_error = Some(true);
        }
        Ok(result)
    }

    /// What `request_secret` checks and logs before anything else, whatever the revision.
    fn secret_wanted(&self, args: &RequestSecretArgs) -> Result<()> {
        names::check_secret_name(&args.secret)?;
        self.vault.called("request_secret", None)?;
        if self
            .vault
            .grants()?
            .iter()
            .any(|grant| grant.name == args.secret)
        {
            bail!(
                "agent {} has {} already; use it through run",
                self.vault.agent(),
                args.secret
            );
        }
        Ok(())
    }

    /// For a client that cannot open the page: the request, and the commands for the person.
    fn without_page(&self, args: &RequestSecretArgs) -> Result<CallToolResult> {
        let id = self
            .vault
            .request(&args.secret, args.reason.as_deref(), None, None)?;
        let text = format!(
            "This client cannot open a page for the value. Ask the person to store it at their terminal with `vault secret add {0}` (it reads the value without echoing it) and then approve this agent's request with `vault grant approve {id}`.",
            args.secret
        );
        Ok(answered(
            text,
            json!({ "request_id": id, "secret": args.secret, "status": "pending", "given": false }),
        ))
    }

    /// Files the request with a new code and opens its page: the request's id, the page, and
    /// what the person is told.
    async fn open_page(&self, args: &RequestSecretArgs) -> Result<(String, page::Page, String)> {
        let code = new_code()?;
        let id = self
            .vault
            .request(&args.secret, args.reason.as_deref(), None, Some(&code))?;
        let vault = self.vault.clone();
        let name = args.secret.clone();
        let page = page::open(
            Subject {
                secret: args.secret.clone(),
                request_id: id.clone(),
                code,
            },
            Arc::new(move |value| vault.store(&name, value)),
            page::LIFETIME,
        )
        .await?;
        let message = format!(
            "The agent asks for a new secret, {}{}. Open the link and type the value with the code that `vault grant requests` shows the operator; the value goes into the vault, not to the agent.",
            args.secret,
            args.reason
                .as_deref()
                .map_or_else(String::new, |reason| format!(" ({reason})"))
        );
        Ok((id, page, message))
    }

    /// The 2025-11-25 way: the server asks the client to open the link, then waits for the
    /// page.
    async fn request_secret_for(
        &self,
        args: RequestSecretArgs,
        peer: Peer<RoleServer>,
    ) -> Result<CallToolResult> {
        self.secret_wanted(&args)?;
        let url_mode = peer
            .supported_elicitation_modes()
            .contains(&rmcp::service::ElicitationMode::Url);
        if !url_mode {
            return self.without_page(&args);
        }
        let (id, page, message) = self.open_page(&args).await?;
        let url = url::Url::parse(&page.url)?;
        let action = peer
            .elicit_url_with_timeout(message, url, id.clone(), Some(page::LIFETIME))
            .await;
        let outcome = match action {
            Ok(ElicitationAction::Accept) => page.wait().await,
            Ok(_) => page.close("the person declined"),
            Err(err) => page.close(&format!("the client could not show the page: {err}")),
        };
        Ok(secret_outcome(&args.secret, &id, outcome))
    }

    /// 2026-07-28, first call: the page, sent back as an input request.
    async fn first_round(
        &self,
        args: RequestSecretArgs,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse> {
        self.secret_wanted(&args)?;
        let url_mode = context
            .meta
            .client_capabilities()
            .and_then(|capabilities| capabilities.elicitation)
            .is_some_and(|elicitation| elicitation.url.is_some());
        if !url_mode {
            return self.without_page(&args).map(CallToolResponse::Complete);
        }
        let (id, page, message) = self.open_page(&args).await?;
        let elicitation = ElicitRequest::new(ElicitRequestParams::UrlElicitationParams {
            meta: None,
            message,
            url: page.url.clone(),
            elicitation_id: id.clone(),
        });
        let handle = crate::ids::new_id("page_")?;
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).insert(
            handle.clone(),
            OpenPage {
                page,
                request_id: id,
                secret: args.secret,
            },
        );
        let requests = [(
            PAGE_INPUT.to_owned(),
            InputRequest::Elicitation(elicitation),
        )];
        Ok(CallToolResponse::InputRequired(InputRequiredResult::new(
            Some(requests.into_iter().collect()),
            Some(handle),
        )))
    }

    /// 2026-07-28, second call: the client's answer to the page, then the page's outcome.
    async fn second_round(
        &self,
        handle: &str,
        responses: Option<rmcp::model::InputResponses>,
    ) -> Result<CallToolResponse> {
        let open = self
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(handle)
            .ok_or_else(|| {
                anyhow!("that request_secret call is over (answered, or from another session); call request_secret again")
            })?;
        let action = responses
            .as_ref()
            .and_then(|responses| responses.get(PAGE_INPUT))
            .and_then(|answer| answer.get("action"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or("cancel")
            .to_owned();
        let outcome = if action == "accept" {
            open.page.wait().await
        } else {
            open.page.close("the person declined")
        };
        Ok(CallToolResponse::Complete(secret_outcome(
            &open.secret,
            &open.request_id,
            outcome,
        )))
    }
}

/// What `request_secret` tells the model: whether a value was given, never what.
fn secret_outcome(secret: &str, id: &str, outcome: Outcome) -> CallToolResult {
    let (given, text) = match outcome {
        Outcome::Stored => (
            true,
            format!(
                "A value was given for {secret} and stored. The agent gets it once an operator approves request {id}; call request_access with wait to wait for that, or list_secrets later."
            ),
        ),
        Outcome::Refused(why) => (false, format!("No value was stored: {why}.")),
        Outcome::Expired | Outcome::Waiting => (
            false,
            "No value was given within 10 minutes; the page is gone.".to_owned(),
        ),
    };
    let mut result = answered(
        text,
        json!({ "request_id": id, "secret": secret, "given": given }),
    );
    if !given {
        result.is_error = Some(true);
    }
    result
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("vault", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "Tools for the secrets of agent {}. No tool returns a secret's value: run \
                 programs that need credentials with `run`, where each secret's variable holds \
                 a placeholder the proxy swaps for the value in requests to the secret's hosts.",
                self.vault.agent()
            ))
    }
}

/// A code for the page: eight letters and digits that cannot be misread for one another.
fn new_code() -> Result<Zeroizing<String>> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut random = Zeroizing::new([0u8; 8]);
    getrandom::fill(&mut *random)
        .map_err(|err| anyhow!("cannot get random bytes from the operating system: {err}"))?;
    let mut code = Zeroizing::new(String::with_capacity(9));
    for (at, byte) in random.iter().enumerate() {
        if at == 4 {
            code.push('-');
        }
        code.push(ALPHABET[usize::from(byte & 31)] as char);
    }
    Ok(code)
}

/// Whether `program` names something that could be run, as `execvp` would look for it.
fn findable(program: &str, cwd: Option<&std::path::Path>) -> bool {
    if program.contains('/') {
        let path = PathBuf::from(program);
        let path = match cwd {
            Some(cwd) if path.is_relative() => cwd.join(path),
            _ => path,
        };
        return path.exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// How much of a command the log keeps: a script pasted whole is not a log line.
const LOGGED_COMMAND_MAX: usize = 4096;

/// `argv` as the log shows it: printable, cut at `LOGGED_COMMAND_MAX` characters.
fn logged_command(argv: &[String]) -> String {
    let shown = crate::output::printable(&shell_words(argv));
    match shown.char_indices().nth(LOGGED_COMMAND_MAX) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown,
    }
}

/// `argv` as a shell would read it back, for the log.
fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|word| {
            let plain = !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b));
            if plain {
                word.clone()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_logged_as_a_shell_would_read_them() {
        let argv = ["sh", "-c", "echo 'hi' $X", ""].map(String::from);
        assert_eq!(shell_words(&argv), r#"sh -c 'echo '\''hi'\'' $X' ''"#);
    }

    #[test]
    fn a_long_command_is_cut_in_the_log() {
        let argv = ["sh".to_owned(), "-c".to_owned(), "é".repeat(10_000)];
        let logged = logged_command(&argv);
        assert_eq!(logged.chars().count(), LOGGED_COMMAND_MAX + 1);
        assert!(logged.starts_with("sh -c 'éé") && logged.ends_with('…'));
        assert_eq!(logged_command(&["true".to_owned()]), "true");
    }

    #[test]
    fn codes_are_two_groups_of_four_unambiguous_characters() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 9);
        assert_eq!(code.as_bytes()[4], b'-');
        assert!(
            code.chars()
                .all(|c| c == '-' || "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".contains(c))
        );
        assert_ne!(*code, *new_code().unwrap());
    }
}
