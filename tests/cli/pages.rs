//! A vault large enough for its secrets to lie on several pages of the state (FORMAT.md): a
//! change opens only the page a name is on, and every agent part still holds the right values,
//! whichever page they come from.

use std::path::{Path, PathBuf};

use crate::support::*;

/// 3,000 secrets, on three pages, and an agent `bot` holding one from each page.
fn large() -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::init();
    let dotenv: String = (0..3000).map(|i| format!("S{i:04}=value-{i}\n")).collect();
    sandbox
        .vault(["secret", "import", "-q", "-"])
        .write_stdin(dotenv)
        .assert()
        .success();
    let key = sandbox.add_agent("bot");
    for name in ["S0000", "S1500", "S2999"] {
        sandbox.grant("bot", name);
    }
    (sandbox, key)
}

fn assert_reads(sandbox: &Sandbox, key: &Path, expected: &[(&str, &str)]) {
    for (name, value) in expected {
        let got = stdout_of(&mut sandbox.read_with_key("bot", name, key));
        assert_eq!(String::from_utf8_lossy(&got), *value, "{name}");
    }
}

/// `key` of every object in a JSON list.
fn each<'a>(listed: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    let listed = listed.as_array().unwrap().iter();
    listed.map(|item| item[key].as_str().unwrap()).collect()
}

fn id_of(sandbox: &Sandbox, name: &str) -> String {
    let listed = sandbox.json(&["secret", "list"]);
    let secret = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name);
    secret.unwrap()["id"].as_str().unwrap().to_owned()
}

#[test]
fn changes_on_one_page_keep_what_an_agent_holds_from_the_others() {
    let (sandbox, key) = large();
    sandbox
        .vault(["secret", "set", "S1500"])
        .write_stdin("rotated")
        .assert()
        .success();
    assert_reads(
        &sandbox,
        &key,
        &[
            ("S0000", "value-0"),
            ("S1500", "rotated"),
            ("S2999", "value-2999"),
        ],
    );

    sandbox.grant("bot", "S2000");
    sandbox.vault(["secret", "rm", "S0000"]).assert().success();
    let s2999 = id_of(&sandbox, "S2999");
    sandbox
        .vault(["secret", "set", "S2999"])
        .write_stdin("by-name")
        .assert()
        .success();
    sandbox.grant("bot", &id_of(&sandbox, "S0001"));
    assert_reads(
        &sandbox,
        &key,
        &[
            ("S0001", "value-1"),
            ("S1500", "rotated"),
            ("S2000", "value-2000"),
            ("S2999", "by-name"),
        ],
    );
    sandbox.read_with_key("bot", "S0000", &key).assert().code(3);

    sandbox.vault(["secret", "rm", &s2999]).assert().success();
    sandbox.read_with_key("bot", "S2999", &key).assert().code(3);
    assert_reads(
        &sandbox,
        &key,
        &[("S1500", "rotated"), ("S2000", "value-2000")],
    );
    let grants = sandbox.json(&["grant", "list"]);
    assert_eq!(each(&grants, "secret_name"), ["S0001", "S1500", "S2000"]);
}

#[test]
fn a_new_operator_can_open_every_agent_part_and_the_values_are_intact() {
    let (sandbox, key) = large();
    let second = Sandbox::init();
    let recipient = second.operator_recipient();
    sandbox
        .vault(["operator", "add", &recipient])
        .assert()
        .success();
    assert_reads(
        &sandbox,
        &key,
        &[
            ("S0000", "value-0"),
            ("S1500", "value-1500"),
            ("S2999", "value-2999"),
        ],
    );
    // The part was sealed anew, to the new operator too.
    let mut as_second = sandbox.vault(["read", "--agent", "bot", "S2999", "--identity"]);
    as_second.arg(second.identity_file());
    assert_eq!(stdout_of(&mut as_second), b"value-2999");
}

#[test]
fn listing_and_import_see_every_page() {
    let (sandbox, _) = large();
    let listed = sandbox.json(&["secret", "list"]);
    let names = each(&listed, "name");
    let expected: Vec<String> = (0..3000).map(|i| format!("S{i:04}")).collect();
    assert_eq!(names, expected);

    // Updates on every page and new names before, between and after them, in one write.
    let dotenv = "A=new\nS0500=u1\nS1999x=new\nS2500=u3\nZ=new\n";
    let out = sandbox
        .vault(["secret", "import", "--replace", "-"])
        .write_stdin(dotenv)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Imported 3 new secrets and updated 2\n"
    );
    let listed = sandbox.json(&["secret", "list"]);
    let names = each(&listed, "name");
    assert_eq!(names.len(), 3003);
    assert!(names.is_sorted());
    for (name, value) in [
        ("A", "new"),
        ("S1999x", "new"),
        ("S2500", "u3"),
        ("Z", "new"),
    ] {
        sandbox.grant("bot", name);
        let got = stdout_of(&mut sandbox.vault(["read", "--agent", "bot", name]));
        assert_eq!(got, value.as_bytes(), "{name}");
    }
}
