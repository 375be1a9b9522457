//! Files 0600 and directories 0700 whatever the umask; key files refused unless private.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::support::*;

fn walk(dir: &Path, out: &mut Vec<(String, u32, bool)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        out.push((
            entry.path().display().to_string(),
            meta.mode() & 0o777,
            meta.is_dir(),
        ));
        if meta.is_dir() {
            walk(&entry.path(), out);
        }
    }
}

#[test]
fn under_umask_000_every_command_creates_private_files() {
    let sandbox = Sandbox::new();
    let script = r#"
        umask 000
        set -e
        $VAULT -q init
        printf v | $VAULT -q secret add A
        printf 'B=b\nC=c\n' | $VAULT -q secret import -
        $VAULT -q agent add bot > /dev/null
        $VAULT -q grant add --agent bot A > /dev/null
        $VAULT read --agent bot A > /dev/null
        printf w | $VAULT -q secret set A
        $VAULT -q exec --agent bot -- true
        $VAULT -q events verify > /dev/null
        $VAULT -q secret rm C
        $VAULT -q --log "$VAULT_HOME/deeper/logs/events.jsonl" secret rm B
    "#;
    sandbox.shell(script).assert().success();
    let mut found = Vec::new();
    walk(&sandbox.home(), &mut found);
    assert!(found.len() >= 7, "{found:?}");
    for (path, mode, is_dir) in found {
        assert_eq!(mode, if is_dir { 0o700 } else { 0o600 }, "{path}");
    }
}

#[test]
fn a_running_vault_has_umask_077_and_no_core_dumps() {
    let sandbox = Sandbox::init();
    let mut child = sandbox
        .spawnable(["events", "--follow"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let status = fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let limits = fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(status.lines().any(|l| l == "Umask:\t0077"), "{status}");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(core.split_whitespace().nth(4), Some("0"), "{core}");
}

#[test]
fn key_files_of_others_or_behind_symlinks_are_refused() {
    let sandbox = Sandbox::init();
    sandbox.add_secret("A", b"a");
    let key = sandbox.add_agent("bot");
    sandbox.grant("bot", "A");

    let link = sandbox.path("link.key");
    std::os::unix::fs::symlink(&key, &link).unwrap();
    let out = sandbox.read_with_key("bot", "A", &link).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("symbolic link"));

    // Another user's file: as root, give ours away; as anyone else, root's own files are that.
    let foreign = if unsafe { libc::geteuid() } == 0 {
        let copy = sandbox.path("foreign.key");
        fs::copy(&key, &copy).unwrap();
        std::os::unix::fs::chown(&copy, Some(65534), Some(65534)).unwrap();
        copy
    } else {
        Path::new("/etc/hostname").to_path_buf()
    };
    let out = sandbox
        .read_with_key("bot", "A", &foreign)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_error_line(&out.stderr).contains("belongs to another user"));

    for mode in [0o640, 0o604, 0o620, 0o660] {
        fs::set_permissions(&key, fs::Permissions::from_mode(mode)).unwrap();
        let out = sandbox.read_with_key("bot", "A", &key).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{mode:o}");
        assert!(
            one_error_line(&out.stderr).contains("chmod 600"),
            "{mode:o}"
        );
    }
}
