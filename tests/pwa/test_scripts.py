"""The URLs the pages give their scripts (crylog/pwa/scripts.py): each one crylog answers at."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from crylog.pwa.scripts import script_urls


@pytest.mark.parametrize(
    ("key", "name"),
    [("cry", "cry-detail"), ("before", "cry-rate-before"), ("details", "cry-details")],
)
def test_a_cry_s_url_takes_its_number_where_id_stands(key: str, name: str) -> None:
    url = script_urls()[key]
    assert url.count("{id}") == 1
    assert url.replace("{id}", "42") == reverse(name, kwargs={"pk": 42})


def test_every_url_is_crylog_s_own() -> None:
    for key, url in script_urls(signed_in=True).items():
        path = url.replace("{id}", "42").split("?")[0]
        assert resolve(path).url_name, key


def test_only_someone_signed_in_gets_the_service_worker_that_keeps_plotly() -> None:
    assert script_urls()["serviceWorker"] == "/sw.js?lang=en"
    assert script_urls(signed_in=True)["serviceWorker"] == "/sw.js?signed-in=1&lang=en"


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_service_worker_s_url_names_the_language_of_the_page(language: str) -> None:
    with translation.override(language):
        assert script_urls(signed_in=True)["serviceWorker"] == f"/sw.js?signed-in=1&lang={language}"


def test_a_language_crylog_does_not_offer_gives_the_service_worker_of_its_own() -> None:
    with translation.override("fr"):
        assert script_urls()["serviceWorker"] == "/sw.js?lang=en"
