//! `vault exec` masks every injected value in what the program prints, in every form tools
//! print it in, however the program splits its writes; and is otherwise not there: exit status,
//! signals, terminals and stdin behave as without it. Canaries are logged when taken.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use crate::support::*;

const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";

/// An agent holding KEY (the canary value), PEM (a multi-line key), TINY (too short to mask).
fn setup() -> Sandbox {
    let sandbox = Sandbox::init();
    sandbox.add_secret("KEY", CANARY.as_bytes());
    fs::write(sandbox.path("pem"), PEM).unwrap();
    sandbox
        .vault(["secret", "add", "PEM", "--from-file", "pem"])
        .assert()
        .success();
    sandbox.add_secret("TINY", b"abc");
    sandbox.add_agent("bot");
    for name in ["KEY", "PEM", "TINY"] {
        sandbox.grant("bot", name);
    }
    sandbox
}

fn exec(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    sandbox
        .vault(["exec", "--agent", "bot", "--"])
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

/// Every form of `value` that must not come out: as it is and every encoding of it.
fn forms(value: &[u8]) -> Vec<Vec<u8>> {
    let mut forms = vec![value.to_vec(), hex::lower(value), hex::upper(value)];
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        forms.push(engine.encode(value).into_bytes());
    }
    forms
}

mod hex {
    pub fn lower(bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect()
    }
    pub fn upper(bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .flat_map(|b| format!("{b:02X}").into_bytes())
            .collect()
    }
}

fn assert_clean(output: &[u8]) {
    // The parts of a value that depend on it alone: past the first and before the last
    // two characters of each encoding.
    for form in forms(CANARY.as_bytes()) {
        let core = &form[2..form.len() - 2];
        assert!(
            !contains(output, core),
            "{} shows {}",
            String::from_utf8_lossy(output),
            String::from_utf8_lossy(core)
        );
    }
}

