//! AWS Signature Version 4 through the proxy (`secret add AWS_SECRET_ACCESS_KEY --aws-sigv4
//! AWS_ACCESS_KEY_ID`): the program holds placeholders for both keys of a pair and signs with
//! them, as every AWS SDK and the CLI do. A request signed with the placeholder access key id,
//! on a route of the secret access key, is checked against the placeholders (the signature
//! must be the one they make) and then signed again with the real pair, in the same place
//! (the Authorization header or a presigned query string), over the same headers, date,
//! region and service, with the payload hash as sent: a digest, `UNSIGNED-PAYLOAD`, or signed
//! chunks (`chunks`), each signed again as it streams.
//!
//! The signing itself is the AWS SDK for Rust's (`aws-sigv4`): the canonical request, its
//! encoding rules per service and the HMAC chain are theirs, not ours. The real secret access
//! key is never put in a request; it only signs.

mod chunks;

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use http::header::{self, HeaderMap, HeaderValue};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use zeroize::Zeroizing;

use super::connector;
use chunks::Chunks;

pub use chunks::BadChunk;

/// The algorithm SigV4 names itself by, in a header and in a query.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The query parameters a presigned URL's signature is made of; the signer adds them back.
const QUERY_PARAMETERS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// What an S3 upload in signed chunks declares as its payload hash.
const STREAMING: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

/// The longest a presigned URL may be valid for, as AWS allows (seven days).
const EXPIRES_MAX: u64 = 7 * 24 * 3600;

/// One key pair: an access key id and its secret access key, as text.
struct Keys {
    id: Zeroizing<String>,
    secret: Zeroizing<String>,
}

impl Keys {
    fn credentials(&self) -> Credentials {
        Credentials::new(self.id.as_str(), self.secret.as_str(), None, None, "vault")
    }
}

/// An AWS pair of the run: which of its secrets hold the keys, their placeholders and values.
pub struct Pair {
    /// The secret access key's secret, whose routes say where the proxy signs.
    pub key: usize,
    /// The access key id's secret.
    pub key_id: usize,
    placeholder: Keys,
    real: Keys,
}

impl Pair {
    /// A pair of the secrets at `key` and `key_id`, from their values and placeholders; `None`
    /// when a value is not text, as no access key is.
    pub fn new(
        (key, key_id): (usize, usize),
        (real_secret, real_id): (&[u8], &[u8]),
        (placeholder_secret, placeholder_id): (&[u8], &[u8]),
    ) -> Option<Self> {
        let text = |bytes: &[u8]| {
            std::str::from_utf8(bytes)
                .ok()
                .map(|text| Zeroizing::new(text.to_owned()))
        };
        Some(Self {
            key,
            key_id,
            placeholder: Keys {
                id: text(placeholder_id)?,
                secret: text(placeholder_secret)?,
            },
            real: Keys {
                id: text(real_id)?,
                secret: text(real_secret)?,
            },
        })
    }
}

/// Where a request carries its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Location {
    Headers,
    Query,
}

/// The SigV4 signature a request of the program carries, made with a pair's placeholders.
#[derive(Debug)]
pub struct Signature {
    /// Which of the run's pairs.
    pub pair: usize,
    location: Location,
    time: SystemTime,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
    expires: Option<Duration>,
}

/// Why a request's signature is not signed again.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsigned(pub String);

