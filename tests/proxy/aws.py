#!/usr/bin/env python3
"""An S3- and STS-like upstream of vault's SigV4 tests: HTTPS on 127.0.0.1 that recomputes
every request's AWS Signature Version 4 with the real key pair, with botocore's own signer
parts (canonical request, string to sign, HMAC chain), and refuses a wrong one as AWS does.

    aws.py CERT KEY RECORD        (the real pair in AWS_REAL_ID and AWS_REAL_SECRET)

Prints its port on the first line. Each request becomes one JSON line in RECORD: method, path,
the access key id it was signed with, how (header or query), its payload hash, whether the
signature (and each chunk's) held, and the chunks. Paths, S3's path style:
  PUT /BUCKET/KEY    stores the body (aws-chunked decoded), signed chunks checked one by one
  GET /BUCKET/KEY    the body stored
  POST /             STS GetCallerIdentity (a form body whose digest is signed)
A bad signature gets 403 SignatureDoesNotMatch naming the access key id, as S3's does.
"""

import hashlib
import json
import os
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CERT, KEY, RECORD = sys.argv[1:4]
REAL = Credentials(os.environ["AWS_REAL_ID"], os.environ["AWS_REAL_SECRET"])
EMPTY = hashlib.sha256(b"").hexdigest()
LOCK = threading.Lock()
OBJECTS = {}


def auth_for(service, region):
    cls = S3SigV4Auth if service == "s3" else SigV4Auth
    return cls(REAL, service, region)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def raw_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def handle_one(self):
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = self.raw_body()
        record = {"method": self.command, "path": parts.path}
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("AWS4-HMAC-SHA256 "):
            fields = dict(
                f.strip().split("=", 1) for f in authorization[len("AWS4-HMAC-SHA256 "):].split(",")
            )
            credential, signed, given = fields["Credential"], fields["SignedHeaders"], fields["Signature"]
            timestamp = self.headers["X-Amz-Date"]
            url_query = parts.query
            record["how"] = "header"
        elif query.get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256":
            credential, signed = query["X-Amz-Credential"], query["X-Amz-SignedHeaders"]
            given, timestamp = query["X-Amz-Signature"], query["X-Amz-Date"]
            url_query = "&".join(
                p for p in parts.query.split("&") if not p.startswith("X-Amz-Signature=")
            )
            record["how"] = "query"
        else:
            record["how"] = "none"
            self.write(record)
            return self.answer(403, b"<Error><Code>AccessDenied</Code></Error>")
        key_id, _day, region, service, _ = credential.split("/")
        record["key_id"] = key_id
        auth = auth_for(service, region)
        headers = {name: self.headers[name] for name in signed.split(";")}
        request = AWSRequest(
            method=self.command,
            url=f"https://{self.headers['Host']}{parts.path}" + (f"?{url_query}" if url_query else ""),
            headers=headers,
        )
        request.context["timestamp"] = timestamp
        if record["how"] == "query":
            payload = "UNSIGNED-PAYLOAD" if service == "s3" else hashlib.sha256(body).hexdigest()
        else:
            payload = self.headers.get("X-Amz-Content-SHA256") or hashlib.sha256(body).hexdigest()
        record["payload"] = payload if len(payload) != 64 else "digest"
        hs = auth.headers_to_sign(request)
        canonical = "\n".join(
            [
                self.command,
                auth._normalize_url_path(parts.path),
                auth.canonical_query_string(request),
                auth.canonical_headers(hs) + "\n",
                auth.signed_headers(hs),
                payload,
            ]
        )
        string_to_sign = auth.string_to_sign(request, canonical)
        expected = auth.signature(string_to_sign, request)
        record["verified"] = key_id == REAL.access_key and expected == given
        if payload == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD":
            body, record["chunks"], chunks_ok = self.signed_chunks(body, auth, request, given)
            record["verified"] = record["verified"] and chunks_ok
        elif payload == "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
            body, record["chunks"] = self.unsigned_chunks(body)
        elif len(payload) == 64 and hashlib.sha256(body).hexdigest() != payload:
            record["verified"] = False
        self.write(record)
        if key_id != REAL.access_key:
            return self.answer(
                403,
                f"<Error><Code>InvalidAccessKeyId</Code><AWSAccessKeyId>{key_id}</AWSAccessKeyId></Error>".encode(),
            )
        if not record["verified"]:
            return self.answer(
                403,
                f"<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>{key_id}</AWSAccessKeyId></Error>".encode(),
            )
        if service == "sts":
            return self.answer(
                200,
                b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/agent</Arn>"
                b"<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                b"</GetCallerIdentityResult></GetCallerIdentityResponse>",
                "text/xml",
            )
        if self.command == "PUT":
            with LOCK:
                OBJECTS[parts.path] = body
            return self.answer(200, b"")
        stored = OBJECTS.get(parts.path)
        if stored is None:
            return self.answer(404, b"<Error><Code>NoSuchKey</Code></Error>")
        return self.answer(200, stored, "application/octet-stream")

    def signed_chunks(self, body, auth, request, seed):
        scope = auth.credential_scope(request)
        previous, data, count, ok = seed, b"", 0, True
        rest = body
        while True:
            line, rest = rest.split(b"\r\n", 1)
            size_text, _, signature = line.partition(b";chunk-signature=")
            size = int(size_text, 16)
            chunk, rest = rest[:size], rest[size + 2:]
            string_to_sign = "\n".join(
                [
                    "AWS4-HMAC-SHA256-PAYLOAD",
                    request.context["timestamp"],
                    scope,
                    previous,
                    EMPTY,
                    hashlib.sha256(chunk).hexdigest(),
                ]
            )
            expected = auth.signature(string_to_sign, request)
            ok = ok and expected == signature.decode()
            previous = signature.decode()
            data += chunk
            count += 1
            if size == 0:
                return data, count, ok and rest == b""

    def unsigned_chunks(self, body):
        data, count, rest = b"", 0, body
        while True:
            line, rest = rest.split(b"\r\n", 1)
            size = int(line.split(b";")[0], 16)
            count += 1
            if size == 0:
                return data, count
            data, rest = data + rest[:size], rest[size + 2:]

    def write(self, record):
        with LOCK, open(RECORD, "a") as f:
            f.write(json.dumps(record) + "\n")

    do_GET = do_PUT = do_POST = handle_one


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
