"""The rules of taking part, at their edges: joining, the limit, one study at a time, a new
consent version, withdrawing, a cry kept out, and the protocol's follow-up timing."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from crylog.followups.models import FollowUp, ProtocolTiming
from crylog.studies import services
from crylog.studies.data import participants_used, received, study_cries
from crylog.studies.models import Participant
from tests.conftest import make_user
from tests.followups.conftest import run_worker
from tests.studies.factories import CONSENT, join, make_study

pytestmark = pytest.mark.django_db


def codes(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value.code)


def test_a_participant_code_is_random_and_not_the_account() -> None:
    study = make_study()
    people = [make_user() for _ in range(5)]
    found = [join(study, person).code for person in people]
    assert len(set(found)) == 5
    assert all(re.fullmatch(r"[A-HJKMNP-TW-Z2-9]{6}", code) for code in found)


def test_joining_twice_is_one_participation() -> None:
    study = make_study()
    person = make_user()
    assert join(study, person) == join(study, person)
    assert Participant.objects.count() == 1


def test_the_last_place_is_taken_and_then_the_study_is_full() -> None:
    study = make_study(max_participants=2)
    join(study)
    join(study)
    with pytest.raises(ValidationError) as refused:
        join(study)
    assert codes(refused) == "full"


def test_a_withdrawal_frees_a_place() -> None:
    study = make_study(max_participants=1)
    first = join(study)
    services.participant_withdraw(participant=first, keep=False, now=timezone.now())
    join(study)


def test_a_closed_invitation_takes_nobody_and_reopened_takes_them() -> None:
    study = make_study()
    services.invitation_set_open(study=study, is_open=False)
    person = make_user()
    with pytest.raises(ValidationError) as refused:
        join(study, person)
    assert codes(refused) == "closed"
    services.invitation_set_open(study=study, is_open=True)
    join(study, person)


def test_a_study_takes_people_on_its_last_day_not_after() -> None:
    """The last day is the person's own: a study ending today in Berlin takes a Berliner
    until their midnight."""
    person = make_user(timezone="Europe/Berlin")
    today = timezone.localtime(timezone=person.zone).date()
    join(make_study(starts_on=today, ends_on=today), person)
    ended = make_study(starts_on=today - timedelta(days=5), ends_on=today - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        join(ended)
    assert codes(refused) == "ended"


def test_one_running_study_at_a_time_and_another_after_leaving() -> None:
    person = make_user()
    first = join(make_study(title="First"), person)
    second = make_study(title="Second")
    with pytest.raises(ValidationError) as refused:
        join(second, person)
    assert codes(refused) == "in_another"
    services.participant_withdraw(participant=first, keep=True, now=timezone.now())
    join(second, person)


def test_consent_read_before_it_changed_does_not_join() -> None:
    study = make_study()
    join(study)  # someone agreed, so a change is a new version
    services.study_update(study=study, changes={}, consent_text=CONSENT + " And more.")
    with pytest.raises(ValidationError) as refused:
        services.study_join(study=study, user=make_user(), consent_number=1, now=timezone.now())
    assert codes(refused) == "consent_changed"


def test_a_consent_corrected_before_anyone_agreed_stays_version_one() -> None:
    study = make_study()
    services.study_update(study=study, changes={}, consent_text="Corrected.")
    assert (study.consent.number, study.consent.text) == (1, "Corrected.")


def test_a_new_consent_version_holds_back_data_until_agreed_again() -> None:
    study = make_study()
    participant = join(study)
    cry_services.cry_create(user=participant.user, valence=40)
    assert len(received(participant)) == 1
    services.study_update(study=study, changes={}, consent_text=CONSENT + " Changed.")
    participant.refresh_from_db()
    assert received(participant) == []
    assert list(participants_used(study)) == []
    assert services.consent_agree(participant=participant, consent_number=2, now=timezone.now())
    assert len(received(participant)) == 1


def test_what_is_collected_changes_only_with_the_consent_once_people_joined() -> None:
    study = make_study(collects_notes=False)
    join(study)
    with pytest.raises(ValidationError):
        services.study_update(study=study, changes={"collects_notes": True}, consent_text=CONSENT)
    services.study_update(
        study=study, changes={"collects_notes": True}, consent_text=CONSENT + " Notes too."
    )
    assert study.consent.number == 2


def test_withdrawing_with_deletion_leaves_the_study_nothing_and_the_person_everything() -> None:
    study = make_study()
    participant = join(study)
    cry = cry_services.cry_create(user=participant.user, valence=40)
    assert study_cries(participant)
    services.participant_withdraw(participant=participant, keep=False, now=timezone.now())
    participant.refresh_from_db()
    assert received(participant) == []
    assert Cry.objects.filter(pk=cry.pk).exists()
    assert not ProtocolTiming.objects.filter(user=participant.user).exists()


def test_withdrawing_keeping_the_data_keeps_the_cries_until_then_only() -> None:
    study = make_study()
    participant = join(study)
    cry_services.cry_create(user=participant.user, valence=40)
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    cry_services.cry_create(user=participant.user, valence=50)
    participant.refresh_from_db()
    assert [cry.rating_at(Moment.RIGHT_AFTER).valence for cry, _ in received(participant)] == [40]  # type: ignore[union-attr]


def test_a_cry_kept_out_is_not_received_and_let_in_again_is() -> None:
    study = make_study()
    participant = join(study)
    cry = cry_services.cry_create(user=participant.user, valence=40)
    services.cry_keep_out(participant=participant, cry=cry, excluded=True)
    assert received(participant) == []
    services.cry_keep_out(participant=participant, cry=cry, excluded=False)
    assert [c for c, _ in received(participant)] == [cry]


def test_a_cry_ended_a_second_before_joining_is_not_the_studys() -> None:
    study = make_study()
    person = make_user()
    now = timezone.now()
    before = cry_services.cry_create(user=person, valence=40, ended_at=now - timedelta(seconds=1))
    participant = join(study, person, at=now)
    at_joining = cry_services.cry_create(user=person, valence=40, ended_at=now)
    assert [c for c, _ in received(participant)] == [at_joining]
    assert before.pk != at_joining.pk


def test_the_protocol_sets_the_follow_up_timing_while_enrolled() -> None:
    study = make_study(followup_delay_minutes=60, after_20=True)
    person = make_user(followup_delay_minutes=120, followup_after_20=False)
    participant = join(study, person)
    cry = cry_services.cry_create(user=person, valence=40)
    assert cry.ended_at
    due = dict(FollowUp.objects.filter(cry=cry).values_list("moment", "due_at"))
    assert due == {
        Moment.AFTER_90: cry.ended_at + timedelta(minutes=60),
        Moment.AFTER_20: cry.ended_at + timedelta(minutes=20),
    }
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    after = cry_services.cry_create(user=person, valence=40)
    assert after.ended_at
    due = dict(FollowUp.objects.filter(cry=after).values_list("moment", "due_at"))
    assert due == {Moment.AFTER_90: after.ended_at + timedelta(minutes=120)}


@pytest.mark.parametrize(("due_minute", "quiet"), [(59, False), (0, True)])
def test_quiet_hours_still_hold_under_the_study_s_timing(
    clock: TimeMachineFixture, due_minute: int, quiet: bool
) -> None:
    """A study's 60-minute follow-up due at 22:59 goes out; due at 23:00, the start of the
    person's quiet hours, it is held."""
    berlin = ZoneInfo("Europe/Berlin")
    due = datetime(2026, 1, 15, 22 if due_minute else 23, due_minute, tzinfo=berlin)
    clock.move_to(due - timedelta(days=1), tick=False)
    person = make_user(
        timezone="Europe/Berlin", followup_email=True, quiet_start=time(23), quiet_end=time(7)
    )
    join(make_study(followup_delay_minutes=60, starts_on=due.date(), ends_on=due.date()), person)
    clock.move_to(due - timedelta(minutes=60), tick=False)
    followup = cry_services.cry_create(user=person, valence=30).followups.get()
    assert followup.due_at == due
    clock.move_to(due, tick=False)
    run_worker()
    followup.refresh_from_db()
    assert followup.state == (FollowUp.State.QUIET if quiet else FollowUp.State.SENT)
    assert len(mail.outbox) == (0 if quiet else 1)


def test_a_researcher_whose_study_has_consents_can_delete_their_account() -> None:
    study = make_study()
    join(study)
    study.researcher.delete()
    assert not Participant.objects.exists()
