"""Real servers for tests, fault and load checks: PostgreSQL of the test's own, gunicorn, SMTP.

Everything listens on 127.0.0.1 only, on ports picked free at start.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email import message_from_bytes
from email.message import Message
from email.policy import default
from glob import glob
from pathlib import Path
from typing import IO

import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from crylog.followups.vapid import new_key_pair

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
LOCAL = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCAL, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((LOCAL, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on {LOCAL}:{port} within {timeout}s")


def postgres_bin(name: str) -> str | None:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    return found[-1] or None


class PostgresInstance:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="crylog-pg-"))
        self.data = self.folder / "data"
        self._as_postgres = os.geteuid() == 0  # initdb refuses to run as root

    def _run(self, *args: str) -> None:
        command = list(args)
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{LOCAL}:{self.port}/crylog"

    def init(self) -> None:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(postgres_bin("initdb")), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--no-sync",
        )  # fmt: skip
        self.start()
        self._run(
            str(postgres_bin("createdb")),
            "-h",
            LOCAL,
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "crylog",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={LOCAL} -c fsync=off"
        self._run(
            str(postgres_bin("pg_ctl")),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.folder / "log"),
            "start",
        )

    def stop(self) -> None:
        self._run(str(postgres_bin("pg_ctl")), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


# One person's burst of cries stands in these checks for many people's: the scripts that make
# it lift the limit on new cries a person may log (crylog/cries/models.py, new_cry_limits).
NO_CRY_LIMIT = {"CRIES_PER_HOUR": "100000", "CRIES_PER_DAY": "100000"}


def production_env(**extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) that still speak plain HTTP on 127.0.0.1."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    public, private = new_key_pair()
    env.update(
        DEBUG="0",
        SECRET_KEY="production-like-secret-for-local-checks-0123456789abcdef",
        VAPID_PUBLIC_KEY=public,
        VAPID_PRIVATE_KEY=private,
        VAPID_SUBJECT="mailto:reminders@crylog.example",
        ALLOWED_HOSTS=LOCAL,
        SECURE_SSL_REDIRECT="0",
        SMTP_HOST=LOCAL,
        # One folder per checkout: another checkout's collectstatic would replace its manifest.
        STATIC_ROOT=str(Path(tempfile.gettempdir()) / f"crylog-static-{CHECKOUT}"),
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int = 2, threads: int = 4, log: IO[str] | None = None
) -> Iterator[str]:
    """Serve crylog with gunicorn on 127.0.0.1; yields the base URL."""
    manage(env, "collectstatic", "--no-input", "-v0")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "crylog.wsgi", "--bind", f"{LOCAL}:{port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield f"http://{LOCAL}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def production_site(folder: Path, people: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A production server (``gunicorn``) with a SQLite database and static files in ``folder``,
    and the people that the Python of ``people`` makes; yields its base URL and environment."""
    env = production_env(SQLITE_PATH=str(folder / "crylog.sqlite3"))
    env["STATIC_ROOT"] = str(folder / "static")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "-c", f"from crylog.accounts.models import User; {people}")
    with gunicorn(env) as base_url:  # runs collectstatic first
        yield base_url, env


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=60).text
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class LoopbackSession(requests.Session):
    """Sends Secure cookies to 127.0.0.1 over plain HTTP, as browsers do for loopback."""

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        for cookie in self.cookies:
            cookie.secure = False
        return super().prepare_request(request)


def logged_in(base_url: str, email: str, password: str) -> requests.Session:
    session = LoopbackSession()
    login = f"{base_url}/accounts/login/"
    token = csrf_token(session, login)
    response = session.post(
        login,
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": login},
        allow_redirects=False,  # redirects would skip LoopbackSession.prepare_request
        timeout=60,
    )
    assert response.status_code == 302, f"login refused: {response.status_code}"
    assert "data-crylog-user=" in session.get(base_url + "/", timeout=60).text  # signed in
    return session


class MailServer:
    """An SMTP server on 127.0.0.1 (aiosmtpd) that keeps the messages it accepts.

    Misbehave on purpose by setting, before a send:

    * ``replies``: the answer to a command instead of accepting it, e.g.
      ``{"RCPT": "450 4.2.1 Mailbox busy"}`` or ``{"MAIL": "421 4.3.2 Shutting down"}``;
    * ``hang_up_at``: the command ("MAIL", "RCPT" or "DATA") at which it drops the connection
      without a word, as a server that crashes or restarts mid-session does.

    ``stop()`` takes it away altogether: connections are then refused.
    """

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.replies: dict[str, str] = {}
        self.hang_up_at: str | None = None
        self.port = free_port()
        self._controller = Controller(self, hostname=LOCAL, port=self.port)

    def __enter__(self) -> MailServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with suppress(AssertionError, RuntimeError):  # already stopped
            self._controller.stop()

    def mailers(self, timeout: float = 5) -> dict[str, object]:
        """A MAILERS setting that sends through this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": LOCAL, "port": self.port, "timeout": timeout},
            }
        }

    def _misbehaves(self, server: SMTP, command: str) -> str | None:
        if self.hang_up_at == command:
            assert isinstance(server.transport, asyncio.Transport)
            server.transport.abort()
            return "421 4.3.0 gone"  # never reaches the client
        return self.replies.get(command)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if reply := self._misbehaves(server, "MAIL"):
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if reply := self._misbehaves(server, "RCPT"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if reply := self._misbehaves(server, "DATA"):
            return reply
        assert isinstance(envelope.original_content, bytes)
        self.messages.append(message_from_bytes(envelope.original_content, policy=default))
        return "250 Message accepted"
