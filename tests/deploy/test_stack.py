"""docs/deploy.md, run: the kit's stack over HTTPS, a phone's Chromium, a reminder, a killed worker.

Caddy (internal certificate authority, as in "Trying it at home"), gunicorn, two workers and
the sweep, all started from the kit's files (tests/deploy/kit.py substitutes ports, paths and
the domain only), on a PostgreSQL database of their own. Chromium reaches crylog.test through
a host-resolver rule and trusts Caddy's root through its NSS database, as a phone would once
the root is installed: no certificate error is ignored.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from tests.browser.conftest import CHROMIUM_ARGS, PHONES, chromium_path, wait_for_truth
from tests.browser.phone import touch_slider
from tests.browser.test_followup_reminder import TAP, notifications_shown, service_worker_ready
from tests.deploy import kit
from tests.deploy.conftest import require_postgres
from tests.deploy.stack import DOMAIN, Stack, stack, trusting_home
from tests.followups.push_service import PushService
from tests.servers import NO_CRY_LIMIT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EMAIL, PASSWORD = "phone@example.com", "a long phone passphrase"
SEND_THREADS = 4
BURST, KILL_AFTER = 60, 15
IMPORT_CAP = 25_000_000  # deploy/Caddyfile: request_body max_size 25MB
IMPORT_MAX_BYTES = 20_000_000  # crylog's own limit on an import file


def wait_until(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def sign_up(page: Page, email: str) -> None:
    page.get_by_role("link", name="Get started").tap()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").tap()
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require_postgres()
    folder = tmp_path_factory.mktemp("stack")
    with stack(
        folder,
        PUSH_SERVICE_HOSTS="127.0.0.1",
        PUSH_TIMEOUT_SECONDS="3",
        FOLLOWUP_CLAIM_LEASE_SECONDS="12",
        FOLLOWUP_SWEEP_INTERVAL_SECONDS="1",
        FOLLOWUP_SWEEP_GRACE_SECONDS="2",
        FOLLOWUP_SEND_THREADS=str(SEND_THREADS),
    ) as running:
        yield running


@pytest.fixture(scope="module")
def push(site: Stack) -> Iterator[PushService]:
    with PushService(
        vapid_public_key=site.env["VAPID_PUBLIC_KEY"], subject=site.env["VAPID_SUBJECT"]
    ) as service:
        yield service


@pytest.fixture(scope="module")
def browser(site: Stack, playwright_instance: Playwright) -> Iterator[Browser]:
    home = trusting_home(site.folder / "home", site.root_certificate)
    browser = _launch(playwright_instance, home)
    yield browser
    browser.close()


def _launch(playwright: Playwright, home: Path) -> Browser:
    return playwright.chromium.launch(
        executable_path=chromium_path(),
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {DOMAIN} 127.0.0.1"],
        env={**os.environ, "HOME": str(home)},
        headless=True,
    )


@pytest.fixture
def context(browser: Browser, site: Stack) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONES["android"], base_url=site.origin, timezone_id="UTC")
    context.set_default_timeout(30_000)
    yield context
    context.close()


def quiet_hours_off(site: Stack, email: str) -> None:
    """A new account sleeps from 23:00 to 07:00: this one gets its reminder at any hour."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from crylog.accounts.models import User\n"
         f"User.objects.filter(email={email!r}).update(quiet_start=None, quiet_end=None)"],
        cwd=kit.ROOT, env=site.env, check=True, capture_output=True,
    )  # fmt: skip


def test_the_environment_file_passes_check_deploy(site: Stack) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=kit.ROOT, env=site.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_a_phone_signs_up_logs_a_cry_and_the_reminder_opens_the_check_in_over_https(
    site: Stack, push: PushService, context: BrowserContext
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Plain HTTP is redirected to HTTPS, whose certificate the browser trusts.
    response = page.goto(f"http://{DOMAIN}:{site.http_port}/")
    assert response is not None
    assert response.ok
    assert page.url == f"{site.origin}/"
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url == f"http://{DOMAIN}:{site.http_port}/"
    assert "max-age=31536000" in response.headers["strict-transport-security"]

    # Sign up; the session cookie, the only one (the CSRF token lives in the session), is
    # HTTPS-only.
    sign_up(page, EMAIL)
    quiet_hours_off(site, EMAIL)
    cookies = {c["name"]: c for c in context.cookies()}
    assert list(cookies) == ["sessionid"]
    assert cookies["sessionid"]["secure"]

    # The service worker registers on the HTTPS origin (the one for someone signed in, which
    # keeps plotly.js too).
    devtools, registration = service_worker_ready(page, context)
    # The visitor's worker, registered before the sign-up, may still be in control a moment.
    wait_for_truth(
        page,
        "Boolean(navigator.serviceWorker.controller) && new URL("
        "navigator.serviceWorker.controller.scriptURL).searchParams.has('signed-in')",
    )
    assert (
        page.evaluate("navigator.serviceWorker.controller.scriptURL")
        == f"{site.origin}/sw.js?signed-in=1&lang=en"
    )

    # This phone's push subscription (the test's push service, allowed by PUSH_SERVICE_HOSTS)
    # is posted with the CSRF token from the real origin; without the token it is refused.
    phone = push.device("phone")
    subscription = {
        "endpoint": phone.endpoint,
        "keys": {"p256dh": phone.p256dh, "auth": phone.auth},
    }
    post = """([subscription, withToken]) => fetch("/reminders/devices/", {
        method: "POST", body: JSON.stringify(subscription),
        headers: withToken ? JSON.parse(document.body.getAttribute("data-hx-headers")) : {},
      }).then((response) => response.status)"""
    assert page.evaluate(post, [subscription, False]) == 403
    assert page.evaluate(post, [subscription, True]) == 201

    # A cry that ended 95 minutes ago: its reminder is due, and a worker sends it.
    page.goto("/cries/new/")
    page.get_by_text("It ended earlier").tap()
    ended = datetime.now(UTC) - timedelta(minutes=95)
    page.get_by_label("It ended at").fill(ended.strftime("%Y-%m-%dT%H:%M"))
    touch_slider(page, "#id_valence", 0.3)
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Saved.").first).to_be_visible()
    assert wait_until(lambda: push.delivered("phone"), 60), "no reminder reached the phone"
    [message] = push.delivered("phone")

    # The phone's push service hands it to the service worker; a tap opens the check-in.
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": site.origin,
            "registrationId": registration,
            "data": json.dumps(message.payload),
        },
    )
    [[title, _body, url]] = notifications_shown(page, count=1)
    assert title == "Time for your check-in"
    assert url.startswith("/followups/")
    context.service_workers[0].evaluate(TAP)
    page.wait_for_url(f"{site.origin}{url}")
    expect(page.get_by_label("How do you feel now?")).to_be_visible()

    # The test notification of docs/deploy.md's last step.
    page.goto("/reminders/")
    page.get_by_role("button", name="Send me a test notification").tap()
    expect(page.get_by_text("Sent to 1 device")).to_be_visible()
    assert len(push.delivered("phone")) == 2
    # The one error on the console is the refused post above.
    assert errors == ["Failed to load resource: the server responded with a status of 403 ()"]


