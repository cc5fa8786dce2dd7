"""A study from start to export, end to end, as the people in it live it (issue 21, "Proof").

crylog runs as `make run` runs it: the web server, the task worker (``db_worker``) and the
follow-up sweep, each a process of its own on one database (a SQLite file, or a throwaway
PostgreSQL cluster when the suite runs with DATABASE_URL), sending its e-mail to a real SMTP
server on 127.0.0.1. With DEBUG on, as `make run` has it: with it off the session cookie is
Secure, which WebKitGTK does not send back over plain HTTP to 127.0.0.1.

The site's operator grants a person the right to run studies (``manage.py researcher grant``,
a command of its own against the site's database); she makes a study in Chromium through the
study form, with the shortest follow-up delay a study may set, and reads the invitation link off
the study's page. Two people open that link, one in Chromium on an iPhone-sized screen who
signs up there, one in WebKit (MiniBrowser) who signs in; each reads the consent, agrees and
sees their participant code. Each turns on e-mail reminders, logs a cry that ended a while ago,
and answers the follow-up from the link in the reminder e-mail the worker sent. The WebKit
participant withdraws, asking for their data to be deleted from the study; their own cries stay
theirs. The researcher downloads the export and the codebook: the export holds the other
participant's ratings, as they gave them, and nothing of the one who left; the codebook
describes its columns, in the export's order.

Waiting 30 minutes for a follow-up is not a test: the cry is logged as having ended 35 minutes
ago ("It ended earlier"), and the participants' enrolment is moved an hour back in the site's
database ("as if they had joined an hour ago"), so that the cry counts for the study.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from selenium.common.exceptions import TimeoutException
from selenium.webdriver import Remote as WebDriver

from tests.browser.conftest import PHONES, PageProblems
from tests.browser.phone import SIGNED_IN_WORKER, TIMEOUT, ChromiumPhone, Phone, WebKitPhone
from tests.servers import LOCAL, ROOT, MailServer, PostgresInstance, free_port, wait_for_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "a long study journey passphrase"
RESEARCHER = "researcher@example.com"
ALEX = "alex@example.com"  # signs up on the invitation's page, in Chromium
SAM = "sam@example.com"  # has an account already, signs in, in WebKit; withdraws later
ZONE = "Europe/Berlin"
TITLE = "Crying and mood over an evening"
RUN_BY = "Mood Lab, University of Example"
CONTACT = "moodlab@example.org"
CONSENT = "We ask how you feel before, right after and 30 minutes after you cry."
# The shortest follow-up delay a study may set (FOLLOWUP_DELAY_MIN); the cry ended this much
# earlier plus five minutes, so its follow-up is due at once.
DELAY = 30
ENDED_AGO = timedelta(minutes=DELAY + 5)
REWIND = timedelta(hours=1)
# Starting Django for a look at the database, a delivery by the worker: seconds on a loaded
# machine. Every wait ends as soon as its condition holds.
SLOW = 180
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
INVITATION = re.compile(r"/join/[A-Za-z0-9_-]{40,}/")


# The site, as `make run` runs it --------------------------------------------------------


@dataclass
class Site:
    url: str
    env: dict[str, str]
    mail: MailServer
    logs: Path

    def manage(self, *args: str) -> str:
        """A manage.py command against the site's database, as its operator runs one."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=SLOW,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code: str) -> Any:
        """Run ``code`` in the site's database; it leaves its result in ``out`` (JSON)."""
        script = f"import json\n{code}\nprint(json.dumps(out))"
        return json.loads(self.manage("shell", "-v0", "-c", script).strip().splitlines()[-1])

    def log_tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in sorted(self.logs.glob("*.log"))
        )


@contextmanager
def process(site_env: dict[str, str], log: IO[str], *args: str) -> Iterator[None]:
    """A process of the Procfile, in a process group of its own (stopped with all it started)."""
    started = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=site_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield
    finally:
        with suppress(ProcessLookupError):
            os.killpg(started.pid, signal.SIGTERM)
        try:
            started.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(started.pid, signal.SIGKILL)
            started.wait(timeout=20)


