//! Swapping placeholders for values in what the program sends, and values for placeholders in
//! what comes back: every form of each (as it is, percent-encoded, inside JSON) searched for at
//! once. A placeholder and its value have one shape, so each form and its counterpart have one
//! length, and what is swapped keeps its length: a body's `Content-Length` stays true.

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Result, anyhow};
use zeroize::Zeroizing;

/// The secrets a request may carry: `allowed[i]` for secret `i`.
pub type Allowed = [bool];

/// A secret, a form to find, and the form of the same length to put in its place.
pub type Substitution = (usize, Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// One direction of swapping.
pub struct Swap {
    search: AhoCorasick,
    /// For each pattern, what replaces it, and whose form it is.
    replacement: Vec<Zeroizing<Vec<u8>>>,
    owner: Vec<usize>,
    longest: usize,
}

/// What became of some bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Swapped {
    /// Nothing to swap in them.
    Unchanged,
    /// These bytes instead; the secrets swapped in.
    Changed(Vec<u8>, Vec<usize>),
    /// They hold the placeholder of this secret, which may not go where they go.
    Blocked(usize),
}

impl Swap {
    /// `pairs`: (secret, form to find, form to put in its place), each pair of one length.
    pub fn new(pairs: Vec<Substitution>) -> Result<Self> {
        let longest = pairs
            .iter()
            .map(|(_, from, _)| from.len())
            .max()
            .unwrap_or(0);
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pairs.iter().map(|(_, from, _)| from.as_slice()))
            .map_err(|err| anyhow!("cannot prepare the proxy's substitutions: {err}"))?;
        let (owner, replacement) = pairs.into_iter().map(|(owner, _, to)| (owner, to)).unzip();
        Ok(Self {
            search,
            replacement,
            owner,
            longest,
        })
    }

    /// Swaps every form in `bytes` whose secret is allowed; any other stops it.
    pub fn all(&self, bytes: &[u8], allowed: &Allowed) -> Swapped {
        let mut out = Vec::new();
        let mut used = Vec::new();
        let mut at = 0;
        for found in self.search.find_iter(bytes) {
            let pattern = found.pattern().as_usize();
            let secret = self.owner[pattern];
            if !allowed.get(secret).copied().unwrap_or(false) {
                return Swapped::Blocked(secret);
            }
            out.extend_from_slice(&bytes[at..found.start()]);
            out.extend_from_slice(&self.replacement[pattern]);
            if !used.contains(&secret) {
                used.push(secret);
            }
            at = found.end();
        }
        if used.is_empty() {
            return Swapped::Unchanged;
        }
        out.extend_from_slice(&bytes[at..]);
        Swapped::Changed(out, used)
    }

    /// A swapper for a stream of bytes (a body) that arrives in pieces.
    pub fn stream(&self) -> Streaming {
        Streaming {
            pending: Zeroizing::new(Vec::new()),
        }
    }
}

/// The state of one stream: what arrived and cannot be let through yet, since a form may
/// start in it and end in what comes next.
pub struct Streaming {
    pending: Zeroizing<Vec<u8>>,
}

impl Streaming {
    /// How many bytes are held back.
    pub fn held(&self) -> usize {
        self.pending.len()
    }

    /// Takes the next piece; returns what can go on now (as many bytes as came in overall,
    /// less what is held), and the secrets swapped into it.
    pub fn push(
        &mut self,
        swap: &Swap,
        bytes: &[u8],
        allowed: &Allowed,
    ) -> std::result::Result<(Vec<u8>, Vec<usize>), usize> {
        self.pending.extend_from_slice(bytes);
        // A form that starts before `settled` ends inside what is here (no form is longer
        // than `longest`), so everything about it is known; one that starts later may not be.
        let settled = self
            .pending
            .len()
            .saturating_sub(swap.longest.saturating_sub(1));
        self.release(swap, settled, allowed)
    }

    /// The stream ended: everything held goes.
    pub fn finish(
        &mut self,
        swap: &Swap,
        allowed: &Allowed,
    ) -> std::result::Result<(Vec<u8>, Vec<usize>), usize> {
        let all = self.pending.len();
        self.release(swap, all, allowed)
    }

