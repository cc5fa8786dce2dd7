"""Share links: made in one tap, listed, revocable, expiring; the page a link opens."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries.models import Moment
from crylog.sharing.models import ShareLink
from tests.conftest import NOON, make_cry

LINK = re.compile(r'id="share-address"[^>]*value="http://testserver(/s/[^"]+/)"')
RATINGS: dict[str, int] = {Moment.BEFORE: 50, Moment.RIGHT_AFTER: 35, Moment.AFTER_90: 70}


def make_link(client: Client, *, days: int = 7, notes: bool = False, **extra: str) -> str:
    """Tap "For <days> days" on the summary page; the path the link's page shows."""
    data = {"from": "2026-05-01", "to": "2026-06-01", "days": str(days), **extra}
    if notes:
        data["notes"] = "on"
    response = client.post(reverse("share-create"), data, follow=True)
    assert response.status_code == 200
    match = LINK.search(response.content.decode())
    assert match, "the new link's page shows no address"
    return match[1]


@pytest.fixture
def cries(user: User, clock: TimeMachineFixture) -> None:
    for day in range(6):
        make_cry(
            user,
            ended_at=NOON - timedelta(days=day + 1),
            ratings=RATINGS,
            note=f"note of day {day}",
        )


def visitor() -> Client:
    return Client()


@pytest.mark.usefixtures("cries")
def test_a_link_opens_the_summary_for_anyone_without_a_session(owner_client: Client) -> None:
    path = make_link(owner_client)
    response = visitor().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Summary of cries from" in page
    assert "6 cries in these dates." in page
    assert not response.cookies  # no session, no CSRF cookie


@pytest.mark.usefixtures("cries")
def test_the_link_page_says_noindex_no_referrer_no_store(owner_client: Client) -> None:
    response = visitor().get(make_link(owner_client))
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.usefixtures("cries")
def test_the_link_page_reaches_none_of_the_persons_pages(owner_client: Client) -> None:
    page = visitor().get(make_link(owner_client)).content.decode()
    assert "<a " not in page  # no link at all
    assert "<form" not in page
    assert "register.js" not in page  # no service worker
    for name in ("cry-home", "cry-list", "insights-dashboard", "account-settings"):
        assert f'"{reverse(name)}"' not in page


@pytest.mark.usefixtures("cries")
def test_notes_appear_only_when_ticked(owner_client: Client) -> None:
    without = visitor().get(make_link(owner_client)).content.decode()
    with_notes = visitor().get(make_link(owner_client, notes=True)).content.decode()
    assert "note of day" not in without
    assert "note of day 0" in with_notes
    assert "note of day 5" in with_notes


@pytest.mark.usefixtures("cries")
def test_it_opens_one_second_before_it_expires_and_not_at_or_after(
    owner_client: Client, clock: TimeMachineFixture
) -> None:
    path = make_link(owner_client, days=1)
    gone = visitor().get("/s/" + "x" * 43 + "/")
    assert gone.status_code == 404
    clock.move_to(NOON + timedelta(days=1, seconds=-1), tick=False)
    assert visitor().get(path).status_code == 200
    clock.move_to(NOON + timedelta(days=1), tick=False)
    expired = visitor().get(path)
    assert expired.status_code == 404
    clock.move_to(NOON + timedelta(days=1, seconds=1), tick=False)
    assert visitor().get(path).content == expired.content == gone.content


@pytest.mark.usefixtures("cries")
def test_revoked_tampered_and_guessed_links_get_the_same_page(owner_client: Client) -> None:
    path = make_link(owner_client)
    token = path.removeprefix("/s/").removesuffix("/")
    tampered = path.replace(token[5], "A" if token[5] != "A" else "B", 1)
    answers = [visitor().get(p) for p in (tampered, "/s/guess/", "/s/" + "a" * 43 + "/")]
    link = ShareLink.objects.get()
    assert owner_client.post(reverse("share-revoke", args=[link.pk])).status_code == 302
    answers.append(visitor().get(path))
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert "Summary" not in answers[0].content.decode()
    assert all(a["X-Robots-Tag"] == "noindex" for a in answers)
    assert not ShareLink.objects.exists()


@pytest.mark.usefixtures("cries")
def test_another_person_cannot_see_or_revoke_a_link(
    owner_client: Client, stranger_client: Client
) -> None:
    make_link(owner_client)
    link = ShareLink.objects.get()
    assert stranger_client.get(reverse("share-detail", args=[link.pk])).status_code == 404
    assert stranger_client.post(reverse("share-revoke", args=[link.pk])).status_code == 404
    assert ShareLink.objects.filter(pk=link.pk).exists()
    settings_page = stranger_client.get(reverse("account-settings")).content.decode()
    assert "No link is open." in settings_page


@pytest.mark.usefixtures("cries")
def test_settings_lists_a_link_with_when_made_expires_and_last_opened(
    owner_client: Client, clock: TimeMachineFixture
) -> None:
    path = make_link(owner_client, days=30)
    page = owner_client.get(reverse("account-settings")).content.decode()
    assert "not opened yet" in page
    clock.move_to(NOON + timedelta(hours=2), tick=False)
    visitor().get(path)
    link = ShareLink.objects.get()
    assert link.last_opened_at == NOON + timedelta(hours=2)
    assert link.expires_at == NOON + timedelta(days=30)
    page = owner_client.get(reverse("account-settings")).content.decode()
    assert "not opened yet" not in page
    assert reverse("share-revoke", args=[link.pk]) in page


def test_the_token_is_random_and_stored_only_as_its_digest(
    owner_client: Client, user: User
) -> None:
    paths = {make_link(owner_client) for _ in range(3)}
    assert len(paths) == 3
    for link in ShareLink.objects.all():
        assert len(link.token_hash) == 64
        assert all(link.token_hash not in path for path in paths)
    assert all(re.fullmatch(r"/s/[A-Za-z0-9_-]{43}/", path) for path in paths)


def test_the_same_form_sent_twice_makes_one_link(owner_client: Client) -> None:
    form_id = str(uuid.uuid4())
    first = make_link(owner_client, form_id=form_id)
    second = make_link(owner_client, form_id=form_id)
    assert first == second  # the same link's page, which shows it from the session
    assert ShareLink.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"from": "2026-06-02", "to": "2026-06-01", "days": "7"}, "to"),
        ({"from": "2026-05-01", "to": "2026-06-01", "days": "3"}, "days"),
        ({"from": "1999-12-31", "to": "2026-06-01", "days": "7"}, "from"),
    ],
)
def test_it_refuses_wrong_dates_or_lengths_and_makes_nothing(
    owner_client: Client, clock: TimeMachineFixture, data: dict[str, str], field: str
) -> None:
    response = owner_client.post(reverse("share-create"), data)
    assert response.status_code == 400
    assert "No link was made" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_a_link_needs_someone_signed_in_to_be_made(client: Client, db: None) -> None:
    data = {"from": "2026-05-01", "to": "2026-06-01", "days": "7"}
    response = client.post(reverse("share-create"), data)
    assert response.status_code == 302
    assert not ShareLink.objects.exists()
