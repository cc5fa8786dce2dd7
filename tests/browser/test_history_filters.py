"""History's filters on a phone, in Chromium and WebKit (the ``device`` fixture): the list is
filtered in place, the address keeps the filters, and after opening a cry the back button
finds the filters and the list as they were."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.cries.models import Trigger
from tests.browser.phone import Phone
from tests.conftest import make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A choice in a <select>, as the phone's own picker leaves it (the picker itself is the
# system's, outside the page).
CHOOSE = """(selector, value) => {
  const select = document.querySelector(selector);
  select.value = value;
  select.dispatchEvent(new Event("change", {bubbles: true}));
  return select.value;
}"""
ROWS = ".cry-row"


def test_filters_stay_in_the_address_and_come_back_after_opening_a_cry(device: Phone) -> None:
    person = make_user()
    now = timezone.now()
    for hours, trigger, note in [
        (1, Trigger.LOSS, "So viel Ärger heute"),
        (2, Trigger.LOSS, "ärger mit dem Vermieter"),
        (3, Trigger.LOSS, "a quiet evening"),
        (4, Trigger.CONFLICT, "Ärger again"),
        (5, Trigger.CONFLICT, ""),
    ]:
        make_cry(person, ended_at=now - timedelta(hours=hours), triggers=[trigger], note=note)
    device.log_in_as(person)

    device.goto("/cries/")
    device.wait_until(lambda: device.count(ROWS) == 5)
    device.evaluate("window.stillTheSamePage = true")
    device.click("details.filters > summary")
    assert device.call(CHOOSE, "#id_trigger", "loss") == "loss"
    device.fill("#id_q", "ÄRGER")
    device.tap("button", "Show")

    # The list is swapped in place, and the address says what it shows.
    device.wait_until(lambda: "trigger=loss" in device.url, "the address kept no filter")
    device.wait_until(lambda: device.count(ROWS) == 2, "the list was not filtered")
    assert re.search(r"[?&]q=%C3%84RGER", device.url)
    assert device.evaluate("window.stillTheSamePage") is True
    device.wait_for_text("2 active", "details.filters > summary")
    device.wait_for_text("2 cries match.")

    # Open a cry, then go back.
    device.click(f"{ROWS}:first-child a")
    device.wait_until(lambda: re.search(r"/cries/\d+/$", device.url), "the cry did not open")
    device.evaluate("setTimeout(() => history.back(), 0)")
    device.wait_until(lambda: "trigger=loss" in device.url, "back did not come back")
    device.wait_until(lambda: device.count(ROWS) == 2, "the filtered list did not come back")
    assert device.evaluate("document.querySelector('#id_trigger').value") == "loss"
    assert device.evaluate("document.querySelector('#id_q').value") == "ÄRGER"
    device.wait_for_text("2 active", "details.filters > summary")

    # Clearing the filters shows every cry again.
    device.click("details.filters > summary")
    device.tap("link", "Clear the filters")
    device.wait_until(lambda: device.count(ROWS) == 5, "clearing left a filter")
    device.wait_until(lambda: "?" not in device.url, "the address kept a filter")