def site_env(database: dict[str, str], site_url: str, mail: MailServer) -> dict[str, str]:
    """`make run`'s settings (DEBUG on), its e-mail sent to ``mail``, its links to ``site_url``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="1",
        SITE_URL=site_url,
        ALLOWED_HOSTS=LOCAL,
        SMTP_HOST=LOCAL,
        SMTP_PORT=str(mail.port),
        SMTP_USE_TLS="0",
        **database,
    )
    return env


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A site of the test's own: a second try starts afresh."""
    folder = tmp_path
    with ExitStack() as stack:
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            postgres = PostgresInstance()
            stack.callback(postgres.destroy)
            postgres.init()
            database = {"DATABASE_URL": postgres.url}
        else:
            database = {"SQLITE_PATH": str(folder / "crylog.sqlite3")}
        mail = stack.enter_context(MailServer())
        port = free_port()
        url = f"http://{LOCAL}:{port}"
        env = site_env(database, url, mail)
        site = Site(url=url, env=env, mail=mail, logs=folder)
        site.manage("migrate", "--no-input", "-v0")
        # The researcher and Sam have accounts already. Sam's has no quiet hours: a test on
        # the real clock must not depend on the hour. (Alex clears hers in Settings; WebKitGTK
        # driven by WebDriver leaves a time field it empties invalid, so the form is not sent.)
        site.shell(
            "from crylog.accounts.models import User\n"
            f"User.objects.create_user({RESEARCHER!r}, {PASSWORD!r}, timezone={ZONE!r})\n"
            f"User.objects.create_user({SAM!r}, {PASSWORD!r}, timezone={ZONE!r}, "
            "quiet_start=None, quiet_end=None)\n"
            "out = None"
        )
        web, worker, sweep = (
            stack.enter_context(open(folder / f"{name}.log", "w"))
            for name in ("web", "worker", "sweep")
        )
        stack.enter_context(process(env, web, "runserver", "--noreload", f"{LOCAL}:{port}"))
        stack.enter_context(process(env, worker, "db_worker", "--no-reload"))
        stack.enter_context(process(env, sweep, "followups_sweep"))
        wait_for_port(port, timeout=SLOW)
        yield site


def until[T](check: Callable[[], T], message: str, seconds: float = SLOW) -> T:
    """Ask ``check`` until it answers something true, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (answer := check()):
        assert time.monotonic() < deadline, message
        time.sleep(0.25)
    return answer


# The browsers -----------------------------------------------------------------------------


@pytest.fixture
def researcher_page(browser: Browser, site: Site) -> Iterator[tuple[Page, PageProblems]]:
    """The researcher at her desk: Chromium, 1280 px wide."""
    context = browser.new_context(
        viewport=DESKTOP, base_url=site.url, timezone_id=ZONE, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT * 1000)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    yield page, problems
    context.close()


@pytest.fixture
def alex_phone(browser: Browser, site: Site) -> Iterator[tuple[ChromiumPhone, PageProblems]]:
    """Alex's phone: Chromium as an iPhone."""
    context: BrowserContext = browser.new_context(
        **PHONES["iphone"], base_url=site.url, timezone_id=ZONE
    )
    context.set_default_timeout(TIMEOUT * 1000)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    yield ChromiumPhone(page), problems
    context.close()


@pytest.fixture
def sam_phone(webkit_driver: WebDriver, site: Site) -> Iterator[WebKitPhone]:
    """Sam's phone: WebKit (MiniBrowser), the engine of every iPhone."""
    phone = WebKitPhone(webkit_driver, site.url)
    yield phone
    phone.reset()


# What people do ---------------------------------------------------------------------------