#[test]
fn every_encoding_at_every_offset_is_masked_in_both_streams() {
    if !have_all(&["base64", "xxd"]) {
        return;
    }
    let sandbox = setup();
    // What real tools print: base64 (both alphabets, wrapped or not, after 0, 1 or 2 bytes of
    // something else), hex (xxd, od), and the raw value on stderr.
    let script = r#"
        printf 'raw %s\n' "$KEY"
        for pre in '' 'x' 'xy' 'Bearer ' 'user:'; do
            printf '%s%s' "$pre" "$KEY" | base64 -w0; echo
            printf '%s%s!' "$pre" "$KEY" | base64 -w0 | tr '+/' '-_' | tr -d '='; echo
            printf '%s%s' "$pre" "$KEY" | base64
        done
        printf %s "$KEY" | xxd -p -c 256
        printf %s "$KEY" | xxd -p -c 256 | tr a-f A-F
        printf 'to stderr: %s\n' "$KEY" >&2
    "#;
    let out = exec(&sandbox, &["sh", "-c", script]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(&out.stdout);
    assert_clean(&out.stderr);
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.starts_with("raw <redacted:KEY>\n"), "{shown}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("to stderr: <redacted:KEY>"));
    let masked = sandbox
        .events()
        .into_iter()
        .find(|e| e["event"] == "vault.masked")
        .unwrap();
    assert_eq!(masked["secret_name"], "KEY");
    assert_eq!(masked["agent_id"], "bot");
    assert!(masked["count"].as_u64().unwrap() >= 18, "{masked}");
}

#[test]
fn json_and_percent_encodings_are_masked() {
    if !have("python3") {
        return;
    }
    let sandbox = Sandbox::init();
    let value = "p@ss/wörd \"quoted\" 100%";
    sandbox.add_secret("PASSWORD", value.as_bytes());
    sandbox.add_agent("bot");
    sandbox.grant("bot", "PASSWORD");
    let script = r#"
import json, os, sys, urllib.parse
v = os.environ["PASSWORD"]
print(json.dumps({"password": v}))
print(json.dumps(v, ensure_ascii=False))
print(json.dumps(v).replace("/", "\\/"))
print(urllib.parse.quote(v, safe=""))
print(urllib.parse.quote(v, safe="").lower())
print(urllib.parse.quote_plus(v))
sys.stdout.flush()
"#;
    let out = exec(&sandbox, &["python3", "-c", script]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(shown.matches("<redacted:PASSWORD>").count(), 6, "{shown}");
    assert!(
        !shown.contains("ss/w") && !shown.contains("ss%2F") && !shown.contains("quoted"),
        "{shown}"
    );
}

#[test]
fn a_value_trickled_a_byte_at_a_time_or_split_between_streams_is_masked() {
    let sandbox = setup();
    fs::write(sandbox.path("value"), format!("before {CANARY} after\n")).unwrap();
    // dd writes one byte per write(2), in one process.
    let out = exec(&sandbox, &["dd", "if=value", "bs=1", "status=none"]);
    assert_eq!(out.stdout, b"before <redacted:KEY> after\n");

    let split = r#"printf '%.8s' "$KEY"; printf '%s\n' "${KEY#????????}" >&2"#;
    let out = exec(&sandbox, &["sh", "-c", split]);
    assert_clean(&out.stdout);
    assert_clean(&out.stderr);
    let both = [out.stdout, out.stderr].concat();
    assert!(
        contains(&both, b"<redacted:KEY>"),
        "{}",
        String::from_utf8_lossy(&both)
    );
}

#[test]
fn a_multi_line_key_is_masked_whole_and_line_by_line() {
    let sandbox = setup();
    let out = exec(
        &sandbox,
        &[
            "sh",
            "-c",
            "printf '%s\\n' \"$PEM\"; printf '%s\\n' \"$PEM\" | sed -n 2p",
        ],
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(shown, "<redacted:PEM>\n<redacted:PEM>\n");
    for line in PEM.lines().skip(1).take(2) {
        assert!(!shown.contains(line));
    }
}

#[test]
fn short_values_are_named_once_and_not_masked() {
    let sandbox = setup();
    let out = exec(&sandbox, &["sh", "-c", "echo \"[$TINY]\""]);
    assert_eq!(out.stdout, b"[abc]\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("not masking TINY").count(), 1, "{err}");
    let out = sandbox
        .vault(["-q", "exec", "--agent", "bot", "--", "true"])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn no_mask_leaves_the_output_as_it_is_and_becomes_the_program() {
    let sandbox = setup();
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--no-mask", "--", "sh", "-c"])
        .arg("printf %s \"$KEY\"; echo $$ >&2")
        .output()
        .unwrap();
    assert_eq!(out.stdout, CANARY.as_bytes());
    assert!(!sandbox.event_names().contains(&"vault.masked".to_owned()));
}

#[test]
fn exit_status_and_signals_pass_through_in_pipe_mode() {
    let sandbox = setup();
    for (script, code) in [
        ("exit 0", 0),
        ("exit 7", 7),
        ("kill -TERM $$", 128 + 15),
        ("kill -KILL $$", 128 + 9),
    ] {
        let out = exec(&sandbox, &["sh", "-c", script]);
        assert_eq!(out.status.code(), Some(code), "{script}");
    }
    // A signal sent to vault reaches the program, which handles it as it likes.
    let mut child = sandbox
        .spawnable(["exec", "--agent", "bot", "--", "sh", "-c"])
        .arg("trap 'echo got-term; exit 3' TERM; trap 'echo got-usr1' USR1; echo ready; while :; do sleep 0.05; done")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGUSR1).unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), "got-usr1");
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), "got-term");
    assert_eq!(child.wait().unwrap().code(), Some(3));
}

#[test]
fn stdin_passes_untouched_in_pipe_mode() {
    let sandbox = setup();
    let out = sandbox
        .vault([
            "exec",
            "--agent",
            "bot",
            "--",
            "sh",
            "-c",
            "cat; echo \"$KEY\"",
        ])
        .write_stdin("from stdin\n")
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"from stdin\n<redacted:KEY>\n");
}

