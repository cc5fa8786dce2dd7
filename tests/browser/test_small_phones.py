"""A 360 px phone (issue 11), in Chromium and in WebKit: one header row with help in view, 44 px
tap targets everywhere, the tab bar's five places, slider ends on one line, and screens that
agree with the database after every save swapped in place.

Chromium plays a 360 px Android phone (``PHONES["android"]``); WebKit's one session for the
module is 360 CSS px wide (``narrow``, ``NARROW_*`` in tests/browser/webkit.py), as the
page's own ``window.innerWidth`` confirms on every page the tap targets are measured on.
"""

from collections.abc import Iterator

import pytest
from django.utils import timezone
from selenium.webdriver import Remote as WebDriver

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment
from crylog.cries.services import cry_create, cry_plan
from tests.browser.phone import Phone
from tests.browser.tap_targets import OPEN_ALL_DETAILS, TAB_BAR, TABS, small_tap_targets
from tests.browser.webkit import NARROW_WIDTH, webkit_session
from tests.conftest import PASSWORD, make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/help/",
    "/privacy/",
    "/offline/",
]


@pytest.fixture
def phone() -> str:
    """Chromium's 360 px phone, the narrowest common one."""
    return "android"


@pytest.fixture(scope="module")
def webkit_driver(webkit_display: str) -> Iterator[WebDriver]:
    """This module's one WebKit session, 360 CSS px wide."""
    with webkit_session(webkit_display, narrow=True) as driver:
        yield driver


def log_in(device: Phone, user: User) -> None:
    device.sign_in(user.email, PASSWORD)
    device.wait_for("link", "I just cried")


def width(device: Phone) -> int:
    return device.evaluate("window.innerWidth")  # type: ignore[no-any-return]


def personal_pages(user: User) -> Iterator[str]:
    seed_demo(user=user, cries=20, weeks=6, now=timezone.now(), seed=3)
    cry = make_cry(
        user, ratings={Moment.RIGHT_AFTER: 30}, intensity=2, triggers=["loss"], note="rain"
    )
    cry_plan(user=user, valence=50)
    cry_plan(user=user, valence=55)
    followup = cry_create(user=user, valence=40).followups.get()
    yield from [
        "/", "/cries/new/?separate=1", "/cries/new/", "/cries/plan/", "/cries/",
        f"/cries/{cry.pk}/", f"/cries/{cry.pk}/details/", f"/cries/{cry.pk}/delete/",
        f"/followups/{followup.pk}/", "/reminders/", "/settings/", "/settings/import/",
        "/settings/delete/", f"/triggers/?cry={cry.pk}", "/trends/", "/accounts/password/change/",
        "/accounts/email/",
        "/help/", "/privacy/", "/offline/",
        # History filtered (the matching part of a note marked), finding nothing, refused.
        "/cries/?trigger=loss&q=rain", "/cries/?trigger=conflict", "/cries/?from=2026-13-40",
    ]  # fmt: skip


def test_pages_are_360_css_px_wide(device: Phone) -> None:
    device.goto("/")
    assert width(device) == NARROW_WIDTH
    assert device.evaluate("matchMedia('(max-width: 360px)').matches")


def test_every_tap_target_is_at_least_44_px_on_every_page(device: Phone) -> None:
    small: dict[str, list[dict[str, object]]] = {}

    def measure(url: str) -> None:
        device.goto(url)
        assert width(device) == NARROW_WIDTH, url
        device.call(OPEN_ALL_DETAILS)
        small[url] = small_tap_targets(device)

    for url in PUBLIC:
        measure(url)
    user = make_user()
    pages = list(personal_pages(user))
    log_in(device, user)
    for url in pages:
        measure(url)
    # A form returned with its errors.
    device.goto("/cries/new/?separate=1")
    device.tap("button", "Save")
    device.wait_until(lambda: device.count(".error"), "no error shown")
    device.call(OPEN_ALL_DETAILS)
    small["/cries/new/ with an error"] = small_tap_targets(device)

    offenders = {
        url: [f"{t['text'] or t['element']!r} {t['width']}×{t['height']}" for t in found]
        for url, found in small.items()
        if found
    }
    assert offenders == {}, "\n".join(f"{url}: {found}" for url, found in offenders.items())


def test_the_measure_finds_a_small_link(device: Phone) -> None:
    """The measure itself can fail: a bare inline link is under 44 px tall."""
    device.goto("/help/")
    device.call(
        "() => { const a = document.createElement('a'); a.href = '#'; a.textContent = 'tiny';"
        " a.style.cssText = 'display:inline;min-height:0'; document.querySelector('main').append(a); }"
    )
    assert [target["text"] for target in small_tap_targets(device)] == ["tiny"]


def test_the_header_is_one_row_with_help_always_in_view(device: Phone) -> None:
    user = make_user()
    for url in PUBLIC:
        device.goto(url)
        assert header_height(device) < 70, url
    log_in(device, user)
    for url in ["/", "/cries/", "/trends/", "/reminders/", "/settings/", "/help/"]:
        device.goto(url)
        assert header_height(device) < 70, url
        assert device.in_viewport("header.top a[href$='/help/']"), url
        device.wait_for("link", "I need help now")
        # The main links stay within reach at the bottom, on screen, however far one scrolls.
        device.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert device.in_viewport("nav[aria-label=Main]"), url
        assert device.evaluate("document.documentElement.scrollWidth") <= NARROW_WIDTH, url
    device.wait_for("link", "History")


def header_height(device: Phone) -> float:
    return device.evaluate(  # type: ignore[no-any-return]
        "document.querySelector('header.top').getBoundingClientRect().height"
    )


