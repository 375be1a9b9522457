#!/usr/bin/env python3
"""The upstream of vault's proxy tests: an HTTPS server on 127.0.0.1 (plain HTTP with --plain)
that writes down each request it gets, as the proxy delivered it, for the test to check.

    upstream.py CERT KEY RECORD [--plain]

Prints its port on the first line of stdout. Each request becomes one JSON line in RECORD:
method, path, headers, body (decoded from chunked when it came chunked). Paths:
  /echo          answers with the request's headers and body, as JSON (a value reflected)
  /private/...   wants Basic credentials first (401 otherwise), as git's server would
  /git/...       git's smart HTTP protocol (git http-backend), behind Basic credentials
  /ws            a WebSocket: the handshake, the Authorization it came with in a message
                 of two frames cut inside it, then every frame echoed back
  /status        401 with the Authorization header in the status line's reason
  /b64echo       the Authorization header, base64 as `base64` prints it (lines of 76)
  /sse           a stream of server-sent events, chunked, the Authorization header echoed in
                 one event cut inside it across two chunks sent 300 ms apart
  anything else  200 "ok"
"""

import base64
import hashlib
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CERT, KEY, RECORD = sys.argv[1:4]
PLAIN = "--plain" in sys.argv
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body, True
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", 0))
        return self.rfile.read(length), False

    def record(self, body, chunked):
        line = {
            "method": self.command,
            "path": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
            "chunked": chunked,
        }
        with LOCK, open(RECORD, "a") as out:
            out.write(json.dumps(line) + "\n")

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket()
        body, chunked = self.read_body()
        self.record(body, chunked)
        if self.path.startswith("/echo"):
            echoed = {"headers": dict(self.headers.items()), "body": body.decode("utf-8", "replace")}
            return self.answer(200, json.dumps(echoed).encode(),
                               [("Content-Type", "application/json"),
                                ("X-Echo-Authorization", self.headers.get("Authorization", ""))])
        if self.path.startswith("/status"):
            self.send_response(401, "bad key " + self.headers.get("Authorization", ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/b64echo"):
            encoded = base64.encodebytes(self.headers.get("Authorization", "").encode() * 3)
            return self.answer(200, encoded, [("Content-Type", "text/plain")])
        if self.path.startswith("/sse"):
            return self.sse(self.headers.get("Authorization", ""))
        if self.path.startswith(("/private", "/git/")) and "Authorization" not in self.headers:
            return self.answer(401, b"who are you?\n", [("WWW-Authenticate", 'Basic realm="test"')])
        if self.path.startswith("/git/"):
            return self.git(body)
        self.answer(200, b"ok\n", [("Content-Type", "text/plain")])

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    def sse(self, echoed):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        half = len(echoed) // 2
        event = ('data: {"delta": "you said ' + echoed + '"}\n\n').encode()
        cut = event.index(echoed.encode()) + half
        for piece in (b"data: hello\n\n", event[:cut], event[cut:], b""):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            if piece == event[:cut]:
                time.sleep(0.3)

    def git(self, body):
        path, _, query = self.path[len("/git"):].partition("?")
        env = dict(os.environ, GIT_PROJECT_ROOT=os.environ["GIT_ROOT"], GIT_HTTP_EXPORT_ALL="1",
                   PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD=self.command,
                   CONTENT_TYPE=self.headers.get("Content-Type", ""), REMOTE_USER="test",
                   REMOTE_ADDR="127.0.0.1", CONTENT_LENGTH=str(len(body)),
                   GIT_HTTP_MAX_REQUEST_BUFFER="100M")
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True).stdout
        head, _, rest = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.split(b"\r\n"):
            name, _, value = line.decode().partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.answer(status, rest, headers)

    def websocket(self):
        self.record(b"", False)
        key = self.headers["Sec-WebSocket-Key"]
        accept = base64.b64encode(hashlib.sha1(
            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        # The credential the upgrade carried, as the first message, cut in two frames inside it.
        told = self.headers.get("Authorization", "").encode()
        half = len(told) // 2
        self.wfile.write(bytes([0x01, half]) + told[:half])
        self.wfile.flush()
        self.wfile.write(bytes([0x80, len(told) - half]) + told[half:])
        self.wfile.flush()
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            length = head[1] & 0x7F
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            # Each message as it arrived, recorded as a request to /ws/message.
            self.path = "/ws/message"
            self.record(data, False)
            self.wfile.write(bytes([0x81, len(data)]) + data)
            self.wfile.flush()
            if head[0] & 0x0F == 0x8:
                return


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if not PLAIN:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
