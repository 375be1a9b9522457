//! What the program sees of the filesystem, as bubblewrap's mount arguments, in the order
//! they apply: a later mount covers an earlier one, so what is hidden comes last and stays
//! hidden whatever was let in before it.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Options;

/// Credential stores under the home directory, hidden when the home is shared (and out of
/// sight with the rest of it when it is private).
const CREDENTIAL_STORES: [&str; 24] = [
    ".ssh",
    ".aws",
    ".azure",
    ".kube",
    ".gnupg",
    ".password-store",
    ".docker/config.json",
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".vault-token",
    ".config/gcloud",
    ".config/gh",
    ".config/op",
    ".config/hub",
    ".cargo/credentials.toml",
    ".cargo/credentials",
    ".claude",
    ".claude.json",
    ".codex",
    ".age",
    ".config/age",
    ".1password",
];

/// The vault's own default directories.
const VAULT_DIRS: [&str; 3] = [".config/vault", ".local/share/vault", ".local/state/vault"];

/// What the usual toolchains installed under the home directory need to run, shown read-only
/// in a private home: binaries, toolchains and caches of sources, never their credential
/// files (`~/.cargo/credentials.toml` lies beside `bin`, not under it).
const TOOLCHAINS: [&str; 13] = [
    ".rustup/toolchains",
    ".rustup/settings.toml",
    ".cargo/bin",
    ".cargo/registry",
    ".cargo/git",
    ".pyenv",
    ".nvm",
    ".local/share/uv",
    ".local/bin",
    "go/bin",
    "go/pkg/mod",
    ".bun/bin",
    ".deno/bin",
];

/// The mounts, and what they decided.
pub struct Mounts {
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    pub private_home: bool,
    /// Holds the sandbox's own name files until the run ends.
    _names: tempfile::TempDir,
}

/// One mount, in bubblewrap's terms.
enum Mount {
    ReadOnly(PathBuf),
    Writable(PathBuf),
    /// An empty directory in place of a directory, an empty file in place of a file.
    Hidden(PathBuf),
    Empty(PathBuf),
    /// A file of ours (the first) read-only in place of a system file (the second).
    Replaced(PathBuf, PathBuf),
}

impl Mounts {
    pub fn plan(options: &Options) -> Result<Self> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .context("cannot find the current directory")?;
        let home = home_dir().map(|home| std::fs::canonicalize(&home).unwrap_or(home));
        refuse_cwd(&cwd, home.as_deref())?;
        let private_home = !options.share_home;
        let mut mounts = Vec::new();
        // Runtime directories hold the sockets of the user's agents, buses and displays.
        mounts.push(Mount::Empty("/tmp".into()));
        mounts.push(Mount::Empty("/run".into()));
        mounts.push(Mount::Empty("/var/tmp".into()));
        if let Some(runtime) = crate::paths::env_path("XDG_RUNTIME_DIR") {
            mounts.push(Mount::Hidden(runtime));
        }
        if let Some(home) = &home {
            if private_home {
                mounts.push(Mount::Empty(home.clone()));
                for tool in TOOLCHAINS {
                    mounts.push(Mount::ReadOnly(home.join(tool)));
                }
            } else {
                // Read-only, and in sight even where it lies under /tmp.
                mounts.push(Mount::ReadOnly(home.clone()));
                for store in CREDENTIAL_STORES.iter().chain(&VAULT_DIRS) {
                    mounts.push(Mount::Hidden(home.join(store)));
                }
            }
        }
        mounts.push(Mount::Writable(cwd.clone()));
        for path in &options.allow_read {
            mounts.push(Mount::ReadOnly(existing("--allow-read", path)?));
        }
        for path in &options.allow_write {
            mounts.push(Mount::Writable(existing("--allow-write", path)?));
        }
        for git in git_dirs(&cwd) {
            mounts.push(Mount::ReadOnly(git));
        }
        for path in &options.show {
            mounts.push(Mount::ReadOnly(path.clone()));
        }
        let names = tempfile::Builder::new()
            .prefix("vault-sandbox-")
            .tempdir()
            .context("cannot make the sandbox's name files")?;
        mounts.extend(name_files(names.path())?);
        if let Some(home) = &home
            && private_home
        {
            // What was let back into the private home (a toolchain, the work, --allow-read)
            // may hold a store; elsewhere in it the stores are out of sight already.
            let shown: Vec<PathBuf> = mounts
                .iter()
                .filter_map(|mount| match mount {
                    Mount::ReadOnly(path) | Mount::Writable(path) => Some(path.clone()),
                    _ => None,
                })
                .collect();
            for store in CREDENTIAL_STORES.iter().chain(&VAULT_DIRS) {
                let store = home.join(store);
                if shown.iter().any(|path| store.starts_with(path)) {
                    mounts.push(Mount::Hidden(store));
                }
            }
        }
        for path in &options.vault_files {
            mounts.extend(vault_family(path, &cwd).into_iter().map(Mount::Hidden));
        }
        for path in &options.hide {
            mounts.push(Mount::Hidden(absolute(path)?));
        }
        let mut args = Vec::new();
        for mount in mounts {
            push_args(&mut args, mount);
        }
        Ok(Self {
            args,
            cwd,
            private_home,
            _names: names,
        })
    }
}

