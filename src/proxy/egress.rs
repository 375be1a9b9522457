//! Where the program may connect through the proxy at all (`exec --egress`), secret or not:
//! anywhere (`any`), only the hosts some secret of the run is pinned to and those
//! `--allow-host` adds (`pinned`, the default in the sandbox, where the proxy is the only way
//! out), or only the hosts named. A refused host gets a 403 that names the flag that allows
//! it, and one `vault.egress_denied` event per host in a run.

use std::fmt;

use anyhow::{Result, bail};

use crate::hosts::{Pin, Scheme};

/// What the caller chose.
#[derive(Clone, Debug, Default)]
pub enum Choice {
    #[default]
    Any,
    /// The secrets' pins, and these besides.
    Pinned(Vec<String>),
    Hosts(Vec<String>),
}

impl Choice {
    /// `--egress` as given (`any`, `pinned`, or hosts), with `--allow-host`; `sandboxed`:
    /// the default is `pinned` there.
    pub fn parse(egress: &[String], allow: &[String], sandboxed: bool) -> Result<Self> {
        let word = |w: &str| egress.len() == 1 && egress[0] == w;
        if egress.len() > 1 && egress.iter().any(|e| e == "any" || e == "pinned") {
            bail!(
                "--egress takes any, pinned, or hosts, not a mix; say `--egress pinned --allow-host HOST` to add hosts to the pinned ones"
            );
        }
        let choice = if word("any") || (egress.is_empty() && !sandboxed) {
            Choice::Any
        } else if word("pinned") || egress.is_empty() {
            Choice::Pinned(allow.to_vec())
        } else {
            Choice::Hosts(egress.iter().chain(allow).cloned().collect())
        };
        if matches!(choice, Choice::Any) && !allow.is_empty() {
            bail!(
                "--allow-host adds to --egress pinned or to a list of hosts; with --egress any every host is allowed already"
            );
        }
        for host in match &choice {
            Choice::Any => &[][..],
            Choice::Pinned(hosts) | Choice::Hosts(hosts) => hosts,
        } {
            if Pin::parse(host)?.has_route() {
                bail!(
                    "--egress and --allow-host take hosts ({host:?} has a path); routes belong to a secret's --host"
                );
            }
        }
        Ok(choice)
    }
}

/// The hosts a run may reach, made from the choice and the run's pins.
#[derive(Debug)]
pub enum Egress {
    Any,
    Only {
        hosts: Vec<Pin>,
        /// `pinned`, or the hosts named: what the refusal says to change.
        pinned: bool,
    },
}

impl Egress {
    pub fn new(choice: &Choice, pins: &[Pin]) -> Result<Self> {
        let parsed = |hosts: &[String]| {
            hosts
                .iter()
                .map(|h| Pin::parse(h))
                .collect::<Result<Vec<_>>>()
        };
        Ok(match choice {
            Choice::Any => Egress::Any,
            Choice::Pinned(also) => {
                let mut hosts = pins.to_vec();
                hosts.extend(parsed(also)?);
                Egress::Only {
                    hosts,
                    pinned: true,
                }
            }
            Choice::Hosts(named) => Egress::Only {
                hosts: parsed(named)?,
                pinned: false,
            },
        })
    }

    /// Whether `host:port` may be reached over one of `schemes`; why not, if not.
    pub fn check(&self, schemes: &[Scheme], host: &str, port: u16) -> Result<(), Outside> {
        match self {
            Egress::Any => Ok(()),
            Egress::Only { hosts, pinned } => {
                let covered = hosts
                    .iter()
                    .any(|pin| schemes.iter().any(|&s| pin.covers(s, host, port)));
                if covered {
                    Ok(())
                } else {
                    Err(Outside {
                        host: host.to_owned(),
                        port,
                        pinned: *pinned,
                    })
                }
            }
        }
    }
}

/// A host outside the run's egress.
#[derive(Debug)]
pub struct Outside {
    pub host: String,
    pub port: u16,
    pinned: bool,
}

impl Outside {
    /// The host as a flag and an event name it: the port when it is not 443.
    pub fn named(&self) -> String {
        super::Origin {
            scheme: Scheme::Https,
            host: self.host.clone(),
            port: self.port,
        }
        .shown()
    }
}

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named = self.named();
        if self.pinned {
            write!(
                f,
                "{named} is outside this run's egress (--egress pinned: only the hosts its secrets are pinned to); allow it with `--allow-host {named}`, or run with `--egress any`"
            )
        } else {
            write!(
                f,
                "{named} is outside this run's egress (the hosts --egress names); allow it with another `--egress {named}`, or run with `--egress any`"
            )
        }
    }
}

impl std::error::Error for Outside {}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_default_is_any_outside_the_sandbox_and_pinned_inside() {
        assert!(matches!(
            Choice::parse(&[], &[], false).unwrap(),
            Choice::Any
        ));
        assert!(
            matches!(Choice::parse(&[], &[], true).unwrap(), Choice::Pinned(h) if h.is_empty())
        );
        assert!(matches!(
            Choice::parse(&strings(&["any"]), &[], true).unwrap(),
            Choice::Any
        ));
        let hosts = Choice::parse(
            &strings(&["a.test", "b.test:8443"]),
            &strings(&["c.test"]),
            false,
        )
        .unwrap();
        assert!(matches!(hosts, Choice::Hosts(h) if h.len() == 3));
        for (egress, allow) in [
            (vec!["any", "a.test"], vec![]),
            (vec!["any"], vec!["a.test"]),
            (vec!["a.test/v1"], vec![]),
            (vec!["pinned"], vec!["user@a.test"]),
        ] {
            assert!(
                Choice::parse(&strings(&egress), &strings(&allow), false).is_err(),
                "{egress:?} {allow:?}"
            );
        }
    }

    #[test]
    fn pinned_lets_through_the_pins_and_the_allowed_and_says_how_to_widen() {
        let pins = vec![Pin::parse("api.example.com/v1/**").unwrap()];
        let choice =
            Choice::parse(&strings(&["pinned"]), &strings(&["*.allowed.test"]), false).unwrap();
        let egress = Egress::new(&choice, &pins).unwrap();
        let both = [Scheme::Https, Scheme::Http];
        assert!(egress.check(&both, "api.example.com", 443).is_ok());
        assert!(egress.check(&both, "x.allowed.test", 443).is_ok());
        let refused = egress.check(&both, "elsewhere.test", 8443).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("`--allow-host elsewhere.test:8443`"),
            "{refused}"
        );
        let named = Egress::new(&Choice::Hosts(strings(&["a.test"])), &pins).unwrap();
        assert!(named.check(&both, "api.example.com", 443).is_err());
        assert!(named.check(&both, "a.test", 443).is_ok());
        assert!(
            Egress::new(&Choice::Any, &pins)
                .unwrap()
                .check(&both, "x.test", 1)
                .is_ok()
        );
    }
}
