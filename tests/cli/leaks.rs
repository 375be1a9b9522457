//! A canary value, pushed through every command and every failure, shows up nowhere but in
//! `read`'s stdout and `exec`'s environment.

use std::fs;

use crate::support::*;

#[test]
fn the_canary_never_leaks() {
    let sandbox = Sandbox::init();
    let canary = CANARY.as_bytes();
    sandbox.add_secret("CANARY", canary);
    let key = sandbox.add_agent("bot");
    sandbox.add_agent("other");
    sandbox.grant("bot", "CANARY");
    fs::write(
        sandbox.path("canary.env"),
        format!("CANARY={CANARY}\nBROKEN=\"{CANARY}\n"),
    )
    .unwrap();
    fs::write(sandbox.path("value"), canary).unwrap();

    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["secret", "list"], ""),
        (vec!["secret", "list", "--json"], ""),
        (vec!["secret", "add", "CANARY"], CANARY),
        (vec!["secret", "add", "CANARY2", CANARY], ""),
        (vec!["secret", "add", "bad name"], CANARY),
        (vec!["secret", "add", "HUGE"], ""),
        (
            vec!["secret", "set", "CANARY", "--from-file", "value", "--json"],
            "",
        ),
        (vec!["secret", "import", "canary.env"], ""),
        (
            vec!["secret", "import", "--replace", "-"],
            "X=1\nY=\"unclosed",
        ),
        (vec!["agent", "list", "--json"], ""),
        (vec!["grant", "list"], ""),
        (vec!["grant", "list", "--json"], ""),
        (
            vec!["grant", "add", "--agent", "other", "CANARY", "--json"],
            "",
        ),
        (vec!["read", "--agent", "other", "NOPE"], ""),
        (vec!["read", "--agent", "ghost", "CANARY"], ""),
        (vec!["exec", "--agent", "bot", "--", "no-such-command"], ""),
        (
            vec!["exec", "--agent", "bot", "--only", "NOPE", "--", "true"],
            "",
        ),
        (vec!["events"], ""),
        (vec!["events", "--json"], ""),
        (vec!["events", "verify", "--json"], ""),
        (vec!["--help"], ""),
    ];
    let mut seen = Vec::new();
    for (args, stdin) in &runs {
        let mut cmd = sandbox.vault(args);
        if args == &["secret", "add", "HUGE"] {
            cmd.write_stdin(vec![b'x'; 2 << 20]);
        } else {
            cmd.write_stdin(*stdin);
        }
        let out = cmd.output().unwrap();
        seen.push((format!("{args:?} stdout"), out.stdout));
        seen.push((format!("{args:?} stderr"), out.stderr));
    }
    // A wrong identity, a damaged vault, a bad key.
    let out = sandbox
        .read_with_key("bot", "CANARY", &sandbox.path("other.key"))
        .output()
        .unwrap();
    seen.push(("wrong key".into(), out.stderr));
    let out = sandbox
        .vault(["read", "--agent", "bot", "CANARY"])
        .env("VAULT_AGENT_KEY", CANARY)
        .output()
        .unwrap();
    seen.push(("canary as a key".into(), out.stderr));
    let good = fs::read(sandbox.vault_file()).unwrap();
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    fs::write(sandbox.vault_file(), &bad).unwrap();
    for args in [
        vec!["secret", "list"],
        vec!["read", "--agent", "bot", "CANARY"],
    ] {
        let out = sandbox.vault(&args).output().unwrap();
        seen.push((format!("damaged {args:?}"), out.stderr));
    }
    fs::write(sandbox.vault_file(), &good).unwrap();

    for (what, bytes) in &seen {
        assert!(!contains(bytes, canary), "the canary leaked to {what}");
        assert!(!contains(bytes, b"panicked"), "{what} panicked");
    }
    for entry in fs::read_dir(sandbox.home()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        assert!(
            !contains(&bytes, canary),
            "the canary is in {} in clear",
            path.display()
        );
    }

    // Where it belongs: a granted read, and exec's environment (printed only with --no-mask).
    let value = stdout_of(&mut sandbox.read_with_key("bot", "CANARY", &key));
    assert_eq!(value, canary);
    let env = stdout_of(&mut sandbox.vault([
        "exec",
        "--agent",
        "bot",
        "--no-mask",
        "--",
        "printenv",
        "CANARY",
    ]));
    assert_eq!(env, [canary, b"\n"].concat());
    let env = stdout_of(&mut sandbox.vault(["exec", "--agent", "bot", "--", "printenv", "CANARY"]));
    assert_eq!(env, b"<redacted:CANARY>\n");
}
