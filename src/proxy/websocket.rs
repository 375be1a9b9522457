//! A WebSocket between the program and an upstream, after the upgrade, read frame by frame
//! both ways. A real value of the run's secrets in a message the program sends goes on as its
//! placeholder (logged as `vault.leak_stopped`, `where: body`), as in a request's body; every
//! value in what the upstream sends comes back to the program as its placeholder. Both work
//! across frame boundaries (a value cut between two frames, or between two reads, is found
//! whole). Swapping keeps lengths, so each frame keeps its header and only payload bytes
//! change; the masking key of a client's frame is taken off before the swap and put back on.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::Shared;
use super::swap::Streaming;
use crate::audit::Event;

/// Payload bytes that could still become a value wait at most this long for the next frame,
/// as masked output does: a message that ends in the first letters of a value still arrives.
const IDLE_FLUSH: Duration = Duration::from_millis(50);

/// The `vault.leak_stopped` events for the secrets whose real values a message of the
/// program's carried (only those not logged yet for this host in this run).
pub type Leaks = Box<dyn Fn(&[usize]) -> Vec<Event> + Send>;

pub async fn relay<P, U>(program: P, upstream: U, shared: Arc<Shared>, leaks: Leaks)
where
    P: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    U: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (from_program, to_program) = tokio::io::split(program);
    let (from_upstream, to_upstream) = tokio::io::split(upstream);
    let outward_shared = Arc::clone(&shared);
    let outward = tokio::spawn(async move {
        pump(from_program, to_upstream, &outward_shared, Some(leaks)).await;
    });
    pump(from_upstream, to_program, &shared, None).await;
    outward.abort();
}

/// Reads frames from `from`, takes the run's values out of their payloads, and writes them
/// to `to`, until either side goes away. With `leaks`, what was found is logged before the
/// bytes that held it go on (a message the log cannot record is not sent).
async fn pump<R, W>(mut from: R, mut to: W, shared: &Shared, leaks: Option<Leaks>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = Frames::new(shared);
    let mut buffer = vec![0u8; 16 << 10];
    loop {
        // `None`: nothing came for a while, and what is held goes on as it is.
        let read = if frames.holding() {
            tokio::time::timeout(IDLE_FLUSH, from.read(&mut buffer))
                .await
                .ok()
        } else {
            Some(from.read(&mut buffer).await)
        };
        let ended = matches!(read, Some(Ok(0) | Err(_)));
        let out = match read {
            None | Some(Ok(0) | Err(_)) => frames.flush(),
            Some(Ok(n)) => frames.push(&buffer[..n]),
        };
        let found = frames.take_found();
        if let Some(leaks) = &leaks
            && !found.is_empty()
        {
            let events = leaks(&found);
            if !events.is_empty() && shared.recorder.write(events).await.is_err() {
                return;
            }
        }
        if to.write_all(&out).await.is_err() {
            return;
        }
        if ended {
            let _ = to.shutdown().await;
            return;
        }
    }
}

/// Where the reader is in a stream of frames.
enum At {
    /// Gathering a frame's header.
    Header(Vec<u8>),
    /// In a frame's payload: how much of it is left, its masking key (a client's frames are
    /// masked, a server's are not), and how far into the payload.
    Payload {
        left: u64,
        mask: Option<[u8; 4]>,
        offset: u64,
        control: bool,
    },
}

/// A run of what goes on, in order: bytes as they are (headers), or payload bytes that come
/// from the swap once it lets them go, and the masking to put back on them.
enum Piece {
    Raw(Vec<u8>),
    Payload {
        len: usize,
        mask: Option<[u8; 4]>,
        offset: u64,
    },
}

struct Frames<'a> {
    shared: &'a Shared,
    at: At,
    /// Data payloads, unmasked, through one stream: a value may run from one frame into the
    /// next. Control frames' payloads (a close reason) go through a stream of their own.
    data: Streaming,
    control: Streaming,
    /// Payload bytes the swaps let go, not yet sent in their pieces.
    released_data: VecDeque<u8>,
    released_control: VecDeque<u8>,
    pieces: VecDeque<(Piece, bool)>,
    /// The secrets whose values were found since `take_found` last asked.
    found: Vec<usize>,
}

impl<'a> Frames<'a> {
    fn new(shared: &'a Shared) -> Self {
        Self {
            shared,
            at: At::Header(Vec::with_capacity(14)),
            data: shared.inward.stream(),
            control: shared.inward.stream(),
            released_data: VecDeque::new(),
            released_control: VecDeque::new(),
            pieces: VecDeque::new(),
            found: Vec::new(),
        }
    }

    fn take_found(&mut self) -> Vec<usize> {
        let mut found = std::mem::take(&mut self.found);
        found.sort_unstable();
        found.dedup();
        found
    }

    fn holding(&self) -> bool {
        self.data.held() > 0 || self.control.held() > 0
    }

