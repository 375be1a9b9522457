//! The secrets of the state, on pages: runs of secrets in name order, each a line of RON with
//! its values in a blob of its own. The state's first line lists every page's first and last
//! name, so a command finds the page a name lives on and parses that page alone; pages it leaves
//! alone are written back as the very bytes they were read as.
//!
//! At 10,000 secrets the RON of the secrets is most of the operator part, and parsing and
//! writing all of it was most of what `secret set` cost. Commands that need every secret (a
//! list, a completion) open every page, in parallel.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};

use super::{HISTORY_KEPT, HOSTS_MAX, OldValue, Secret, invalid};
use crate::hosts;
use crate::hosts::Methods;
use crate::ids::is_id;
use crate::inject::Inject;
use crate::names::is_valid_secret_name;
use crate::part::{self, Layout, Span};
use crate::secret::{SecretBytes, check_value};

/// Secrets a page is written with. A page that grows past twice this is cut into pages of
/// this size when written, so a change parses and writes at most a few thousand rows.
const PAGE_ROWS: usize = 1024;

/// A page, as the state's first line lists it: `(first name, last name, secrets, blob length)`.
#[derive(Serialize, Deserialize)]
pub(super) struct PageRow<S>(S, S, usize, u64);

/// A secret on a page: `(id, name, created_at, updated_at, (offset, length), flags, version,
/// history, hosts)`, spans counted from the start of the page's own blob; flags: 1 for a
/// canary; history: the earlier values, `(version, created_at, (offset, length))`, oldest
/// first; hosts: where the credential proxy may send it (`hosts.rs`); then, for the secret
/// access key of an AWS pair only, the id of the secret holding its access key id.
#[derive(Serialize, Deserialize)]
struct SecretRow<S>(
    S,
    S,
    i64,
    i64,
    Span,
    u16,
    u64,
    Vec<(u64, i64, Span)>,
    Vec<S>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")] Option<S>,
);

fn none<T>() -> Option<T> {
    None
}

/// `flags` of a canary secret.
pub(super) const CANARY: u16 = 1;

#[derive(Default)]
pub(super) struct Pages {
    /// The operator part's plaintext: pages not yet opened are parsed from it, and pages left
    /// alone copied out of it. Wiped when dropped, like every value.
    plain: SecretBytes,
    pages: Vec<Page>,
    /// Ids of the secrets this change added, updated or removed: the agent parts holding any
    /// of them are written anew, every other one is copied.
    touched: HashSet<String>,
}

/// A page as it was read: `(first name, last name, secrets)`, then its line and blob.
type Stored<'a> = ((&'a str, &'a str, usize), (&'a [u8], &'a [u8]));

struct Page {
    first: String,
    last: String,
    count: usize,
    /// Where the page's RON line (newline included) and its blob lie in `plain`; none for a
    /// page this change made.
    stored: Option<(Range<usize>, Range<usize>)>,
    secrets: OnceLock<Vec<Secret>>,
    changed: bool,
}

/// The secrets encoded: the pages to list in the first line, then the lines (newlines
/// included) and the blobs to write after it, in that order. Lines and blobs of pages left
/// alone are borrowed: nothing is copied until the part is put together.
pub(super) struct Encoded<'a> {
    pub directory: Vec<PageRow<&'a str>>,
    pub lines: Vec<Cow<'a, [u8]>>,
    pub blobs: Vec<&'a [u8]>,
}

const WHAT: &str = "the vault state";