def test_an_import_over_the_cap_is_refused_by_caddy_with_a_page_that_says_so(
    site: Stack, context: BrowserContext
) -> None:
    page = context.new_page()
    page.goto("/")
    sign_up(page, "importer@example.com")

    def upload(size: int) -> Page:
        page.goto("/settings/import/")
        page.get_by_label("Export file").set_input_files(
            {"name": "export.json", "mimeType": "application/json", "buffer": b" " * size}
        )
        page.get_by_role("button", name="Check this file").tap()
        page.wait_for_load_state()
        return page

    # Just inside the cap: crylog itself reads the file (and finds nothing in it).
    upload(IMPORT_MAX_BYTES)
    expect(page.get_by_role("heading", name="Import cries")).to_be_visible()
    # Just outside: Caddy answers, before anything reaches crylog.
    upload(IMPORT_CAP + 1)
    expect(page.get_by_role("heading", name="That file is too large")).to_be_visible()
    expect(page.get_by_role("link", name="Back to crylog")).to_be_visible()


def test_a_worker_killed_mid_burst_is_restarted_and_every_reminder_goes_out(
    site: Stack, push: PushService
) -> None:
    burst = push.device("burst")
    worker = site.services["worker@1"]
    assert worker.unit.restart == "on-failure"
    assert worker.unit.restart_seconds > 0
    killed: list[int] = []
    arrived = itertools.count(1)

    def meanwhile() -> None:
        # The kill comes with the KILL_AFTER-th message, whatever the box's load: mid-burst.
        if next(arrived) == KILL_AFTER and worker.process is not None:
            killed.append(worker.process.pid)
            os.kill(worker.process.pid, signal.SIGKILL)
        time.sleep(0.02)

    push.while_answering = meanwhile
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from datetime import timedelta\n"
         "from django.utils import timezone\n"
         "from crylog.accounts.models import User\n"
         "from crylog.cries.services import cry_create\n"
         "from crylog.followups.models import PushSubscription\n"
         "user = User.objects.create_user('burst@example.com', 'a long burst passphrase',"
         " quiet_start=None, quiet_end=None)\n"
         f"PushSubscription.objects.create(user=user, endpoint={burst.endpoint!r}, "
         f"p256dh={burst.p256dh!r}, auth={burst.auth!r})\n"
         "ended = timezone.now() - timedelta(minutes=91)\n"
         f"for _ in range({BURST}): cry_create(user=user, valence=40, ended_at=ended)"],
        cwd=kit.ROOT, env=site.env | NO_CRY_LIMIT, check=True, capture_output=True,
    )  # fmt: skip
    assert wait_until(lambda: killed, 90), "the burst never reached the phone"
    assert len(push.delivered("burst")) < BURST, "the burst ended before the kill"

    # As systemd would: the unit comes back after RestartSec, and the sweep hands the dead
    # worker's claims to a live one once their lease is over.
    assert wait_until(lambda: worker.restarts == 1, 60)
    sent = (
        "SELECT count(*) FROM followups_followup f JOIN cries_cry c ON c.id = f.cry_id "
        "JOIN accounts_user u ON u.id = c.user_id WHERE u.email = 'burst@example.com' "
        "AND f.state = 'sent'"
    )
    assert wait_until(lambda: site.sql(sent) == [(BURST,)], 120)
    assert worker.process is not None
    assert worker.process.pid != killed[0]
    assert worker.process.poll() is None

    topics = Counter(m.headers["topic"] for m in push.delivered("burst"))
    assert len(topics) == BURST
    # Only messages in flight at the kill may go twice (one per send thread at most), with
    # the same Topic, so the phone shows each once.
    assert sum(n - 1 for n in topics.values()) <= SEND_THREADS


def test_the_daily_unit_backs_up_and_tidies(site: Stack) -> None:
    state = site.folder / "state"
    site.run(kit.unit("crylog-daily.service"), **{"/var/lib/crylog": str(state)})
    [backup] = (state / "backups").iterdir()
    assert backup.name.endswith(".pgdump")
    assert backup.stat().st_size > 0
