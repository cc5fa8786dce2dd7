import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crylog.cries.demo import seed_demo
from crylog.cries.models import Moment
from tests.browser.conftest import PageProblems, log_out, sign_in
from tests.browser.test_offline import signed_in_with_the_shell_kept, until
from tests.conftest import make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    sign_in(page, email)
    expect(page.get_by_role("link", name="Trends")).to_be_visible()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_trends_draw_on_a_360_px_phone_swap_in_place_and_follow_dark_mode(
    page: Page, problems: PageProblems
) -> None:
    user = make_user("trends@example.com")
    seed_demo(user=user, cries=120, weeks=20, now=timezone.now(), seed=4)
    log_in(page, user.email)

    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", name="Trends", level=1)).to_be_visible()
    expect(page.get_by_text("Illustrative, not study data.")).to_be_visible()
    charts = page.locator("section.chart")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart.locator(".chart__summary p").first).not_to_be_empty()
        # Each chart is drawn as its figure comes near the screen (its words can fill one).
        chart.locator("[data-figure]").scroll_into_view_if_needed()
        expect(chart.locator("[data-figure] svg.main-svg").first).to_be_visible()
    # Nothing wider than the phone, drawings included.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The numbers are there for anyone who would rather read.
    page.get_by_text("Show as table").first.click()
    expect(charts.first.locator("table")).to_be_visible()

    # The range filter swaps the charts in place (no page load) and keeps the address.
    page.evaluate("window.stillTheSamePage = true")
    weekly = page.locator("#chart-weekly-title + .chart__summary")
    before = weekly.inner_text()
    page.get_by_role("link", name="30 days").click()
    expect(page.get_by_role("link", name="30 days")).to_have_attribute("aria-current", "page")
    expect(page).to_have_url(re.compile(r"\?range=30d$"))
    expect(weekly).not_to_have_text(before)
    assert page.evaluate("window.stillTheSamePage") is True
    for chart in page.locator("section.chart").all():
        # Each chart is drawn as its figure comes near the screen (its words can fill one).
        chart.locator("[data-figure]").scroll_into_view_if_needed()
        expect(chart.locator("[data-figure] svg.main-svg").first).to_be_visible()

    # Back to 90 days: the page comes again from the server and draws again.
    page.go_back()
    expect(page.get_by_role("link", name="90 days")).to_have_attribute("aria-current", "page")
    expect(weekly).to_have_text(before)
    for chart in page.locator("section.chart").all():
        # Each chart is drawn as its figure comes near the screen (its words can fill one).
        chart.locator("[data-figure]").scroll_into_view_if_needed()
        expect(chart.locator("[data-figure] svg.main-svg").first).to_be_visible()

    # Dark mode repaints the drawings with the page's own colours.
    tick = page.locator("#trends .xtick text").first
    light = tick.evaluate("el => getComputedStyle(el).fill")
    page.emulate_media(color_scheme="dark")
    expect(tick).not_to_have_css("fill", light)
    dark_text = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--text').trim()"
    )
    assert dark_text == "#f1edf8"

    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_dip_from_real_baselines_swaps_in_and_its_hover_rounds_like_the_text(
    page: Page, problems: PageProblems
) -> None:
    user = make_user("baselines@example.com")
    # Six planned cries, rated before they began: dips of −18 and −19, a median of −18.5.
    for i in range(6):
        cry = make_cry(
            user,
            ended_at=timezone.now() - timedelta(days=i + 1),
            ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 42 - i % 2, Moment.AFTER_90: 65},
            planned=True,
        )
        cry.ratings.update(is_recalled=False)
    # One remembered afterwards, a dip of −10, which the real-baseline view leaves out.
    make_cry(user, ratings={Moment.BEFORE: 50, Moment.RIGHT_AFTER: 40})
    log_in(page, user.email)
    page.goto("/trends/")
    summary = page.locator("#chart-dip-title + .chart__summary")
    expect(summary).to_contain_text("were recalled after the cry")

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="Show only “before” ratings given before the cry").click()
    expect(page).to_have_url(re.compile(r"\?range=90d&baseline=real$"))
    expect(summary).to_contain_text("Showing only the")
    assert page.evaluate("window.stillTheSamePage") is True

    # The median's hover says what the summary says, halves rounded away from zero.
    expect(summary).to_contain_text("median −19 points from before (6 cries")
    figure = page.locator(".chart__figure--dip")
    figure.scroll_into_view_if_needed()
    points = figure.locator(".scatterlayer .trace").last.locator(".point")
    expect(points.first).to_be_visible()
    box = points.nth(1).bounding_box()  # right after crying
    assert box
    # plotly finds the nearest point under its own drag layer, so move the mouse there.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(figure.locator(".hovertext")).to_contain_text("median −19")

    page.get_by_role("link", name="Show every “before” rating").click()
    expect(summary).to_contain_text("were recalled after the cry")
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_chart_takes_the_width_of_its_card_when_the_phone_turns(
    page: Page, problems: PageProblems
) -> None:
    user = make_user("turns@example.com")
    seed_demo(user=user, cries=40, weeks=8, now=timezone.now(), seed=5)
    log_in(page, user.email)
    page.goto("/trends/")
    figure = page.locator(".chart__figure--weekly")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-drawn", "")
    fits = """([figure, wider]) => {
      const card = figure.getBoundingClientRect().width;
      const drawing = figure.querySelector("svg.main-svg").getBoundingClientRect().width;
      return Math.abs(card - drawing) <= 1 && card > wider;
    }"""
    assert page.evaluate(fits, [figure.element_handle(), 0])
    narrow = figure.bounding_box()["width"]  # type: ignore[index]

    page.set_viewport_size({"width": 780, "height": 360})
    page.wait_for_function(fits, arg=[figure.element_handle(), narrow + 100])
    assert page.evaluate("document.documentElement.scrollWidth") <= 780
    problems.assert_none()


