"""Whatever a form receives, the answer is never a server error and nothing is half-saved."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crylog.accounts.models import User
from crylog.cries.forms import CryDetailsForm
from crylog.cries.models import Cry, Moment, MoodRating

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
