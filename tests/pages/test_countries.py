"""Which country a person is in (crylog/pages/countries.py): from a time zone by the IANA
tables, from the region of a browser's first language, never from a language alone."""

import pytest

from crylog.pages.countries import (
    Clue,
    country_clue,
    country_of_language,
    country_of_time_zone,
    first_language,
)


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/Vienna", "AT"),
        ("Europe/Zurich", "CH"),
        ("Europe/Berlin", "DE"),
        ("Europe/Busingen", "DE"),  # a German town on Swiss time: zone.tab knows
        ("Europe/Oslo", "NO"),  # a link to Europe/Berlin since 2022, and still Norway
        ("Atlantic/Canary", "ES"),
        ("Africa/Ceuta", "ES"),
        ("America/Mexico_City", "MX"),
        ("America/Argentina/Buenos_Aires", "AR"),
        # Old names, not in zone.tab: a link to a zone of one country.
        ("America/Buenos_Aires", "AR"),  # what Chrome reports in Buenos Aires
        ("Mexico/General", "MX"),
        ("US/Eastern", "US"),
        ("Asia/Tokyo", "JP"),
    ],
)
def test_a_time_zone_is_in_its_country(zone: str, country: str) -> None:
    assert country_of_time_zone(zone) == country


@pytest.mark.parametrize(
    "zone",
    [
        "UTC",
        "Etc/GMT+3",
        "Europe/Atlantis",
        "",
        # Links to a zone several countries share say nothing about which one.
        "Atlantic/Jan_Mayen",  # Norway's, a link to Europe/Berlin (DE, DK, NO, SE, SJ)
        "Antarctica/South_Pole",  # a link to Pacific/Auckland (NZ, AQ)
        "Canada/Eastern",  # a link to America/Toronto (CA, BS)
        # Names without an area: abbreviations and old aliases.
        "EET",  # a link to Europe/Athens, and Eastern European Time in a dozen countries
        "WET",
        "Iceland",  # a link to Africa/Abidjan
    ],
)
def test_a_time_zone_of_no_one_country_names_none(zone: str) -> None:
    assert country_of_time_zone(zone) is None


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-MX,es;q=0.9", "es-mx"),
        ("de-AT", "de-at"),
        ("es", "es"),
        ("de,en-US;q=0.7,en;q=0.3", "de"),  # Firefox in German: not the American English after
        ("en;q=0.5,es-CL;q=0.8", "es-cl"),  # by weight, not by place
        ("*", None),
        ("", None),
        ("es-MX;q=nonsense", None),
    ],
)
def test_the_browser_s_first_language_is_the_one_it_weighs_highest(
    header: str, language: str | None
) -> None:
    assert first_language(header) == language


@pytest.mark.parametrize(
    ("tag", "country"),
    [
        ("es-mx", "MX"),
        ("de-at", "AT"),
        ("de-ch", "CH"),
        ("zh-hant-tw", "TW"),  # a script before the region
        ("sr-latn-rs", "RS"),
        ("es", None),  # a language alone says nothing of a country
        ("de", None),
        ("es-419", None),  # Latin America: an area, not a country
        ("en-xa", None),  # private use
        ("en-zz", None),
        ("gsw-u-sd-chzh", None),  # an extension, not a region
        ("x-klingon", None),
    ],
)
def test_a_language_tag_names_a_country_only_by_its_region(tag: str, country: str | None) -> None:
    assert country_of_language(tag) == country


def test_the_time_zone_wins_over_the_browser() -> None:
    clue = country_clue(time_zone="Europe/Vienna", accept_language="es-MX,es;q=0.9")
    assert clue == Clue("AT", time_zone="Europe/Vienna")


def test_a_time_zone_of_a_country_wins_even_where_no_line_is_listed() -> None:
    clue = country_clue(time_zone="Asia/Tokyo", accept_language="es-MX")
    assert clue == Clue("JP", time_zone="Asia/Tokyo")


def test_a_time_zone_of_no_country_leaves_it_to_the_browser() -> None:
    assert country_clue(time_zone="UTC", accept_language="es-MX") == Clue("MX", language="es-mx")
    assert country_clue(time_zone="", accept_language="de-AT") == Clue("AT", language="de-at")


def test_without_a_clue_there_is_no_country() -> None:
    assert country_clue(time_zone="", accept_language="es") is None
    assert country_clue(time_zone="UTC", accept_language="") is None
