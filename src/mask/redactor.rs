//! Replacing every form of every secret in a program's output as it streams past, with an
//! Aho-Corasick automaton over all the forms at once.
//!
//! Output arrives in pieces of any size, a byte at a time or split between stdout and stderr,
//! so the redactor holds back the shortest tail that could still grow into a match, and
//! releases everything else at once: the bytes before it cannot be part of one. The two
//! streams are matched as one sequence, in the order they arrived (as a terminal shows them),
//! and each byte goes back out to the stream it came from.

use std::collections::VecDeque;
use std::io;
use std::sync::mpsc;
use std::thread;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, Input, MatchKind, StartKind, dfa, nfa};
use anyhow::{Result, anyhow};
use zeroize::Zeroizing;

/// Which of the program's output streams a byte came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Where redacted output goes.
pub trait Sink {
    fn write(&mut self, stream: Stream, bytes: &[u8]) -> io::Result<()>;
}

/// Up to this many bytes of forms, a DFA is built too (on another thread, while the program
/// starts: it takes tens of milliseconds), and takes over from the NFA once ready; it scans
/// about half as fast again. Above it, the DFA would take too long and too much memory.
const DFA_MAX_BYTES: usize = 256 << 10;

/// The automaton, whichever kind was built.
trait Scan: Send {
    /// The leftmost-longest match in `haystack[at..]`.
    fn find(&self, haystack: &[u8], at: usize) -> Option<aho_corasick::Match>;
    /// Whether `bytes` is the start of a form that a longer text could still complete.
    fn could_grow(&self, bytes: &[u8]) -> bool;
}

struct Machine<A>(A);

impl<A: Automaton + Send> Scan for Machine<A> {
    fn find(&self, haystack: &[u8], at: usize) -> Option<aho_corasick::Match> {
        let input = Input::new(haystack).range(at..);
        self.0
            .try_find(&input)
            .expect("built for unanchored search")
    }

    fn could_grow(&self, bytes: &[u8]) -> bool {
        let automaton = &self.0;
        let mut state = automaton
            .start_state(Anchored::Yes)
            .expect("built for anchored search");
        for &byte in bytes {
            state = automaton.next_state(Anchored::Yes, state, byte);
            if automaton.is_dead(state) {
                return false;
            }
        }
        // Still alive: does some byte lead on? (A complete form that nothing extends is not
        // worth waiting for: it is replaced now.)
        (0..=255u8).any(|byte| !automaton.is_dead(automaton.next_state(Anchored::Yes, state, byte)))
    }
}

pub struct Redactor {
    scan: Box<dyn Scan>,
    /// The faster automaton, once its thread has built it.
    faster: Option<mpsc::Receiver<Box<dyn Scan>>>,
    /// For each form, the secret it is a form of.
    owner: Vec<usize>,
    /// For each secret, what replaces it: `<redacted:NAME>`.
    replacement: Vec<Vec<u8>>,
    counts: Vec<u64>,
    longest: usize,
    /// Output not released yet, and which stream each run of it came from.
    pending: Zeroizing<Vec<u8>>,
    runs: VecDeque<(Stream, usize)>,
}

