import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crylog.followups import wording
from crylog.pages.helplines import FIND_A_HELPLINE

pytestmark = pytest.mark.django_db

LOGGED_OUT_PAGES = [
    "cry-home",
    "pages-help",
    "pages-privacy",
    "account_login",
    "account_signup",
    "account_reset_password",
]
LOGGED_IN_PAGES = [
    "cry-home",
    "cry-list",
    "cry-new",
    "cry-plan",
    "account-settings",
    "account-import",
    "account-delete",
    "account_change_password",
    "account_email",
]


@pytest.mark.parametrize("name", LOGGED_OUT_PAGES)
def test_help_is_one_tap_away_when_logged_out(client: Client, name: str) -> None:
    page = client.get(reverse(name)).content.decode()
    assert f'<a class="help-now" href="{reverse("pages-help")}">I need help now</a>' in page
    assert f'href="{reverse("pages-privacy")}"' in page


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_help_is_one_tap_away_when_logged_in(owner_client: Client, name: str) -> None:
    page = owner_client.get(reverse(name)).content.decode()
    assert f'<a class="help-now" href="{reverse("pages-help")}">I need help now</a>' in page


def test_the_help_page_lists_crisis_lines_with_their_countries(client: Client) -> None:
    page = client.get(reverse("pages-help")).content.decode()
    assert re.search(r"United States</h3>\s*<p>988 Suicide &amp; Crisis Lifeline", page)
    assert 'href="tel:988">Call 988</a>' in page
    assert 'href="sms:988">Text 988</a>' in page
    assert "United Kingdom and Ireland</h3>" in page
    assert 'href="tel:116123">Call 116 123</a>' in page


def test_the_help_page_says_where_to_find_a_line_elsewhere(client: Client) -> None:
    page = client.get(reverse("pages-help")).content.decode()
    assert f'<a href="{FIND_A_HELPLINE}" rel="noopener noreferrer">findahelpline.com</a>' in page


def test_the_help_page_says_crylog_is_not_an_emergency_or_medical_service(
    client: Client,
) -> None:
    page = client.get(reverse("pages-help")).content.decode()
    assert "crylog is not an emergency service or a medical service" in page
    assert "call your local emergency number" in page


def test_the_privacy_page_says_who_can_see_what(client: Client) -> None:
    page = client.get(reverse("pages-privacy")).content.decode()
    for words in [
        "Only you, when you are logged in.",
        "has access to the database and could read what is stored",
        "A reminder only says that a check-in is waiting: never what happened, a rating or a note.",
        "Until you delete it.",
        "download everything as a spreadsheet (CSV, one row per rating) or as JSON",
        "Delete your account:",
    ]:
        assert words in page


def test_the_privacy_page_links_to_your_data_when_logged_in(owner_client: Client) -> None:
    page = owner_client.get(reverse("pages-privacy")).content.decode()
    assert reverse("account-settings") + "#your-data" in page


STATIC = Path(__file__).resolve().parents[2] / "static"


def names_the_browser_keeps() -> set[str]:
    """The session cookie, and what crylog's own scripts keep: each localStorage key, the
    IndexedDB database and the service worker's cache, read from the scripts themselves."""
    kept = {settings.SESSION_COOKIE_NAME}
    for script in STATIC.rglob("*.js"):
        if "vendor" in script.parts:
            continue
        text = script.read_text(encoding="utf-8")
        assert "document.cookie" not in text, f"{script} sets a cookie"
        constants = dict(re.findall(r'(?:const|let|var) (\w+) = "([^"]+)"', text))
        for call in ["localStorage.setItem", "indexedDB.open"]:
            for name in re.findall(rf"{re.escape(call)}\((\w+)", text):
                kept.add(constants[name])
        # A cache's name: a prefix with a version after it (CACHE_PREFIX + shell.version).
        prefixes = [constants.get(name, "") for name in re.findall(r"(\w+) \+ ", text)]
        kept |= {prefix.rstrip("-") for prefix in prefixes if prefix.endswith("-")}
    return kept


def test_the_privacy_page_names_everything_a_browser_keeps(client: Client) -> None:
    page = client.get(reverse("pages-privacy")).content.decode()
    kept = names_the_browser_keeps()
    assert {"sessionid", "crylog-owner", "crylog-push-synced", "crylog", "crylog-shell"} <= kept
    for name in kept:
        assert f"<code>{name}</code>" in page, name


def test_the_privacy_page_shows_the_words_each_reminder_shows(client: Client) -> None:
    page = client.get(reverse("pages-privacy")).content.decode()
    for words in [wording.TITLE, wording.BODY, wording.CALENDAR_SUMMARY, wording.APP_NAME]:
        assert f"“{words}" in page, words
    assert "The name on your reminders" in page
