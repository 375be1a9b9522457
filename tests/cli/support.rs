//! A sandbox per test: its own VAULT_HOME and HOME, and nothing from the caller's environment
//! that could point the binary at a real vault.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use tempfile::TempDir;

/// A value stored in tests that must never show up anywhere but `read`'s stdout.
pub const CANARY: &str = "sk-live-CANARY-7f3a9c";

pub struct Sandbox {
    pub dir: TempDir,
}

/// Every test that stores CANARY checks, at its end, that no file the program wrote (vault,
/// log, identity, locks, temporary files) holds it in clear.
impl Drop for Sandbox {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let Ok(entries) = fs::read_dir(self.home()) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if let Ok(bytes) = fs::read(&path) {
                assert!(
                    !contains(&bytes, CANARY.as_bytes()),
                    "the canary value is in {} in clear",
                    path.display()
                );
            }
        }
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("home")).unwrap();
        Self { dir }
    }

    /// A sandbox with an initialized vault.
    pub fn init() -> Self {
        let sandbox = Self::new();
        sandbox.vault(["init"]).assert().success();
        sandbox
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn home(&self) -> PathBuf {
        self.path("vh")
    }

    pub fn vault_file(&self) -> PathBuf {
        self.home().join("vault.age")
    }

    pub fn identity_file(&self) -> PathBuf {
        self.home().join("identity.txt")
    }

    pub fn log_file(&self) -> PathBuf {
        self.home().join("events.jsonl")
    }

    /// Clears every VAULT_* variable and points VAULT_HOME and HOME into the sandbox.
    fn prepare(&self, mut cmd: std::process::Command) -> std::process::Command {
        for var in [
            "VAULT_FILE",
            "VAULT_IDENTITY",
            "VAULT_LOG",
            "VAULT_AGENT_KEY",
            "VAULT_AGENT_KEY_FILE",
            "VAULT_PASSPHRASE",
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "NO_COLOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.path("home"))
            .env("VAULT_HOME", self.home())
            .current_dir(self.dir.path());
        cmd
    }

    /// The binary under test, as a plain `std` command for tests that spawn and wait.
    pub fn spawnable<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = self.prepare(std::process::Command::new(cargo_bin("vault")));
        cmd.args(args);
        cmd
    }

    pub fn vault<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Command::from_std(self.spawnable(args))
    }

    /// `program` in the same environment, with `$VAULT` the binary under test.
    pub fn program(&self, program: &str) -> std::process::Command {
        let mut cmd = self.prepare(std::process::Command::new(program));
        cmd.env("VAULT", cargo_bin("vault"));
        cmd
    }

    /// `script` run on a pseudo-terminal that `script` (util-linux) makes, with `input` typed
    /// into it; what the terminal showed, with its carriage returns taken out.
    pub fn terminal(&self, script: &str, input: &str) -> String {
        let out = Command::from_std(self.program("script"))
            .args(["-qec", script, "/dev/null"])
            .write_stdin(input)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    }

    /// `sh -c script`, as `program` runs it.
    pub fn shell(&self, script: &str) -> Command {
        let mut shell = self.program("sh");
        shell.args(["-c", script]);
        Command::from_std(shell)
    }

    pub fn add_secret(&self, name: &str, value: &[u8]) {
        self.vault(["secret", "add", name])
            .write_stdin(value)
            .assert()
            .success();
    }

    /// Creates an agent and saves its key to `<agent>.key`, 0600.
    pub fn add_agent(&self, agent: &str) -> PathBuf {
        let out = self.vault(["agent", "add", agent]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let key = self.path(&format!("{agent}.key"));
        fs::write(&key, &out.stdout).unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        key
    }

    pub fn grant(&self, agent: &str, secret: &str) {
        self.vault(["grant", "add", "--agent", agent, secret])
            .assert()
            .success();
    }

    /// `vault read --agent AGENT SECRET --key-file KEY`: an agent reading with its own key.
    pub fn read_with_key(&self, agent: &str, secret: &str, key: &Path) -> Command {
        let mut cmd = self.vault(["read", "--agent", agent, secret, "--key-file"]);
        cmd.arg(key);
        cmd
    }

    /// The recipient of the (first) operator.
    pub fn operator_recipient(&self) -> String {
        let listed = self.json(&["operator", "list"]);
        listed[0]["recipient"].as_str().unwrap().to_owned()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.vault(args).arg("--json").output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn events(&self) -> Vec<Value> {
        fs::read_to_string(self.log_file())
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    pub fn event_names(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|event| event["event"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Runs the command, checks it succeeded, and returns its stdout.
pub fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// stderr of a failed command: exactly one line, starting `vault: `.
pub fn one_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert!(text.starts_with("vault: "), "{text:?}");
    assert_eq!(text.matches('\n').count(), 1, "{text:?}");
    assert!(
        !text.contains(CANARY),
        "an error shows the canary value: {text:?}"
    );
    assert!(!text.contains("panicked"), "{text:?}");
    text
}

/// Checks the audit log's chain as `vault events verify` defines it: `seq` counts 1, 2, … and
/// each `prev` is the SHA-256 of the line before (of "" for the first).
pub fn assert_chain(log: &Path) -> usize {
    use sha2::{Digest, Sha256};
    let text = fs::read_to_string(log).unwrap();
    assert!(text.ends_with('\n'));
    let mut prev = format!("sha256:{:x}", Sha256::digest(b""));
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let event: Value = serde_json::from_str(line).unwrap();
        assert_eq!(event["seq"], i as u64 + 1, "line {}", i + 1);
        assert_eq!(event["prev"], prev.as_str(), "line {}", i + 1);
        prev = format!("sha256:{:x}", Sha256::digest(line.as_bytes()));
        count += 1;
    }
    count
}

/// Set by `.ci/run`: there, a tool a test needs must be installed, and a missing one fails the
/// test instead of skipping it.
pub const REQUIRE_TOOLS: &str = "VAULT_TEST_REQUIRE_TOOLS";

pub fn tools_required() -> bool {
    std::env::var_os(REQUIRE_TOOLS).is_some_and(|v| !v.is_empty())
}

/// Whether the system tool `tool` is on PATH. When it is not, the test says so on stderr and
/// should return at once (a skip); under VAULT_TEST_REQUIRE_TOOLS it fails instead.
pub fn have(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    if !found {
        assert!(
            !tools_required(),
            "{tool} is not installed, and {REQUIRE_TOOLS} is set; `.ci/run` installs it from Debian's packages"
        );
        eprintln!(
            "skipped: this test needs `{tool}`, which is not installed (`apt-get install` it; `.ci/run` does)"
        );
    }
    found
}

/// Whether every tool of `tools` is installed (see `have`).
pub fn have_all(tools: &[&str]) -> bool {
    tools.iter().all(|tool| have(tool))
}

/// Whether the tests run as root, which tests with Unix users of their own need (setpriv).
/// Like a missing tool: a skip, or a failure under VAULT_TEST_REQUIRE_TOOLS.
pub fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        assert!(
            !tools_required(),
            "this test needs root (CI runs as root), and {REQUIRE_TOOLS} is set"
        );
        eprintln!("skipped: this test runs agents as Unix users of their own, which needs root");
    }
    root
}

/// The directory holding the test plugin `age-plugin-vaulttest` (examples/), which a plain
/// `cargo test` builds. `None`, said on stderr, when it was not built.
pub fn test_plugin_dir() -> Option<PathBuf> {
    let dir = cargo_bin("vault").parent().unwrap().join("examples");
    if dir.join("age-plugin-vaulttest").is_file() {
        return Some(dir);
    }
    assert!(
        !tools_required(),
        "the test plugin is not built; a plain `cargo test` builds it (examples/age-plugin-vaulttest.rs)"
    );
    eprintln!(
        "skipped: the test plugin is not built; a plain `cargo test` (not `--test cli`) builds it"
    );
    None
}

/// PATH with `dir` first.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

/// The `sh` blocks of a Markdown file of the repository (not `console` ones, which show
/// set-up on the reader's machine), in order.
pub fn sh_blocks(doc: &str) -> Vec<String> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line == "```sh" => current = Some(String::new()),
            Some(block) if line == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Every file under the crate's `src/`, in no particular order.
pub fn source_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

impl Sandbox {
    /// A directory for `XDG_RUNTIME_DIR`, 0700 as a login session's is.
    pub fn runtime_dir(&self) -> PathBuf {
        let run = self.path("run");
        fs::create_dir(&run).unwrap();
        fs::set_permissions(&run, fs::Permissions::from_mode(0o700)).unwrap();
        run
    }
}

/// The one unlock cache socket in `run` (an `XDG_RUNTIME_DIR`).
pub fn the_socket_in(run: &Path) -> PathBuf {
    fs::read_dir(run.join("vault"))
        .unwrap()
        .next()
        .expect("no unlock cache socket")
        .unwrap()
        .path()
}

/// Whether bubblewrap is installed and may make namespaces here (a container may forbid
/// them). Like a missing tool: a skip, or a failure under VAULT_TEST_REQUIRE_TOOLS.
pub fn can_sandbox() -> bool {
    if !have("bwrap") {
        return false;
    }
    let works = std::process::Command::new("bwrap")
        .args([
            "--unshare-all",
            "--unshare-user",
            "--ro-bind",
            "/",
            "/",
            "true",
        ])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !works {
        assert!(
            !tools_required(),
            "bubblewrap cannot make namespaces on this machine, and {REQUIRE_TOOLS} is set"
        );
        eprintln!("skipped: bubblewrap cannot make user namespaces on this machine");
    }
    works
}

/// A Python that passes `check` (Python code exiting 0): the one `variable` names (which
/// `.ci/run` makes), else `python3`; none, said in a line, when neither does. `what` names
/// what is missing, and how to get it.
pub fn python_with(variable: &str, check: &str, what: &str) -> Option<std::path::PathBuf> {
    let works = |python: &std::path::Path| {
        std::process::Command::new(python)
            .args(["-c", check])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    match std::env::var_os(variable).map(std::path::PathBuf::from) {
        Some(python) if works(&python) => Some(python),
        _ if works(std::path::Path::new("python3")) => Some("python3".into()),
        _ => {
            assert!(
                !tools_required(),
                "{what} is not installed, and {REQUIRE_TOOLS} is set; `.ci/run` installs it"
            );
            eprintln!(
                "skipped: this test needs {what} (or point {variable} at a python that has it)"
            );
            None
        }
    }
}
