"""`make run`, the README's own command: every process it starts links to the one site it serves.

honcho gives each process of the Procfile its own PORT (web PORT, worker PORT + 100, sweep
PORT + 200). The reminders are made by the worker, so the worker must know the web's address:
a person signs up on the running site, logs a cry that ended 95 minutes ago, and opens the
links of the reminder e-mail the worker prints to its console (DEBUG's console backend), and
the push message the worker sends, on the running web server.

The test runs `make run` in this checkout with a SQLite file and a `.local` folder of its
own (LOCAL_DIR, which starts missing, as on a first run), so a developer's db.sqlite3 and
Web Push keys are never touched; it stops make the way a person does (Ctrl-C, to make's
process group) and makes sure no process it started is left.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.followups.push_service import PushService
from tests.servers import LOCAL, ROOT, csrf_token, free_port

EMAIL = "maker@example.com"
PASSWORD = "a long make run passphrase"
DEV_SUBJECT = "mailto:crylog-development@example.com"  # settings' development default
# Generous: a first `make run` migrates a new database and makes keys on a loaded machine.
START_SECONDS = 240
DELIVERY_SECONDS = 120


@dataclass
class Run:
    """`make run` in a process group of its own, its output read as it comes."""

    process: subprocess.Popen[str]
    marker: str
    lines: list[str] = field(default_factory=list)

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def printed_by(self, name: str) -> list[str]:
        """What one process of the Procfile printed, without honcho's "12:00:00 name.1 | "."""
        prefix = re.compile(rf"^\S+ {name}\.1\s+\| ?")
        return [prefix.sub("", line) for line in self.lines if prefix.match(line)]


