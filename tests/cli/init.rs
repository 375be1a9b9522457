use std::fs;

use crate::support::*;

#[test]
fn init_creates_a_private_identity_vault_and_log() {
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("Created the vault"));
    assert_eq!(mode(&sandbox.home()), 0o700);
    for file in [
        sandbox.vault_file(),
        sandbox.identity_file(),
        sandbox.log_file(),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let identity = fs::read_to_string(sandbox.identity_file()).unwrap();
    assert!(identity.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));
    assert_eq!(sandbox.event_names(), ["vault.initialized"]);
}

#[test]
fn init_under_umask_000_still_creates_private_files() {
    let sandbox = Sandbox::new();
    sandbox.shell("umask 000 && $VAULT init").assert().success();
    assert_eq!(mode(&sandbox.home()), 0o700);
    for entry in fs::read_dir(sandbox.home()).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

#[test]
fn init_json_names_the_vault_and_the_recipient_of_the_identity() {
    let sandbox = Sandbox::new();
    let out = sandbox.json(&["init"]);
    assert_eq!(out["vault"], sandbox.vault_file().display().to_string());
    let recipient = out["recipient"].as_str().unwrap();
    assert!(recipient.starts_with("age1"), "{recipient}");
    let identity = fs::read_to_string(sandbox.identity_file()).unwrap();
    assert!(identity.contains(&format!("# public key: {recipient}")));
    assert_eq!(out.as_object().unwrap().len(), 2);
}

#[test]
fn init_refuses_to_overwrite_a_vault() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("KEEP", b"value");
    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = sandbox.vault(["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
}

#[test]
fn init_reuses_an_existing_identity() {
    let sandbox = Sandbox::new();
    let first = sandbox.json(&["init"]);
    fs::remove_file(sandbox.vault_file()).unwrap();
    let second = sandbox.json(&["init"]);
    assert_eq!(first["recipient"], second["recipient"]);
}

#[test]
fn flags_beat_variables_which_beat_vault_home() {
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init", "--vault", "flag.age"])
        .env("VAULT_FILE", sandbox.path("env.age"))
        .env("VAULT_LOG", sandbox.path("env.jsonl"))
        .assert()
        .success();
    assert!(sandbox.path("flag.age").exists());
    assert!(!sandbox.path("env.age").exists());
    assert!(
        sandbox.path("env.jsonl").exists(),
        "variable beats VAULT_HOME"
    );
    assert!(
        sandbox.identity_file().exists(),
        "VAULT_HOME fills the rest"
    );
    assert!(!sandbox.vault_file().exists());
}

#[test]
fn without_vault_home_the_platform_directories_are_used() {
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init"])
        .env_remove("VAULT_HOME")
        .assert()
        .success();
    let home = sandbox.path("home");
    let data = home.join(".local/share/vault");
    let config = home.join(".config/vault");
    assert!(data.join("vault.age").exists());
    assert!(data.join("events.jsonl").exists());
    assert!(config.join("identity.txt").exists());
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&config), 0o700);
}

#[test]
fn a_missing_vault_says_to_run_init() {
    let sandbox = Sandbox::new();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("vault init"), "{err}");
}

#[test]
fn an_identity_that_is_not_an_age_key_is_refused_without_quoting_it() {
    let sandbox = Sandbox::init();
    let not_a_key = "sk-live-pasted-here-by-mistake";
    fs::write(sandbox.identity_file(), format!("{not_a_key}\n")).unwrap();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("not an age identity"), "{err}");
    assert!(!err.contains(not_a_key));
}

#[test]
fn an_identity_readable_by_others_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::init();
    let identity = sandbox.identity_file();
    fs::set_permissions(&identity, fs::Permissions::from_mode(0o644)).unwrap();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains(&format!("chmod 600 {}", identity.display())),
        "{err}"
    );
}

#[test]
fn another_identity_cannot_open_the_vault() {
    let sandbox = Sandbox::init();
    let other = Sandbox::new();
    other.vault(["init"]).assert().success();
    fs::copy(other.identity_file(), sandbox.identity_file()).unwrap();
    let out = sandbox.vault(["secret", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("not one of this vault's operators"), "{err}");
}

#[test]
fn empty_variables_count_as_unset() {
    let sandbox = Sandbox::new();
    sandbox
        .vault(["init"])
        .env("VAULT_FILE", "")
        .env("VAULT_LOG", "")
        .env("VAULT_IDENTITY", "")
        .assert()
        .success();
    assert!(sandbox.vault_file().exists());
    assert!(sandbox.log_file().exists());
    assert!(sandbox.identity_file().exists());
}
