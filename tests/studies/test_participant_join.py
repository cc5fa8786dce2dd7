"""The invitation page (study-join): anyone reads it; a person signed in agrees and joins once;
every refusal says why and changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.followups.models import ProtocolTiming
from crylog.studies import services
from crylog.studies.models import Consent, Participant, Study
from tests.conftest import PASSWORD, ClientResponse, make_user
from tests.studies.factories import CONSENT, day, join, make_study

pytestmark = pytest.mark.django_db


def join_url(study: Study) -> str:
    return reverse("study-join", args=[study.invitation_token])


def agree(client: Client, study: Study, number: int | None = None) -> ClientResponse:
    data = {"consent_number": number or study.consent.number, "agree": ""}
    return client.post(join_url(study), data)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anyone_reads_the_invitation() -> None:
    study = make_study(
        title="Tears at home",
        run_by="Mood Lab, University of Somewhere",
        contact="lab@example.org",
        followup_delay_minutes=60,
        after_20=True,
        collects_details=True,
        collects_notes=False,
    )
    page = Client().get(join_url(study))
    assert page.status_code == 200
    text = page.content.decode()
    for words in [
        "Tears at home",
        "Mood Lab, University of Somewhere",
        "lab@example.org",
        "60 minutes after a cry ends",
        "It also asks 20 minutes after the cry.",
        "Your quiet hours still hold",
        "Your mood ratings",
        "The details of each cry",
        "Not your notes.",
        CONSENT,
        "Consent (version 1)",
    ]:
        assert words in text
    assert "I agree and join" not in text


def test_the_protocol_and_what_is_collected_follow_the_study() -> None:
    study = make_study(after_20=False, collects_details=False, collects_notes=True)
    text = Client().get(join_url(study)).content.decode()
    assert "There is no check-in at 20 minutes." in text
    assert "Not the details of your cries." in text
    assert "Your notes, word for word." in text


def test_a_visitor_is_offered_to_sign_in_or_up_and_comes_back(settings: object) -> None:
    study = make_study()
    url = join_url(study)
    text = Client().get(url).content.decode()
    login = f"{reverse('account_login')}?next={url}"
    signup = f"{reverse('account_signup')}?next={url}"
    assert f'href="{login}"' in text
    assert f'href="{signup}"' in text
    # Signing in there comes back here.
    client = Client()
    make_user("visitor@example.com")
    answer = client.post(login, {"login": "visitor@example.com", "password": PASSWORD})
    assert answer.status_code == 302
    assert answer["Location"] == url
    signed_up = Client().post(signup, {"email": "new@example.com", "password1": PASSWORD})
    assert signed_up.status_code == 302
    assert signed_up["Location"] == url


def test_a_visitor_who_posts_is_sent_to_sign_in() -> None:
    study = make_study()
    answer = agree(Client(), study)
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('account_login')}?next={join_url(study)}"
    assert not Participant.objects.exists()


def test_an_unknown_or_replaced_token_is_a_404() -> None:
    study = make_study()
    old = join_url(study)
    assert Client().get("/join/no-such-token/").status_code == 404
    services.invitation_renew(study=study)
    assert Client().get(old).status_code == 404
    assert signed_in(make_user()).post(old, {"consent_number": 1}).status_code == 404


def test_a_person_agrees_and_joins_and_sees_their_code() -> None:
    study = make_study(title="Tears at home", followup_delay_minutes=60)
    person = make_user()
    client = signed_in(person)
    page = client.get(join_url(study)).content.decode()
    assert 'name="agree"' in page
    assert 'name="consent_number" value="1"' in page
    assert f'href="{reverse("cry-home")}"' in page  # Not now
    answer = agree(client, study)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("study-mine")
    participant = Participant.objects.get(study=study, user=person)
    consent = Consent.objects.get(participant=participant)
    assert consent.version.number == 1
    assert ProtocolTiming.objects.get(user=person).delay_minutes == 60
    mine = client.get(reverse("study-mine")).content.decode()
    assert "You have joined “Tears at home”." in mine
    assert participant.code in mine


def test_the_same_form_sent_twice_joins_once() -> None:
    study = make_study()
    person = make_user()
    client = signed_in(person)
    first = agree(client, study)
    second = agree(client, study)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Participant.objects.filter(user=person).count() == 1
    assert Consent.objects.filter(participant__user=person).count() == 1


def test_a_participant_is_told_so_and_sent_to_their_study() -> None:
    study = make_study()
    person = make_user()
    join(study, person)
    text = signed_in(person).get(join_url(study)).content.decode()
    assert "You are taking part in this study." in text
    assert reverse("study-mine") in text
    assert "I agree and join" not in text


def test_someone_who_left_cannot_join_again_and_is_told_when_they_left() -> None:
    study = make_study()
    person = make_user()
    participant = join(study, person)
    services.participant_withdraw(participant=participant, keep=False, now=timezone.now())
    client = signed_in(person)
    assert "You left this study on" in client.get(join_url(study)).content.decode()
    again = agree(client, study)  # an old form
    assert again.status_code == 200
    assert "You left this study on" in again.content.decode()
    participant.refresh_from_db()
    assert participant.withdrawn_at is not None


def test_a_closed_invitation_says_so_and_joins_nobody() -> None:
    study = make_study()
    services.invitation_set_open(study=study, is_open=False)
    for client in [Client(), signed_in(make_user())]:
        text = client.get(join_url(study)).content.decode()
        assert "This study is not taking anyone new." in text
        assert "I agree and join" not in text
        assert "Sign in" not in text.split('id="join"')[1]
    person = make_user()
    answer = agree(signed_in(person), study)
    assert "This study is not taking anyone new." in answer.content.decode()
    assert not Participant.objects.filter(user=person).exists()


def test_an_ended_study_says_so() -> None:
    study = make_study(starts_on=day(-10), ends_on=day(-1))
    text = signed_in(make_user()).get(join_url(study)).content.decode()
    assert "This study has ended." in text
    assert "I agree and join" not in text


def test_a_study_on_its_last_day_still_takes_people() -> None:
    study = make_study(starts_on=day(-10), ends_on=day(0))
    person = make_user(timezone="UTC")
    assert "I agree and join" in signed_in(person).get(join_url(study)).content.decode()


def test_the_last_place_is_taken_and_then_the_study_is_full() -> None:
    study = make_study(max_participants=2)
    join(study)
    last, late = make_user(), make_user()
    late_client = signed_in(late)
    # Both read the page while one place is left.
    assert "I agree and join" in signed_in(last).get(join_url(study)).content.decode()
    assert "I agree and join" in late_client.get(join_url(study)).content.decode()
    assert agree(signed_in(last), study).status_code == 302
    refused = agree(late_client, study)
    assert refused.status_code == 200
    assert "This study has all the participants it needs." in refused.content.decode()
    assert "I agree and join" not in refused.content.decode()
    assert not Participant.objects.filter(user=late).exists()
    assert "This study has all the participants it needs." in (
        late_client.get(join_url(study)).content.decode()
    )


def test_a_place_left_by_someone_who_withdrew_is_free_again() -> None:
    study = make_study(max_participants=1)
    first = join(study)
    services.participant_withdraw(participant=first, keep=True, now=timezone.now())
    person = make_user()
    assert agree(signed_in(person), study).status_code == 302


def test_someone_in_another_running_study_is_told_to_leave_it_first() -> None:
    other = make_study(title="The other study")
    study = make_study()
    person = make_user()
    join(other, person)
    client = signed_in(person)
    text = client.get(join_url(study)).content.decode()
    assert "You are in the study “The other study”: one study at a time." in text
    assert "I agree and join" not in text
    refused = agree(client, study)
    assert "one study at a time" in refused.content.decode()
    assert list(Participant.objects.filter(user=person).values_list("study", flat=True)) == [
        other.pk
    ]
    assert ProtocolTiming.objects.get(user=person).set_by == "The other study"


def test_a_person_whose_other_study_ended_may_join() -> None:
    other = make_study(starts_on=day(-20), ends_on=day(-2))
    study = make_study()
    person = make_user()
    join(other, person, at=timezone.now() - timedelta(days=10))
    assert agree(signed_in(person), study).status_code == 302


def test_a_consent_changed_between_reading_and_agreeing_is_shown_again() -> None:
    study = make_study()
    join(study)  # someone agreed to version 1: a change is a new version
    person = make_user()
    client = signed_in(person)
    assert 'name="consent_number" value="1"' in client.get(join_url(study)).content.decode()
    services.study_update(study=study, changes={}, consent_text="Version two of the text.")
    answer = agree(client, study, number=1)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "The consent text has changed since you opened it: please read it again." in text
    assert "Version two of the text." in text
    assert 'name="consent_number" value="2"' in text
    assert not Participant.objects.filter(user=person).exists()
    assert agree(client, study, number=2).status_code == 302
    assert Participant.objects.get(user=person).agreed_version == 2


def test_a_form_without_a_number_joins_nobody() -> None:
    study = make_study()
    person = make_user()
    answer = signed_in(person).post(join_url(study), {"agree": ""})
    assert answer.status_code == 200
    assert not Participant.objects.filter(user=person).exists()
