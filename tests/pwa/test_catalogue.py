"""The words of our scripts (crylog/pwa/catalogue.py): one catalogue per language at an address
that names it, kept a year by anyone, answered without a look at the session or the database,
and the one of the page's language on every page."""

import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from crylog.pwa.catalogue import catalogue
from tests.conftest import make_user
from tests.i18n.catalogues import Entry, write_mo

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60
SCRIPT = re.compile(r'<script src="(/jsi18n/[^"]+)" defer></script>')


def signed_in(language: str = "") -> Client:
    client = Client()
    client.force_login(make_user(language=language))
    return client


def catalogue_on(page: bytes) -> str:
    found = SCRIPT.findall(page.decode())
    assert len(found) == 1, "a page loads one catalogue"
    return str(found[0])


@pytest.mark.parametrize("who", ["visitor", "signed in"])
def test_the_catalogue_is_answered_without_a_single_query(
    who: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = Client() if who == "visitor" else signed_in(language="de")
    url = catalogue("de").url
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == catalogue("de").script


def test_anyone_may_keep_it_for_a_year_whoever_asks() -> None:
    response = signed_in(language="es").get(catalogue("de").url, headers={"Accept-Language": "es"})
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    assert "Vary" not in response  # the address says everything it depends on
    assert not response.cookies
    assert "django.gettext = function" in response.content.decode()


def test_an_address_of_another_version_gets_this_one_not_to_be_kept() -> None:
    """A page from before the catalogue changed still finds words, and the new catalogue is
    not kept under the old address."""
    response = Client().get("/jsi18n/de/0123456789ab.js")
    assert response.status_code == 200
    assert response.content == catalogue("de").script
    assert response["Cache-Control"] == "no-cache"


def test_a_language_crylog_does_not_offer_has_no_catalogue() -> None:
    version = catalogue("de").version
    assert Client().get(f"/jsi18n/fr/{version}.js").status_code == 404
    assert Client().get(f"/jsi18n/de/{version}.js").status_code == 200


def test_every_page_loads_the_catalogue_of_its_own_language() -> None:
    visitor = Client().get("/help/", headers={"Accept-Language": "es"})
    assert catalogue_on(visitor.content) == catalogue("es").url
    chose = signed_in(language="de").get("/", headers={"Accept-Language": "es"})
    assert catalogue_on(chose.content) == catalogue("de").url
    follows_the_browser = signed_in().get("/settings/", headers={"Accept-Language": "es"})
    assert catalogue_on(follows_the_browser.content) == catalogue("es").url
    shell = signed_in(language="de").get("/offline/")
    assert catalogue_on(shell.content) == catalogue("de").url


def test_a_changed_catalogue_has_a_new_address(settings: Settings, tmp_path: Path) -> None:
    before = catalogue("de")
    write_mo(
        [Entry("Answer now", msgstr=("Gleich antworten",))],
        tmp_path / "de" / "LC_MESSAGES" / "djangojs.mo",
        language="de",
    )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    after = catalogue("de")
    assert '"Answer now": "Gleich antworten"' in after.script.decode()
    assert after.url != before.url
    assert catalogue_on(signed_in(language="de").get("/").content) == after.url
    assert Client().get(after.url)["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    assert Client().get(before.url)["Cache-Control"] == "no-cache"


def test_it_holds_crylog_s_words_alone() -> None:
    """Not the admin's, which Django has in German: only our own scripts'."""
    script = catalogue("de").script.decode()
    assert '"Answer now": "Jetzt antworten"' in script
    assert "Available %s" not in script
