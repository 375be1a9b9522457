//! Writers killed (SIGKILL) at random moments: the vault always opens, every write that was
//! acknowledged is there, the lock is free, and the next write sweeps the leftovers.
//!
//! Slow, so ignored by default; `.ci/run` runs it among the others (`cargo test --
//! --include-ignored`), and `cargo test -- --ignored crash` runs it alone.

use std::collections::HashSet;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::*;

const KILLS: usize = 200;

/// A small xorshift generator, seeded from the clock: each run tries other moments. The seed is
/// printed so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

enum Op {
    /// `secret set BIG` of a 300 KB value made of this number.
    Set(usize),
    /// `secret import` of 20 secrets named after this number.
    Import(usize),
    /// `grant add --agent bot` of this secret.
    Grant(String),
}

fn big_value(i: usize) -> Vec<u8> {
    let mut value = format!("{CANARY}-{i}-").into_bytes();
    value.resize(300_000, b'0' + (i % 10) as u8);
    value
}

#[test]
#[ignore = "slow: kills 200 writers; .ci/run runs it"]
fn writers_killed_at_random_moments_never_corrupt_the_vault() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test seed: {seed} (CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);

    let sandbox = Sandbox::init();
    fs::write(sandbox.path("big-0"), big_value(0)).unwrap();
    sandbox
        .vault(["secret", "add", "BIG", "--from-file", "big-0"])
        .assert()
        .success();
    sandbox.add_agent("bot");

    let mut acknowledged_set = 0;
    let mut attempted_sets = HashSet::from([0]);
    let mut acknowledged_imports = Vec::new();
    let mut acknowledged_grants = Vec::new();
    let (mut killed, mut finished, mut leftovers) = (0, 0, 0);
    // How long a small write takes on this machine, this build: kills are spread over twice
    // that, so that some land before, some inside and some after the write.
    let mut write_time = Duration::from_millis(20);

    for i in 1..=KILLS {
        let op = match i % 3 {
            0 => Op::Set(i),
            1 => Op::Import(i),
            _ => {
                let name = format!("G{i}");
                sandbox.add_secret(&name, b"g");
                Op::Grant(name)
            }
        };
        let mut cmd = match &op {
            Op::Set(n) => {
                fs::write(sandbox.path(&format!("big-{n}")), big_value(*n)).unwrap();
                attempted_sets.insert(*n);
                sandbox.spawnable([
                    "secret",
                    "set",
                    "-q",
                    "BIG",
                    "--from-file",
                    &format!("big-{n}"),
                ])
            }
            Op::Import(n) => {
                let text: String = (0..20).map(|k| format!("I{n}_{k}=v{k}\n")).collect();
                fs::write(sandbox.path(&format!("import-{n}.env")), text).unwrap();
                sandbox.spawnable(["secret", "import", "-q", &format!("import-{n}.env")])
            }
            Op::Grant(name) => sandbox.spawnable(["grant", "add", "-q", "--agent", "bot", name]),
        };
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let window = write_time.as_micros() as u64 * 2;
        thread::sleep(Duration::from_micros(rng.below(window.max(1))));
        let status = match child.try_wait().unwrap() {
            Some(status) => status,
            None => {
                child.kill().unwrap();
                child.wait().unwrap()
            }
        };
        if status.signal() == Some(libc::SIGKILL) {
            killed += 1;
        }
        if status.success() {
            finished += 1;
            match op {
                Op::Set(n) => acknowledged_set = n,
                Op::Import(n) => acknowledged_imports.push(n),
                Op::Grant(name) => acknowledged_grants.push(name),
            }
        }

        // A writer killed mid-write leaves at most its temporary file, and never a value in it.
        for entry in fs::read_dir(sandbox.home()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tmp") {
                leftovers += 1;
                assert!(!contains(&fs::read(&path).unwrap(), CANARY.as_bytes()));
            }
        }
        // The vault opens and checks out, and the lock is free: a write goes through at once.
        let started = Instant::now();
        sandbox
            .vault(["secret", "add", "-q", &format!("PROBE{i}")])
            .write_stdin("p")
            .assert()
            .success();
        write_time = started.elapsed();
        assert!(write_time < Duration::from_secs(5), "the lock was held");
        let temps = fs::read_dir(sandbox.home())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|e| e == "tmp")
            })
            .count();
        assert_eq!(temps, 0, "the next write sweeps leftovers");
    }

    // Every acknowledged write is there.
    let names: HashSet<String> = sandbox
        .json(&["secret", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    for n in &acknowledged_imports {
        for k in 0..20 {
            assert!(names.contains(&format!("I{n}_{k}")), "import {n} lost");
        }
    }
    let grants: HashSet<String> = sandbox
        .json(&["grant", "list", "--agent", "bot"])
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["secret_name"].as_str().unwrap().to_owned())
        .collect();
    for name in &acknowledged_grants {
        assert!(grants.contains(name), "grant on {name} lost");
    }
    // BIG holds the last acknowledged value or one written after it (a write can take effect
    // and be killed before it says so).
    sandbox.grant("bot", "BIG");
    let big = stdout_of(&mut sandbox.vault(["read", "--agent", "bot", "BIG"]));
    let n: usize = String::from_utf8_lossy(&big)
        .split('-')
        .nth(4)
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        attempted_sets.contains(&n) && n >= acknowledged_set,
        "BIG is {n}, acknowledged {acknowledged_set}"
    );
    assert_chain(&sandbox.log_file());
    // No killed writer made the vault look older than its log, nor the log cut.
    sandbox.vault(["events", "verify"]).assert().success();
    eprintln!(
        "{KILLS} writers: {killed} killed mid-run, {finished} finished first, {} failed, {leftovers} temporary files left and swept; 0 corrupt vaults, 0 lost acknowledged writes, 0 stuck locks",
        KILLS - killed - finished
    );
}