def started_here(marker: str) -> list[int]:
    """Every process still running with this test's marker in its environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if f"CRYLOG_MAKE_RUN_TEST={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def a_developers_shell() -> dict[str, str]:
    """This environment without what would choose the settings for `make run` (or hand it
    the jobs of a make that runs the tests)."""
    chosen = {"DEBUG", "DATABASE_URL", "SITE_URL", "HOST", "PORT", "LOCAL_DIR"}
    make = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VAPID_", "SMTP_", "DJANGO_")) and k not in chosen | make
    }


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((LOCAL, port)) == 0


def wait_until(what: str, found: Callable[[], object], run: Run, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not found():
        assert run.process.poll() is None, f"make run stopped:\n{run.output()}"
        assert time.monotonic() < deadline, f"no {what} within {seconds}s:\n{run.output()}"
        time.sleep(0.5)


@pytest.fixture
def make_run(tmp_path: Path) -> Iterator[tuple[Run, str, Path]]:
    port = free_port()
    local = tmp_path / ".local"
    env = a_developers_shell()
    marker = uuid.uuid4().hex
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        PUSH_SERVICE_HOSTS=LOCAL,  # the test's push service stands in for the phone's
        CRYLOG_MAKE_RUN_TEST=marker,
    )
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}", f"LOCAL_DIR={local}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    run = Run(process, marker)
    threading.Thread(target=run.read, daemon=True).start()
    try:
        wait_until("web server", lambda: listening(port), run, START_SECONDS)
        yield run, f"http://{LOCAL}:{port}", local
    finally:
        # Ctrl-C: the terminal sends SIGINT to the whole foreground group (make and honcho);
        # honcho stops each process of the Procfile, in groups of their own.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        finally:
            left = started_here(marker)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        assert left == [], f"make run left processes behind: {left}\n{run.output()}"


def post(
    session: requests.Session, url: str, data: dict[str, str], *, form: str = ""
) -> requests.Response:
    """Send a form as the browser does, with the token of the page it is on (``form``)."""
    data = {"csrfmiddlewaretoken": csrf_token(session, form or url), **data}
    return session.post(url, data=data, allow_redirects=False, timeout=30)


def reminder_links(run: Run) -> list[str] | None:
    """The links of the first reminder e-mail the worker printed, once it printed one, read
    as a mail client reads them (its body and its List-Unsubscribe header, decoded)."""
    printed = run.printed_by("worker")
    starts = [i for i, line in enumerate(printed) if line.startswith("Content-Type:")]
    ends = [i for i, line in enumerate(printed) if line == "-" * 79]  # the console's divider
    if not starts or not ends:
        return None
    mail = message_from_string("\n".join(printed[starts[0] : ends[0]]), policy=default)
    assert isinstance(mail, EmailMessage)
    body = mail.get_body()
    assert body is not None
    text = f"{mail['List-Unsubscribe']}\n{body.get_content()}"
    return re.findall(r"https?://[^\s>]+", text)


@pytest.mark.slow
def test_every_link_of_a_reminder_from_make_run_opens_on_the_running_site(
    make_run: tuple[Run, str, Path],
) -> None:
    run, site, local = make_run
    developer_files = [ROOT / "db.sqlite3", ROOT / ".local" / "vapid.env"]
    before = {p: p.stat().st_mtime for p in developer_files if p.exists()}

    # A person signs up on the running site, with quiet hours off (they would hold the
    # reminder at night) and e-mail reminders on.
    person = requests.Session()
    response = post(person, f"{site}/accounts/signup/", {"email": EMAIL, "password1": PASSWORD})
    assert response.status_code == 302, response.text
    settings = {
        "timezone": "UTC",
        "followup_delay_minutes": "90",
        "safety_messages": "on",
        "quiet_start": "",
        "quiet_end": "",
    }
    assert post(person, f"{site}/settings/", settings).status_code == 302
    email_on = {"followup_email": "on"}
    response = post(person, f"{site}/reminders/email/", email_on, form=f"{site}/reminders/")
    assert response.status_code == 302

    # This phone turns on notifications, with the key the reminders page gives its script.
    page = person.get(f"{site}/reminders/", timeout=30).text
    key = re.search(r'data-vapid-key="([^"]+)"', page)
    assert key, "the reminders page has no Web Push key: make run made none"
    with PushService(vapid_public_key=key.group(1), subject=DEV_SUBJECT) as push:
        phone = push.device("phone")
        subscription = {
            "endpoint": phone.endpoint,
            "keys": {"p256dh": phone.p256dh, "auth": phone.auth},
        }
        response = person.post(
            f"{site}/reminders/devices/",
            data=json.dumps(subscription),
            headers={
                "Content-Type": "application/json",
                # The page's own token, as static/followups/subscription.js sends it (it lives in the
                # session: crylog sets no CSRF cookie).
                "X-CSRFToken": re.search(r'"X-CSRFToken": "([^"]+)"', page)[1],  # type: ignore[index]
            },
            timeout=30,
        )
        assert response.status_code == 201, response.text

        # A cry that ended 95 minutes ago: its 90-minute check-in is due now.
        ended = datetime.now(UTC) - timedelta(minutes=95)
        check_in = {"valence": "40", "ended_at": ended.strftime("%Y-%m-%dT%H:%M")}
        response = post(person, f"{site}/cries/create/", check_in, form=f"{site}/cries/new/")
        assert response.status_code == 302

        wait_until("reminder e-mail", lambda: reminder_links(run), run, DELIVERY_SECONDS)
        wait_until("push message", lambda: push.delivered("phone"), run, DELIVERY_SECONDS)

    links = reminder_links(run) or []
    [answer] = [link for link in links if re.search(r"/followups/\d+/$", link)]
    assert {urlsplit(link).netloc for link in links} == {urlsplit(site).netloc}, links

    # The check-in link, opened on another device: log in, and the check-in is there.
    elsewhere = requests.Session()
    response = elsewhere.get(answer, allow_redirects=False, timeout=30)
    assert response.status_code == 302
    login = urljoin(site, response.headers["Location"])
    assert post(elsewhere, login, {"login": EMAIL, "password": PASSWORD}).status_code == 302
    assert "Your check-in" in elsewhere.get(answer, timeout=30).text
    # Every other link of the e-mail opens too: all reminder settings, and turning e-mail off.
    pages = {link: elsewhere.get(link, timeout=30) for link in links if link != answer}
    assert [p.status_code for p in pages.values()] == [200] * len(pages), pages
    texts = " ".join(p.text for p in pages.values())
    assert "Turn off reminder e-mails?" in texts
    assert "<h1>Reminders</h1>" in texts

    # The push message opens the same check-in on the site that sent it.
    [message] = push.delivered("phone")
    assert urljoin(site, message.payload["url"]) == answer

    # The keys were made on this first run, in the test's own folder; the developer's
    # database and keys were not touched.
    assert (local / "vapid.env").exists()
    assert {p: p.stat().st_mtime for p in developer_files if p.exists()} == before


def test_make_run_gives_every_process_the_address_it_serves_on() -> None:
    """The address make run hands to honcho, for the hosts one may listen on."""

    def site_url(*args: str) -> str:
        dry = subprocess.run(
            ["make", "--dry-run", "run", "VAPID_PRIVATE_KEY=set", *args],
            cwd=ROOT,
            env=a_developers_shell(),
            capture_output=True,
            text=True,
            check=True,
        )
        [found] = re.findall(r"SITE_URL=(\S+)", dry.stdout)
        return str(found)

    assert site_url() == "http://127.0.0.1:8000"
    assert site_url("PORT=8101") == "http://127.0.0.1:8101"
    assert site_url("HOST=localhost", "PORT=8101") == "http://localhost:8101"
    assert site_url("HOST=0.0.0.0", "PORT=8101") == "http://127.0.0.1:8101"
    assert site_url("HOST=[::]", "PORT=8101") == "http://[::1]:8101"
    assert site_url("HOST=[::1]", "PORT=8101") == "http://[::1]:8101"
    assert site_url("PORT=8101", "SITE_URL=https://tunnel.example") == "https://tunnel.example"
