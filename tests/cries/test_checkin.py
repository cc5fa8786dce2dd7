from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from tests.conftest import ClientResponse, CryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_home_offers_the_big_button(owner_client: Client) -> None:
    page = owner_client.get(reverse("cry-home")).content.decode()
    assert "I just cried" in page
    assert "<html" in page


def test_logged_out_home_invites_sign_up(client: Client) -> None:
    page = client.get(reverse("cry-home")).content.decode()
    assert reverse("account_signup") in page
    assert "I just cried" not in page


def test_it_creates_the_cry_and_its_right_after_rating(owner_client: Client, user: User) -> None:
    response = owner_client.post(reverse("cry-create"), {"valence": "35"})
    cry = Cry.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == cry.get_absolute_url()
    assert cry.ended_at is not None
    assert abs(cry.ended_at - timezone.now()) < timedelta(seconds=5)
    rating = cry.ratings.get()
    assert (rating.moment, rating.valence, rating.is_recalled) == (Moment.RIGHT_AFTER, 35, False)


def test_htmx_create_gets_the_fragment_offering_before_and_details(owner_client: Client) -> None:
    response = owner_client.post(reverse("cry-create"), {"valence": "60"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "How did you feel before?" in page
    assert "Add details" in page


def test_the_details_form_comes_when_asked_for(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user)
    saved = owner_client.post(
        reverse("cry-create"), {"valence": "60"}, headers=HTMX
    ).content.decode()
    fragment = owner_client.get(
        reverse("cry-details", args=[cry.pk]), headers=HTMX
    ).content.decode()
    plain = owner_client.get(reverse("cry-details", args=[cry.pk]))
    assert 'name="note"' not in saved
    assert "<html" not in fragment
    assert 'name="note"' in fragment
    # Without JavaScript, "Edit details" opens the cry's page with the form.
    assert plain.status_code == 200
    assert 'name="note"' in plain.content.decode()


def test_htmx_new_gets_only_the_form(owner_client: Client) -> None:
    fragment = owner_client.get(reverse("cry-new"), headers=HTMX).content.decode()
    page = owner_client.get(reverse("cry-new")).content.decode()
    assert "<html" not in fragment
    assert 'name="valence"' in fragment
    assert "<html" in page
    assert 'name="valence"' in page


@pytest.mark.parametrize(
    ("value", "reason"),
    [("101", "above 100"), ("-1", "below 0"), ("lots", "not a number"), ("", "missing")],
)
def test_it_rejects_a_mood_that_is_not_0_to_100(
    owner_client: Client, value: str, reason: str
) -> None:
    response = owner_client.post(reverse("cry-create"), {"valence": value})
    assert response.status_code == 200, reason
    assert "Touch the line where your mood is" in response.content.decode()
    assert not Cry.objects.exists()


def test_a_rejected_htmx_create_returns_the_form_with_its_error(owner_client: Client) -> None:
    response = owner_client.post(reverse("cry-create"), {"valence": "500"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Touch the line where your mood is" in page
    assert not Cry.objects.exists()


def test_it_rejects_an_end_time_more_than_5_minutes_ahead(owner_client: Client, user: User) -> None:
    later = timezone.localtime(timezone.now() + timedelta(minutes=30), user.zone)
    response = owner_client.post(
        reverse("cry-create"),
        {"valence": "50", "ended_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 200
    assert "in the future" in response.content.decode()
    assert not Cry.objects.exists()


def test_an_earlier_end_time_is_read_in_the_persons_timezone(
    owner_client: Client, user: User
) -> None:
    # The owner lives in Europe/Berlin; 09:15 there in winter is 08:15 UTC.
    owner_client.post(reverse("cry-create"), {"valence": "50", "ended_at": "2026-01-10T09:15"})
    cry = Cry.objects.get(user=user)
    assert cry.ended_at is not None
    assert (cry.ended_at.hour, cry.ended_at.minute, cry.ended_at.utcoffset()) == (
        8,
        15,
        timedelta(0),
    )


def test_a_recalled_before_rating_is_saved_in_place(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user)
    response = owner_client.post(
        reverse("cry-rate-before", args=[cry.pk]), {"valence": "70"}, headers=HTMX
    )
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert response.status_code == 200
    assert "Before: <strong>70</strong>" in response.content.decode()
    assert before.is_recalled


def test_a_planned_cry_rates_before_for_real_then_ends(owner_client: Client, user: User) -> None:
    owner_client.post(reverse("cry-plan"), {"valence": "62"})
    cry = Cry.objects.get(user=user)
    assert cry.planned
    assert cry.ended_at is None
    assert "It&#x27;s over" in owner_client.get(reverse("cry-home")).content.decode()

    owner_client.post(reverse("cry-end", args=[cry.pk]), {"valence": "41"})
    cry.refresh_from_db()
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert cry.ended_at is not None
    assert (before.valence, before.is_recalled) == (62, False)
    assert cry.ratings.get(moment=Moment.RIGHT_AFTER).valence == 41


def post_details(client: Client, user: User, cry: Cry, **fields: object) -> ClientResponse:
    """Post the details form as the page would: with the cry's end time as it stands."""
    ended = timezone.localtime(cry.ended_at, user.zone).strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("cry-details", args=[cry.pk]), {"ended_at": ended, **fields})


def test_details_are_saved_and_a_note_is_shown_escaped(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user)
    response = post_details(
        owner_client,
        user,
        cry,
        intensity="3",
        company="one",
        support="true",
        triggers=["loss", "media"],
        note="<script>alert('x')</script>",
    )
    assert response.status_code == 302
    cry.refresh_from_db()
    assert (cry.intensity, cry.company, cry.support) == (3, "one", True)
    assert cry.triggers == ["loss", "media"]
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_an_overlong_note_is_rejected_and_nothing_changes(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user)
    response = post_details(owner_client, user, cry, intensity="2", note="x" * 2001)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    cry.refresh_from_db()
    assert (cry.note, cry.intensity) == ("", None)


def test_an_unknown_trigger_is_rejected(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user)
    response = post_details(owner_client, user, cry, triggers=["boredom"])
    assert response.status_code == 200
    cry.refresh_from_db()
    assert cry.triggers == []


def test_delete_asks_first_then_removes_the_cry_and_its_ratings(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user, ratings={Moment.BEFORE: 50, Moment.RIGHT_AFTER: 30})
    confirm = owner_client.get(reverse("cry-delete", args=[cry.pk]))
    assert "Delete this cry?" in confirm.content.decode()
    assert Cry.objects.filter(pk=cry.pk).exists()

    owner_client.post(reverse("cry-delete", args=[cry.pk]))
    assert not Cry.objects.filter(pk=cry.pk).exists()
    assert not MoodRating.objects.exists()


def test_history_is_newest_first_and_paginated(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    now = timezone.now()
    for days in range(25):
        cry_factory(user, ended_at=now - timedelta(days=days), ratings={Moment.RIGHT_AFTER: days})
    first = owner_client.get(reverse("cry-list")).content.decode()
    second = owner_client.get(reverse("cry-list") + "?page=2").content.decode()
    assert first.count('class="cry-row"') == 20
    assert second.count('class="cry-row"') == 5
    assert first.index("right after 0<") < first.index("right after 1<")
    assert "Page 1 of 2" in first


def test_history_shows_ratings_from_before_to_after(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    cry = cry_factory(user, ratings={Moment.RIGHT_AFTER: 30})
    owner_client.post(reverse("cry-rate-before", args=[cry.pk]), {"valence": "62"})
    page = owner_client.get(reverse("cry-list")).content.decode()
    assert page.index("before 62") < page.index("right after 30")
