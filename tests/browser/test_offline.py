"""A cry logged with no signal is not lost: the installed app opens offline from its service
worker, keeps the check-in on the phone, and sends it once when the signal is back."""

import re
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
from tests.browser.conftest import PageProblems, log_out, sign_in, touch_slider
from tests.browser.tap_targets import small_tap_targets
from tests.browser.test_followup_reminder import devtools_registration, wait_for
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = "Saved on this phone; it will reach crylog when you are back online"
SHELL_KEPT = "caches.keys().then((names) => names.some((n) => n.startsWith('crylog-shell-')))"
ACTIVE = "navigator.serviceWorker.ready.then((r) => r.active.state === 'activated')"
SYNC_TAG = "crylog-checkins"  # static/pwa/queue.js
KEPT = on_queue("all()") + ".then((items) => items.map((item) => [item.id, item.owner]))"


def signed_in_with_the_shell_kept(page: Page, email: str) -> User:
    person = make_user(email)
    page.goto("/accounts/login/")
    sign_in(page, email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    # The service worker is active and has kept the app shell: the app can open offline.
    # (Whether it already controls this very page does not matter: the next navigation,
    # a reload offline included, goes through it.)
    assert until(page, lambda: page.evaluate(ACTIVE))
    assert until(page, lambda: page.evaluate(SHELL_KEPT))
    return person


def keep_on_phone(page: Page, client_id: str, *, owner: str, valence: int) -> None:
    """Put a check-in in the phone's queue as static/pwa/checkins.js keeps one."""
    page.evaluate(
        """([id, owner, valence]) => new Promise((done) => {
             const open = indexedDB.open("crylog", 1);
             open.onsuccess = () => {
               const tx = open.result.transaction("checkins", "readwrite");
               tx.objectStore("checkins").put({id, owner, valence, endedAt: new Date().toISOString(),
                 created: Date.now(), arousal: null, before: null});
               tx.oncomplete = () => { open.result.close(); done(); };
             };
           })""",
        [client_id, owner, valence],
    )


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


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_check_in_made_offline_reaches_crylog_once_when_the_signal_is_back(
    page: Page, context: BrowserContext, problems: PageProblems
) -> None:
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
    assert tapped - timedelta(seconds=5) <= cry.ended_at <= tapped + timedelta(seconds=30)
    moments = {r.moment: r.valence for r in cry.ratings.all()}
    assert set(moments) == {Moment.RIGHT_AFTER, Moment.BEFORE}
    assert moments[Moment.BEFORE] > moments[Moment.RIGHT_AFTER]
    assert page.evaluate(KEPT) == []

    # A replay of the same id (the phone sends it again) is the same cry.
    cry_id = str(cry.client_id)
    keep_on_phone(page, cry_id, owner=str(person.pk), valence=10)
    page.evaluate(on_queue("flush()") + ".then(() => null)")
    assert page.evaluate(KEPT) == []
    assert Cry.objects.filter(user=person).count() == 1
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_details_given_offline_reach_crylog_after_the_check_in_and_its_before_rating(
    page: Page, context: BrowserContext, problems: PageProblems, monkeypatch: pytest.MonkeyPatch
) -> None:
    updates: list[dict[str, Any]] = []
    cry_update = services.cry_update

    def counted(*, cry: Cry, changes: dict[str, Any]) -> Cry:
        updates.append(changes)
        return cry_update(cry=cry, changes=changes)

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
    assert small_tap_targets(page) == []  # 44 px targets, the open details included
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


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_two_tabs_sending_the_same_queue_at_once_make_one_cry(
    page: Page, context: BrowserContext
) -> None:
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


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_check_in_kept_for_one_person_is_not_sent_under_another(
    page: Page, context: BrowserContext
) -> None:
    owner = signed_in_with_the_shell_kept(page, "owner@example.com")
    log_out(page)
    # A check-in the owner kept on this phone is still waiting (nothing sends while nobody is
    # signed in)...
    keep_on_phone(page, str(uuid.uuid4()), owner=str(owner.pk), valence=20)
    # ...and someone else signs in on this phone.
    stranger = make_user("stranger@example.com")
    page.goto("/accounts/login/")
    sign_in(page, stranger.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_text("belongs to another account")).to_be_visible()
    assert not Cry.objects.filter(user=stranger).exists()
    assert [kept[1] for kept in page.evaluate(KEPT)] == [str(owner.pk)]


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_home_page_that_loses_its_signal_still_takes_the_check_in(
    page: Page, context: BrowserContext, problems: PageProblems
) -> None:
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


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_check_in_kept_while_at_the_limit_on_new_cries_waits_and_goes_later(
    page: Page, problems: PageProblems
) -> None:
    """crylog answers 429 beyond the limit: the queue keeps the check-in ("later") and sends it
    once there is room again, with its before rating."""
    person = signed_in_with_the_shell_kept(page, "busy@example.com")
    (_, per_hour), _ = new_cry_limits()
    Cry.objects.bulk_create([Cry(user=person, ended_at=timezone.now()) for _ in range(per_hour)])
    kept = str(uuid.uuid4())
    keep_on_phone(page, kept, owner=str(person.pk), valence=20)
    page.evaluate(on_queue(f"rateBefore('{kept}', 70)"))
    outcome = page.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["refused"], outcome["left"]) == (0, 0, 1)
    assert page.evaluate(KEPT) == [[kept, str(person.pk)]]
    page.reload()  # it shows as waiting, and this page's own try changes nothing
    expect(page.locator("#recent .cry-row--waiting")).to_have_count(1)
    assert not Cry.objects.filter(client_id=kept).exists()

    # An hour on, there is room: the next try (this one, or the page's own) sends it.
    Cry.objects.filter(user=person).update(created_at=timezone.now() - timedelta(hours=1))
    page.evaluate(on_queue("flush()") + ".then(() => null)")
    assert until(page, lambda: page.evaluate(KEPT) == [])
    cry = Cry.objects.get(client_id=kept)
    assert {r.moment: r.valence for r in cry.ratings.all()} == {
        Moment.RIGHT_AFTER: 20,
        Moment.BEFORE: 70,
    }
    # The browser logs each 429 it was answered; nothing else went wrong.
    problems.console_errors = [e for e in problems.console_errors if "(Too Many Requests)" not in e]
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_i_just_cried_with_no_signal_opens_the_offline_check_in(
    page: Page, context: BrowserContext
) -> None:
    signed_in_with_the_shell_kept(page, "tunnel@example.com")
    context.set_offline(True)
    page.get_by_role("link", name="I just cried").tap()
    expect(page.locator("#offline-notice")).to_contain_text("You are offline.")
    expect(page.locator("#offline-checkin")).to_be_visible()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_background_sync_sends_what_was_kept_with_no_crylog_page_open(
    page: Page, context: BrowserContext
) -> None:
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
