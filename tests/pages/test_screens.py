"""Screens that agree with themselves and with the database (issue 11, points 3 and 4)."""

import re
from datetime import UTC, datetime, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment
from crylog.followups.models import FollowUp
from tests.conftest import make_cry

HTMX = {"HX-Request": "true"}
FROM_HOME = {**HTMX, "HX-Current-URL": "http://testserver/"}
FROM_NEW = {**HTMX, "HX-Current-URL": "http://testserver/cries/new/"}


def _oob(html: str, element_id: str) -> str:
    """The out-of-band part of an htmx answer with this id ('' when there is none)."""
    match = re.search(
        rf'<(\w+) id="{element_id}"[^>]*data-hx-swap-oob="true"[^>]*>(.*?)</\1>\s*(?=<\w+ id="[\w-]+"[^>]*data-hx-swap-oob|$)',
        html,
        re.S,
    )
    return match.group(0) if match else ""


def _plan(client: Client) -> Cry:
    client.post(reverse("cry-plan"), {"valence": "60"})
    return Cry.objects.filter(ended_at=None).latest("created_at")


# A save swapped in place on the home page brings the rest of the page along.


def test_a_check_in_saved_on_the_home_page_shows_in_last_cries(owner_client: Client) -> None:
    home = owner_client.get("/").content.decode()
    assert "Nothing logged yet" in home
    answer = owner_client.post(
        reverse("cry-create"), {"valence": "37"}, headers=FROM_HOME
    ).content.decode()
    recent = _oob(answer, "recent")
    assert "Nothing logged yet" not in recent
    assert "right after 37" in recent
    assert '<div id="messages" role="status" data-hx-swap-oob="true"></div>' in answer


def test_a_check_in_saved_on_its_own_page_swaps_only_the_messages(owner_client: Client) -> None:
    answer = owner_client.post(
        reverse("cry-create"), {"valence": "37"}, headers=FROM_NEW
    ).content.decode()
    assert _oob(answer, "recent") == ""
    assert _oob(answer, "in-progress") == ""
    assert 'id="messages" role="status" data-hx-swap-oob="true"' in answer


def test_ending_a_planned_cry_removes_it_from_the_planned_card(owner_client: Client) -> None:
    first, second = _plan(owner_client), _plan(owner_client)
    answer = owner_client.post(
        reverse("cry-end", args=[second.pk]),
        {"valence": "40"},
        headers={**FROM_HOME, "HX-Trigger": f"end-{second.pk}"},
    ).content.decode()
    planned = _oob(answer, "in-progress")
    assert f'id="end-{first.pk}"' in planned
    assert f'id="end-{second.pk}"' not in planned
    assert "right after 40" in _oob(answer, "recent")
    # The last planned one ended: the card goes.
    answer = owner_client.post(
        reverse("cry-end", args=[first.pk]),
        {"valence": "41"},
        headers={**FROM_HOME, "HX-Trigger": f"end-{first.pk}"},
    ).content.decode()
    assert "Planned, not over yet" not in _oob(answer, "in-progress")
    assert _oob(answer, "in-progress").startswith('<div id="in-progress"')


def test_the_planning_message_goes_once_the_planned_cry_ends(owner_client: Client) -> None:
    cry = _plan(owner_client)
    home = owner_client.get("/").content.decode()
    assert "Noted. Tap" in home
    answer = owner_client.post(
        reverse("cry-end", args=[cry.pk]),
        {"valence": "40"},
        headers={**FROM_HOME, "HX-Trigger": f"end-{cry.pk}"},
    ).content.decode()
    assert "Noted. Tap" not in answer
    assert '<div id="messages" role="status" data-hx-swap-oob="true"></div>' in answer


def test_an_end_form_with_an_error_comes_back_where_it_was(owner_client: Client) -> None:
    cry = _plan(owner_client)
    for place in ("end", "over"):
        response = owner_client.post(
            reverse("cry-end", args=[cry.pk]),
            {},
            headers={**FROM_HOME, "HX-Trigger": f"{place}-{cry.pk}"},
        )
        assert response["HX-Retarget"] == f"#{place}-{cry.pk}"
        assert response["HX-Reswap"] == "outerHTML"
        assert f'<form id="{place}-{cry.pk}"' in response.content.decode()
    cry.refresh_from_db()
    assert cry.ended_at is None


