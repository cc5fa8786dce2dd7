"""A double tap, a retry or a replay makes one cry, online too: every form that saves, sent four
times, saves once and gets the same answer each time. (At once, against a real server:
tests/cries/test_replays.py.)"""

import re
from collections.abc import Mapping
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups.models import FollowUp
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
FROM_HOME = {**HTMX, "HX-Current-URL": "http://testserver/"}
TIMES = 4


def form_id(page: str) -> str:
    """The id a form got when it was shown (its hidden client_id)."""
    match = re.search(r'name="client_id" value="([0-9a-f-]{36})"', page)
    assert match, "the form carries no id of its own"
    return match.group(1)


def same_page(html: str) -> str:
    """An answer without what differs in every rendering of the same page: CSRF tokens."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)


def sent(
    client: Client, url: str, data: Mapping[str, object], headers: dict[str, str] | None = None
) -> list[str]:
    """The same POST ``TIMES`` times, one after another; what each answer said."""
    answers = []
    for _ in range(TIMES):
        response = client.post(url, data, headers=headers)
        answers.append(
            response["Location"] if response.status_code == 302 else same_page(response.text)
        )
        assert response.status_code in (200, 302), response.status_code
    return answers


def messages_after(client: Client, location: str) -> str:
    page = client.get(location).text
    return page[page.index('<div id="messages"') : page.index("</div>", page.index("messages"))]


# A check-in: the form carries its own id from the moment it is shown.


def test_each_check_in_form_shown_has_an_id_of_its_own(owner_client: Client) -> None:
    first = form_id(owner_client.get(reverse("cry-new")).text)
    second = form_id(owner_client.get(reverse("cry-new"), headers=HTMX).text)
    assert first != second


@pytest.mark.parametrize("headers", [{}, FROM_HOME], ids=["page", "htmx"])
def test_a_check_in_sent_four_times_is_one_cry_with_one_answer(
    owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    key = form_id(owner_client.get(reverse("cry-new")).text)
    answers = sent(
        owner_client, reverse("cry-create"), {"valence": "8", "client_id": key}, headers=headers
    )
    cry = Cry.objects.get(user=user)
    assert len(set(answers)) == 1
    assert cry.ratings.count() == 1
    assert cry.followups.count() == 1
    if not headers:
        assert answers[0] == cry.get_absolute_url()
    else:
        # The saved card, with the offer of help a mood of 8 brings, every time.
        assert "Saved. That's all" in answers[0]
        assert "If things feel heavy right now" in answers[0]


def test_a_check_in_with_its_id_and_an_earlier_end_was_still_rated_now(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    """Only a check-in kept on a phone was rated at its end (the tap); a form is rated when sent."""
    key = form_id(owner_client.get(reverse("cry-new")).text)
    earlier = timezone.localtime(timezone.now() - timedelta(minutes=40), user.zone)
    owner_client.post(
        reverse("cry-create"),
        {"valence": "50", "client_id": key, "ended_at": earlier.strftime("%Y-%m-%dT%H:%M")},
    )
    cry = Cry.objects.get(user=user)
    assert cry.ended_at == earlier
    assert cry.ratings.get().given_at == timezone.now()


def test_a_check_in_refused_for_its_mood_keeps_its_id(owner_client: Client, user: User) -> None:
    key = form_id(owner_client.get(reverse("cry-new")).text)
    again = owner_client.post(reverse("cry-create"), {"client_id": key}, headers=HTMX).text
    assert form_id(again) == key
    owner_client.post(reverse("cry-create"), {"client_id": key, "valence": "40"}, headers=HTMX)
    owner_client.post(reverse("cry-create"), {"client_id": key, "valence": "40"}, headers=HTMX)
    assert Cry.objects.filter(user=user).count() == 1


# A planned cry: started once.


def test_a_planned_cry_started_four_times_is_one(owner_client: Client, user: User) -> None:
    key = form_id(owner_client.get(reverse("cry-plan")).text)
    answers = sent(owner_client, reverse("cry-plan"), {"valence": "60", "client_id": key})
    assert answers == [reverse("cry-home")] * TIMES
    cry = Cry.objects.get(user=user)
    assert cry.planned
    assert cry.ended_at is None
    assert list(cry.ratings.values_list("moment", "valence")) == [(Moment.BEFORE, 60)]
    assert "Noted. Tap" in messages_after(owner_client, reverse("cry-home"))


# "It's over": the natural key is the cry (it ends once).


@pytest.mark.parametrize("headers", [{}, FROM_HOME], ids=["page", "htmx"])
def test_its_over_sent_four_times_ends_the_cry_once(
    clock: TimeMachineFixture, owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    cry = services.cry_plan(user=user, valence=60)
    url = reverse("cry-end", args=[cry.pk])
    headers = {**headers, "HX-Trigger": f"end-{cry.pk}"} if headers else {}
    ended = timezone.now()
    answers = [owner_client.post(url, {"valence": "35"}, headers=headers) for _ in range(TIMES)]
    clock.shift(timedelta(seconds=2))
    owner_client.post(url, {"valence": "35"}, headers=headers)  # a late copy does not move the end
    cry.refresh_from_db()
    assert cry.ended_at == ended
    assert cry.ratings.get(moment=Moment.RIGHT_AFTER).given_at == ended
    assert cry.ratings.count() == 2
    assert cry.followups.count() == 1
    said = {a["Location"] if a.status_code == 302 else same_page(a.text) for a in answers}
    assert len(said) == 1
    if headers:
        assert "Saved. That's all" in said.pop()
    else:
        assert "Saved." in messages_after(owner_client, cry.get_absolute_url())


def test_its_over_for_a_cry_ended_elsewhere_changes_nothing_and_says_so(
    owner_client: Client, user: User
) -> None:
    cry = services.cry_plan(user=user, valence=60)
    services.cry_end(cry=cry, valence=35)
    ended = Cry.objects.get(pk=cry.pk).ended_at
    url = reverse("cry-end", args=[cry.pk])
    # An old home page, still showing it as planned: its card asked once more.
    answer = owner_client.post(
        url, {"valence": "70"}, headers={**FROM_HOME, "HX-Trigger": f"end-{cry.pk}"}
    )
    assert answer.status_code == 200
    html = answer.text
    assert "<html" not in html  # the card, not a whole page inside the page
    assert "That one had already ended; it stays as it was." in html
    assert "Saved. That's all" not in html
    assert f'id="end-{cry.pk}"' not in html  # the home page's planned card goes too
    # Without htmx, and without a mood at all: the same words, nothing changed.
    response = owner_client.post(url, {}, follow=True)
    assert response.redirect_chain[-1][0] == cry.get_absolute_url()
    assert "That one had already ended" in response.text
    cry.refresh_from_db()
    assert cry.ended_at == ended
    assert cry.ratings.get(moment=Moment.RIGHT_AFTER).valence == 35


# The before rating: one per cry, given once.


@pytest.mark.parametrize("headers", [{}, FROM_HOME], ids=["page", "htmx"])
def test_a_before_sent_four_times_is_one_rating_given_once(
    clock: TimeMachineFixture, owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 30})
    given = timezone.now()
    url = reverse("cry-rate-before", args=[cry.pk])
    answers = sent(owner_client, url, {"valence": "70"}, headers=headers)
    clock.shift(timedelta(seconds=30))
    answers += sent(owner_client, url, {"valence": "70"}, headers=headers)
    assert len(set(answers)) == 1
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert (before.valence, before.given_at, before.is_recalled) == (70, given, True)
    if headers:
        assert "Before: <strong>70</strong> of 100 (remembered). Saved." in answers[0]
    else:
        assert "Saved how you felt before." in messages_after(owner_client, answers[0])


def test_another_before_leaves_the_first_as_it_was_and_says_so(
    owner_client: Client, user: User
) -> None:
    """A second value (a form left open in another tab) is not taken: a before rating is a
    memory given once; a planned cry's, given for real, is never replaced by a memory."""
    cry = services.cry_plan(user=user, valence=60)
    url = reverse("cry-rate-before", args=[cry.pk])
    answer = owner_client.post(url, {"valence": "20"}, headers=FROM_HOME).text
    assert "You had already said how you felt before: 60 of 100. It stays." in answer
    assert "Before: <strong>60</strong> of 100. Saved." in answer
    response = owner_client.post(url, {"valence": "20"}, follow=True)
    assert "You had already said how you felt before: 60 of 100." in response.text
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert (before.valence, before.is_recalled) == (60, False)