    fn release(
        &mut self,
        swap: &Swap,
        settled: usize,
        allowed: &Allowed,
    ) -> std::result::Result<(Vec<u8>, Vec<usize>), usize> {
        let mut out = Vec::with_capacity(settled);
        let mut used = Vec::new();
        let mut at = 0;
        for found in swap.search.find_iter(self.pending.as_slice()) {
            if found.start() >= settled {
                break;
            }
            let pattern = found.pattern().as_usize();
            let secret = swap.owner[pattern];
            if !allowed.get(secret).copied().unwrap_or(false) {
                return Err(secret);
            }
            out.extend_from_slice(&self.pending[at..found.start()]);
            out.extend_from_slice(&swap.replacement[pattern]);
            if !used.contains(&secret) {
                used.push(secret);
            }
            at = found.end();
        }
        let upto = settled.max(at);
        out.extend_from_slice(&self.pending[at..upto]);
        self.pending.drain(..upto);
        Ok((out, used))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn swap() -> Swap {
        let pair = |owner, from: &str, to: &str| {
            (
                owner,
                Zeroizing::new(from.as_bytes().to_vec()),
                Zeroizing::new(to.as_bytes().to_vec()),
            )
        };
        Swap::new(vec![
            pair(0, "PLACE-holder-0001", "VALUE-secret1-xyz"),
            pair(0, "PLACE%2Dholder", "VALUE%2Dsecret"),
            pair(1, "other-PLACEHOLD", "other-VALUEVALU"),
        ])
        .unwrap()
    }

    #[test]
    fn allowed_forms_are_swapped_and_any_other_blocks() {
        let swap = swap();
        assert_eq!(swap.all(b"nothing here", &[true, true]), Swapped::Unchanged);
        assert_eq!(
            swap.all(b"a PLACE-holder-0001 b PLACE%2Dholder", &[true, false]),
            Swapped::Changed(b"a VALUE-secret1-xyz b VALUE%2Dsecret".to_vec(), vec![0])
        );
        assert_eq!(
            swap.all(b"a PLACE-holder-0001 other-PLACEHOLD", &[true, false]),
            Swapped::Blocked(1)
        );
    }

    proptest! {
        /// However a body is cut into pieces, the stream swaps exactly what the whole would,
        /// and lets through as many bytes as came in.
        #[test]
        fn any_cut_of_a_stream_swaps_as_the_whole(
            cuts in proptest::collection::vec(0usize..60, 0..8),
            filler in "[a-z %-]{0,20}",
        ) {
            let swap = swap();
            let body = format!(
                "{filler}PLACE-holder-0001{filler}PLACE%2Dholder{filler}PLACE-holder-0001"
            );
            let allowed = [true, false];
            let Swapped::Changed(whole, _) = swap.all(body.as_bytes(), &allowed) else {
                panic!("no swap");
            };
            let mut stream = swap.stream();
            let mut out = Vec::new();
            let mut cuts = cuts;
            cuts.sort();
            let mut at = 0;
            for cut in cuts.into_iter().map(|c| c.min(body.len())) {
                out.extend(stream.push(&swap, &body.as_bytes()[at..cut], &allowed).unwrap().0);
                at = cut;
            }
            out.extend(stream.push(&swap, &body.as_bytes()[at..], &allowed).unwrap().0);
            out.extend(stream.finish(&swap, &allowed).unwrap().0);
            prop_assert_eq!(out.len(), body.len());
            prop_assert_eq!(out, whole);
        }
    }

    #[test]
    fn a_blocked_form_split_across_pieces_is_caught_before_any_of_it_goes() {
        let swap = swap();
        let mut stream = swap.stream();
        let (out, _) = stream.push(&swap, b"xx other-PLA", &[true, false]).unwrap();
        assert!(!out.windows(5).any(|w| w == b"other"), "held back");
        assert_eq!(stream.push(&swap, b"CEHOLD yy", &[true, false]), Err(1));
    }
}
