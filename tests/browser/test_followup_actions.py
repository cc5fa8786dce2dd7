"""The reminder's actions on a phone that shows them: "Answer now" and "In 15 minutes".

The message the server really sent (decrypted by the push service on 127.0.0.1) is handed to
the page's service worker through the DevTools protocol; the tap on an action is a
``notificationclick`` with that ``action``, dispatched inside the service worker on the
notification it shows.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from crylog.cries import services as cry_services
from crylog.followups.models import FollowUp
from tests.browser.conftest import PageProblems, sign_in
from tests.browser.test_followup_reminder import service_worker_ready, wait_for
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = """navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => ({
    title: n.title, body: n.body, url: n.data.url, actions: n.actions.map((a) => a.title)})))"""

# The tap on an action. The worker's own fetches are watched (and left as they are) so that
# the test reads the database only once the server has answered: the statuses it answered.
TAP_ACTION = """(action) => {
  const original = self.fetch, sent = [];
  self.fetch = (...request) => {
    const response = original(...request);
    sent.push(response);
    return response;
  };
  return self.registration.getNotifications().then((shown) => {
    self.dispatchEvent(new NotificationEvent("notificationclick", {notification: shown[0], action}));
    self.fetch = original;
    return Promise.allSettled(sent).then((settled) =>
      settled.map((r) => (r.status === "fulfilled" ? r.value.status : "no connection")));
  });
}"""


def shown(page: Page, *, count: int) -> list[dict[str, object]]:
    def check() -> list[dict[str, object]] | None:
        notifications = page.evaluate(SHOWN)
        return notifications if len(notifications) == count else None

    return wait_for(page, check) or page.evaluate(SHOWN)


@pytest.fixture
def reminded(push_service: PushService) -> tuple[FollowUp, dict[str, object]]:
    """A person whose 90-minute reminder was just sent; the follow-up and the message."""
    person = make_user("reminded@example.com")
    subscribe(person, push_service.device("phone"))
    cry = cry_services.cry_create(
        user=person, valence=30, ended_at=timezone.now() - timedelta(minutes=90)
    )
    run_worker()
    [message] = push_service.delivered("phone")
    return cry.followups.get(), message.payload


def push_to_the_page(page: Page, context: BrowserContext, payload: dict[str, object]) -> None:
    devtools, registration = service_worker_ready(page, context)
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration,
            "data": json.dumps(payload),
        },
    )


def snoozes(followup: FollowUp) -> int:
    followup.refresh_from_db()
    return followup.snoozes


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_in_15_minutes_puts_the_check_in_off_without_opening_a_page(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    reminded: tuple[FollowUp, dict[str, object]],
) -> None:
    followup, payload = reminded
    page.goto("/")  # not logged in: the token is all the service worker needs
    push_to_the_page(page, context, payload)
    assert shown(page, count=1) == [
        {
            "title": "Time for your check-in",
            "body": "How do you feel now? One touch is enough.",
            "url": followup.get_absolute_url(),
            "actions": ["Answer now", "In 15 minutes"],
        }
    ]

    assert context.service_workers[0].evaluate(TAP_ACTION, "snooze") == [200]
    assert snoozes(followup) == 1
    assert followup.state == FollowUp.State.SCHEDULED
    assert followup.due_at == followup.snoozed_until
    assert shown(page, count=0) == []  # the tap closed it
    assert [p.url for p in context.pages] == [page.url]  # and opened nothing
    assert page.url.endswith("/")
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_refused_snooze_says_so_and_still_offers_the_check_in(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    reminded: tuple[FollowUp, dict[str, object]],
) -> None:
    followup, payload = reminded
    page.goto("/")
    push_to_the_page(page, context, payload)
    shown(page, count=1)
    assert context.service_workers[0].evaluate(TAP_ACTION, "snooze") == [200]
    assert snoozes(followup) == 1
    shown(page, count=0)

    # The same message again (a push service may deliver twice): its token was used.
    push_to_the_page(page, context, payload)
    shown(page, count=1)
    assert context.service_workers[0].evaluate(TAP_ACTION, "snooze") == [409]
    [refused] = wait_for(
        page,
        lambda: [n for n in page.evaluate(SHOWN) if n["body"] != payload["body"]] or None,
    ) or [None]
    assert refused == {
        "title": "Time for your check-in",
        "body": "This reminder was already put off.",
        "url": followup.get_absolute_url(),
        "actions": ["Answer now"],
    }
    assert snoozes(followup) == 1

    context.service_workers[0].evaluate(TAP_ACTION, "answer")
    page.wait_for_url(f"**/accounts/login/?next={followup.get_absolute_url()}")
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_answer_now_opens_the_check_in(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    reminded: tuple[FollowUp, dict[str, object]],
) -> None:
    followup, payload = reminded
    page.goto("/")
    push_to_the_page(page, context, payload)
    shown(page, count=1)
    assert context.service_workers[0].evaluate(TAP_ACTION, "answer") == []  # posts nothing
    page.wait_for_url(f"**/accounts/login/?next={followup.get_absolute_url()}")
    assert shown(page, count=0) == []
    assert snoozes(followup) == 0
    problems.assert_none()


@pytest.mark.parametrize("phone", ["iphone"], indirect=True)
def test_the_check_in_page_offers_in_15_minutes_where_notifications_have_no_actions(
    page: Page,
    problems: PageProblems,
    reminded: tuple[FollowUp, dict[str, object]],
) -> None:
    followup, _ = reminded
    page.goto(followup.get_absolute_url())
    sign_in(page, followup.cry.user.email)
    page.wait_for_url(f"**{followup.get_absolute_url()}")
    page.get_by_role("button", name="In 15 minutes").tap()
    expect(page.get_by_text("We'll ask again at")).to_be_visible()
    expect(page.get_by_role("button", name="In 15 minutes")).to_be_hidden()
    assert page.url.endswith(followup.get_absolute_url())  # swapped in place by htmx
    assert snoozes(followup) == 1
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_in_15_minutes_with_no_connection_says_so_and_still_offers_the_check_in(
    page: Page,
    context: BrowserContext,
    reminded: tuple[FollowUp, dict[str, object]],
) -> None:
    followup, payload = reminded
    page.goto("/")
    push_to_the_page(page, context, payload)
    shown(page, count=1)
    context.set_offline(True)
    assert context.service_workers[0].evaluate(TAP_ACTION, "snooze") == ["no connection"]
    [refused] = wait_for(
        page,
        lambda: [n for n in page.evaluate(SHOWN) if n["body"] != payload["body"]] or None,
    ) or [None]
    assert refused == {
        "title": "Time for your check-in",
        "body": "No connection: this check-in could not be put off.",
        "url": followup.get_absolute_url(),
        "actions": ["Answer now"],
    }
    context.set_offline(False)
    assert snoozes(followup) == 0
