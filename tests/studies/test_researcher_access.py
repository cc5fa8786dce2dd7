"""Who reaches the researcher's pages: the researcher who owns the study, and nobody else.
Everyone else gets a 404 (never a 403 that would say the page or the study exists); someone
signed out gets the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.studies.models import Study
from tests.conftest import make_user
from tests.studies.factories import join, make_researcher, make_study

pytestmark = pytest.mark.django_db

STUDY_PAGES = ["study-detail", "study-edit"]


@pytest.fixture
def owner() -> User:
    return make_researcher("owner@example.org")


@pytest.fixture
def study(owner: User) -> Study:
    return make_study(owner)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def others(study: Study) -> dict[str, User]:
    return {
        "another researcher": make_researcher("other@example.org"),
        "a participant of the study": join(study).user,
        "a person without the permission": make_user("plain@example.org"),
    }


@pytest.mark.parametrize("name", ["study-list", "study-create"])
def test_the_researcher_reaches_their_list_and_the_new_study_form(owner: User, name: str) -> None:
    assert client_of(owner).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", STUDY_PAGES)
def test_the_owning_researcher_reaches_each_page_of_their_study(study: Study, name: str) -> None:
    response = client_of(study.researcher).get(reverse(name, kwargs={"pk": study.pk}))
    assert response.status_code == 200
    assert study.title in response.text


@pytest.mark.parametrize("name", ["study-list", "study-create"])
def test_nobody_without_the_permission_finds_the_researcher_pages(study: Study, name: str) -> None:
    people = others(study)
    del people["another researcher"]  # who has their own list and form
    for who, person in people.items():
        assert client_of(person).get(reverse(name)).status_code == 404, who
        assert client_of(person).post(reverse(name)).status_code == 404, who


@pytest.mark.parametrize("name", STUDY_PAGES)
def test_everyone_but_the_owner_gets_a_404_for_the_study(study: Study, name: str) -> None:
    url = reverse(name, kwargs={"pk": study.pk})
    for who, person in others(study).items():
        assert client_of(person).get(url).status_code == 404, who
    assert client_of(make_researcher()).get(url.replace(str(study.pk), "999999")).status_code == 404


def test_another_researcher_cannot_edit_the_study(study: Study) -> None:
    response = client_of(make_researcher()).post(
        reverse("study-edit", kwargs={"pk": study.pk}), {"title": "Taken over"}
    )
    assert response.status_code == 404
    study.refresh_from_db()
    assert study.title == "Tears and mood"


@pytest.mark.parametrize("action", ["close", "open", "renew"])
def test_everyone_but_the_owner_gets_a_404_for_the_invitation(study: Study, action: str) -> None:
    url = reverse("study-invitation", kwargs={"pk": study.pk})
    token = study.invitation_token
    services_state = (study.invitation_open, token)
    for who, person in others(study).items():
        assert client_of(person).post(url, {"action": action}).status_code == 404, who
    study.refresh_from_db()
    assert (study.invitation_open, study.invitation_token) == services_state


def test_another_researchers_list_holds_none_of_the_study(study: Study) -> None:
    response = client_of(make_researcher()).get(reverse("study-list"))
    assert response.status_code == 200
    assert study.title not in response.text
    assert study.title in client_of(study.researcher).get(reverse("study-list")).text


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "study-list"),
        ("get", "study-create"),
        ("get", "study-detail"),
        ("get", "study-edit"),
        ("post", "study-invitation"),
    ],
)
def test_someone_signed_out_is_sent_to_log_in(study: Study, method: str, name: str) -> None:
    kwargs = {} if name in ("study-list", "study-create") else {"pk": study.pk}
    url = reverse(name, kwargs=kwargs)
    response = getattr(Client(), method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_a_revoked_researcher_no_longer_finds_their_study(study: Study) -> None:
    from crylog.studies.services import researcher_revoke

    researcher_revoke(user=study.researcher)
    person = User.objects.get(pk=study.researcher.pk)
    assert (
        client_of(person).get(reverse("study-detail", kwargs={"pk": study.pk})).status_code == 404
    )


def test_the_settings_card_shows_to_researchers_only(owner: User) -> None:
    assert reverse("study-list") in client_of(owner).get(reverse("account-settings")).text
    plain = client_of(make_user()).get(reverse("account-settings"))
    assert reverse("study-list") not in plain.text
