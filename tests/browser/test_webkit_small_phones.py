"""A 360 px phone in WebKit (issue 11, points 3 and 6): 44 px tap targets on every page, one
header row with help in view, and screens that agree with the database after every save swapped
in place. The same pages and scenarios as test_small_phones.py runs in Chromium.

This module's one WebKit session is 360 CSS px wide (``narrow``, ``NARROW_*`` in
tests/browser/webkit.py), as the page's own ``window.innerWidth`` confirms on every page.
"""

from collections.abc import Iterator

import pytest
from selenium.webdriver import Remote as WebDriver

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment
from crylog.cries.services import cry_plan
from tests.browser.tap_targets import MINIMUM, OPEN_ALL_DETAILS, SMALL_TAP_TARGETS, TAB_BAR, TABS
from tests.browser.test_small_phones import PUBLIC, personal_pages
from tests.browser.webkit import NARROW_WIDTH, WebKitPage, webkit_session
from tests.conftest import PASSWORD, make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every Content-Security-Policy violation from now on in this document (an htmx swap stays in it).
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture(scope="module")
def webkit_driver(webkit_display: str) -> Iterator[WebDriver]:
    """This module's one WebKit session, 360 CSS px wide."""
    with webkit_session(webkit_display, narrow=True) as driver:
        yield driver


def small_tap_targets(webkit: WebKitPage) -> list[dict[str, object]]:
    return webkit.driver.execute_script(  # type: ignore[no-any-return]
        f"return ({SMALL_TAP_TARGETS})(arguments[0]);", MINIMUM
    )


def open_all_details(webkit: WebKitPage) -> None:
    webkit.driver.execute_script(f"({OPEN_ALL_DETAILS})();")


def log_in(webkit: WebKitPage, user: User) -> None:
    webkit.sign_in(user.email, PASSWORD)
    webkit.control("link", "I just cried")


def record_csp(webkit: WebKitPage) -> None:
    webkit.driver.execute_script(RECORD_CSP)


def csp_violations(webkit: WebKitPage) -> list[str]:
    return webkit.evaluate("window.__cspViolations")  # type: ignore[no-any-return]


def in_viewport(webkit: WebKitPage, selector: str) -> bool:
    """Some of the element is on screen, as Playwright's ``to_be_in_viewport``."""
    return webkit.evaluate(  # type: ignore[no-any-return]
        "(() => { const r = arguments[0].getBoundingClientRect();"
        " return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0"
        " && r.top < innerHeight && r.left < innerWidth; })()",
        webkit.find(selector),
    )


def test_pages_are_360_css_px_wide(webkit: WebKitPage) -> None:
    webkit.goto("/")
    assert webkit.evaluate("window.innerWidth") == NARROW_WIDTH
    assert webkit.evaluate("matchMedia('(max-width: 360px)').matches")


def test_every_tap_target_is_at_least_44_px_on_every_page(webkit: WebKitPage) -> None:
    small: dict[str, list[dict[str, object]]] = {}

    def measure(url: str) -> None:
        webkit.goto(url)
        assert webkit.evaluate("window.innerWidth") == NARROW_WIDTH, url
        open_all_details(webkit)
        small[url] = small_tap_targets(webkit)

    for url in PUBLIC:
        measure(url)
    user = make_user()
    pages = list(personal_pages(user))
    log_in(webkit, user)
    for url in pages:
        measure(url)
    # A form returned with its errors.
    webkit.goto("/cries/new/?separate=1")
    webkit.tap("button", "Save")
    webkit.find(".error")
    open_all_details(webkit)
    small["/cries/new/ with an error"] = small_tap_targets(webkit)

    offenders = {
        url: [f"{t['text'] or t['element']!r} {t['width']}×{t['height']}" for t in found]
        for url, found in small.items()
        if found
    }
    assert offenders == {}, "\n".join(f"{url}: {found}" for url, found in offenders.items())


def test_the_measure_finds_a_small_link(webkit: WebKitPage) -> None:
    """The measure itself can fail in WebKit: a bare inline link is under 44 px tall."""
    webkit.goto("/help/")
    webkit.driver.execute_script(
        "const a = document.createElement('a'); a.href = '#'; a.textContent = 'tiny';"
        " a.style.cssText = 'display:inline;min-height:0'; document.querySelector('main').append(a);"
    )
    assert [target["text"] for target in small_tap_targets(webkit)] == ["tiny"]


def test_the_header_is_one_row_with_help_always_in_view(webkit: WebKitPage) -> None:
    user = make_user()
    for url in PUBLIC:
        webkit.goto(url)
        assert header_height(webkit) < 70, url
    log_in(webkit, user)
    for url in ["/", "/cries/", "/trends/", "/reminders/", "/settings/", "/help/"]:
        webkit.goto(url)
        assert header_height(webkit) < 70, url
        assert in_viewport(webkit, "header.top a[href$='/help/']"), url
        assert webkit.control("link", "I need help now").is_displayed(), url
        # The main links stay within reach at the bottom, on screen, however far one scrolls.
        webkit.driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert in_viewport(webkit, "nav[aria-label=Main]"), url
        assert webkit.evaluate("document.documentElement.scrollWidth") <= NARROW_WIDTH, url
    assert webkit.control("link", "History").is_displayed()


