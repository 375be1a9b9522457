//! Process-wide protections, set before anything secret is in memory.

/// No core dumps and no ptrace attach by other processes of the same user (a dump or a debugger
/// would see every value we decrypt), and a umask under which every file we create is 0600 and
/// every directory 0700, whatever the caller's umask.
pub fn harden() {
    // SAFETY: these calls only change attributes of this process and take no pointers that
    // outlive them.
    unsafe {
        libc::umask(0o077);
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            // The soft limit only: the hard one stays, for the programs `exec` will start.
            limit.rlim_cur = 0;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}
