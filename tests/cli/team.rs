//! A vault a team shares through git: two machines, two operators each with a key of their own,
//! each with a log of its own, changing the vault apart and pulling each other's changes with
//! the real `git` and `vault merge` as its merge driver.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin;

use crate::support::*;

/// One machine: its clone of the repository, and its own VAULT_HOME (identity, log).
struct Machine {
    home: PathBuf,
    repo: PathBuf,
    /// The sandbox's HOME, for git's global config.
    user_home: PathBuf,
}

impl Machine {
    fn vault_file(&self) -> PathBuf {
        self.repo.join("vault.age")
    }

    fn command(&self, program: &Path, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(program);
        cmd.args(args)
            .current_dir(&self.repo)
            .env("VAULT_HOME", &self.home)
            .env("VAULT_FILE", self.vault_file())
            .env("HOME", &self.user_home)
            .env("GIT_AUTHOR_NAME", "op")
            .env("GIT_AUTHOR_EMAIL", "op@example.org")
            .env("GIT_COMMITTER_NAME", "op")
            .env("GIT_COMMITTER_EMAIL", "op@example.org")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        for var in [
            "VAULT_IDENTITY",
            "VAULT_LOG",
            "VAULT_AGENT_KEY",
            "VAULT_AGENT_KEY_FILE",
            "VAULT_PASSPHRASE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    fn vault(&self, args: &[&str]) -> assert_cmd::Command {
        self.command(&cargo_bin("vault"), args)
    }

    fn git(&self, args: &[&str]) -> std::process::Output {
        self.command(Path::new("git"), args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn set(&self, name: &str, value: &str) {
        self.vault(&["secret", "set", name])
            .write_stdin(value)
            .assert()
            .success();
    }

    fn add(&self, name: &str, value: &str) {
        self.vault(&["secret", "add", name])
            .write_stdin(value)
            .assert()
            .success();
    }

    fn agent(&self, name: &str) -> PathBuf {
        let out = self.vault(&["agent", "add", name]).output().unwrap();
        assert!(out.status.success());
        let key = self.home.join(format!("{name}.key"));
        fs::write(&key, out.stdout).unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        key
    }

    fn reads(&self, agent: &str, key: &Path, secret: &str) -> Option<Vec<u8>> {
        let out = self
            .vault(&["read", "--agent", agent, secret, "--key-file"])
            .arg(key)
            .output()
            .unwrap();
        out.status.success().then_some(out.stdout)
    }

    fn commit(&self, message: &str) {
        self.ok(&["commit", "-qam", message]);
    }
}

/// A bare origin, machine A that made the vault (and made B an operator), machine B with its
/// own key and a clone of it, both set up with `vault git setup`.
fn team(sandbox: &Sandbox) -> (Machine, Machine) {
    let origin = sandbox.path("origin.git");
    let user_home = sandbox.path("home");
    let machine = |name: &str| Machine {
        home: sandbox.path(&format!("{name}/home")),
        repo: sandbox.path(&format!("{name}/repo")),
        user_home: user_home.clone(),
    };
    let (a, b) = (machine("a"), machine("b"));
    for m in [&a, &b] {
        fs::create_dir_all(&m.home).unwrap();
        fs::set_permissions(&m.home, fs::Permissions::from_mode(0o700)).unwrap();
    }
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .env("HOME", &user_home)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        origin.to_str().unwrap(),
    ]);
    git(&[
        "clone",
        "-q",
        origin.to_str().unwrap(),
        a.repo.to_str().unwrap(),
    ]);
    a.ok(&["checkout", "-q", "-b", "main"]);
    a.vault(&["init"]).assert().success();
    // B's key, made on B; A makes it an operator of the vault.
    b.vault(&["init", "--vault"])
        .arg(b.home.join("scratch.age"))
        .current_dir(&b.home)
        .assert()
        .success();
    let b_recipient = String::from_utf8(stdout_of(
        b.vault(&["operator", "list", "--json", "--vault"])
            .arg(b.home.join("scratch.age"))
            .current_dir(&b.home),
    ))
    .unwrap();
    let b_recipient: serde_json::Value = serde_json::from_str(&b_recipient).unwrap();
    a.vault(&[
        "operator",
        "add",
        b_recipient[0]["recipient"].as_str().unwrap(),
    ])
    .assert()
    .success();
    a.vault(&["git", "setup"]).assert().success();
    a.ok(&["add", "-A"]);
    a.commit("the vault");
    a.ok(&["push", "-q", "origin", "main"]);
    git(&[
        "clone",
        "-q",
        "-b",
        "main",
        origin.to_str().unwrap(),
        b.repo.to_str().unwrap(),
    ]);
    b.vault(&["git", "setup"]).assert().success();
    (a, b)
}

/// A value that must never show in the history: every test checks `git log -p`.
fn value(tag: &str) -> String {
    format!("{CANARY}-{tag}")
}

fn history_shows_no_value(machine: &Machine) {
    let log = machine.git(&["log", "-p", "--all"]);
    assert!(log.status.success());
    assert!(
        !contains(&log.stdout, CANARY.as_bytes()),
        "a value in git log -p"
    );
    let text = String::from_utf8_lossy(&log.stdout);
    assert!(
        text.contains("fingerprint"),
        "the textconv diff is used: {text}"
    );
}

#[test]
fn changes_on_two_machines_merge_in_either_order() {
    if !have("git") {
        return;
    }
    for a_first in [true, false] {
        let sandbox = Sandbox::new();
        let (a, b) = team(&sandbox);
        // Both start from a shared secret, granted to an agent made on A.
        a.add("SHARED", &value("shared"));
        a.add("OLD_NAME", &value("renamed"));
        let alice = a.agent("alice");
        a.vault(&["grant", "add", "--agent", "alice", "SHARED"])
            .assert()
            .success();
        a.commit("shared");
        a.ok(&["push", "-q", "origin", "main"]);
        b.ok(&["pull", "-q", "--no-rebase", "origin", "main"]);
        fs::copy(&alice, b.home.join("alice.key")).unwrap();

        // Apart: A adds and sets and renames; B adds an agent, grants, sets another.
        a.add("FROM_A", &value("a"));
        a.set("SHARED", &value("shared-2"));
        a.vault(&["secret", "rename", "OLD_NAME", "NEW_NAME"])
            .assert()
            .success();
        a.vault(&["grant", "add", "--agent", "alice", "FROM_A", "--for", "1h"])
            .assert()
            .success();
        a.commit("A's changes");
        b.add("FROM_B", &value("b"));
        let bob = b.agent("bob");
        b.vault(&["grant", "add", "--agent", "bob", "FROM_B"])
            .assert()
            .success();
        b.vault(&["grant", "add", "--agent", "alice", "OLD_NAME"])
            .assert()
            .success();
        b.commit("B's changes");

        let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };
        first.ok(&["push", "-q", "origin", "main"]);
        let pulled = second.git(&["pull", "--no-rebase", "origin", "main"]);
        assert!(
            pulled.status.success(),
            "the merge: {}{}",
            String::from_utf8_lossy(&pulled.stdout),
            String::from_utf8_lossy(&pulled.stderr)
        );
        second.ok(&["push", "-q", "origin", "main"]);
        first.ok(&["pull", "-q", "--no-rebase", "origin", "main"]);
        assert_eq!(
            fs::read(a.vault_file()).unwrap(),
            fs::read(b.vault_file()).unwrap()
        );

        for m in [&a, &b] {
            let names: Vec<String> = m
                .vault(&["secret", "list", "--json"])
                .output()
                .map(|o| {
                    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                    list.as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s["name"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap();
            assert_eq!(names, ["FROM_A", "FROM_B", "NEW_NAME", "SHARED"]);
            let alice_key = m.home.join("alice.key");
            let alice_key = if alice_key.exists() {
                alice_key
            } else {
                alice.clone()
            };
            assert_eq!(
                m.reads("alice", &alice_key, "SHARED").unwrap(),
                value("shared-2").as_bytes()
            );
            assert_eq!(
                m.reads("alice", &alice_key, "FROM_A").unwrap(),
                value("a").as_bytes()
            );
            // B's grant on the secret A renamed follows it.
            assert_eq!(
                m.reads("alice", &alice_key, "NEW_NAME").unwrap(),
                value("renamed").as_bytes()
            );
            assert!(m.reads("alice", &alice_key, "FROM_B").is_none());
            assert_eq!(
                m.reads("bob", &bob, "FROM_B").unwrap(),
                value("b").as_bytes()
            );
            assert!(m.reads("bob", &bob, "SHARED").is_none());
            m.vault(&["events", "verify"]).assert().success();
            // And each machine goes on changing it.
            m.set("SHARED", &value("after"));
        }
        history_shows_no_value(&a);
    }
}

/// The review's data loss: Alice adds FROM_A, both set TOKEN. Bob's pull reports the conflict;
/// what it leaves must hold FROM_A, Bob's TOKEN, and Alice's TOKEN one command away, so that
/// committing it and going on loses nothing on either machine.
#[test]
fn a_conflict_merges_everything_else_and_loses_neither_sides_value() {
    if !have("git") {
        return;
    }
    let sandbox = Sandbox::new();
    let (a, b) = team(&sandbox);
    a.add("TOKEN", &value("base"));
    a.commit("token");
    a.ok(&["push", "-q", "origin", "main"]);
    b.ok(&["pull", "-q", "--no-rebase", "origin", "main"]);
    a.add("FROM_A", &value("a-only"));
    a.set("TOKEN", &value("from-a"));
    a.commit("A adds and sets");
    a.ok(&["push", "-q", "origin", "main"]);
    b.add("FROM_B", &value("b-only"));
    b.set("TOKEN", &value("from-b"));
    b.commit("B adds and sets");
    let pulled = b.git(&["pull", "--no-rebase", "origin", "main"]);
    assert!(!pulled.status.success());
    let said = String::from_utf8_lossy(&pulled.stderr);
    assert!(
        said.contains("vault: conflict: secret TOKEN was set to different values on each side: ours is current, theirs is version")
            && said.contains("`vault secret rollback TOKEN --to "),
        "{said}"
    );
    assert!(!said.contains(CANARY));
    // The merge of everything that does not conflict, and ours for TOKEN.
    let reader = b.agent("reader");
    for name in ["TOKEN", "FROM_A", "FROM_B"] {
        b.vault(&["grant", "add", "--agent", "reader", name])
            .assert()
            .success();
    }
    assert_eq!(
        b.reads("reader", &reader, "FROM_A").unwrap(),
        value("a-only").as_bytes()
    );
    assert_eq!(
        b.reads("reader", &reader, "FROM_B").unwrap(),
        value("b-only").as_bytes()
    );
    assert_eq!(
        b.reads("reader", &reader, "TOKEN").unwrap(),
        value("from-b").as_bytes()
    );
    // Settled as the line says: commit, take Alice's value back, push; Alice pulls it all.
    b.ok(&["add", "vault.age"]);
    b.commit("merged");
    let command = said
        .split('`')
        .find(|part| part.starts_with("vault secret rollback TOKEN"))
        .unwrap();
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    b.vault(&args).assert().success();
    assert_eq!(
        b.reads("reader", &reader, "TOKEN").unwrap(),
        value("from-a").as_bytes()
    );
    b.commit("settled");
    b.ok(&["push", "-q", "origin", "main"]);
    a.ok(&["pull", "-q", "--no-rebase", "origin", "main"]);
    let agent = a.agent("second");
    for name in ["TOKEN", "FROM_A", "FROM_B"] {
        a.vault(&["grant", "add", "--agent", "second", name])
            .assert()
            .success();
    }
    assert_eq!(
        a.reads("second", &agent, "FROM_A").unwrap(),
        value("a-only").as_bytes()
    );
    assert_eq!(
        a.reads("second", &agent, "FROM_B").unwrap(),
        value("b-only").as_bytes()
    );
    assert_eq!(
        a.reads("second", &agent, "TOKEN").unwrap(),
        value("from-a").as_bytes()
    );
    history_shows_no_value(&a);
}

#[test]
fn setup_is_idempotent_and_global_writes_the_users_config() {
    if !have("git") {
        return;
    }
    let sandbox = Sandbox::new();
    let (a, _) = team(&sandbox);
    let attributes = fs::read_to_string(a.repo.join(".gitattributes")).unwrap();
    a.vault(&["git", "setup"]).assert().success();
    assert_eq!(
        fs::read_to_string(a.repo.join(".gitattributes")).unwrap(),
        attributes
    );
    assert_eq!(
        attributes
            .matches("vault.age diff=vault merge=vault")
            .count(),
        1
    );
    a.vault(&["git", "setup", "--global"]).assert().success();
    let global = fs::read_to_string(a.user_home.join(".gitconfig")).unwrap();
    assert!(
        global.contains("[merge \"vault\"]") && global.contains("merge %O %A %B"),
        "{global}"
    );
    let local = a.git(&["config", "--local", "--get", "diff.vault.textconv"]);
    assert!(String::from_utf8_lossy(&local.stdout).contains("git textconv"));
    // The lock beside the vault, made by every change, is the machine's, not the repository's.
    a.add("AFTER", &value("after"));
    assert!(a.repo.join("vault.age.lock").exists());
    let ignored = fs::read_to_string(a.repo.join(".gitignore")).unwrap();
    assert_eq!(ignored.matches("/vault.age.lock").count(), 1, "{ignored}");
    a.ok(&["add", "-A"]);
    let status = a.git(&["status", "--porcelain"]);
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(!status.contains("vault.age.lock"), "{status}");
}

/// The fingerprints in `git diff` must not let someone holding the repository but no operator
/// key test a guess: the same value in two vaults fingerprints differently, and neither
/// fingerprint is a plain hash of the value.
#[test]
fn a_fingerprint_changes_with_the_value_and_cannot_be_checked_against_a_guess() {
    use sha2::{Digest, Sha256};
    let textconv = |sandbox: &Sandbox| -> String {
        let out = stdout_of(sandbox.vault(["git", "textconv"]).arg(sandbox.vault_file()));
        String::from_utf8(out).unwrap()
    };
    let fingerprint = |text: &str| -> String {
        let line = text
            .lines()
            .find(|l| l.starts_with("secret TOKEN "))
            .unwrap();
        let at = line.find("fingerprint ").unwrap() + "fingerprint ".len();
        line[at..].split(' ').next().unwrap().to_owned()
    };
    let (one, two) = (Sandbox::init(), Sandbox::init());
    for sandbox in [&one, &two] {
        sandbox.add_secret("TOKEN", CANARY.as_bytes());
    }
    let (text_one, text_two) = (textconv(&one), textconv(&two));
    let first = fingerprint(&text_one);
    assert_ne!(first, fingerprint(&text_two), "same value, other vault");
    let plain = format!("{:x}", Sha256::digest(CANARY.as_bytes()));
    for text in [&text_one, &text_two] {
        assert!(
            !text.contains(CANARY) && !text.contains(&plain[..16]),
            "{text}"
        );
    }
    // The same value set again keeps its fingerprint (a diff shows no change of value); another
    // value changes it.
    one.vault(["secret", "set", "TOKEN"])
        .write_stdin(CANARY)
        .assert()
        .success();
    assert_eq!(fingerprint(&textconv(&one)), first);
    one.vault(["secret", "set", "TOKEN"])
        .write_stdin(format!("{CANARY}-2"))
        .assert()
        .success();
    assert_ne!(fingerprint(&textconv(&one)), first);
}

/// git hands the driver whatever the other branch holds. A file of another vault, or a damaged
/// one, is refused on one line, and our side stays byte for byte what it was.
#[test]
fn a_merge_with_another_vaults_file_or_a_damaged_one_changes_nothing() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("TOKEN", CANARY.as_bytes());
    let base = sandbox.path("base.age");
    fs::copy(sandbox.vault_file(), &base).unwrap();
    sandbox
        .vault(["secret", "set", "TOKEN"])
        .write_stdin(format!("{CANARY}-ours"))
        .assert()
        .success();
    let ours = sandbox.path("ours.age");
    fs::copy(sandbox.vault_file(), &ours).unwrap();
    let before = fs::read(&ours).unwrap();

    let other = Sandbox::init();
    other
        .vault(["operator", "add", &sandbox.operator_recipient()])
        .assert()
        .success();
    let damaged = sandbox.path("damaged.age");
    let mut bytes = fs::read(&base).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    fs::write(&damaged, bytes).unwrap();

    for (theirs, says) in [
        (other.vault_file(), "not versions of one vault"),
        (damaged, "damaged"),
    ] {
        let out = sandbox
            .vault(["merge"])
            .args([&base, &ours, &theirs])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let line = one_error_line(&out.stderr);
        assert!(line.contains(says), "{line}");
        assert!(!contains(&out.stderr, CANARY.as_bytes()));
        assert_eq!(fs::read(&ours).unwrap(), before);
    }
}
