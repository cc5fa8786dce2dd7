"""On a phone, in Chromium and WebKit: a person adds a trigger of their own from Settings, then
ticks it with a feeling on a cry's details, and adds one more right from the details form."""

import pytest

from crylog.cries.models import OwnTrigger
from tests.browser.phone import Phone
from tests.browser.tap_targets import small_tap_targets
from tests.conftest import make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_own_trigger_is_added_and_ticked_with_a_feeling(device: Phone) -> None:
    person = make_user()
    cry = make_cry(person, triggers=["overload"])
    device.log_in_as(person)

    device.goto("/settings/")
    device.tap("link", "Add, rename or retire")
    device.wait_for_text("Your own triggers", "h1")
    device.fill("#id_add_name", "Work deadline")
    device.tap("button", "Add")
    device.wait_for_text("Added “Work deadline”.")
    work = OwnTrigger.objects.get(user=person)
    assert work.name == "Work deadline"

    device.goto(cry.get_absolute_url())
    device.tap("link", "Edit details")
    own = f"input[name=own_triggers][value='{work.pk}']"
    device.wait_until(lambda: device.count(own) == 1, "the own trigger is not offered")
    assert small_tap_targets(device) == []
    device.click(own)
    device.click("input[name=feelings][value=moved]")
    device.tap("button", "Save details")
    device.wait_for_text("Details saved.")
    device.wait_for_text("overload, Work deadline", "#details")
    device.wait_for_text("moved", "#details")
    assert list(cry.own_triggers.all()) == [work]
    cry.refresh_from_db()
    assert cry.feelings == ["moved"]

    # One more, typed into the details form: added and ticked in the same save.
    device.tap("link", "Edit details")
    device.wait_until(lambda: device.count("#id_own_trigger_new") == 1, "no field to add one")
    device.fill("#id_own_trigger_new", "Family call")
    device.tap("button", "Save details")
    device.wait_for_text("overload, Family call, Work deadline", "#details")
    assert sorted(t.name for t in cry.own_triggers.all()) == ["Family call", "Work deadline"]
