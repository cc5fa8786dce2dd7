"""A German and a Spanish person, each on a phone that asks for their language, sign up, log a
cry online and one offline, get the reminder from the real worker, answer it and read their
dashboard, and never meet an English word: in Chromium and in WebKit.

Each engine asks as a phone set to that language does: Chromium through its locale
(``Accept-Language`` and ``navigator.language``), WebKit through the system locale it runs in
(tests/browser/webkit.py). What counts as an English word is tests/i18n/english.py's: a word
crylog says in English that no translation into the language uses. Every screen is read
whole (its text, its spoken attributes, the words of its charts), after each htmx swap too.
"""

import json
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Browser, BrowserContext
from selenium.webdriver import Remote as WebDriver

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment
from tests.browser.checkins import QUEUE, on_queue
from tests.browser.conftest import PHONES
from tests.browser.phone import SIGNED_IN_WORKER, ChromiumPhone, Phone
from tests.browser.test_followup_reminder import TAP, notifications_shown, service_worker_ready
from tests.browser.webkit import webkit_session
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService
from tests.i18n.english import english_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "eine lange Passphrase, una frase larga"
# What a person reads on the screen: its text, what a screen reader says, and the charts' words.
READ = """() => {
  const texts = [document.title, document.body.innerText];
  const spoken = ["aria-label", "title", "placeholder", "alt", "aria-valuetext"];
  for (const element of document.querySelectorAll(spoken.map((a) => `[${a}]`).join(","))) {
    for (const name of spoken) if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
  }
  for (const button of document.querySelectorAll("input[type=submit], input[type=button]")) {
    texts.push(button.value);
  }
  for (const text of document.querySelectorAll("svg text")) texts.push(text.textContent);
  return [document.documentElement.lang, texts.join("\\n")];
}"""
WORKER_ACTIVE = """navigator.serviceWorker.getRegistration()
  .then((r) => Boolean(r && r.active && r.active.state === "activated" && !r.installing))"""
FIGURES = "document.querySelectorAll('[data-figure]').length"
SCROLL_TO_FIGURE = (
    "(index) => document.querySelectorAll('[data-figure]')[index].scrollIntoView({block: 'center'})"
)
FIGURE_DRAWN = (
    "(index) => document.querySelectorAll('[data-figure]')[index]"
    ".querySelector('svg.main-svg') !== null"
)


@pytest.fixture(scope="module", params=[("de", "de_DE"), ("es", "es_MX")], ids=["de", "es"])
def speaks(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The language crylog should speak, and the phone's own locale."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def context(
    browser: Browser, phone: str, live_server: Any, speaks: tuple[str, str]
) -> Iterator[BrowserContext]:
    locale = speaks[1].replace("_", "-")
    context = browser.new_context(**PHONES[phone], locale=locale, base_url=str(live_server.url))
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def webkit_driver(webkit_display: str, speaks: tuple[str, str]) -> Iterator[WebDriver]:
    with webkit_session(webkit_display, language=speaks[1]) as driver:
        yield driver


class Reader:
    """Reads each screen the person meets and keeps every English word found, by screen."""

    def __init__(self, device: Phone, language: str) -> None:
        self.device, self.language = device, language
        self.english: dict[str, list[str]] = {}
        self.screens = 0

    def read(self, screen: str) -> None:
        lang, text = self.device.call(READ)
        assert lang == self.language, screen
        self.screens += 1
        if found := english_in(text, self.language):
            self.english[screen] = found


def sign_up(device: Phone, reader: Reader, email: str) -> User:
    device.goto("/")
    reader.read("welcome")
    # The visitor's service worker is installed before the person moves on, as it is for
    # anyone who reads the welcome page: in WebKit, signing up while it still installed left
    # it installing, and the signed-in one never came (docs/testing.md).
    device.wait_until(lambda: device.evaluate(WORKER_ACTIVE), "no service worker")
    device.click("main a.button[href='/accounts/signup/']")  # "Get started"
    device.wait_until(lambda: device.count("input[name=password1]") == 1)
    reader.read("sign-up")
    device.fill("input[name=email]", email)
    device.fill("input[name=password1]", PASSWORD)
    device.click("form[action='/accounts/signup/'] button[type=submit]")
    device.wait_until(lambda: device.count("#checkin a.button--cta") == 1, "not signed up")
    device.wait_until(lambda: device.evaluate(SIGNED_IN_WORKER), "no signed-in service worker")
    reader.read("home")
    return User.objects.get(email=email)


