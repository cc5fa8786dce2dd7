"""A cry logged with no signal is not lost: the installed app opens offline from its service
worker, keeps the check-in on the phone, and sends it once when the signal is back.

The first three scenarios run in Chromium and in WebKit (the ``device`` fixture). The rest are
Chromium's alone: they cut the network (Playwright's ``set_offline``, through Chromium's DevTools
protocol) or fire Background Sync through DevTools, which WebKitWebDriver has no way to do.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import Cry, Moment, new_cry_limits
from tests.browser.checkins import QUEUE, on_queue
from tests.browser.conftest import PageProblems
from tests.browser.phone import ChromiumPhone, Phone, touch_slider
from tests.browser.tap_targets import small_tap_targets
from tests.browser.test_followup_reminder import devtools_registration, wait_for
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = "Saved on this phone; it will reach crylog when you are back online"
SHELL_KEPT = "caches.keys().then((names) => names.some((n) => n.startsWith('crylog-shell-')))"
ACTIVE = "navigator.serviceWorker.ready.then((r) => r.active.state === 'activated')"
SYNC_TAG = "crylog-checkins"  # static/pwa/queue.js
KEPT = on_queue("all()") + ".then((items) => items.map((item) => [item.id, item.owner]))"


@pytest.fixture
def phone() -> str:
    """Chromium plays a 360 px Android phone here."""
    return "android"


def signed_in_with_the_shell_kept(page: Page, email: str) -> User:
    return signed_in_on(ChromiumPhone(page), email)


def signed_in_on(device: Phone, email: str) -> User:
    person = make_user(email)
    device.sign_in(email, PASSWORD)
    # The service worker is active and has kept the app shell: the app can open offline.
    # (Whether it already controls this very page does not matter: the next navigation,
    # a reload offline included, goes through it.)
    device.wait_until(lambda: device.evaluate(ACTIVE), "no active service worker")
    device.wait_until(lambda: device.evaluate(SHELL_KEPT), "the app shell was not kept")
    return person


# Puts a check-in in the phone's queue as static/pwa/checkins.js keeps one.
KEEP = """(id, owner, valence) => new Promise((done) => {
  const open = indexedDB.open("crylog", 1);
  open.onsuccess = () => {
    const tx = open.result.transaction("checkins", "readwrite");
    tx.objectStore("checkins").put({id, owner, valence, endedAt: new Date().toISOString(),
      created: Date.now(), arousal: null, before: null});
    tx.oncomplete = () => { open.result.close(); done(); };
  };
})"""


def until(page: Page, check: Callable[[], bool]) -> bool:
    """``check`` comes true; a page reloading meanwhile (as it does once its check-ins are
    sent) is asked again."""

    def asked() -> bool | None:
        try:
            return check() or None
        except PlaywrightError:
            return None

    return bool(wait_for(page, asked))


def check_in_offline(page: Page, context: BrowserContext) -> None:
    context.set_offline(True)
    page.reload()  # served by the service worker: there is no network
    expect(page.locator("#offline-notice")).to_contain_text("You are offline.")
    touch_slider(page, "#id_valence", 0.3)
    page.locator("#offline-checkin").get_by_role("button", name="Save").tap()
    expect(page.get_by_text(SAVED)).to_be_visible()


# In both engines.


def test_the_offline_page_keeps_a_check_in_and_sends_it_once(device: Phone) -> None:
    """The app shell (/offline/) takes a check-in and keeps it on the phone under its owner,
    with an id of its own making, and it reaches crylog once.

    Chromium opens the shell with no network, as a phone does, and the signal coming back sends
    it. WebKitWebDriver cannot cut the network, so WebKit opens the shell online and the queue is
    sent by hand, twice at once: nothing else sends there (WebKit has no Background Sync, and
    no `online` event comes), so exactly one of the two sends it.
    """
    person = signed_in_on(device, "offline.page@example.com")
    if isinstance(device, ChromiumPhone):
        device.page.context.set_offline(True)
    device.goto("/offline/")
    device.wait_for_text("You are offline.")
    device.touch_slider("#id_valence", 0.3)
    device.click("#offline-checkin button[type=submit]")  # "Save"
    device.wait_for_text(SAVED)
    device.wait_for_text("waiting", "#recent")
    kept = device.evaluate(on_queue("all()"))
    assert [item["owner"] for item in kept] == [str(person.pk)]
    assert not Cry.objects.exists()

    if isinstance(device, ChromiumPhone):
        device.page.context.set_offline(False)  # the `online` event and Background Sync send it
    else:
        sent = device.evaluate(
            f"{QUEUE}.then((queue) => Promise.all([queue.flush(), queue.flush()]))"
        )
        assert sum(outcome["sent"] for outcome in sent) == 1
    device.wait_until(lambda: Cry.objects.filter(user=person).exists(), "it never arrived")
    device.wait_until(lambda: device.evaluate(KEPT) == [], "it is still kept")
    cry = Cry.objects.get(user=person)
    assert str(cry.client_id) == kept[0]["id"]
    assert 20 <= cry.ratings.get(moment=Moment.RIGHT_AFTER).valence <= 40


def test_a_check_in_kept_while_at_the_limit_on_new_cries_waits_and_goes_later(
    device: Phone, problems: PageProblems
) -> None:
    """crylog answers 429 beyond the limit: the queue keeps the check-in ("later") and sends it
    once there is room again, with its before rating."""
    person = signed_in_on(device, "busy@example.com")
    (_, per_hour), _ = new_cry_limits()
    Cry.objects.bulk_create([Cry(user=person, ended_at=timezone.now()) for _ in range(per_hour)])
    kept = str(uuid.uuid4())
    device.call(KEEP, kept, str(person.pk), 20)
    device.evaluate(on_queue(f"rateBefore('{kept}', 70)"))
    outcome = device.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["refused"], outcome["left"]) == (0, 0, 1)
    assert device.evaluate(KEPT) == [[kept, str(person.pk)]]
    device.goto("/")  # it shows as waiting, and this page's own try changes nothing
    device.wait_until(lambda: device.count("#recent .cry-row--waiting") == 1, "not shown")
    # Tries take turns (a lock), so once one of ours is answered the page's own is over.
    outcome = device.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["left"]) == (0, 1)
    assert not Cry.objects.filter(client_id=kept).exists()

    # An hour on, there is room: the next try sends it.
    Cry.objects.filter(user=person).update(created_at=timezone.now() - timedelta(hours=1))
    outcome = device.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["left"]) == (1, 0)
    assert device.evaluate(KEPT) == []
    cry = Cry.objects.get(client_id=kept)
    assert {r.moment: r.valence for r in cry.ratings.all()} == {
        Moment.RIGHT_AFTER: 20,
        Moment.BEFORE: 70,
    }
    # Chromium logs each 429 it was answered; nothing else may go wrong (the `device` fixture).
    problems.console_errors = [e for e in problems.console_errors if "(Too Many Requests)" not in e]


def test_a_check_in_kept_for_one_person_is_not_sent_under_another(device: Phone) -> None:
    owner = signed_in_on(device, "owner@example.com")
    device.goto("/settings/")
    device.tap("button", "Log out")
    device.wait_for("link", "Log in")
    # A check-in the owner kept on this phone is still waiting (nothing sends while nobody is
    # signed in)...
    device.call(KEEP, str(uuid.uuid4()), str(owner.pk), 20)
    # ...and someone else signs in on this phone.
    stranger = make_user("stranger@example.com")
    device.sign_in(stranger.email, PASSWORD)
    device.wait_for_text("belongs to another account")
    assert not Cry.objects.filter(user=stranger).exists()
    assert [kept[1] for kept in device.evaluate(KEPT)] == [str(owner.pk)]


# Chromium only: the network cut with `set_offline`, or the service worker reached through
# DevTools.


def test_a_check_in_made_offline_reaches_crylog_once_when_the_signal_is_back(
    page: Page, context: BrowserContext, problems: PageProblems
) -> None:
    """Chromium only: the network cut and restored (``set_offline``)."""
    person = signed_in_with_the_shell_kept(page, "offline@example.com")
    tapped = timezone.now()
    check_in_offline(page, context)
    # Shown in "Last cries", marked as waiting.
    waiting = page.locator("#recent .cry-row--waiting")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("waiting")
    # A rating given later for the same cry goes with it.
    touch_slider(page, "#before_valence", 0.8)
    page.locator("#offline-before").get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved on this phone with it.")).to_be_visible()
    assert not Cry.objects.exists()

    context.set_offline(False)  # the `online` event (and Background Sync) send it
    assert until(page, lambda: Cry.objects.filter(user=person).exists())
    page.wait_for_load_state()
    expect(page.locator("#recent .cry-row--waiting")).to_have_count(0)
    cry = Cry.objects.get(user=person)
    assert cry.ended_at is not None
    assert tapped - timedelta(seconds=5) <= cry.ended_at <= tapped + timedelta(seconds=30)
    moments = {r.moment: r.valence for r in cry.ratings.all()}
    assert set(moments) == {Moment.RIGHT_AFTER, Moment.BEFORE}
    assert moments[Moment.BEFORE] > moments[Moment.RIGHT_AFTER]
    assert page.evaluate(KEPT) == []

    # A replay of the same id (the phone sends it again) is the same cry.
    cry_id = str(cry.client_id)
    ChromiumPhone(page).call(KEEP, cry_id, str(person.pk), 10)
    page.evaluate(on_queue("flush()") + ".then(() => null)")
    assert page.evaluate(KEPT) == []
    assert Cry.objects.filter(user=person).count() == 1
    problems.assert_none()


def test_details_given_offline_reach_crylog_after_the_check_in_and_its_before_rating(
    page: Page, context: BrowserContext, problems: PageProblems, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium only: the network cut and restored (``set_offline``)."""
    updates: list[dict[str, Any]] = []
    cry_update = services.cry_update

    def counted(*, cry: Cry, changes: dict[str, Any], **more: Any) -> Cry:
        updates.append(changes)
        return cry_update(cry=cry, changes=changes, **more)

    monkeypatch.setattr(services, "cry_update", counted)
    person = signed_in_with_the_shell_kept(page, "details@example.com")
    tapped = timezone.now()
    check_in_offline(page, context)
    touch_slider(page, "#before_valence", 0.8)
    page.locator("#offline-before").get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved on this phone with it.")).to_be_visible()
    details = page.locator("#offline-details")
    expect(details).to_be_hidden()  # folded away until asked for
    page.locator("#offline-details-more > summary").tap()
    assert small_tap_targets(ChromiumPhone(page)) == []  # 44 px targets, the open details included
    details.get_by_label("loss", exact=True).check()
    details.get_by_label("alone", exact=True).check()
    details.get_by_role("button", name="Save details").tap()
    expect(page.get_by_text("Details kept on this phone with the check-in.")).to_be_visible()
    assert not Cry.objects.exists()
    [kept] = page.evaluate(on_queue("all()"))

    context.set_offline(False)
    assert until(page, lambda: Cry.objects.filter(user=person, company="alone").exists())
    assert until(page, lambda: page.evaluate(KEPT) == [])
    cry = Cry.objects.get(user=person)
    assert cry.ended_at is not None
    assert tapped - timedelta(seconds=5) <= cry.ended_at <= tapped + timedelta(seconds=30)
    assert cry.triggers == ["loss"]
    assert {r.moment for r in cry.ratings.all()} == {Moment.RIGHT_AFTER, Moment.BEFORE}
    # The details were sent once.
    assert len(updates) == 1
    assert updates[0]["company"] == "alone"

    # Sent again whole (a retry after a lost answer): nothing doubles, nothing changes.
    resend = """(item) => new Promise((done) => {
                  const open = indexedDB.open("crylog", 1);
                  open.onsuccess = () => {
                    const tx = open.result.transaction("checkins", "readwrite");
                    tx.objectStore("checkins").put(item);
                    tx.oncomplete = () => { open.result.close(); done(); };
                  };
                }).then(() => QUEUE).then((queue) => queue.flush())
                  .then((outcome) => outcome.sent === 1)""".replace("QUEUE", QUEUE)
    page.wait_for_load_state()
    assert until(page, lambda: page.evaluate(resend, kept))
    assert page.evaluate(KEPT) == []
    again = Cry.objects.get(user=person)
    assert (again.ended_at, again.company, again.triggers) == (cry.ended_at, "alone", ["loss"])
    assert again.ratings.count() == 2
    problems.assert_none()


