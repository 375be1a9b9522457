//! Errors whose kind decides the exit code. Everything else is an `anyhow` error and exits 1.

use std::fmt;

/// Exit 3. The message is the same whatever the cause (no grant, no such secret, no such agent,
/// a key that is not the agent's), so a denied reader learns nothing about what exists.
#[derive(Debug)]
pub struct Denied {
    pub agent: String,
    pub secret: String,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "denied: agent {} may not read {}; an operator can grant it with `vault grant add --agent {} {}`",
            self.agent, self.secret, self.agent, self.secret
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