# Details: the same answers sent again write nothing.


@pytest.mark.parametrize("headers", [{}, FROM_HOME], ids=["page", "htmx"])
def test_details_sent_four_times_are_written_once(
    clock: TimeMachineFixture, owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    cry = make_cry(user)
    ended = timezone.localtime(cry.ended_at, user.zone).strftime("%Y-%m-%dT%H:%M")
    data = {"ended_at": ended, "intensity": "3", "triggers": ["loss"], "note": "rain"}
    url = reverse("cry-details", args=[cry.pk])
    owner_client.post(url, data, headers=headers)
    written = Cry.objects.get(pk=cry.pk).updated_at
    clock.shift(timedelta(seconds=5))
    answers = sent(owner_client, url, data, headers=headers)
    cry.refresh_from_db()
    assert (cry.intensity, cry.triggers, cry.note) == (3, ["loss"], "rain")
    assert cry.updated_at == written
    assert len(set(answers)) == 1


def test_details_from_a_cry_read_before_another_change_keep_that_change(user: User) -> None:
    """Two copies of the details form at once: the later one, read before the first was
    written, writes what it changes and leaves the first one's answers standing."""
    cry = make_cry(user)
    read_before = Cry.objects.get(pk=cry.pk)
    services.cry_update(cry=cry, changes={"intensity": 3, "note": "rain"})
    services.cry_update(cry=read_before, changes={"shame": 1})
    cry.refresh_from_db()
    assert (cry.intensity, cry.note, cry.shame) == (3, "rain", 1)
    assert (read_before.intensity, read_before.note) == (3, "rain")


def test_details_sent_with_the_end_time_as_shown_keep_its_seconds(
    owner_client: Client, user: User
) -> None:
    """The form shows the end to the minute; the same minute sent back changes nothing about
    it (the reminder stays where it was); a minute later moves it."""
    cry = services.cry_create(user=user, valence=40)
    assert cry.ended_at
    Cry.objects.filter(pk=cry.pk).update(ended_at=cry.ended_at.replace(second=41))
    cry.refresh_from_db()
    followup = FollowUp.objects.get(cry=cry)
    shown = timezone.localtime(cry.ended_at, user.zone)
    url = reverse("cry-details", args=[cry.pk])
    owner_client.post(url, {"ended_at": shown.strftime("%Y-%m-%dT%H:%M"), "note": "rain"})
    followup.refresh_from_db()
    assert Cry.objects.get(pk=cry.pk).ended_at == cry.ended_at
    assert followup.revision == 0
    later = shown + timedelta(minutes=1)
    owner_client.post(url, {"ended_at": later.strftime("%Y-%m-%dT%H:%M"), "note": "rain"})
    followup.refresh_from_db()
    assert Cry.objects.get(pk=cry.pk).ended_at == later.replace(second=0, microsecond=0)
    assert followup.revision == 1


# A follow-up's answer: the same answer again changes nothing, not even its time.


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_follow_up_answer_sent_four_times_is_one_rating_given_once(
    clock: TimeMachineFixture, owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    cry = services.cry_create(user=user, valence=30)
    followup = cry.followups.get(moment=Moment.AFTER_90)
    clock.shift(timedelta(minutes=95))
    given = timezone.now()
    url = followup.get_absolute_url()
    data = {"valence": "64", "relief": "3", "resolved": "partly"}
    owner_client.post(url, data, headers=headers)
    clock.shift(timedelta(seconds=20))
    answers = sent(owner_client, url, data, headers=headers)
    assert len(set(answers)) == 1
    rating = MoodRating.objects.get(cry=cry, moment=Moment.AFTER_90)
    assert (rating.valence, rating.relief, rating.given_at) == (64, 3, given)
    assert rating.minutes_since_end == 95
    assert cry.ratings.count() == 2
    followup.refresh_from_db()
    assert (followup.state, followup.answered_at) == (FollowUp.State.ANSWERED, given)
    if headers:
        assert "Saved: 64 of 100, as your 90-minute check-in. Thank you." in answers[0]


def test_a_different_follow_up_answer_replaces_the_first_as_the_page_says(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    cry = services.cry_create(user=user, valence=30)
    followup = cry.followups.get(moment=Moment.AFTER_90)
    clock.shift(timedelta(minutes=95))
    owner_client.post(followup.get_absolute_url(), {"valence": "64"})
    page = owner_client.get(followup.get_absolute_url()).text
    assert "You answered this already (64 of 100). Saving again replaces it." in page
    clock.shift(timedelta(minutes=5))
    owner_client.post(followup.get_absolute_url(), {"valence": "70"})
    rating = MoodRating.objects.get(cry=cry, moment=Moment.AFTER_90)
    assert (rating.valence, rating.minutes_since_end) == (70, 100)
