//! Where in a request the credential proxy may put a secret's value: `--inject PLACE`.
//!
//! A credential goes in a header (Basic credentials included, which is what a URL's userinfo
//! becomes), the query string or the path. A body is where a conversation goes: an agent that
//! sends the model what a tool printed would, if bodies were open, hand the model the real key
//! of the model's own host. So a body gets a value only for a secret marked `--inject body`
//! (form posts and webhooks that need it).

use std::fmt;

use anyhow::{Result, bail};

/// A part of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Header,
    Query,
    Path,
    Body,
}

impl Place {
    const ALL: [Place; 4] = [Place::Header, Place::Query, Place::Path, Place::Body];

    pub fn name(self) -> &'static str {
        match self {
            Place::Header => "header",
            Place::Query => "query",
            Place::Path => "path",
            Place::Body => "body",
        }
    }

    /// The bit of the place in a secret's flags (FORMAT.md), above the canary's.
    const fn bit(self) -> u8 {
        match self {
            Place::Header => 4,
            Place::Query => 8,
            Place::Path => 16,
            Place::Body => 32,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Set in a secret's flags when its places are its own, not the default.
const CHOSEN: u8 = 2;
const PLACES: u8 = 4 | 8 | 16 | 32;

/// The places one secret's value may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inject(u8);

impl Default for Inject {
    /// Headers, the query and the path: where credentials go, never a body.
    fn default() -> Self {
        Self(Place::Header.bit() | Place::Query.bit() | Place::Path.bit())
    }
}

impl Inject {
    /// The places named on the command line (`header`, `query`, `path`, `body`).
    pub fn parse(names: &[String]) -> Result<Self> {
        let mut bits = 0;
        for name in names {
            let Some(place) = Place::ALL.iter().find(|p| p.name() == name) else {
                bail!(
                    "{name:?} is not a part of a request the proxy puts values in; say header, query, path or body"
                );
            };
            bits |= place.bit();
        }
        if bits == 0 {
            bail!("say where the value may go: --inject header, query, path or body");
        }
        Ok(Self(bits))
    }

    pub fn allows(self, place: Place) -> bool {
        self.0 & place.bit() != 0
    }

    pub fn places(self) -> Vec<&'static str> {
        Place::ALL
            .iter()
            .filter(|p| self.allows(**p))
            .map(|p| p.name())
            .collect()
    }

    /// The bits this adds to a secret's flags: none for the default, so that the files of
    /// vaults that never chose are what they were.
    pub fn flags(self) -> u16 {
        if self == Self::default() {
            0
        } else {
            u16::from(CHOSEN | self.0)
        }
    }

    /// The places a secret's flags hold.
    pub fn from_flags(flags: u16) -> Self {
        let flags = (flags & 0xff) as u8;
        if flags & CHOSEN == 0 || flags & PLACES == 0 {
            Self::default()
        } else {
            Self(flags & PLACES)
        }
    }

    /// Whether flags are ones this version knows (the canary, the places, the methods of
    /// `hosts::Methods`): a bit beyond them is a newer vault's.
    pub fn known_flags(flags: u16) -> bool {
        flags & !(1 | u16::from(CHOSEN | PLACES) | crate::hosts::Methods::BITS) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_default_is_where_credentials_go_and_costs_no_flag() {
        let default = Inject::default();
        assert_eq!(default.places(), ["header", "query", "path"]);
        assert!(!default.allows(Place::Body));
        assert_eq!(default.flags(), 0);
        assert_eq!(Inject::from_flags(0), default);
        assert_eq!(Inject::from_flags(1), default);
    }

    #[test]
    fn chosen_places_survive_the_flags_beside_the_canary() {
        for chosen in [
            &["body"][..],
            &["header"],
            &["header", "query", "path", "body"],
            &["query", "body"],
        ] {
            let inject = Inject::parse(&names(chosen)).unwrap();
            let flags = inject.flags() | 1;
            assert!(Inject::known_flags(flags));
            assert_eq!(Inject::from_flags(flags), inject, "{chosen:?}");
            assert_eq!(inject.places().len(), chosen.len());
        }
        // Naming the default is the default.
        let same = Inject::parse(&names(&["path", "header", "query"])).unwrap();
        assert_eq!(same.flags(), 0);
    }

    #[test]
    fn unknown_places_and_bits_are_refused() {
        let err = Inject::parse(&names(&["cookie"])).unwrap_err().to_string();
        assert!(err.contains("header, query, path or body"), "{err}");
        assert!(Inject::parse(&[]).is_err());
        // Above the places come the methods (hosts::Methods), and above those nothing yet.
        assert!(Inject::known_flags(64 | 4096));
        assert!(!Inject::known_flags(8192));
        assert!(!Inject::known_flags(1 << 15));
    }
}
