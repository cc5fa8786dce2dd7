"""The new-study form sent twice at the same moment (a double tap without JavaScript, a
browser's retry) makes one study: the second copy waits for the first and answers with its
study. On PostgreSQL the second copy wakes the moment the first commits, so this also shows
that the first saves its form's id with its study, not after (SQLite's wait for its lock
polls, and would hide that)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from crylog.studies import services
from crylog.studies.models import Study
from tests.studies.factories import CONSENT, make_researcher

pytestmark = pytest.mark.django_db(transaction=True)

FORM_ID = "0b0b4a6e-58a5-4c1e-9d0b-1d1f6f7b5e01"


def test_two_copies_sent_at_once_make_one_study(monkeypatch: pytest.MonkeyPatch) -> None:
    researcher = make_researcher()
    first = Client()
    first.force_login(researcher)
    second = Client()  # the same browser: the same session
    second.cookies = first.cookies
    slow_create = services.study_create

    def study_create(**kwargs: Any) -> Study:
        # Long enough that the other copy arrives while this one is still at work.
        made = slow_create(**kwargs)
        time.sleep(0.5)
        return made

    monkeypatch.setattr(services, "study_create", study_create)
    data = {
        "title": "At once",
        "run_by": "Mood Lab",
        "contact": "lab@example.org",
        "consent_text": CONSENT,
        "followup_delay_minutes": 90,
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-30",
        "max_participants": 30,
        "form_id": FORM_ID,
    }
    answers: list[str] = []

    def send(client: Client, delay: float) -> None:
        time.sleep(delay)
        try:
            answers.append(client.post(reverse("study-create"), data)["Location"])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(first, 0)),
        threading.Thread(target=send, args=(second, 0.1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Study.objects.count() == 1
    study = Study.objects.get()
    assert answers == [reverse("study-detail", kwargs={"pk": study.pk})] * 2
