"""What the rest of crylog says while a person takes part: the reminders page (the study sets
the timing), Settings (its card, the note beside the person's own timing), and every
participant page as valid HTML."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from crylog.accounts.models import User
from crylog.studies import services
from tests.conftest import make_cry, make_user
from tests.pages.vnu import html_errors
from tests.studies.factories import day, join, make_study

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reminders_page_says_the_study_sets_the_timing_until_its_end() -> None:
    person = make_user(timezone="UTC", followup_delay_minutes=120, followup_after_20=False)
    study = make_study(
        title="Tears at home", followup_delay_minutes=60, after_20=True, ends_on=day(10)
    )
    join(study, person)
    text = signed_in(person).get(reverse("reminder-settings")).content.decode()
    assert "Set by your study" in text
    assert "While you take part in “Tears at home”, to the end of" in text
    # The last day, not the midnight after it.
    assert f"to the end of {date_format(study.ends_on, 'DATE_FORMAT')}," in text
    assert "60 minutes after a cry ends;" in text
    assert "and 20 minutes after it, too." in text
    assert "About 60 minutes after you log a cry" in text
    assert "Your quiet hours still hold" in text
    assert (
        'Your own choice in <a href="/settings/">Settings</a>, 120 minutes and no check-in '
        "at 20 minutes, is not in force until then." in text
    )


def test_the_reminders_page_names_the_first_day_of_a_study_still_to_come() -> None:
    person = make_user(timezone="UTC")
    join(make_study(starts_on=day(3), ends_on=day(20), after_20=False), person)
    text = signed_in(person).get(reverse("reminder-settings")).content.decode()
    first, last = date_format(day(3), "DATE_FORMAT"), date_format(day(20), "DATE_FORMAT")
    assert f"from {first} to the end of {last}, the study sets" in text
    assert "with no check-in at 20 minutes." in text


def test_the_reminders_page_is_the_persons_own_outside_a_study_or_after_it() -> None:
    person = make_user(followup_delay_minutes=100)
    client = signed_in(person)
    text = client.get(reverse("reminder-settings")).content.decode()
    assert "Set by your study" not in text
    assert "About 100 minutes after you log a cry" in text
    participant = join(make_study(followup_delay_minutes=60), person)
    assert "Set by your study" in client.get(reverse("reminder-settings")).content.decode()
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    text = client.get(reverse("reminder-settings")).content.decode()
    assert "Set by your study" not in text
    assert "About 100 minutes after you log a cry" in text


def test_settings_link_to_the_study_and_say_the_timing_is_the_studys() -> None:
    person = make_user()
    client = signed_in(person)
    text = client.get(reverse("account-settings")).content.decode()
    assert 'id="study"' not in text
    assert "the study sets the follow-up time" not in text
    participant = join(make_study(title="Tears at home"), person)
    text = client.get(reverse("account-settings")).content.decode()
    assert "You take part in “Tears at home”." in text
    assert reverse("study-mine") in text
    assert "While you take part in “Tears at home”, to the end of" in text
    assert "the study sets the follow-up time and the check-in at 20 minutes" in text
    services.participant_withdraw(participant=participant, keep=False, now=timezone.now())
    text = client.get(reverse("account-settings")).content.decode()
    assert "You left “Tears at home” on" in text
    assert "the study sets the follow-up time" not in text


def test_the_settings_card_is_the_persons_own() -> None:
    join(make_study(title="Someone else's"))
    text = signed_in(make_user()).get(reverse("account-settings")).content.decode()
    assert "Someone else's" not in text
    assert 'id="study"' not in text


def test_every_participant_page_is_valid_html(tmp_path: Path) -> None:
    pages: dict[str, str] = {}
    study = make_study(collects_notes=True)
    token = reverse("study-join", args=[study.invitation_token])
    pages["join, signed out"] = Client().get(token).content.decode()
    person = make_user()
    client = signed_in(person)
    pages["join, signed in"] = client.get(token).content.decode()
    pages["no study"] = client.get(reverse("study-mine")).content.decode()
    participant = join(study, person, at=timezone.now() - timedelta(hours=1))
    make_cry(person)
    make_cry(person)
    pages["join, a participant"] = client.get(token).content.decode()
    pages["study"] = client.get(reverse("study-mine")).content.decode()
    cry = make_cry(person)
    headers = {"HX-Request": "true"}
    url = reverse("study-cry-keep-out", args=[cry.pk])
    fragment = client.post(url, {"excluded": "1"}, headers=headers).content.decode()
    # The row goes into the list; htmx takes the out-of-band parts out before it swaps.
    row, rest = fragment.split("</li>", 1)
    pages["kept out, swapped"] = (
        f'<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><ul>{row}</li>'
        f"</ul>{rest}</body></html>"
    )
    pages["withdraw"] = client.get(reverse("study-withdraw")).content.decode()
    pages["reminders"] = client.get(reverse("reminder-settings")).content.decode()
    pages["settings"] = client.get(reverse("account-settings")).content.decode()
    services.study_update(study=study, changes={}, consent_text="Version two.")
    pages["home with the banner"] = client.get(reverse("cry-home")).content.decode()
    pages["consent"] = client.get(reverse("study-consent")).content.decode()
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    pages["study, left"] = client.get(reverse("study-mine")).content.decode()
    for name, html in pages.items():
        assert " hx-" not in html, name
    assert html_errors(pages, tmp_path) == []