impl Signature {
    /// The signature in `headers` or `query` that names the placeholder access key id of one
    /// of `pairs`; none when the request is not signed with one (it goes as it is).
    pub fn find(pairs: &[Pair], query: Option<&str>, headers: &HeaderMap) -> Option<Self> {
        if pairs.is_empty() {
            return None;
        }
        let (location, fields, date) = match headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix(ALGORITHM))
            .filter(|rest| rest.starts_with(' '))
        {
            Some(rest) => {
                let fields: Vec<(String, String)> = rest
                    .split(',')
                    .filter_map(|field| field.trim().split_once('='))
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect();
                let date = headers
                    .get("x-amz-date")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                (Location::Headers, fields, date)
            }
            None => {
                let fields: Vec<(String, String)> = form_urlencoded::parse(query?.as_bytes())
                    .filter_map(|(name, value)| {
                        let name = name.strip_prefix("X-Amz-")?;
                        Some((name.to_owned(), value.into_owned()))
                    })
                    .collect();
                let field = |name: &str| fields.iter().find(|(n, _)| n == name);
                if field("Algorithm").map(|(_, v)| v.as_str()) != Some(ALGORITHM) {
                    return None;
                }
                let date = field("Date").map(|(_, v)| v.clone());
                (Location::Query, fields, date)
            }
        };
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, value)| value.as_str())
        };
        let mut scope = field("Credential")?.split('/');
        let key_id = scope.next()?;
        let pair = pairs
            .iter()
            .position(|pair| pair.placeholder.id.as_str() == key_id)?;
        let (_day, region, service) = (scope.next()?, scope.next()?, scope.next()?);
        let time = chrono::NaiveDateTime::parse_from_str(&date?, "%Y%m%dT%H%M%SZ").ok()?;
        let time = SystemTime::UNIX_EPOCH
            + Duration::from_secs(u64::try_from(time.and_utc().timestamp()).ok()?);
        let expires = match location {
            Location::Headers => None,
            Location::Query => Some(Duration::from_secs(
                field("Expires")?
                    .parse::<u64>()
                    .ok()
                    .filter(|s| *s <= EXPIRES_MAX)?,
            )),
        };
        Some(Self {
            pair,
            location,
            time,
            region: region.to_owned(),
            service: service.to_owned(),
            signed_headers: field("SignedHeaders")?
                .split(';')
                .map(str::to_ascii_lowercase)
                .collect(),
            signature: field("Signature")?.to_owned(),
            expires,
        })
    }

    /// Whether the payload is sent in signed chunks, each to be signed again.
    pub fn chunked(&self, headers: &HeaderMap) -> Result<bool, Unsigned> {
        match payload_header(headers) {
            Some(STREAMING) => Ok(true),
            Some(other) if other.starts_with("STREAMING-AWS4-") => Err(Unsigned(format!(
                "the proxy does not sign again an upload in signed chunks with signed trailers ({other}); send it with UNSIGNED-PAYLOAD, a payload digest or signed chunks without trailers"
            ))),
            _ => Ok(false),
        }
    }

    /// Whether the signer needs the body's digest: the request names none (the AWS SDKs
    /// leave it out for every service but S3).
    pub fn needs_body(&self, headers: &HeaderMap) -> bool {
        payload_header(headers).is_none() && !(self.location == Location::Query && self.is_s3())
    }

    fn is_s3(&self) -> bool {
        self.service == "s3"
    }

    /// The request target without a presigned signature, which the rules that put values in
    /// requests then never see.
    pub fn target_without(&self, target: &str) -> String {
        match (self.location, target.split_once('?')) {
            (Location::Query, Some((path, query))) => match strip_query(query) {
                query if query.is_empty() => path.to_owned(),
                query => format!("{path}?{query}"),
            },
            _ => target.to_owned(),
        }
    }

    /// The headers without a signature in them (Authorization), likewise.
    pub fn headers_without(&self, headers: &mut HeaderMap) {
        if self.location == Location::Headers {
            headers.remove(header::AUTHORIZATION);
        }
    }

    /// Checks that the request as the program sent it was signed with `pair`'s placeholders.
    pub fn check(&self, pair: &Pair, request: &Signable) -> Result<(), Unsigned> {
        let (made, _) = self.sign_with(&pair.placeholder, request)?;
        // Nothing secret to time: the placeholders are the program's own.
        if made == self.signature {
            Ok(())
        } else {
            Err(Unsigned(
                "the request's AWS signature was not made with this run's placeholder keys".into(),
            ))
        }
    }

    /// Signs the request, as it goes upstream, with `pair`'s real keys: the headers to set
    /// (Authorization, X-Amz-Date) or the query to send, and the seed signature of chunks.
    pub fn resign(&self, pair: &Pair, request: &Signable) -> Result<Resigned, Unsigned> {
        let (signature, instructions) = self.sign_with(&pair.real, request)?;
        let uri: http::Uri = format!("http://{}{}", request.host, request.target)
            .parse()
            .map_err(|_| Unsigned("a request target that is not a URI".into()))?;
        let mut applied = http::Request::new(());
        *applied.uri_mut() = uri;
        instructions.apply_to_request_http1x(&mut applied);
        let (parts, ()) = applied.into_parts();
        let target = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |target| target.as_str().to_owned());
        Ok(Resigned {
            headers: parts.headers,
            target,
            signature,
        })
    }

    /// What `chunks` needs to sign each chunk again: the placeholder and real seeds.
    pub fn chunk_signer(&self, pair: &Pair, real_seed: String) -> chunks::Signer {
        chunks::Signer::new(
            (pair.placeholder.credentials(), self.signature.clone()),
            (pair.real.credentials(), real_seed),
            chunks::Scope {
                time: self.time,
                region: self.region.clone(),
                service: self.service.clone(),
            },
        )
    }

    fn sign_with(
        &self,
        keys: &Keys,
        request: &Signable,
    ) -> Result<(String, aws_sigv4::http_request::SigningInstructions), Unsigned> {
        let mut headers = Vec::with_capacity(self.signed_headers.len());
        for name in &self.signed_headers {
            if name == "host" {
                headers.push(("host", request.host));
                continue;
            }
            let mut any = false;
            for value in request.headers.get_all(name.as_str()) {
                let value = value
                    .to_str()
                    .map_err(|_| Unsigned(format!("the signed header {name} is not text")))?;
                headers.push((name.as_str(), value));
                any = true;
            }
            if !any {
                return Err(Unsigned(format!(
                    "the request signs a header it does not have ({name})"
                )));
            }
        }
        let body = match (payload_header(request.headers), &request.body) {
            (Some(given), _) => SignableBody::Precomputed(given.to_owned()),
            (None, Some(body)) => SignableBody::Bytes(body),
            (None, None) => SignableBody::UnsignedPayload,
        };
        let signable =
            SignableRequest::new(request.method, request.target, headers.into_iter(), body)
                .map_err(|err| Unsigned(format!("the request cannot be signed: {err}")))?;
        let mut settings = SigningSettings::default();
        // Exactly the headers the program signed: none of them left out, none added.
        settings.excluded_headers = None;
        if self.is_s3() {
            // S3 signs the path as sent, encoded once, as its SDKs do.
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        }
        if self.location == Location::Query {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = self.expires;
        }
        let identity = keys.credentials().into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service)
            .time(self.time)
            .settings(settings)
            .build()
            .map_err(|err| Unsigned(format!("the request cannot be signed: {err}")))?
            .into();
        let output = sign(signable, &params)
            .map_err(|err| Unsigned(format!("the request cannot be signed: {err}")))?;
        let (instructions, signature) = output.into_parts();
        Ok((signature, instructions))
    }
}