def test_the_tab_bar_holds_five_places_with_the_one_here_marked(webkit: WebKitPage) -> None:
    log_in(webkit, make_user())
    for url, here in TABS.items():
        webkit.goto(url)
        tabs = webkit.driver.execute_script(f"return ({TAB_BAR})();")
        assert [tab["name"] for tab in tabs] == list(TABS.values()), url
        assert [tab["name"] for tab in tabs if tab["current"]] == [here], url
        assert [
            tab for tab in tabs if not tab["fits"] or min(tab["width"], tab["height"]) < 44
        ] == []
    webkit.goto("/settings/")
    webkit.tap("button", "Log out")
    webkit.control("link", "Log in")


def header_height(webkit: WebKitPage) -> float:
    return webkit.evaluate(  # type: ignore[no-any-return]
        "document.querySelector('header.top').getBoundingClientRect().height"
    )


# Screens that never contradict themselves (issue 11, point 3).


def test_a_check_in_on_the_home_page_shows_in_last_cries(webkit: WebKitPage) -> None:
    user = make_user()
    log_in(webkit, user)
    webkit.wait_for_text("Nothing logged yet")
    webkit.tap("link", "I just cried")
    webkit.wait_until(lambda: webkit.count("#checkin .mood--untouched") == 2)
    record_csp(webkit)
    webkit.touch_slider("#checkin #id_valence", 0.3)
    webkit.tap("button", "Save")
    webkit.wait_for_text("Saved. That's all")
    valence = Cry.objects.get(user=user).ratings.get().valence
    webkit.wait_until(lambda: webkit.count("#recent .cry-row") == 1, "Last cries not refreshed")
    assert "Nothing logged yet" not in webkit.text()
    assert f"right after {valence}" in webkit.text("#recent .cry-row")
    # The before saved in place shows in the row below too.
    webkit.wait_until(lambda: webkit.count("#before .mood--untouched") == 1)
    webkit.touch_slider("#before input[type=range]", 0.7)
    webkit.tap("button", "Save before")
    webkit.wait_for_text("Before:", "#before")
    before = Cry.objects.get(user=user).ratings.get(moment=Moment.BEFORE).valence
    webkit.wait_for_text(f"before {before}", "#recent .cry-row")
    assert csp_violations(webkit) == []


def test_ending_a_planned_cry_leaves_no_stale_card_or_message(webkit: WebKitPage) -> None:
    user = make_user()
    log_in(webkit, user)
    webkit.tap("link", "I'm about to watch something sad")
    webkit.wait_until(lambda: webkit.count(".mood--untouched") == 1)
    webkit.touch_slider("input[type=range]", 0.6)
    webkit.tap("button", "Save and start")
    webkit.wait_for_text("Noted. Tap")
    webkit.wait_for_text("Started just now.")
    planned = Cry.objects.get(user=user)
    record_csp(webkit)

    webkit.touch_slider(f"#end-{planned.pk} input[type=range]", 0.4)
    webkit.tap("button", "It's over")
    webkit.wait_for_text("Saved. That's all")
    text = webkit.text()
    assert "Noted. Tap" not in text
    assert "Planned, not over yet" not in text
    assert webkit.count("#recent .cry-row") == 1
    # The saved card is at the top, not inside a planned card.
    assert webkit.count(f"#checkin #cry-{planned.pk}") == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert csp_violations(webkit) == []


def test_i_just_cried_offers_to_end_the_planned_cry(webkit: WebKitPage) -> None:
    user = make_user()
    planned = cry_plan(user=user, valence=50)
    log_in(webkit, user)
    webkit.tap("link", "I just cried")
    webkit.wait_for_text("Is this the one you planned?", "#checkin h1")
    record_csp(webkit)
    webkit.touch_slider(f"#over-{planned.pk} input[type=range]", 0.45)
    webkit.click(f"#over-{planned.pk} button[type=submit]")
    webkit.wait_for_text("Saved. That's all")
    assert "Planned, not over yet" not in webkit.text()
    assert Cry.objects.filter(user=user).count() == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert csp_violations(webkit) == []


def test_edit_details_shows_them_with_saved_beside_the_button(webkit: WebKitPage) -> None:
    user = make_user()
    cry = make_cry(user)
    log_in(webkit, user)
    webkit.goto(cry.get_absolute_url())
    record_csp(webkit)
    webkit.tap("link", "Add details")
    webkit.click("label:has(input[name=intensity][value='4'])")  # "sobbing"
    webkit.fill("#id_note", "after the call")
    webkit.tap("button", "Save details")
    webkit.wait_for_text("Details saved.")
    assert in_viewport(webkit, ".saved-note")
    details = webkit.text("#details")
    assert "sobbing" in details and "after the call" in details
    edit_y, saved_y = webkit.evaluate(
        "[arguments[0], arguments[1]].map((e) => e.getBoundingClientRect().y)",
        webkit.control("link", "Edit details"),
        webkit.find(".saved-note"),
    )
    assert abs(edit_y - saved_y) < 60
    assert csp_violations(webkit) == []
