"""Whatever a form receives, the answer is never a server error and nothing is half-saved."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crylog.accounts.models import User
from crylog.accounts.portability import read_export
from crylog.cries.forms import CryDetailsForm
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.cries.services import cry_create
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

anything = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(
        ["", "50", "0", "100", "101", "-1", "1e3", "NaN", "∞", "2026-02-30T25:61", "true"]
    ),
)


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, anything))


@EXAMPLES
@given(data=form_data(["valence", "arousal", "ended_at"]), htmx=st.booleans())
def test_check_in_never_fails_and_saves_a_whole_cry_or_nothing(
    owner_client: Client, user: User, data: dict[str, str], htmx: bool
) -> None:
    before = (Cry.objects.count(), MoodRating.objects.count())
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = owner_client.post(reverse("cry-create"), data, **headers)
    after = (Cry.objects.count(), MoodRating.objects.count())
    assert response.status_code in (200, 302)
    assert after in (before, (before[0] + 1, before[1] + 1))


DETAIL_FIELDS = list(CryDetailsForm.Meta.fields)


@EXAMPLES
@given(data=form_data(DETAIL_FIELDS))
def test_details_never_fail_and_change_all_or_nothing(
    owner_client: Client, user: User, cry_factory, data: dict[str, str]
) -> None:
    cry = cry_factory(user, ratings={Moment.RIGHT_AFTER: 50})
    stored = Cry.objects.filter(pk=cry.pk).values().get()
    response = owner_client.post(reverse("cry-details", args=[cry.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: the cry is exactly as it was
        assert Cry.objects.filter(pk=cry.pk).values().get() == stored


@EXAMPLES
@given(data=form_data(["valence"]))
def test_before_rating_never_fails(
    owner_client: Client, user: User, cry_factory, data: dict[str, str]
) -> None:
    cry = cry_factory(user, ratings={Moment.RIGHT_AFTER: 50})
    response = owner_client.post(reverse("cry-rate-before", args=[cry.pk]), data)
    assert response.status_code in (200, 302)
    saved = cry.ratings.filter(moment=Moment.BEFORE).first()
    assert (response.status_code == 302) == (saved is not None)
    if saved:
        assert 0 <= saved.valence <= 100


@EXAMPLES
@given(data=form_data(["timezone", "followup_delay_minutes", "followup_after_20"]))
def test_settings_never_fail_and_keep_valid_values(
    owner_client: Client, user: User, data: dict[str, str]
) -> None:
    response = owner_client.post(reverse("account-settings"), data)
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    assert 30 <= user.followup_delay_minutes <= 240
    assert user.timezone


# The import parser: any text, and mutations of a real export, are read without a crash;
# either every cry is readable or problems are named and nothing can be imported.


@pytest.fixture
def a_real_export(user: User, owner_client: Client) -> str:
    """Made once per test, before its examples run."""
    make_cry(
        user, ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 40}, note="=1+1", triggers=["loss"]
    )
    return owner_client.get(reverse("account-export-csv")).getvalue().decode()


@EXAMPLES
@given(text=st.text(max_size=400))
def test_the_import_reader_never_fails_on_any_text(text: str) -> None:
    result = read_export(text, now=timezone.now())
    assert result.problems or result.cries
    assert all(problem.line >= 0 for problem in result.problems)


@EXAMPLES
@given(data=st.data())
def test_the_import_reader_never_fails_on_a_broken_cell(
    a_real_export: str, data: st.DataObject
) -> None:
    lines = a_real_export.splitlines()
    rows = [line.split(",") for line in lines]
    row = data.draw(st.integers(min_value=1, max_value=len(rows) - 1))
    column = data.draw(st.integers(min_value=0, max_value=len(rows[row]) - 1))
    rows[row][column] = data.draw(anything).replace(",", "").replace("\n", "").replace('"', "")
    result = read_export("\n".join(",".join(r) for r in rows), now=timezone.now())
    # Either the file still reads as whole cries, or every problem says where and what.
    assert result.problems or result.cries
    for problem in result.problems:
        assert problem.line >= 0 and problem.message


@EXAMPLES
@given(data=form_data(["valence", "relief", "resolved", "new_understanding"]), htmx=st.booleans())
def test_a_follow_up_answer_never_fails_and_saves_whole_or_nothing(
    owner_client: Client, user: User, data: dict[str, str], htmx: bool
) -> None:
    cry = cry_create(user=user, valence=40)
    followup = cry.followups.get()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = owner_client.post(reverse("followup-answer", args=[followup.pk]), data, **headers)
    assert response.status_code in (200, 302)
    rating = cry.ratings.filter(moment=Moment.AFTER_90).first()
    if rating is None:
        assert not Cry.objects.filter(pk=cry.pk).exclude(resolved="").exists()
    else:
        assert 0 <= rating.valence <= 100
        assert rating.relief is None or 0 <= rating.relief <= 4


@EXAMPLES
@given(data=form_data(["password"]))
def test_account_deletion_never_fails_on_a_wrong_password(
    owner_client: Client, user: User, data: dict[str, str]
) -> None:
    response = owner_client.post(reverse("account-delete"), data)
    assert response.status_code in (200, 429)
    assert User.objects.filter(pk=user.pk).exists()


@EXAMPLES
@given(data=form_data(["timezone"]))
def test_the_browser_timezone_never_fails(
    owner_client: Client, user: User, data: dict[str, str]
) -> None:
    response = owner_client.post(reverse("account-timezone"), data)
    assert response.status_code in (204, 302, 400)
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin"