/// `vault exec` on a terminal (a pseudo-terminal `script` makes, sized by `stty`): the program
/// has a terminal too, of the same size, and its colours and input come through.
#[test]
fn on_a_terminal_the_program_gets_a_terminal() {
    if !have("script") {
        return;
    }
    let sandbox = setup();
    fs::write(
        sandbox.path("inner.sh"),
        "test -t 0 && test -t 1 && test -t 2 && echo all-ttys; stty size\n\
         printf '\\033[31mred\\033[0m %s\\n' \"$KEY\"\n\
         read line; echo \"got:$line\"; exit 5\n",
    )
    .unwrap();
    let script = "stty cols 91 rows 33; $VAULT exec --agent bot -- sh inner.sh; echo \"status $?\"";
    let shown = sandbox.terminal(script, "typed\n");
    assert!(shown.contains("all-ttys\n"), "{shown}");
    assert!(shown.contains("33 91\n"), "{shown}");
    assert!(
        shown.contains("\x1b[31mred\x1b[0m <redacted:KEY>\n"),
        "{shown}"
    );
    assert!(shown.contains("got:typed\n"), "{shown}");
    assert!(shown.contains("status 5\n"), "{shown}");
    assert_clean(shown.as_bytes());
}

#[test]
fn a_canary_is_logged_when_read_named_or_printed() {
    let sandbox = Sandbox::init();
    sandbox
        .vault(["secret", "add", "--canary", "BAIT"])
        .write_stdin(CANARY)
        .assert()
        .success();
    sandbox.add_secret("REAL", b"real-value");
    sandbox.add_agent("bot");
    sandbox.grant("bot", "BAIT");
    sandbox.grant("bot", "REAL");
    let listed = sandbox.json(&["secret", "list"]);
    assert_eq!(listed[0]["name"], "BAIT");
    assert_eq!(listed[0]["canary"], true);
    assert_eq!(listed[1]["canary"], false);
    // `set` keeps the mark.
    sandbox
        .vault(["secret", "set", "BAIT"])
        .write_stdin(CANARY)
        .assert()
        .success();
    assert_eq!(sandbox.json(&["secret", "list"])[0]["canary"], true);

    let canaries = |sandbox: &Sandbox| -> Vec<String> {
        sandbox
            .events()
            .iter()
            .filter(|e| e["event"] == "vault.canary")
            .map(|e| {
                assert_eq!(
                    (&e["agent_id"], &e["secret_name"]),
                    (&"bot".into(), &"BAIT".into())
                );
                assert!(e["secret_id"].as_str().unwrap().starts_with("sec_"));
                e["how"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    // Injected with the rest, not printed: an access like any other, no canary.
    let out = sandbox
        .vault([
            "exec",
            "--agent",
            "bot",
            "--",
            "sh",
            "-c",
            "test -n \"$BAIT\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(canaries(&sandbox).is_empty());

    // A read, and an exec --only naming it: the value is handed out, and the bait is noted.
    let read = stdout_of(&mut sandbox.vault(["read", "--agent", "bot", "BAIT"]));
    assert_eq!(read, CANARY.as_bytes());
    let names = sandbox.event_names();
    assert_eq!(
        &names[names.len() - 2..],
        ["vault.accessed", "vault.canary"]
    );
    sandbox
        .vault(["exec", "--agent", "bot", "--only", "BAIT", "--", "true"])
        .assert()
        .success();
    assert_eq!(canaries(&sandbox), ["read", "exec"]);

    // A prompt-injected agent dumps its environment: the bait shows in the output.
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--", "env"])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("BAIT=<redacted:BAIT>") && shown.contains("REAL=<redacted:REAL>"));
    assert_eq!(canaries(&sandbox), ["read", "exec", "output"]);
    let masked: Vec<(String, u64)> = sandbox
        .events()
        .iter()
        .filter(|e| e["event"] == "vault.masked")
        .map(|e| {
            (
                e["secret_name"].as_str().unwrap().to_owned(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(masked, [("BAIT".to_owned(), 1), ("REAL".to_owned(), 1)]);

    // The README's alert: `--follow --event vault.canary` sees it as it happens.
    let shown = String::from_utf8(stdout_of(&mut sandbox.vault([
        "events",
        "--event",
        "vault.canary",
        "--json",
    ])))
    .unwrap();
    assert_eq!(shown.lines().count(), 3);
}

/// What masking caught is logged even when the program is killed.
#[test]
fn masked_events_are_logged_when_the_program_is_killed() {
    let sandbox = setup();
    let out = exec(&sandbox, &["sh", "-c", "echo \"$KEY\"; kill -KILL $$"]);
    assert_eq!(out.status.code(), Some(137));
    assert_eq!(out.stdout, b"<redacted:KEY>\n");
    let last = sandbox.events().pop().unwrap();
    assert_eq!(
        (last["event"].as_str(), last["count"].as_u64()),
        (Some("vault.masked"), Some(1))
    );
}

/// SIGWINCH: a resize of `vault`'s terminal resizes the program's, which hears of it.
#[test]
fn a_resized_terminal_resizes_the_programs_one() {
    if !have("script") {
        return;
    }
    let sandbox = setup();
    fs::write(
        sandbox.path("inner.sh"),
        "trap 'stty size; exit 0' WINCH; touch ready\n\
         i=0; while [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo no-winch\n",
    )
    .unwrap();
    let script = "stty cols 91 rows 33; TTY=$(tty); \
                  (while [ ! -e ready ]; do sleep 0.02; done; stty -F \"$TTY\" cols 50 rows 20) & \
                  $VAULT exec --agent bot -- sh inner.sh; echo \"status $?\"";
    let shown = sandbox.terminal(script, "");
    assert!(shown.contains("20 50\nstatus 0"), "{shown}");
}

/// On a terminal the program runs in a session of its own, and a signal sent to `vault` goes to
/// the program's foreground group there.
#[test]
fn on_a_terminal_signals_sent_to_vault_reach_the_program() {
    if !have("script") {
        return;
    }
    let sandbox = setup();
    fs::write(
        sandbox.path("inner.sh"),
        "trap 'echo got-term; exit 6' TERM; touch ready\n\
         i=0; while [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo no-term\n",
    )
    .unwrap();
    let script = "$VAULT exec --agent bot -- sh inner.sh < /dev/null & VPID=$!; \
                  while [ ! -e ready ]; do sleep 0.02; done; kill -TERM $VPID; wait $VPID; \
                  echo \"status $?\"";
    let shown = sandbox.terminal(script, "");
    assert!(
        shown.contains("got-term\n") && shown.contains("status 6"),
        "{shown}"
    );
}

/// A program that exits while `vault` is still preparing the faster automaton: its SIGCHLD must
/// not be lost to the thread that builds it (it once was, and `vault` waited forever).
#[test]
fn a_program_that_ends_at_once_ends_the_run_at_once() {
    let sandbox = setup();
    for _ in 0..20 {
        sandbox
            .vault(["-q", "exec", "--agent", "bot", "--", "true"])
            .timeout(Duration::from_secs(20))
            .assert()
            .success();
    }
}

/// The review's break 4: with a secret too short to mask injected first, the counts went to
/// the wrong secrets, and a canary printed raised nothing. Each event names its own secret; a
/// canary handed over unwatched (`--no-mask`, or too short to mask) is logged when it is.
#[test]
fn masked_and_canary_events_name_the_secret_they_are_about() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A_SHORT", b"short");
    sandbox.add_secret("B_TOK", b"b-token-value-123456");
    sandbox
        .vault(["secret", "add", "--canary", "C_CAN"])
        .write_stdin(CANARY)
        .assert()
        .success();
    sandbox
        .vault(["secret", "add", "--canary", "D_TINY"])
        .write_stdin("tiny")
        .assert()
        .success();
    sandbox.add_agent("bot");
    for name in ["A_SHORT", "B_TOK", "C_CAN"] {
        sandbox.grant("bot", name);
    }
    let before = sandbox.events().len();
    let out = exec(&sandbox, &["printenv", "C_CAN"]);
    assert_eq!(out.stdout, b"<redacted:C_CAN>\n");
    let events = sandbox.events()[before..].to_vec();
    let about = |kind: &str| -> Vec<String> {
        events
            .iter()
            .filter(|e| e["event"] == kind)
            .map(|e| e["secret_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(about("vault.masked"), ["C_CAN"]);
    assert_eq!(about("vault.canary"), ["C_CAN"]);
    let canary = events
        .iter()
        .find(|e| e["event"] == "vault.canary")
        .unwrap();
    assert_eq!(canary["how"], "output");

    // --no-mask: the program holds the value and nothing watches its output.
    let before = sandbox.events().len();
    sandbox
        .vault(["exec", "--agent", "bot", "--no-mask", "--", "true"])
        .assert()
        .success();
    let events = sandbox.events()[before..].to_vec();
    let canaries: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["event"] == "vault.canary")
        .collect();
    assert_eq!(canaries.len(), 1);
    assert_eq!(
        (
            canaries[0]["secret_name"].as_str(),
            canaries[0]["how"].as_str()
        ),
        (Some("C_CAN"), Some("exec"))
    );
    // Too short to mask: taken as soon as it is handed over.
    sandbox.grant("bot", "D_TINY");
    let before = sandbox.events().len();
    exec(&sandbox, &["true"]);
    let events = sandbox.events()[before..].to_vec();
    let taken: Vec<&str> = events
        .iter()
        .filter(|e| e["event"] == "vault.canary")
        .map(|e| e["secret_name"].as_str().unwrap())
        .collect();
    assert_eq!(taken, ["D_TINY"]);
}

/// The review's masking gaps 6 and 8: the default output of the usual encoders, wrapped or
/// spaced, and the escapes other languages write.
#[test]
fn what_the_usual_encoders_print_by_default_is_masked() {
    let sandbox = Sandbox::init();
    let value = "sk-proj-0123456789abcdefghij/klmnop+qrstuvwxyzABCDEF!(x)*'y<&>ä\"end";
    sandbox.add_secret("LONG", value.as_bytes());
    sandbox.add_agent("bot");
    sandbox.grant("bot", "LONG");
    let mut commands = vec![
        "printf %s \"$LONG\" | base64".to_owned(),
        "printf %s \"$LONG\" | od -An -tx1".to_owned(),
        "printf %s \"$LONG\" | od -An -tx1 | tr -d '\\n'".to_owned(),
        "printf %s \"$LONG\" | fold -w 20".to_owned(),
    ];
    let tools = [
        ("openssl", "printf %s \"$LONG\" | openssl base64"),
        ("xxd", "printf %s \"$LONG\" | xxd -p"),
    ];
    for (tool, command) in tools {
        if std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(tool).is_file()))
        {
            commands.push(command.to_owned());
        }
    }
    if have("python3") {
        for script in [
            "import base64,os; print(base64.encodebytes(os.environb[b'LONG']).decode())",
            "import os,urllib.parse; print(urllib.parse.quote(os.environ['LONG']))",
            "import os,json; print(json.dumps(os.environ['LONG']))",
            "import os,json; print(json.dumps(os.environ['LONG']).replace('\\\\u00e4', '\\\\u00E4'))",
            "import os,html; print(html.escape(os.environ['LONG']))",
            "import os,json; print(json.dumps(os.environ['LONG'], ensure_ascii=False).replace('<', '\\\\u003c').replace('>', '\\\\u003e').replace('&', '\\\\u0026'))",
        ] {
            commands.push(format!("python3 -c \"{}\"", script.replace('"', "\\\"")));
        }
    }
    if have("node") {
        commands.push("node -e 'console.log(encodeURIComponent(process.env.LONG))'".to_owned());
    }
    for command in &commands {
        let out = exec(&sandbox, &["sh", "-c", command]);
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("<redacted:LONG>"), "{command}: {text}");
        // No run of the value's own characters that could be read back survives: the longest
        // piece of the output left between separators is short.
        assert!(
            !contains(&out.stdout, b"0123456789abcdef"),
            "{command}: {text}"
        );
        assert!(
            !contains(&out.stdout, b"736b2d70726f6a2d"),
            "{command}: {text}"
        );
        assert!(
            !contains(&out.stdout, b"c2stcHJvai0wMTIz"),
            "{command}: {text}"
        );
    }
}

/// Gap 7: a reader of the two streams apart (`subprocess.run(capture_output=True)`) must find
/// the value in neither, though a line on stderr cut it in two on the way.
#[test]
fn a_line_on_stderr_in_the_middle_of_a_value_on_stdout_hides_nothing() {
    let sandbox = setup();
    let out = exec(
        &sandbox,
        &[
            "sh",
            "-c",
            "printf %s \"${KEY%%CANARY*}\"; echo oops >&2; printf '%s\\n' \"CANARY${KEY#*CANARY}\"",
        ],
    );
    assert_eq!(out.stdout, b"<redacted:KEY>\n");
    assert!(
        out.stderr.ends_with(b"\noops\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(&out.stdout);
}

/// Gap 8: a multi-line value whose lines are under 6 bytes, written with CRLF; and two values
/// that overlap in what is printed.
#[test]
fn crlf_short_lines_and_overlapping_values_are_masked() {
    let sandbox = Sandbox::init();
    fs::write(sandbox.path("short-lines"), "ab1\ncd2\nef3\ngh4\nij5").unwrap();
    sandbox
        .vault(["secret", "add", "LINES", "--from-file", "short-lines"])
        .assert()
        .success();
    sandbox.add_secret("FIRST", b"alpha-bravo-charlie");
    sandbox.add_secret("SECOND", b"charlie-delta-echo");
    sandbox.add_agent("bot");
    for name in ["LINES", "FIRST", "SECOND"] {
        sandbox.grant("bot", name);
    }
    let out = exec(
        &sandbox,
        &[
            "sh",
            "-c",
            "printf '%s' \"$LINES\" | sed 's/$/\\r/'; echo; echo alpha-bravo-charlie-delta-echo",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("<redacted:LINES>"), "{text:?}");
    assert!(
        text.ends_with("<redacted:FIRST><redacted:SECOND>\n"),
        "{text:?}"
    );
}

/// Gap 9: started from a terminal with its output piped, the program cannot write to the
/// terminal unmasked, neither through /dev/tty nor through a terminal on fd 0.
#[test]
fn in_pipe_mode_the_program_never_holds_the_users_terminal() {
    if !have("script") {
        return;
    }
    let sandbox = setup();
    fs::write(
        sandbox.path("inner.sh"),
        "printf 'tty:%s\\n' \"$KEY\" > /dev/tty || echo no-dev-tty >&2\n\
         test -t 0 && printf 'fd0:%s\\n' \"$KEY\" >&0\n\
         read line; echo \"got:$line\"\n",
    )
    .unwrap();
    let script = "$VAULT exec --agent bot -- sh inner.sh | cat; echo \"status $?\"";
    let shown = sandbox.terminal(script, "typed\n");
    assert!(shown.contains("got:typed\n"), "{shown}");
    assert!(shown.contains("status 0"), "{shown}");
    assert_clean(shown.as_bytes());
    // Neither a terminal nor a pipe from one: no controlling terminal at all.
    let out = exec(
        &sandbox,
        &["sh", "-c", "echo \"$KEY\" > /dev/tty && echo reached"],
    );
    assert!(!contains(&out.stdout, b"reached"));
}

/// Gap 10: a value no environment variable can carry is refused with one line, before the
/// program starts; a long one that fits is masked in bounded memory.
#[test]
fn values_too_large_for_the_environment_are_refused_and_long_ones_masked() {
    let sandbox = Sandbox::init();
    let large: String = (0..(1 << 20))
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    fs::write(sandbox.path("large"), &large).unwrap();
    sandbox
        .vault(["secret", "add", "LARGE", "--from-file", "large"])
        .assert()
        .success();
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "LARGE");
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(&key)
        .args(["--", "sh", "-c", "echo ran"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let line = one_error_line(&out.stderr);
    assert!(
        line.contains("128 KiB") && line.contains("vault read --agent bot LARGE"),
        "{line}"
    );

    let pem: String = (0..100)
        .map(|i| format!("{:064x}\n", i * 7919 + 13))
        .collect();
    fs::write(sandbox.path("pem"), &pem).unwrap();
    sandbox
        .vault(["secret", "add", "KEYFILE", "--from-file", "pem"])
        .assert()
        .success();
    sandbox.grant("bot", "KEYFILE");
    sandbox
        .vault(["grant", "rm", "--agent", "bot", "LARGE"])
        .assert()
        .success();
    let out = sandbox
        .vault(["exec", "--agent", "bot", "--key-file"])
        .arg(&key)
        .args([
            "--",
            "sh",
            "-c",
            "printf %s \"$KEYFILE\"; printf %s \"$KEYFILE\" | base64",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.matches("<redacted:KEYFILE>").count(),
        2,
        "{}",
        &text[..text.len().min(400)]
    );
    assert!(
        !text.contains("000000000000000d"),
        "{}",
        &text[..400.min(text.len())]
    );
}