impl Pages {
    /// The pages `directory` lists, whose lines start at `lines_start` in `plain`, one per page,
    /// with the blobs after them. Checks the layout, not the pages: each is checked when opened.
    pub fn decode(
        plain: SecretBytes,
        lines_start: usize,
        directory: Vec<PageRow<String>>,
    ) -> Result<Self> {
        let bytes = plain.expose();
        let mut at = lines_start;
        let mut lines = Vec::with_capacity(directory.len().min(1 << 16));
        for _ in &directory {
            let rest = bytes.get(at..).unwrap_or_default();
            let newline = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| invalid("a page of secrets is missing"))?;
            lines.push(at..at + newline + 1);
            at += newline + 1;
        }
        let mut pages = Vec::with_capacity(lines.len());
        for (PageRow(first, last, count, blob_len), line) in directory.into_iter().zip(lines) {
            let blob_end = usize::try_from(blob_len)
                .ok()
                .and_then(|len| at.checked_add(len))
                .filter(|&end| end <= bytes.len())
                .ok_or_else(|| invalid("a page's values lie outside the part"))?;
            pages.push(Page {
                first,
                last,
                count,
                stored: Some((line, at..blob_end)),
                secrets: OnceLock::new(),
                changed: false,
            });
            at = blob_end;
        }
        if at != bytes.len() {
            return Err(invalid("bytes after the last value"));
        }
        let in_order = pages.iter().all(|page| {
            page.count > 0
                && page.first <= page.last
                && is_valid_secret_name(&page.first)
                && is_valid_secret_name(&page.last)
        }) && pages.windows(2).all(|w| w[0].last < w[1].first);
        if !in_order {
            return Err(invalid("pages of secrets out of order"));
        }
        Ok(Self {
            plain,
            pages,
            touched: HashSet::new(),
        })
    }

    pub fn len(&self) -> usize {
        self.pages.iter().map(|page| page.count).sum()
    }

    /// The page `name` belongs on: the first whose last name is not before it, else the last.
    fn home(&self, name: &str) -> Option<usize> {
        let at = self.pages.partition_point(|page| page.last.as_str() < name);
        (!self.pages.is_empty()).then(|| at.min(self.pages.len() - 1))
    }

    /// The page holding `name` and its place there, or where it would be inserted.
    fn locate(&self, name: &str) -> Result<Option<(usize, Result<usize, usize>)>> {
        let Some(page) = self.home(name) else {
            return Ok(None);
        };
        let secrets = self.open(page)?;
        let at = secrets.binary_search_by(|secret| secret.name.as_str().cmp(name));
        Ok(Some((page, at)))
    }

    pub fn named(&self, name: &str) -> Result<Option<&Secret>> {
        // A name outside every page's range needs no page opened at all.
        let Some(page) = self.home(name) else {
            return Ok(None);
        };
        if name < self.pages[page].first.as_str() || name > self.pages[page].last.as_str() {
            return Ok(None);
        }
        let secrets = self.open(page)?;
        Ok(secrets
            .binary_search_by(|secret| secret.name.as_str().cmp(name))
            .ok()
            .map(|at| &secrets[at]))
    }

    /// The secrets on the pages opened so far.
    pub fn opened(&self) -> impl Iterator<Item = &Secret> {
        self.pages
            .iter()
            .filter_map(|page| page.secrets.get())
            .flatten()
    }

    /// The secret with this id. Ids say nothing of where a secret is, so this opens every page
    /// unless an opened one holds it.
    pub fn with_id(&self, id: &str) -> Result<Option<&Secret>> {
        if let Some(secret) = self.opened().find(|secret| secret.id == id) {
            return Ok(Some(secret));
        }
        Ok(self.all()?.find(|secret| secret.id == id))
    }

    /// Every secret, in name order.
    pub fn all(&self) -> Result<impl Iterator<Item = &Secret>> {
        self.open_all()?;
        Ok(self
            .pages
            .iter()
            .flat_map(|page| page.secrets.get().expect("opened above")))
    }

    /// The secret named `name`, for a change to its value.
    pub fn named_mut(&mut self, name: &str) -> Result<Option<&mut Secret>> {
        let Some((page, Ok(at))) = self.locate(name)? else {
            return Ok(None);
        };
        self.touched.insert(self.open(page)?[at].id.clone());
        Ok(Some(&mut self.open_mut(page)[at]))
    }

    /// Adds a secret whose name is not taken.
    pub fn insert(&mut self, secret: Secret) -> Result<&Secret> {
        let (page, at) = match self.locate(&secret.name)? {
            Some((page, Err(at))) => (page, at),
            Some((_, Ok(_))) => return Err(anyhow!("a secret named {} exists", secret.name)),
            None => {
                self.pages.push(Page::made());
                (0, 0)
            }
        };
        self.touched.insert(secret.id.clone());
        self.open_mut(page).insert(at, secret);
        self.refresh(page);
        Ok(&self.open_mut(page)[at])
    }

    /// Adds or updates many secrets: each page they land on is opened once and sorted once.
    /// Returns, in order, whether each was created, and its id.
    pub fn upsert(
        &mut self,
        entries: Vec<(String, SecretBytes)>,
        mut new_secret: impl FnMut(String, SecretBytes) -> Result<Secret>,
        update: impl Fn(&mut Secret, SecretBytes),
    ) -> Result<Vec<(bool, String)>> {
        if self.pages.is_empty() {
            self.pages.push(Page::made());
        }
        let mut outcomes = Vec::with_capacity(entries.len());
        let mut created: Vec<Vec<Secret>> = vec![Vec::new(); self.pages.len()];
        for (name, value) in entries {
            let (page, at) = self.locate(&name)?.expect("there is a page");
            match at {
                Ok(at) => {
                    let secret = &mut self.open_mut(page)[at];
                    update(secret, value);
                    outcomes.push((false, secret.id.clone()));
                }
                Err(_) => {
                    let secret = new_secret(name, value)?;
                    outcomes.push((true, secret.id.clone()));
                    created[page].push(secret);
                }
            }
        }
        for (page, mut new) in created.into_iter().enumerate() {
            if new.is_empty() {
                continue;
            }
            let secrets = self.open_mut(page);
            secrets.append(&mut new);
            secrets.sort_by(|a, b| a.name.cmp(&b.name));
            if secrets.windows(2).any(|w| w[0].name == w[1].name) {
                return Err(anyhow!("the same name twice in one import"));
            }
            self.refresh(page);
        }
        self.touched
            .extend(outcomes.iter().map(|(_, id)| id.clone()));
        Ok(outcomes)
    }

    /// Removes the secret with this id, if there is one.
    pub fn remove(&mut self, id: &str, name: &str) -> Result<Option<Secret>> {
        let Some((page, Ok(at))) = self.locate(name)? else {
            return Ok(None);
        };
        if self.open(page)?[at].id != id {
            return Ok(None);
        }
        let secret = self.open_mut(page).remove(at);
        self.touched.insert(secret.id.clone());
        self.refresh(page);
        Ok(Some(secret))
    }

    pub fn touched(&self, id: &str) -> bool {
        self.touched.contains(id)
    }

    /// The page's secrets, parsed and checked the first time they are asked for.
    fn open(&self, page: usize) -> Result<&[Secret]> {
        let page = &self.pages[page];
        if let Some(secrets) = page.secrets.get() {
            return Ok(secrets);
        }
        let secrets = self.parse(page)?;
        Ok(page.secrets.get_or_init(|| secrets))
    }

    /// A page's secrets, to change: the page will be written anew. Whoever adds or removes
    /// secrets calls `refresh` after.
    fn open_mut(&mut self, page: usize) -> &mut Vec<Secret> {
        let page = &mut self.pages[page];
        page.changed = true;
        page.secrets
            .get_mut()
            .expect("a page is opened before it is changed")
    }

    /// Brings a changed page's bounds up to date, so names keep finding their page; an
    /// emptied page goes.
    fn refresh(&mut self, at: usize) {
        let page = &mut self.pages[at];
        let secrets = page.secrets.get().expect("a changed page is open");
        page.count = secrets.len();
        match (secrets.first(), secrets.last()) {
            (Some(first), Some(last)) => {
                page.first.clone_from(&first.name);
                page.last.clone_from(&last.name);
            }
            _ => {
                self.pages.remove(at);
            }
        }
    }

    /// Opens these pages, those not yet open in parallel.
    fn open_these<'a>(&'a self, pages: impl Iterator<Item = &'a Page>) -> Result<()> {
        let closed: Vec<&Page> = pages.filter(|page| page.secrets.get().is_none()).collect();
        let parsed = super::in_parallel(&closed, |page| self.parse(page))?;
        for (page, secrets) in closed.into_iter().zip(parsed) {
            let _ = page.secrets.set(secrets);
        }
        Ok(())
    }

    /// The secrets on the pages of each that the other does not hold byte for byte: a secret
    /// on any other page is the same in both. What a three-way merge looks at, so that it
    /// parses the pages the two sides changed and none of the thousands neither touched.
    pub fn apart<'a>(&'a self, other: &'a Pages) -> Result<(Vec<&'a Secret>, Vec<&'a Secret>)> {
        let ours = self.differing_from(other);
        let theirs = other.differing_from(self);
        self.open_these(ours.iter().copied())?;
        other.open_these(theirs.iter().copied())?;
        let secrets = |pages: Vec<&'a Page>| -> Vec<&'a Secret> {
            pages
                .into_iter()
                .flat_map(|page| page.secrets.get().expect("opened above"))
                .collect()
        };
        Ok((secrets(ours), secrets(theirs)))
    }

    /// This one's pages that `other` does not hold as they are: changed here, or stored
    /// differently (or not at all) there. Pages that could be the same are found by their
    /// bounds and sizes; only those are compared byte for byte.
    fn differing_from<'a>(&'a self, other: &Pages) -> Vec<&'a Page> {
        let theirs: std::collections::HashMap<_, _> = other
            .pages
            .iter()
            .filter_map(|page| other.as_stored(page))
            .collect();
        self.pages
            .iter()
            .filter(|page| {
                self.as_stored(page)
                    .is_none_or(|(key, bytes)| theirs.get(&key) != Some(&bytes))
            })
            .collect()
    }

    /// A page as it was read, unchanged: its bounds and size, then its line and blob.
    fn as_stored<'a>(&'a self, page: &'a Page) -> Option<Stored<'a>> {
        let (line, blob) = page.stored.as_ref().filter(|_| !page.changed)?;
        let bytes = self.plain.expose();
        Some((
            (page.first.as_str(), page.last.as_str(), page.count),
            (&bytes[line.clone()], &bytes[blob.clone()]),
        ))
    }

    fn open_all(&self) -> Result<()> {
        self.open_these(self.pages.iter())?;
        let mut ids = HashSet::with_capacity(self.len());
        let unique = self
            .pages
            .iter()
            .flat_map(|page| page.secrets.get().expect("opened above"))
            .all(|secret| ids.insert(secret.id.as_str()));
        if !unique {
            return Err(invalid("a secret id used twice"));
        }
        Ok(())
    }

    fn parse(&self, page: &Page) -> Result<Vec<Secret>> {
        let Some((line, blob)) = &page.stored else {
            return Ok(Vec::new());
        };
        let bytes = self.plain.expose();
        let line = std::str::from_utf8(&bytes[line.start..line.end - 1])
            .map_err(|_| anyhow!("{WHAT} has a page that is not UTF-8"))?;
        let blob = &bytes[blob.clone()];
        let rows: Vec<SecretRow<String>> = part::parse_line(line, WHAT)?;
        let secrets = rows
            .into_iter()
            .map(|row| {
                let SecretRow(
                    id,
                    name,
                    created_at,
                    updated_at,
                    span,
                    flags,
                    version,
                    history,
                    hosts,
                    aws_sigv4,
                ) = row;
                let value = |span| {
                    part::slice(blob, span)
                        .map(|value| SecretBytes::new(value.to_vec()))
                        .ok_or_else(|| invalid("a value lies outside its page"))
                };
                if !Inject::known_flags(flags) {
                    return Err(invalid("a secret with flags this program does not know"));
                }
                let history = history
                    .into_iter()
                    .map(|(version, created_at, span)| {
                        Ok(OldValue {
                            version,
                            created_at,
                            value: value(span)?,
                        })
                    })
                    .collect::<Result<Vec<OldValue>>>()?;
                Ok(Secret {
                    id,
                    name,
                    created_at,
                    updated_at,
                    value: value(span)?,
                    canary: flags & CANARY != 0,
                    version,
                    history,
                    hosts,
                    inject: Inject::from_flags(flags),
                    methods: Methods::from_flags(flags),
                    aws_sigv4,
                })
            })
            .collect::<Result<Vec<Secret>>>()?;
        let well_formed = secrets.iter().all(|secret| {
            let versions = secret.history.iter().map(|old| old.version);
            is_valid_secret_name(&secret.name)
                && is_id("sec_", &secret.id)
                && check_value(&secret.value).is_ok()
                && secret.version >= 1
                && secret.history.len() <= HISTORY_KEPT
                && versions.clone().zip(versions.skip(1)).all(|(a, b)| a < b)
                && secret
                    .history
                    .last()
                    .is_none_or(|old| old.version < secret.version)
                && secret
                    .history
                    .iter()
                    .all(|old| check_value(&old.value).is_ok())
                && secret.hosts.len() <= HOSTS_MAX
                && secret.hosts.iter().all(|host| hosts::is_kept_form(host))
                && secret
                    .aws_sigv4
                    .as_deref()
                    .is_none_or(|id| is_id("sec_", id) && id != secret.id)
        });
        let matches_directory = secrets.len() == page.count
            && secrets.first().is_some_and(|s| s.name == page.first)
            && secrets.last().is_some_and(|s| s.name == page.last)
            && secrets.windows(2).all(|w| w[0].name < w[1].name);
        if !well_formed || !matches_directory {
            return Err(invalid("a malformed page of secrets"));
        }
        Ok(secrets)
    }

    /// Pages left alone are copied as they were read; changed ones are written anew, cut in
    /// two or more if they grew large.
    pub fn encode(&self) -> Result<Encoded<'_>> {
        let plain = self.plain.expose();
        let mut chunks: Vec<&[Secret]> = Vec::new();
        let written = |page: &&Page| page.changed && page.count > 0;
        for page in self.pages.iter().filter(written) {
            let secrets = page.secrets.get().expect("changed pages are open");
            let rows = if secrets.len() > 2 * PAGE_ROWS {
                PAGE_ROWS
            } else {
                secrets.len()
            };
            chunks.extend(secrets.chunks(rows));
        }
        let mut made = super::in_parallel(&chunks, |chunk| write_page(chunk))?.into_iter();
        let mut chunks = chunks.into_iter();

        let mut encoded = Encoded {
            directory: Vec::with_capacity(self.pages.len()),
            lines: Vec::with_capacity(self.pages.len()),
            blobs: Vec::new(),
        };
        for page in self.pages.iter().filter(|page| page.count > 0) {
            match (&page.stored, page.changed) {
                (Some((line, blob)), false) => {
                    encoded.directory.push(PageRow(
                        page.first.as_str(),
                        page.last.as_str(),
                        page.count,
                        blob.len() as u64,
                    ));
                    encoded.lines.push(Cow::Borrowed(&plain[line.clone()]));
                    encoded.blobs.push(&plain[blob.clone()]);
                }
                _ => {
                    let mut rows = page.count;
                    while rows > 0 {
                        let chunk = chunks.next().expect("one chunk per written page");
                        let (line, blob_len) = made.next().expect("one line per chunk");
                        let (first, last) = (&chunk[0], &chunk[chunk.len() - 1]);
                        encoded.directory.push(PageRow(
                            first.name.as_str(),
                            last.name.as_str(),
                            chunk.len(),
                            blob_len,
                        ));
                        encoded.lines.push(Cow::Owned(line.into_bytes()));
                        encoded.blobs.extend(chunk.iter().flat_map(values_of));
                        rows -= chunk.len();
                    }
                }
            }
        }
        Ok(encoded)
    }
}

