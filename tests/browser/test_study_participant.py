"""On a phone, in Chromium and WebKit: a person opens a study's invitation link, signs in from
it and comes back to it, agrees and joins, sees their participant code, keeps a cry out of
the study with the button swapped in place (and lets it in again), agrees to a new version of
the consent the home page asks them to read, and leaves the study."""

import re

import pytest

from crylog.studies import services
from crylog.studies.models import Participant, StudyCry
from tests.browser.phone import Phone
from tests.browser.tap_targets import small_tap_targets
from tests.conftest import PASSWORD, make_cry, make_user
from tests.studies.factories import make_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_joins_by_link_keeps_a_cry_out_and_leaves(device: Phone) -> None:
    study = make_study(title="Tears at home", followup_delay_minutes=60)
    person = make_user()
    link = f"/join/{study.invitation_token}/"

    # Signed out, the invitation is readable, and signing in comes back to it.
    device.goto(link)
    device.wait_for_text("Tears at home", "h1")
    device.wait_for_text("60 minutes after a cry ends")
    assert small_tap_targets(device) == []
    device.tap("link", "Sign in")
    device.wait_until(lambda: "/accounts/login/" in device.url, "not on the login page")
    device.fill("#id_login", person.email)
    device.fill("#id_password", PASSWORD)
    device.tap("button", "Sign in")
    device.wait_until(lambda: device.url.endswith(link), "not back on the invitation")

    device.tap("button", "I agree and join")
    device.wait_for_text("You have joined “Tears at home”.")
    participant = Participant.objects.get(study=study, user=person)
    device.wait_for_text(participant.code, ".study-code__value")
    assert small_tap_targets(device) == []

    # A cry logged since: kept out in place, without the page loading again.
    cry = make_cry(person)
    device.goto("/study/")
    device.wait_for_text("Of your 1 cry in the study's time, it receives 1.")
    device.evaluate("window.__samePage = true")
    device.tap("button", "Keep out of the study")
    device.wait_for_text("Kept out: the study does not receive your cry of", f"#study-cry-{cry.pk}")
    device.wait_for_text("it receives 0.", "#study-receives")
    assert device.evaluate("window.__samePage === true")
    assert StudyCry.objects.get(cry=cry).excluded
    assert small_tap_targets(device) == []
    device.tap("button", "Let it in again")
    device.wait_for_text("Let in again: the study receives your cry of", f"#study-cry-{cry.pk}")
    device.wait_for_text("it receives 1.", "#study-receives")
    assert device.evaluate("window.__samePage === true")
    assert not StudyCry.objects.get(cry=cry).excluded

    # A new consent version: the home page asks to read it, and agreeing lets the cry in.
    services.study_update(study=study, changes={}, consent_text="Version two of the consent.")
    device.goto("/")
    device.wait_for_text("Your study's consent has changed")
    assert small_tap_targets(device) == []
    device.tap("link", "Read the new version")
    device.wait_for_text("Version two of the consent.", ".consent-text")
    assert small_tap_targets(device) == []
    device.tap("button", "I agree")
    device.wait_for_text("you have agreed to version 2 of the consent")
    device.wait_for_text("it receives 1.", "#study-receives")

    # Leaving: deleting what was given is the choice already made.
    device.tap("link", "Leave the study")
    device.wait_for_text("Your own cries in crylog stay yours either way")
    assert device.evaluate("document.querySelector('input[name=keep][value=no]').checked")
    assert small_tap_targets(device) == []
    device.tap("button", "Leave the study")
    device.wait_for_text("What you gave is deleted from the study.")
    device.wait_until(lambda: re.search(r"/study/$", device.url), "not on the study page")
    device.wait_for_text("You left this study on")
    participant.refresh_from_db()
    assert participant.withdrawn_at is not None
    assert participant.data_kept is False
    assert not StudyCry.objects.filter(participant=participant).exists()
    assert person.cries.filter(pk=cry.pk).exists()
