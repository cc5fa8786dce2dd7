"""A 360 px phone (issue 11): one header row, 44 px tap targets everywhere, slider ends on one
line, and screens that agree with the database after every save swapped in place."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment
from crylog.cries.services import cry_create, cry_plan
from tests.browser.conftest import PageProblems, sign_in, touch_slider
from tests.browser.tap_targets import OPEN_ALL_DETAILS, TAB_BAR, TABS, small_tap_targets
from tests.conftest import make_cry, make_user

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


@pytest.fixture(params=["android"])
def phone(request: pytest.FixtureRequest) -> str:
    """360 px wide, the narrowest common phone."""
    return request.param


# Every Content-Security-Policy violation the page sees, kept across the page's own scripts.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture(autouse=True)
def _record_csp(page: Page) -> Iterator[None]:
    page.add_init_script(RECORD_CSP)
    yield


def csp_violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")  # type: ignore[no-any-return]


def log_in(page: Page, user: User) -> None:
    page.goto(reverse("account_login"))
    sign_in(page, user.email)
    page.wait_for_url("**/")


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
        "/settings/delete/", "/trends/", "/accounts/password/change/", "/accounts/email/",
        "/help/", "/privacy/", "/offline/",
    ]  # fmt: skip


def test_every_tap_target_is_at_least_44_px_on_every_page(
    page: Page, problems: PageProblems
) -> None:
    small: dict[str, list[dict[str, object]]] = {}

    def measure(url: str) -> None:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate(OPEN_ALL_DETAILS)
        small[url] = small_tap_targets(page)

    for url in PUBLIC:
        measure(url)
    user = make_user()
    pages = list(personal_pages(user))
    log_in(page, user)
    for url in pages:
        measure(url)
    # A form returned with its errors.
    page.goto("/cries/new/?separate=1")
    page.get_by_role("button", name="Save").tap()
    expect(page.locator(".error")).to_be_visible()
    page.evaluate(OPEN_ALL_DETAILS)
    small["/cries/new/ with an error"] = small_tap_targets(page)

    offenders = {
        url: [f"{t['text'] or t['element']!r} {t['width']}×{t['height']}" for t in found]
        for url, found in small.items()
        if found
    }
    assert offenders == {}, "\n".join(f"{url}: {found}" for url, found in offenders.items())
    problems.assert_none()


def test_the_measure_finds_a_small_link(page: Page) -> None:
    """The measure itself can fail: a bare inline link is under 44 px tall."""
    page.goto("/help/")
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = '#'; a.textContent = 'tiny';"
        " a.style.cssText = 'display:inline;min-height:0'; document.querySelector('main').append(a); }"
    )
    found = small_tap_targets(page)
    assert [target["text"] for target in found] == ["tiny"]


def test_the_header_is_one_row_with_help_always_in_view(page: Page, problems: PageProblems) -> None:
    user = make_user()
    for url in PUBLIC:
        page.goto(url)
        assert _header_height(page) < 70, url
    log_in(page, user)
    for url in ["/", "/cries/", "/trends/", "/reminders/", "/settings/", "/help/"]:
        page.goto(url)
        assert _header_height(page) < 70, url
        expect(page.get_by_role("link", name="I need help now")).to_be_in_viewport()
        # The main links stay within reach at the bottom, on screen, however far one scrolls.
        page.mouse.wheel(0, 5000)
        expect(page.get_by_role("navigation", name="Main")).to_be_in_viewport()
    expect(page.get_by_role("link", name="History")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    problems.assert_none()


def test_the_tab_bar_holds_five_places_with_the_one_here_marked(
    page: Page, problems: PageProblems
) -> None:
    """Home, History, Trends, Reminders, Settings: places only, each at least 44 px and its
    label whole on a 360 px phone; signing out is in Settings, away from a slipping thumb."""
    log_in(page, make_user())
    for url, here in TABS.items():
        page.goto(url)
        tabs = page.evaluate(TAB_BAR)
        assert [tab["name"] for tab in tabs] == list(TABS.values()), url
        assert [tab["name"] for tab in tabs if tab["current"]] == [here], url
        assert [
            tab for tab in tabs if not tab["fits"] or min(tab["width"], tab["height"]) < 44
        ] == []
    page.goto("/settings/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    problems.assert_none()


def _header_height(page: Page) -> float:
    box = page.locator("header.top").bounding_box()
    assert box is not None
    return box["height"]


def test_the_slider_ends_stay_on_one_line(page: Page, problems: PageProblems) -> None:
    user = make_user()
    planned = cry_plan(user=user, valence=50)
    log_in(page, user)
    wrapped = {}
    # The narrowest place is a planned cry's card on the home page.
    for url, sliders in [("/", 1), ("/cries/new/?separate=1", 2), ("/cries/plan/", 1)]:
        page.goto(url)
        page.evaluate(OPEN_ALL_DETAILS)
        heights = page.evaluate(
            "() => [...document.querySelectorAll('.mood__ends span')].map((s) =>"
            " [s.textContent, s.getBoundingClientRect().height, parseFloat(getComputedStyle(s).lineHeight)])"
        )
        assert len(heights) == 2 * sliders, url
        wrapped[url] = [text for text, height, line in heights if height > line * 1.2]
    assert planned.pk and wrapped == {url: [] for url in wrapped}
    problems.assert_none()


# Screens that never contradict themselves (issue 11, point 3).


def test_a_check_in_on_the_home_page_shows_in_last_cries(
    page: Page, problems: PageProblems
) -> None:
    user = make_user()
    log_in(page, user)
    expect(page.get_by_text("Nothing logged yet")).to_be_visible()
    page.get_by_role("link", name="I just cried").tap()
    touch_slider(page, "#checkin #id_valence", 0.3)
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved. That's all")).to_be_visible()
    expect(page.get_by_text("Nothing logged yet")).to_have_count(0)
    valence = Cry.objects.get(user=user).ratings.get().valence
    expect(page.locator("#recent .cry-row")).to_have_count(1)
    expect(page.locator("#recent .cry-row")).to_contain_text(f"right after {valence}")
    # The before saved in place shows in the row below too.
    touch_slider(page, "#before input[type=range]", 0.7)
    page.get_by_role("button", name="Save before").tap()
    expect(page.locator("#before")).to_contain_text("Before:")
    before = Cry.objects.get(user=user).ratings.get(moment=Moment.BEFORE).valence
    expect(page.locator("#recent .cry-row")).to_contain_text(f"before {before}")
    assert csp_violations(page) == []
    problems.assert_none()


def test_ending_a_planned_cry_leaves_no_stale_card_or_message(
    page: Page, problems: PageProblems
) -> None:
    user = make_user()
    log_in(page, user)
    page.get_by_role("link", name="I'm about to watch something sad").tap()
    touch_slider(page, "input[type=range]", 0.6)
    page.get_by_role("button", name="Save and start").tap()
    expect(page.get_by_text("Noted. Tap")).to_be_visible()
    expect(page.get_by_text("Started just now.")).to_be_visible()
    planned = Cry.objects.get(user=user)

    touch_slider(page, f"#end-{planned.pk} input[type=range]", 0.4)
    page.get_by_role("button", name="It's over").tap()
    expect(page.get_by_text("Saved. That's all")).to_be_visible()
    expect(page.get_by_text("Noted. Tap")).to_have_count(0)
    expect(page.get_by_text("Planned, not over yet")).to_have_count(0)
    expect(page.locator("#recent .cry-row")).to_have_count(1)
    # The saved card is at the top, not inside a planned card.
    assert page.locator(f"#checkin #cry-{planned.pk}").count() == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert csp_violations(page) == []
    problems.assert_none()


def test_i_just_cried_offers_to_end_the_planned_cry(page: Page, problems: PageProblems) -> None:
    user = make_user()
    planned = cry_plan(user=user, valence=50)
    log_in(page, user)
    page.get_by_role("link", name="I just cried").tap()
    expect(page.get_by_role("heading", name="Is this the one you planned?")).to_be_visible()
    touch_slider(page, f"#over-{planned.pk} input[type=range]", 0.45)
    page.locator(f"#over-{planned.pk}").get_by_role("button", name="It's over").tap()
    expect(page.get_by_text("Saved. That's all")).to_be_visible()
    expect(page.get_by_text("Planned, not over yet")).to_have_count(0)
    assert Cry.objects.filter(user=user).count() == 1
    planned.refresh_from_db()
    assert planned.ended_at is not None
    assert csp_violations(page) == []
    problems.assert_none()


def test_edit_details_shows_them_with_saved_beside_the_button(
    page: Page, problems: PageProblems
) -> None:
    user = make_user()
    cry = make_cry(user)
    log_in(page, user)
    page.goto(cry.get_absolute_url())
    page.get_by_role("link", name="Add details").tap()
    page.get_by_text("sobbing").tap()
    page.get_by_label("Note (only you see it)").fill("after the call")
    save = page.get_by_role("button", name="Save details")
    save.tap()
    saved = page.get_by_text("Details saved.")
    expect(saved).to_be_in_viewport()
    expect(page.locator("#details")).to_contain_text("sobbing")
    expect(page.locator("#details")).to_contain_text("after the call")
    edit = page.get_by_role("link", name="Edit details")
    edit_box, saved_box = edit.bounding_box(), saved.bounding_box()
    assert edit_box and saved_box and abs(edit_box["y"] - saved_box["y"]) < 60
    assert csp_violations(page) == []
    problems.assert_none()