def log_a_cry_online(device: Phone, reader: Reader, person: User) -> Cry:
    device.click("#checkin a.button--cta")  # "I just cried"
    device.wait_until(lambda: device.count("#checkin .mood--untouched") == 2)
    reader.read("check-in")
    device.touch_slider("#checkin #id_valence", 0.3)
    device.click("#checkin button[type=submit]")  # "Save"
    device.wait_until(lambda: Cry.objects.filter(user=person).count() == 1, "no cry")
    device.wait_until(lambda: device.count("#before .mood--untouched") == 1)
    reader.read("check-in saved")
    return Cry.objects.get(user=person)


def log_a_cry_offline(device: Phone, reader: Reader, person: User) -> None:
    """Chromium with no network at all; WebKitWebDriver cannot cut it, so WebKit opens the
    same shell online and sends what it kept by hand (tests/browser/test_offline.py)."""
    if isinstance(device, ChromiumPhone):
        device.page.context.set_offline(True)
    device.goto("/offline/")
    device.wait_until(lambda: device.count("#offline-checkin .mood--untouched") >= 1)
    reader.read("offline")
    device.touch_slider("#id_valence", 0.6)
    device.click("#offline-checkin button[type=submit]")  # "Save"
    device.wait_until(lambda: len(device.evaluate(on_queue("all()"))) == 1, "not kept")
    device.wait_until(lambda: device.count("#recent li") >= 1)
    reader.read("offline, kept on the phone")
    if isinstance(device, ChromiumPhone):
        device.page.context.set_offline(False)
    else:
        device.evaluate(f"{QUEUE}.then((queue) => queue.flush())")
    device.wait_until(lambda: Cry.objects.filter(user=person).count() == 2, "never arrived")
    device.wait_until(lambda: device.evaluate(on_queue("all()")) == [], "still kept")


def reminded(device: Phone, reader: Reader, push: PushService, language: str) -> None:
    """The reminder reaches the phone: Chromium shows the pushed notification and a tap on it
    opens the check-in; WebKit, without Web Push, shows the banner."""
    device.goto("/")
    device.wait_until(lambda: device.count("#due-followups a.button") == 1, "no banner")
    reader.read("home, check-in due")
    if not isinstance(device, ChromiumPhone):
        device.click("#due-followups a.button")  # "Check in"
        return
    page, context = device.page, device.page.context
    [message] = push.delivered("phone")
    devtools, registration = service_worker_ready(page, context)
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration,
            "data": json.dumps(message.payload),
        },
    )
    [[title, body, url]] = notifications_shown(page, count=1)
    with translation.override(language):
        assert title == translation.gettext("Time for your check-in")
    if found := english_in(f"{title}\n{body}", language):
        reader.english["notification"] = found
    context.service_workers[0].evaluate(TAP)
    page.wait_for_url(f"**{url}")


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_person_meets_only_their_own_language_from_sign_up_to_the_dashboard(
    device: Phone, speaks: tuple[str, str], push_service: PushService
) -> None:
    language = speaks[0]
    reader = Reader(device, language)
    if isinstance(device, ChromiumPhone):
        device.page.context.grant_permissions(["notifications"])
    assert device.evaluate("navigator.language").startswith(language)

    person = sign_up(device, reader, f"{language}.{device.engine}@example.com")
    assert person.language == ""  # nothing chosen: crylog follows the phone
    cry = log_a_cry_online(device, reader, person)
    log_a_cry_offline(device, reader, person)

    # The first cry's follow-up comes due, and the real worker sends the reminder.
    User.objects.filter(pk=person.pk).update(quiet_start=None, quiet_end=None)
    if isinstance(device, ChromiumPhone):
        subscribe(person, push_service.device("phone"))
    assert cry.ended_at is not None
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=95)})
    run_worker()
    reminded(device, reader, push_service, language)

    # Answer it.
    device.wait_until(lambda: device.count("#answer .mood--untouched") == 1)
    reader.read("the check-in")
    device.touch_slider("#answer #id_valence", 0.88)
    device.click("#answer button.button--big")  # "Save"
    device.wait_until(lambda: cry.ratings.filter(moment=Moment.AFTER_90).exists(), "no answer")
    device.wait_until(lambda: device.count("#answer .mood--untouched") == 0)
    reader.read("the check-in answered")

    # The dashboard, with enough cries for every chart, each drawn as it comes near.
    device.goto("/trends/?range=all")
    reader.read("dashboard with one cry")
    seed_demo(user=person, cries=60, weeks=12, now=timezone.now(), seed=4)
    device.goto("/trends/?range=all")
    assert device.evaluate(FIGURES) == 4
    for index in range(4):
        device.call(SCROLL_TO_FIGURE, index)
        device.wait_until(partial(device.call, FIGURE_DRAWN, index), f"chart {index} not drawn")
    reader.read("dashboard")
    device.goto("/cries/")
    reader.read("history")

    assert reader.screens == 13
    assert reader.english == {}