fn push_args(args: &mut Vec<OsString>, mount: Mount) {
    let (flag, source, dest): (&str, Option<PathBuf>, PathBuf) = match mount {
        Mount::Empty(path) => ("--tmpfs", None, path),
        Mount::Replaced(ours, system) => ("--ro-bind", Some(ours), system),
        Mount::ReadOnly(path) | Mount::Writable(path) | Mount::Hidden(path)
            if std::fs::symlink_metadata(&path).is_err() =>
        {
            // Nothing there: nothing to show, and nothing the read-only filesystem lets the
            // program make there.
            let _ = path;
            return;
        }
        Mount::ReadOnly(path) => {
            let real = std::fs::canonicalize(&path).unwrap_or(path);
            ("--ro-bind", Some(real.clone()), real)
        }
        Mount::Writable(path) => {
            let real = std::fs::canonicalize(&path).unwrap_or(path);
            ("--bind", Some(real.clone()), real)
        }
        Mount::Hidden(path) => {
            let real = std::fs::canonicalize(&path).unwrap_or(path);
            if real.is_dir() {
                ("--tmpfs", None, real)
            } else {
                ("--ro-bind", Some(PathBuf::from("/dev/null")), real)
            }
        }
    };
    args.push(flag.into());
    if let Some(source) = source {
        args.push(source.into_os_string());
    }
    args.push(dest.into_os_string());
}

/// The sandbox's own `/etc/resolv.conf` and `/etc/hosts`, written into `dir`: its name server
/// is the proxy's (on 127.0.0.1, where the sandbox's rules send DNS), and its hosts file names
/// only loopback, so that every other name, a LAN name of the system's hosts file too, is
/// looked up there and reached through the proxy. Each goes where the system's file really
/// is, a symbolic link followed (to /run, say, where the sandbox has a fresh directory).
fn name_files(dir: &Path) -> Result<Vec<Mount>> {
    let host_name = nix::unistd::gethostname()
        .ok()
        .and_then(|name| name.into_string().ok())
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace));
    let own = host_name.map(|name| format!(" {name}")).unwrap_or_default();
    let files = [
        ("/etc/resolv.conf", "nameserver 127.0.0.1\n".to_owned()),
        (
            "/etc/hosts",
            format!("127.0.0.1\tlocalhost{own}\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
        ),
    ];
    let mut mounts = Vec::new();
    for (system, text) in files {
        let ours = dir.join(Path::new(system).file_name().unwrap_or_default());
        std::fs::write(&ours, text).context("cannot make the sandbox's name files")?;
        let place = real_place(Path::new(system));
        // bubblewrap makes a file that is not there only where the sandbox has a fresh
        // directory; a system with no resolv.conf at all asks 127.0.0.1 anyway (glibc's
        // default), and one with no hosts file has no names in one to go around the proxy.
        if place.exists() || place.starts_with("/run") || place.starts_with("/tmp") {
            mounts.push(Mount::Replaced(ours, place));
        }
    }
    Ok(mounts)
}

/// Where a system file really is: its symbolic links followed, even when the last one leads
/// nowhere (yet).
fn real_place(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows (MAXSYMLINKS); a loop ends there.
    for _ in 0..40 {
        if let Ok(real) = std::fs::canonicalize(&path) {
            return real;
        }
        match (std::fs::read_link(&path), path.parent()) {
            (Ok(target), Some(parent)) => path = parent.join(target),
            _ => break,
        }
    }
    path
}

/// The home directory, from HOME as every program finds it.
fn home_dir() -> Option<PathBuf> {
    crate::paths::env_path("HOME")
        .filter(|home| home.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))
}

/// A path the caller let in, which must be there: the sandbox cannot make it.
fn existing(flag: &str, path: &Path) -> Result<PathBuf> {
    let absolute = absolute(path)?;
    if std::fs::symlink_metadata(&absolute).is_err() {
        bail!(
            "{flag} {}: no such file or directory; create it first, or leave the flag out",
            path.display()
        );
    }
    Ok(absolute)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot find {}", path.display()))
}

/// Where the program must not be started: in a git directory (what it wrote there would run
/// later, outside), in the home directory itself or above it (the current directory is
/// writable, so the whole home would be).
fn refuse_cwd(cwd: &Path, home: Option<&Path>) -> Result<()> {
    if cwd
        .components()
        .any(|part| part == Component::Normal(".git".as_ref()))
    {
        bail!(
            "the current directory {} is inside a git directory, which the sandbox keeps read-only; run the command from the work tree",
            cwd.display()
        );
    }
    if let Some(home) = home
        && home.starts_with(cwd)
    {
        bail!(
            "the current directory {} holds the home directory, which the sandbox would then have to make writable; run the command from a project directory",
            cwd.display()
        );
    }
    Ok(())
}

