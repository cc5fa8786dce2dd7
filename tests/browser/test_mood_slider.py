"""The mood slider's first touch always counts, in Chromium and in WebKit.

The same scenarios run in both engines through a small phone with the same few verbs: Chromium
(Playwright, a touch screen) and WebKit (WebKitWebDriver, a pen; see docs/testing.md).
"""

from collections.abc import Iterator
from typing import Protocol

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from crylog.accounts.models import User
from crylog.cries.forms import SLIDER_ERROR
from crylog.cries.models import Cry, Moment
from tests.browser.conftest import touch_slider
from tests.browser.webkit import WebKitPage
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLIDER = "#checkin #id_valence"
SAVE = "#checkin button[type=submit]"


class Phone(Protocol):
    def goto(self, path: str) -> None: ...
    def touch_slider(self, selector: str, fraction: float) -> None: ...
    def drag_slider(self, selector: str, start: float, end: float) -> None: ...
    def press(self, selector: str, key: str) -> None: ...
    def tap(self, role: str, name: str) -> None: ...
    def wait_for_text(self, text: str, selector: str = "body") -> None: ...
    def count(self, selector: str) -> int: ...
    def add_cookie(self, name: str, value: str) -> None: ...


class ChromiumPhone:
    """Playwright's page with a touch screen, in the same words as WebKitPage."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def goto(self, path: str) -> None:
        self.page.goto(path)

    def touch_slider(self, selector: str, fraction: float) -> None:
        touch_slider(self.page, selector, fraction)

    def drag_slider(self, selector: str, start: float, end: float) -> None:
        """A finger put down at ``start`` and slid to ``end`` (shares of the slider's width)."""
        self.page.locator(selector).scroll_into_view_if_needed()
        box = self.page.locator(selector).bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        devtools = self.page.context.new_cdp_session(self.page)
        for step in range(6):
            x = box["x"] + box["width"] * (start + (end - start) * step / 5)
            kind = "touchStart" if step == 0 else "touchMove"
            devtools.send(
                "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]}
            )
        devtools.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        devtools.detach()

    def press(self, selector: str, key: str) -> None:
        self.page.locator(selector).press(key)

    def tap(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).tap()  # type: ignore[arg-type]

    def wait_for_text(self, text: str, selector: str = "body") -> None:
        expect(self.page.locator(selector)).to_contain_text(text)

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def add_cookie(self, name: str, value: str) -> None:
        self.page.context.add_cookies(
            [{"name": name, "value": value, "url": self.page.url.split("/privacy/")[0] + "/"}]
        )


def webkit_add_cookie(page: WebKitPage, name: str, value: str) -> None:
    page.driver.add_cookie({"name": name, "value": value, "path": "/"})


@pytest.fixture
def phone() -> str:
    """Chromium's phone here (conftest's `context` asks), requested only when the engine is Chromium."""
    return "iphone"


@pytest.fixture(params=["chromium", "webkit"])
def device(request: pytest.FixtureRequest) -> Iterator[Phone]:
    if request.param == "chromium":
        yield ChromiumPhone(request.getfixturevalue("page"))
    else:
        page: WebKitPage = request.getfixturevalue("webkit")
        page.add_cookie = lambda name, value: webkit_add_cookie(page, name, value)  # type: ignore[attr-defined]
        yield page  # type: ignore[misc]


@pytest.fixture
def person(device: Phone) -> User:
    """Someone signed in on the phone, on the check-in page with an untouched slider."""
    person = make_user()
    client = Client()
    client.force_login(person)
    device.goto("/privacy/")
    device.add_cookie("sessionid", client.cookies["sessionid"].value)
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
    person = make_user()
    client = Client()
    client.force_login(person)
    phone = ChromiumPhone(page)
    phone.goto("/privacy/")
    phone.add_cookie("sessionid", client.cookies["sessionid"].value)
    phone.goto("/cries/new/")
    touch_slider(page, SLIDER, fraction)
    number = page.locator("#checkin .mood__value").first
    expect(number).not_to_have_text("")
    slider, shown = page.locator(SLIDER).bounding_box(), number.bounding_box()
    assert slider is not None and shown is not None
    finger = slider["x"] + slider["width"] * fraction
    centre = shown["x"] + shown["width"] / 2
    assert abs(centre - finger) < 20, (centre, finger)
    assert shown["y"] + shown["height"] <= slider["y"] + slider["height"] / 2
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= page.viewport_size["width"]  # type: ignore[index]
