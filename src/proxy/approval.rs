//! Requests held for a person's answer (`grant add --approve`), as `ssh-add -c` holds each use
//! of a key: a request on the routes of such a grant waits, its `grant.requested` (kind
//! `request`, with the method, host and path) in the log, until an operator answers it with
//! `vault grant approve` or `vault grant deny`, the program `VAULT_ASKPASS` names says yes or
//! no, or the grant's time to answer runs out. Nothing of the request has gone upstream while
//! it waits.
//!
//! The operator's answer is read from the log the request was written to, followed from where
//! it stood before the request went in: an answer cannot come before its question.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::audit::{Event, Follower, Kind, Via};
use crate::{ids, requests, store, time};

use super::Shared;

/// How often the log is looked at for an answer: most of the time from an approval to the
/// request leaving.
const TICK: Duration = Duration::from_millis(10);

/// What a held request is, for the question and the events.
pub struct Asked<'a> {
    pub host: &'a str,
    pub method: &'a str,
    pub path: &'a str,
}

/// How a held request was answered.
pub enum Answer {
    /// Let through by the request `id` (this one, or one whose approval's window is open).
    Approved(String),
    /// Not let through, for this reason (the 403's body).
    Refused(String),
}

pub struct Approvals {
    /// The log the proxy writes its requests to, and reads their answers from.
    log: PathBuf,
    askpass: Option<OsString>,
    /// Per secret: until when an approval `--for` a while lets its requests through, and which
    /// request it answered.
    windows: Mutex<HashMap<usize, (Instant, String)>>,
    /// The requests waiting now: denied as the run ends, so none is left listed as pending.
    waiting: Mutex<HashSet<(String, usize)>>,
}

/// An answer as the log holds it.
#[derive(Deserialize)]
struct Line {
    event: String,
    request_id: Option<String>,
    expires_at: Option<String>,
    reason: Option<String>,
}

impl Approvals {
    pub fn new(log: PathBuf, askpass: Option<OsString>) -> Self {
        Self {
            log,
            askpass,
            windows: Mutex::default(),
            waiting: Mutex::default(),
        }
    }

    /// Holds a request on the routes of secret `secret`, whose grant asks for approval, until
    /// it is answered or `timeout` passes.
    pub async fn ask(
        &self,
        shared: &Shared,
        secret: usize,
        timeout: Duration,
        asked: &Asked<'_>,
    ) -> Answer {
        if let Some(id) = self.window(secret) {
            return Answer::Approved(id);
        }
        match self.hold(shared, secret, timeout, asked).await {
            Ok(answer) => answer,
            Err(err) => Answer::Refused(format!(
                "the request could not be held for approval, so it was not sent: {err:#}"
            )),
        }
    }

    /// The request whose approval lets `secret`'s requests through now, if one does.
    fn window(&self, secret: usize) -> Option<String> {
        let mut windows = lock(&self.windows);
        match windows.get(&secret) {
            Some((until, id)) if Instant::now() < *until => Some(id.clone()),
            Some(_) => {
                windows.remove(&secret);
                None
            }
            None => None,
        }
    }

    async fn hold(
        &self,
        shared: &Shared,
        secret: usize,
        timeout: Duration,
        asked: &Asked<'_>,
    ) -> anyhow::Result<Answer> {
        let known = &shared.secrets[secret];
        let id = ids::new_id("req_")?;
        // Followed from where it stands before the question goes in.
        let file = store::open_log_read(&self.log)?;
        let from = match &file {
            Some(file) => file.metadata()?.len(),
            None => 0,
        };
        let mut answers = Follower::new(&self.log, file, from)?;
        let about = |kind| about_request(shared, secret, &id, kind);
        let mut question = about(Kind::GrantRequested).http(asked.host, asked.method, asked.path);
        question.kind = Some(requests::HELD);
        shared
            .recorder
            .write(vec![question])
            .await
            .map_err(|err| anyhow::anyhow!("the audit log cannot record it: {err}"))?;
        lock(&self.waiting).insert((id.clone(), secret));
        let answer = self
            .answer(&mut answers, &id, secret, timeout, asked, &known.name)
            .await;
        lock(&self.waiting).remove(&(id.clone(), secret));
        // What the proxy decided itself, it logs: a yes of VAULT_ASKPASS, a no, the time out.
        let logged = match &answer {
            Decided::Logged(_) => None,
            Decided::Askpass(true) => Some(about(Kind::GrantApproved).via(Via::Askpass)),
            Decided::Askpass(false) => {
                Some(about(Kind::GrantDenied).said("refused through VAULT_ASKPASS"))
            }
            Decided::TimedOut => Some(about(Kind::GrantDenied).said(&format!(
                "no answer within {}",
                time::duration_text(timeout)
            ))),
        };
        if let Some(event) = logged {
            shared
                .recorder
                .write(vec![event])
                .await
                .map_err(|err| anyhow::anyhow!("the audit log cannot record its answer: {err}"))?;
        }
        Ok(match answer {
            Decided::Logged(answer) => answer,
            Decided::Askpass(true) => Answer::Approved(id),
            Decided::Askpass(false) => Answer::Refused(format!(
                "request {id} to use {} was refused through VAULT_ASKPASS",
                known.name
            )),
            Decided::TimedOut => Answer::Refused(format!(
                "request {id} to use {} had no answer within {} (`vault grant approve {id}` lets such a request through; `vault grant add --approve-timeout` waits longer)",
                known.name,
                time::duration_text(timeout)
            )),
        })
    }

