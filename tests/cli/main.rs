//! Integration tests: the built binary, run in a temporary VAULT_HOME, judged by what users see.

mod agent;
mod audit;
mod completion;
mod events;
mod exec;
mod file;
mod generated;
mod grant;
mod import;
mod init;
mod read;
mod readme;
mod secret;
mod support;
mod usage;