/// The values of a secret in the order its page's blob holds them: the current one, then the
/// earlier ones, oldest first.
fn values_of(secret: &Secret) -> impl Iterator<Item = &[u8]> {
    std::iter::once(secret.value.expose())
        .chain(secret.history.iter().map(|old| old.value.expose()))
}

/// A page's RON line and the length of its blob.
fn write_page(secrets: &[Secret]) -> Result<(String, u64)> {
    let mut layout = Layout::default();
    let rows: Vec<SecretRow<&str>> = secrets
        .iter()
        .map(|secret| {
            let span = layout.span(secret.value.expose());
            let history = secret
                .history
                .iter()
                .map(|old| (old.version, old.created_at, layout.span(old.value.expose())))
                .collect();
            SecretRow(
                secret.id.as_str(),
                secret.name.as_str(),
                secret.created_at,
                secret.updated_at,
                span,
                if secret.canary { CANARY } else { 0 }
                    | secret.inject.flags()
                    | secret.methods.flags(),
                secret.version,
                history,
                secret.hosts.iter().map(String::as_str).collect(),
                secret.aws_sigv4.as_deref(),
            )
        })
        .collect();
    let line = part::to_line(&rows, 96 * rows.len())?;
    Ok((line, layout.len() as u64))
}

impl Page {
    fn made() -> Self {
        Self {
            first: String::new(),
            last: String::new(),
            count: 0,
            stored: None,
            secrets: OnceLock::from(Vec::new()),
            changed: true,
        }
    }
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Only what is open: printing must not parse, and values print redacted anyway.
        let opened: Vec<&Secret> = self
            .pages
            .iter()
            .filter_map(|page| page.secrets.get())
            .flatten()
            .collect();
        f.debug_struct("Pages")
            .field("pages", &self.pages.len())
            .field("opened", &opened)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::State;
    use super::*;