def test_two_tabs_sending_the_same_queue_at_once_make_one_cry(
    page: Page, context: BrowserContext
) -> None:
    """Chromium only: two tabs of one browser, and the network cut and restored (``set_offline``);
    one WebKitWebDriver session has one window."""
    person = signed_in_with_the_shell_kept(page, "tabs@example.com")
    other = context.new_page()
    other.goto("/")
    check_in_offline(page, context)
    # Back online, both tabs hear the `online` event and send what is kept at the same moment.
    context.set_offline(False)
    assert until(page, lambda: page.evaluate(KEPT) == [] and other.evaluate(KEPT) == [])
    assert until(page, lambda: Cry.objects.filter(user=person).exists())
    # Once both have finished (a second flush waits for the first), there is one cry.
    assert until(page, lambda: other.evaluate(on_queue("flush()") + ".then((o) => o.left === 0)"))
    assert until(page, lambda: page.evaluate(on_queue("flush()") + ".then((o) => o.left === 0)"))
    assert Cry.objects.filter(user=person).count() == 1
    other.close()


def test_a_home_page_that_loses_its_signal_still_takes_the_check_in(
    page: Page, context: BrowserContext, problems: PageProblems
) -> None:
    """Chromium only: the network cut mid-page (``set_offline``)."""
    person = signed_in_with_the_shell_kept(page, "lift@example.com")
    page.get_by_role("link", name="I just cried").tap()  # the form comes in place, online
    expect(page.locator("#checkin form")).to_be_visible()
    form_id = page.locator("#checkin [name=client_id]").input_value()
    context.set_offline(True)  # the lift doors close
    touch_slider(page, "#checkin #id_valence", 0.4)
    page.locator("#checkin").get_by_role("button", name="Save").tap()
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(page.locator("#recent .cry-row--waiting")).to_have_count(1)
    # Kept under the form's own id: had the request reached crylog after all, it is that cry.
    assert page.evaluate(KEPT) == [[form_id, str(person.pk)]]
    assert not Cry.objects.exists()
    context.set_offline(False)
    assert until(page, lambda: Cry.objects.filter(user=person).count() == 1)
    assert str(Cry.objects.get(user=person).client_id) == form_id


