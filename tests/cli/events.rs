use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

/// A vault with a history: 4 changes, 2 reads by `bot`, 1 denial of `ghost`.
fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    sandbox.add_agent("bot");
    sandbox.grant("bot", "TOKEN");
    read(&sandbox, "bot");
    read(&sandbox, "bot");
    sandbox
        .vault(["read", "--agent", "ghost", "TOKEN"])
        .assert()
        .code(3);
    sandbox
}

fn read(sandbox: &Sandbox, agent: &str) {
    sandbox
        .vault(["read", "--agent", agent, "TOKEN"])
        .assert()
        .success();
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn seqs(out: &[u8]) -> Vec<u64> {
    json_lines(out)
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect()
}

#[test]
fn json_output_is_the_log_byte_for_byte() {
    let sandbox = setup();
    let out = stdout_of(&mut sandbox.vault(["events", "--json"]));
    assert_eq!(out, fs::read(sandbox.log_file()).unwrap());
}

#[test]
fn human_output_is_one_readable_line_per_event() {
    let sandbox = setup();
    let out = String::from_utf8(stdout_of(&mut sandbox.vault(["events"]))).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].contains("vault.initialized"));
    let denied = lines[6];
    for part in ["vault.denied", "ghost", "TOKEN", "unknown-agent"] {
        assert!(denied.contains(part), "{denied}");
    }
    assert!(!out.contains('\x1b'), "no colour when piped");
    assert!(!out.contains(CANARY));
}

#[test]
fn n_takes_the_last_events() {
    let sandbox = setup();
    assert_eq!(
        seqs(&stdout_of(
            &mut sandbox.vault(["events", "-n", "2", "--json"])
        )),
        [6, 7]
    );
    assert_eq!(
        seqs(&stdout_of(
            &mut sandbox.vault(["events", "-n", "100", "--json"])
        ))
        .len(),
        7
    );
    assert!(stdout_of(&mut sandbox.vault(["events", "-n", "0"])).is_empty());
}

#[test]
fn filters_combine() {
    let sandbox = setup();
    let by_agent = json_lines(&stdout_of(
        &mut sandbox.vault(["events", "--agent", "bot", "--json"]),
    ));
    assert_eq!(by_agent.len(), 4, "agent.created, grant.created, two reads");
    assert!(by_agent.iter().all(|e| e["agent_id"] == "bot"));

    let reads = [
        "events",
        "--event",
        "vault.accessed",
        "--event",
        "vault.denied",
        "--json",
    ];
    assert_eq!(seqs(&stdout_of(&mut sandbox.vault(reads))), [5, 6, 7]);
    let last_read = [
        "events",
        "--agent",
        "bot",
        "--event",
        "vault.accessed",
        "-n",
        "1",
        "--json",
    ];
    assert_eq!(seqs(&stdout_of(&mut sandbox.vault(last_read))), [6]);

    let recent = ["events", "--since", "1h", "--json"];
    assert_eq!(seqs(&stdout_of(&mut sandbox.vault(recent))).len(), 7);
    let future = ["events", "--since", "2999-01-01T00:00:00Z"];
    assert!(stdout_of(&mut sandbox.vault(future)).is_empty());

    for bad in [["--event", "vault.nonsense"], ["--since", "last tuesday"]] {
        let out = sandbox.vault(["events"]).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        one_error_line(&out.stderr);
    }
}

