"""After every swap in place the whole screen describes the new state, and a double tap saves
once: one body for each scenario, run in Chromium (Playwright, a touch screen) and WebKit
(WebKitWebDriver, a pen) through the ``device`` fixture (tests/browser/phone.py). In Chromium no
console error is allowed: htmx logs one for an out-of-band part with no place."""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import Cry, Moment
from crylog.followups.models import FollowUp
from crylog.followups.services import followup_answer
from tests.browser.phone import Phone
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A mood slider, wherever it is on the page.
SLIDER = "input[type=range]"


@pytest.fixture
def person(device: Phone) -> User:
    """Someone signed in on the phone."""
    person = make_user()
    device.log_in_as(person)
    return person


def due_check_in(person: User) -> FollowUp:
    """A cry 95 minutes ago, whose 90-minute check-in is due now."""
    cry = services.cry_create(
        user=person, valence=30, ended_at=timezone.now() - timedelta(minutes=95)
    )
    return cry.followups.get(moment=Moment.AFTER_90)


# A double tap saves once.

SLOW = 1.5  # seconds: a slow network's answer, long after the cry was saved


@pytest.fixture
def slow_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A new cry is saved at once and its answer comes late, as on a slow network: a second
    tap lands while the first is still on its way back. Returns the saves that reached crylog."""
    reached: list[str] = []
    for name in ("cry_create", "cry_plan"):
        saves = getattr(services, name)

        def saved_then_late(
            *args: object, name: str = name, saves: Callable[..., Cry] = saves, **kwargs: object
        ) -> Cry:
            reached.append(name)
            cry = saves(*args, **kwargs)
            time.sleep(SLOW)
            return cry

        monkeypatch.setattr(services, name, saved_then_late)
    return reached


@pytest.mark.usefixtures("slow_answers")
def test_a_double_tap_on_save_makes_one_cry(device: Phone, person: User) -> None:
    device.goto("/")
    device.tap("link", "I just cried")
    device.touch_slider("#checkin #id_valence", 0.4)
    device.double_tap("#checkin button[type=submit]")
    # While it is on its way, Save cannot be tapped again.
    assert device.evaluate("document.querySelector('#checkin button[type=submit]').disabled")
    device.wait_for_text("Saved. That's all")
    device.wait_for_text("right after", "#recent")
    assert Cry.objects.filter(user=person).count() == 1


def test_a_double_tap_on_save_and_start_makes_one_planned_cry(
    device: Phone, person: User, slow_answers: list[str]
) -> None:
    """A form sent without htmx: the page goes away with it, and a second tap would send it
    again before the next page came."""
    device.goto("/cries/plan/")
    device.touch_slider(SLIDER, 0.6)
    device.double_tap("main button[type=submit]")
    device.wait_for_text("Noted. Tap")
    device.wait_for_text("Planned, not over yet")
    assert Cry.objects.filter(user=person).count() == 1
    # The second tap sent nothing (static/crylog/forms.js); had it, the form's id made it this cry.
    assert slow_answers == ["cry_plan"]


# Controls that outlive their state.


def test_an_answered_check_in_offers_no_in_15_minutes(device: Phone, person: User) -> None:
    followup = due_check_in(person)
    device.goto(followup.get_absolute_url())
    assert device.count("form[action$='/snooze/']") == 1
    device.touch_slider(SLIDER, 0.64)
    device.tap("button", "Save")
    device.wait_for_text("as your 90-minute check-in. Thank you.")
    assert device.count("form[action$='/snooze/']") == 0
    assert "In 15 minutes" not in device.text()


def test_in_15_minutes_for_a_check_in_answered_elsewhere_says_so(
    device: Phone, person: User
) -> None:
    followup = due_check_in(person)
    device.goto(followup.get_absolute_url())
    followup_answer(followup=followup, valence=70)  # in another tab, meanwhile
    device.tap("button", "In 15 minutes")
    device.wait_for_text("This check-in is already answered or skipped.")
    device.wait_for_text("You answered this already (70 of 100).")
    assert device.count("form[action$='/snooze/']") == 0
    followup.refresh_from_db()
    assert (followup.state, followup.snoozes) == (FollowUp.State.ANSWERED, 0)


def test_its_over_for_a_cry_ended_elsewhere_says_so_in_place(device: Phone, person: User) -> None:
    planned = services.cry_plan(user=person, valence=60)
    device.goto("/")
    device.wait_for_text("Planned, not over yet")
    services.cry_end(cry=planned, valence=35)  # on another phone, meanwhile
    device.touch_slider(f"#end-{planned.pk} {SLIDER}", 0.7)
    device.tap("button", "It's over")
    device.wait_for_text("That one had already ended; it stays as it was.")
    # Where it can be read: the page goes to the top, the words and then the cry's card (once
    # htmx has settled the swap and scrolled).
    time.sleep(0.5)
    assert device.evaluate("document.querySelector('#messages').getBoundingClientRect().top >= 0")
    assert device.count("header.top") == 1  # its card, not a page inside the page
    assert "Planned, not over yet" not in device.text()
    assert device.count(f"#checkin #cry-{planned.pk}") == 1
    assert planned.ratings.get(moment=Moment.RIGHT_AFTER).valence == 35


def test_skip_for_a_check_in_answered_elsewhere_says_so(device: Phone, person: User) -> None:
    followup = due_check_in(person)
    device.goto("/")
    device.wait_for_text("Time for your check-in")
    followup_answer(followup=followup, valence=70)  # in another tab, meanwhile
    device.tap("button", "Skip this one")
    device.wait_for_text("That check-in was already answered, so it stays.")
    assert "Time for your check-in" not in device.text()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.ANSWERED


def test_a_cry_saved_on_the_home_page_agrees_with_itself_as_more_is_added(
    device: Phone, person: User
) -> None:
    device.goto("/")
    device.tap("link", "I just cried")
    device.touch_slider("#checkin #id_valence", 0.3)
    device.tap("button", "Save")
    device.wait_for_text("Saved. That's all")
    cry = Cry.objects.get(user=person)
    device.wait_for_text("ll ask again at", f"#cry-{cry.pk}-reminder")

    # The before, saved in its card, shows in the cry's ratings above and in "Last cries".
    device.touch_slider(f"#before {SLIDER}", 0.7)
    device.tap("button", "Save before")
    device.wait_for_text("Before (remembered)", f"#cry-{cry.pk}-summary")
    device.wait_for_text("before", "#recent .cry-row")

    # It ended 100 minutes ago after all: the heading, the reminder, "Last cries" and the
    # check-in now due all say so.
    ended = timezone.localtime(timezone.now() - timedelta(minutes=100), person.zone)
    device.click("#details a.details-link")  # "Add details (who was there, …)"
    device.wait_for_text("Save details")
    device.evaluate(
        f"document.querySelector('#details [name=ended_at]').value = '{ended:%Y-%m-%dT%H:%M}'"
    )
    device.tap("button", "Save details")
    device.wait_for_text("Details saved.")
    # English's 12-hour clock; both browsers read its no-break space before PM as a space.
    clock = f"{ended.hour % 12 or 12}:{ended:%M %p}"
    device.wait_for_text(f"Cry of {ended:%A} {ended.day} {ended:%B}, {clock}")
    device.wait_for_text(clock, "#recent .cry-row")
    device.wait_for_text("Time for your check-in", "#due-followups")
    assert device.count(f"#cry-{cry.pk}-reminder section") == 0  # the banner asks, once
    assert device.text().count("Time for your check-in") == 1