def path_of(url: str, site: Site) -> str:
    """The path of a link on the site (it must point at the site itself)."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == site.url, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def set_value(phone: Phone, selector: str, value: str) -> None:
    """Give an input a value as its picker would (a date-time picker types nothing)."""
    phone.call(
        "(selector, value) => { const input = document.querySelector(selector);"
        " input.value = value; input.dispatchEvent(new Event('input', {bubbles: true}));"
        " input.dispatchEvent(new Event('change', {bubbles: true})); }",
        selector,
        value,
    )


def join(phone: Phone, invitation: str, *, email: str, sign_up: bool) -> str:
    """Open the invitation, sign up or sign in from it, read the consent and agree; the
    participant code the study page then shows."""
    phone.goto(invitation)
    phone.wait_for_text(TITLE, "h1")
    for words in (RUN_BY, CONTACT, CONSENT):
        assert words in phone.text("main"), words
    # Not signed in: a way to sign up or in that comes back here (the header has its own).
    account = "signup" if sign_up else "login"
    phone.click(f"#join a[href^='/accounts/{account}/?next=']")
    phone.wait_until(lambda: f"/accounts/{account}/" in phone.url)
    if sign_up:
        phone.fill("input[name=email]", email)
        phone.fill("input[name=password1]", PASSWORD)
        phone.tap("button", "Sign up")
    else:
        phone.fill("#id_login", email)
        phone.fill("#id_password", PASSWORD)
        phone.tap("button", "Sign in")
    # Back on the invitation, signed in now: the consent again, and the button to agree.
    phone.wait_until(lambda: urlsplit(phone.url).path == invitation, "signing in led elsewhere")
    # As Phone.sign_in: signing in registers the service worker anew, and a page opened during
    # the swap may wait for it (docs/testing.md). Best effort, as there.
    with suppress(TimeoutException, AssertionError):
        phone.wait_until(lambda: phone.evaluate(SIGNED_IN_WORKER))
    phone.wait_for("button", "I agree and join")
    assert CONSENT in phone.text("main")
    phone.tap("button", "I agree and join")
    phone.wait_until(lambda: urlsplit(phone.url).path == "/study/", "agreeing did not lead on")
    phone.wait_for_text(TITLE, "h1")
    code = phone.text(".study-code__value").strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code

    # A new account takes its time zone from the browser, sent by the first page it opens
    # (static/accounts/timezone.js); the cry's "It ended at" is read on that clock.
    def zone_known() -> bool:
        phone.goto("/study/")
        return bool(phone.evaluate("document.body.dataset.timezoneUrl === undefined"))

    phone.wait_until(zone_known, "the browser's time zone never reached crylog")
    return code


def no_quiet_hours(phone: ChromiumPhone) -> None:
    """Settings: "Leave both empty for reminders at any hour" (a test on the real clock must
    not depend on the hour it runs at; new accounts are quiet from 23:00 to 07:00)."""
    phone.goto("/settings/")
    phone.fill("#id_quiet_start", "")
    phone.fill("#id_quiet_end", "")
    phone.tap("button", "Save settings")
    phone.wait_for_text("Settings saved.")


def reminders_by_email(phone: Phone) -> None:
    """Reminders: e-mail on. The page says the study sets when they come."""
    phone.goto("/reminders/")
    assert TITLE in phone.text(), "the reminders page does not say the study sets them"
    phone.click("#email input[type=checkbox]")
    phone.click("#email button[type=submit]")
    phone.wait_for_text("Saved: e-mail reminders are on.", "#email")


def log_a_cry_that_ended_earlier(phone: Phone, zone: str, fraction: float) -> None:
    """The big button, the slider at ``fraction``, "It ended earlier" at ENDED_AGO, Save."""
    ended = (datetime.now(ZoneInfo(zone)) - ENDED_AGO).strftime("%Y-%m-%dT%H:%M")
    phone.goto("/")
    phone.tap("link", "I just cried")
    phone.wait_until(lambda: phone.count("#checkin .mood--untouched") == 2)
    phone.touch_slider("#checkin #id_valence", fraction)
    phone.click("#checkin details.more summary")  # "It ended earlier, or add how stirred up…"
    set_value(phone, "#checkin #id_ended_at", ended)
    phone.tap("button", "Save")
    phone.wait_for_text("Saved.")


def reminder_link(site: Site, email: str) -> str:
    """The answer link of the reminder e-mail the worker sent to ``email``."""

    def sent() -> str | None:
        for message in site.mail.messages:
            assert isinstance(message, EmailMessage)  # read with email.policy.default
            body = str(message.get_content())
            if message["To"] == email and "/followups/" in body:
                return body
        return None

    body = until(sent, f"no reminder e-mail reached {email}\n{site.log_tail()}")
    assert body is not None
    [link] = re.findall(r"https?://\S+/followups/\d+/", body)
    return path_of(link, site)


def answer_the_reminder(phone: Phone, link: str, fraction: float) -> None:
    phone.goto(link)
    phone.wait_until(lambda: phone.count("#answer .mood--untouched") == 1)
    phone.touch_slider("#answer #id_valence", fraction)
    phone.tap("button", "Save")
    phone.wait_for_text("Saved:")


def participant_cells(page: Page, code: str) -> list[str]:
    """What the study page's participant table says of ``code``: status, cries, 90-minute
    answers, late answers."""
    row = page.locator("#participants table.participants tbody tr").filter(
        has=page.get_by_role("rowheader", name=code, exact=True)
    )
    expect(row).to_have_count(1)
    return [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]


def download(page: Page, href_end: str) -> tuple[str, str]:
    """Click the study page's link ending in ``href_end``; the file's name and its text."""
    with page.expect_download(timeout=SLOW * 1000) as started:
        page.locator(f"a[href$='{href_end}']").first.click()
    file = started.value
    path = file.path()
    assert path is not None
    return file.suggested_filename, Path(path).read_text(encoding="utf-8")


# In the site's database: what the test cannot do through a page -----------------------------

REWIND_ENROLMENT = """
from datetime import timedelta
from django.db.models import F
from crylog.studies import services
from crylog.studies.models import Participant
out = {}
for p in Participant.objects.filter(user__email__in=EMAILS).select_related("user", "study"):
    joined = p.joined_at - timedelta(seconds=SECONDS)
    day = joined.astimezone(p.user.zone).date()
    if p.study.starts_on > day:  # the study began the day before, then
        type(p.study).objects.filter(pk=p.study.pk).update(starts_on=day)
        p.study.starts_on = day
    p.joined_at = joined
    p.save(update_fields=["joined_at"])
    p.consents.update(agreed_at=F("agreed_at") - timedelta(seconds=SECONDS))
    services._set_timing(p)
    out[p.user.email] = {"code": p.code, "zone": p.user.timezone}
