"""The trends page: what a person sees for no, one, some and many cries; htmx; queries."""

import json
import re
from calendar import MONDAY
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from crylog.cries.models import Moment, MoodRating
from crylog.insights import dashboard
from crylog.insights.stats import CryRow, followup_window
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

URL = reverse("insights-dashboard")
HTMX = {"HX-Request": "true"}
FIGURES = ["chart-dip-figure", "chart-ninety-figure", "chart-helped-figure", "chart-weekly-figure"]


def page(client: Client, query: str = "", headers: dict[str, str] | None = None) -> str:
    response = client.get(URL + query, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, element_id: str) -> dict[str, object]:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no {element_id}"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def full_cry(user: User, days_ago: float = 1, **fields: object) -> None:
    make_cry(
        user,
        ended_at=timezone.now() - timedelta(days=days_ago),
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45, Moment.AFTER_90: 70},
        **fields,
    )


def test_it_asks_a_stranger_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_with_no_cries_it_says_how_trends_start_and_draws_nothing(owner_client: Client) -> None:
    html = page(owner_client)
    assert "Nothing to show yet" in html
    assert "I just cried" in html
    assert "data-figure" not in html
    assert "<svg" not in html


def test_a_period_without_cries_offers_all_of_them(owner_client: Client, user: User) -> None:
    full_cry(user, days_ago=200)
    html = page(owner_client)
    assert "No cries in the last 90 days" in html
    assert 'href="?range=all"' in html


def test_one_cry_is_shown_in_words_until_a_second_comes(owner_client: Client, user: User) -> None:
    full_cry(user)
    html = page(owner_client)
    assert "One cry so far" in html
    assert re.search(r"<dt>before</dt><dd>60</dd>", html)
    assert "data-figure" not in html


def test_without_follow_ups_the_dip_draws_and_the_90_minute_chart_explains(
    owner_client: Client, user: User
) -> None:
    for valence in (40, 50):
        make_cry(user, ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: valence})
    html = page(owner_client)
    assert 'data-figure="chart-dip-figure"' in html
    assert 'data-figure="chart-ninety-figure"' not in html
    assert "No cry here has both a “before” rating and a 90-minute check-in yet" in html
    assert "No 90-minute check-in window has closed yet." in html


def test_with_many_cries_every_chart_has_its_figure_summary_and_table(
    owner_client: Client, user: User
) -> None:
    seed_demo(user=user, cries=80, weeks=8, now=timezone.now(), seed=1)
    html = page(owner_client)
    for element_id in FIGURES:
        assert figure(html, element_id)["data"]
    assert html.count("Show as table") == 4
    assert "with a 90-minute check-in you felt better than before" in html
    assert "Illustrative, not study data." in html
    dip = figure(html, "chart-dip-figure")
    assert dip["layout"]["annotations"][0]["text"] == "how you felt before"  # type: ignore[index]


def test_a_person_sees_only_their_own_cries(stranger_client: Client, user: User) -> None:
    for _ in range(3):
        full_cry(user)
    assert "Nothing to show yet" in page(stranger_client)


def test_the_range_filter_counts_only_cries_in_the_period(owner_client: Client, user: User) -> None:
    full_cry(user, days_ago=2)
    full_cry(user, days_ago=3)
    full_cry(user, days_ago=60)
    assert "3 cries over" in page(owner_client, "?range=90d")
    assert "2 cries over" in page(owner_client, "?range=30d")
    assert "No cries" not in page(owner_client, "?range=all")


def test_every_range_is_a_plain_link_and_an_htmx_swap(owner_client: Client) -> None:
    html = page(owner_client, "?range=1y")
    for key in ("30d", "90d", "1y", "all"):
        assert f'href="?range={key}" data-hx-get="?range={key}"' in html
    assert re.search(r'hx-get="\?range=1y"[^>]*aria-current="page"', html)


def test_an_unknown_range_falls_back_to_90_days(owner_client: Client) -> None:
    assert re.search(
        r'hx-get="\?range=90d"[^>]*aria-current="page"', page(owner_client, "?range=x")
    )