def test_a_before_saved_on_the_home_page_shows_in_last_cries(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 30})
    answer = owner_client.post(
        reverse("cry-rate-before", args=[cry.pk]), {"valence": "70"}, headers=FROM_HOME
    ).content.decode()
    assert "before 70" in _oob(answer, "recent")


# While a planned cry runs, "I just cried" offers to end it.


def test_i_just_cried_offers_to_end_the_running_planned_cry(owner_client: Client) -> None:
    cry = _plan(owner_client)
    offer = owner_client.get(reverse("cry-new"), headers=FROM_HOME).content.decode()
    assert "Is this the one you planned?" in offer
    assert f'action="{reverse("cry-end", args=[cry.pk])}"' in offer
    assert 'action="/cries/create/"' not in offer
    separate = owner_client.get(
        reverse("cry-new") + "?separate=1", headers=FROM_HOME
    ).content.decode()
    assert 'action="/cries/create/"' in separate
    assert "planned" not in separate


def test_i_just_cried_logs_a_new_cry_when_none_is_planned(owner_client: Client, user: User) -> None:
    make_cry(user)  # an ended cry is not running
    page = owner_client.get(reverse("cry-new")).content.decode()
    assert 'action="/cries/create/"' in page
    assert "Is this the one you planned?" not in page


# Words.


def test_a_planned_cry_started_under_a_minute_ago_started_just_now(
    owner_client: Client, time_machine: TimeMachineFixture
) -> None:
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=False)
    _plan(owner_client)
    time_machine.move_to(start + timedelta(seconds=59), tick=False)
    assert "Started just now." in owner_client.get("/").content.decode()
    time_machine.move_to(start + timedelta(seconds=60), tick=False)
    home = owner_client.get("/").content.decode()
    assert "Started 1\xa0minute ago." in home
    assert "0\xa0minutes" not in home


def test_the_before_question_is_asked_once(owner_client: Client, user: User) -> None:
    cry = make_cry(user)
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert page.count("How did you feel before?") == 1
    saved = owner_client.post(
        reverse("cry-create"), {"valence": "50"}, headers=HTMX
    ).content.decode()
    assert saved.count("How did you feel before?") == 1


def _followup(user: User, *, minutes_since_cry: int) -> FollowUp:
    now = timezone.now()
    ended = now - timedelta(minutes=minutes_since_cry)
    cry = make_cry(user, ended_at=ended)
    due = ended + timedelta(minutes=90)
    return FollowUp.objects.create(
        cry=cry,
        moment=Moment.AFTER_90,
        due_at=due,
        expires_at=due + timedelta(minutes=60),
        next_attempt_at=due,
    )


def test_the_answer_page_says_which_check_in_it_is_before_saving(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    on_time = _followup(user, minutes_since_cry=150)
    late = _followup(user, minutes_since_cry=151)
    on_time_page = owner_client.get(on_time.get_absolute_url()).content.decode()
    late_page = owner_client.get(late.get_absolute_url()).content.decode()
    assert "Your 90-minute check-in. You cried 2\xa0hours, 30\xa0minutes ago." in on_time_page
    assert "A late check-in" not in on_time_page
    assert "A late check-in: the 90-minute one has passed." in late_page
    assert "You cried 2\xa0hours, 31\xa0minutes ago." in late_page


# What was added is visible (issue 11, point 4).


def _details(
    client: Client, user: User, cry: Cry, headers: dict[str, str], **fields: object
) -> str:
    ended = timezone.localtime(cry.ended_at, user.zone).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cry-details", args=[cry.pk]), {"ended_at": ended, **fields}, headers=headers
    )
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_saved_details_are_shown_to_read_with_edit_details(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user)
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "Edit details" not in page
    assert "Add details" in page
    answer = _details(
        owner_client,
        user,
        cry,
        HTMX,
        intensity="3",
        company="one",
        support="true",
        triggers=["loss"],
        note="rain",
    )
    details = re.sub(r"\s+", " ", answer)
    for question, said in [
        ("How hard did you cry?", "crying"),
        ("Who was with you?", "with one person"),
        ("Did someone comfort you?", "yes"),
        ("What brought it on?", "loss"),
        ("Note (only you see it)", "rain"),
    ]:
        assert f"<dt>{question}</dt><dd" in details
        assert f">{said}</dd>" in details.split(question, 1)[1][:120]
    assert 'name="note"' not in answer
    # "Details saved." sits beside "Edit details", the button under the finger.
    assert re.search(
        r"Edit details</a>\s*<span class=\"saved-note\" role=\"status\">Details saved.</span>",
        answer,
    )
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "Edit details" in page
    assert "Details saved." not in page
    assert ">rain</dd>" in page


