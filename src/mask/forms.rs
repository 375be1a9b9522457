//! The forms a value takes when a program prints it: as it is, line by line, and the encodings
//! tools apply on the way (base64, hex, percent-encoding, JSON).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use zeroize::Zeroizing;

use super::MIN_LEN;

/// Values longer than this get the forms that matter for long values only (no base64 tails,
/// no escaped variants beyond the first of each kind): a key file or a JSON credential has
/// forms of tens of kilobytes each, and every form costs the automaton its length.
const LONG_VALUE: usize = 4 << 10;

/// Every form of `value` worth searching for, each at least `MIN_LEN` bytes, without repeats.
pub fn forms(value: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    let long = value.len() > LONG_VALUE;
    let mut forms: Vec<Zeroizing<Vec<u8>>> = Vec::new();
    let mut add = |form: Vec<u8>| {
        let form = Zeroizing::new(form);
        if form.len() >= MIN_LEN && !forms.contains(&form) {
            forms.push(form);
        }
    };
    add(value.to_vec());
    if value.contains(&b'\n') {
        // Each line of a multi-line value (a PEM key printed line by line, or a part of it),
        // and the value as a terminal or a Windows tool writes it, with \r\n.
        for line in value.split(|&b| b == b'\n') {
            add(line.strip_suffix(b"\r").unwrap_or(line).to_vec());
        }
        add(crlf(value));
    }
    for form in base64_forms(value, long) {
        add(form);
    }
    add(hex(value, b"0123456789abcdef"));
    add(hex(value, b"0123456789ABCDEF"));
    for (digits, space, kept) in PERCENT {
        if !long || !space {
            add(percent(value, digits, *space, kept));
        }
    }
    if let Ok(text) = std::str::from_utf8(value) {
        for form in json_forms(text, long) {
            add(form.into_bytes());
        }
        for form in html_forms(text) {
            add(form.into_bytes());
        }
    }
    forms
}

/// `\n` as `\r\n`, where it is not already.
fn crlf(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + value.len() / 16);
    for (at, &b) in value.iter().enumerate() {
        if b == b'\n' && (at == 0 || value[at - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// The percent-encodings tools write: hex digits in either case, a space as `+` (HTML
/// forms), and the characters each leaves as they are beside the unreserved ones of RFC 3986:
/// none (`quote(…, safe='')`, curl), `!'()*` (JavaScript's `encodeURIComponent`), `/`
/// (Python's `quote()` by default).
const PERCENT: &[(&[u8; 16], bool, &[u8])] = &[
    (b"0123456789ABCDEF", false, b""),
    (b"0123456789abcdef", false, b""),
    (b"0123456789ABCDEF", true, b""),
    (b"0123456789ABCDEF", false, b"!'()*"),
    (b"0123456789ABCDEF", false, b"/"),
];

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
        for (digits, space, kept) in PERCENT {
            forms.push(Zeroizing::new(percent(value, digits, *space, kept)));
        }
        // The same number of forms for every value, so that the two lists pair up.
        match std::str::from_utf8(value) {
            Ok(text) => forms.extend(
                json_forms(text, false)
                    .into_iter()
                    .map(|f| Zeroizing::new(f.into_bytes())),
            ),
            Err(_) => forms.extend((0..JSON_FORMS).map(|_| Zeroizing::new(Vec::new()))),
        }
        if encoded {
            forms.push(Zeroizing::new(hex(value, b"0123456789abcdef")));
            forms.push(Zeroizing::new(hex(value, b"0123456789ABCDEF")));
            forms.extend(base64_forms(value, false).into_iter().map(Zeroizing::new));
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
/// With `long`, only the characters that depend on the value alone: a tail differs from them
/// by one to three characters, which do not make a long value's form worth doubling.
fn base64_forms(value: &[u8], long: bool) -> Vec<Vec<u8>> {
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
            if long {
                continue;
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

/// Percent-encoding of everything but the unreserved characters of RFC 3986 and `kept`; with
/// `space`, a space as `+`, as HTML forms send it.
fn percent(value: &[u8], digits: &[u8; 16], space: bool, kept: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() * 3);
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || kept.contains(&b) {
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

/// How many forms `json_forms` makes of a value (when not `long`).
const JSON_FORMS: usize = 6;

/// The value inside a JSON string, as serializers write it: serde's and JavaScript's escapes,
/// with `/` escaped too (PHP), every non-ASCII character as `\uXXXX` in lower case (Python's
/// default) or upper case (Java's), and `<`, `>` and `&` as `\u003c` (Go's `encoding/json`).
/// With `long`, the first only and Python's.
fn json_forms(text: &str, long: bool) -> Vec<String> {
    let Ok(quoted) = serde_json::to_string(text) else {
        return Vec::new();
    };
    let plain = quoted[1..quoted.len() - 1].to_owned();
    let ascii = |text: &str, upper: bool| {
        let mut ascii = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                ascii.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    if upper {
                        ascii.push_str(&format!("\\u{unit:04X}"));
                    } else {
                        ascii.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
        ascii
    };
    if long {
        return vec![plain.clone(), ascii(&plain, false)];
    }
    let slashes = plain.replace('/', "\\/");
    let go = plain
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    vec![
        ascii(&plain, false),
        ascii(&slashes, false),
        ascii(&plain, true),
        go,
        plain,
        slashes,
    ]
}

/// The value as HTML escapes it: Python's `html.escape`, PHP's `htmlspecialchars` and Go's
/// `html.EscapeString` (they differ in how they write quotes).
fn html_forms(text: &str) -> Vec<String> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Vec::new();
    }
    [
        ("&quot;", "&#x27;"),
        ("&quot;", "&#039;"),
        ("&#34;", "&#39;"),
    ]
    .iter()
    .map(|(quote, apostrophe)| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', quote)
            .replace('\'', apostrophe)
    })
    .collect()
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
        assert!(has(&forms, b"pa%20ss/w%C3%B6rd%22%0A"), "quote() keeps /");
        assert!(has(&forms, "pa ss/wörd\\\"\\n".as_bytes()));
        assert!(has(&forms, "pa ss\\/wörd\\\"\\n".as_bytes()));
        assert!(has(&forms, b"pa ss/w\\u00f6rd\\\"\\n"));
        // The lines of the value, when long enough.
        assert!(has(&forms, "pa ss/wörd\"".as_bytes()));
    }

    #[test]
    fn the_escapes_of_other_tools_are_forms_too() {
        let found = forms("a!b(c)*'d<e>&f\"g ä".as_bytes());
        assert!(
            has(&found, b"a!b(c)*'d%3Ce%3E%26f%22g%20%C3%A4"),
            "encodeURIComponent"
        );
        assert!(
            has(&found, "a!b(c)*'d\\u003ce\\u003e\\u0026f\\\"g ä".as_bytes()),
            "Go's JSON"
        );
        assert!(
            has(&found, br#"a!b(c)*'d<e>&f\"g \u00E4"#),
            "upper-case \\u"
        );
        assert!(
            has(&found, "a!b(c)*&#x27;d&lt;e&gt;&amp;f&quot;g ä".as_bytes()),
            "html.escape"
        );
        assert!(
            has(&found, "a!b(c)*&#39;d&lt;e&gt;&amp;f&#34;g ä".as_bytes()),
            "Go's html"
        );
        let multi = forms(b"ab\ncd\nef\ngh");
        assert!(has(&multi, b"ab\r\ncd\r\nef\r\ngh"), "CRLF");
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
