"""Answering a follow-up: one slider and Save, from the link in a reminder or the home page."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from crylog.followups.models import FollowUp
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def cry(clock: TimeMachineFixture, user: User) -> Cry:
    return cry_services.cry_create(user=user, valence=30)


def after_90(cry: Cry) -> FollowUp:
    return cry.followups.get(moment=Moment.AFTER_90)


def test_the_reminder_link_logs_in_first_then_returns_to_the_check_in(
    client: Client, user: User, cry: Cry
) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"

    response = client.post(
        response["Location"], {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == url
    assert "How do you feel now?" in response.content.decode()


def test_a_stranger_gets_404_for_someone_elses_follow_up(
    owner_client: Client, stranger_client: Client, cry: Cry
) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    assert owner_client.get(url).status_code == 200
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.post(url, {"valence": "90"}).status_code == 404
    assert not cry.ratings.filter(moment=Moment.AFTER_90).exists()


def test_one_slider_and_save_record_the_answer_with_its_timing(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=90))
    followup.__class__.objects.filter(pk=followup.pk).update(
        state=FollowUp.State.SENT, sent_at=timezone.now()
    )
    clock.shift(timedelta(minutes=7, seconds=30))

    response = owner_client.post(reverse("followup-answer", args=[followup.pk]), {"valence": "64"})

    assert response.status_code == 302
    assert response["Location"] == cry.get_absolute_url()
    rating = cry.ratings.get(moment=Moment.AFTER_90)
    assert (rating.valence, rating.given_at) == (64, timezone.now())
    assert (rating.minutes_since_end, rating.minutes_since_reminder) == (97.5, 7.5)
    assert rating.is_late is False
    followup.refresh_from_db()
    assert (followup.state, followup.answered_at) == (FollowUp.State.ANSWERED, timezone.now())


def test_at_90_minutes_it_also_asks_about_relief_resolution_and_understanding(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    page = owner_client.get(url).content.decode()
    assert "Did crying help?" in page
    assert "Did you understand something new?" in page

    clock.shift(timedelta(minutes=95))
    owner_client.post(
        url, {"valence": "70", "relief": "3", "resolved": "partly", "new_understanding": "true"}
    )
    cry.refresh_from_db()
    assert cry.ratings.get(moment=Moment.AFTER_90).relief == 3
    assert (cry.resolved, cry.new_understanding) == ("partly", True)


def test_the_20_minute_check_in_asks_only_how_you_feel(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    user.followup_after_20 = True
    user.save()
    cry = cry_services.cry_create(user=user, valence=30)
    followup = cry.followups.get(moment=Moment.AFTER_20)
    url = reverse("followup-answer", args=[followup.pk])
    assert "Did crying help?" not in owner_client.get(url).content.decode()

    clock.shift(timedelta(minutes=21))
    owner_client.post(url, {"valence": "55", "relief": "4"})
    rating = cry.ratings.get(moment=Moment.AFTER_20)
    assert (rating.valence, rating.relief, rating.is_late) == (55, None, False)


@pytest.mark.parametrize(
    ("minutes", "late"),
    [(60, False), (150, False), (151, True), (60 * 20, True)],
    ids=["60 min counts as 90", "150 min counts as 90", "151 min is late", "next day is late"],
)
def test_an_answer_after_150_minutes_is_kept_and_flagged_late(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry, minutes: int, late: bool
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=minutes))
    owner_client.post(reverse("followup-answer", args=[followup.pk]), {"valence": "50"})
    rating = cry.ratings.get(moment=Moment.AFTER_90)
    assert rating.is_late is late
    assert rating.minutes_since_end == minutes
    message = "kept as a later answer" if late else "Saved as your 90-minute check-in"
    assert message in owner_client.get(cry.get_absolute_url()).content.decode()


def test_answering_before_the_reminder_is_due_means_it_is_never_sent(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=40))
    owner_client.post(reverse("followup-answer", args=[followup.pk]), {"valence": "50"})
    rating = cry.ratings.get(moment=Moment.AFTER_90)
    assert (rating.minutes_since_end, rating.minutes_since_reminder) == (40, None)
    assert FollowUp.objects.deliverable(timezone.now() + timedelta(minutes=50)).count() == 0


def test_a_missing_mood_is_refused_with_the_form_again(owner_client: Client, cry: Cry) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    response = owner_client.post(url, {}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Touch the line where your mood is" in page
    assert not cry.ratings.filter(moment=Moment.AFTER_90).exists()


def test_an_htmx_answer_gets_the_saved_fragment(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    clock.shift(timedelta(minutes=88))
    response = owner_client.post(url, {"valence": "66"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Saved: 66 of 100, as your 90-minute check-in" in page


def test_the_home_page_shows_due_follow_ups_with_how_long_ago_the_cry_was(
    clock: TimeMachineFixture, owner_client: Client, stranger_client: Client, cry: Cry
) -> None:
    url = reverse("followup-answer", args=[after_90(cry).pk])
    assert url not in owner_client.get("/").content.decode()

    clock.shift(timedelta(minutes=95))
    page = owner_client.get("/").content.decode()
    assert url in page
    assert "You cried 1\xa0hour, 35\xa0minutes ago" in page
    assert url not in stranger_client.get("/").content.decode()


def test_skipping_removes_it_from_the_home_page_and_cancels_the_reminder(
    clock: TimeMachineFixture, owner_client: Client, stranger_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=95))
    skip = reverse("followup-skip", args=[followup.pk])
    assert stranger_client.post(skip).status_code == 404

    response = owner_client.post(skip, headers=HTMX)
    assert response.status_code == 200
    assert re.match(r'<div id="due-followups">\s*</div>', response.content.decode())
    assert "Skipped. No reminder for that one." in response.content.decode()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.CANCELLED
    assert (
        reverse("followup-answer", args=[followup.pk]) not in owner_client.get("/").content.decode()
    )


def answer_90_after_a_before_of_70(
    client: Client,
    cry: Cry,
    clock: TimeMachineFixture,
    valence: int,
    headers: dict[str, str] | None = None,
) -> str:
    cry_services.rating_save(cry=cry, moment=Moment.BEFORE, valence=70, is_recalled=True)
    clock.shift(timedelta(minutes=90))
    url = reverse("followup-answer", args=[after_90(cry).pk])
    return client.post(
        url, {"valence": str(valence)}, follow=True, headers=headers
    ).content.decode()


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "full page"])
def test_a_follow_up_well_below_before_gently_offers_the_help_page(
    owner_client: Client, cry: Cry, clock: TimeMachineFixture, headers: dict[str, str]
) -> None:
    answer = answer_90_after_a_before_of_70(owner_client, cry, clock, 45, headers=headers)
    assert "you don&#x27;t have to carry them alone" in answer
    assert reverse("pages-help") in answer


def test_a_follow_up_near_before_offers_nothing(
    owner_client: Client, cry: Cry, clock: TimeMachineFixture
) -> None:
    answer = answer_90_after_a_before_of_70(owner_client, cry, clock, 60, headers=HTMX)
    assert "Saved: 60 of 100" in answer
    assert "carry them alone" not in answer
