//! The entry point. `vault` starts on every agent read, so it skips Rust's usual start-up
//! (`fn main` runs after a stack-overflow guard is set up, which reads /proc/self/maps and maps
//! an alternate signal stack: 0.2 ms here, a seventh of a read). What of it the program needs,
//! ignoring SIGPIPE, `process::harden` does.
#![no_main]

use std::ffi::{c_char, c_int};

#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    c_int::from(vault::main())
}
