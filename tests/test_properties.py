"""Whatever a form receives, the answer is never a server error and nothing is half-saved."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crylog.accounts.models import User, timezone_names
from crylog.cries.forms import CryDetailsForm
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.cries.services import cry_create
from crylog.yourdata.columns import CSV_HEADER
from crylog.yourdata.reading import FUTURE_TOLERANCE, ReadResult, read_export
from tests.conftest import CryFactory, make_cry

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
    Cry.objects.filter(user=user).delete()  # one person, many examples: never near the limit
    before = (Cry.objects.count(), MoodRating.objects.count())
    headers = {"HX-Request": "true"} if htmx else {}
    response = owner_client.post(reverse("cry-create"), data, headers=headers)
    after = (Cry.objects.count(), MoodRating.objects.count())
    assert response.status_code in (200, 302)
    assert after in (before, (before[0] + 1, before[1] + 1))


DETAIL_FIELDS = list(CryDetailsForm.Meta.fields)


@EXAMPLES
@given(data=form_data(DETAIL_FIELDS))
def test_details_never_fail_and_change_all_or_nothing(
    owner_client: Client, user: User, cry_factory: CryFactory, data: dict[str, str]
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
    owner_client: Client, user: User, cry_factory: CryFactory, data: dict[str, str]
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


VALID_CELLS = [*(m.value for m in Moment), "true", "false", "", "2", "2099-01-01T00:00:00+00:00"]


@pytest.fixture
def a_real_export(user: User, owner_client: Client) -> str:
    """Made once per test, before its examples run."""
    make_cry(
        user, ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 40}, note="=1+1", triggers=["loss"]
    )
    return owner_client.get(reverse("account-export-csv")).getvalue().decode()


def assert_whole_and_consistent(result: ReadResult, now: datetime) -> None:
    """Either problems, each saying where and what, and nothing to import; or cries that
    keep every rule the database and the dashboard rely on."""
    if result.problems:
        assert result.cries == []
        for problem in result.problems:
            assert problem.line >= 0
            assert problem.message
        return
    assert result.cries
    for cry in result.cries:
        assert cry.planned or cry.ended_at is not None
        assert cry.ended_at is None or cry.ended_at <= now + FUTURE_TOLERANCE
        moments = [rating.moment for rating in cry.ratings]
        assert len(moments) == len(set(moments)), "two ratings for one moment"
        for rating in cry.ratings:
            assert 0 <= rating.valence <= 100
            assert not rating.is_recalled or rating.moment == Moment.BEFORE
            assert rating.relief is None or rating.moment == Moment.AFTER_90


@EXAMPLES
@given(text=st.text(max_size=400))
def test_the_import_reader_never_fails_on_any_text(text: str) -> None:
    now = timezone.now()
    assert_whole_and_consistent(read_export(text, now=now), now)


# The export above: a header and two rating rows of one cry (before, then right_after).
EXPORT_ROWS = 2
EXPORT_COLUMNS = list(CSV_HEADER)


@EXAMPLES
@given(
    row=st.integers(min_value=1, max_value=EXPORT_ROWS),
    column=st.sampled_from(EXPORT_COLUMNS),
    # Any text, or a value that is valid somewhere in an export: the rules that tie a cry's
    # ratings together are broken only by values that each read well on their own.
    cell=st.one_of(anything, st.sampled_from(VALID_CELLS)),
)
# One of each rule, always tried: one rating per moment, "recalled" only before, relief only
# at after_90.
@example(row=2, column="moment", cell="before")
@example(row=2, column="is_recalled", cell="true")
@example(row=1, column="relief", cell="2")
def test_the_import_reader_never_fails_on_a_broken_cell(
    a_real_export: str, row: int, column: str, cell: str
) -> None:
    rows = [line.split(",") for line in a_real_export.splitlines()]
    assert rows[0] == EXPORT_COLUMNS
    assert len(rows) == 1 + EXPORT_ROWS
    rows[row][EXPORT_COLUMNS.index(column)] = (
        cell.replace(",", "").replace("\n", "").replace('"', "")
    )
    now = timezone.now()
    assert_whole_and_consistent(read_export("\n".join(",".join(r) for r in rows), now=now), now)


@EXAMPLES
@given(data=form_data(["valence", "relief", "resolved", "new_understanding"]), htmx=st.booleans())
def test_a_follow_up_answer_never_fails_and_saves_whole_or_nothing(
    owner_client: Client, user: User, data: dict[str, str], htmx: bool
) -> None:
    Cry.objects.filter(user=user).delete()  # one person, many examples: never near the limit
    cry = cry_create(user=user, valence=40)
    followup = cry.followups.get()
    headers = {"HX-Request": "true"} if htmx else {}
    response = owner_client.post(
        reverse("followup-answer", args=[followup.pk]), data, headers=headers
    )
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
    # Rate limits are off in tests (tests/conftest.py): every wrong try is answered, never 429.
    response = owner_client.post(reverse("account-delete"), data)
    assert response.status_code == 200
    if data:  # an empty POST shows the form again, as a GET does
        assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=user.pk).exists()


ZONES = sorted(timezone_names())


@EXAMPLES
@given(
    zone=st.one_of(anything, st.sampled_from(ZONES)),
    chosen=st.sampled_from(["", "Europe/Berlin"]),
    htmx=st.booleans(),
)
def test_the_browser_timezone_never_fails_and_never_overrides_a_chosen_one(
    owner_client: Client, user: User, zone: str, chosen: str, htmx: bool
) -> None:
    User.objects.filter(pk=user.pk).update(timezone=chosen)
    headers = {"HX-Request": "true"} if htmx else {}
    response = owner_client.post(reverse("account-timezone"), {"timezone": zone}, headers=headers)
    user.refresh_from_db()
    if zone not in ZONES:
        assert response.status_code == 400
        assert user.timezone == chosen
    elif chosen:  # the person's own choice stays
        assert response.status_code in (204, 302)
        assert user.timezone == chosen
    else:  # none yet: the browser's is taken
        assert response.status_code in (200, 302)
        assert user.timezone == zone
