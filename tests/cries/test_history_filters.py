"""History's filters (crylog/cries/history.py): each at its edges, together, paged, in the URL,
and only ever over the person's own cries. Run on SQLite and on PostgreSQL: the JSON lists and
the search in notes are answered by each database in its own way (crylog/lib/lookups.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Collate, Lower
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.history import NOT_ON_THE_LIST, note_excerpt
from crylog.cries.models import Company, Cry, Feeling, Moment, OwnTrigger, Trigger
from crylog.lib.lookups import Lowered
from tests.conftest import ClientResponse, make_cry, make_user

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def history(client: Client, **params: str) -> ClientResponse:
    response: ClientResponse = client.get(reverse("cry-list"), params)
    assert response.status_code == 200
    return response


def shown(client: Client, **params: str) -> set[int]:
    """The cries the list shows (every page's worth: none of these tests has more than 20)."""
    response = history(client, **params)
    page = response.context["page"]
    assert page is not None, response.content.decode()
    return {cry.pk for cry in page.object_list}


def problems(response: ClientResponse) -> list[str]:
    """The errors written beside the form's fields, as a person reads them."""
    html = response.content.decode()
    return [unescape(p) for p in re.findall(r'<div class="error"[^>]*><p>(.*?)</p>', html)]


def cry(user: User, **fields: Any) -> Cry:
    fields.setdefault("ended_at", berlin(2026, 6, 10, 12, 0))
    return make_cry(user, **fields)


# The period: whole days in the person's time zone.


def test_a_cry_at_2359_on_the_to_day_is_in_and_one_at_midnight_after_is_out(
    owner_client: Client, user: User
) -> None:
    last_minute = cry(user, ended_at=berlin(2026, 6, 10, 23, 59, 59))
    cry(user, ended_at=berlin(2026, 6, 11, 0, 0))
    assert shown(owner_client, to="2026-06-10") == {last_minute.pk}


def test_a_cry_at_midnight_on_the_from_day_is_in_and_one_a_second_before_is_out(
    owner_client: Client, user: User
) -> None:
    midnight = cry(user, ended_at=berlin(2026, 6, 10, 0, 0))
    cry(user, ended_at=berlin(2026, 6, 9, 23, 59, 59))
    assert shown(owner_client, **{"from": "2026-06-10"}) == {midnight.pk}


def test_from_and_to_on_one_day_show_that_whole_day(owner_client: Client, user: User) -> None:
    inside = {
        cry(user, ended_at=berlin(2026, 6, 10, 0, 0)).pk,
        cry(user, ended_at=berlin(2026, 6, 10, 23, 59)).pk,
    }
    cry(user, ended_at=berlin(2026, 6, 9, 23, 59))
    cry(user, ended_at=berlin(2026, 6, 11, 0, 0))
    assert shown(owner_client, **{"from": "2026-06-10", "to": "2026-06-10"}) == inside


def test_the_days_are_the_persons_own_not_utcs(client: Client) -> None:
    # 16:00 UTC on 10 June is 01:00 on 11 June in Tokyo.
    person = make_user(timezone="Asia/Tokyo")
    late = make_cry(person, ended_at=datetime(2026, 6, 10, 16, 0, tzinfo=UTC))
    early = make_cry(person, ended_at=datetime(2026, 6, 10, 14, 59, tzinfo=UTC))  # 23:59
    client.force_login(person)
    assert shown(client, **{"from": "2026-06-10", "to": "2026-06-10"}) == {early.pk}
    assert shown(client, **{"from": "2026-06-11", "to": "2026-06-11"}) == {late.pk}


def test_the_period_counts_the_hours_of_a_day_that_changes_the_clocks(
    owner_client: Client, user: User
) -> None:
    # 29 March 2026 has 23 hours in Berlin: 02:00 becomes 03:00.
    first = cry(user, ended_at=berlin(2026, 3, 29, 0, 30))
    last = cry(user, ended_at=berlin(2026, 3, 29, 23, 59))
    cry(user, ended_at=berlin(2026, 3, 30, 0, 0))
    cry(user, ended_at=berlin(2026, 3, 28, 23, 59))
    assert shown(owner_client, **{"from": "2026-03-29", "to": "2026-03-29"}) == {first.pk, last.pk}


def test_a_planned_cry_not_over_has_no_day_and_leaves_a_period(
    owner_client: Client, user: User
) -> None:
    Cry.objects.create(user=user, planned=True)
    assert shown(owner_client) != set()
    assert shown(owner_client, to="2099-12-31") == set()


def test_from_after_to_is_refused_with_a_message(owner_client: Client, user: User) -> None:
    cry(user)
    response = history(owner_client, **{"from": "2026-06-11", "to": "2026-06-10"})
    assert response.context["page"] is None
    assert problems(response) == ["This day is before the “From” day: choose a later one."]
    assert 'class="cry-row"' not in response.content.decode()
    assert '<details class="card filters" open>' in response.content.decode()
    # Said beside the days even when another filter is wrong too.
    both = history(owner_client, **{"from": "2026-06-11", "to": "2026-06-10", "company": "x"})
    assert problems(both) == [
        "This day is before the “From” day: choose a later one.",
        str(NOT_ON_THE_LIST),
    ]


@pytest.mark.parametrize("day", ["2026-13-40", "2026-02-30", "yesterday", "0000-01-01", "2026-06"])
def test_a_day_that_does_not_exist_is_refused_with_a_message(
    owner_client: Client, user: User, day: str
) -> None:
    cry(user)
    response = history(owner_client, **{"from": day})
    assert response.context["page"] is None
    assert problems(response) == ["That is not a date: please check it."]
    # A date input holds a real day or nothing.
    assert 'name="from" id="id_from"' in response.content.decode().replace(
        ' aria-invalid="true" aria-describedby="id_from_error"', ""
    )


def test_a_day_before_2000_is_refused_and_the_first_of_2000_is_not(
    owner_client: Client, user: User
) -> None:
    cry(user)
    refused = history(owner_client, **{"from": "1999-12-31"})
    assert problems(refused) == ["That is before 2000: please check the year."]
    assert len(shown(owner_client, **{"from": "2000-01-01"})) == 1


def test_the_last_day_there_is_does_not_break_the_period(owner_client: Client, user: User) -> None:
    cry(user)
    assert len(shown(owner_client, to="9999-12-31")) == 1
    assert shown(owner_client, **{"from": "9999-12-31"}) == set()


# Triggers, built-in and a person's own.


def test_a_built_in_trigger_finds_the_cries_that_have_it_among_others(
    owner_client: Client, user: User
) -> None:
    both = cry(user, triggers=[Trigger.LOSS, Trigger.CONFLICT])
    only = cry(user, triggers=[Trigger.CONFLICT])
    cry(user, triggers=[Trigger.LOSS])
    cry(user, triggers=[])
    assert shown(owner_client, trigger="conflict") == {both.pk, only.pk}


def test_a_trigger_is_matched_whole_not_as_part_of_another(
    owner_client: Client, user: User
) -> None:
    # "other" is the start of "others_suffering": a text search would confuse them.
    other = cry(user, triggers=[Trigger.OTHER])
    suffering = cry(user, triggers=[Trigger.OTHERS_SUFFERING])
    assert shown(owner_client, trigger="other") == {other.pk}
    assert shown(owner_client, trigger="others_suffering") == {suffering.pk}


def test_an_own_trigger_finds_its_cries_and_only_those(owner_client: Client, user: User) -> None:
    work = OwnTrigger.objects.create(user=user, name="Work")
    family = OwnTrigger.objects.create(user=user, name="Family")
    with_work = cry(user)
    with_work.own_triggers.add(work, family)
    cry(user).own_triggers.add(family)
    cry(user, triggers=[Trigger.CONFLICT])
    assert shown(owner_client, trigger=f"own-{work.pk}") == {with_work.pk}


def test_a_retired_own_trigger_can_still_be_chosen(owner_client: Client, user: User) -> None:
    old = OwnTrigger.objects.create(user=user, name="Old job", retired_at=berlin(2026, 1, 1, 0, 0))
    with_old = cry(user)
    with_old.own_triggers.add(old)
    assert shown(owner_client, trigger=f"own-{old.pk}") == {with_old.pk}
    assert "Old job" in history(owner_client).content.decode()


def test_another_persons_own_trigger_is_refused_as_an_unknown_one_and_never_named(
    owner_client: Client, user: User, stranger: User
) -> None:
    theirs = OwnTrigger.objects.create(user=stranger, name="Their secret")
    make_cry(stranger).own_triggers.add(theirs)
    mine = OwnTrigger.objects.create(user=user, name="Mine")
    cry(user).own_triggers.add(mine)

    theirs_page = history(owner_client, trigger=f"own-{theirs.pk}")
    missing_page = history(owner_client, trigger="own-999999")
    assert theirs_page.context["page"] is None
    assert problems(theirs_page) == problems(missing_page) == [str(NOT_ON_THE_LIST)]
    assert "Their secret" not in theirs_page.content.decode()


@pytest.mark.parametrize(
    "value", ["sadness", "own-", "own-abc", "own--1", "CONFLICT", "<script>alert(1)</script>"]
)
def test_an_unknown_trigger_is_refused_with_a_message_that_does_not_repeat_it(
    owner_client: Client, user: User, value: str
) -> None:
    cry(user, triggers=[Trigger.CONFLICT])
    response = history(owner_client, trigger=value)
    assert problems(response) == [str(NOT_ON_THE_LIST)]
    assert "<script>alert" not in response.content.decode()


# What the tears were about, company, the 90-minute check-in.


def test_a_feeling_finds_the_cries_that_name_it(owner_client: Client, user: User) -> None:
    sad = cry(user, feelings=[Feeling.SAD, Feeling.HELPLESS])
    cry(user, feelings=[Feeling.HELPLESS])
    cry(user)
    assert shown(owner_client, feeling="sad") == {sad.pk}
    assert problems(history(owner_client, feeling="glad")) == [str(NOT_ON_THE_LIST)]


def test_company_finds_the_cries_with_that_company(owner_client: Client, user: User) -> None:
    alone = cry(user, company=Company.ALONE)
    cry(user, company=Company.ONE)
    cry(user, company="")
    assert shown(owner_client, company="alone") == {alone.pk}
    assert problems(history(owner_client, company="crowd")) == [str(NOT_ON_THE_LIST)]


def test_the_90_minute_check_in_answered_or_not(owner_client: Client, user: User) -> None:
    answered = cry(user, ratings={Moment.RIGHT_AFTER: 40, Moment.AFTER_90: 60})
    at_20 = cry(user, ratings={Moment.RIGHT_AFTER: 40, Moment.AFTER_20: 50})
    none = cry(user, ratings={})
    assert shown(owner_client, checkin="answered") == {answered.pk}
    assert shown(owner_client, checkin="unanswered") == {at_20.pk, none.pk}
    assert problems(history(owner_client, checkin="yes")) == [str(NOT_ON_THE_LIST)]


# Searching the notes.


@pytest.mark.parametrize("text", ["ärger", "ÄRGER", "Ärger", "äRgEr", "viel ärger"])
def test_a_search_finds_a_note_in_any_case_beyond_ascii(
    owner_client: Client, user: User, text: str
) -> None:
    found = cry(user, note="Heute viel Ärger im Büro.")
    cry(user, note="Arger ohne Umlaut")
    cry(user, note="")
    assert shown(owner_client, q=text) == {found.pk}


def test_a_search_for_ascii_words_ignores_case_too(owner_client: Client, user: User) -> None:
    found = cry(user, note="a hard day at WORK")
    cry(user, note="a walk")
    assert shown(owner_client, q="work") == {found.pk}


@pytest.mark.parametrize(("text", "matches"), [("100%", "100% tired"), ("a_b", "a_b")])
def test_a_search_takes_percent_and_underscore_as_themselves(
    owner_client: Client, user: User, text: str, matches: str
) -> None:
    found = cry(user, note=matches)
    cry(user, note="1000 tired, axb")
    assert shown(owner_client, q=text) == {found.pk}


def test_a_search_shows_where_the_note_matched(owner_client: Client, user: User) -> None:
    cry(user, note="Heute viel Ärger im Büro.")
    html = history(owner_client, q="ärger").content.decode()
    assert "Heute viel <mark>Ärger</mark> im Büro." in html


def test_a_search_longer_than_any_note_is_refused(owner_client: Client, user: User) -> None:
    cry(user, note="x")
    response = history(owner_client, q="x" * 2001)
    assert problems(response) == ["That is longer than any note can be: search for less."]
    assert len(shown(owner_client, q="x" * 2000)) == 0


def test_a_search_with_a_nul_character_is_refused_not_a_server_error(
    owner_client: Client, user: User
) -> None:
    cry(user, note="x")
    response = history(owner_client, q="x\x00")
    assert response.context["page"] is None


def test_note_excerpt_marks_the_match_and_shortens_around_it() -> None:
    note = "a" * 100 + "Ärger" + "b" * 100
    excerpt = note_excerpt(note, "ärger")
    assert excerpt == "…" + "a" * 40 + "<mark>Ärger</mark>" + "b" * 40 + "…"
    assert note_excerpt("<b>x</b>", "x") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


# Together, other people, paging, the URL.


def test_filters_combine(owner_client: Client, user: User) -> None:
    match = cry(
        user,
        ended_at=berlin(2026, 6, 10, 9, 0),
        triggers=[Trigger.LOSS],
        feelings=[Feeling.SAD],
        company=Company.ALONE,
        note="Grandma",
        ratings={Moment.AFTER_90: 70},
    )
    cry(user, ended_at=berlin(2026, 6, 12, 9, 0), triggers=[Trigger.LOSS], company="alone")
    cry(user, ended_at=berlin(2026, 6, 10, 9, 0), triggers=[Trigger.LOSS], company="one")
    cry(user, ended_at=berlin(2026, 6, 10, 9, 0), triggers=[Trigger.LOSS], company="alone")
    params = {
        "from": "2026-06-01",
        "to": "2026-06-10",
        "trigger": "loss",
        "feeling": "sad",
        "company": "alone",
        "checkin": "answered",
        "q": "GRANDMA",
    }
    assert shown(owner_client, **params) == {match.pk}
    page = history(owner_client, **params).content.decode()
    assert "6 active" in page
    assert "1 cry matches." in page


def test_another_persons_cries_never_appear_whatever_the_filters(
    owner_client: Client, user: User, stranger: User
) -> None:
    fields = {
        "triggers": [Trigger.LOSS],
        "feelings": [Feeling.SAD],
        "company": Company.ALONE,
        "note": "Ärger",
        "ratings": {Moment.AFTER_90: 70},
    }
    theirs = cry(stranger, **fields).pk
    mine = cry(user, **fields).pk
    for params in [
        {},
        {"trigger": "loss"},
        {"feeling": "sad"},
        {"company": "alone"},
        {"checkin": "answered"},
        {"q": "ärger"},
        {"from": "2026-06-10", "to": "2026-06-10"},
    ]:
        assert shown(owner_client, **params) == {mine}
    assert "Ärger" not in history(owner_client, checkin="unanswered").content.decode()
    assert theirs != mine


def test_paging_keeps_the_filters(owner_client: Client, user: User) -> None:
    start = berlin(2026, 6, 1, 12, 0)
    losses = {
        cry(user, ended_at=start + timedelta(hours=i), triggers=[Trigger.LOSS]).pk
        for i in range(25)
    }
    for i in range(5):
        cry(user, ended_at=start + timedelta(hours=i, minutes=30), triggers=[Trigger.CONFLICT])
    first = history(owner_client, trigger="loss", q="")
    html = first.content.decode()
    assert 'href="?trigger=loss&amp;page=2" rel="next"' in html
    assert "Page 1 of 2" in html
    on_first = {c.pk for c in first.context["page"].object_list}
    second = history(owner_client, trigger="loss", page="2")
    on_second = {c.pk for c in second.context["page"].object_list}
    assert len(on_first) == 20
    assert on_first | on_second == losses
    assert 'href="?trigger=loss&amp;page=1" rel="prev"' in second.content.decode()


def test_the_form_shows_the_filters_of_its_url_and_links_keep_only_known_ones(
    owner_client: Client, user: User
) -> None:
    own = OwnTrigger.objects.create(user=user, name="Work")
    for hour in range(21):
        cry(
            user, ended_at=berlin(2026, 6, 10, hour, 0), company="one", note="rain"
        ).own_triggers.add(own)
    params = {
        "from": "2026-06-01",
        "to": "2026-06-30",
        "trigger": f"own-{own.pk}",
        "company": "one",
        "q": "rain",
        "utm_source": "elsewhere",
    }
    html = history(owner_client, **params).content.decode()
    assert 'name="from" value="2026-06-01"' in html
    assert 'name="to" value="2026-06-30"' in html
    assert f'<option value="own-{own.pk}" selected>Work</option>' in html
    assert '<option value="one" selected>' in html
    assert 'name="q" value="rain"' in html
    next_link = re.search(r'<a href="\?([^"]+)" rel="next"', html)
    assert next_link
    query = unescape(next_link.group(1))
    assert query == f"from=2026-06-01&to=2026-06-30&trigger=own-{own.pk}&company=one&q=rain&page=2"
    # Following the link gives the same filters back.
    again = owner_client.get(reverse("cry-list") + "?" + query).content.decode()
    assert f'<option value="own-{own.pk}" selected>Work</option>' in again
    assert "Page 2 of 2" in again


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(
    owner_client: Client, user: User
) -> None:
    cry(user, triggers=[Trigger.LOSS])
    html = history(owner_client, trigger="conflict").content.decode()
    assert "No cries match these filters." in html
    assert f'href="{reverse("cry-list")}">Clear the filters</a>' in html
    assert "No cries yet" not in html


def test_without_filters_the_page_is_as_before(owner_client: Client, user: User) -> None:
    html = history(owner_client).content.decode()
    assert "No cries yet." in html
    assert "active" not in re.sub(r"<[^>]+>", "", html.split("<summary>")[1].split("</summary>")[0])
    cry(user)
    assert "matches" not in history(owner_client).content.decode()


def test_the_filter_form_works_without_javascript_and_with_htmx(
    owner_client: Client, user: User
) -> None:
    cry(user, triggers=[Trigger.LOSS])
    html = history(owner_client).content.decode()
    form = re.search(r"<form class=\"filters__form\"[^>]*>", html)
    assert form
    assert 'method="get"' in form.group(0)
    assert f'action="{reverse("cry-list")}"' in form.group(0)
    assert 'data-hx-push-url="true"' in form.group(0)

    part = owner_client.get(
        reverse("cry-list"), {"trigger": "loss"}, headers={"HX-Request": "true"}
    )
    assert part["Vary"].count("HX-Request") == 1
    assert part.content.decode().lstrip().startswith('<div id="history"')
    assert "<html" not in part.content.decode()
    assert "1 active" in part.content.decode()

    restore = owner_client.get(
        reverse("cry-list"),
        {"trigger": "loss"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_a_bad_page_number_is_still_a_page(owner_client: Client, user: User) -> None:
    cry(user, triggers=[Trigger.LOSS])
    assert len(shown(owner_client, trigger="loss", page="abc")) == 1
    assert len(shown(owner_client, trigger="loss", page="99")) == 1


# A constant number of queries, whatever the number of cries.


def _fill(user: User, count: int) -> None:
    own = OwnTrigger.objects.create(user=user, name=f"Own {count}")
    for i in range(count):
        made = cry(
            user,
            ended_at=berlin(2026, 6, 1, 0, 0) + timedelta(hours=i),
            triggers=[Trigger.LOSS],
            feelings=[Feeling.SAD],
            note="Ärger",
            ratings={Moment.BEFORE: 50, Moment.RIGHT_AFTER: 40, Moment.AFTER_90: 60},
        )
        made.own_triggers.add(own)


@pytest.mark.parametrize("count", [2, 20])
def test_the_number_of_queries_does_not_grow_with_the_cries(
    django_assert_num_queries: Any, user: User, count: int
) -> None:
    _fill(user, count)
    client = Client()
    client.force_login(user)
    own = OwnTrigger.objects.get(user=user)
    params = {"trigger": f"own-{own.pk}", "checkin": "answered", "q": "ärger", "feeling": "sad"}
    # Session and user, the person's own triggers, the count, the page, its ratings, its own
    # triggers, and the session's note of this visit (a savepoint, an update, its release).
    with django_assert_num_queries(10):
        response = client.get(reverse("cry-list"), params)
    html = response.content.decode()
    assert html.count('class="cry-row"') == count
    assert html.count(f"loss · Own {count} · sad") == count


def test_postgresql_lowers_every_letter_even_where_the_database_would_not() -> None:
    # A database created with LC_CTYPE "C" lowers A–Z only; Lowered goes through ICU.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's collations")
    make_user()
    in_c = Collate(Value("ÄRGER"), "C")
    values = User.objects.annotate(plain=Lower(in_c), ours=Lowered(in_c))
    assert list(values.values_list("plain", "ours")) == [("Ärger", "ärger")]
