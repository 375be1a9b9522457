//! Many processes at once: no lost update, no failed or torn read, an intact chain.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crate::support::*;

const WRITERS: usize = 8;
const ADDS: usize = 50;

#[test]
fn eight_writers_adding_fifty_secrets_each_lose_nothing() {
    let sandbox = Arc::new(Sandbox::init());
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let sandbox = Arc::clone(&sandbox);
            thread::spawn(move || {
                for i in 0..ADDS {
                    let name = format!("W{w}_S{i:02}");
                    let out = sandbox
                        .vault(["secret", "add", "-q", &name])
                        .write_stdin(format!("value-{w}-{i}"))
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{name}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let listed = sandbox.json(&["secret", "list"]);
    let names: HashSet<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), WRITERS * ADDS);
    let created = sandbox
        .event_names()
        .iter()
        .filter(|e| *e == "secret.created")
        .count();
    assert_eq!(created, WRITERS * ADDS);
    assert_eq!(assert_chain(&sandbox.log_file()), WRITERS * ADDS + 1);
}

#[test]
fn reads_during_writes_always_see_a_whole_vault() {
    let sandbox = Arc::new(Sandbox::init());
    sandbox.add_secret("ROTATING", b"v0");
    let key = sandbox.add_agent("reader");
    sandbox.grant("reader", "ROTATING");
    let done = Arc::new(AtomicBool::new(false));

    let mut workers = Vec::new();
    // Rotates the value; every value ever written is v<number>.
    workers.push(thread::spawn({
        let sandbox = Arc::clone(&sandbox);
        move || {
            for i in 1..=40 {
                sandbox
                    .vault(["secret", "set", "-q", "ROTATING"])
                    .write_stdin(format!("v{i}"))
                    .assert()
                    .success();
            }
        }
    }));
    // Adds secrets and grants them, rewriting the reader's part each time.
    workers.push(thread::spawn({
        let sandbox = Arc::clone(&sandbox);
        move || {
            for i in 0..20 {
                let name = format!("EXTRA_{i}");
                sandbox.add_secret(&name, b"x");
                sandbox.grant("reader", &name);
            }
        }
    }));
    let mut readers = Vec::new();
    for with_key in [true, false] {
        let sandbox = Arc::clone(&sandbox);
        let done = Arc::clone(&done);
        let key = key.clone();
        readers.push(thread::spawn(move || {
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) {
                let mut cmd = sandbox.vault(["read", "--agent", "reader", "ROTATING"]);
                if with_key {
                    cmd.arg("--key-file").arg(&key);
                }
                let out = cmd.output().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let value = String::from_utf8(out.stdout).unwrap();
                assert!(
                    value
                        .strip_prefix('v')
                        .is_some_and(|n| n.parse::<u32>().is_ok()),
                    "{value:?}"
                );
                reads += 1;
            }
            reads
        }));
    }
    for worker in workers {
        worker.join().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let reads: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    assert!(reads > 0);
    assert_chain(&sandbox.log_file());
    assert_eq!(
        sandbox
            .json(&["grant", "list", "--agent", "reader"])
            .as_array()
            .unwrap()
            .len(),
        21
    );
}
