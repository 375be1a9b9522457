//! Integration tests: the built binary, run in a temporary VAULT_HOME, judged by what users see.

mod agent;
mod audit;
mod events;
mod file;
mod grant;
mod init;
mod read;
mod secret;
mod support;
mod usage;
