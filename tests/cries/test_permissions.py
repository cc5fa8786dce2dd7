"""Every cry page: the owner sees it, another person gets 404, a logged-out visitor logs in."""

import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment
from tests.conftest import CryFactory

pytestmark = pytest.mark.django_db

CRY_GET_VIEWS = ["cry-detail", "cry-delete"]
CRY_POST_VIEWS = {
    "cry-rate-before": {"valence": "50"},
    "cry-details": {"intensity": "2"},
    "cry-delete": {},
    "cry-end": {"valence": "50"},
}
PAGES = ["cry-home", "cry-list", "cry-new", "cry-plan", "account-settings"]


@pytest.fixture
def cry(user: User, cry_factory: CryFactory) -> Cry:
    return cry_factory(user, ratings={Moment.RIGHT_AFTER: 45})


@pytest.mark.parametrize("name", CRY_GET_VIEWS)
def test_the_owner_sees_their_cry_pages(owner_client: Client, cry: Cry, name: str) -> None:
    assert owner_client.get(reverse(name, args=[cry.pk])).status_code == 200


@pytest.mark.parametrize("name", [*CRY_GET_VIEWS, "cry-details"])
def test_another_person_gets_404_for_a_cry_page(
    stranger_client: Client, cry: Cry, name: str
) -> None:
    assert stranger_client.get(reverse(name, args=[cry.pk])).status_code == 404


@pytest.mark.parametrize(("name", "data"), CRY_POST_VIEWS.items())
def test_another_person_cannot_change_a_cry(
    stranger_client: Client, cry: Cry, name: str, data: dict[str, str]
) -> None:
    response = stranger_client.post(reverse(name, args=[cry.pk]), data)
    assert response.status_code == 404
    cry.refresh_from_db()
    assert cry.intensity is None
    assert list(cry.ratings.values_list("moment", flat=True)) == [Moment.RIGHT_AFTER]


@pytest.mark.parametrize("name", CRY_GET_VIEWS)
def test_logged_out_cry_pages_redirect_to_login(client: Client, cry: Cry, name: str) -> None:
    response = client.get(reverse(name, args=[cry.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "data"), CRY_POST_VIEWS.items())
def test_logged_out_posts_redirect_to_login_and_change_nothing(
    client: Client, cry: Cry, name: str, data: dict[str, str]
) -> None:
    response = client.post(reverse(name, args=[cry.pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Cry.objects.filter(pk=cry.pk, intensity=None).exists()


@pytest.mark.parametrize("name", [p for p in PAGES if p != "cry-home"])
def test_logged_out_pages_redirect_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_a_logged_in_person(owner_client: Client, name: str) -> None:
    assert owner_client.get(reverse(name)).status_code == 200


def test_logged_out_create_saves_nothing(client: Client) -> None:
    response = client.post(reverse("cry-create"), {"valence": "50"})
    assert response.status_code == 302
    assert not Cry.objects.exists()


def test_history_lists_only_the_persons_own_cries(
    owner_client: Client, user: User, stranger: User, cry_factory: CryFactory
) -> None:
    cry_factory(user, ratings={Moment.RIGHT_AFTER: 11})
    cry_factory(stranger, ratings={Moment.RIGHT_AFTER: 99})
    page = owner_client.get(reverse("cry-list")).content.decode()
    assert "right after 11" in page
    assert "right after 99" not in page


@pytest.mark.parametrize("name", ["cry-create", "cry-rate-before", "cry-end"])
def test_state_changing_views_refuse_get(owner_client: Client, cry: Cry, name: str) -> None:
    args = [] if name == "cry-create" else [cry.pk]
    assert owner_client.get(reverse(name, args=args)).status_code == 405


def test_a_post_without_csrf_token_is_refused(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("cry-create"), {"valence": "50"}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert not Cry.objects.exists()
