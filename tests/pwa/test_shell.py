"""The app shell the phone keeps: nobody's data in it, and the service worker keeps only it and
the files it needs, never a person's own pages."""

import json
import re

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.pwa.catalogue import catalogue
from tests.conftest import make_user
from tests.pwa.modules import module_graph, module_scripts

pytestmark = pytest.mark.django_db


def service_worker_of(client: Client) -> str:
    """The URL of the service worker this client's pages register (static/pwa/register.js)."""
    page = client.get(reverse("pages-help")).content.decode()
    urls = re.search(r'<script id="crylog-urls" type="application/json">(.*?)</script>', page)
    assert urls, "no URLs for the scripts on the page"
    return str(json.loads(urls.group(1))["serviceWorker"])


def shell_of(client: Client) -> dict[str, object]:
    """What the service worker this client's pages register keeps. The browser fetches a
    module service worker without cookies, so it is fetched here without them too."""
    script = Client().get(service_worker_of(client)).content.decode()
    match = re.search(r"^const SHELL = (\{.*\});$", script, re.MULTILINE)
    assert match, "no SHELL in the service worker"
    shell: dict[str, object] = json.loads(match.group(1))
    return shell


def catalogue_url(language: str) -> str:
    return catalogue(language).url


def test_the_shell_page_is_the_same_for_everyone_and_holds_nothing_personal(
    owner_client: Client, user: User
) -> None:
    Cry.objects.create(user=user, ended_at="2026-03-01T12:00Z")
    mine = owner_client.get("/offline/")
    anyone = Client().get("/offline/")
    assert mine.content == anyone.content
    page = mine.content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "X-CSRFToken" not in page
    assert user.email not in page
    assert "data-crylog-user" not in page
    assert "private" not in mine["Cache-Control"]
    assert "no-store" not in mine["Cache-Control"]
    assert "You are offline." in page


def test_the_service_worker_keeps_the_shell_and_its_files(owner_client: Client) -> None:
    shell = shell_of(owner_client)
    assert shell["page"] == "/offline/"
    files = shell["files"]
    assert isinstance(files, list)
    # Static files, and the words of the scripts in the page's language.
    assert [name for name in files if not name.startswith("/static/")] == [catalogue_url("en")]
    assert any(name.endswith(".css") for name in files)
    for url in files:
        assert owner_client.get(url).status_code == 200, url


def test_the_service_worker_keeps_every_module_the_shell_and_the_help_page_load(
    client: Client,
) -> None:
    """A module that the phone does not have stops every module that imports it, offline."""
    pages = [client.get(reverse(name)).content.decode() for name in ["pwa-offline", "pages-help"]]
    scripts = [url for page in pages for url in module_scripts(page)]
    assert static("pwa/offline.js") in scripts
    modules = module_graph(client, *scripts)
    assert static("pwa/queue.js") in modules  # imported, never named by a page
    assert set(modules) <= set(shell_of(client)["files"])  # type: ignore[call-overload]


def test_the_service_worker_keeps_plotly_for_someone_signed_in_and_not_for_a_visitor(
    owner_client: Client,
) -> None:
    plotly = re.search(r'data-plotly-src="([^"]+)"', owner_client.get("/trends/").content.decode())
    assert plotly, "the trends page names its plotly.js"
    mine, a_visitors = shell_of(owner_client), shell_of(Client())
    assert plotly.group(1) in mine["files"]  # type: ignore[operator]
    assert plotly.group(1) not in a_visitors["files"]  # type: ignore[operator]
    # Another service worker, which the browser installs when someone signs in or out.
    assert service_worker_of(owner_client) != service_worker_of(Client())
    assert mine["version"] != a_visitors["version"]


def test_the_service_worker_changes_when_the_shell_does(
    owner_client: Client, settings: Settings
) -> None:
    before = shell_of(owner_client)["version"]
    settings.STATIC_URL = "/assets/"
    assert shell_of(owner_client)["version"] != before


def test_the_service_worker_keeps_the_words_of_the_scripts_in_the_persons_language(
    db: None,
) -> None:
    """The browser fetches /sw.js without cookies: the page's language comes in its URL. The
    service worker keeps the catalogue the kept shell page loads, and carries it itself for the
    words of its notifications."""
    client = Client()
    client.force_login(make_user(language="de"))
    url = service_worker_of(client)
    assert url.endswith("lang=de")
    shell = shell_of(client)
    assert shell["language"] == "de"
    assert catalogue_url("de") in shell["files"]  # type: ignore[operator]
    assert f'<script src="{catalogue_url("de")}" defer>' in client.get("/offline/").content.decode()
    script = Client().get(url).content.decode()
    assert catalogue("de").script.decode() in script
    # The version of the shell follows its language.
    assert shell["version"] != shell_of(Client())["version"]


def test_a_service_worker_of_a_language_crylog_does_not_offer_speaks_english(
    db: None,
) -> None:
    script = Client().get("/sw.js?lang=fr").content.decode()
    match = re.search(r"^const SHELL = (\{.*\});$", script, re.MULTILINE)
    assert match
    shell = json.loads(match.group(1))
    assert shell["language"] == "en"
    assert catalogue_url("en") in shell["files"]


def test_the_session_says_who_is_signed_in(owner_client: Client, user: User) -> None:
    answer = owner_client.get("/offline/session.json")
    assert answer.json()["user"] == user.pk
    assert answer.json()["csrf"]
    assert "no-store" in answer["Cache-Control"]


def test_the_session_of_nobody_names_nobody(client: Client) -> None:
    assert client.get("/offline/session.json").json()["user"] is None


def test_pages_name_the_person_signed_in_for_the_queue(owner_client: Client, user: User) -> None:
    assert f'data-crylog-user="{user.pk}"' in owner_client.get("/").content.decode()
    assert "data-crylog-user" not in Client().get("/").content.decode()