def test_htmx_gets_only_the_charts_and_the_response_varies_on_it(
    owner_client: Client, user: User
) -> None:
    full_cry(user)
    full_cry(user, days_ago=2)
    response = owner_client.get(URL + "?range=30d", headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="trends"')
    assert "chart-dip-figure" in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(owner_client: Client) -> None:
    html = page(owner_client, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in html


def test_the_page_keeps_to_the_strict_content_security_policy(
    owner_client: Client, user: User
) -> None:
    seed_demo(user=user, cries=20, weeks=4, now=timezone.now(), seed=2)
    response = owner_client.get(URL)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    html = response.content.decode()
    assert " style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    # plotly.js's own rules come from our stylesheet; this link tells it not to inject them.
    assert re.search(
        r'<link id="plotly.js-style-global" class="no-inline-styles" rel="stylesheet"', html
    )


def test_the_dashboard_makes_as_many_queries_for_1000_cries_as_for_10(
    owner_client: Client, user: User
) -> None:
    def queries_for(cries: int) -> int:
        seed_demo(user=user, cries=cries, weeks=20, now=timezone.now(), seed=cries)
        with CaptureQueriesContext(connection) as captured:
            assert "Show as table" in page(owner_client, "?range=all")
        return len(captured)

    page(owner_client)  # a session's first page stores its CSRF secret in it (a write)
    assert queries_for(10) == queries_for(1000)


def test_the_plotly_bundle_and_its_stylesheet_are_ours_and_match_the_pinned_version() -> None:
    served = Path(finders.find("vendor/plotly/plotly-basic.min.js"))  # type: ignore[arg-type]
    package = Path(settings.BASE_DIR) / "node_modules/plotly.js-basic-dist-min/plotly-basic.min.js"
    # The pinned bundle, unchanged, behind Chromium's compile hint (tools/plotly_bundle.mjs).
    assert served.read_bytes() == b"//# allFunctionsCalledOnLoad\n" + package.read_bytes()
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]
    stylesheet = Path(finders.find("css/plotly.css")).read_text()  # type: ignore[arg-type]
    assert stylesheet.startswith(f"/* plotly.js {version}:")


NOW = timezone.now().replace(microsecond=0)


def unanswered_cry(user: User, minutes_ago: int) -> None:
    make_cry(user, ended_at=NOW - timedelta(minutes=minutes_ago), ratings={Moment.BEFORE: 50})


@pytest.mark.parametrize(
    ("delay", "minutes_ago", "still_waiting"),
    [(120, 180, True), (120, 181, False), (90, 150, True), (90, 151, False)],
)
def test_the_check_in_window_follows_the_persons_own_reminder_delay(
    owner_client: Client, user: User, delay: int, minutes_ago: int, still_waiting: bool
) -> None:
    user.followup_delay_minutes = delay
    user.save()
    full_cry(user, days_ago=3)
    unanswered_cry(user, minutes_ago)
    with time_machine.travel(NOW, tick=False):
        html = page(owner_client)
    if still_waiting:
        assert "for 1 of 1 cry whose check-in was due (100%)" in html
        assert "1 cry may still get one." in html
    else:
        assert "for 1 of 2 cries whose check-in was due (50%)" in html
        assert "may still get one" not in html


def test_only_a_late_90_minute_answer_counts_as_a_late_check_in(
    owner_client: Client, user: User
) -> None:
    on_time = make_cry(
        user,
        ended_at=NOW - timedelta(days=1),
        ratings={Moment.BEFORE: 50, Moment.AFTER_20: 50, Moment.AFTER_90: 60},
    )
    MoodRating.objects.filter(cry=on_time, moment=Moment.AFTER_20).update(is_late=True)
    full_cry(user, days_ago=2)
    assert "came late" not in page(owner_client)

    MoodRating.objects.filter(cry=on_time, moment=Moment.AFTER_90).update(is_late=True)
    assert "1 of those answers came late (50%)" in page(owner_client)


def planned_cry(user: User, days_ago: float) -> None:
    cry = make_cry(
        user,
        ended_at=timezone.now() - timedelta(days=days_ago),
        ratings={Moment.BEFORE: 70, Moment.RIGHT_AFTER: 30, Moment.AFTER_90: 75},
        planned=True,
    )
    cry.ratings.filter(moment=Moment.BEFORE).update(is_recalled=False)


def test_the_dip_from_real_baselines_alone_is_a_plain_link_once_there_are_five(
    owner_client: Client, user: User
) -> None:
    for days_ago in range(1, 7):
        full_cry(user, days_ago=days_ago)  # before recalled: 60 → 45, dip −15
    for days_ago in range(1, 5):
        planned_cry(user, days_ago=days_ago + 0.5)  # before given ahead: 70 → 30, dip −40
    html = page(owner_client)
    assert "6 of the 10 “before” ratings here were recalled after the cry" in html
    assert "shows once 5 planned cries have one" in html
    assert "baseline=real" not in html
    # Asked for anyway with four, it shows every cry.
    assert "median −15 points from before (10 cries" in page(owner_client, "?baseline=real")

    planned_cry(user, days_ago=6.5)
    html = page(owner_client)
    assert "6 of the 11 “before” ratings" in html
    assert "shows once" not in html
    link = 'href="?range=90d&amp;baseline=real" data-hx-get="?range=90d&amp;baseline=real"'
    assert link in html
    real = page(owner_client, "?range=90d&baseline=real")
    assert "median −40 points from before (5 cries with both ratings" in real
    assert "Showing only the 5 cries whose “before” was rated before the cry" in real
    assert 'href="?range=90d" data-hx-get="?range=90d"' in real
    assert figure(real, "chart-dip-figure")["data"]


def test_a_new_persons_weeks_start_at_their_first_cry(owner_client: Client, user: User) -> None:
    full_cry(user, days_ago=1)
    full_cry(user, days_ago=0.5)
    html = page(owner_client)
    assert "2 cries since your first cry, 1 day ago; a weekly average needs a week." in html
    assert "over 14 weeks" not in html
    assert "13 weeks" not in html


def test_the_weekly_average_divides_by_the_real_span(owner_client: Client, user: User) -> None:
    full_cry(user, days_ago=200)  # before the period: the whole 90 days count
    for days_ago in (80, 40, 10):
        full_cry(user, days_ago=days_ago)
    assert "3 cries over 12.9 weeks, about 0.2 a week" in page(owner_client)
    # Since the first cry 35 days ago: 5 weeks, not the 90 days of the range.
    user.cries.all().delete()
    for days_ago in (35, 10):
        full_cry(user, days_ago=days_ago)
    assert "2 cries over 5 weeks, about 0.4 a week" in page(owner_client)


def test_the_page_makes_no_claim_about_what_is_normal_and_names_its_groups_neutrally(
    owner_client: Client, user: User
) -> None:
    seed_demo(user=user, cries=40, weeks=6, now=timezone.now(), seed=3)
    html = page(owner_client)
    assert "it is normal" not in html
    assert "When it helped" not in html
    assert "What went with a bigger change" in html
    assert "groups were compared" in html or "Only this group" in html or "A group appears" in html


def test_the_rise_summary_counts_the_cries_that_lack_a_before_rating() -> None:
    ended = NOW - timedelta(days=1)
    rows = [
        *(CryRow(ended, right_after=30, after_90=50) for _ in range(3)),
        CryRow(ended, before=50, right_after=40, after_90=60),
        *(CryRow(ended, before=50, after_90=60) for _ in range(2)),  # no right after
    ]
    built = dashboard.build(
        rows,
        period=dashboard.DEFAULT_PERIOD,
        now=NOW,
        zone=ZoneInfo("UTC"),
        followup_window=followup_window(90),
        first_weekday=MONDAY,
    )
    summary = " ".join(built.charts[0].summary)
    assert "(4 cries, 3 of them without a before rating)" in summary