# A tick of the weekly chart's time axis in German: the day, then the month as German
# shortens it ("7. Dez.", "2. März"); English would write "7 Dec", "2 Mar".
GERMAN_TICK = re.compile(
    r"^\d{1,2}\. (Jan\.|Feb\.|März|April|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)$"
)


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_weekly_chart_names_its_months_in_the_persons_language(
    page: Page, problems: PageProblems
) -> None:
    user = make_user("deutsch@example.com", language="de")
    for weeks_ago in range(0, 40, 3):
        make_cry(user, ended_at=timezone.now() - timedelta(weeks=weeks_ago, hours=1))
    page.goto("/accounts/login/")  # in the browser's English until the person is known
    sign_in(page, user.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/trends/?range=1y")
    assert page.locator("html").get_attribute("lang") == "de"
    figure = page.locator(".chart__figure--weekly")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-drawn", "")
    ticks = figure.locator(".xtick text").all_text_contents()
    assert len(ticks) >= 3, ticks
    assert all(GERMAN_TICK.match(tick) for tick in ticks), ticks
    problems.assert_none()


# Whether the service worker's cache holds the plotly.js the trends page asks for.
PLOTLY_KEPT = """src => caches.keys().then(names => Promise.all(
  names.map(name => caches.open(name).then(cache => cache.match(src)))
)).then(found => found.some(Boolean))"""


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_phone_keeps_plotly_while_signed_in_and_the_charts_are_drawn_from_it(
    page: Page, problems: PageProblems
) -> None:
    user = signed_in_with_the_shell_kept(page, "kept@example.com")
    seed_demo(user=user, cries=40, weeks=8, now=timezone.now(), seed=7)
    page.goto("/trends/")
    src = page.locator("[data-plotly-src]").get_attribute("data-plotly-src")
    # Signing in changed the service worker, which keeps plotly.js as it installs.
    assert until(page, lambda: page.evaluate(PLOTLY_KEPT, src))

    page.reload()
    with page.expect_response(lambda response: response.url.endswith(str(src))) as bundle:
        page.locator("[data-figure]").first.scroll_into_view_if_needed()
    assert bundle.value.from_service_worker
    for chart in page.locator("section.chart").all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator("[data-figure][data-drawn] svg.main-svg").first).to_be_visible()

    # Signed out, the phone lets it go: the next service worker does not keep it.
    log_out(page)
    assert until(page, lambda: not page.evaluate(PLOTLY_KEPT, src))
    problems.assert_none()
