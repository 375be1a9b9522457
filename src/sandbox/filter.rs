//! The syscall filter the program runs under: what opens the kernel's largest attack surface
//! to an unprivileged process (new user namespaces, io_uring, userfaultfd, BPF, keyrings),
//! what reaches other processes (ptrace, process_vm_*), what changes the mounts, and the
//! ioctls that push keystrokes into a terminal. Each is refused with EPERM, so a program that
//! tries one goes on, as it would where the kernel lacked it. Built with seccompiler, for the
//! architecture the binary was built for; a call made through another architecture's entry
//! (32-bit code on x86_64) kills the process, as seccompiler's filters do. The x32 entry of
//! x86_64 shares its architecture, so each refusal is there under its x32 number too.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen as Len, SeccompCmpOp as Op, SeccompCondition as If,
    SeccompFilter, SeccompRule, TargetArch,
};

/// Refused whatever their arguments.
const REFUSED: &[libc::c_long] = &[
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_userfaultfd,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_move_mount,
    libc::SYS_open_tree,
    libc::SYS_fsopen,
    libc::SYS_fsconfig,
    libc::SYS_fsmount,
    libc::SYS_fspick,
    libc::SYS_mount_setattr,
    libc::SYS_setns,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_reboot,
    libc::SYS_acct,
    libc::SYS_syslog,
];

/// What `sandbox check` tries, by name, with the number it calls.
pub const TRIED: [(&str, libc::c_long); 8] = [
    ("io_uring_setup", libc::SYS_io_uring_setup),
    ("userfaultfd", libc::SYS_userfaultfd),
    ("keyctl", libc::SYS_keyctl),
    ("bpf", libc::SYS_bpf),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("mount", libc::SYS_mount),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
    ("kexec_load", libc::SYS_kexec_load),
];

const CLONE_NEWUSER: u64 = libc::CLONE_NEWUSER as u64;
/// `personality(0xffffffff)` only asks, and PER_LINUX is what every process has.
const PERSONALITY_QUERY: u64 = 0xffff_ffff;

fn refused_rules() -> Result<BTreeMap<i64, Vec<SeccompRule>>> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for &call in REFUSED {
        rules.insert(call, Vec::new());
    }
    let new_user = || {
        SeccompRule::new(vec![If::new(
            0,
            Len::Qword,
            Op::MaskedEq(CLONE_NEWUSER),
            CLONE_NEWUSER,
        )?])
    };
    rules.insert(libc::SYS_unshare, vec![new_user()?]);
    rules.insert(libc::SYS_clone, vec![new_user()?]);
    let ioctl = |request: u64| SeccompRule::new(vec![If::new(1, Len::Dword, Op::Eq, request)?]);
    rules.insert(
        libc::SYS_ioctl,
        vec![ioctl(libc::TIOCSTI)?, ioctl(libc::TIOCLINUX)?],
    );
    rules.insert(
        libc::SYS_personality,
        vec![SeccompRule::new(vec![
            If::new(0, Len::Dword, Op::Ne, 0)?,
            If::new(0, Len::Dword, Op::Ne, PERSONALITY_QUERY)?,
        ])?],
    );
    #[cfg(target_arch = "x86_64")]
    add_x32(&mut rules);
    Ok(rules)
}

/// The x32 numbers of the refused calls: the x86_64 number with bit 30 set, but for the few
/// x32 has entries of its own for.
#[cfg(target_arch = "x86_64")]
fn add_x32(rules: &mut BTreeMap<i64, Vec<SeccompRule>>) {
    const X32: i64 = 0x4000_0000;
    const OWN: [(libc::c_long, i64); 4] = [
        (libc::SYS_ioctl, 514),
        (libc::SYS_ptrace, 521),
        (libc::SYS_process_vm_readv, 539),
        (libc::SYS_process_vm_writev, 540),
    ];
    let shared: Vec<(i64, Vec<SeccompRule>)> = rules
        .iter()
        .map(|(&call, conditions)| {
            let number = OWN
                .iter()
                .find(|(native, _)| *native == call)
                .map_or(call, |&(_, own)| own);
            (number | X32, conditions.clone())
        })
        .collect();
    rules.extend(shared);
}

fn compile(
    rules: BTreeMap<i64, Vec<SeccompRule>>,
    errno: i32,
    arch: TargetArch,
) -> Result<BpfProgram> {
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(errno as u32),
        arch,
    )?;
    Ok(filter.try_into()?)
}

/// The filters, compiled: the refusals (EPERM), and `clone3` as if the kernel had none
/// (ENOSYS), because its flags lie in memory a filter cannot read; libc then falls back to
/// `clone`, whose flags the first filter sees.
pub fn programs() -> Result<Vec<BpfProgram>> {
    let arch: TargetArch = std::env::consts::ARCH
        .try_into()
        .context("the syscall filter is not built for this architecture")?;
    let mut clone3 = BTreeMap::new();
    clone3.insert(libc::SYS_clone3, Vec::new());
    Ok(vec![
        compile(refused_rules()?, libc::EPERM, arch)?,
        compile(clone3, libc::ENOSYS, arch)?,
    ])
}

/// Puts the filters on this process, for it and every process it starts. Needs no new
/// privileges (bubblewrap set that).
pub fn install() -> Result<()> {
    for program in programs()? {
        seccompiler::apply_filter(&program).context("cannot install the syscall filter")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_compile_for_this_architecture() {
        let programs = programs().unwrap();
        assert_eq!(programs.len(), 2);
        // Well under the kernel's 4096 instructions (x32's numbers double the list).
        assert!(programs[0].len() < 1024, "{}", programs[0].len());
    }
}
