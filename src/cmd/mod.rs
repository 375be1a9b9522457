//! One module per command group. Each turns parsed arguments into calls on `vault` and prints
//! the outcome; none of them touches files or keys directly.

mod access;
pub mod agent;
pub mod events;
pub mod exec;
pub mod git;
pub mod grant;
pub mod init;
pub mod mcp;
pub mod merge;
pub mod operator;
pub mod read;
pub mod rekey;
pub mod request;
pub mod sandbox;
pub mod secret;
pub mod unlock;

use crate::audit::{Event, Kind};
use crate::output::Output;
use crate::paths::Paths;
use crate::state::Grant;

pub struct Context {
    pub paths: Paths,
    pub out: Output,
}

/// The event about `grant`, on the secret called `secret_name`.
pub fn grant_event(kind: Kind, grant: &Grant, secret_name: &str) -> Event {
    Event::new(kind).grant(&grant.id, &grant.agent, &grant.secret, secret_name)
}
