//! Links libgcc's unwinder into the binary instead of loading libgcc_s.so at every start.
//!
//! Agents start `vault` on every read, and on Linux a shared library costs its mapping and its
//! relocations each time: without libgcc_s.so a read starts about 0.2 ms sooner, only libc
//! being left to load. This is what `gcc -static-libgcc` does for C programs; Rust's standard
//! library asks for `-lgcc_s` by name, so a linker script of that name, found first, hands the
//! linker the static `libgcc_eh.a` that ships with every GCC instead.
//!
//! It also hands the linker link/read-path.ld, which puts the functions of a read first in the
//! binary's code (the file says why).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let gnu_linux = env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if !gnu_linux {
        return;
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("libgcc_s.so"), "INPUT(-lgcc_eh)\n").expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search=native={}", out.display());

    let read_path = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("link/read-path.ld");
    println!("cargo:rerun-if-changed={}", read_path.display());
    println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", read_path.display());
}
