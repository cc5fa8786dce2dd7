"""The gentle offer of the help page after a low rating."""

import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment
from crylog.cries.safety import HELP_OFFER, offers_help
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("moment", "valence", "others", "expected"),
    [
        (Moment.RIGHT_AFTER, 10, {}, True),
        (Moment.RIGHT_AFTER, 11, {}, False),
        (Moment.BEFORE, 3, {}, True),
        (Moment.AFTER_90, 0, {}, True),
        (Moment.AFTER_90, 40, {Moment.BEFORE: 60}, True),
        (Moment.AFTER_90, 41, {Moment.BEFORE: 60}, False),
        (Moment.AFTER_20, 30, {Moment.BEFORE: 55}, True),
        (Moment.AFTER_90, 30, {}, False),
        # A dip right after is expected; it is not a follow-up still below before.
        (Moment.RIGHT_AFTER, 20, {Moment.BEFORE: 80}, False),
        # A before remembered after the follow-up was given is compared with it.
        (Moment.BEFORE, 70, {Moment.AFTER_90: 50}, True),
        (Moment.BEFORE, 69, {Moment.AFTER_90: 50}, False),
        (Moment.BEFORE, 70, {Moment.RIGHT_AFTER: 20}, False),
        # "No change" is normal and offers nothing.
        (Moment.AFTER_90, 60, {Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45}, False),
    ],
)
def test_the_help_offer_rule(
    moment: str, valence: int, others: dict[str, int], expected: bool
) -> None:
    assert offers_help(moment=moment, valence=valence, others=others) is expected


def test_the_offer_is_gentle_and_never_diagnoses() -> None:
    words = HELP_OFFER.lower()
    assert not any(word in words for word in ["depress", "disorder", "crisis", "symptom", "must"])


def test_a_very_low_check_in_offers_the_help_page_after_saving(owner_client: Client) -> None:
    response = owner_client.post(reverse("cry-create"), {"valence": "5"}, follow=True)
    page = response.content.decode()
    assert "Saved." in page
    assert HELP_OFFER.replace("'", "&#x27;") in page
    assert reverse("pages-help") in page
    assert Cry.objects.get().ratings.get().valence == 5  # saved, never blocked


def test_a_very_low_htmx_check_in_offers_it_in_the_fragment(owner_client: Client) -> None:
    page = owner_client.post(reverse("cry-create"), {"valence": "5"}, headers=HTMX).content.decode()
    assert "<html" not in page
    assert "People you can talk to" in page


def test_an_ordinary_check_in_offers_nothing(owner_client: Client) -> None:
    for data, headers in [({"valence": "35"}, {}), ({"valence": "35"}, HTMX)]:
        page = owner_client.post(reverse("cry-create"), data, follow=True, headers=headers)
        assert "People you can talk to" not in page.content.decode()


def test_a_planned_cry_that_ends_very_low_offers_it(owner_client: Client, user: User) -> None:
    cry = Cry.objects.create(user=user, planned=True)
    response = owner_client.post(reverse("cry-end", args=[cry.pk]), {"valence": "9"}, headers=HTMX)
    assert "People you can talk to" in response.content.decode()


def test_a_remembered_before_well_above_the_follow_up_offers_it(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 30, Moment.AFTER_90: 40})
    response = owner_client.post(
        reverse("cry-rate-before", args=[cry.pk]), {"valence": "75"}, headers=HTMX
    )
    assert "People you can talk to" in response.content.decode()
    response = owner_client.post(
        reverse("cry-rate-before", args=[cry.pk]), {"valence": "75"}, follow=True
    )
    assert "People you can talk to" in response.content.decode()


def test_the_offer_can_be_turned_off_in_settings(owner_client: Client, user: User) -> None:
    settings_page = owner_client.get(reverse("account-settings")).content.decode()
    assert 'name="safety_messages"' in settings_page
    owner_client.post(
        reverse("account-settings"),
        {"timezone": "Europe/Berlin", "followup_delay_minutes": "90"},  # box left unticked
    )
    user.refresh_from_db()
    assert user.safety_messages is False
    for headers in [{}, HTMX]:
        page = owner_client.post(
            reverse("cry-create"), {"valence": "2"}, follow=True, headers=headers
        )
        assert "People you can talk to" not in page.content.decode()
    assert Cry.objects.count() == 2


def test_the_offer_goes_to_the_person_who_saved_not_to_others(
    owner_client: Client, stranger_client: Client
) -> None:
    owner_client.post(reverse("cry-create"), {"valence": "3"})
    page = stranger_client.get(reverse("cry-home")).content.decode()
    assert "People you can talk to" not in page