impl Redactor {
    /// A redactor for the forms of each secret: `secrets[i]` is (name, forms).
    pub fn new(secrets: &[(&str, Vec<Zeroizing<Vec<u8>>>)]) -> Result<Self> {
        let mut owner = Vec::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        for (secret, (_, forms)) in secrets.iter().enumerate() {
            for form in forms {
                owner.push(secret);
                patterns.push(form);
            }
        }
        let total: usize = patterns.iter().map(|p| p.len()).sum();
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|err| anyhow!("cannot prepare the masking of the output: {err}"))?;
        let faster = (total <= DFA_MAX_BYTES).then(|| {
            let (send, receive) = mpsc::sync_channel(1);
            let owned: Vec<Zeroizing<Vec<u8>>> = patterns
                .iter()
                .map(|p| Zeroizing::new(p.to_vec()))
                .collect();
            crate::process::without_signals(|| {
                thread::spawn(move || {
                    let dfa = dfa::Builder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .start_kind(StartKind::Both)
                        .build(&owned);
                    if let Ok(dfa) = dfa {
                        let _ = send.send(Box::new(Machine(dfa)) as Box<dyn Scan>);
                    }
                })
            });
            receive
        });
        Ok(Self {
            scan: Box::new(Machine(nfa)),
            faster,
            owner,
            replacement: secrets
                .iter()
                .map(|(name, _)| format!("<redacted:{name}>").into_bytes())
                .collect(),
            counts: vec![0; secrets.len()],
            longest,
            pending: Zeroizing::new(Vec::with_capacity(64 << 10)),
            runs: VecDeque::new(),
        })
    }

    /// How many times each secret was replaced so far.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Whether output is held back, waiting for what comes next.
    pub fn holding(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Takes more output of `stream`, and releases all of what is known not to be part of a
    /// form, with the forms replaced.
    pub fn push(&mut self, stream: Stream, bytes: &[u8], sink: &mut dyn Sink) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if let Some(faster) = &self.faster
            && let Ok(dfa) = faster.try_recv()
        {
            self.scan = dfa;
            self.faster = None;
        }
        self.pending.extend_from_slice(bytes);
        match self.runs.back_mut() {
            Some((last, len)) if *last == stream => *len += bytes.len(),
            _ => self.runs.push_back((stream, bytes.len())),
        }
        let keep_from = self.growing_tail();
        self.release(keep_from, sink)
    }

    /// Releases everything held: the program is done, or has written nothing for a while.
    pub fn flush(&mut self, sink: &mut dyn Sink) -> io::Result<()> {
        self.release(self.pending.len(), sink)
    }

    /// Where the shortest tail of `pending` that could still grow into a form starts (its
    /// length if there is none). Only the last `longest - 1` bytes can be such a tail.
    fn growing_tail(&self) -> usize {
        let len = self.pending.len();
        let first = len.saturating_sub(self.longest.saturating_sub(1));
        (first..len)
            .find(|&start| self.scan.could_grow(&self.pending[start..]))
            .unwrap_or(len)
    }

    /// Writes out `pending[..keep_from]`, forms replaced, and any form that starts before
    /// `keep_from` and ends after it (it cannot grow: else it would start the kept tail).
    fn release(&mut self, keep_from: usize, sink: &mut dyn Sink) -> io::Result<()> {
        let mut at = 0;
        while let Some(found) = self.scan.find(&self.pending, at) {
            if found.start() >= keep_from {
                break;
            }
            self.emit(at, found.start(), sink)?;
            let secret = self.owner[found.pattern().as_usize()];
            self.counts[secret] += 1;
            // The replacement goes where the form began.
            let stream = self.runs.front().map_or(Stream::Out, |&(stream, _)| stream);
            sink.write(stream, &self.replacement[secret])?;
            self.skip(found.end() - found.start());
            at = found.end();
        }
        let upto = keep_from.max(at);
        self.emit(at, upto, sink)?;
        self.pending.drain(..upto);
        Ok(())
    }

    /// Writes `pending[from..to]` (the runs starting at `from`) to their streams.
    fn emit(&mut self, from: usize, to: usize, sink: &mut dyn Sink) -> io::Result<()> {
        let mut at = from;
        while at < to {
            let (stream, len) = self.runs.front_mut().expect("runs cover pending");
            let take = (*len).min(to - at);
            sink.write(*stream, &self.pending[at..at + take])?;
            *len -= take;
            if *len == 0 {
                self.runs.pop_front();
            }
            at += take;
        }
        Ok(())
    }

    /// Drops `count` bytes from the front of the runs (a replaced form).
    fn skip(&mut self, mut count: usize) {
        while count > 0 {
            let (_, len) = self.runs.front_mut().expect("runs cover pending");
            let take = (*len).min(count);
            *len -= take;
            if *len == 0 {
                self.runs.pop_front();
            }
            count -= take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mask::forms::forms;
    use proptest::prelude::*;

    #[derive(Default)]
    struct Collected {
        out: Vec<u8>,
        err: Vec<u8>,
    }

    impl Sink for Collected {
        fn write(&mut self, stream: Stream, bytes: &[u8]) -> io::Result<()> {
            match stream {
                Stream::Out => self.out.extend_from_slice(bytes),
                Stream::Err => self.err.extend_from_slice(bytes),
            }
            Ok(())
        }
    }

    const VALUE: &[u8] = b"sk-live-CANARY-7f3a9c";

    fn redactor() -> Redactor {
        Redactor::new(&[
            ("KEY", forms(VALUE)),
            (
                "PEM",
                forms(b"-----BEGIN-----\nMIIBsecretline\n-----END-----"),
            ),
        ])
        .unwrap()
    }

    fn run(chunks: &[(Stream, &[u8])]) -> (Collected, Vec<u64>) {
        let mut redactor = redactor();
        let mut sink = Collected::default();
        for (stream, chunk) in chunks {
            redactor.push(*stream, chunk, &mut sink).unwrap();
        }
        redactor.flush(&mut sink).unwrap();
        (sink, redactor.counts().to_vec())
    }

    fn leaks(text: &[u8]) -> bool {
        forms(VALUE)
            .iter()
            .any(|form| text.windows(form.len()).any(|w| w == form.as_slice()))
    }

    #[test]
    fn a_value_is_replaced_and_the_rest_passes() {
        let (sink, counts) = run(&[(Stream::Out, b"key=sk-live-CANARY-7f3a9c\nnext\n")]);
        assert_eq!(sink.out, b"key=<redacted:KEY>\nnext\n");
        assert_eq!(counts, [1, 0]);
    }

    #[test]
    fn text_that_cannot_start_a_form_is_released_at_once() {
        let mut redactor = redactor();
        let mut sink = Collected::default();
        redactor
            .push(Stream::Out, b"plain output\n", &mut sink)
            .unwrap();
        assert_eq!(sink.out, b"plain output\n");
        assert!(!redactor.holding());
        redactor.push(Stream::Out, b"sk-li", &mut sink).unwrap();
        assert!(redactor.holding(), "a prefix of the value waits");
        redactor.push(Stream::Out, b"fe", &mut sink).unwrap();
        assert_eq!(sink.out, b"plain output\nsk-life");
        assert!(!redactor.holding(), "released once it cannot be the value");
    }

    #[test]
    fn a_value_split_between_stdout_and_stderr_is_caught() {
        let (sink, counts) = run(&[
            (Stream::Out, b"a sk-live-"),
            (Stream::Err, b"CANARY"),
            (Stream::Out, b"-7f3a9c b"),
        ]);
        assert_eq!(sink.out, b"a <redacted:KEY> b");
        assert!(sink.err.is_empty());
        assert_eq!(counts[0], 1);
    }

    #[test]
    fn a_pem_key_is_caught_whole_and_line_by_line() {
        let pem = b"-----BEGIN-----\nMIIBsecretline\n-----END-----";
        let (sink, counts) = run(&[(Stream::Out, pem)]);
        assert_eq!(sink.out, b"<redacted:PEM>");
        let (sink, _) = run(&[(Stream::Out, b"line: MIIBsecretline\n")]);
        assert_eq!(sink.out, b"line: <redacted:PEM>\n");
        assert_eq!(counts[1], 1);
    }

    proptest! {
        /// The value in any form, split at every position and in random chunkings, with other
        /// output around it, never comes out.
        #[test]
        fn no_chunking_lets_a_form_through(
            form in 0usize..40,
            before in "[ -~]{0,12}",
            after in "[ -~]{0,12}",
            cuts in proptest::collection::vec(0usize..200, 0..12),
            streams in proptest::collection::vec(any::<bool>(), 12),
        ) {
            let forms = forms(VALUE);
            let form = &forms[form % forms.len()];
            let text = [before.as_bytes(), form.as_slice(), after.as_bytes()].concat();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
            cuts.push(0);
            cuts.push(text.len());
            cuts.sort_unstable();
            cuts.dedup();
            let chunks: Vec<(Stream, &[u8])> = cuts
                .windows(2)
                .zip(&streams)
                .map(|(w, &err)| (if err { Stream::Err } else { Stream::Out }, &text[w[0]..w[1]]))
                .collect();
            let (sink, counts) = run(&chunks);
            prop_assert!(!leaks(&sink.out) && !leaks(&sink.err));
            prop_assert!(counts[0] >= 1);
        }

        #[test]
        fn split_at_every_position_byte_by_byte(at in 0usize..21) {
            let text = [b"x ".as_slice(), VALUE, b" y"].concat();
            let (sink, _) = run(&[(Stream::Out, &text[..at + 2]), (Stream::Out, &text[at + 2..])]);
            prop_assert_eq!(sink.out, b"x <redacted:KEY> y".to_vec());
            let bytes: Vec<(Stream, &[u8])> = text.chunks(1).map(|b| (Stream::Out, b)).collect();
            let (sink, _) = run(&bytes);
            prop_assert_eq!(sink.out, b"x <redacted:KEY> y".to_vec());
        }
    }
}