    const COUNT: usize = 5000;

    fn name(i: usize) -> String {
        format!("S{i:05}")
    }

    /// A state of `COUNT` secrets, imported in a scrambled order, written and read back.
    fn large() -> State {
        let mut state = State::new("age1operator".into(), 1).unwrap();
        let entries = (0..COUNT)
            .map(|i| i * 7919 % COUNT)
            .map(|i| (name(i), SecretBytes::new(format!("value-{i}").into_bytes())))
            .collect();
        state.upsert_secrets(entries, 2).unwrap();
        State::decode(state.encode().unwrap()).unwrap()
    }

    fn opened(state: &State) -> usize {
        let pages = &state.secrets.pages;
        pages
            .iter()
            .filter(|page| page.secrets.get().is_some())
            .count()
    }

    /// The first line and the page lines of an encoded state (test values hold no newline).
    fn lines(plain: &SecretBytes, pages: usize) -> Vec<Vec<u8>> {
        let lines = plain.expose().split(|&b| b == b'\n');
        lines.take(1 + pages).map(<[u8]>::to_vec).collect()
    }

    fn check_all(state: &State, expected: &[String]) {
        let names: Vec<&str> = state.secrets().unwrap().map(|s| s.name.as_str()).collect();
        assert_eq!(names, expected);
        for name in expected {
            let secret = state.secret_named(name).unwrap().expect("found by name");
            assert_eq!(state.secret(&secret.id).unwrap().name, *name);
        }
    }

