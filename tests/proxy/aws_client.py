#!/usr/bin/env python3
"""The program of vault's SigV4 tests, run under `vault exec --proxy`: boto3 with the keys it
was given (placeholders) against the upstream at ENDPOINT, each step one line on stdout.

  put       s3.put_object with a body (botocore's flexible checksums: aws-chunked, unsigned)
  unsigned  the same, no checksum, payload signing off: x-amz-content-sha256 UNSIGNED-PAYLOAD
  get       s3.get_object of it
  presigned a presigned GET URL, fetched with urllib through the proxy
  sts       sts.get_caller_identity: a form POST whose body digest is signed
  chunked   a PUT in signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), as the Java and Go
            SDKs send; botocore has no such signer, so it is made from botocore's parts
  tampered  the same signed again after the signature was made: the proxy must refuse it
"""

import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

ENDPOINT = os.environ["ENDPOINT"]
# SigV4 throughout: botocore still presigns S3 URLs with the older SigV2 unless told.
CONFIG = Config(
    signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}
)
STEPS = sys.argv[1:]


def say(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def fetch(request):
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def signed_chunks(path, chunks, tamper=False):
    """A PUT of `chunks` in signed chunks, signed with this program's keys."""
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    auth = SigV4Auth(credentials, "s3", "us-east-1")

    def frame(size, signature, data):
        return f"{size:x};chunk-signature={signature}\r\n".encode() + data + b"\r\n"

    decoded = sum(len(c) for c in chunks)
    encoded = sum(len(frame(len(c), "0" * 64, c)) for c in chunks + [b""])
    request = AWSRequest(
        method="PUT",
        url=f"{ENDPOINT}{path}",
        headers={
            "X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "Content-Encoding": "aws-chunked",
            "X-Amz-Decoded-Content-Length": str(decoded),
            "Content-Length": str(encoded),
        },
    )
    auth.add_auth(request)
    previous = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    scope = auth.credential_scope(request)
    body = b""
    for data in chunks + [b""]:
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256-PAYLOAD",
                request.context["timestamp"],
                scope,
                previous,
                hashlib.sha256(b"").hexdigest(),
                hashlib.sha256(data).hexdigest(),
            ]
        )
        previous = auth.signature(string_to_sign, request)
        if tamper and data:
            data = data.upper()
        body += frame(len(data), previous, data)
    headers = {k: v for k, v in request.headers.items()}
    return fetch(urllib.request.Request(request.url, data=body, headers=headers, method="PUT"))


s3 = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", config=CONFIG)
say("keys", key_id=os.environ["AWS_ACCESS_KEY_ID"], secret=os.environ["AWS_SECRET_ACCESS_KEY"],
    token=os.environ.get("AWS_SESSION_TOKEN"))
for step in STEPS:
    try:
        if step == "put":
            s3.put_object(Bucket="bucket", Key="notes/hello.txt", Body=b"hello from the agent " * 50)
            say(step, ok=True)
        elif step == "unsigned":
            plain = boto3.client(
                "s3", endpoint_url=ENDPOINT, region_name="us-east-1",
                config=CONFIG.merge(Config(
                    request_checksum_calculation="when_required",
                    s3={"addressing_style": "path", "payload_signing_enabled": False},
                )),
            )
            plain.put_object(Bucket="bucket", Key="notes/unsigned.txt", Body=b"no checksum")
            say(step, ok=True)
        elif step == "get":
            body = s3.get_object(Bucket="bucket", Key="notes/hello.txt")["Body"].read()
            say(step, ok=body == b"hello from the agent " * 50)
        elif step == "presigned":
            url = s3.generate_presigned_url(
                "get_object", Params={"Bucket": "bucket", "Key": "notes/hello.txt"}, ExpiresIn=300
            )
            status, body = fetch(url)
            say(step, ok=status == 200 and body.startswith(b"hello from the agent"), status=status, url=url)
        elif step == "sts":
            sts = boto3.client(
                "sts", endpoint_url=ENDPOINT, region_name="us-east-1",
                config=Config(retries={"max_attempts": 1}),
            )
            arn = sts.get_caller_identity()["Arn"]
            say(step, ok=arn.endswith(":user/agent"))
        elif step == "chunked":
            chunks = [bytes([65 + i]) * 65536 for i in range(3)] + [b"tail"]
            status, body = signed_chunks("/bucket/big.bin", chunks)
            got = s3.get_object(Bucket="bucket", Key="big.bin")["Body"].read()
            say(step, ok=status == 200 and got == b"".join(chunks), status=status)
        elif step == "tampered":
            status, body = signed_chunks("/bucket/tampered.bin", [b"x" * 100], tamper=True)
            say(step, ok=status == 403, status=status, body=body.decode(errors="replace"))
        elif step == "wrong":
            wrong = boto3.client(
                "s3", endpoint_url=ENDPOINT, region_name="us-east-1", config=CONFIG,
                aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key="x" * 40,
            )
            wrong.get_object(Bucket="bucket", Key="notes/hello.txt")
            say(step, ok=False)
    except Exception as err:  # the step failed: said, and the test names it
        code = getattr(err, "response", {}).get("Error", {}).get("Code")
        say(step, ok=False, error=str(err), code=code)
