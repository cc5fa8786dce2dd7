"""The help page shows the person's country first, where their time zone or their browser's
language names it, with its emergency numbers and why; never from a guess, and the list of
every country stays one tap below."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from crylog.pages.helplines import COUNTRIES, HELPLINES, language_name
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SHOWN_FIRST = '<section class="card stack urgent here" aria-labelledby="here-title">'


def help_page(*, time_zone: str | None = None, accept_language: str = "") -> str:
    """The help page as a visitor sees it, or a person signed in with ``time_zone``."""
    client = Client()
    if time_zone is not None:
        client.force_login(make_user(timezone=time_zone))
    headers = {"Accept-Language": accept_language} if accept_language else {}
    return client.get(reverse("pages-help"), headers=headers).content.decode()


def shown_first(page: str) -> str:
    """The section the page shows first, or "" when it shows every country alike."""
    start = page.find(SHOWN_FIRST)
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def test_a_time_zone_in_austria_shows_austria_first_with_its_line_and_emergency_number() -> None:
    first = shown_first(help_page(time_zone="Europe/Vienna"))
    assert '<h2 id="here-title">Austria</h2>' in first
    assert "Shown first because your time zone is Europe/Vienna." in first
    assert '<a href="tel:112">Call 112</a> <span class="muted">emergencies</span>' in first
    assert '<a href="tel:144">Call 144</a> <span class="muted">ambulance</span>' in first
    assert "TelefonSeelsorge" in first
    assert 'href="tel:142">Call 142</a>' in first
    assert "Samaritans" not in first  # only Austria's own


@pytest.mark.parametrize(
    ("zone", "country", "number"),
    [
        ("America/Mexico_City", "Mexico", "tel:8009112000"),
        ("Atlantic/Canary", "Spain", "tel:024"),
        ("Europe/Paris", "France", "tel:3114"),
        ("America/Buenos_Aires", "Argentina", "tel:08009990091"),  # Chrome's old name
        ("America/Santiago", "Chile", "tel:*4141"),
        ("Europe/Dublin", "Ireland", "tel:116123"),  # a line of two countries
    ],
)
def test_a_time_zone_shows_its_country_first(zone: str, country: str, number: str) -> None:
    first = shown_first(help_page(time_zone=zone))
    assert f'<h2 id="here-title">{country}</h2>' in first
    assert f'href="{number}"' in first


def test_the_time_zone_wins_over_the_browser() -> None:
    first = shown_first(help_page(time_zone="Europe/Vienna", accept_language="es-MX,es;q=0.9"))
    assert '<h2 id="here-title">Austria</h2>' in first
    assert "Mexico" not in first


def test_a_time_zone_in_a_country_crylog_lists_no_line_for_shows_nothing_first() -> None:
    page = help_page(time_zone="Asia/Tokyo", accept_language="es-MX,es;q=0.9")
    assert shown_first(page) == ""
    assert 'id="here-title"' not in page  # every country alike, as for anyone without a clue


def test_a_time_zone_of_no_country_leaves_it_to_the_browser() -> None:
    first = shown_first(help_page(time_zone="UTC", accept_language="es-MX"))
    with translation.override("es"):
        assert f'<h2 id="here-title">{gettext("Mexico")}</h2>' in first


def test_a_visitor_s_browser_region_shows_that_country_first() -> None:
    first = shown_first(help_page(accept_language="es-MX,es;q=0.9"))
    with translation.override("es"):
        assert f'<h2 id="here-title">{gettext("Mexico")}</h2>' in first
    # The language by Django's own name for it, in the page's language: "español".
    with translation.override("es"):
        spanish = translation.get_language_info("es")["name_translated"]
        reason = gettext("Shown first because your browser asks for %(language)s (%(country)s).")
        reason %= {"language": spanish, "country": gettext("Mexico")}
        call = gettext("Call %(number)s") % {"number": "911"}
        reaches = pgettext("what an emergency number reaches", "emergencies")
    assert not reason.startswith("Shown first")  # Spanish, as the page
    assert escape(reason) in first
    assert f'<a href="tel:911">{call}</a> <span class="muted">{reaches}</span>' in first
    assert "Línea de la Vida" in first


def test_the_reason_names_the_language_and_the_country() -> None:
    first = shown_first(help_page(accept_language="en-IE,en;q=0.8"))
    assert "Shown first because your browser asks for English (Ireland)." in first


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("es-mx", "Spanish"),  # not Django's "Mexican Spanish": the country follows it
        ("zh-hant-tw", "Traditional Chinese"),
        ("xx-at", "xx-at"),  # a language Django has no name for: its tag, as data
    ],
)
def test_the_browser_s_language_is_named_without_its_country(tag: str, name: str) -> None:
    assert language_name(tag) == name


@pytest.mark.parametrize(
    "accept_language",
    [
        "es",  # Spanish is spoken in twenty countries: no guess
        "es-419",  # Latin America, no one country
        "de,en-US;q=0.7,en;q=0.3",  # Firefox in German: the region of a later language is no clue
        "",
    ],
)
def test_a_language_without_a_country_shows_nothing_first(accept_language: str) -> None:
    page = help_page(accept_language=accept_language)
    assert shown_first(page) == ""
    assert "Shown first" not in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.append(values["id"] or "")


def test_all_countries_is_one_tap_away_on_the_same_page() -> None:
    page = help_page(accept_language="de-AT")
    links = _Links()
    links.feed(page)
    assert "#all-countries" in links.hrefs
    assert links.ids.count("all-countries") == 1
    first = shown_first(page)
    with translation.override("de"):  # the page speaks the browser's German
        all_countries = gettext("All countries")
    assert all_countries != "All countries"
    assert f'<a href="#all-countries">{all_countries}</a>' in first
    # The full list follows below it: every line of every country.
    rest = page[page.index('id="all-countries"') :]
    assert page.index(SHOWN_FIRST) < page.index('id="all-countries"')
    for line in HELPLINES:
        assert line.contacts[0].href in rest, line.name


def test_the_page_varies_with_the_browser_s_language() -> None:
    response = Client().get(reverse("pages-help"), headers={"Accept-Language": "es-MX"})
    assert "Accept-Language" in response["Vary"]


def test_every_number_is_dialled_as_digits() -> None:
    """Each country shown first in turn, so every emergency number and line is on a page."""
    hrefs = []
    for code in COUNTRIES:
        page = help_page(accept_language=f"en-{code}")
        assert shown_first(page), code
        links = _Links()
        links.feed(page)
        hrefs += [href for href in links.hrefs if href.startswith(("tel:", "sms:"))]
    assert len(hrefs) > 100
    assert [href for href in hrefs if not re.fullmatch(r"(tel|sms):\*?\d+", href)] == []


def test_every_country_has_a_line_and_an_emergency_number() -> None:
    listed = {code for line in HELPLINES for code in line.countries}
    assert listed == set(COUNTRIES)
    assert all(country.emergency for country in COUNTRIES.values())