    #[test]
    fn a_large_state_is_cut_into_pages_in_name_order() {
        let state = large();
        let sizes: Vec<usize> = state.secrets.pages.iter().map(|page| page.count).collect();
        assert_eq!(sizes, [1024, 1024, 1024, 1024, 904]);
        assert_eq!(opened(&state), 0, "nothing parsed until asked");
        let secret = state.secret_named("S02500").unwrap().unwrap();
        assert_eq!(secret.value.expose(), b"value-2500");
        assert_eq!(opened(&state), 1, "one page parsed for one name");
        assert!(state.secret_named("S99999").unwrap().is_none());
        assert!(state.secret_named("A").unwrap().is_none());
        assert_eq!(opened(&state), 1, "names outside every page open nothing");
        check_all(&state, &(0..COUNT).map(name).collect::<Vec<_>>());
    }

    #[test]
    fn a_change_rewrites_only_its_page() {
        let state = large();
        let before = state.encode().unwrap();
        let mut state = State::decode(before.clone()).unwrap();
        state
            .set_secret("S02500", SecretBytes::new(b"new".to_vec()), None, 3)
            .unwrap();
        assert_eq!(opened(&state), 1);
        let after = state.encode().unwrap();
        let (old, new) = (lines(&before, 5), lines(&after, 5));
        let differ: Vec<usize> = (0..6).filter(|&i| old[i] != new[i]).collect();
        // The first line (the page's blob length) and the third page.
        assert_eq!(differ, [0, 3]);
        let reloaded = State::decode(after).unwrap();
        let secret = reloaded.secret_named("S02500").unwrap().unwrap();
        assert_eq!((secret.value.expose(), secret.updated_at), (&b"new"[..], 3));
        assert!(reloaded.secrets.touched.is_empty() && state.touched(&secret.id));
        assert_eq!(
            reloaded
                .secret_named("S04999")
                .unwrap()
                .unwrap()
                .value
                .expose(),
            b"value-4999"
        );
    }

