"""Correcting a rating from its cry's page, and deleting one: the value changes in place, the
time it was given (and everything the dashboard reads from it) stays."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups import services as followup_services
from crylog.followups.models import FollowUp
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SLIDER_ERROR = "Touch the line where your mood is"
HELP = "People you can talk to"


def correct_url(cry: Cry, moment: str) -> str:
    return reverse("rating-correct", args=[cry.pk, moment])


def delete_url(cry: Cry, moment: str) -> str:
    return reverse("rating-delete", args=[cry.pk, moment])


def stored(cry: Cry, moment: str) -> MoodRating:
    return MoodRating.objects.get(cry=cry, moment=moment)


@pytest.fixture
def cry(clock: TimeMachineFixture, user: User) -> Cry:
    """A cry an hour and a half ago, rated before (remembered), right after and at 90 minutes,
    the last one late and answered after its reminder."""
    ended = timezone.now() - timedelta(hours=3)
    cry = make_cry(user, ended_at=ended, ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45})
    MoodRating.objects.create(
        cry=cry,
        moment=Moment.AFTER_90,
        valence=65,
        relief=2,
        given_at=ended + timedelta(minutes=170),
        minutes_since_end=170.0,
        minutes_since_reminder=80.0,
        is_late=True,
    )
    clock.shift(timedelta(minutes=5))  # corrected a little later than given
    return cry


def test_a_correction_replaces_the_value_and_keeps_when_it_was_given(
    owner_client: Client, cry: Cry
) -> None:
    before = stored(cry, Moment.RIGHT_AFTER)
    response = owner_client.post(correct_url(cry, Moment.RIGHT_AFTER), {"valence": "30"})
    assert response.status_code == 302
    assert response["Location"] == cry.get_absolute_url()
    after = stored(cry, Moment.RIGHT_AFTER)
    assert after.valence == 30
    assert after.given_at == before.given_at
    assert after.corrected_at == timezone.now()
    assert after.pk == before.pk  # replaced in place, not given again


def test_the_cry_page_says_quietly_which_rating_was_corrected(
    owner_client: Client, cry: Cry
) -> None:
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert ">corrected<" not in page
    assert correct_url(cry, Moment.RIGHT_AFTER) in page  # each rating offers its change

    page = owner_client.post(
        correct_url(cry, Moment.RIGHT_AFTER), {"valence": "30"}, follow=True
    ).content.decode()
    assert "Corrected." in page
    right_after = re.search(r'<dt id="rating-\d+-right_after">.*?</dd>', page, re.DOTALL)
    assert right_after
    assert "30 <span" in right_after.group()
    assert ">corrected<" in right_after.group()
    assert page.count(">corrected<") == 1


def test_correcting_a_late_answer_keeps_it_late_and_its_timing(
    owner_client: Client, cry: Cry
) -> None:
    before = stored(cry, Moment.AFTER_90)
    owner_client.post(correct_url(cry, Moment.AFTER_90), {"valence": "40", "relief": "1"})
    after = stored(cry, Moment.AFTER_90)
    assert (after.valence, after.relief) == (40, 1)
    assert after.is_late is True
    assert (after.given_at, after.minutes_since_end, after.minutes_since_reminder) == (
        before.given_at,
        170.0,
        80.0,
    )


def test_a_forged_moment_or_time_in_the_form_is_never_read(owner_client: Client, cry: Cry) -> None:
    given_at = stored(cry, Moment.RIGHT_AFTER).given_at
    owner_client.post(
        correct_url(cry, Moment.RIGHT_AFTER),
        {
            "valence": "33",
            "moment": Moment.AFTER_20,
            "given_at": "2026-01-01T10:00",
            "is_late": "true",
            "is_recalled": "true",
            "relief": "4",
        },
    )
    rating = stored(cry, Moment.RIGHT_AFTER)
    assert (rating.valence, rating.given_at, rating.is_late, rating.is_recalled) == (
        33,
        given_at,
        False,
        False,
    )
    assert rating.relief is None  # asked at 90 minutes only
    assert sorted(cry.ratings.values_list("moment", flat=True)) == sorted(
        [Moment.BEFORE, Moment.RIGHT_AFTER, Moment.AFTER_90]
    )


def test_relief_stays_only_at_90_minutes_even_past_the_forms(cry: Cry) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MoodRating.objects.filter(cry=cry, moment=Moment.RIGHT_AFTER).update(relief=3)


def test_a_remembered_before_stays_remembered_and_a_real_one_real(
    owner_client: Client, user: User, cry: Cry
) -> None:
    owner_client.post(correct_url(cry, Moment.BEFORE), {"valence": "70"})
    assert stored(cry, Moment.BEFORE).is_recalled is True
    planned = services.cry_plan(user=user, valence=55)
    owner_client.post(correct_url(planned, Moment.BEFORE), {"valence": "57"})
    rating = stored(planned, Moment.BEFORE)
    assert (rating.valence, rating.is_recalled) == (57, False)


def test_the_form_shows_the_value_given_and_relief_only_at_90_minutes(
    owner_client: Client, cry: Cry
) -> None:
    form = owner_client.get(correct_url(cry, Moment.AFTER_90)).content.decode()
    assert 'name="valence" value="65"' in form
    assert re.search(r'name="relief" value="2"[^>]*checked', form)
    assert "Did crying help?" in form
    right_after = owner_client.get(correct_url(cry, Moment.RIGHT_AFTER)).content.decode()
    assert 'name="relief"' not in right_after
    fragment = owner_client.get(correct_url(cry, Moment.RIGHT_AFTER), headers=HTMX)
    assert "<html" not in fragment.content.decode()
    assert f'id="cry-{cry.pk}-summary"' in fragment.content.decode()


@pytest.mark.parametrize(
    ("value", "reason"),
    [("101", "above 100"), ("-1", "below 0"), ("lots", "not a number"), ("", "missing")],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_mood_that_is_not_0_to_100_is_refused_with_what_was_typed_kept(
    owner_client: Client, cry: Cry, value: str, reason: str, headers: dict[str, str]
) -> None:
    response = owner_client.post(
        correct_url(cry, Moment.AFTER_90), {"valence": value, "relief": "4"}, headers=headers
    )
    page = response.content.decode()
    assert response.status_code == 200, reason
    assert SLIDER_ERROR in page
    assert re.search(r'name="relief" value="4"[^>]*checked', page)  # kept
    if value:
        assert f'value="{value}"' in page
    rating = stored(cry, Moment.AFTER_90)
    assert (rating.valence, rating.relief, rating.corrected_at) == (65, 2, None)


def test_a_missing_relief_is_not_said_rather_than_an_error(owner_client: Client, cry: Cry) -> None:
    owner_client.post(correct_url(cry, Moment.AFTER_90), {"valence": "65"})
    assert stored(cry, Moment.AFTER_90).relief is None


def test_a_correction_sent_twice_is_one_correction(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    first = owner_client.post(correct_url(cry, Moment.RIGHT_AFTER), {"valence": "30"}, follow=True)
    corrected_at = stored(cry, Moment.RIGHT_AFTER).corrected_at
    clock.shift(timedelta(seconds=1))
    second = owner_client.post(correct_url(cry, Moment.RIGHT_AFTER), {"valence": "30"}, follow=True)
    assert stored(cry, Moment.RIGHT_AFTER).corrected_at == corrected_at
    assert "Corrected." in first.content.decode()
    assert "Corrected." in second.content.decode()
    assert cry.ratings.count() == 3


def test_the_value_it_had_already_is_no_correction(owner_client: Client, cry: Cry) -> None:
    page = owner_client.post(
        correct_url(cry, Moment.RIGHT_AFTER), {"valence": "45"}, follow=True
    ).content.decode()
    assert "Nothing was changed." in page
    assert stored(cry, Moment.RIGHT_AFTER).corrected_at is None


def test_an_htmx_correction_puts_the_ratings_back_and_updates_the_before_card(
    owner_client: Client, cry: Cry
) -> None:
    response = owner_client.post(correct_url(cry, Moment.BEFORE), {"valence": "72"}, headers=HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert "Corrected." in page
    assert ">corrected<" in page
    # The before card further down says the same value, swapped out of band.
    before_card = re.search(
        r'<section id="before"[^>]*data-hx-swap-oob="true".*?</section>', page, re.DOTALL
    )
    assert before_card
    assert "<strong>72</strong>" in before_card.group()


@pytest.mark.parametrize("moment", list(Moment))
def test_another_person_gets_404_and_changes_nothing(
    stranger_client: Client, cry: Cry, moment: Moment
) -> None:
    given = {r.moment: (r.valence, r.corrected_at) for r in cry.ratings.all()}
    for url in (correct_url(cry, moment), delete_url(cry, moment)):
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url, {"valence": "1"}).status_code == 404
        assert stranger_client.post(url, {"valence": "1"}, headers=HTMX).status_code == 404
    assert {r.moment: (r.valence, r.corrected_at) for r in cry.ratings.all()} == given


@pytest.mark.parametrize("moment", ["after_45", "BEFORE", "nothing"])
def test_a_moment_that_is_not_one_is_404(owner_client: Client, cry: Cry, moment: str) -> None:
    assert owner_client.get(correct_url(cry, moment)).status_code == 404
    assert owner_client.post(delete_url(cry, moment)).status_code == 404


def test_a_rating_not_given_cannot_be_corrected(owner_client: Client, cry: Cry) -> None:
    assert owner_client.get(correct_url(cry, Moment.AFTER_20)).status_code == 404
    assert owner_client.post(correct_url(cry, Moment.AFTER_20), {"valence": "5"}).status_code == 404
    assert not cry.ratings.filter(moment=Moment.AFTER_20).exists()


def test_logged_out_correction_and_deletion_go_to_the_login(client: Client, cry: Cry) -> None:
    for url in (correct_url(cry, Moment.RIGHT_AFTER), delete_url(cry, Moment.RIGHT_AFTER)):
        response = client.post(url, {"valence": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert stored(cry, Moment.RIGHT_AFTER).valence == 45


# Safety: a correction to a very low value offers the help page as the rating's own form does.


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_correction_to_a_very_low_value_offers_the_help_page(
    owner_client: Client, cry: Cry, headers: dict[str, str]
) -> None:
    response = owner_client.post(
        correct_url(cry, Moment.RIGHT_AFTER), {"valence": "10"}, headers=headers, follow=True
    )
    assert HELP in response.content.decode()
    assert stored(cry, Moment.RIGHT_AFTER).valence == 10  # saved, never blocked


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_follow_up_corrected_to_well_below_before_offers_it_and_just_above_does_not(
    owner_client: Client, cry: Cry, headers: dict[str, str]
) -> None:
    url = correct_url(cry, Moment.AFTER_90)
    response = owner_client.post(url, {"valence": "41"}, headers=headers, follow=True)
    assert HELP not in response.content.decode()  # 19 below before (60)
    response = owner_client.post(url, {"valence": "40"}, headers=headers, follow=True)
    assert HELP in response.content.decode()  # 20 below


def test_an_ordinary_correction_offers_nothing_and_the_setting_turns_it_off(
    owner_client: Client, user: User, cry: Cry
) -> None:
    url = correct_url(cry, Moment.RIGHT_AFTER)
    assert HELP not in owner_client.post(url, {"valence": "11"}, follow=True).content.decode()
    User.objects.filter(pk=user.pk).update(safety_messages=False)
    assert HELP not in owner_client.post(url, {"valence": "2"}, follow=True).content.decode()


# Deleting one rating.


def test_deleting_a_rating_asks_first_without_javascript(owner_client: Client, cry: Cry) -> None:
    page = owner_client.get(delete_url(cry, Moment.RIGHT_AFTER)).content.decode()
    assert "Delete this rating?" in page
    assert f'action="{delete_url(cry, Moment.RIGHT_AFTER)}"' in page
    assert stored(cry, Moment.RIGHT_AFTER)  # asking deletes nothing

    response = owner_client.post(delete_url(cry, Moment.RIGHT_AFTER), follow=True)
    assert response.redirect_chain[-1][0] == cry.get_absolute_url()
    assert "Rating deleted." in response.content.decode()
    assert sorted(cry.ratings.values_list("moment", flat=True)) == [Moment.AFTER_90, Moment.BEFORE]
    assert Cry.objects.filter(pk=cry.pk).exists()


def test_with_htmx_the_question_and_the_answer_come_in_place(
    owner_client: Client, cry: Cry
) -> None:
    question = owner_client.get(delete_url(cry, Moment.AFTER_90), headers=HTMX).content.decode()
    assert "<html" not in question
    assert f'id="cry-{cry.pk}-summary"' in question
    assert "crylog will not ask for it again." in question
    answer = owner_client.post(delete_url(cry, Moment.AFTER_90), headers=HTMX).content.decode()
    assert "<html" not in answer
    assert "Rating deleted." in answer
    assert f"rating-{cry.pk}-after_90" not in answer


def test_deleting_the_before_rating_offers_its_form_again(owner_client: Client, cry: Cry) -> None:
    page = owner_client.post(delete_url(cry, Moment.BEFORE), follow=True).content.decode()
    assert reverse("cry-rate-before", args=[cry.pk]) in page


def test_a_deletion_sent_twice_is_harmless(owner_client: Client, cry: Cry) -> None:
    owner_client.post(delete_url(cry, Moment.RIGHT_AFTER))
    for headers in ({}, HTMX):
        response = owner_client.post(
            delete_url(cry, Moment.RIGHT_AFTER), headers=headers, follow=True
        )
        assert response.status_code == 200
        assert "That rating was already deleted." in response.content.decode()
    assert cry.ratings.count() == 2


def test_a_follow_up_whose_answer_is_deleted_is_not_asked_again(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    cry = services.cry_create(user=user, valence=40)
    clock.shift(timedelta(minutes=90))
    followup = cry.followups.get(moment=Moment.AFTER_90)
    home = owner_client.get(reverse("cry-home")).content.decode()
    assert "Time for your check-in" in home  # due, as the banner says
    followup_services.followup_answer(followup=followup, valence=70)

    owner_client.post(delete_url(cry, Moment.AFTER_90))

    followup.refresh_from_db()
    assert followup.state == FollowUp.State.ANSWERED
    assert not FollowUp.objects.for_user(user).due_for_answer(timezone.now()).exists()
    assert not followup.is_due_for_answer(timezone.now())
    assert "Time for your check-in" not in owner_client.get(reverse("cry-home")).content.decode()
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert reverse("followup-answer", args=[followup.pk]) not in page


def test_the_dashboard_reads_the_corrected_value(owner_client: Client, user: User) -> None:
    cry = make_cry(
        user,
        ended_at=timezone.now() - timedelta(days=1),
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45, Moment.AFTER_90: 70},
    )
    dashboard = reverse("insights-dashboard")
    assert re.search(
        r"<dt>right after</dt><dd>45</dd>", owner_client.get(dashboard).content.decode()
    )
    owner_client.post(correct_url(cry, Moment.RIGHT_AFTER), {"valence": "25"})
    page = owner_client.get(dashboard).content.decode()
    assert re.search(r"<dt>right after</dt><dd>25</dd>", page)
    assert not re.search(r"<dd>45</dd>", page)