"""


def rewind_enrolment(site: Site, *emails: str) -> dict[str, dict[str, str]]:
    """Move the participants' joining an hour back, as if they had joined then; their codes
    and time zones."""
    code = REWIND_ENROLMENT.replace("EMAILS", repr(list(emails))).replace(
        "SECONDS", str(int(REWIND.total_seconds()))
    )
    found: dict[str, dict[str, str]] = site.shell(code)
    return found


RATINGS = """
from crylog.cries.models import Cry
out = {
    email: [
        {r.moment: r.valence for r in cry.ratings.all()}
        for cry in Cry.objects.filter(user__email=email).order_by("ended_at")
    ]
    for email in EMAILS
}
"""


def ratings(site: Site, *emails: str) -> dict[str, list[dict[str, int]]]:
    """Each person's cries, oldest first, as {moment: valence}."""
    found: dict[str, list[dict[str, int]]] = site.shell(
        RATINGS.replace("EMAILS", repr(list(emails)))
    )
    return found


# The journey ------------------------------------------------------------------------------


def test_a_study_from_grant_to_export(
    site: Site,
    researcher_page: tuple[Page, PageProblems],
    alex_phone: tuple[ChromiumPhone, PageProblems],
    sam_phone: WebKitPhone,
) -> None:
    page, researcher_problems = researcher_page
    alex, alex_problems = alex_phone
    sam = sam_phone

    # The researcher signs in: before the operator grants her the right, there are no studies
    # for her to see.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(RESEARCHER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    assert page.context.request.get("/studies/").status == 404

    # The operator grants it, with a command of its own against the site's database.
    granted = site.manage("researcher", "grant", RESEARCHER)
    assert granted.strip() == f"{RESEARCHER} may run studies now."
    assert site.manage("researcher", "list").split() == [RESEARCHER]

    # She makes a study through the study form.
    page.goto("/studies/")
    page.get_by_role("link", name="New study").click()
    page.wait_for_url("**/studies/new/")
    today = datetime.now(ZoneInfo(ZONE)).date()
    form = page.locator("form:has([name=title])")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=run_by]").fill(RUN_BY)
    form.locator("[name=contact]").fill(CONTACT)
    form.locator("[name=consent_text]").fill(CONSENT)
    form.locator("[name=followup_delay_minutes]").fill(str(DELAY))
    form.locator("[name=after_20]").set_checked(False)
    form.locator("[name=collects_details]").set_checked(True)
    form.locator("[name=collects_notes]").set_checked(False)
    form.locator("[name=starts_on]").fill(today.isoformat())
    form.locator("[name=ends_on]").fill((today + timedelta(days=28)).isoformat())
    form.locator("[name=max_participants]").fill("10")
    page.get_by_role("button", name="Make the study").click()
    page.wait_for_url(re.compile(r"/studies/\d+/$"))
    study_path = urlsplit(page.url).path
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#participants")).to_contain_text("Nobody has joined yet.")

    # The invitation link, as the study page shows it for copying.
    invitation = path_of(page.locator("#invitation-url").input_value(), site)
    assert INVITATION.fullmatch(invitation), invitation

    # Alex opens it on her phone (Chromium) and signs up there; Sam opens it in WebKit and
    # signs in. Each agrees and is shown a participant code.
    codes = {
        ALEX: join(alex, invitation, email=ALEX, sign_up=True),
        SAM: join(sam, invitation, email=SAM, sign_up=False),
    }
    assert codes[ALEX] != codes[SAM]
    enrolled = rewind_enrolment(site, ALEX, SAM)
    assert {email: enrolled[email]["code"] for email in codes} == codes
    assert {enrolled[email]["zone"] for email in codes} == {ZONE}

    # Each logs a cry that ended 35 minutes ago, with e-mail reminders on: the study's
    # 30-minute follow-up is due, and the worker e-mails it.
    no_quiet_hours(alex)
    for phone, email, fraction in ((alex, ALEX, 0.3), (sam, SAM, 0.2)):
        reminders_by_email(phone)
        log_a_cry_that_ended_earlier(phone, enrolled[email]["zone"], fraction)
    for phone, email, fraction in ((alex, ALEX, 0.8), (sam, SAM, 0.6)):
        answer_the_reminder(phone, reminder_link(site, email), fraction)

    given = ratings(site, ALEX, SAM)
    [alex_cry] = given[ALEX]
    assert set(alex_cry) == {"right_after", "after_90"}
    assert 20 <= alex_cry["right_after"] <= 40
    assert 70 <= alex_cry["after_90"] <= 90
    [sam_cry] = given[SAM]
    assert set(sam_cry) == {"right_after", "after_90"}

    # Each sees that the study receives their cry; the researcher sees each code taking part,
    # with one cry and its 90-minute answer, none late.
    for phone in (alex, sam):
        phone.goto("/study/")
        phone.wait_for_text("Of your 1 cry in the study's time, it receives 1.", "#study-receives")
    page.goto(study_path)
    for code in codes.values():
        cells = participant_cells(page, code)
        assert cells[:2] == ["taking part", "1"], cells
        assert cells[2].startswith("1 ("), cells  # 1 (100 %)
        assert cells[3] == "0", cells

    # Sam withdraws, and asks for what he gave to be deleted from the study.
    sam.goto("/study/")
    sam.tap("link", "Leave the study")
    sam.wait_until(lambda: urlsplit(sam.url).path == "/study/withdraw/")
    sam.click("input[name=keep][value=no]")  # "Delete what I gave from the study"
    sam.tap("button", "Leave the study")
    sam.wait_for_text("what you gave is deleted from the study")
    assert urlsplit(sam.url).path == "/study/"
    assert "Your own cries stay in crylog, as they were." in sam.text("main")
    # Leaving the study deletes none of his own crylog data.
    assert ratings(site, SAM)[SAM] == [sam_cry]

    # The researcher's study page says so; she downloads the export and the codebook.
    page.goto(study_path)
    assert participant_cells(page, codes[ALEX])[:2] == ["taking part", "1"]
    assert participant_cells(page, codes[SAM]) == ["withdrew, data deleted", "—", "—", "—"]
    export_name, export = download(page, "/export.csv")
    codebook_name, codebook = download(page, "/codebook.csv")
    assert export_name.endswith(".csv")
    assert codebook_name.endswith(".csv")

    rows = list(csv.DictReader(io.StringIO(export)))
    header = next(csv.reader(io.StringIO(export)))
    # Exactly Alex's ratings, as she gave them; nothing of Sam's.
    assert {row["participant"] for row in rows} == {codes[ALEX]}
    assert codes[SAM] not in export
    assert {row["moment"]: int(row["valence"]) for row in rows} == alex_cry
    assert len(rows) == len(alex_cry)
    assert len({row["cry"] for row in rows}) == 1
    # Her follow-up: the cry had ended 35 minutes before, the reminder came, she answered in time.
    [followup] = [row for row in rows if row["moment"] == "after_90"]
    assert float(followup["minutes_since_cry_end"]) >= ENDED_AGO.total_seconds() / 60
    assert 0 <= float(followup["minutes_since_reminder"]) < SLOW / 60
    assert followup["late"] == "false"
    assert followup["recalled"] == ""  # for "before" only
    # Details are collected, notes are not.
    assert header[:14] == [
        "participant", "cry", "moment", "valence", "arousal", "relief",
        "minutes_since_cry_end", "minutes_since_reminder", "late", "recalled",
        "minutes_since_joined", "local_hour", "weekday", "consent_version",
    ]  # fmt: skip
    assert "intensity" in header
    assert "note" not in header
    for email in (ALEX, SAM, RESEARCHER):
        assert email not in export
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", export), "a calendar date in the export"

    # The codebook describes every column of the export, in its order.
    described = list(csv.DictReader(io.StringIO(codebook)))
    assert [row["column"] for row in described] == header

    # Each download is logged on the study page: by her, what, how many rows.
    page.goto(study_path)
    logged = page.locator("#export table.exports tbody tr")
    expect(logged).to_have_count(2)
    texts = [" ".join(row.split()) for row in logged.all_inner_texts()]
    assert any(t.endswith(f"you ratings {len(rows)}") for t in texts), texts
    assert any(" you codebook " in f"{t} " for t in texts), texts

    for problems in (researcher_problems, alex_problems):
        problems.assert_none()
