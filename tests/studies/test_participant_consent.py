"""A new consent version (study-consent and the home page's banner) and leaving a study
(study-withdraw)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.followups.models import ProtocolTiming
from crylog.studies import services
from crylog.studies.data import received
from crylog.studies.models import Consent, Participant, StudyCry
from tests.conftest import ClientResponse, make_cry, make_user
from tests.studies.factories import join, make_study

pytestmark = pytest.mark.django_db

NEW_TEXT = "Version two: the study also reads how long each cry lasted."


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrolled() -> tuple[Participant, Client]:
    person = make_user()
    participant = join(make_study(title="Tears at home"), person)
    return participant, signed_in(person)


def new_version(participant: Participant) -> None:
    services.study_update(study=participant.study, changes={}, consent_text=NEW_TEXT)


def agree(client: Client, number: int) -> ClientResponse:
    return client.post(reverse("study-consent"), {"consent_number": number, "agree": ""})


def test_the_home_page_asks_to_read_a_new_version_and_the_consent_page_shows_it() -> None:
    participant, client = enrolled()
    home = client.get(reverse("cry-home")).content.decode()
    assert "Your study's consent has changed" not in home
    new_version(participant)
    home = client.get(reverse("cry-home")).content.decode()
    assert "Your study's consent has changed" in home
    assert "“Tears at home” has a new version of its consent." in home
    assert reverse("study-consent") in home
    page = client.get(reverse("study-consent")).content.decode()
    assert NEW_TEXT in page
    assert "Consent (version 2)" in page
    assert 'name="consent_number" value="2"' in page
    assert 'name="agree"' in page
    assert reverse("study-withdraw") in page
    mine = client.get(reverse("study-mine")).content.decode()
    assert "Until you agree to the new version, the study receives nothing of yours." in mine


def test_a_cry_waiting_for_the_new_consent_says_so() -> None:
    participant, client = enrolled()
    make_cry(participant.user)
    new_version(participant)
    mine = client.get(reverse("study-mine")).content.decode()
    assert "The study receives it once you agree to the new consent." in mine
    assert "The study receives it." not in mine
    assert "Nothing of yours for now." in mine


def test_nothing_is_used_until_they_agree_and_then_it_is() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    new_version(participant)
    assert received(Participant.objects.get(pk=participant.pk)) == []
    answer = agree(client, 2)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("study-mine")
    assert [c for c, _sc in received(Participant.objects.get(pk=participant.pk))] == [cry]
    mine = client.get(reverse("study-mine")).content.decode()
    assert "you have agreed to version 2 of the consent" in mine
    assert "Until you agree to the new version" not in mine
    home = client.get(reverse("cry-home")).content.decode()
    assert "Your study's consent has changed" not in home


def test_agreeing_twice_records_it_once() -> None:
    participant, client = enrolled()
    new_version(participant)
    assert agree(client, 2).status_code == 302
    assert agree(client, 2).status_code == 302
    assert Consent.objects.filter(participant=participant, version__number=2).count() == 1


def test_a_version_changed_again_while_reading_is_shown_again() -> None:
    participant, client = enrolled()
    new_version(participant)
    client.get(reverse("study-consent"))
    services.study_update(study=participant.study, changes={}, consent_text="Version three.")
    # Version 2 had no agreement yet, so it was corrected in place: still number 2.
    services.consent_agree(
        participant=join(participant.study), consent_number=2, now=timezone.now()
    )
    services.study_update(study=participant.study, changes={}, consent_text="Version four.")
    answer = agree(client, 2)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "The consent text has changed since you opened it: please read it again." in text
    assert "Version four." in text
    assert 'name="consent_number" value="3"' in text
    assert participant.agreed_version == 1
    assert not Consent.objects.filter(participant=participant, version__number__gt=1).exists()


def test_with_nothing_new_to_agree_to_the_consent_page_sends_to_the_study() -> None:
    _participant, client = enrolled()
    answer = client.get(reverse("study-consent"), follow=True)
    assert answer.redirect_chain[-1][0] == reverse("study-mine")
    assert "You have agreed to the consent as it is now." in answer.content.decode()
    outsider = signed_in(make_user())
    assert outsider.get(reverse("study-consent"))["Location"] == reverse("study-mine")
    assert agree(outsider, 1)["Location"] == reverse("study-mine")


def test_someone_who_left_is_not_asked_again() -> None:
    participant, client = enrolled()
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    new_version(participant)
    assert "Your study's consent has changed" not in (
        client.get(reverse("cry-home")).content.decode()
    )
    assert client.get(reverse("study-consent"))["Location"] == reverse("study-mine")


def test_the_banner_leaves_the_home_pages_swaps_in_place_alone() -> None:
    """A check-in saved on the home page swaps its parts in place; the banner is not one of
    them, so it is neither sent again nor lost."""
    participant, client = enrolled()
    new_version(participant)
    home = client.get(reverse("cry-home")).content.decode()
    assert home.count('id="study-consent-title"') == 1
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}
    form = client.get(reverse("cry-new"), headers=headers).content.decode()
    assert "study-consent" not in form
    client_id = form.split('name="client_id" value="')[1].split('"')[0]
    saved = client.post(
        reverse("cry-create"), {"valence": 40, "client_id": client_id}, headers=headers
    )
    assert saved.status_code == 200
    text = saved.content.decode()
    assert 'id="recent" aria-labelledby="recent-title" data-hx-swap-oob="true"' in text
    assert "study-consent" not in text


def test_leaving_deletes_what_they_gave_by_default_and_keeps_their_cries() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    page = client.get(reverse("study-withdraw")).content.decode()
    assert 'name="keep" value="no" required id="id_keep_0" checked' in page
    assert "Delete what I gave from the study" in page
    assert "Let the study keep what I gave until now" in page
    assert "Your own cries in crylog stay yours either way" in page
    client.get(reverse("study-mine"))  # the study's records of the cry are made
    answer = client.post(reverse("study-withdraw"), {"keep": "no"}, follow=True)
    assert answer.redirect_chain[-1][0] == reverse("study-mine")
    text = answer.content.decode()
    assert "You have left “Tears at home”. What you gave is deleted from the study." in text
    participant.refresh_from_db()
    assert participant.withdrawn_at is not None
    assert participant.data_kept is False
    assert not StudyCry.objects.filter(participant=participant).exists()
    assert Cry.objects.filter(pk=cry.pk).exists()
    assert not ProtocolTiming.objects.filter(user=participant.user).exists()


def test_leaving_may_let_the_study_keep_what_was_given() -> None:
    participant, client = enrolled()
    cry = make_cry(participant.user)
    answer = client.post(reverse("study-withdraw"), {"keep": "yes"}, follow=True)
    assert "The study keeps what you gave until now, under your code." in answer.content.decode()
    participant.refresh_from_db()
    assert participant.data_kept is True
    assert [c for c, _sc in received(participant)] == [cry]


def test_leaving_twice_leaves_once_and_says_what_the_first_did() -> None:
    participant, client = enrolled()
    client.post(reverse("study-withdraw"), {"keep": "no"})
    participant.refresh_from_db()
    left_at = participant.withdrawn_at
    again = client.post(reverse("study-withdraw"), {"keep": "yes"}, follow=True)
    assert "What you gave is deleted from the study." in again.content.decode()
    participant.refresh_from_db()
    assert participant.withdrawn_at == left_at
    assert participant.data_kept is False
    # The page itself is not offered again.
    assert client.get(reverse("study-withdraw"))["Location"] == reverse("study-mine")


def test_a_withdrawal_without_a_choice_leaves_nobody() -> None:
    participant, client = enrolled()
    answer = client.post(reverse("study-withdraw"), {"keep": "maybe"})
    assert answer.status_code == 200
    participant.refresh_from_db()
    assert participant.withdrawn_at is None


def test_someone_in_no_study_has_nothing_to_leave() -> None:
    client = signed_in(make_user())
    assert client.get(reverse("study-withdraw"))["Location"] == reverse("study-mine")
    assert client.post(reverse("study-withdraw"), {"keep": "no"})["Location"] == reverse(
        "study-mine"
    )


def test_leaving_touches_only_the_persons_own_participation() -> None:
    participant, client = enrolled()
    other = join(participant.study, at=timezone.now() - timedelta(hours=1))
    client.post(reverse("study-withdraw"), {"keep": "no"})
    other.refresh_from_db()
    assert other.withdrawn_at is None
