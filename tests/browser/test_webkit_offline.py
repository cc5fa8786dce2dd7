"""The app shell and the queue of offline check-ins in WebKit, the engine of every iPhone.

WebKitWebDriver has no way to cut the network (Playwright's ``set_offline`` is Chromium's
DevTools protocol), so here the shell page is opened directly and the queue is sent by hand:
what shows is that WebKit keeps the shell in its service worker's cache, keeps a check-in in
IndexedDB with an id of its own making, and sends it once. docs/testing.md says so.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.cries.models import Cry, Moment, new_cry_limits
from tests.browser.checkins import QUEUE, on_queue
from tests.browser.webkit import WebKitPage
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHELL_KEPT = "caches.keys().then((names) => names.some((n) => n.startsWith('crylog-shell-')))"


def test_the_offline_page_and_the_queue_in_webkit(webkit: WebKitPage) -> None:
    person = make_user("webkit.offline@example.com")
    webkit.sign_in(person.email, PASSWORD)
    webkit.goto("/")
    webkit.wait_until(lambda: webkit.evaluate("navigator.serviceWorker.controller !== null"))
    webkit.wait_until(lambda: webkit.evaluate(SHELL_KEPT))

    webkit.goto("/offline/")
    webkit.wait_for_text("You are offline.")
    webkit.touch_slider("#id_valence", 0.3)
    webkit.tap("button", "Save")
    webkit.wait_for_text("Saved on this phone; it will reach crylog when you are back online")
    webkit.wait_for_text("waiting", "#recent")
    kept = webkit.evaluate(on_queue("all()"))
    assert [item["owner"] for item in kept] == [str(person.pk)]
    assert not Cry.objects.exists()

    sent = webkit.evaluate(f"{QUEUE}.then((queue) => Promise.all([queue.flush(), queue.flush()]))")
    assert sum(outcome["sent"] for outcome in sent) == 1
    cry = Cry.objects.get(user=person)
    assert str(cry.client_id) == kept[0]["id"]
    assert 20 <= cry.ratings.get(moment=Moment.RIGHT_AFTER).valence <= 40
    assert webkit.evaluate(on_queue("all()")) == []


def test_a_check_in_kept_at_the_limit_waits_in_webkit_and_goes_later(webkit: WebKitPage) -> None:
    """Answered 429 (the limit on new cries), the queue keeps the check-in and sends it once
    there is room."""
    person = make_user("webkit.busy@example.com")
    webkit.sign_in(person.email, PASSWORD)
    webkit.goto("/offline/")
    webkit.touch_slider("#id_valence", 0.3)
    webkit.tap("button", "Save")
    webkit.wait_for_text("Saved on this phone")
    (_, per_hour), _ = new_cry_limits()
    Cry.objects.bulk_create([Cry(user=person, ended_at=timezone.now()) for _ in range(per_hour)])
    outcome = webkit.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["refused"], outcome["left"]) == (0, 0, 1)
    [kept] = webkit.evaluate(on_queue("all()"))

    Cry.objects.filter(user=person).update(created_at=timezone.now() - timedelta(hours=1))
    outcome = webkit.evaluate(on_queue("flush()"))
    assert (outcome["sent"], outcome["left"]) == (1, 0)
    assert Cry.objects.filter(user=person, client_id=kept["id"]).exists()
