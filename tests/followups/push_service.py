"""A Web Push service on 127.0.0.1 that checks what a real one checks, and reads the message.

It verifies the VAPID token (ES256 signature with the application server's public key,
audience = this service's origin, expiry in the future and at most 24 hours away, subject =
the configured mailto:), the TTL, Topic and Content-Encoding headers, and decrypts the
aes128gcm body with the device's own private key, as the browser would. A message that fails
a check is answered 400 (413 when its body is over 4,096 bytes, as real push services refuse
it). Each device can be told how to answer: 201, 404, 410, 500, a Reply (a redirect, a
body), or to hang until the service stops.

Listener is a server that only records who connects to it: where nothing should ever go.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

HANG = "hang"
TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
DAY = 24 * 60 * 60
MAX_BODY = 4096  # what Web Push services accept (RFC 8030 section 7.2 asks for at least this)


@dataclass(frozen=True)
class Reply:
    """An answer with more than a status: a redirect elsewhere, or words in its body."""

    status: int
    location: str = ""
    body: bytes = b""


Answer = int | str | Reply


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of a push subscription: its key pair and auth secret."""

    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Message:
    """One request that passed every check, with the status it was answered."""

    device: str
    payload: dict[str, Any]
    headers: dict[str, str]
    claims: dict[str, Any]
    status: int
    received_at: float = field(default_factory=time.time)


class PushService:
    def __init__(self, *, vapid_public_key: str, subject: str) -> None:
        self.vapid_public_key = vapid_public_key
        self.subject = subject
        self.devices: dict[str, Device] = {}
        self.answers: dict[str, list[Answer]] = defaultdict(list)
        self.messages: list[Message] = []
        self.rejections: list[str] = []
        # Called on the server's thread before it answers: what else happens while a send waits.
        self.while_answering: Callable[[], None] | None = None
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> PushService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def device(self, name: str, *answers: Answer) -> Device:
        """A new device; it answers each message with the next of ``answers``, then 201."""
        device = Device(name=name, endpoint=f"{self.origin}/push/{name}")
        self.devices[name] = device
        self.answers[name] = list(answers)
        return device

    def delivered(self, name: str | None = None) -> list[Message]:
        """Messages this service accepted (answered 201), for one device or all."""
        return [m for m in self.messages if m.status == 201 and (name is None or m.device == name)]

    # What follows runs on the server's threads.

    def handle(self, name: str, headers: dict[str, str], body: bytes) -> Answer:
        device = self.devices.get(name)
        if device is None:
            return 404
        if len(body) > MAX_BODY:
            with self._lock:
                self.rejections.append(f"{name}: a body of {len(body)} bytes")
            return 413
        try:
            claims = self.check_vapid(headers.get("authorization", ""))
            self.check_headers(headers)
            plaintext = http_ece.decrypt(
                body,
                private_key=device.private_key,
                auth_secret=device.auth_secret,
                version="aes128gcm",
            )
            payload = json.loads(plaintext)
        except (
            AssertionError,
            InvalidSignature,
            ValueError,
            KeyError,
            http_ece.ECEException,
        ) as problem:
            with self._lock:
                self.rejections.append(f"{name}: {type(problem).__name__}: {problem}")
            return 400
        with self._lock:
            answer = self.answers[name].pop(0) if self.answers[name] else 201
            status = (
                0 if answer == HANG else answer.status if isinstance(answer, Reply) else int(answer)
            )
            self.messages.append(Message(name, payload, headers, claims, status))
        if self.while_answering is not None:
            self.while_answering()
        return answer

    def check_vapid(self, authorization: str) -> dict[str, Any]:
        scheme, _, params = authorization.partition(" ")
        assert scheme.lower() == "vapid", f"Authorization scheme {scheme!r}"
        parts = dict(part.split("=", 1) for part in params.split(","))
        assert parts["k"] == self.vapid_public_key, "not the application server's key"
        header_b64, claims_b64, signature_b64 = parts["t"].split(".")
        header = json.loads(b64url_decode(header_b64))
        assert header == {"typ": "JWT", "alg": "ES256"}, f"JWT header {header}"
        signature = b64url_decode(signature_b64)
        assert len(signature) == 64, "ES256 signatures are 64 bytes"
        key = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), b64url_decode(self.vapid_public_key)
        )
        key.verify(
            encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            ),
            f"{header_b64}.{claims_b64}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
        claims: dict[str, Any] = json.loads(b64url_decode(claims_b64))
        now = time.time()
        assert claims["aud"] == self.origin, f"audience {claims['aud']!r}"
        assert now < claims["exp"] <= now + DAY, f"expiry {claims['exp']} (now {now:.0f})"
        assert claims["sub"] == self.subject, f"subject {claims['sub']!r}"
        return claims

    def check_headers(self, headers: dict[str, str]) -> None:
        assert headers.get("content-encoding") == "aes128gcm", "Content-Encoding"
        assert headers.get("ttl", "").isdigit(), "TTL"
        assert TOPIC.match(headers.get("topic", "")), f"Topic {headers.get('topic')!r}"


def _handler_for(service: PushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            answer = service.handle(self.path.rsplit("/", 1)[-1], headers, body)
            if answer == HANG:
                service.stopping.wait()
                self.close_connection = True
                return
            reply = answer if isinstance(answer, Reply) else Reply(int(answer))
            self.send_response(reply.status)
            if reply.location:
                self.send_header("Location", reply.location)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it, and answers nothing.

    An address no request should reach: if one does, ``connections`` says so once the
    ``with`` block has ended.
    """

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.05)
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def __enter__(self) -> Listener:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._thread.join()
        # Connections the kernel took but nobody accepted yet count too.
        self.socket.setblocking(False)
        while True:
            try:
                connection, _ = self.socket.accept()
            except BlockingIOError:
                break
            self.connections += 1
            connection.close()
        self.socket.close()