def test_i_just_cried_with_no_signal_opens_the_offline_check_in(
    page: Page, context: BrowserContext
) -> None:
    """Chromium only: the network cut (``set_offline``)."""
    signed_in_with_the_shell_kept(page, "tunnel@example.com")
    context.set_offline(True)
    page.get_by_role("link", name="I just cried").tap()
    expect(page.locator("#offline-notice")).to_contain_text("You are offline.")
    expect(page.locator("#offline-checkin")).to_be_visible()


def test_background_sync_sends_what_was_kept_with_no_crylog_page_open(
    page: Page, context: BrowserContext
) -> None:
    """Chromium only: Background Sync, fired through DevTools; WebKit has no Background Sync."""
    person = signed_in_with_the_shell_kept(page, "sync@example.com")
    origin = page.evaluate("location.origin")
    check_in_offline(page, context)
    # The page asked the browser to wake the service worker once the signal is back.
    tags = "navigator.serviceWorker.ready.then((r) => r.sync.getTags())"
    assert until(page, lambda: SYNC_TAG in page.evaluate(tags))

    # Every crylog page is closed, so no page can send it; only the service worker can.
    browser = context.new_page()  # about:blank, to reach the browser's DevTools
    devtools, registration = devtools_registration(browser, context, origin)
    page.close()
    context.set_offline(False)
    assert not Cry.objects.exists()

    # The browser's Background Sync fires the registered tag.
    devtools.send(
        "ServiceWorker.dispatchSyncEvent",
        {"origin": origin, "registrationId": registration, "tag": SYNC_TAG, "lastChance": False},
    )
    assert wait_for(browser, lambda: Cry.objects.filter(user=person).exists() or None)
    cry = Cry.objects.get(user=person)
    assert {r.moment for r in cry.ratings.all()} == {Moment.RIGHT_AFTER}
    browser.close()
