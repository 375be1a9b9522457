//! Process-wide protections, set before anything secret is in memory, and undone for the
//! program `exec` hands over to.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// What `harden` changed, so `exec` can give the next program the caller's settings.
static CALLER_UMASK: AtomicU32 = AtomicU32::new(0o022);
static CALLER_CORE_LIMIT: AtomicU64 = AtomicU64::new(0);

/// No core dumps and no ptrace attach by other processes of the same user (a dump or a debugger
/// would see every value we decrypt), and a umask under which every file we create is 0600 and
/// every directory 0700, whatever the caller's umask.
pub fn harden() {
    // SAFETY: these calls only change attributes of this process and take no pointers that
    // outlive them.
    unsafe {
        // A write to a closed pipe must be an error we can report quietly, not a kill. (A
        // Rust `fn main` gets this from the runtime; ours is a C main, see main.rs.)
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        CALLER_UMASK.store(libc::umask(0o077), Ordering::Relaxed);
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            CALLER_CORE_LIMIT.store(limit.rlim_cur, Ordering::Relaxed);
            // The soft limit only: the hard one stays, so it can be given back.
            limit.rlim_cur = 0;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        // A change to a large vault holds several buffers of a few MiB at once. glibc would map
        // each one fresh from the kernel and unmap it when freed, paying a page fault for every
        // 4 KiB again and again; kept on the heap, freed buffers are reused instead.
        #[cfg(target_env = "gnu")]
        {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
        }
    }
}

/// Gives back the caller's umask and core limit, just before this process becomes another
/// program. (The kernel makes an exec'd program dumpable again by itself.)
pub fn soften_for_exec() {
    // SAFETY: as in `harden`.
    unsafe {
        libc::umask(CALLER_UMASK.load(Ordering::Relaxed));
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            limit.rlim_cur = CALLER_CORE_LIMIT.load(Ordering::Relaxed);
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
    }
}

/// Runs `spawn`, which starts threads, with every signal blocked: a new thread starts with its
/// creator's mask, so none of them is ever delivered a signal. The signals meant for the program
/// `vault exec` runs are read from a signalfd; one taken by another thread would be lost.
pub fn without_signals<T>(spawn: impl FnOnce() -> T) -> T {
    use nix::sys::signal::{SigSet, SigmaskHow, pthread_sigmask};
    let mut before = SigSet::empty();
    let blocked = pthread_sigmask(
        SigmaskHow::SIG_BLOCK,
        Some(&SigSet::all()),
        Some(&mut before),
    );
    let made = spawn();
    if blocked.is_ok() {
        let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&before), None);
    }
    made
}
