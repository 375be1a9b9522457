//! Replacing every form of every secret in a program's output as it streams past, with
//! Aho-Corasick automata over all the forms at once.
//!
//! Output arrives in pieces of any size, a byte at a time or split between stdout and stderr,
//! so the redactor holds back the shortest tail that could still grow into a match, and
//! releases everything else at once: the bytes before it cannot be part of one. It matches
//! in three views of what it holds: both streams as one sequence (as a terminal shows them),
//! and each stream on its own (as a program that reads them apart sees them), so that a line
//! on stderr written in the middle of a value on stdout hides nothing. Forms of 12 bytes and
//! more are found whatever spaces, tabs and line breaks split them (`base64` wraps at 76,
//! `xxd -p` at 60, `od` spaces its hex), by matching with those bytes skipped; matches may
//! overlap (two values that share bytes), and every byte of each is cut. Each byte that is
//! kept goes back out to the stream it came from; a replacement goes where its form began.

use std::io;
use std::sync::mpsc;
use std::thread;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, StartKind, dfa, nfa};
use anyhow::{Result, anyhow};
use zeroize::Zeroizing;

use super::MIN_LEN;

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

/// What tools split encoded values with, and a terminal adds to line breaks.
fn is_separator(byte: u8) -> bool {
    SEPARATOR[usize::from(byte)]
}

const SEPARATOR: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// Forms at least this long, separators aside, are found however separators split them.
/// Shorter ones are matched exactly: a short run of characters found across a line break
/// would too often be ordinary output.
pub const SPLIT_MIN: usize = 12;

/// See `Matcher::growing_tail`.
const PAUSE_HELD: usize = 8;

/// Up to this many bytes of patterns, a DFA is built too (on another thread, while the program
/// starts: it takes milliseconds), and takes over from the NFA once ready; it scans about
/// twice as fast. Above it, the DFA would take too long and too much memory (about 250 bytes
/// per byte of patterns, measured): the NFA alone costs a few dozen.
const DFA_MAX_BYTES: usize = 128 << 10;

/// The automaton, whichever kind was built.
trait Scan: Send {
    /// Calls `found(pattern, end)` for every match in `haystack`, overlapping ones too; with
    /// `skip`, separators are passed over as if they were not there.
    fn each_match(&self, haystack: &[u8], skip: bool, found: &mut dyn FnMut(usize, usize));
    /// Whether `bytes` is the start of a form that a longer text could still complete.
    fn could_grow(&self, bytes: &[u8], skip: bool) -> bool;
}

struct Machine<A>(A);

