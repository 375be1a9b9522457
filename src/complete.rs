//! Agent and secret names for shell completion, through clap_complete's dynamic engine
//! (`source <(COMPLETE=bash vault)`). The names come from the vault when the operator identity
//! opens it as it is; otherwise there are none. Completion never prints an error or asks for
//! anything: it runs at every TAB.

use clap_complete::CompletionCandidate;

use crate::identity::{self, Ask};
use crate::paths::{Flags, Paths};
use crate::state::State;
use crate::vault;

fn names(pick: impl Fn(&State) -> Vec<String>) -> Vec<CompletionCandidate> {
    // Flags on the line being completed are not parsed yet: the environment decides.
    let Ok(paths) = Paths::resolve(&Flags::default()) else {
        return Vec::new();
    };
    // Never asks for a passphrase: this runs at every TAB.
    let Ok(identities) = identity::load(&paths.identity, Ask::Never) else {
        return Vec::new();
    };
    let Ok(opened) = vault::open(&paths, &identities) else {
        return Vec::new();
    };
    pick(&opened.state)
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

pub fn agents() -> Vec<CompletionCandidate> {
    names(|state| state.agents.iter().map(|agent| agent.id.clone()).collect())
}

pub fn secrets() -> Vec<CompletionCandidate> {
    names(|state| {
        let Ok(secrets) = state.secrets() else {
            return Vec::new();
        };
        secrets.map(|secret| secret.name.clone()).collect()
    })
}