/// The git directories of the repositories the current directory is in: its own `.git` and
/// each one above it, and where a `.git` file (a worktree, a submodule) points.
fn git_dirs(cwd: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in cwd.ancestors() {
        let git = dir.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&git) else {
            continue;
        };
        found.push(git.clone());
        if meta.is_file()
            && let Ok(text) = std::fs::read_to_string(&git)
            && let Some(target) = text.strip_prefix("gitdir:")
        {
            let target = dir.join(target.trim());
            // A worktree's git directory shares its repository's (`commondir`).
            if let Some(common) = target
                .ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == ".git"))
            {
                found.push(common.to_path_buf());
            }
            found.push(target);
        }
    }
    found
}

/// A file of the vault's, and what lies beside it under its name (locks, older copies, the
/// agents' logs beside the log); the whole directory when it is the vault's alone, that is
/// when it holds neither the current directory nor lies in it.
fn vault_family(path: &Path, cwd: &Path) -> Vec<PathBuf> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(dir) = path.parent() else {
        return vec![path];
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !cwd.starts_with(&dir) && !dir.starts_with(cwd) {
        return vec![dir];
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // `events.jsonl` has writers' logs `events.NAME.jsonl` beside it.
    let stem = name.split('.').next().unwrap_or_default().to_owned();
    let mut family = vec![path.clone()];
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other != name
                && (other.starts_with(&*name) || other.starts_with(&format!("{stem}.")))
            {
                family.push(entry.path());
            }
        }
    }
    family
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_directory_or_the_home_is_no_place_to_start() {
        let home = Path::new("/home/u");
        assert!(refuse_cwd(Path::new("/home/u/project/.git"), Some(home)).is_err());
        assert!(refuse_cwd(Path::new("/home/u/project/.git/hooks"), Some(home)).is_err());
        assert!(refuse_cwd(Path::new("/home/u"), Some(home)).is_err());
        assert!(refuse_cwd(Path::new("/"), Some(home)).is_err());
        assert!(refuse_cwd(Path::new("/home/u/project"), Some(home)).is_ok());
        assert!(refuse_cwd(Path::new("/srv/work"), Some(home)).is_ok());
    }

    #[test]
    fn every_repository_around_the_current_directory_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("repo");
        let sub = top.join("sub");
        std::fs::create_dir_all(top.join(".git")).unwrap();
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(".git"), "gitdir: ../.git/modules/sub\n").unwrap();
        let found = git_dirs(&sub);
        assert!(found.contains(&sub.join(".git")), "{found:?}");
        assert!(found.contains(&top.join(".git")), "{found:?}");
        assert!(
            found.contains(&sub.join("../.git/modules/sub")),
            "{found:?}"
        );
    }

    #[test]
    fn a_vault_beside_the_work_is_hidden_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().canonicalize().unwrap();
        for name in [
            "vault.age",
            "vault.age.lock",
            "events.jsonl",
            "events.bot.jsonl",
            "src",
        ] {
            std::fs::write(work.join(name), "").unwrap();
        }
        let family = vault_family(&work.join("vault.age"), &work);
        assert!(family.contains(&work.join("vault.age.lock")));
        assert!(!family.contains(&work.join("src")));
        let logs = vault_family(&work.join("events.jsonl"), &work);
        assert!(logs.contains(&work.join("events.bot.jsonl")));
        // Elsewhere, the whole directory.
        let other = tempfile::tempdir().unwrap();
        let away = other.path().canonicalize().unwrap();
        assert_eq!(vault_family(&away.join("vault.age"), &work), vec![away]);
    }

    #[test]
    fn a_system_file_is_replaced_where_its_links_lead_even_nowhere() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("etc")).unwrap();
        std::fs::write(root.join("real.conf"), "").unwrap();
        symlink("../real.conf", root.join("etc/linked")).unwrap();
        assert_eq!(real_place(&root.join("etc/linked")), root.join("real.conf"));
        // A link to a file that is not there (yet): where it would be.
        symlink("../run/stub.conf", root.join("etc/dangling")).unwrap();
        assert_eq!(
            real_place(&root.join("etc/dangling")),
            root.join("etc/../run/stub.conf")
        );
        // A loop ends, at one of its links.
        symlink("b", root.join("etc/a")).unwrap();
        symlink("a", root.join("etc/b")).unwrap();
        let looped = real_place(&root.join("etc/a"));
        assert!(looped.starts_with(root.join("etc")), "{looped:?}");
        // The files themselves: the proxy's name server, loopback names only.
        let names = tempfile::tempdir().unwrap();
        let mounts = name_files(names.path()).unwrap();
        let resolv = std::fs::read_to_string(names.path().join("resolv.conf")).unwrap();
        assert_eq!(resolv, "nameserver 127.0.0.1\n");
        let hosts = std::fs::read_to_string(names.path().join("hosts")).unwrap();
        assert!(hosts.starts_with("127.0.0.1\tlocalhost"), "{hosts}");
        assert_eq!(hosts.lines().count(), 2, "{hosts}");
        assert!(mounts.iter().all(
            |mount| matches!(mount, Mount::Replaced(ours, _) if ours.starts_with(names.path()))
        ));
    }
}
