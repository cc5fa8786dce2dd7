"""The researcher's pages as a researcher uses them: making a study (once, however often the
form is sent), changing it (a new consent version only once someone agreed), the invitation
(closed, opened, renewed) and what the study's page shows, and never shows."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment, MoodRating
from crylog.studies import services
from crylog.studies.models import ConsentVersion, ExportLog, Study
from tests.conftest import make_user
from tests.studies.factories import CONSENT, join, make_researcher, make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher() -> User:
    return make_researcher("researcher@example.org")


@pytest.fixture
def client_(researcher: User) -> Client:
    client = Client()
    client.force_login(researcher)
    return client


def form_data(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "title": "Crying and recovery",
        "run_by": "Mood Lab",
        "contact": "lab@example.org",
        "consent_text": CONSENT,
        "followup_delay_minutes": 90,
        "after_20": "",
        "collects_details": "on",
        "collects_notes": "",
        "starts_on": f"{today:%Y-%m-%d}",
        "ends_on": f"{today + timedelta(days=30):%Y-%m-%d}",
        "max_participants": 30,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def edit_data(study: Study, **changes: Any) -> dict[str, Any]:
    as_saved = {
        "title": study.title,
        "starts_on": f"{study.starts_on:%Y-%m-%d}",
        "ends_on": f"{study.ends_on:%Y-%m-%d}",
        "consent_text": study.consent.text,
        "collects_notes": "on" if study.collects_notes else "",
    }
    return form_data(**{**as_saved, **changes})


def started_yesterday(researcher: User, **fields: Any) -> Study:
    """A study whose first day was yesterday on a participant's clock (Europe/Berlin, as
    make_user's)."""
    today = timezone.localdate(timezone=make_user().zone)
    return make_study(researcher, starts_on=today - timedelta(days=1), **fields)


def row_of(text: str, code: str) -> list[str]:
    """The cells of a participant's line of the table, as words."""
    row = re.search(rf'<th scope="row" class="code">{code}</th>(.*?)</tr>', text, re.S)
    assert row is not None, code
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def add_rating(cry_id: int, moment: str, *, late: bool = False) -> None:
    MoodRating.objects.create(
        cry_id=cry_id, moment=moment, valence=60, given_at=timezone.now(), is_late=late
    )


# Making a study --------------------------------------------------------------------------


def test_a_study_is_made_with_its_consent_as_version_one(client_: Client, researcher: User) -> None:
    response = client_.post(reverse("study-create"), form_data())
    study = Study.objects.get()
    assert response["Location"] == reverse("study-detail", kwargs={"pk": study.pk})
    assert study.researcher == researcher
    assert (study.consent.number, study.consent.text) == (1, CONSENT)
    assert (study.followup_delay_minutes, study.collects_details, study.collects_notes) == (
        90,
        True,
        False,
    )
    page = client_.get(response["Location"])
    assert "The study is made." in page.text


def test_the_same_form_sent_twice_makes_one_study(client_: Client) -> None:
    shown = client_.get(reverse("study-create"))
    form_id = re.search(r'name="form_id" value="([0-9a-f-]{36})"', shown.text)
    assert form_id is not None
    data = form_data(form_id=form_id[1])
    first = client_.post(reverse("study-create"), data)
    again = client_.post(reverse("study-create"), data)
    assert Study.objects.count() == 1
    assert first["Location"] == again["Location"]
    # Another form (another id) is another study, even with the same words.
    client_.post(reverse("study-create"), form_data(form_id="0b0b4a6e-58a5-4c1e-9d0b-1d1f6f7b5e01"))
    assert Study.objects.count() == 2


def test_a_form_id_from_another_researchers_session_makes_their_own_study(
    client_: Client,
) -> None:
    data = form_data(form_id="0b0b4a6e-58a5-4c1e-9d0b-1d1f6f7b5e01")
    client_.post(reverse("study-create"), data)
    other = Client()
    other.force_login(make_researcher())
    other.post(reverse("study-create"), data)
    assert Study.objects.count() == 2


def test_a_refused_form_comes_back_with_what_was_written(client_: Client) -> None:
    response = client_.post(reverse("study-create"), form_data(ends_on="2000-01-01"))
    assert response.status_code == 200
    assert Study.objects.count() == 0
    assert "The last day cannot be before the first day." in response.text
    assert "Crying and recovery" in response.text
    assert CONSENT in response.text


# Changing it ---------------------------------------------------------------------------