/// The largest body the proxy reads whole to hash, for a request that does not say its
/// digest (the SDKs say it for S3, whose uploads are large; other services take small ones).
const HASHED_MAX: usize = 16 << 20;

/// Checks the request as the program sent it (`received`, its headers before any placeholder
/// was swapped; `target` without a presigned signature) against `pair`'s placeholders, and
/// reads its body whole if its digest is to be signed: the body to send, and the digest's
/// bytes if read.
pub async fn checked(
    signature: &Signature,
    pair: &Pair,
    method: &str,
    (host, target, received): (&str, &str, &HeaderMap),
    body: connector::Body,
) -> Result<(connector::Body, Option<Bytes>), Unsigned> {
    // An upload with signed trailers is refused before anything of it is read.
    signature.chunked(received)?;
    let (body, whole) = if signature.needs_body(received) {
        let bytes = read_whole(body).await.map_err(|()| {
            Unsigned(format!(
                "the request's body, whose digest its AWS signature covers, could not be read whole (over {} MiB, or cut off); send its digest in x-amz-content-sha256",
                HASHED_MAX >> 20
            ))
        })?;
        let body = Full::new(bytes.clone())
            .map_err(|never| match never {})
            .boxed();
        (body, Some(bytes))
    } else {
        (body, None)
    };
    let request = Signable {
        method,
        host,
        target,
        headers: received,
        body: whole.as_deref(),
    };
    signature.check(pair, &request)?;
    Ok((body, whole))
}

