//! Swapping placeholders for values in what the program sends, and values for placeholders in
//! what comes back: every form of each (as it is, percent-encoded, inside JSON) searched for at
//! once, whatever spaces and line breaks split it (`base64` wraps its output at 76 columns). A
//! placeholder and its value have one shape, so each form and its counterpart have one length,
//! and what is swapped keeps its length and its separators where they were: a body's
//! `Content-Length` stays true.

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Result, anyhow};
use zeroize::Zeroizing;

/// The secrets a request may carry: `allowed[i]` for secret `i`.
pub type Allowed = [bool];

/// A secret, a form to find, and the form of the same length to put in its place.
pub type Substitution = (usize, Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// What tools split encoded text with.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn squeezed(bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        bytes
            .iter()
            .copied()
            .filter(|&b| !is_separator(b))
            .collect(),
    )
}

/// One direction of swapping.
pub struct Swap {
    search: AhoCorasick,
    /// For each pattern, what replaces it (separators taken out, as from the pattern), and
    /// whose form it is.
    replacement: Vec<Zeroizing<Vec<u8>>>,
    owner: Vec<usize>,
    longest: usize,
}

/// What became of some bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swapped {
    /// The bytes with the allowed forms swapped; None when none was.
    pub bytes: Option<Vec<u8>>,
    /// The secrets swapped in.
    pub used: Vec<usize>,
    /// The secrets whose forms were found where they are not allowed, and left as they are.
    pub foreign: Vec<usize>,
}

impl Swapped {
    fn note(list: &mut Vec<usize>, secret: usize) {
        if !list.contains(&secret) {
            list.push(secret);
        }
    }
}

/// `bytes` without its separators, and where each byte kept was.
struct Squeezed<'a> {
    text: std::borrow::Cow<'a, [u8]>,
    at: Option<Vec<usize>>,
}

impl<'a> Squeezed<'a> {
    fn of(bytes: &'a [u8]) -> Self {
        if !bytes.iter().any(|&b| is_separator(b)) {
            return Self {
                text: std::borrow::Cow::Borrowed(bytes),
                at: None,
            };
        }
        let at: Vec<usize> = (0..bytes.len())
            .filter(|&i| !is_separator(bytes[i]))
            .collect();
        Self {
            text: std::borrow::Cow::Owned(at.iter().map(|&i| bytes[i]).collect()),
            at: Some(at),
        }
    }

    fn place(&self, i: usize) -> usize {
        self.at.as_ref().map_or(i, |at| at[i])
    }
}