    #[test]
    fn names_find_their_page_after_inserts_and_removals() {
        let mut state = large();
        let mut expected: Vec<String> = (0..COUNT).map(name).collect();
        // Before the first page, after the last, and between the first two.
        for new in ["A", "Z", "S01023x"] {
            state
                .add_secret(new, SecretBytes::new(b"v".to_vec()), false, 4)
                .unwrap();
            expected.push(new.to_owned());
        }
        // The whole fourth page, by id, so it empties and goes.
        for i in 3072..4096 {
            let id = state.secret_named(&name(i)).unwrap().unwrap().id.clone();
            state.remove_secret(&id).unwrap();
        }
        expected.retain(|name| !("S03072".."S04096").contains(&name.as_str()));
        expected.sort();
        check_all(&state, &expected);
        let reloaded = State::decode(state.encode().unwrap()).unwrap();
        assert_eq!(reloaded.secrets.pages.len(), 4);
        check_all(&reloaded, &expected);
    }

    /// The state with its first line edited by `edit`.
    fn edited(plain: &SecretBytes, edit: impl Fn(&str) -> String) -> Result<State> {
        let newline = plain.expose().iter().position(|&b| b == b'\n').unwrap();
        let first = std::str::from_utf8(&plain.expose()[..newline]).unwrap();
        let mut bytes = edit(first).into_bytes();
        bytes.extend_from_slice(&plain.expose()[newline..]);
        let state = State::decode(SecretBytes::new(bytes))?;
        state.secrets()?.count();
        Ok(state)
    }

