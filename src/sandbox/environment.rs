//! Which of the caller's variables the sandboxed program keeps. A variable that points outside
//! (an agent's socket, a display, a bus) is a door out of the sandbox; one that holds a
//! credential hands the program what the vault was to keep from it. Both are dropped unless
//! `--env NAME` keeps one; the event names what was dropped, never a value.

use std::ffi::{OsStr, OsString};

/// Variables that lead out of the sandbox.
const POINTERS: [&str; 21] = [
    "SSH_AUTH_SOCK",
    "SSH_AGENT_PID",
    "SSH_ASKPASS",
    "SUDO_ASKPASS",
    "GIT_ASKPASS",
    "GPG_AGENT_INFO",
    "GNUPGHOME",
    "KRB5CCNAME",
    "XDG_RUNTIME_DIR",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "PULSE_SERVER",
    "PULSE_COOKIE",
    "DOCKER_HOST",
    "KUBECONFIG",
    "TMUX",
    "TMUX_PANE",
    "STY",
    "KITTY_LISTEN_ON",
    "VSCODE_IPC_HOOK_CLI",
];

/// What `--clean-env` passes (and `LC_*`).
const CLEAN: [&str; 12] = [
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "COLORTERM",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "NO_COLOR",
];

/// How the values of well-known tokens begin.
const TOKEN_PREFIXES: [&str; 17] = [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "sk-",
    "sk_live_",
    "rk_live_",
    "AIza",
    "npm_",
    "pypi-",
    "hf_",
];

pub struct Filtered {
    pub kept: Vec<(OsString, OsString)>,
    /// Names only.
    pub dropped: Vec<String>,
}

pub fn filter(
    vars: impl Iterator<Item = (OsString, OsString)>,
    keep: &[String],
    clean: bool,
) -> Filtered {
    let mut filtered = Filtered {
        kept: Vec::new(),
        dropped: Vec::new(),
    };
    for (name, value) in vars {
        let shown = name.to_string_lossy().into_owned();
        let passes = keep.contains(&shown)
            || if clean {
                CLEAN.contains(&shown.as_str()) || shown.starts_with("LC_")
            } else {
                !points_outside(&shown) && !looks_like_credential(&shown, &value)
            };
        if passes {
            filtered.kept.push((name, value));
        } else {
            filtered.dropped.push(shown);
        }
    }
    filtered.dropped.sort();
    filtered
}

fn points_outside(name: &str) -> bool {
    POINTERS.contains(&name)
        || name.starts_with("DBUS_")
        // Ours (where the vault is) and HashiCorp Vault's (where a server is, and its token).
        || name.strip_prefix("VAULT").is_some_and(|rest| rest.starts_with('_'))
        || name.ends_with("_SOCK")
        || name.ends_with("_SOCKET")
}

fn looks_like_credential(name: &str, value: &OsStr) -> bool {
    let upper = name.to_ascii_uppercase();
    let by_name = [
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "CREDENTIAL",
        "API_KEY",
        "APIKEY",
    ]
    .iter()
    .any(|word| upper.contains(word))
        || upper.ends_with("_KEY")
        || upper.ends_with("_PAT")
        || upper == "KEY"
        || upper.starts_with("AWS_");
    by_name || looks_like_token(value.as_encoded_bytes())
}

/// A value shaped like a known kind of token or key, whatever its variable is called.
fn looks_like_token(value: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    let value = value.trim();
    if value.contains("-----BEGIN ") || value.starts_with("AGE-SECRET-KEY-") {
        return true;
    }
    let long = value.len() >= 20 && !value.contains(char::is_whitespace);
    if !long {
        return false;
    }
    let aws = (value.starts_with("AKIA") || value.starts_with("ASIA"))
        && value.len() == 20
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let jwt = value.starts_with("eyJ") && value.matches('.').count() == 2;
    aws || jwt
        || TOKEN_PREFIXES
            .iter()
            .any(|prefix| value.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(vars: &[(&str, &str)], keep: &[&str], clean: bool) -> (Vec<String>, Vec<String>) {
        let vars = vars
            .iter()
            .map(|(n, v)| (OsString::from(n), OsString::from(v)));
        let keep: Vec<String> = keep.iter().map(|k| k.to_string()).collect();
        let filtered = filter(vars, &keep, clean);
        let kept = filtered
            .kept
            .iter()
            .map(|(n, _)| n.to_string_lossy().into_owned())
            .collect();
        (kept, filtered.dropped)
    }

    #[test]
    fn doors_and_credentials_are_dropped_and_the_rest_kept() {
        let (kept, dropped) = run(
            &[
                ("PATH", "/usr/bin"),
                ("EDITOR", "vi"),
                ("GITHUB_TOKEN", "x"),
                ("SSH_AUTH_SOCK", "/run/user/1/ssh"),
                ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1/bus"),
                ("AWS_PROFILE", "prod"),
                ("DB_PASSWORD", "x"),
                ("STRIPE_KEY", "x"),
                ("VAULT_HOME", "/v"),
                ("INNOCENT", "ghp_0123456789abcdefghijklmnop"),
                ("ANOTHER", "AKIAIOSFODNN7EXAMPLE"),
                ("KEYBOARD", "us"),
            ],
            &[],
            false,
        );
        assert_eq!(kept, ["PATH", "EDITOR", "KEYBOARD"]);
        assert_eq!(
            dropped,
            [
                "ANOTHER",
                "AWS_PROFILE",
                "DBUS_SESSION_BUS_ADDRESS",
                "DB_PASSWORD",
                "GITHUB_TOKEN",
                "INNOCENT",
                "SSH_AUTH_SOCK",
                "STRIPE_KEY",
                "VAULT_HOME"
            ]
        );
    }

    #[test]
    fn env_keeps_one_and_clean_env_passes_the_short_list() {
        let (kept, _) = run(&[("GITHUB_TOKEN", "x")], &["GITHUB_TOKEN"], false);
        assert_eq!(kept, ["GITHUB_TOKEN"]);
        let (kept, dropped) = run(
            &[
                ("PATH", "/bin"),
                ("LC_ALL", "C"),
                ("EDITOR", "vi"),
                ("MINE", "1"),
            ],
            &["MINE"],
            true,
        );
        assert_eq!(kept, ["PATH", "LC_ALL", "MINE"]);
        assert_eq!(dropped, ["EDITOR"]);
    }
}