    /// Takes bytes from the upstream; returns what may go to the program now.
    fn push(&mut self, mut bytes: &[u8]) -> Vec<u8> {
        while !bytes.is_empty() {
            match &mut self.at {
                At::Header(header) => {
                    header.push(bytes[0]);
                    bytes = &bytes[1..];
                    if let Some((left, mask, control)) = parse_header(header) {
                        self.pieces
                            .push_back((Piece::Raw(std::mem::take(header)), false));
                        self.at = if left == 0 {
                            At::Header(Vec::with_capacity(14))
                        } else {
                            At::Payload {
                                left,
                                mask,
                                offset: 0,
                                control,
                            }
                        };
                    }
                }
                At::Payload {
                    left,
                    mask,
                    offset,
                    control,
                } => {
                    let take = (*left).min(bytes.len() as u64) as usize;
                    let mut payload = bytes[..take].to_vec();
                    if let Some(key) = mask {
                        apply_mask(&mut payload, *key, *offset);
                    }
                    let (stream, released) = if *control {
                        (&mut self.control, &mut self.released_control)
                    } else {
                        (&mut self.data, &mut self.released_data)
                    };
                    let (out, swapped) =
                        stream.push(&self.shared.inward, &payload, &self.shared.every);
                    released.extend(out);
                    self.found.extend(swapped.used);
                    self.pieces.push_back((
                        Piece::Payload {
                            len: take,
                            mask: *mask,
                            offset: *offset,
                        },
                        *control,
                    ));
                    *left -= take as u64;
                    *offset += take as u64;
                    bytes = &bytes[take..];
                    if *left == 0 {
                        let was_control = *control;
                        self.at = At::Header(Vec::with_capacity(14));
                        if was_control {
                            // A control frame is whole in itself.
                            let (out, swapped) =
                                self.control.finish(&self.shared.inward, &self.shared.every);
                            self.released_control.extend(out);
                            self.found.extend(swapped.used);
                        }
                    }
                }
            }
        }
        self.ready()
    }

    /// Lets go of everything held: the upstream went quiet, or away.
    fn flush(&mut self) -> Vec<u8> {
        let (out, swapped) = self.data.finish(&self.shared.inward, &self.shared.every);
        self.released_data.extend(out);
        self.found.extend(swapped.used);
        let (out, swapped) = self.control.finish(&self.shared.inward, &self.shared.every);
        self.released_control.extend(out);
        self.found.extend(swapped.used);
        self.ready()
    }

    /// The pieces that can go, in order, up to the first whose payload the swap still holds.
    fn ready(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some((piece, control)) = self.pieces.front_mut() {
            match piece {
                Piece::Raw(bytes) => out.append(bytes),
                Piece::Payload { len, mask, offset } => {
                    let released = if *control {
                        &mut self.released_control
                    } else {
                        &mut self.released_data
                    };
                    let take = (*len).min(released.len());
                    let mut payload: Vec<u8> = released.drain(..take).collect();
                    if let Some(key) = mask {
                        apply_mask(&mut payload, *key, *offset);
                    }
                    out.extend(payload);
                    *len -= take;
                    *offset += take as u64;
                    if *len > 0 {
                        break;
                    }
                }
            }
            self.pieces.pop_front();
        }
        out
    }
}

/// A frame's header, once whole: its payload length, masking key, and whether it is a
/// control frame (RFC 6455 section 5.2).
fn parse_header(header: &[u8]) -> Option<(u64, Option<[u8; 4]>, bool)> {
    let [first, second, ..] = *header else {
        return None;
    };
    let masked = second & 0x80 != 0;
    let (len, at) = match second & 0x7F {
        126 => (
            u64::from(u16::from_be_bytes(header.get(2..4)?.try_into().ok()?)),
            4,
        ),
        127 => (u64::from_be_bytes(header.get(2..10)?.try_into().ok()?), 10),
        len => (u64::from(len), 2),
    };
    let mask = if masked {
        Some(header.get(at..at + 4)?.try_into().ok()?)
    } else {
        None
    };
    if header.len() != at + if masked { 4 } else { 0 } {
        return None;
    }
    Some((len, mask, first & 0x08 != 0))
}

fn apply_mask(payload: &mut [u8], key: [u8; 4], offset: u64) {
    for (i, byte) in payload.iter_mut().enumerate() {
        *byte ^= key[((offset + i as u64) % 4) as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_once_whole() {
        assert_eq!(parse_header(&[0x81]), None);
        assert_eq!(parse_header(&[0x81, 5]), Some((5, None, false)));
        assert_eq!(parse_header(&[0x88, 2]), Some((2, None, true)));
        assert_eq!(parse_header(&[0x82, 126, 1]), None);
        assert_eq!(parse_header(&[0x82, 126, 1, 0]), Some((256, None, false)));
        assert_eq!(parse_header(&[0x81, 0x85, 1, 2, 3]), None);
        assert_eq!(
            parse_header(&[0x81, 0x85, 1, 2, 3, 4]),
            Some((5, Some([1, 2, 3, 4]), false))
        );
    }
}
