"""crylog's production stack on this machine, brought up from the kit's own files.

Caddy (with its internal certificate authority) in front, gunicorn, two delivery workers and
the sweep, each started with its unit's ExecStart and the environment file's settings, on a
PostgreSQL database of its own. A small supervisor restarts a process as systemd's
Restart=on-failure would, after the unit's RestartSec.
"""

from __future__ import annotations

import os
import shutil
import signal
import socketserver
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import psycopg

from crylog.followups.vapid import new_key_pair
from tests.deploy import kit
from tests.deploy.conftest import PG_SERVER
from tests.servers import LOCAL, free_port, wait_for_port

DOMAIN = "crylog.test"
# Exits systemd counts as clean for Restart=on-failure.
CLEAN_SIGNALS = {signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE}


class SmtpSink(socketserver.ThreadingTCPServer):
    """An SMTP server on 127.0.0.1 that accepts every message and keeps it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.messages: list[str] = []
        super().__init__((LOCAL, 0), _SmtpHandler)
        self.port = int(self.server_address[1])
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        ).start()


class _SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpSink

    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data.decode(errors="replace"))
                self.server.messages.append("".join(body))
                self.wfile.write(b"250 kept\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@dataclass
class Service:
    """One unit's process, restarted as Restart=on-failure with RestartSec would."""

    unit: kit.Unit
    command: list[str]
    env: dict[str, str]
    log: IO[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, cwd=kit.ROOT, env=self.env, stdout=self.log, stderr=self.log
        )
        threading.Thread(target=self._watch, args=(self.process,), daemon=True).start()

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        code = process.wait()
        failed = code > 0 or (code < 0 and signal.Signals(-code) not in CLEAN_SIGNALS)
        if self.stopping.is_set() or not (failed and self.unit.restart in {"on-failure", "always"}):
            return
        if self.stopping.wait(self.unit.restart_seconds):
            return
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Stack:
    folder: Path
    port: int  # the site's HTTPS port
    http_port: int
    env: dict[str, str]
    services: dict[str, Service]
    smtp: SmtpSink
    database: str

    @property
    def origin(self) -> str:
        return f"https://{DOMAIN}:{self.port}"

    @property
    def root_certificate(self) -> Path:
        return self.folder / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def run(self, unit: kit.Unit, **paths: str) -> None:
        """Run a oneshot unit's ExecStart lines in order, as systemd would."""
        for command in unit.commands(paths=paths):
            subprocess.run(
                command, cwd=kit.ROOT, env=self.env, check=True, capture_output=True, text=True
            )

    def sql(self, query: str) -> list[tuple[object, ...]]:
        with psycopg.connect(f"{PG_SERVER}/{self.database}") as db:
            return db.execute(query).fetchall()


def _database(name: str, *, create: bool) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            server.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def stack(folder: Path, **settings: str) -> Iterator[Stack]:
    """Bring the whole stack up as docs/deploy.md does, on free ports of 127.0.0.1."""
    port, http_port, web_port = free_port(), free_port(), free_port()
    web = f"{LOCAL}:{web_port}"
    database = f"crylog_test_stack_{os.getpid()}"
    public, private = new_key_pair()
    smtp = SmtpSink()
    # systemd starts a unit with a bare environment and adds the EnvironmentFile's lines.
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(folder)}
    env |= kit.environment(
        site_url=f"https://{DOMAIN}:{port}",
        host=DOMAIN,
        SECRET_KEY="a-production-secret-for-the-deployment-test-0123456789abcdef",
        VAPID_PUBLIC_KEY=public,
        VAPID_PRIVATE_KEY=private,
        DATABASE_URL=f"{PG_SERVER}/{database}",
        SMTP_HOST=LOCAL,
        SMTP_PORT=str(smtp.port),
        SMTP_USE_TLS="0",
        STATIC_ROOT=str(folder / "static"),
        **settings,
    )
    caddyfile = folder / "Caddyfile"
    caddyfile.write_text(
        kit.caddyfile(
            domain=DOMAIN,
            port=port,
            http_port=http_port,
            spare_port=free_port(),
            admin_port=free_port(),
            storage=folder / "caddy",
            web=web,
        )
    )
    _database(database, create=True)
    services: dict[str, Service] = {}
    with ExitStack() as cleanup, open(folder / "stack.log", "a") as log:
        cleanup.callback(_database, database, create=False)
        cleanup.callback(smtp.server_close)
        cleanup.callback(smtp.shutdown)
        # The documented steps: migrations, static files, translations, then the units.
        python = str(kit.ROOT / ".venv" / "bin" / "python")
        for step in (
            ["migrate", "--no-input", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
            ["compilemessages", "-v0", "-i", ".venv", "-i", "node_modules"],
        ):
            subprocess.run(
                [python, "manage.py", *step], cwd=kit.ROOT, env=env, check=True,
                capture_output=True, text=True,
            )  # fmt: skip
        caddy_unit = kit.unit("crylog-caddy.service")
        [caddy] = caddy_unit.commands(paths={"/etc/crylog/Caddyfile": str(caddyfile)})
        web_unit, worker_unit = kit.unit("crylog-web.service"), kit.unit("crylog-worker@.service")
        sweep_unit = kit.unit("crylog-sweep.service")
        units = {
            "web": (web_unit, web_unit.commands(web=web)[0]),
            "worker@1": (worker_unit, worker_unit.commands(instance="1")[0]),
            "worker@2": (worker_unit, worker_unit.commands(instance="2")[0]),
            "sweep": (sweep_unit, sweep_unit.commands()[0]),
            "caddy": (caddy_unit, caddy),
        }
        for name, (unit, command) in units.items():
            services[name] = Service(unit=unit, command=command, env=env, log=log)
            cleanup.callback(services[name].stop)
            services[name].start()
        wait_for_port(web_port, timeout=60)
        wait_for_port(port, timeout=60)
        root = folder / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        deadline = time.monotonic() + 30
        while not root.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield Stack(
            folder=folder,
            port=port,
            http_port=http_port,
            env=env,
            services=services,
            smtp=smtp,
            database=database,
        )


def trusting_home(folder: Path, root_certificate: Path) -> Path:
    """A home folder whose NSS database (the one Chromium reads) trusts Caddy's root."""
    certutil = shutil.which("certutil")
    assert certutil, "certutil is missing: apt-get install libnss3-tools (make browser does)"
    nssdb = folder / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    subprocess.run([certutil, "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True)
    subprocess.run(
        [certutil, "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "crylog test root",
         "-i", str(root_certificate)],
        check=True,
    )  # fmt: skip
    return folder
