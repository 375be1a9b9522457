//! Integration tests: the built binary, run in a temporary VAULT_HOME, judged by what users see.

mod agent;
mod audit;
mod completion;
mod concurrency;
mod crash;
mod damage;
mod events;
mod exec;
mod faults;
mod file;
mod generated;
mod grant;
mod hostile;
mod import;
mod init;
mod leaks;
mod operators;
mod pages;
mod permissions;
mod read;
mod readme;
mod secret;
mod support;
mod usage;
