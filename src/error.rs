//! Errors whose kind decides the exit code. Everything else is an `anyhow` error and exits 1.

use std::fmt;

/// Exit 3. The message is the same whatever the cause (no grant, no such secret, no such agent,
/// a key that is not the agent's), for `read` and `exec` alike, so a denied reader learns
/// nothing about what exists.
#[derive(Debug)]
pub struct Denied {
    pub agent: String,
    /// The secret asked for; `None` when the agent asked for all of its own.
    pub secret: Option<String>,
    /// An operator turned the agent's request down, saying this (if anything): the agent was
    /// answered, and is told the answer instead of how to ask.
    pub refused: Option<Option<String>>,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let agent = &self.agent;
        let secret = self.secret.as_deref().unwrap_or("SECRET");
        let what = self.secret.as_deref().unwrap_or("its secrets");
        if let Some(said) = &self.refused {
            return match said {
                Some(said) => write!(
                    f,
                    "denied: an operator turned down the request of agent {agent} for {what}: {said}"
                ),
                None => write!(
                    f,
                    "denied: an operator turned down the request of agent {agent} for {what}"
                ),
            };
        }
        write!(
            f,
            "denied: agent {agent} may not read {what}; an operator can grant it with `vault grant add --agent {agent} {secret}`"
        )
    }
}

impl std::error::Error for Denied {}

/// Exit 2: the command line is wrong in a way clap cannot see.
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Exit 127 when the program to run does not exist, 126 when it cannot be run: the codes a
/// shell uses, so `vault exec` slots into scripts that already test for them.
#[derive(Debug)]
pub struct CannotRun {
    pub program: String,
    pub source: std::io::Error,
}

impl CannotRun {
    pub fn exit_code(&self) -> u8 {
        if self.source.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        }
    }
}

impl fmt::Display for CannotRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.kind() == std::io::ErrorKind::NotFound {
            write!(f, "cannot run {}: command not found", self.program)
        } else {
            write!(f, "cannot run {}: {}", self.program, self.source)
        }
    }
}

impl std::error::Error for CannotRun {}
