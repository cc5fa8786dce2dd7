"""The mood slider's first touch always counts, in Chromium and in WebKit.

The same scenarios run in both engines (the ``device`` fixture, tests/browser/phone.py): Chromium
(Playwright, a touch screen) and WebKit (WebKitWebDriver, a pen; see docs/testing.md).
"""

import pytest
from playwright.sync_api import Page, expect

from crylog.accounts.models import User
from crylog.cries.forms import SLIDER_ERROR
from crylog.cries.models import Cry, Moment
from tests.browser.phone import ChromiumPhone, Phone, touch_slider
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLIDER = "#checkin #id_valence"
SAVE = "#checkin button[type=submit]"


@pytest.fixture
def person(device: Phone) -> User:
    """Someone signed in on the phone, on the check-in page with an untouched slider."""
    person = make_user()
    device.log_in_as(person)
    device.goto("/cries/new/")
    assert device.count("#checkin .mood--untouched") == 2  # mood, and "how stirred up" below
    return person


def saved_mood(person: User) -> int:
    cry = Cry.objects.filter(user=person).order_by("-pk").first()
    assert cry is not None, "nothing was saved"
    return cry.ratings.get(moment=Moment.RIGHT_AFTER).valence


def save(device: Phone) -> None:
    device.tap("button", "Save")
    device.wait_for_text("Saved.")


def test_a_tap_on_the_middle_where_the_hidden_thumb_sits_saves_50(
    device: Phone, person: User
) -> None:
    device.touch_slider(SLIDER, 0.5)
    assert device.count("#checkin .mood--untouched") == 1
    save(device)
    assert saved_mood(person) == 50


@pytest.mark.parametrize(("fraction", "low", "high"), [(0.01, 0, 2), (0.99, 98, 100)])
def test_a_tap_near_an_end_saves_a_value_within_2_points_of_it(
    device: Phone, person: User, fraction: float, low: int, high: int
) -> None:
    device.touch_slider(SLIDER, fraction)
    save(device)
    assert low <= saved_mood(person) <= high


def test_a_second_touch_moves_it(device: Phone, person: User) -> None:
    device.touch_slider(SLIDER, 0.3)
    device.touch_slider(SLIDER, 0.8)
    save(device)
    assert 75 <= saved_mood(person) <= 85  # under the finger: the thumb's width shifts it a little


def test_a_drag_counts(device: Phone, person: User) -> None:
    device.drag_slider(SLIDER, 0.5, 0.2)
    save(device)
    assert 15 <= saved_mood(person) <= 25


@pytest.mark.parametrize(
    ("key", "mood"),
    [
        ("ArrowRight", 51),
        ("ArrowLeft", 49),
        ("Home", 0),
        ("End", 100),
        ("PageUp", 60),
        ("PageDown", 40),
    ],
)
def test_the_keyboard_alone_sets_and_saves_it(
    device: Phone, person: User, key: str, mood: int
) -> None:
    device.press(SLIDER, key)
    assert device.count("#checkin .mood--untouched") == 1
    device.press(SAVE, "Enter")
    device.wait_for_text("Saved.")
    assert saved_mood(person) == mood


def test_an_untouched_slider_still_sends_nothing(device: Phone, person: User) -> None:
    device.tap("button", "Save")
    device.wait_for_text(SLIDER_ERROR)
    assert not Cry.objects.filter(user=person).exists()


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_the_number_shows_above_the_thumb_where_the_finger_is(page: Page, fraction: float) -> None:
    """Chromium only: measured with Playwright's bounding boxes after a real touch."""
    phone = ChromiumPhone(page)
    phone.log_in_as(make_user())
    phone.goto("/cries/new/")
    touch_slider(page, SLIDER, fraction)
    number = page.locator("#checkin .mood__value").first
    expect(number).not_to_have_text("")
    slider, shown = page.locator(SLIDER).bounding_box(), number.bounding_box()
    assert slider is not None
    assert shown is not None
    finger = slider["x"] + slider["width"] * fraction
    centre = shown["x"] + shown["width"] / 2
    assert abs(centre - finger) < 20, (centre, finger)
    assert shown["y"] + shown["height"] <= slider["y"] + slider["height"] / 2
    assert shown["x"] >= 0
    viewport = page.viewport_size
    assert viewport is not None
    assert shown["x"] + shown["width"] <= viewport["width"]