    /// Waits for the answer to request `id`: in the log, from VAULT_ASKPASS, or none in time.
    async fn answer(
        &self,
        answers: &mut Follower,
        id: &str,
        secret: usize,
        timeout: Duration,
        asked: &Asked<'_>,
        name: &str,
    ) -> Decided {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut askpass = self.askpass.as_ref().and_then(|program| {
            let question = format!(
                "vault: let {} {}{} use {name}? (request {id})",
                asked.method, asked.host, asked.path
            );
            tokio::process::Command::new(program)
                .arg(question)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                // A program that cannot be started answers nothing: the operator still can.
                .ok()
        });
        loop {
            if let Some(answer) = self.read_answer(answers, id, secret, name) {
                return Decided::Logged(answer);
            }
            if tokio::time::Instant::now() >= deadline {
                return Decided::TimedOut;
            }
            let tick = tokio::time::sleep(TICK.min(deadline - tokio::time::Instant::now()));
            match &mut askpass {
                Some(child) => {
                    tokio::select! {
                        status = child.wait() => {
                            return Decided::Askpass(status.is_ok_and(|s| s.success()));
                        }
                        () = tick => {}
                    }
                }
                None => tick.await,
            }
        }
    }

    /// An operator's answer to request `id`, if the log holds one yet. An approval `--for` a
    /// while opens the window of `secret`.
    fn read_answer(
        &self,
        answers: &mut Follower,
        id: &str,
        secret: usize,
        name: &str,
    ) -> Option<Answer> {
        // A log that cannot be read now may be readable at the next look; the time out holds.
        let lines = answers.poll().ok()?;
        let line = lines
            .iter()
            .filter_map(|line| serde_json::from_slice::<Line>(line).ok())
            .find(|line| line.request_id.as_deref() == Some(id))?;
        match line.event.as_str() {
            "grant.approved" => {
                let until = line
                    .expires_at
                    .as_deref()
                    .and_then(|end| time::parse_time(end).ok())
                    .and_then(|end| u64::try_from(end.timestamp() - time::now()).ok())
                    .filter(|&left| left > 0);
                if let Some(left) = until {
                    lock(&self.windows).insert(
                        secret,
                        (Instant::now() + Duration::from_secs(left), id.to_owned()),
                    );
                }
                Some(Answer::Approved(id.to_owned()))
            }
            "grant.denied" => Some(Answer::Refused(match line.reason {
                Some(reason) => format!(
                    "request {id} to use {name} was denied by an operator: {}",
                    crate::output::printable(&reason)
                ),
                None => format!("request {id} to use {name} was denied by an operator"),
            })),
            _ => None,
        }
    }

    /// Denials of the requests still waiting as the run ends.
    pub fn abandoned(&self, shared: &Shared) -> Vec<Event> {
        lock(&self.waiting)
            .drain()
            .map(|(id, secret)| {
                about_request(shared, secret, &id, Kind::GrantDenied)
                    .said("the run ended before an answer")
            })
            .collect()
    }
}

/// An event of kind `kind` about request `id`, held on the routes of secret `secret`.
fn about_request(shared: &Shared, secret: usize, id: &str, kind: Kind) -> Event {
    let known = &shared.secrets[secret];
    Event::new(kind)
        .grant(
            &known.grant_id,
            &shared.agent,
            &known.secret_id,
            &known.name,
        )
        .request(id)
}

/// How the wait for an answer ended.
enum Decided {
    /// An operator's answer, in the log already.
    Logged(Answer),
    Askpass(bool),
    TimedOut,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