    #[test]
    fn where_a_value_may_go_is_kept_and_unknown_flags_are_refused() {
        let mut state = large();
        let body = Inject::parse(&["header".to_owned(), "body".to_owned()]).unwrap();
        state.set_inject(&name(7), body, 3).unwrap();
        let get = Methods::parse(&["GET".to_owned()]).unwrap();
        state.set_methods(&name(8), get, 3).unwrap();
        let encoded = state.encode().unwrap();
        let state = State::decode(encoded.clone()).unwrap();
        assert_eq!(state.secret(&name(7)).unwrap().inject, body);
        assert_eq!(state.secret(&name(8)).unwrap().methods, get);
        assert_eq!(state.secret(&name(7)).unwrap().methods, Methods::default());
        assert_eq!(state.secret(&name(8)).unwrap().inject, Inject::default());
        // A flag of a newer version is refused, not dropped at the next write.
        let text = String::from_utf8(encoded.expose().to_vec()).unwrap();
        let flags = format!(",{},1,", body.flags());
        assert!(text.contains(&flags), "the flags are where FORMAT.md says");
        let newer = text.replacen(&flags, &format!(",{},1,", body.flags() | 8192), 1);
        let newer = State::decode(SecretBytes::new(newer.into_bytes()))
            .and_then(|state| state.secret(&name(7)).map(|_| ()));
        assert!(newer.is_err());
    }