def test_the_tab_bar_holds_five_places_with_the_one_here_marked(device: Phone) -> None:
    """Home, History, Trends, Reminders, Settings: places only, each at least 44 px and its
    label whole on a 360 px phone; signing out is in Settings, away from a slipping thumb."""
    log_in(device, make_user())
    for url, here in TABS.items():
        device.goto(url)
        tabs = device.call(TAB_BAR)
        assert [tab["name"] for tab in tabs] == list(TABS.values()), url
        assert [tab["name"] for tab in tabs if tab["current"]] == [here], url
        assert [
            tab for tab in tabs if not tab["fits"] or min(tab["width"], tab["height"]) < 44
        ] == []
    device.goto("/settings/")
    device.tap("button", "Log out")
    device.wait_for("link", "Log in")


def test_the_slider_ends_stay_on_one_line(device: Phone) -> None:
    """Without their rule (static/css/app.css) the end words wrap in Chromium; WebKit's text
    is narrower and keeps them on one line even then."""
    user = make_user()
    planned = cry_plan(user=user, valence=50)
    log_in(device, user)
    wrapped = {}
    # The narrowest place is a planned cry's card on the home page.
    for url, sliders in [("/", 1), ("/cries/new/?separate=1", 2), ("/cries/plan/", 1)]:
        device.goto(url)
        device.call(OPEN_ALL_DETAILS)
        heights = device.evaluate(
            "[...document.querySelectorAll('.mood__ends span')].map((s) =>"
            " [s.textContent, s.getBoundingClientRect().height, parseFloat(getComputedStyle(s).lineHeight)])"
        )
        assert len(heights) == 2 * sliders, url
        wrapped[url] = [text for text, height, line in heights if height > line * 1.2]
    assert planned.pk
    assert wrapped == {url: [] for url in wrapped}


# Screens that never contradict themselves (issue 11, point 3).


def test_a_check_in_on_the_home_page_shows_in_last_cries(device: Phone) -> None:
    user = make_user()
    log_in(device, user)
    device.wait_for_text("Nothing logged yet")
    device.tap("link", "I just cried")
    device.wait_until(lambda: device.count("#checkin .mood--untouched") == 2)
    device.record_csp()
    device.touch_slider("#checkin #id_valence", 0.3)
    device.tap("button", "Save")
    device.wait_for_text("Saved. That's all")
    valence = Cry.objects.get(user=user).ratings.get().valence
    device.wait_until(lambda: device.count("#recent .cry-row") == 1, "Last cries not refreshed")
    assert "Nothing logged yet" not in device.text()
    assert f"right after {valence}" in device.text("#recent .cry-row")
    # The before saved in place shows in the row below too.
    device.wait_until(lambda: device.count("#before .mood--untouched") == 1)
    device.touch_slider("#before input[type=range]", 0.7)
    device.tap("button", "Save before")
    device.wait_for_text("Before:", "#before")
    before = Cry.objects.get(user=user).ratings.get(moment=Moment.BEFORE).valence
    device.wait_for_text(f"before {before}", "#recent .cry-row")
    assert device.csp_violations() == []


def test_ending_a_planned_cry_leaves_no_stale_card_or_message(device: Phone) -> None:
    user = make_user()
    log_in(device, user)
    device.tap("link", "I'm about to watch something sad")
    device.wait_until(lambda: device.count(".mood--untouched") == 1)
    device.touch_slider("input[type=range]", 0.6)
    device.tap("button", "Save and start")
    device.wait_for_text("Noted. Tap")
    device.wait_for_text("Started just now.")
    planned = Cry.objects.get(user=user)
    device.record_csp()

    device.touch_slider(f"#end-{planned.pk} input[type=range]", 0.4)
    device.tap("button", "It's over")
    device.wait_for_text("Saved. That's all")
    text = device.text()
    assert "Noted. Tap" not in text
    assert "Planned, not over yet" not in text
    assert device.count("#recent .cry-row") == 1
    # The saved card is at the top, not inside a planned card.
    assert device.count(f"#checkin #cry-{planned.pk}") == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert device.csp_violations() == []


def test_i_just_cried_offers_to_end_the_planned_cry(device: Phone) -> None:
    user = make_user()
    planned = cry_plan(user=user, valence=50)
    log_in(device, user)
    device.tap("link", "I just cried")
    device.wait_for_text("Is this the one you planned?", "#checkin h1")
    device.record_csp()
    device.touch_slider(f"#over-{planned.pk} input[type=range]", 0.45)
    device.click(f"#over-{planned.pk} button[type=submit]")  # "It's over"
    device.wait_for_text("Saved. That's all")
    assert "Planned, not over yet" not in device.text()
    assert Cry.objects.filter(user=user).count() == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert device.csp_violations() == []


def test_edit_details_shows_them_with_saved_beside_the_button(device: Phone) -> None:
    user = make_user()
    cry = make_cry(user)
    log_in(device, user)
    device.goto(cry.get_absolute_url())
    device.record_csp()
    device.click("#details a.details-link")  # "Add details (who was there, …)"
    device.click("label:has(input[name=intensity][value='4'])")  # "sobbing"
    device.fill("#id_note", "after the call")  # "Note (only you see it)"
    device.tap("button", "Save details")
    device.wait_for_text("Details saved.")
    assert device.in_viewport(".saved-note")
    details = device.text("#details")
    assert "sobbing" in details
    assert "after the call" in details
    device.wait_for("link", "Edit details")
    edit_y, saved_y = device.evaluate(
        "[[...document.querySelectorAll('#details a')].find((a) => a.innerText === 'Edit details'),"
        " document.querySelector('.saved-note')].map((e) => e.getBoundingClientRect().y)"
    )
    assert abs(edit_y - saved_y) < 60
    assert device.csp_violations() == []