impl Drop for Squeezed<'_> {
    fn drop(&mut self) {
        if let std::borrow::Cow::Owned(text) = &mut self.text {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

impl Swap {
    /// `pairs`: (secret, form to find, form to put in its place), each pair of one length and
    /// one shape.
    pub fn new(pairs: Vec<Substitution>) -> Result<Self> {
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::with_capacity(pairs.len());
        let mut replacement = Vec::with_capacity(pairs.len());
        let mut owner = Vec::with_capacity(pairs.len());
        for (secret, from, to) in pairs {
            let (from, to) = (squeezed(&from), squeezed(&to));
            if from.len() != to.len() || from.is_empty() || patterns.contains(&from) {
                continue;
            }
            patterns.push(from);
            replacement.push(to);
            owner.push(secret);
        }
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|p| p.as_slice()))
            .map_err(|err| anyhow!("cannot prepare the proxy's substitutions: {err}"))?;
        Ok(Self {
            search,
            replacement,
            owner,
            longest,
        })
    }

    /// Swaps every form in `bytes` whose secret is allowed; finds the others.
    pub fn all(&self, bytes: &[u8], allowed: &Allowed) -> Swapped {
        let mut out = None;
        let mut swapped = Swapped::default();
        self.swap_in(bytes, bytes.len(), allowed, &mut out, &mut swapped);
        swapped.bytes = out;
        swapped
    }

    /// Swaps the forms of `bytes` that start before its `settled`th byte that counts (not a
    /// separator), into `out` (a copy of `bytes`, made at the first swap); returns where in
    /// `bytes` the last form swapped ended, if one did.
    fn swap_in(
        &self,
        bytes: &[u8],
        settled: usize,
        allowed: &Allowed,
        out: &mut Option<Vec<u8>>,
        swapped: &mut Swapped,
    ) -> usize {
        let view = Squeezed::of(bytes);
        let mut end = 0;
        for found in self.search.find_iter(view.text.as_ref()) {
            if found.start() >= settled {
                break;
            }
            let pattern = found.pattern().as_usize();
            let secret = self.owner[pattern];
            end = view.place(found.end() - 1) + 1;
            if !allowed.get(secret).copied().unwrap_or(false) {
                Swapped::note(&mut swapped.foreign, secret);
                continue;
            }
            let out = out.get_or_insert_with(|| bytes.to_vec());
            for (k, i) in (found.start()..found.end()).enumerate() {
                out[view.place(i)] = self.replacement[pattern][k];
            }
            Swapped::note(&mut swapped.used, secret);
        }
        end
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
    /// less what is held), with what was swapped in it and found where not allowed.
    pub fn push(&mut self, swap: &Swap, bytes: &[u8], allowed: &Allowed) -> (Vec<u8>, Swapped) {
        self.pending.extend_from_slice(bytes);
        // A form that starts before the last `longest - 1` bytes that count ends inside what
        // is here, so everything about it is known; one that starts later may not be.
        let counted = self.pending.iter().filter(|&&b| !is_separator(b)).count();
        self.release(
            swap,
            counted.saturating_sub(swap.longest.saturating_sub(1)),
            allowed,
        )
    }

    /// The stream ended: everything held goes.
    pub fn finish(&mut self, swap: &Swap, allowed: &Allowed) -> (Vec<u8>, Swapped) {
        self.release(swap, usize::MAX, allowed)
    }

    /// Releases the bytes up to the `settled`th that counts, and any form that starts before
    /// it, swapped.
    fn release(&mut self, swap: &Swap, settled: usize, allowed: &Allowed) -> (Vec<u8>, Swapped) {
        let mut out = None;
        let mut swapped = Swapped::default();
        let swapped_to = swap.swap_in(&self.pending, settled, allowed, &mut out, &mut swapped);
        // Where the `settled`th byte that counts is.
        let mut upto = self.pending.len();
        if settled != usize::MAX {
            let mut counted = 0;
            for (i, &b) in self.pending.iter().enumerate() {
                if counted == settled {
                    upto = i;
                    break;
                }
                counted += usize::from(!is_separator(b));
            }
        }
        let upto = upto.max(swapped_to);
        let mut released = out.unwrap_or_else(|| self.pending.to_vec());
        // The part held keeps the bytes as they came: it is searched again with what follows.
        released.truncate(upto);
        self.pending.drain(..upto);
        swapped.bytes = None;
        (released, swapped)
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
    fn allowed_forms_are_swapped_and_others_found_and_left() {
        let swap = swap();
        assert_eq!(swap.all(b"nothing here", &[true, true]), Swapped::default());
        let got = swap.all(b"a PLACE-holder-0001 b PLACE%2Dholder", &[true, false]);
        assert_eq!(got.bytes.unwrap(), b"a VALUE-secret1-xyz b VALUE%2Dsecret");
        assert_eq!((got.used, got.foreign), (vec![0], vec![]));
        let got = swap.all(b"a PLACE-holder-0001 other-PLACEHOLD", &[true, false]);
        assert_eq!(got.bytes.unwrap(), b"a VALUE-secret1-xyz other-PLACEHOLD");
        assert_eq!((got.used, got.foreign), (vec![0], vec![1]));
    }

    #[test]
    fn a_form_split_by_line_breaks_is_swapped_and_the_breaks_stay() {
        let swap = swap();
        let got = swap.all(b"x PLACE-hol\nder-\r\n0001 y", &[true, true]);
        assert_eq!(got.bytes.unwrap(), b"x VALUE-sec\nret1\r\n-xyz y");
    }

    proptest! {
        /// However a body is cut into pieces, the stream swaps exactly what the whole would,
        /// and lets through as many bytes as came in.
        #[test]
        fn any_cut_of_a_stream_swaps_as_the_whole(
            cuts in proptest::collection::vec(0usize..60, 0..8),
            filler in "[a-z %\n-]{0,20}",
        ) {
            let swap = swap();
            let body = format!(
                "{filler}PLACE-holder-0001{filler}PLACE%2Dholder{filler}PLACE-hold\ner-0001"
            );
            let allowed = [true, false];
            let whole = swap.all(body.as_bytes(), &allowed).bytes.unwrap();
            let mut stream = swap.stream();
            let mut out = Vec::new();
            let mut cuts = cuts;
            cuts.sort();
            let mut at = 0;
            for cut in cuts.into_iter().map(|c| c.min(body.len())) {
                out.extend(stream.push(&swap, &body.as_bytes()[at..cut], &allowed).0);
                at = cut;
            }
            out.extend(stream.push(&swap, &body.as_bytes()[at..], &allowed).0);
            out.extend(stream.finish(&swap, &allowed).0);
            prop_assert_eq!(out.len(), body.len());
            prop_assert_eq!(out, whole);
        }
    }

    #[test]
    fn a_foreign_form_split_across_pieces_is_found_before_any_of_it_goes() {
        let swap = swap();
        let mut stream = swap.stream();
        let (out, got) = stream.push(&swap, b"xx other-PLA", &[true, false]);
        assert!(!out.windows(5).any(|w| w == b"other"), "held back");
        assert!(got.foreign.is_empty());
        let (_, got) = stream.push(&swap, b"CEHOLD yy", &[true, false]);
        assert_eq!(got.foreign, [1]);
    }
}
