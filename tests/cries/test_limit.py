"""The limit on new cries: at most 30 in an hour and 200 in a day per person, far above anyone's
real crying, answered kindly with nothing lost; never a check-in within it refused."""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services
from crylog.cries.models import Cry, new_cry_limits
from tests.yourdata.test_import import export, import_file

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
(HOUR, PER_HOUR), (DAY, PER_DAY) = new_cry_limits()
HELD_BACK = "crylog takes at most 30 new cries in an hour and 200 in a day"


def logged(user: User, count: int, **fields: object) -> None:
    """``count`` cries logged now (the clock is frozen: all at this instant)."""
    Cry.objects.bulk_create(
        [Cry(user=user, ended_at=timezone.now(), **fields) for _ in range(count)]
    )


def check_in(
    client: Client, valence: int = 42, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    data = {"valence": str(valence), "client_id": str(uuid.uuid4())}
    response = client.post(reverse("cry-create"), data, headers=headers)
    return response.status_code, response.text


def test_the_30th_in_an_hour_is_saved_and_the_31st_held_back_with_what_was_entered(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_HOUR - 1)
    assert check_in(owner_client)[0] == 302
    assert Cry.objects.filter(user=user).count() == PER_HOUR
    tasks = DBTaskResult.objects.count()

    key = str(uuid.uuid4())
    data = {"valence": "17", "arousal": "80", "client_id": key}
    # On the page, in place: the form again, as typed, with a kind word above Save.
    response = owner_client.post(reverse("cry-create"), data, headers=HTMX)
    assert response.status_code == 200
    form = response.text
    assert f"{HELD_BACK}, and this one would be more." in form
    # Berlin's 15:00, on English's 12-hour clock.
    assert "What you entered is still here: you can save it from 3:00\u00a0PM." in form
    assert re.search(r'name="valence" value="17"', form)
    assert re.search(r'name="arousal" value="80"', form)
    assert f'value="{key}"' in form
    # Without htmx (no JavaScript, or the phone's queue): the same page, as 429 with when.
    response = owner_client.post(reverse("cry-create"), data)
    assert response.status_code == 429
    assert response["Retry-After"] == str(60 * 60)
    assert HELD_BACK in response.text
    assert 'value="17"' in response.text
    assert Cry.objects.filter(user=user).count() == PER_HOUR
    assert DBTaskResult.objects.count() == tasks  # no delivery queued for it


def test_it_is_saved_again_once_the_hour_has_moved(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_HOUR)
    clock.shift(HOUR - timedelta(seconds=1))
    status, _ = check_in(owner_client)
    assert status == 429
    clock.shift(timedelta(seconds=1))
    assert check_in(owner_client)[0] == 302


def test_the_200th_in_a_day_is_saved_and_the_201st_held_back_until_the_day_has_moved(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    for _ in range(PER_DAY // PER_HOUR):  # 30 an hour, six hours running: 180
        logged(user, PER_HOUR)
        clock.shift(HOUR)
    logged(user, PER_DAY - PER_HOUR * (PER_DAY // PER_HOUR) - 1)  # 199
    assert check_in(owner_client)[0] == 302  # the 200th
    clock.shift(HOUR)  # the last hour is empty again, the day is not
    status, form = check_in(owner_client, headers=HTMX)
    assert status == 200
    assert HELD_BACK in form
    assert "you can save it from tomorrow, 2:00\u00a0PM." in form  # the first 30 leave at noon UTC
    clock.move_to(timezone.now().replace(hour=11, minute=59, second=59) + DAY, tick=False)
    assert check_in(owner_client)[0] == 429
    clock.shift(timedelta(seconds=1))
    assert check_in(owner_client)[0] == 302


def test_imported_and_illustrative_cries_do_not_count(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_DAY, imported=True)
    logged(user, PER_DAY, is_demo=True)
    assert check_in(owner_client)[0] == 302


def test_a_whole_history_imported_from_a_file_leaves_room_for_a_check_in(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    now = timezone.now()  # a history of 201 cries, an hour apart
    Cry.objects.bulk_create(
        [Cry(user=user, ended_at=now - timedelta(hours=hours)) for hours in range(PER_DAY + 1)]
    )
    clock.shift(DAY)
    text = export(owner_client, "json")
    Cry.objects.filter(user=user).delete()
    assert "Added 201 cries" in import_file(owner_client, text, "export.json").text
    assert check_in(owner_client)[0] == 302


def test_one_persons_cries_do_not_count_for_another(
    clock: TimeMachineFixture, owner_client: Client, stranger_client: Client, stranger: User
) -> None:
    logged(stranger, PER_HOUR)
    assert check_in(stranger_client)[0] == 429
    assert check_in(owner_client)[0] == 302


def test_a_check_in_saved_before_answers_as_the_first_even_at_the_limit(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_HOUR - 1)
    data = {"valence": "55", "client_id": str(uuid.uuid4())}
    first = owner_client.post(reverse("cry-create"), data)
    assert check_in(owner_client)[0] == 429  # at the limit now
    again = owner_client.post(reverse("cry-create"), data)
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    in_place = owner_client.post(reverse("cry-create"), data, headers=HTMX).text
    assert "Saved. That" in in_place
    assert HELD_BACK not in in_place


def test_a_check_in_kept_on_the_phone_is_answered_429_so_the_phone_keeps_it(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_HOUR)
    tapped = timezone.now() - timedelta(minutes=10)
    data = {
        "valence": "30",
        "client_id": str(uuid.uuid4()),
        "ended_at": tapped.isoformat(),
        "owner": str(user.pk),
    }
    response = owner_client.post(reverse("cry-create"), data)
    assert response.status_code == 429  # static/pwa/queue.js: "later", kept and sent again
    clock.shift(HOUR)
    response = owner_client.post(reverse("cry-create"), data)
    assert response.status_code == 302
    assert Cry.objects.get(client_id=data["client_id"]).ratings.get().given_at == tapped


def test_a_planned_cry_counts_and_is_held_back_the_same_way(
    clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    logged(user, PER_HOUR - 1)
    services.cry_plan(user=user, valence=50)  # the 30th
    response = owner_client.post(
        reverse("cry-plan"), {"valence": "61", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 429
    assert HELD_BACK in response.text
    assert 'value="61"' in response.text
    assert Cry.objects.filter(user=user, planned=True).count() == 1
    with pytest.raises(services.TooManyCries) as held:
        services.cry_create(user=user, valence=40)
    assert held.value.lifts_at == timezone.now() + HOUR


def test_an_operator_can_set_the_limits(
    settings: Settings, clock: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    settings.CRIES_PER_HOUR = 2
    logged(user, 1)
    assert check_in(owner_client)[0] == 302
    status, form = check_in(owner_client, headers=HTMX)
    assert status == 200
    assert "crylog takes at most 2 new cries in an hour and 200 in a day" in form
