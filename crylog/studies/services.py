"""Writes of the studies app: granting the right to run studies, studies and their consent,
joining, agreeing again, keeping a cry out and withdrawing (docs/research.md)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.followups.models import ProtocolTiming
from crylog.studies.models import (
    Consent,
    ConsentVersion,
    Participant,
    Study,
    StudyCry,
)

# Codes are read aloud and typed: no 0/O, 1/I/L or U/V. 29 signs, 6 of them: about 600
# million codes, so one study's few dozen never need more than a retry.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 6
TOKEN_BYTES = 32
# What a participant is asked to consent to: changing it after someone joined needs a new
# consent text, which everyone is asked again.
COLLECTED = ("collects_details", "collects_notes")


def random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# The right to run studies ---------------------------------------------------------------


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label="studies", codename="run_studies")


def researcher_grant(*, user: User) -> None:
    user.user_permissions.add(_permission())


def researcher_revoke(*, user: User) -> None:
    user.user_permissions.remove(_permission())


# Studies --------------------------------------------------------------------------------


@transaction.atomic
def study_create(*, researcher: User, consent_text: str, **fields: Any) -> Study:
    study = Study.objects.create(
        researcher=researcher, invitation_token=secrets.token_urlsafe(TOKEN_BYTES), **fields
    )
    ConsentVersion.objects.create(study=study, number=1, text=consent_text)
    return study


@transaction.atomic
def study_update(*, study: Study, changes: dict[str, Any], consent_text: str) -> Study:
    """Change a study. A consent text changed after someone agreed to it is a new version
    (everyone in the study is asked again); before that, the text is corrected in place.
    What is collected changes only with the consent text, once someone has joined."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    current = study.consent
    agreed = current.agreements.exists()
    text_changed = consent_text.strip() != current.text.strip()
    if (
        agreed
        and not text_changed
        and any(name in changes and changes[name] != getattr(study, name) for name in COLLECTED)
    ):
        raise ValidationError(
            gettext(
                "People have agreed to collect what the consent says: change the consent "
                "text too, and they are asked again."
            ),
            code="collected_without_consent",
        )
    for name, value in changes.items():
        setattr(study, name, value)
    study.save()
    if text_changed:
        if agreed:
            ConsentVersion.objects.create(study=study, number=current.number + 1, text=consent_text)
        else:
            current.text = consent_text
            current.save(update_fields=["text"])
    for participant in study.participants.enrolled().select_related("user"):
        _set_timing(participant)
    return study


def invitation_set_open(*, study: Study, is_open: bool) -> None:
    Study.objects.filter(pk=study.pk).update(invitation_open=is_open)
    study.invitation_open = is_open


def invitation_renew(*, study: Study) -> str:
    """A new invitation link; the old one stops working."""
    study.invitation_token = secrets.token_urlsafe(TOKEN_BYTES)
    study.save(update_fields=["invitation_token"])
    return study.invitation_token


# Participants ---------------------------------------------------------------------------


def join_refusal(*, study: Study, user: User | None, today: Any) -> ValidationError | None:
    """Why ``user`` cannot join ``study`` now, or None. For nobody signed in (``user`` None):
    why nobody can."""
    if study.has_ended(today):
        return ValidationError(gettext("This study has ended."), code="ended")
    if not study.invitation_open:
        return ValidationError(gettext("This study is not taking anyone new."), code="closed")
    other = None
    if user is not None:
        other = Participant.objects.filter(user=user).running_on(today).exclude(study=study).first()
    if other is not None:
        return ValidationError(
            gettext(
                "You are in the study “%(title)s”: one study at a time. Leave it first to "
                "join this one."
            )
            % {"title": other.study.title},
            code="in_another",
        )
    if study.participants.enrolled().count() >= study.max_participants:
        return ValidationError(
            gettext("This study has all the participants it needs."), code="full"
        )
    return None


@transaction.atomic
def study_join(*, study: Study, user: User, consent_number: int, now: datetime) -> Participant:
    """``user`` joins ``study`` having agreed to version ``consent_number`` of its consent.

    Joining again (the same form sent twice) is the participation already made. Refused with
    a ValidationError when the study has ended, is closed, full, the person is in another
    running study, or the consent changed since they read it.
    """
    study = Study.objects.select_for_update().get(pk=study.pk)  # one join at a time: the limit
    made = study.participants.filter(user=user).first()
    if made is not None:
        return made
    today = now.astimezone(user.zone).date()
    refusal = join_refusal(study=study, user=user, today=today)
    if refusal is not None:
        raise refusal
    version = study.consent
    if version.number != consent_number:
        raise ValidationError(
            gettext("The consent text has changed since you opened it: please read it again."),
            code="consent_changed",
        )
    for _ in range(10):
        try:
            with transaction.atomic():
                participant = Participant.objects.create(
                    study=study, user=user, code=random_code(), joined_at=now
                )
            break
        except IntegrityError:  # that code is taken in this study
            continue
    else:  # pragma: no cover - ten codes in a row already taken
        raise RuntimeError("no free participant code")
    Consent.objects.create(participant=participant, version=version, agreed_at=now)
    _set_timing(participant)
    return participant


@transaction.atomic
def consent_agree(*, participant: Participant, consent_number: int, now: datetime) -> bool:
    """The participant agrees to the consent's current version (asked again after it changed);
    False when the text changed again since they read it. Agreeing twice records it once."""
    version = participant.study.consent
    if version.number != consent_number:
        return False
    Consent.objects.get_or_create(
        participant=participant, version=version, defaults={"agreed_at": now}
    )
    return True


@transaction.atomic
def participant_withdraw(*, participant: Participant, keep: bool, now: datetime) -> Participant:
    """The participant leaves the study. ``keep`` False (the default the page offers) deletes
    what they gave from the study; either way their own cries stay theirs, untouched. Leaving
    again changes nothing."""
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if current.withdrawn_at is not None:
        return current
    current.withdrawn_at = now
    current.data_kept = keep
    current.save(update_fields=["withdrawn_at", "data_kept"])
    if not keep:
        current.cries.all().delete()
    ProtocolTiming.objects.filter(user_id=current.user_id).delete()
    return current


def cry_keep_out(*, participant: Participant, cry: Cry, excluded: bool) -> StudyCry:
    """Keep one of the participant's cries out of the study, or let it in again."""
    study_cry = study_cry_for(participant=participant, cry=cry)
    if study_cry.excluded != excluded:
        study_cry.excluded = excluded
        study_cry.save(update_fields=["excluded"])
    return study_cry


def study_cry_for(*, participant: Participant, cry: Cry) -> StudyCry:
    """The study's record of one cry, made with a random code the first time it is needed."""
    assert cry.user_id == participant.user_id
    for _ in range(10):
        try:
            with transaction.atomic():
                study_cry, _made = StudyCry.objects.get_or_create(
                    participant=participant, cry=cry, defaults={"code": random_code()}
                )
            return study_cry
        except IntegrityError:  # the code was taken, or a copy made it at the same moment
            continue
    raise RuntimeError("no free cry code")  # pragma: no cover


def _set_timing(participant: Participant) -> None:
    """The study's protocol sets the participant's follow-up timing while it runs."""
    study = participant.study
    start, end = study.window(participant.user.zone)
    ProtocolTiming.objects.update_or_create(
        user_id=participant.user_id,
        defaults={
            "delay_minutes": study.followup_delay_minutes,
            "after_20": study.after_20,
            "starts_at": max(start, participant.joined_at),
            "ends_at": end,
            "set_by": study.title,
        },
    )
