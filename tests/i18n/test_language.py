"""The language crylog speaks: the person's own choice when signed in, else the browser's."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from crylog.accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def spoken(response: object) -> tuple[str, str]:
    """The language a page says it is in: its <html lang> and its Content-Language."""
    html = response.content.decode()  # type: ignore[attr-defined]
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)], response["Content-Language"]  # type: ignore[index]


def said_in(language: str, words: str) -> str:
    """``words`` as a page in ``language`` shows them: translated, if that catalogue has them,
    and escaped."""
    with translation.override(language):
        return escape(gettext(words))


@pytest.mark.parametrize(
    ("browser", "expected"),
    [("de-DE,de;q=0.9,en;q=0.5", "de"), ("es", "es"), ("fr-FR,fr", "en"), ("", "en")],
)
def test_a_visitor_gets_the_language_their_browser_asks_for(browser: str, expected: str) -> None:
    response = Client().get(reverse("pages-help"), headers={"Accept-Language": browser})
    assert spoken(response) == (expected, expected)
    assert "Accept-Language" in response["Vary"]


def test_a_person_who_chose_nothing_follows_the_browser() -> None:
    client = signed_in(make_user())
    response = client.get(reverse("cry-home"), headers={"Accept-Language": "es"})
    assert spoken(response) == ("es", "es")


def test_without_a_choice_the_browsers_language_is_kept_for_the_reminders() -> None:
    user = make_user()
    assert user.speaks == "en"
    client = signed_in(user)
    client.get(reverse("cry-home"), headers={"Accept-Language": "de-AT,de;q=0.9"})
    user.refresh_from_db()
    assert (user.browser_language, user.speaks) == ("de", "de")
    # The phone's language changes: so do the reminders.
    client.get(reverse("cry-home"), headers={"Accept-Language": "es-MX"})
    user.refresh_from_db()
    assert (user.browser_language, user.speaks) == ("es", "es")


def test_the_browsers_language_is_written_only_when_it_changes(
    django_assert_num_queries: Any,
) -> None:
    user = make_user()
    client = signed_in(user)
    spanish = {"Accept-Language": "es"}
    client.get(reverse("pwa-manifest"), headers=spanish)
    with django_assert_num_queries(2):  # the session and the person, nothing written
        client.get(reverse("pwa-manifest"), headers=spanish)
    with django_assert_num_queries(3):  # and the one UPDATE
        client.get(reverse("pwa-manifest"), headers={"Accept-Language": "de"})


def test_a_request_that_asks_for_no_language_changes_nothing() -> None:
    user = make_user()
    client = signed_in(user)
    client.get(reverse("cry-home"), headers={"Accept-Language": "es"})
    client.get(reverse("cry-home"))  # a script or a feed reader, say
    user.refresh_from_db()
    assert user.speaks == "es"


def test_a_chosen_language_goes_over_the_browsers_in_the_reminders_too() -> None:
    user = make_user(language="de")
    signed_in(user).get(reverse("cry-home"), headers={"Accept-Language": "es"})
    user.refresh_from_db()
    assert (user.browser_language, user.speaks) == ("", "de")


def test_a_persons_own_choice_goes_over_the_browser() -> None:
    client = signed_in(make_user(language="de"))
    response = client.get(reverse("cry-home"), headers={"Accept-Language": "es"})
    assert spoken(response) == ("de", "de")


def test_a_page_in_a_persons_own_language_is_kept_for_them_alone() -> None:
    client = signed_in(make_user(language="de"))
    response = client.get(reverse("pwa-manifest"), headers={"Accept-Language": "es"})
    assert response.json()["lang"] == "de"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_language_crylog_no_longer_offers_counts_as_none() -> None:
    user = make_user(language="fr")
    response = signed_in(user).get(reverse("account-settings"), headers={"Accept-Language": "es"})
    assert spoken(response) == ("es", "es")
    assert '<option value="" selected>' in response.content.decode()
    assert user.speaks == "en"


def test_the_error_pages_say_their_language_too() -> None:
    response = Client().get("/no-such-page/", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    assert spoken(response) == ("de", "de")


def test_settings_offer_each_language_by_its_own_name() -> None:
    page = signed_in(make_user()).get(reverse("account-settings")).content.decode()
    assert f'action="{reverse("account-language")}"' in page
    assert '<option value="" selected>As my browser asks</option>' in page
    assert '<option value="de" lang="de">Deutsch</option>' in page
    assert '<option value="es" lang="es">Español</option>' in page


@pytest.mark.parametrize("language", ["de", "es", "en"])
def test_a_chosen_language_is_saved_and_said(language: str) -> None:
    user = make_user()
    response = signed_in(user).post(
        reverse("account-language"), {"language": language}, follow=True
    )
    user.refresh_from_db()
    assert user.language == language
    assert response.redirect_chain == [(reverse("account-settings"), 302)]
    assert said_in(language, "Saved: crylog speaks this language to you now.") in (
        response.content.decode()
    )
    assert spoken(response) == (language, language)


def test_choosing_none_follows_the_browser_again() -> None:
    user = make_user(language="de")
    response = signed_in(user).post(
        reverse("account-language"),
        {"language": ""},
        headers={"Accept-Language": "es"},
        follow=True,
    )
    user.refresh_from_db()
    assert user.language == ""
    assert said_in("es", "Saved: crylog follows your browser's language now.") in (
        response.content.decode()
    )
    assert spoken(response) == ("es", "es")


def test_a_language_crylog_does_not_offer_is_refused() -> None:
    user = make_user(language="en")
    response = signed_in(user).post(reverse("account-language"), {"language": "fr"})
    user.refresh_from_db()
    assert response.status_code == 400
    assert user.language == "en"
    assert "Select a valid choice. fr is not one of the available choices." in (
        response.content.decode()
    )


def test_the_word_after_saving_is_in_the_language_just_chosen(pseudo_language: str) -> None:
    response = signed_in(make_user()).post(
        reverse("account-language"), {"language": pseudo_language}, follow=True
    )
    assert "⟦Saved: crylog speaks this language to you now.⟧" in response.content.decode()


def test_the_app_manifest_is_in_the_language_of_the_page(pseudo_language: str) -> None:
    manifest = (
        Client().get(reverse("pwa-manifest"), headers={"Accept-Language": pseudo_language}).json()
    )
    assert manifest["lang"] == pseudo_language
    assert manifest["description"].startswith("⟦Log a cry")
    for shortcut in manifest["shortcuts"]:
        assert shortcut["name"].startswith("⟦"), shortcut
        assert shortcut["short_name"].startswith("⟦"), shortcut