#[test]
fn verify_reports_an_intact_chain_and_its_head() {
    let sandbox = setup();
    let report = sandbox.json(&["events", "verify"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["events"], 7);
    assert_eq!(report["first_bad_line"], Value::Null);
    let head = report["head"].as_str().unwrap().to_owned();

    let out = String::from_utf8(stdout_of(&mut sandbox.vault(["events", "verify"]))).unwrap();
    assert!(out.contains(&format!("head: {head} (event 7)")), "{out}");

    read(&sandbox, "bot");
    sandbox
        .vault(["events", "verify", "--expect-head", &head])
        .assert()
        .success();
    let out = sandbox
        .vault(["events", "verify", "--expect-head", "sha256:0000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("expected head"));
}

/// Rewrites the log, runs `verify --json`, and returns (exit code, first_bad_line).
fn verify_after(sandbox: &Sandbox, edit: impl FnOnce(&mut Vec<String>)) -> (i32, Value) {
    let original = fs::read_to_string(sandbox.log_file()).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
    edit(&mut lines);
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    fs::write(sandbox.log_file(), text).unwrap();
    let out = sandbox
        .vault(["events", "verify", "--json"])
        .output()
        .unwrap();
    fs::write(sandbox.log_file(), original).unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    one_error_line(&out.stderr);
    (out.status.code().unwrap(), report["first_bad_line"].clone())
}

#[test]
fn verify_names_the_line_of_every_kind_of_tampering() {
    let sandbox = setup();
    let edited = verify_after(&sandbox, |lines| {
        lines[3] = lines[3].replace("\"bot\"", "\"evil\"");
    });
    assert_eq!(edited, (1, Value::from(4)));
    let deleted = verify_after(&sandbox, |lines| {
        lines.remove(2);
    });
    assert_eq!(deleted, (1, Value::from(3)));
    let inserted = verify_after(&sandbox, |lines| {
        let copy = lines[4].clone();
        lines.insert(5, copy);
    });
    assert_eq!(inserted, (1, Value::from(6)));
    let reordered = verify_after(&sandbox, |lines| lines.swap(4, 5));
    assert_eq!(reordered, (1, Value::from(5)));
}

#[test]
fn verify_with_the_operator_identity_notices_a_cut_tail() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    sandbox.add_secret("B", b"b");
    // The last change was event 3; cutting it leaves a chain that is intact on its own.
    let verdict = verify_after(&sandbox, |lines| {
        lines.pop();
    });
    assert_eq!(verdict, (1, Value::from(3)));

    let text = fs::read_to_string(sandbox.log_file()).unwrap();
    let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    fs::write(sandbox.log_file(), cut).unwrap();
    fs::rename(sandbox.identity_file(), sandbox.path("away")).unwrap();
    let out = sandbox.vault(["events", "verify"]).output().unwrap();
    assert!(out.status.success(), "the chain alone cannot tell");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Checked the chains only"));
}

#[test]
fn a_read_whose_event_meets_a_full_disk_prints_nothing() {
    let sandbox = setup();
    let log = sandbox.path("full.jsonl");
    std::os::unix::fs::symlink("/dev/full", &log).unwrap();
    let out = sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .env("VAULT_LOG", &log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("audit log") && err.contains("withheld"),
        "{err}"
    );

    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox
        .vault(["secret", "add", "NEW"])
        .env("VAULT_LOG", &log)
        .write_stdin("v")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("nothing was changed"));
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

#[test]
fn a_read_that_cannot_lock_the_log_fails_closed() {
    let sandbox = setup();
    let lock = fs::File::open(sandbox.log_file()).unwrap();
    fs2::FileExt::lock_exclusive(&lock).unwrap();
    let out = sandbox
        .vault(["read", "--agent", "bot", "TOKEN"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(one_error_line(&out.stderr).contains("busy"));
}

/// `vault events --follow …` with its stdout read line by line on a thread.
struct Following {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Following {
    fn start(sandbox: &Sandbox, args: &[&str]) -> Self {
        let mut child = sandbox
            .spawnable(["events", "--follow", "--json"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if send.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The next event printed; generous patience, as CI machines can be slow.
    fn next(&self, what: &str) -> Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("--follow printed nothing for {what}"));
        serde_json::from_str(&line).unwrap()
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn follow_shows_the_last_events_then_new_ones_across_rotation() {
    let sandbox = setup();
    let follow = Following::start(&sandbox, &["-n", "2"]);
    assert_eq!(follow.next("the last two")["seq"], 6);
    assert_eq!(follow.next("the last two")["seq"], 7);

    read(&sandbox, "bot");
    let new = follow.next("a new read");
    assert_eq!(
        (new["seq"].clone(), new["event"].clone()),
        (8.into(), "vault.accessed".into())
    );

    fs::rename(sandbox.log_file(), sandbox.path("events.jsonl.1")).unwrap();
    read(&sandbox, "bot");
    let after_rotation = follow.next("a read after rotation");
    assert_eq!(after_rotation["seq"], 1, "the new log starts its own chain");
    assert_eq!(after_rotation["event"], "vault.accessed");

    fs::write(sandbox.log_file(), "").unwrap();
    read(&sandbox, "bot");
    assert_eq!(follow.next("a read after truncation")["seq"], 1);
}

#[test]
fn follow_filters_what_it_shows() {
    let sandbox = setup();
    // With the whole history asked for, the denial shows whether the follower starts before
    // it is logged or after (with `-n 0` a slow start would miss it).
    let follow = Following::start(&sandbox, &["-n", "1000", "--agent", "ghost"]);
    read(&sandbox, "bot");
    sandbox
        .vault(["read", "--agent", "ghost", "TOKEN"])
        .assert()
        .code(3);
    let shown = follow.next("the denial");
    assert_eq!(shown["agent_id"], "ghost");
    assert_eq!(shown["event"], "vault.denied");
}

#[test]
fn follow_ends_quietly_when_its_reader_goes_away() {
    let sandbox = setup();
    let started = Instant::now();
    let out = sandbox
        .shell("$VAULT events --follow | head -n 3")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    assert!(started.elapsed() < Duration::from_secs(60), "did not hang");
}

#[test]
fn a_terminal_sees_denials_in_colour_unless_no_color() {
    if !have("script") {
        return;
    }
    let sandbox = setup();
    // `script` gives the command a terminal for stdout.
    let on_terminal = |no_color: &str| {
        let out = sandbox
            .shell("script -qec \"$VAULT events --event vault.denied\" /dev/null")
            .env("NO_COLOR", no_color)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(on_terminal("").contains("\x1b[1;31mvault.denied"));
    let plain = on_terminal("1");
    assert!(
        plain.contains("vault.denied") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}
