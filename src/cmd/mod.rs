//! One module per command group. Each turns parsed arguments into calls on `vault` and prints
//! the outcome; none of them touches files or keys directly.

mod access;
pub mod agent;
pub mod events;
pub mod exec;
pub mod grant;
pub mod init;
pub mod operator;
pub mod read;
pub mod rekey;
pub mod secret;

use crate::output::Output;
use crate::paths::Paths;

pub struct Context {
    pub paths: Paths,
    pub out: Output,
}
