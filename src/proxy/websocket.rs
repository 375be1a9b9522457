//! A WebSocket between the program and an upstream, after the upgrade: what the program sends
//! goes on as it is; what the upstream sends is read frame by frame, and every value in the
//! messages' payloads comes back to the program as its placeholder, across frame boundaries
//! (a value cut between two frames, or between two reads, is found whole). Swapping keeps
//! lengths, so each frame keeps its header and only payload bytes change.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::Shared;
use super::swap::Streaming;

/// Payload bytes that could still become a value wait at most this long for the next frame,
/// as masked output does: a message that ends in the first letters of a value still arrives.
const IDLE_FLUSH: Duration = Duration::from_millis(50);

pub async fn relay<P, U>(program: P, upstream: U, shared: Arc<Shared>)
where
    P: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    U: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut from_program, mut to_program) = tokio::io::split(program);
    let (mut from_upstream, mut to_upstream) = tokio::io::split(upstream);
    let outward = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut from_program, &mut to_upstream).await;
        let _ = to_upstream.shutdown().await;
    });
    let inward = async {
        let mut frames = Frames::new(&shared);
        let mut buffer = vec![0u8; 16 << 10];
        loop {
            let read = if frames.holding() {
                match tokio::time::timeout(IDLE_FLUSH, from_upstream.read(&mut buffer)).await {
                    Ok(read) => read,
                    Err(_) => {
                        let flushed = frames.flush();
                        if to_program.write_all(&flushed).await.is_err() {
                            return;
                        }
                        continue;
                    }
                }
            } else {
                from_upstream.read(&mut buffer).await
            };
            let out = match read {
                Ok(0) | Err(_) => frames.flush(),
                Ok(n) => frames.push(&buffer[..n]),
            };
            if to_program.write_all(&out).await.is_err() {
                return;
            }
            if matches!(read, Ok(0) | Err(_)) {
                let _ = to_program.shutdown().await;
                return;
            }
        }
    };
    inward.await;
    outward.abort();
}

/// Where the reader is in the upstream's stream of frames.
enum At {
    /// Gathering a frame's header.
    Header(Vec<u8>),
    /// In a frame's payload: how much of it is left, its masking key (frames from a server
    /// are not masked, but may be), and how far into the payload.
    Payload {
        left: u64,
        mask: Option<[u8; 4]>,
        offset: u64,
        control: bool,
    },
}

/// A run of what goes to the program, in order: bytes as they are (headers), or payload
/// bytes that come from the swap once it lets them go, and the masking to put back on them.
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
        }
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
                    let (out, _) = stream.push(&self.shared.inward, &payload, &self.shared.every);
                    released.extend(out);
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
                            let (out, _) =
                                self.control.finish(&self.shared.inward, &self.shared.every);
                            self.released_control.extend(out);
                        }
                    }
                }
            }
        }
        self.ready()
    }

    /// Lets go of everything held: the upstream went quiet, or away.
    fn flush(&mut self) -> Vec<u8> {
        let (out, _) = self.data.finish(&self.shared.inward, &self.shared.every);
        self.released_data.extend(out);
        let (out, _) = self.control.finish(&self.shared.inward, &self.shared.every);
        self.released_control.extend(out);
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