    #[test]
    fn an_aws_pair_is_kept_by_id_and_a_secret_paired_with_itself_is_refused() {
        let mut state = large();
        let key_id = state.secret(&name(3)).unwrap().id.clone();
        state.set_aws_sigv4(&name(4), Some(&name(3)), 3).unwrap();
        assert!(state.set_aws_sigv4(&name(5), Some(&name(5)), 3).is_err());
        assert!(state.set_aws_sigv4(&name(5), Some("NO_SUCH"), 3).is_err());
        let encoded = state.encode().unwrap();
        let decoded = State::decode(encoded.clone()).unwrap();
        assert_eq!(
            decoded.secret(&name(4)).unwrap().aws_sigv4.as_deref(),
            Some(key_id.as_str())
        );
        assert_eq!(decoded.secret(&name(3)).unwrap().aws_sigv4, None);
        // Written only for the pair's secret access key: every other row reads as before.
        let text = String::from_utf8(encoded.expose().to_vec()).unwrap();
        assert_eq!(text.matches("Some(\"sec_").count(), 1, "{text}");
        let own = state.secret(&name(4)).unwrap().id.clone();
        let looped = text.replacen(
            &format!("Some(\"{key_id}\")"),
            &format!("Some(\"{own}\")"),
            1,
        );
        let looped = State::decode(SecretBytes::new(looped.into_bytes()))
            .and_then(|state| state.secret(&name(4)).map(|_| ()));
        assert!(
            looped.is_err(),
            "a secret paired with itself is a malformed page"
        );
    }

    #[test]
    fn a_directory_that_disagrees_with_its_pages_is_refused() {
        let plain = large().encode().unwrap();
        assert!(edited(&plain, str::to_owned).is_ok(), "unedited");
        let cases = [
            (
                "(\"S00000\",\"S01023\",1024,",
                "(\"S00000\",\"S01023\",1023,",
            ),
            ("(\"S00000\",\"S01023\",", "(\"S00001\",\"S01023\","),
            ("(\"S00000\",\"S01023\",", "(\"S01024\",\"S01023\","),
            ("(\"S01024\",\"S02047\",", "(\"S00500\",\"S02047\","),
        ];
        for (from, to) in cases {
            let err = edited(&plain, |line| line.replacen(from, to, 1)).err();
            let err = err.unwrap_or_else(|| panic!("{to} accepted")).to_string();
            assert!(err.contains("the vault state is invalid"), "{to}: {err}");
        }
        let blob_len = |line: &str| line.replacen(",1024,10", ",1024,11", 1);
        assert!(edited(&plain, blob_len).is_err());
    }

    /// The fuzzer starts from these; a seed the format no longer accepts would leave it
    /// mutating garbage.
    #[test]
    fn the_fuzz_seeds_are_states_this_format_reads() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/state");
        let mut read = 0;
        for seed in std::fs::read_dir(seeds).unwrap() {
            let path = seed.unwrap().path();
            let state = State::decode(SecretBytes::new(std::fs::read(&path).unwrap()));
            let state = state.unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            state.secrets_by_id().unwrap();
            read += 1;
        }
        assert!(read >= 2, "{read} seeds");
    }
}