def test_a_consent_changed_before_anyone_agreed_is_corrected_in_place(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    page = client_.get(reverse("study-edit", kwargs={"pk": study.pk}))
    assert "Nobody has agreed to this text yet" in page.text
    response = client_.post(
        reverse("study-edit", kwargs={"pk": study.pk}), edit_data(study, consent_text="Fixed.")
    )
    assert response.status_code == 302
    assert list(ConsentVersion.objects.filter(study=study).values_list("number", "text")) == [
        (1, "Fixed.")
    ]


def test_a_consent_changed_after_someone_agreed_is_a_new_version_said_before_saving(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    join(study)
    url = reverse("study-edit", kwargs={"pk": study.pk})
    page = client_.get(url)
    assert "it becomes version 2, and everyone taking part is asked to agree to it again" in (
        page.text
    )
    assert "Until they do, nothing of theirs is used." in page.text
    response = client_.post(url, edit_data(study, consent_text=CONSENT + " And the notes."))
    assert response.status_code == 302
    assert [v.number for v in study.consent_versions.all()] == [1, 2]
    assert "The consent text is version 2 now" in client_.get(response["Location"]).text
    # The same form sent again makes no third version.
    client_.post(url, edit_data(study, consent_text=CONSENT + " And the notes."))
    assert study.consent_versions.count() == 2


def test_other_changes_after_someone_agreed_make_no_new_version(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    join(study)
    client_.post(reverse("study-edit", kwargs={"pk": study.pk}), edit_data(study, title="Renamed"))
    study.refresh_from_db()
    assert (study.title, study.consent_versions.count()) == ("Renamed", 1)


def test_collecting_more_without_a_new_consent_is_refused_and_nothing_is_lost(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    join(study)
    response = client_.post(
        reverse("study-edit", kwargs={"pk": study.pk}),
        edit_data(study, collects_notes="on", title="Renamed too"),
    )
    assert response.status_code == 200
    assert "change the consent text too" in response.text
    assert 'value="Renamed too"' in response.text
    assert re.search(r'name="collects_notes"[^>]*checked', response.text)
    study.refresh_from_db()
    assert (study.collects_notes, study.title) == (False, "Tears and mood")
    # The page's own heading still names the study as it is saved.
    assert "Back to “Tears and mood”" in response.text


# The invitation ----------------------------------------------------------------------------


def test_the_invitation_closes_and_opens_with_words_that_say_so(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    url = reverse("study-invitation", kwargs={"pk": study.pk})
    response = client_.post(url, {"action": "close"}, follow=True)
    study.refresh_from_db()
    assert not study.invitation_open
    assert "The invitation is closed: nobody new can join." in response.text
    assert "Open the invitation" in response.text
    with pytest.raises(Exception, match="not taking anyone new"):
        join(study)
    response = client_.post(url, {"action": "open"}, follow=True)
    study.refresh_from_db()
    assert study.invitation_open
    assert "The invitation is open" in response.text
    join(study)


def test_a_new_link_stops_the_old_one(client_: Client, researcher: User) -> None:
    study = make_study(researcher)
    old = study.invitation_token
    response = client_.post(
        reverse("study-invitation", kwargs={"pk": study.pk}), {"action": "renew"}, follow=True
    )
    study.refresh_from_db()
    assert study.invitation_token != old
    assert not Study.objects.filter(invitation_token=old).exists()  # the old link finds nothing
    assert "The old one no longer works" in response.text
    assert f"/join/{study.invitation_token}/" in response.text
    assert f"/join/{old}/" not in response.text


def test_an_unknown_invitation_action_changes_nothing(client_: Client, researcher: User) -> None:
    study = make_study(researcher)
    response = client_.post(
        reverse("study-invitation", kwargs={"pk": study.pk}), {"action": "delete"}
    )
    assert response.status_code == 400
    study.refresh_from_db()
    assert study.invitation_open


def test_the_invitation_page_answers_post_only(client_: Client, researcher: User) -> None:
    study = make_study(researcher)
    assert client_.get(reverse("study-invitation", kwargs={"pk": study.pk})).status_code == 405


# The study's page ----------------------------------------------------------------------------


def test_the_page_shows_the_whole_invitation_link(client_: Client, researcher: User) -> None:
    study = make_study(researcher)
    response = client_.get(reverse("study-detail", kwargs={"pk": study.pk}))
    address = f"http://testserver/join/{study.invitation_token}/"
    assert f'value="{address}" readonly' in response.text
    # The link goes to no other site with a referrer; no search engine or cache keeps the page.
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_the_page_shows_adherence_by_code_and_never_an_address_or_a_note(
    client_: Client, researcher: User
) -> None:
    study = started_yesterday(researcher, collects_notes=True)
    person = make_user("participant@example.com")
    participant = join(study, person)
    answered = cry_services.cry_create(user=person, valence=40)
    answered.note = "a private note"
    answered.save()
    add_rating(answered.pk, Moment.AFTER_90, late=True)
    cry_services.cry_create(user=person, valence=30)
    cry_services.cry_create(user=person, valence=30)
    cry_services.cry_create(user=person, valence=30)
    response = client_.get(reverse("study-detail", kwargs={"pk": study.pk}))
    text = response.text
    assert row_of(text, participant.code) == ["taking part", "4", "1 (25%)", "1"]
    assert "participant@example.com" not in text
    assert "a private note" not in text


def test_the_page_draws_the_group_s_dip_and_recovery_once_ratings_arrive(
    client_: Client, researcher: User
) -> None:
    study = started_yesterday(researcher)
    url = reverse("study-detail", kwargs={"pk": study.pk})
    assert "No ratings received yet" in client_.get(url).text
    person = make_user()
    join(study, person)
    cry = cry_services.cry_create(user=person, valence=40)
    cry_services.before_rate(cry=cry, valence=60)
    text = client_.get(url).text
    assert "No ratings received yet" not in text
    assert 'data-figure="chart-dip-figure"' in text


def test_a_cry_kept_out_is_not_counted(client_: Client, researcher: User) -> None:
    study = started_yesterday(researcher)
    person = make_user()
    participant = join(study, person)
    kept_out = cry_services.cry_create(user=person, valence=40)
    add_rating(kept_out.pk, Moment.AFTER_90)
    cry_services.cry_create(user=person, valence=40)
    services.cry_keep_out(participant=participant, cry=kept_out, excluded=True)
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert row_of(text, participant.code) == ["taking part", "1", "0 (0%)", "0"]


def test_completion_is_a_percentage_as_the_language_writes_it(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    person = make_user()
    join(study, person)
    for _ in range(3):
        cry = cry_services.cry_create(user=person, valence=40)
        add_rating(cry.pk, Moment.AFTER_90)
    cry_services.cry_create(user=person, valence=40)
    researcher.language = "de"
    researcher.save()
    with translation.override("de"):
        text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert "3 (75\N{NO-BREAK SPACE}%)" in text


def test_a_participant_who_withdrew_with_deletion_shows_only_code_and_status(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    person = make_user()
    participant = join(study, person)
    cry_services.cry_create(user=person, valence=40)
    services.participant_withdraw(participant=participant, keep=False, now=timezone.now())
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert row_of(text, participant.code) == ["withdrew, data deleted", "—", "—", "—"]


def test_a_participant_who_withdrew_keeping_their_data_counts_until_then(
    client_: Client, researcher: User
) -> None:
    study = started_yesterday(researcher)
    person = make_user()
    participant = join(study, person)
    cry_services.cry_create(user=person, valence=40)
    services.participant_withdraw(participant=participant, keep=True, now=timezone.now())
    cry_services.cry_create(user=person, valence=40)
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert row_of(text, participant.code) == ["withdrew, data kept", "1", "0 (0%)", "0"]


def test_someone_asked_to_agree_again_is_waiting_and_nothing_of_theirs_is_counted(
    client_: Client, researcher: User
) -> None:
    study = started_yesterday(researcher)
    person = make_user()
    participant = join(study, person)
    cry_services.cry_create(user=person, valence=40)
    services.study_update(study=study, changes={}, consent_text=CONSENT + " Changed.")
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert row_of(text, participant.code) == ["waiting for consent v2", "—", "—", "—"]
    services.consent_agree(participant=participant, consent_number=2, now=timezone.now())
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert row_of(text, participant.code) == ["taking part", "1", "0 (0%)", "0"]


def test_the_page_counts_who_agreed_to_each_consent_version(
    client_: Client, researcher: User
) -> None:
    study = make_study(researcher)
    first = join(study)
    join(study)
    services.study_update(study=study, changes={}, consent_text=CONSENT + " Changed.")
    services.consent_agree(participant=first, consent_number=2, now=timezone.now())
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    versions = re.findall(r"Version (\d)</strong>.*?(\d) agreed", text, re.S)
    assert versions == [("1", "2"), ("2", "1")]


def test_the_export_log_says_you_when_and_what(client_: Client, researcher: User) -> None:
    study = make_study(researcher)
    ExportLog.objects.create(
        study=study, researcher=researcher, what="ratings", rows=1234, at=timezone.now()
    )
    ExportLog.objects.create(
        study=study,
        researcher=make_user("operator@example.org"),
        what="codebook",
        rows=26,
        at=timezone.now() - timedelta(minutes=1),
    )
    text = client_.get(reverse("study-detail", kwargs={"pk": study.pk})).text
    assert re.search(r"<td>you</td>\s*<td>ratings</td>\s*<td class=\"num\">1,234</td>", text)
    assert re.search(
        r"<td>another account</td>\s*<td>codebook</td>\s*<td class=\"num\">26</td>", text
    )
    assert "operator@example.org" not in text
    assert reverse("study-export", kwargs={"pk": study.pk}) in text
    assert reverse("study-codebook", kwargs={"pk": study.pk}) in text
    assert "researcher@example.org" not in text.split("<main")[1]


def test_the_list_shows_each_study_with_its_dates_state_and_people(
    client_: Client, researcher: User
) -> None:
    running = make_study(researcher, title="Running one")
    join(running)
    join(running)
    left = join(running)
    services.participant_withdraw(participant=left, keep=True, now=timezone.now())
    today = timezone.localdate()
    make_study(
        researcher,
        title="Ended one",
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=1),
    )
    text = client_.get(reverse("study-list")).text
    running_part = text.split("Running one")[1].split("</li>")[0]
    assert "running" in running_part
    assert "2 enrolled" in running_part
    ended_part = text.split("Ended one")[1].split("</li>")[0]
    assert "ended" in ended_part
    assert "0 enrolled" in ended_part
    assert reverse("study-create") in text
