"""A participant's study page (study-mine) and keeping a cry out (study-cry-keep-out)."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.studies import services
from crylog.studies.data import received
from crylog.studies.models import Participant, StudyCry
from tests.conftest import ClientResponse, make_cry, make_user
from tests.studies.factories import day, join, make_study

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/study/"}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrolled(**fields: Any) -> tuple[Participant, Client]:
    person = make_user()
    participant = join(make_study(**fields), person, at=timezone.now() - timedelta(hours=5))
    return participant, signed_in(person)


def keep_out(
    client: Client, cry: Cry, excluded: str = "1", headers: dict[str, str] | None = None
) -> ClientResponse:
    url = reverse("study-cry-keep-out", args=[cry.pk])
    return client.post(url, {"excluded": excluded}, headers=headers)


def test_a_person_in_no_study_is_told_so() -> None:
    answer = signed_in(make_user()).get(reverse("study-mine"))
    assert answer.status_code == 200
    assert "You are not taking part in a study." in answer.content.decode()


def test_a_visitor_is_sent_to_sign_in() -> None:
    for name in ["study-mine", "study-consent", "study-withdraw"]:
        answer = Client().get(reverse(name))
        assert answer.status_code == 302
        assert answer["Location"].startswith(reverse("account_login"))
    cry = make_cry(make_user())
    assert keep_out(Client(), cry).status_code == 302
    assert not StudyCry.objects.exists()


def test_the_page_shows_the_code_who_runs_it_and_the_protocol() -> None:
    participant, client = enrolled(
        title="Tears at home", run_by="Mood Lab", contact="+49 30 123456", followup_delay_minutes=75
    )
    text = client.get(reverse("study-mine")).content.decode()
    assert f'<p class="study-code__value" translate="no">{participant.code}</p>' in text
    assert "The researcher knows you only by this code" in text
    assert "Mood Lab" in text
    assert "+49 30 123456" in text
    assert "While you take part, the study sets your reminders:" in text
    assert "75 minutes after a cry ends" in text
    assert "Your quiet hours still hold" in text
    assert reverse("study-withdraw") in text


def test_the_page_lists_the_cries_in_the_studys_window_only() -> None:
    participant, client = enrolled()
    person = participant.user
    before = make_cry(person, ended_at=participant.joined_at - timedelta(seconds=1))
    at_joining = make_cry(person, ended_at=participant.joined_at, ratings={"right_after": 37})
    imported = make_cry(person, imported=True)
    other = make_cry(make_user())
    text = client.get(reverse("study-mine")).content.decode()
    assert f'id="study-cry-{at_joining.pk}"' in text
    assert "37" in text
    for cry in [before, imported, other]:
        assert f'id="study-cry-{cry.pk}"' not in text
    assert "Of your 1 cry in the study's time, it receives 1." in text


def test_a_cry_kept_out_without_javascript_comes_back_with_feedback() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    answer = keep_out(client, cry)
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('study-mine')}#study-cry-{cry.pk}"
    assert received(participant) == []
    text = client.get(reverse("study-mine")).content.decode()
    assert "Kept out: the study does not receive your cry of" in text
    assert "Let it in again" in text
    assert "Of your 1 cry in the study's time, it receives 0." in text
    keep_out(client, cry, "0")
    assert [c for c, _sc in received(participant)] == [cry]
    assert "Let in again: the study receives your cry of" in (
        client.get(reverse("study-mine")).content.decode()
    )


def test_a_cry_kept_out_with_htmx_is_swapped_in_place_with_the_count() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    make_cry(participant.user)
    answer = keep_out(client, cry, headers=HTMX)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert text.lstrip().startswith(f'<li id="study-cry-{cry.pk}"')
    assert "Kept out: the study does not receive your cry of" in text
    assert 'value="0"' in text
    assert "Let it in again" in text
    assert 'id="study-receives" class="study-receives" data-hx-swap-oob="true"' in text
    assert "Of your 2 cries in the study's time, it receives 1." in text
    assert 'id="messages"' in text
    assert "<html" not in text


def test_keeping_out_twice_keeps_it_out_once() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    keep_out(client, cry)
    keep_out(client, cry)
    assert StudyCry.objects.filter(cry=cry).count() == 1
    assert StudyCry.objects.get(cry=cry).excluded


def test_another_persons_cry_or_one_outside_the_window_is_a_404() -> None:
    participant, client = enrolled()
    other, _other_client = enrolled()
    theirs = make_cry(other.user)
    assert keep_out(client, theirs).status_code == 404
    assert keep_out(client, theirs, headers=HTMX).status_code == 404
    old = make_cry(participant.user, ended_at=participant.joined_at - timedelta(minutes=1))
    assert keep_out(client, old).status_code == 404
    assert not StudyCry.objects.filter(cry__in=[theirs, old], excluded=True).exists()
    # Someone in no study keeps nothing out, even of their own.
    outsider = make_user()
    assert keep_out(signed_in(outsider), make_cry(outsider)).status_code == 404


def test_a_cry_is_kept_out_only_by_post() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    assert client.get(reverse("study-cry-keep-out", args=[cry.pk])).status_code == 405


def test_a_page_of_another_study_shows_nothing_of_it() -> None:
    _participant, client = enrolled(title="Mine")
    other, _ = enrolled(title="Someone else's")
    text = client.get(reverse("study-mine")).content.decode()
    assert "Mine" in text
    assert "Someone else's" not in text
    assert other.code not in text


def test_someone_who_left_with_deletion_is_told_when_and_that_nothing_is_kept() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    client.get(reverse("study-mine"))
    services.participant_withdraw(participant=participant, keep=False, now=timezone.now())
    text = client.get(reverse("study-mine")).content.decode()
    assert "You left this study on" in text
    assert "what you gave is deleted from the study" in text
    assert f'id="study-cry-{cry.pk}"' not in text
    assert not StudyCry.objects.filter(participant=participant).exists()
    assert keep_out(client, cry).status_code == 404
    assert Cry.objects.filter(pk=cry.pk).exists()


def test_someone_who_left_keeping_their_data_is_told_so_and_can_still_keep_a_cry_out() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    text = client.get(reverse("study-mine")).content.decode()
    assert "You left this study on" in text
    assert "the study keeps what you gave until then" in text
    assert "Leave the study" not in text
    assert keep_out(client, cry).status_code == 302
    assert received(participant) == []


def test_an_ended_study_says_so() -> None:
    person = make_user()
    study = make_study(starts_on=day(-10), ends_on=day(-1))
    participant = join(study, person, at=timezone.now() - timedelta(days=5))
    text = signed_in(person).get(reverse("study-mine")).content.decode()
    assert "The study ended on" in text
    assert participant.code in text


def test_the_running_study_is_shown_before_one_left_earlier() -> None:
    person = make_user()
    first = join(make_study(title="First"), person, at=timezone.now() - timedelta(days=2))
    services.participant_withdraw(participant=first, keep=True, now=timezone.now())
    second = join(make_study(title="Second"), person)
    text = signed_in(person).get(reverse("study-mine")).content.decode()
    assert second.code in text
    assert "Second" in text