def test_without_javascript_details_saved_shows_beside_the_details(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user)
    location = _details(owner_client, user, cry, {}, intensity="2")
    assert location == cry.get_absolute_url() + "?details=saved#details"
    page = owner_client.get(location).content.decode()
    details = page[page.index('<section id="details"') :]
    assert "Details saved." in details[: details.index("</section>")]


def test_saving_details_keeps_the_end_time_to_the_second(owner_client: Client, user: User) -> None:
    ended = timezone.now().replace(second=37, microsecond=250_000) - timedelta(minutes=10)
    cry = make_cry(user, ended_at=ended)
    _details(owner_client, user, cry, HTMX, intensity="2")
    cry.refresh_from_db()
    assert cry.ended_at == ended
    assert cry.intensity == 2
    # A different minute is a real change, taken as given.
    earlier = timezone.localtime(ended - timedelta(minutes=1), user.zone).strftime("%Y-%m-%dT%H:%M")
    owner_client.post(reverse("cry-details", args=[cry.pk]), {"ended_at": earlier}, headers=HTMX)
    cry.refresh_from_db()
    assert cry.ended_at == (ended - timedelta(minutes=1)).replace(second=0, microsecond=0)


def test_skipping_one_of_two_due_check_ins_keeps_the_other_and_then_the_card_goes(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    first = _followup(user, minutes_since_cry=100)
    second = _followup(user, minutes_since_cry=110)
    answer = owner_client.post(
        reverse("followup-skip", args=[first.pk]), headers=FROM_HOME
    ).content.decode()
    assert answer.startswith('<div id="due-followups">')
    assert "Time for your check-in" in answer
    assert second.get_absolute_url() in answer
    assert first.get_absolute_url() not in answer
    answer = owner_client.post(
        reverse("followup-skip", args=[second.pk]), headers=FROM_HOME
    ).content.decode()
    # The card goes; its empty place stays, for a check-in that comes due later.
    assert "Time for your check-in" not in answer
    assert re.match(r'<div id="due-followups">\s*</div>', answer)


def test_a_check_in_answered_in_place_clears_old_messages(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    followup = _followup(user, minutes_since_cry=95)
    answer = owner_client.post(
        followup.get_absolute_url(), {"valence": "60"}, headers=HTMX
    ).content.decode()
    assert '<div id="messages" role="status" data-hx-swap-oob="true"></div>' in answer
    assert "Saved: 60 of 100, as your 90-minute check-in" in answer


# Controls that outlive their state: after a swap, the whole screen describes the new state,
# and a stale control tapped anyway changes nothing and says so.


def test_answering_a_check_in_in_place_leaves_no_in_15_minutes(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    followup = _followup(user, minutes_since_cry=95)
    page = owner_client.get(followup.get_absolute_url()).content.decode()
    assert "In 15 minutes" in page
    assert 'data-hx-target="#answer"' in page
    answer = owner_client.post(
        followup.get_absolute_url(), {"valence": "64"}, headers=HTMX
    ).content.decode()
    assert "Saved: 64 of 100, as your 90-minute check-in. Thank you." in answer
    assert "In 15 minutes" not in answer
    assert "snooze" not in answer


def test_in_15_minutes_for_an_answered_check_in_changes_nothing_and_says_so(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    followup = _followup(user, minutes_since_cry=95)
    owner_client.post(followup.get_absolute_url(), {"valence": "64"})
    snooze = reverse("followup-snooze", args=[followup.pk])
    answer = owner_client.post(snooze, headers=HTMX)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "This check-in is already answered or skipped." in html
    # The check-in as it stands: answered, with no "In 15 minutes" to tap again.
    assert "You answered this already (64 of 100)." in html
    assert snooze not in html
    page = owner_client.post(snooze, follow=True).content.decode()
    assert "This check-in is already answered or skipped." in page
    followup.refresh_from_db()
    assert (followup.state, followup.snoozes) == (FollowUp.State.ANSWERED, 0)


def test_skipping_an_answered_check_in_changes_nothing_and_says_so(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    followup = _followup(user, minutes_since_cry=95)
    owner_client.post(followup.get_absolute_url(), {"valence": "64"})
    skip = reverse("followup-skip", args=[followup.pk])
    answer = owner_client.post(skip, headers=FROM_HOME).content.decode()
    assert "That check-in was already answered, so it stays." in answer
    assert "Skipped" not in answer
    assert "Time for your check-in" not in answer
    page = owner_client.post(skip, follow=True).content.decode()
    assert "That check-in was already answered, so it stays." in page
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.ANSWERED


def test_a_check_in_that_ended_90_minutes_ago_brings_its_check_in_to_the_home_page(
    owner_client: Client, user: User
) -> None:
    ended = timezone.localtime(timezone.now() - timedelta(minutes=95), user.zone)
    answer = owner_client.post(
        reverse("cry-create"),
        {"valence": "40", "ended_at": ended.strftime("%Y-%m-%dT%H:%M")},
        headers=FROM_HOME,
    ).content.decode()
    due = _oob(answer, "due-followups")
    assert "Time for your check-in" in due
    assert "How do you feel now?" in due
    # Asked once on the home page: by its banner, not again in the saved card.
    saved = answer[: answer.index('data-hx-swap-oob="true"')]
    assert "Time for your check-in" not in saved


def test_details_with_an_earlier_end_bring_the_cry_and_the_home_page_along(
    owner_client: Client, user: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)  # 14:00 in Berlin
    cry = make_cry(user)
    home = owner_client.get("/").content.decode()
    assert "Time for your check-in" not in home
    answer = owner_client.post(
        reverse("cry-details", args=[cry.pk]),
        {"ended_at": "2026-06-01T12:20"},  # 12:20 in Berlin: 100 minutes ago
        headers=FROM_HOME,
    ).content.decode()
    summary = _oob(answer, f"cry-{cry.pk}-summary")
    assert "Cry of Monday 1 June, 12:20\u00a0PM" in summary
    assert "ll ask again" not in _oob(answer, f"cry-{cry.pk}-reminder")  # its time has come
    assert "Mon 1 Jun, 12:20\u00a0PM" in _oob(answer, "recent")
    assert "Time for your check-in" in _oob(answer, "due-followups")
    # On the cry's own page, the check-in is asked for in the cry's card instead.
    answer = owner_client.post(
        reverse("cry-details", args=[cry.pk]),
        {"ended_at": "2026-06-01T12:25"},
        headers={**HTMX, "HX-Current-URL": f"http://testserver{cry.get_absolute_url()}"},
    ).content.decode()
    assert "Time for your check-in" in _oob(answer, f"cry-{cry.pk}-reminder")
    assert _oob(answer, "recent") == ""
    assert _oob(answer, "due-followups") == ""


def test_a_before_saved_in_place_shows_in_the_cry_s_ratings(
    owner_client: Client, user: User
) -> None:
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 30})
    answer = owner_client.post(
        reverse("cry-rate-before", args=[cry.pk]),
        {"valence": "70"},
        headers={**HTMX, "HX-Current-URL": f"http://testserver{cry.get_absolute_url()}"},
    ).content.decode()
    ratings = re.sub(r"\s+", " ", _oob(answer, f"cry-{cry.pk}-summary"))
    assert re.search(r"<dt [^>]*>Before \(remembered\)</dt><dd><span>70 <span", ratings)
    assert re.search(r"<dt [^>]*>Right after</dt><dd><span>30 <span", ratings)