/// Signs the request as it goes upstream (`target`, `headers`, after the swaps) with `pair`'s
/// real keys: the new signature put in `headers`, the target to send, and the body, its
/// chunks signed again if it comes in signed chunks.
pub fn signed_again(
    signature: &Signature,
    pair: &Pair,
    method: &str,
    (host, target, headers): (&str, &str, &mut HeaderMap),
    (body, whole): (connector::Body, Option<&[u8]>),
) -> Result<(String, connector::Body), Unsigned> {
    let chunked = signature.chunked(headers)?;
    let request = Signable {
        method,
        host,
        target,
        headers,
        body: whole,
    };
    let resigned = signature.resign(pair, &request)?;
    resigned.apply(headers);
    let body = if chunked {
        let signer = signature.chunk_signer(pair, resigned.signature.clone());
        Chunks::new(body, signer).boxed()
    } else {
        body
    };
    Ok((resigned.target, body))
}

/// The body, unless it is over `HASHED_MAX` or cut off. (http-body-util's `Limited` would do,
/// but its boxed error makes the proxy's connection futures fail the compiler's `Send` check.)
async fn read_whole(mut body: connector::Body) -> Result<Bytes, ()> {
    let mut whole = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(drop)?;
        if let Ok(data) = frame.into_data() {
            if whole.len() + data.len() > HASHED_MAX {
                return Err(());
            }
            whole.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(whole))
}

/// A request as the signer reads it.
pub struct Signable<'a> {
    pub method: &'a str,
    /// The Host the program signed.
    pub host: &'a str,
    /// The path and query, without the presigned parameters.
    pub target: &'a str,
    pub headers: &'a HeaderMap,
    /// The body, when its digest is signed and the request does not say it.
    pub body: Option<&'a [u8]>,
}

/// A request signed again.
pub struct Resigned {
    /// Authorization and X-Amz-Date, for a signature in the headers.
    pub headers: HeaderMap,
    /// The path and query to send: a presigned one has the new signature in it.
    pub target: String,
    /// The seed of signed chunks.
    pub signature: String,
}

impl Resigned {
    /// Puts the new signature in `headers`.
    pub fn apply(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
    }
}

fn payload_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-amz-content-sha256")
        .and_then(|value: &HeaderValue| value.to_str().ok())
}

