//! The forms a value takes when a program prints it: as it is, line by line, and the encodings
//! tools apply on the way (base64, hex, percent-encoding, JSON).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use zeroize::Zeroizing;

use super::MIN_LEN;

/// Every form of `value` worth searching for, each at least `MIN_LEN` bytes, without repeats.
pub fn forms(value: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    let mut forms: Vec<Zeroizing<Vec<u8>>> = Vec::new();
    let mut add = |form: Vec<u8>| {
        let form = Zeroizing::new(form);
        if form.len() >= MIN_LEN && !forms.contains(&form) {
            forms.push(form);
        }
    };
    add(value.to_vec());
    // Each line of a multi-line value (a PEM key printed line by line, or a part of it).
    if value.contains(&b'\n') {
        for line in value.split(|&b| b == b'\n') {
            add(line.strip_suffix(b"\r").unwrap_or(line).to_vec());
        }
    }
    for form in base64_forms(value) {
        add(form);
    }
    add(hex(value, b"0123456789abcdef"));
    add(hex(value, b"0123456789ABCDEF"));
    for (digits, space) in [
        (b"0123456789ABCDEF", false),
        (b"0123456789abcdef", false),
        (b"0123456789ABCDEF", true),
    ] {
        add(percent(value, digits, space));
    }
    if let Ok(text) = std::str::from_utf8(value) {
        for form in json_forms(text) {
            add(form.into_bytes());
        }
    }
    forms
}

/// A form of one value, and the same form of another.
pub type Pair = (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// The forms of `from` and of `to` that one can stand in for the other, pairwise: as they
/// are, each line of a multi-line value, percent-encoded and inside a JSON string. Two values
/// of one length that differ only in letters and digits (a placeholder and its value) have
/// forms of one length each, since no encoding here touches a letter or a digit: what one is
/// swapped for keeps a body's length. Pairs whose lengths differ anyway, and forms shorter
/// than `MIN_LEN` (a short line would turn up everywhere), are left out.
///
/// With `encoded`, the hex and base64 forms too. Those are for hiding `from` (a value echoed
/// back), not for making `to` exact: a base64 form's edge characters also carry the bits of
/// the bytes around it, which stay as they were.
pub fn paired(from: &[u8], to: &[u8], encoded: bool) -> Vec<Pair> {
    let each = |value: &[u8]| -> Vec<Zeroizing<Vec<u8>>> {
        let mut forms = vec![Zeroizing::new(value.to_vec())];
        if value.contains(&b'\n') {
            for line in value.split(|&b| b == b'\n') {
                forms.push(Zeroizing::new(
                    line.strip_suffix(b"\r").unwrap_or(line).to_vec(),
                ));
            }
        }
        for (digits, space) in [
            (b"0123456789ABCDEF", false),
            (b"0123456789abcdef", false),
            (b"0123456789ABCDEF", true),
        ] {
            forms.push(Zeroizing::new(percent(value, digits, space)));
        }
        match std::str::from_utf8(value) {
            Ok(text) => forms.extend(
                json_forms(text)
                    .into_iter()
                    .map(|f| Zeroizing::new(f.into_bytes())),
            ),
            Err(_) => forms.extend((0..4).map(|_| Zeroizing::new(Vec::new()))),
        }
        if encoded {
            forms.push(Zeroizing::new(hex(value, b"0123456789abcdef")));
            forms.push(Zeroizing::new(hex(value, b"0123456789ABCDEF")));
            forms.extend(base64_forms(value).into_iter().map(Zeroizing::new));
        }
        forms
    };
    let mut pairs: Vec<Pair> = Vec::new();
    for (a, b) in each(from).into_iter().zip(each(to)) {
        if a.len() >= MIN_LEN && a.len() == b.len() && !pairs.iter().any(|(seen, _)| *seen == a) {
            pairs.push((a, b));
        }
    }
    pairs
}

/// The base64 of `value` as it appears when 0, 1 or 2 bytes came before it in what was
/// encoded, standard and URL-safe: the characters that depend on `value` alone, and the whole
/// tail with and without padding for when it ends the encoding. The one or two characters at
/// each edge that also depend on the neighbouring bytes are left out of the first.
fn base64_forms(value: &[u8]) -> Vec<Vec<u8>> {
    let mut forms = Vec::new();
    for engine in [&STANDARD, &URL_SAFE] {
        for offset in 0..3usize {
            let mut input = Zeroizing::new(vec![0u8; offset]);
            input.extend_from_slice(value);
            let encoded = Zeroizing::new(engine.encode(&*input).into_bytes());
            // The first character fully made of the value's bits, and the last.
            let start = (8 * offset).div_ceil(6);
            let end = 8 * (offset + value.len()) / 6;
            if start < end {
                forms.push(encoded[start..end].to_vec());
            }
            let tail = &encoded[start..];
            forms.push(tail.to_vec());
            let unpadded = tail.strip_suffix(b"==").or_else(|| tail.strip_suffix(b"="));
            if let Some(unpadded) = unpadded {
                forms.push(unpadded.to_vec());
            }
        }
    }
    forms
}

fn hex(value: &[u8], digits: &[u8; 16]) -> Vec<u8> {
    value
        .iter()
        .flat_map(|&b| [digits[usize::from(b >> 4)], digits[usize::from(b & 15)]])
        .collect()
}

/// Percent-encoding of everything but the unreserved characters of RFC 3986 (what
/// `encodeURIComponent`, `urllib.parse.quote(…, safe='')` and curl's `--data-urlencode` make);
/// with `space`, a space as `+`, as HTML forms send it.
fn percent(value: &[u8], digits: &[u8; 16], space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() * 3);
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b);
        } else if space && b == b' ' {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[
                b'%',
                digits[usize::from(b >> 4)],
                digits[usize::from(b & 15)],
            ]);
        }
    }
    out
}

