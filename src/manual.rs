//! What the man pages say besides the help text: the environment, the files and the exit
//! status, shared by every page. It sits beside the code so that a new variable or exit code
//! is one edit here; the test that writes `man/` (tests/cli/generated.rs) renders it, and
//! checks that every variable the code reads is listed.

/// The variables `vault` reads, and what each means.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "VAULT_HOME",
        "One directory for the vault, the identity and the log, instead of the defaults below.",
    ),
    (
        "VAULT_FILE, VAULT_IDENTITY, VAULT_LOG",
        "The vault file, the operator identity and the audit log; --vault, --identity and --log beat them, and they beat VAULT_HOME. A variable set to the empty string counts as unset.",
    ),
    (
        "VAULT_AGENT_KEY",
        "An agent's secret key (AGE-SECRET-KEY-1...), for read and exec; --key-file beats it.",
    ),
    (
        "VAULT_AGENT_KEY_FILE",
        "A file holding an agent's secret key, private to its owner; VAULT_AGENT_KEY beats it.",
    ),
    (
        "VAULT_PASSPHRASE",
        "The passphrase of a locked operator identity, for scripts (other processes of the same user can read an environment). exec never passes it on.",
    ),
    (
        "VAULT_NEW_PASSPHRASE",
        "The new passphrase, for vault operator passphrase in a script.",
    ),
    (
        "VAULT_MCP_PLACEHOLDER_KEY",
        "Plumbing: the key vault mcp hands each vault exec it starts, which that run's placeholders are made from; never passed to the program.",
    ),
    (
        "VAULT_UPSTREAM_CA",
        "CA certificates (PEM) that the proxy of exec --proxy trusts besides the system's roots; --upstream-ca beats it.",
    ),
    (
        "VAULT_ASKPASS",
        "A program exec --proxy runs for each request a grant of --approve holds, with a line saying what the request would send as its argument, as ssh-add -c runs SSH_ASKPASS: its exit status 0 lets that one request through, any other refuses it. vault grant approve and deny answer as well, whichever comes first; never passed to the program.",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where vault unlock puts its socket, in a vault directory only the user can enter; without it, a directory of the user's own under the temporary directory.",
    ),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME",
        "Where the default files below live, when set.",
    ),
    ("NO_COLOR", "No colour in vault events, when set."),
    (
        "COMPLETE",
        "Set by the dynamic shell completion (source <(COMPLETE=bash vault)): vault prints candidates instead of running.",
    ),
];

/// The files, where they are by default.
pub const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/vault/vault.age",
        "The vault: every secret, each agent's part encrypted to that agent's key. Mode 0600, in a directory of mode 0700. Its layout is in FORMAT.md.",
    ),
    (
        "~/.config/vault/identity.txt",
        "The operator identity: an age key, in clear, locked with a passphrase, or a plugin's stub. Mode 0600.",
    ),
    (
        "~/.local/share/vault/events.jsonl",
        "The audit log, one JSON object per line, hash-chained; events.jsonl.TIME after vault events rotate.",
    ),
    (
        "$XDG_RUNTIME_DIR/vault/",
        "The sockets of vault unlock, mode 0600, in a directory of mode 0700.",
    ),
];

/// Exit codes, as lib.rs maps errors to them.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success; for exec, the program's own status (128+N when signal N ended it).",
    ),
    (
        "1",
        "An error: bad input, no vault, a damaged file, a lock held too long, a log that cannot be written, a sandbox that cannot be set up, I/O. Nothing was changed.",
    ),
    (
        "2",
        "A usage error: an unknown command or flag, a missing argument.",
    ),
    (
        "3",
        "Access denied: no grant, no such secret, no such agent, or not this agent's key; the audit log says which.",
    ),
    (
        "126, 127",
        "exec: the program cannot be run, or is not found.",
    ),
];