impl<A: Automaton + Send> Scan for Machine<A> {
    fn each_match(&self, haystack: &[u8], skip: bool, found: &mut dyn FnMut(usize, usize)) {
        // With `skip`, the search runs over the bytes with the separators taken out, and each
        // match is put back where it was: aho-corasick's own search loop is much faster than
        // one that would step the automaton byte by byte here.
        let squeezed;
        let text: &[u8] = if skip {
            // Every byte written, the write position moved on past the kept ones only: no
            // branch per byte, which text full of spaces would mispredict.
            let mut kept = Zeroizing::new(vec![0u8; haystack.len()]);
            let mut write = 0;
            for &byte in haystack {
                kept[write] = byte;
                write += usize::from(!is_separator(byte));
            }
            kept.truncate(write);
            squeezed = kept;
            &squeezed
        } else {
            haystack
        };
        // Where the byte `at` of `text` is in `haystack`: after the separators before it,
        // which are those whose place less the separators before them is at most `at`.
        // Worked out only once a match needs it: most output holds none.
        let mut shifted: Option<Vec<usize>> = None;
        let mut place = |at: usize| {
            if text.len() == haystack.len() {
                return at;
            }
            let shifted = shifted.get_or_insert_with(|| {
                let separators = haystack
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| is_separator(**b));
                separators
                    .enumerate()
                    .map(|(before, (at, _))| at - before)
                    .collect()
            });
            at + shifted.partition_point(|&shift| shift <= at)
        };
        // Leftmost-longest, and again from the byte after each match's start: a match that
        // overlaps it (another value) is found too.
        let mut from = 0;
        while from < text.len() {
            let input = aho_corasick::Input::new(text).range(from..);
            let Some(hit) = self
                .0
                .try_find(&input)
                .expect("built for unanchored search")
            else {
                break;
            };
            found(hit.pattern().as_usize(), place(hit.end() - 1) + 1);
            from = hit.start() + 1;
        }
    }

    fn could_grow(&self, bytes: &[u8], skip: bool) -> bool {
        let automaton = &self.0;
        let mut state = automaton
            .start_state(Anchored::Yes)
            .expect("built for anchored search");
        for &byte in bytes {
            if skip && is_separator(byte) {
                continue;
            }
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

/// A form longer than this is searched for by its first `PATTERN_MAX` bytes (those that count),
/// and a match followed on through the rest of it: the automaton costs tens of bytes for each
/// byte of its patterns, and a key file's forms are hundreds of kilobytes together.
const PATTERN_MAX: usize = 256;

/// One automaton over some of the forms, and how to read its matches.
struct Matcher {
    scan: Box<dyn Scan>,
    /// The faster automaton, once its thread has built it.
    faster: Option<mpsc::Receiver<Box<dyn Scan>>>,
    /// For each pattern, its length, and the forms it begins: (secret, the whole form). A
    /// pattern is a whole form, or the start of one or more long ones.
    lens: Vec<usize>,
    forms: Vec<Vec<(usize, Zeroizing<Vec<u8>>)>>,
    longest: usize,
    /// Whether separators are skipped.
    skip: bool,
}

/// How far a form found by its pattern goes on in a view.
struct Extent {
    secret: usize,
    /// Where the form's last byte found is, plus one.
    end: usize,
    /// The view ended while it still agreed, before the form's end: more may follow.
    open: bool,
}

impl Matcher {
    fn new(forms: Vec<(usize, Zeroizing<Vec<u8>>)>, skip: bool) -> Result<Option<Self>> {
        if forms.is_empty() {
            return Ok(None);
        }
        let mut patterns: Vec<(usize, Zeroizing<Vec<u8>>)> = Vec::new();
        let mut begun: Vec<Vec<(usize, Zeroizing<Vec<u8>>)>> = Vec::new();
        for (secret, form) in forms {
            let start = Zeroizing::new(form[..form.len().min(PATTERN_MAX)].to_vec());
            match patterns.iter().position(|(_, seen)| *seen == start) {
                Some(at) => begun[at].push((secret, form)),
                None => {
                    patterns.push((secret, start));
                    begun.push(vec![(secret, form)]);
                }
            }
        }
        let total: usize = patterns.iter().map(|(_, p)| p.len()).sum();
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(_, p)| p.as_slice()))
            .map_err(|err| anyhow!("cannot prepare the masking of the output: {err}"))?;
        let faster = (total <= DFA_MAX_BYTES).then(|| {
            let (send, receive) = mpsc::sync_channel(1);
            let owned: Vec<Zeroizing<Vec<u8>>> = patterns.iter().map(|(_, p)| p.clone()).collect();
            crate::process::without_signals(|| {
                thread::spawn(move || {
                    let dfa = dfa::Builder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .start_kind(StartKind::Both)
                        .prefilter(false)
                        .build(&owned);
                    if let Ok(dfa) = dfa {
                        let _ = send.send(Box::new(Machine(dfa)) as Box<dyn Scan>);
                    }
                })
            });
            receive
        });
        Ok(Some(Self {
            scan: Box::new(Machine(nfa)),
            faster,
            lens: patterns.iter().map(|(_, p)| p.len()).collect(),
            forms: begun,
            longest: patterns.iter().map(|(_, p)| p.len()).max().unwrap_or(0),
            skip,
        }))
    }

    fn take_faster(&mut self) {
        if let Some(faster) = &self.faster
            && let Ok(dfa) = faster.try_recv()
        {
            self.scan = dfa;
            self.faster = None;
        }
    }

    fn counts(&self, byte: u8) -> bool {
        !(self.skip && is_separator(byte))
    }

    /// Where the shortest tail of `view` that could still grow into a form starts (its length
    /// if there is none). Only the last `longest - 1` bytes that count can be such a tail.
    ///
    /// A tail that ends in a separator, where output often pauses (a line, a prompt), is held
    /// only if it holds `PAUSE_HELD` bytes of a form or more: every line that ends in the
    /// first letter of some form would otherwise wait for the idle flush. A form is still
    /// caught across a line break right after its first few bytes when what follows comes
    /// with it, as a wrapping tool writes it.
    fn growing_tail(&self, view: &[u8]) -> usize {
        let paused = self.skip && view.last().is_some_and(|&b| is_separator(b));
        let mut first = view.len();
        let mut counted = 0;
        while first > 0 && counted + 1 < self.longest {
            first -= 1;
            if self.counts(view[first]) {
                counted += 1;
            }
        }
        (first..view.len())
            .filter(|&start| self.counts(view[start]))
            .take_while(|&start| {
                !paused || view[start..].iter().filter(|&&b| self.counts(b)).count() >= PAUSE_HELD
            })
            .find(|&start| self.scan.could_grow(&view[start..], self.skip))
            .unwrap_or(view.len())
    }

    /// How far the form a match of `pattern` ending at `end` begins goes on in `view`: the
    /// whole form if the view holds it, else as far as the view agrees with one of those the
    /// pattern begins.
    fn extent(&self, view: &[u8], pattern: usize, end: usize) -> Extent {
        let mut best: Option<(Extent, usize)> = None;
        for (secret, form) in &self.forms[pattern] {
            let (mut at, mut found, mut last) = (end, self.lens[pattern], end);
            while found < form.len() && at < view.len() {
                if self.counts(view[at]) {
                    if view[at] != form[found] {
                        break;
                    }
                    found += 1;
                    last = at + 1;
                }
                at += 1;
            }
            let extent = Extent {
                secret: *secret,
                end: last,
                open: found < form.len() && at == view.len(),
            };
            // A whole form beats a form still open, which beats one that stopped agreeing.
            let rank = if found == form.len() {
                2
            } else {
                usize::from(extent.open)
            };
            let better = best
                .as_ref()
                .is_none_or(|(seen, seen_rank)| (rank, extent.end) > (*seen_rank, seen.end));
            if better {
                best = Some((extent, rank));
            }
        }
        best.expect("every pattern begins a form").0
    }

    /// Where a match of `pattern` ending at `end` starts in `view`.
    fn start_of(&self, view: &[u8], pattern: usize, end: usize) -> usize {
        let mut left = self.lens[pattern];
        let mut start = end;
        while left > 0 {
            start -= 1;
            if self.counts(view[start]) {
                left -= 1;
            }
        }
        start
    }
}