/// `query` without the parameters of a presigned signature, the others as they were sent.
fn strip_query(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && !QUERY_PARAMETERS.contains(&name)
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Pair {
        Pair::new(
            (0, 1),
            (
                b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                b"AKIAIOSFODNN7EXAMPLE",
            ),
            (
                b"pQwErTyUiOpAsDfGhJkL/zXcVbNmQwErTyUiOpAs",
                b"AKIAPLACEHOLDER12345",
            ),
        )
        .unwrap()
    }

    /// What a client holding the placeholders would send: signed by the same signer, so
    /// this checks our handling of it, not the signer (the botocore tests check that).
    fn signed_by_placeholder(location: Location) -> (HeaderMap, Option<String>) {
        let pair = pair();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-amz-content-sha256",
            HeaderValue::from_static("UNSIGNED-PAYLOAD"),
        );
        headers.insert("x-amz-date", HeaderValue::from_static("20261207T120000Z"));
        let fake = Signature {
            pair: 0,
            location,
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_644_800),
            region: "us-east-1".into(),
            service: "s3".into(),
            signed_headers: match location {
                Location::Headers => vec![
                    "host".into(),
                    "x-amz-content-sha256".into(),
                    "x-amz-date".into(),
                ],
                Location::Query => vec!["host".into()],
            },
            signature: String::new(),
            expires: (location == Location::Query).then(|| Duration::from_secs(3600)),
        };
        let signable = Signable {
            method: "GET",
            host: "bucket.s3.amazonaws.com",
            target: "/a%20key?versionId=3",
            headers: &headers,
            body: None,
        };
        let resigned = Resigned::from_placeholder(&fake, &pair, &signable);
        match location {
            Location::Headers => {
                let mut headers = headers.clone();
                resigned.apply(&mut headers);
                (headers, Some("versionId=3".into()))
            }
            Location::Query => (
                headers,
                resigned.target.split_once('?').map(|(_, q)| q.to_owned()),
            ),
        }
    }

    impl Resigned {
        fn from_placeholder(signature: &Signature, pair: &Pair, request: &Signable) -> Self {
            let mut as_placeholder = Pair::new((0, 1), (b"", b""), (b"", b"")).unwrap();
            as_placeholder.real = Keys {
                id: pair.placeholder.id.clone(),
                secret: pair.placeholder.secret.clone(),
            };
            signature.resign(&as_placeholder, request).unwrap()
        }
    }

    #[test]
    fn a_signature_with_the_placeholders_is_found_checked_and_made_again_with_the_real_pair() {
        for location in [Location::Headers, Location::Query] {
            let pairs = [pair()];
            let (headers, query) = signed_by_placeholder(location);
            let found = Signature::find(&pairs, query.as_deref(), &headers).unwrap();
            assert_eq!(found.location, location);
            assert_eq!(
                (found.region.as_str(), found.service.as_str()),
                ("us-east-1", "s3")
            );
            let mut stripped = headers.clone();
            found.headers_without(&mut stripped);
            assert_eq!(
                headers.contains_key(header::AUTHORIZATION),
                location == Location::Headers
            );
            assert!(!stripped.contains_key(header::AUTHORIZATION));
            let target = format!("/a%20key?{}", query.as_deref().unwrap());
            let rest = found.target_without(&target);
            assert_eq!(
                rest, "/a%20key?versionId=3",
                "the presigned parameters are taken out"
            );
            let signable = Signable {
                method: "GET",
                host: "bucket.s3.amazonaws.com",
                target: &rest,
                headers: &headers,
                body: None,
            };
            found.check(&pairs[0], &signable).unwrap();
            let resigned = found.resign(&pairs[0], &signable).unwrap();
            assert_ne!(resigned.signature, found.signature);
            let sent = match location {
                Location::Headers => resigned.headers[header::AUTHORIZATION]
                    .to_str()
                    .unwrap()
                    .to_owned(),
                Location::Query => resigned.target.clone(),
            };
            assert!(sent.contains("AKIAIOSFODNN7EXAMPLE"), "{sent}");
            assert!(!sent.contains("PLACEHOLDER"), "{sent}");
            assert!(
                !sent.contains("EXAMPLEKEY"),
                "the secret key only signs: {sent}"
            );
            assert!(sent.contains(&resigned.signature), "{sent}");

            // Another method, path or header value than was signed: not signed again.
            let other = Signable {
                method: "DELETE",
                ..signable
            };
            assert!(found.check(&pairs[0], &other).is_err());
        }
    }

    #[test]
    fn a_request_signed_with_another_key_or_not_at_all_is_left_alone() {
        let pairs = [pair()];
        let (headers, query) = signed_by_placeholder(Location::Headers);
        let value = headers[header::AUTHORIZATION]
            .to_str()
            .unwrap()
            .replace("AKIAPLACEHOLDER12345", "AKIAOTHERKEY00000000");
        let mut other = headers.clone();
        other.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).unwrap(),
        );
        assert!(Signature::find(&pairs, query.as_deref(), &other).is_none());
        assert!(Signature::find(&pairs, Some("a=1"), &HeaderMap::new()).is_none());
        assert!(Signature::find(&[], query.as_deref(), &headers).is_none());
        let mut bearer = HeaderMap::new();
        bearer.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer AKIAPLACEHOLDER12345"),
        );
        assert!(Signature::find(&pairs, None, &bearer).is_none());
    }

    #[test]
    fn a_presigned_query_keeps_its_other_parameters_as_sent() {
        assert_eq!(
            strip_query("a=1&X-Amz-Signature=ab&b=%2F&X-Amz-Credential=K%2Fx&&c"),
            "a=1&b=%2F&c"
        );
        assert_eq!(strip_query("X-Amz-Date=1"), "");
    }

    #[test]
    fn signed_trailers_are_refused_in_words() {
        let (headers, _) = signed_by_placeholder(Location::Headers);
        let found = Signature::find(&[pair()], None, &headers).unwrap();
        let mut streaming = headers.clone();
        streaming.insert("x-amz-content-sha256", HeaderValue::from_static(STREAMING));
        assert_eq!(found.chunked(&streaming), Ok(true));
        streaming.insert(
            "x-amz-content-sha256",
            HeaderValue::from_static("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
        );
        let Unsigned(why) = found.chunked(&streaming).unwrap_err();
        assert!(why.contains("trailers"), "{why}");
        assert_eq!(found.chunked(&headers), Ok(false));
    }
}
