"""Notes and ratings never reach the logs or the error reports, even when a request fails."""

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from crylog.accounts.models import User
from crylog.cries import services
from crylog.lib.logs import WithholdExceptionMessages, traceback_without_messages
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

NOTE = "a private note about my sister, 5e1f"
VALENCE = "87"


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """What the configured console handler writes, the way a server's log would get it."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, WithholdExceptionMessages) for f in handler.filters)
    ]
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def failing_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes fail the way PostgreSQL fails: with the whole row in the error message."""

    detail = f"new row violates check constraint. DETAIL: Failing row contains ({NOTE}, {VALENCE})."
    cause = f"note={NOTE!r} valence={VALENCE}"

    def fail(**values: object) -> None:
        raise IntegrityError(detail) from ValueError(cause)

    monkeypatch.setattr(services, "cry_create", fail)
    monkeypatch.setattr(services, "cry_update", fail)


def fail_two_requests(client: Client, user: User) -> None:
    client.raise_request_exception = False
    cry = make_cry(user)
    ended = cry.ended_at.strftime("%Y-%m-%dT%H:%M")  # type: ignore[union-attr]
    responses = [
        client.post(reverse("cry-create"), {"valence": VALENCE}),
        client.post(reverse("cry-details", args=[cry.pk]), {"note": NOTE, "ended_at": ended}),
    ]
    assert [response.status_code for response in responses] == [500, 500]


def shows_the_rating(text: str) -> bool:
    """Whether the rating stands in the text as a number of its own (not a line number or
    part of a memory address)."""
    text = re.sub(r"line \d+|0x[0-9a-f]+", "", text)
    return re.search(rf"\b{VALENCE}\b", text) is not None


def test_a_failing_request_is_logged_without_the_note_or_the_rating(
    owner_client: Client, user: User, console_log: io.StringIO, failing_writes: None
) -> None:
    fail_two_requests(owner_client, user)
    log = console_log.getvalue()
    # It was logged, with where it happened...
    assert "Internal Server Error: /cries/create/" in log
    assert "django.db.utils.IntegrityError" in log
    assert "crylog/cries/views.py" in log
    # ...but not with what the person wrote.
    assert NOTE not in log
    assert "Failing row" not in log
    assert not shows_the_rating(log)


def test_an_error_report_to_the_admins_carries_no_form_values_or_messages(
    owner_client: Client, user: User, settings: Settings, failing_writes: None
) -> None:
    settings.ADMINS = ["ops@example.com"]
    fail_two_requests(owner_client, user)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        report = f"{message.subject}{message.body}"
        assert "IntegrityError" in report
        assert "note" in report or "valence" in report  # the field names, to see what was sent
        assert NOTE not in report
        assert "Failing row" not in report
        assert not shows_the_rating(report)


def test_a_traceback_keeps_each_cause_but_none_of_their_messages() -> None:
    note = "".join(["the note ", "itself"])  # never spelled out on a line the traceback shows
    try:
        try:
            raise ValueError(note)
        except ValueError as error:
            raise IntegrityError(note) from error
    except IntegrityError as error:
        text = traceback_without_messages(error)
    assert "django.db.utils.IntegrityError" in text
    assert "builtins.ValueError" in text
    assert "raise ValueError(note)" in text  # where it happened is kept
    assert note not in text
