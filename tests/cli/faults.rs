//! Failures of the disk and the kernel mid-write: the command fails, the old vault stays.

use std::fs;
use std::path::Path;

use crate::support::*;

/// The temporary files beside the vault: after a failed write there must be none.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// Runs `vault secret set A` under strace, which makes `syscalls` fail with `errno`.
fn set_with_failing(sandbox: &Sandbox, syscalls: &str, errno: &str) -> std::process::Output {
    fs::write(sandbox.path("new"), "new value").unwrap();
    sandbox
        .program("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!("trace={syscalls}"))
        .arg("-e")
        .arg(format!("inject={syscalls}:error={errno}"))
        .arg(assert_cmd::cargo::cargo_bin("vault"))
        .args(["secret", "set", "A", "--from-file", "new"])
        .output()
        .unwrap_or_else(|err| panic!("cannot run strace ({err}); apt-get install strace"))
}

#[test]
fn failing_fdatasync_or_write_leave_the_old_vault() {
    if !have("strace") {
        return;
    }
    for (syscalls, errno) in [
        ("fdatasync", "EIO"),
        ("fdatasync", "ENOSPC"),
        ("write", "ENOSPC"),
    ] {
        let sandbox = Sandbox::init();
        sandbox.add_secret("A", CANARY.as_bytes());
        let before = fs::read(sandbox.vault_file()).unwrap();
        let out = set_with_failing(&sandbox, syscalls, errno);
        assert_eq!(out.status.code(), Some(1), "{syscalls}");
        let err = String::from_utf8(out.stderr).unwrap();
        // When every write fails, the error cannot be printed either: the exit code tells.
        if syscalls != "write" {
            assert!(err.starts_with("vault: "), "{syscalls}: {err}");
        }
        assert!(!err.contains(CANARY), "{syscalls}: {err}");
        assert_eq!(
            fs::read(sandbox.vault_file()).unwrap(),
            before,
            "{syscalls}"
        );
        assert_eq!(
            temp_files(&sandbox.home()),
            Vec::<String>::new(),
            "{syscalls}"
        );
        // The lock is free and the vault whole: the next change goes through.
        sandbox
            .vault(["secret", "set", "A"])
            .write_stdin("after")
            .assert()
            .success();
        assert_chain(&sandbox.log_file());
    }
}

/// A rename that fails after the change was logged: the old vault stays for now, the new one
/// waits beside it, and the next change puts it in place first, as the log says it was made.
#[test]
fn a_failing_rename_leaves_the_logged_change_for_the_next_one() {
    if !have("strace") {
        return;
    }
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", CANARY.as_bytes());
    sandbox.add_agent("bot");
    sandbox.grant("bot", "A");
    let before = fs::read(sandbox.vault_file()).unwrap();
    let out = set_with_failing(&sandbox, "rename,renameat,renameat2", "EIO");
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(err.contains("the change is logged"), "{err}");
    assert_eq!(fs::read(sandbox.vault_file()).unwrap(), before);
    assert_eq!(temp_files(&sandbox.home()).len(), 1);
    let verified = String::from_utf8(stdout_of(&mut sandbox.vault(["events", "verify"]))).unwrap();
    assert!(
        verified.contains("put in place by the next change"),
        "{verified}"
    );

    sandbox.add_secret("B", b"b");
    assert_eq!(temp_files(&sandbox.home()), Vec::<String>::new());
    let value = stdout_of(&mut sandbox.vault(["read", "--agent", "bot", "A"]));
    assert_eq!(value, b"new value");
    sandbox.vault(["events", "verify"]).assert().success();
}

#[test]
fn a_failing_directory_fsync_after_the_rename_says_the_change_is_made() {
    if !have("strace") {
        return;
    }
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"old");
    // The only fsync is the directory's, after the new vault took the old one's place.
    let out = set_with_failing(&sandbox, "fsync", "EIO");
    assert_eq!(out.status.code(), Some(1));
    let err = one_error_line(&out.stderr);
    assert!(
        err.contains("is replaced, but a crash now could undo that"),
        "{err}"
    );
    sandbox.add_agent("bot");
    sandbox.grant("bot", "A");
    let value = stdout_of(&mut sandbox.vault(["read", "--agent", "bot", "A"]));
    assert_eq!(value, b"new value");
    assert_eq!(temp_files(&sandbox.home()), Vec::<String>::new());
}

#[test]
fn a_full_filesystem_fails_the_write_and_keeps_the_vault() {
    if !have_all(&["unshare", "mount", "sha256sum", "dd"]) {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path("small-fs");
    fs::create_dir(&dir).unwrap();
    // A private mount namespace (as an unprivileged user too) with a 1 MiB tmpfs. A filler file
    // leaves less room than the new vault needs.
    let script = r#"
        set -e
        mount -t tmpfs -o size=1m,mode=0700 tmpfs "$DIR"
        export VAULT_HOME="$DIR"
        $VAULT -q init
        head -c 200000 /dev/zero | tr '\0' a > "$DIR/../value"
        $VAULT -q secret add A --from-file "$DIR/../value"
        sha256sum "$DIR/vault.age" > "$DIR/../before"
        dd if=/dev/zero of="$DIR/filler" bs=4096 count=180 status=none
        if $VAULT -q secret set A --from-file "$DIR/../value" 2> "$DIR/../err"; then
            echo "set succeeded"; exit 1
        fi
        rm "$DIR/filler"
        sha256sum "$DIR/vault.age" | cmp - "$DIR/../before"
        ls -a "$DIR" > "$DIR/../listing"
        $VAULT -q secret list --json > /dev/null
        echo ok
    "#;
    let out = sandbox
        .program("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("DIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("ok"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = fs::read_to_string(sandbox.path("err")).unwrap();
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let listing = fs::read_to_string(sandbox.path("listing")).unwrap();
    assert!(!listing.contains(".tmp"), "{listing}");
}