/// The value inside a JSON string, as serializers write it: serde's and JavaScript's escapes,
/// with `/` escaped too (PHP), and every non-ASCII character as `\uXXXX` (Python's default).
fn json_forms(text: &str) -> Vec<String> {
    let Ok(quoted) = serde_json::to_string(text) else {
        return Vec::new();
    };
    let plain = quoted[1..quoted.len() - 1].to_owned();
    let slashes = plain.replace('/', "\\/");
    let ascii = |text: &str| {
        let mut ascii = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                ascii.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    ascii.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        ascii
    };
    vec![ascii(&plain), ascii(&slashes), plain, slashes]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[Zeroizing<Vec<u8>>], form: &[u8]) -> bool {
        forms.iter().any(|f| f.as_slice() == form)
    }

    #[test]
    fn base64_at_each_offset_is_found_inside_a_longer_encoding() {
        let value = b"sk-live-CANARY-7f3a9c";
        let forms = forms(value);
        for engine in [&STANDARD, &URL_SAFE] {
            for before in [&b""[..], b"x", b"xy", b"xyz", b"Authorization: Basic "] {
                for after in [&b""[..], b"!", b"!?", b"!?#"] {
                    let text = engine.encode([before, value, after].concat());
                    let found = forms.iter().any(|form| {
                        text.as_bytes()
                            .windows(form.len())
                            .any(|w| w == form.as_slice())
                    });
                    assert!(found, "{text}");
                }
            }
        }
    }

    #[test]
    fn hex_percent_and_json_forms() {
        let forms = forms("pa ss/wörd\"\n".as_bytes());
        let value = "pa ss/wörd\"\n".as_bytes();
        assert!(has(&forms, &hex(value, b"0123456789abcdef")));
        assert!(has(&forms, &hex(value, b"0123456789ABCDEF")));
        assert!(has(&forms, b"pa%20ss%2Fw%C3%B6rd%22%0A"));
        assert!(has(&forms, b"pa%20ss%2fw%c3%b6rd%22%0a"));
        assert!(has(&forms, b"pa+ss%2Fw%C3%B6rd%22%0A"));
        assert!(has(&forms, "pa ss/wörd\\\"\\n".as_bytes()));
        assert!(has(&forms, "pa ss\\/wörd\\\"\\n".as_bytes()));
        assert!(has(&forms, b"pa ss/w\\u00f6rd\\\"\\n"));
        // The lines of the value, when long enough.
        assert!(has(&forms, "pa ss/wörd\"".as_bytes()));
    }

    #[test]
    fn short_forms_are_left_out() {
        let forms = forms(b"abcdef\nxy");
        assert!(forms.iter().all(|f| f.len() >= MIN_LEN));
        assert!(has(&forms, b"abcdef") && !has(&forms, b"xy"));
    }

    #[test]
    fn paired_forms_line_up_and_keep_their_lengths() {
        let value = b"sk-live-a/b+c=d \"quoted\" caf\xc3\xa9\nsecond line";
        let placeholder = b"sk-live-x/y+z=q \"wpqrzt\" kiq\xc3\xa9\nfghwjk rtnv";
        let exact = paired(placeholder, value, false);
        assert!(exact.iter().all(|(a, b)| a.len() == b.len()));
        assert!(exact.iter().any(|(a, _)| a.as_slice() == placeholder));
        assert!(exact.iter().any(|(a, b)| a.as_slice()
            == b"sk-live-x%2Fy%2Bz%3Dq%20%22wpqrzt%22%20kiq%C3%A9%0Afghwjk%20rtnv"
            && b.starts_with(b"sk-live-a%2Fb")));
        assert!(exact.iter().any(|(a, _)| a.as_slice() == b"fghwjk rtnv"));
        let hiding = paired(value, placeholder, true);
        assert!(hiding.len() > exact.len());
        assert!(hiding.iter().all(|(a, b)| a.len() == b.len() && a != b));
        let encoded = STANDARD.encode([&b"user:"[..], value].concat());
        assert!(hiding.iter().any(|(a, _)| {
            encoded
                .as_bytes()
                .windows(a.len())
                .any(|w| w == a.as_slice())
        }));
    }
}