/// One stream's bytes of what the redactor holds, and where each is in `pending`.
struct View {
    bytes: Zeroizing<Vec<u8>>,
    at: Vec<usize>,
}

/// A form found: whose, and the bytes of `pending` it covers.
struct Hit {
    secret: usize,
    covers: Vec<usize>,
}

pub struct Redactor {
    matchers: Vec<Matcher>,
    /// For each secret, what replaces it: `<redacted:NAME>`.
    replacement: Vec<Vec<u8>>,
    counts: Vec<u64>,
    /// Output not released yet, the stream each byte came from, whether it is cut already (a
    /// form that began in what was released ran into it), and the replacements that go before
    /// a byte of it.
    pending: Zeroizing<Vec<u8>>,
    streams: Vec<Stream>,
    cut: Vec<bool>,
    before: Vec<(usize, usize)>,
    /// How many held bytes came from stderr, and how many are cut: what lets the common case
    /// (one stream, nothing to cut) skip looking at every byte's marks.
    held_err: usize,
    held_cut: usize,
}

impl Redactor {
    /// A redactor for the forms of each secret: `secrets[i]` is (name, forms), forms shorter
    /// than `MIN_LEN` left out. A secret with no forms is counted as never found.
    pub fn new(secrets: &[(&str, Vec<Zeroizing<Vec<u8>>>)]) -> Result<Self> {
        let mut split: Vec<(usize, Zeroizing<Vec<u8>>)> = Vec::new();
        let mut exact: Vec<(usize, Zeroizing<Vec<u8>>)> = Vec::new();
        for (secret, (_, forms)) in secrets.iter().enumerate() {
            for form in forms.iter().filter(|form| form.len() >= MIN_LEN) {
                let squeezed: Zeroizing<Vec<u8>> =
                    Zeroizing::new(form.iter().copied().filter(|&b| !is_separator(b)).collect());
                let (list, pattern) = if squeezed.len() >= SPLIT_MIN {
                    (&mut split, squeezed)
                } else {
                    (&mut exact, form.clone())
                };
                if !list.iter().any(|(_, seen)| *seen == pattern) {
                    list.push((secret, pattern));
                }
            }
        }
        let matchers = [Matcher::new(split, true)?, Matcher::new(exact, false)?]
            .into_iter()
            .flatten()
            .collect();
        Ok(Self {
            matchers,
            replacement: secrets
                .iter()
                .map(|(name, _)| format!("<redacted:{name}>").into_bytes())
                .collect(),
            counts: vec![0; secrets.len()],
            pending: Zeroizing::new(Vec::with_capacity(64 << 10)),
            streams: Vec::with_capacity(64 << 10),
            cut: Vec::with_capacity(64 << 10),
            before: Vec::new(),
            held_err: 0,
            held_cut: 0,
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
        for matcher in &mut self.matchers {
            matcher.take_faster();
        }
        self.pending.extend_from_slice(bytes);
        self.streams
            .extend(std::iter::repeat_n(stream, bytes.len()));
        if stream == Stream::Err {
            self.held_err += bytes.len();
        }
        self.cut.extend(std::iter::repeat_n(false, bytes.len()));
        let apart = self.streams_apart();
        let (hits, open_from) = self.find(&apart);
        let keep_from = self.hold_from(&apart).min(open_from);
        self.release(hits, keep_from, sink)
    }

    /// Releases everything held: the program is done, or has written nothing for a while.
    pub fn flush(&mut self, sink: &mut dyn Sink) -> io::Result<()> {
        let apart = self.streams_apart();
        let (hits, _) = self.find(&apart);
        self.release(hits, self.pending.len(), sink)
    }

    /// Every form in every view, and where the first that may still go on (a long form the
    /// held bytes end inside of) starts.
    fn find(&self, apart: &[View]) -> (Vec<Hit>, usize) {
        let mut hits: Vec<Hit> = Vec::new();
        let mut open_from = self.pending.len();
        for (bytes, at) in self.views(apart) {
            let place = |i: usize| at.map_or(i, |at| at[i]);
            for matcher in &self.matchers {
                matcher
                    .scan
                    .each_match(bytes, matcher.skip, &mut |pattern, end| {
                        let start = matcher.start_of(bytes, pattern, end);
                        let extent = matcher.extent(bytes, pattern, end);
                        if extent.open {
                            open_from = open_from.min(place(start));
                        }
                        hits.push(Hit {
                            secret: extent.secret,
                            covers: (start..extent.end).map(place).collect(),
                        });
                    });
            }
        }
        (hits, open_from)
    }

    /// Each stream on its own, when both are held (else `pending` is the one view).
    fn streams_apart(&self) -> Vec<View> {
        if self.held_err == 0 || self.held_err == self.pending.len() {
            return Vec::new();
        }
        [Stream::Out, Stream::Err]
            .into_iter()
            .map(|stream| {
                let at: Vec<usize> = (0..self.pending.len())
                    .filter(|&i| self.streams[i] == stream)
                    .collect();
                View {
                    bytes: Zeroizing::new(at.iter().map(|&i| self.pending[i]).collect()),
                    at,
                }
            })
            .collect()
    }

    /// Every view: both streams as one (`pending`, where each byte is where it is), and each
    /// stream apart.
    fn views<'v>(
        &'v self,
        apart: &'v [View],
    ) -> impl Iterator<Item = (&'v [u8], Option<&'v [usize]>)> {
        std::iter::once((self.pending.as_slice(), None)).chain(
            apart
                .iter()
                .map(|view| (view.bytes.as_slice(), Some(view.at.as_slice()))),
        )
    }

    /// Where in `pending` the tail that might still become a form starts, in any view.
    fn hold_from(&self, apart: &[View]) -> usize {
        let mut keep_from = self.pending.len();
        for (bytes, at) in self.views(apart) {
            for matcher in &self.matchers {
                let tail = matcher.growing_tail(bytes);
                if tail < bytes.len() {
                    keep_from = keep_from.min(at.map_or(tail, |at| at[tail]));
                }
            }
        }
        keep_from
    }

    /// Cuts every form of `hits` that starts before `keep_from` (with all its bytes, some of
    /// which may lie in what stays held), and writes out `pending[..keep_from]`.
    fn release(
        &mut self,
        mut hits: Vec<Hit>,
        keep_from: usize,
        sink: &mut dyn Sink,
    ) -> io::Result<()> {
        // Those that start in what stays held are found again with what comes next.
        hits.retain(|hit| hit.covers[0] < keep_from);
        // The earliest first, and of those the longest: a form inside another (a line of a
        // key) adds nothing, one that overlaps it (another value) cuts the rest of itself.
        hits.sort_by_key(|hit| (hit.covers[0], std::cmp::Reverse(hit.covers.len())));
        for hit in hits {
            let Some(&first) = hit.covers.iter().find(|&&i| !self.cut[i]) else {
                continue;
            };
            for &i in &hit.covers {
                self.held_cut += usize::from(!self.cut[i]);
                self.cut[i] = true;
            }
            self.before.push((first, hit.secret));
            self.counts[hit.secret] += 1;
        }
        self.before.sort_unstable();
        self.emit(keep_from, sink)?;
        if self.held_err > 0 {
            self.held_err -= self.streams[..keep_from]
                .iter()
                .filter(|&&s| s == Stream::Err)
                .count();
        }
        if self.held_cut > 0 {
            self.held_cut -= self.cut[..keep_from].iter().filter(|&&cut| cut).count();
        }
        self.pending.drain(..keep_from);
        self.streams.drain(..keep_from);
        self.cut.drain(..keep_from);
        self.before.retain(|(at, _)| *at >= keep_from);
        for (at, _) in &mut self.before {
            *at -= keep_from;
        }
        Ok(())
    }

    /// Writes `pending[..upto]` that is not cut, each run to its stream, with the
    /// replacements where their forms began.
    fn emit(&self, upto: usize, sink: &mut dyn Sink) -> io::Result<()> {
        // Most output holds nothing to cut and comes from one stream: one write.
        let one_stream = self.held_err == 0 || self.held_err == self.pending.len();
        if self.held_cut == 0 && self.before.is_empty() && one_stream {
            return match upto {
                0 => Ok(()),
                _ => sink.write(self.streams[0], &self.pending[..upto]),
            };
        }
        let mut at = 0;
        let mut next = 0;
        while at < upto {
            while let Some(&(place, secret)) = self.before.get(next)
                && place == at
            {
                sink.write(self.streams[at], &self.replacement[secret])?;
                next += 1;
            }
            if self.cut[at] {
                at += 1;
                continue;
            }
            let stop = self
                .before
                .get(next)
                .map_or(upto, |&(place, _)| place.min(upto));
            let stream = self.streams[at];
            let end = (at + 1..stop)
                .find(|&i| self.cut[i] || self.streams[i] != stream)
                .unwrap_or(stop);
            sink.write(stream, &self.pending[at..end])?;
            at = end;
        }
        Ok(())
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

    #[test]
    fn a_value_on_stdout_cut_by_a_line_on_stderr_is_caught_in_each_stream_apart() {
        let (sink, counts) = run(&[
            (Stream::Out, b"a sk-live-CA"),
            (Stream::Err, b"warning: slow\n"),
            (Stream::Out, b"NARY-7f3a9c b\n"),
        ]);
        assert_eq!(sink.out, b"a <redacted:KEY> b\n");
        assert_eq!(sink.err, b"warning: slow\n");
        assert_eq!(counts[0], 1);
    }

    #[test]
    fn overlapping_values_are_both_cut_whole() {
        let mut redactor = Redactor::new(&[
            ("A", forms(b"alpha-bravo-charlie")),
            ("B", forms(b"charlie-delta-echo")),
        ])
        .unwrap();
        let mut sink = Collected::default();
        redactor
            .push(
                Stream::Out,
                b"x alpha-bravo-charlie-delta-echo y",
                &mut sink,
            )
            .unwrap();
        redactor.flush(&mut sink).unwrap();
        assert_eq!(sink.out, b"x <redacted:A><redacted:B> y");
        assert_eq!(redactor.counts(), [1, 1]);
    }

    /// What the usual encoders print by default: base64 wrapped at 76 and 64 columns, `xxd -p`
    /// at 60, `od -An -tx1` spaced, and a multi-line value of short lines with CRLF.
    #[test]
    fn forms_wrapped_or_spaced_by_the_usual_tools_are_caught() {
        use base64::Engine;
        let value = b"sk-live-0123456789abcdefghijklmnopqrstuvwxyz-0123456789ABCDEFGHIJ";
        let hex: String = value.iter().map(|b| format!("{b:02x}")).collect();
        let base64 = base64::engine::general_purpose::STANDARD.encode(value);
        let wrap = |text: &str, width: usize| {
            text.as_bytes()
                .chunks(width)
                .map(|line| String::from_utf8_lossy(line).into_owned())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let spaced: String = value
            .chunks(16)
            .map(|line| line.iter().map(|b| format!(" {b:02x}")).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        for printed in [wrap(&base64, 76), wrap(&base64, 64), wrap(&hex, 60), spaced] {
            let mut redactor = Redactor::new(&[("KEY", forms(value))]).unwrap();
            let mut sink = Collected::default();
            let text = format!("out:\n{printed}\n");
            for byte in text.as_bytes().chunks(7) {
                redactor.push(Stream::Out, byte, &mut sink).unwrap();
            }
            redactor.flush(&mut sink).unwrap();
            assert!(redactor.counts()[0] >= 1, "{printed}");
            let out = String::from_utf8(sink.out).unwrap();
            // od's leading space is not part of the form.
            assert!(
                out == "out:\n<redacted:KEY>\n" || out == "out:\n <redacted:KEY>\n",
                "{out}"
            );
        }
        let pem = b"ab1\ncd2\nef3\ngh4\nij5";
        let mut redactor = Redactor::new(&[("PEM", forms(pem))]).unwrap();
        let mut sink = Collected::default();
        redactor
            .push(
                Stream::Out,
                b"key: ab1\r\ncd2\r\nef3\r\ngh4\r\nij5\r\n",
                &mut sink,
            )
            .unwrap();
        redactor.flush(&mut sink).unwrap();
        assert_eq!(sink.out, b"key: <redacted:PEM>\r\n");
    }

    #[test]
    fn a_line_that_ends_in_the_first_letters_of_a_form_is_not_held() {
        let mut redactor = redactor();
        let mut sink = Collected::default();
        redactor
            .push(Stream::Out, b"ready: sk-li\n", &mut sink)
            .unwrap();
        assert_eq!(sink.out, b"ready: sk-li\n");
        assert!(!redactor.holding());
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
