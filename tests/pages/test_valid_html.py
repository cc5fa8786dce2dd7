"""Every page a person can reach is valid HTML (Nu HTML Checker), forms with errors included."""

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from django.test import Client
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, OwnTrigger, new_cry_limits
from crylog.followups.models import FollowUp
from tests.accounts.passkeys import give_a_passkey
from tests.conftest import PASSWORD, ClientResponse, make_cry, make_user
from tests.insights.test_dashboard import planned_cry
from tests.pages.vnu import html_errors

HTMX = {"HX-Request": "true"}


def _page(pages: dict[str, str], name: str, response: ClientResponse, status: int = 200) -> None:
    assert response.status_code == status, name
    pages[name] = response.content.decode()


def _fragment(pages: dict[str, str], name: str, response: ClientResponse) -> None:
    """An htmx answer, checked as the body of a page so that its own markup is judged."""
    assert response.status_code == 200, name
    body = response.content.decode()
    pages[name] = (
        f'<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>{body}</body></html>'
    )


def _signed_out_pages(pages: dict[str, str]) -> None:
    anonymous = Client()
    for name, url in [
        ("welcome", "/"),
        ("log in", "/accounts/login/"),
        ("sign up", "/accounts/signup/"),
        ("password reset", "/accounts/password/reset/"),
        ("help", "/help/"),
        ("privacy", "/privacy/"),
        ("offline app shell", "/offline/"),
    ]:
        _page(pages, name, anonymous.get(url))
    # French is not offered: the page speaks the default language, Switzerland's lines first.
    swiss = anonymous.get("/help/", headers={"Accept-Language": "fr-CH"})
    _page(pages, "help, a browser in Switzerland", swiss)
    _page(
        pages,
        "log in, wrong",
        anonymous.post("/accounts/login/", {"login": "x@example.com", "password": "nope"}),
    )
    _page(
        pages,
        "sign up, short password",
        anonymous.post("/accounts/signup/", {"email": "new@example.com", "password1": "short"}),
    )
    _page(
        pages,
        "sign up, bad e-mail",
        anonymous.post("/accounts/signup/", {"email": "nope", "password1": ""}),
    )
    _page(
        pages,
        "password reset, bad e-mail",
        anonymous.post("/accounts/password/reset/", {"email": "nope"}),
    )
    anonymous.get("/accounts/2fa/webauthn/login/", headers={"Accept": "application/json"})
    refused = anonymous.post("/accounts/2fa/webauthn/login/", {"credential": "{}"})
    _page(pages, "log in, passkey refused", refused, status=400)
    missing = anonymous.get("/no-such-page/")
    assert missing.status_code == 404
    pages["not found"] = missing.content.decode()
    reset = anonymous.post(
        "/accounts/password/reset/", {"email": "someone@example.com"}, follow=True
    )
    _page(pages, "password reset sent", reset)


def _signed_in_pages(pages: dict[str, str], user: User) -> None:
    client = Client()
    client.force_login(user)
    now = timezone.now()
    cry = make_cry(
        user,
        ended_at=now - timedelta(minutes=95),
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 40},
        intensity=3,
        note="A long day.",
    )
    bare = make_cry(user, ended_at=now - timedelta(minutes=5))
    # Two planned cries open at once: the home page holds two end forms.
    client.post("/cries/plan/", {"valence": 50})
    client.post("/cries/plan/", {"valence": 55})
    followup = FollowUp.objects.filter(cry=bare).first() or FollowUp.objects.create(
        cry=cry,
        moment=Moment.AFTER_90,
        due_at=now - timedelta(minutes=5),
        expires_at=now + timedelta(hours=2),
        next_attempt_at=now - timedelta(minutes=5),
    )
    for name, url in [
        ("home", "/"),
        ("log a cry", "/cries/new/"),
        ("plan", "/cries/plan/"),
        ("history", "/cries/"),
        ("a cry", f"/cries/{cry.pk}/"),
        ("a bare cry", f"/cries/{bare.pk}/"),
        ("delete a cry", f"/cries/{cry.pk}/delete/"),
        ("follow-up", f"/followups/{followup.pk}/"),
        ("reminders", "/reminders/"),
        ("settings", "/settings/"),
        ("import", "/settings/import/"),
        ("delete account", "/settings/delete/"),
        ("trends", "/trends/"),
        ("help, the time zone's country first", "/help/"),
        ("password change", "/accounts/password/change/"),
        ("e-mail addresses", "/accounts/email/"),
    ]:
        _page(pages, name, client.get(url))
    give_a_passkey(user)
    refused = client.post("/accounts/2fa/webauthn/reauthenticate/", {"credential": '{"id": 1}'})
    _page(pages, "confirm with a passkey, refused", refused, status=400)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    _page(pages, "passkeys", client.get("/accounts/2fa/webauthn/"))
    _page(pages, "add a passkey", client.get("/accounts/2fa/webauthn/add/"))
    refused = client.post("/accounts/2fa/webauthn/add/", {"name": "x", "credential": "x"})
    _page(pages, "add a passkey, refused", refused, status=400)
    _page(pages, "log a cry, untouched", client.post("/cries/create/", {}))
    _page(pages, "plan, untouched", client.post("/cries/plan/", {}))
    _page(pages, "before, untouched", client.post(f"/cries/{bare.pk}/before/", {}))
    _page(pages, "details, bad", client.post(f"/cries/{cry.pk}/details/", {"intensity": "9"}))
    _page(pages, "follow-up, untouched", client.post(f"/followups/{followup.pk}/", {}))
    _fragment(pages, "htmx: log a cry form", client.get("/cries/new/", headers=HTMX))
    _fragment(pages, "htmx: log a cry, untouched", client.post("/cries/create/", {}, headers=HTMX))
    _fragment(pages, "htmx: details form", client.get(f"/cries/{cry.pk}/details/", headers=HTMX))
    _fragment(
        pages,
        "htmx: details, bad",
        client.post(f"/cries/{cry.pk}/details/", {"intensity": "9"}, headers=HTMX),
    )
    _fragment(
        pages,
        "htmx: log a cry, saved",
        client.post("/cries/create/", {"valence": 30}, headers=HTMX),
    )
    home = {**HTMX, "HX-Current-URL": "http://testserver/"}
    planned = user.cries.filter(ended_at=None).first()
    assert planned is not None
    _fragment(
        pages,
        "htmx: a cry saved on the home page",
        client.post("/cries/create/", {"valence": 30}, headers=home),
    )
    _fragment(
        pages,
        "htmx: it's over, no mood",
        client.post(f"/cries/{planned.pk}/over/", {}, headers=home),
    )
    _fragment(
        pages,
        "htmx: it's over",
        client.post(f"/cries/{planned.pk}/over/", {"valence": 20}, headers=home),
    )
    _fragment(
        pages,
        "htmx: it's over, already ended",
        client.post(f"/cries/{planned.pk}/over/", {"valence": 70}, headers=home),
    )
    ended = timezone.localtime(now - timedelta(minutes=100), user.zone)
    _fragment(
        pages,
        "htmx: details saved on the home page",
        client.post(
            f"/cries/{bare.pk}/details/", {"ended_at": f"{ended:%Y-%m-%dT%H:%M}"}, headers=home
        ),
    )
    _fragment(
        pages,
        "htmx: before saved on the home page",
        client.post(f"/cries/{planned.pk}/before/", {"valence": 20}, headers=home),
    )
    _fragment(pages, "htmx: skip", client.post(f"/followups/{followup.pk}/skip/", headers=home))
    _fragment(
        pages,
        "htmx: follow-up answered",
        client.post(f"/followups/{followup.pk}/", {"valence": 60}, headers=HTMX),
    )
    refused_name = {"reminder_name": "Notes\nBcc: x@example.com"}
    _page(pages, "reminder name, refused", client.post("/reminders/name/", refused_name))
    _fragment(
        pages,
        "htmx: reminder name, refused",
        client.post("/reminders/name/", refused_name, headers=HTMX),
    )
    _fragment(
        pages,
        "htmx: reminder name saved",
        client.post("/reminders/name/", {"reminder_name": "Notes"}, headers=HTMX),
    )
    _fragment(
        pages,
        "htmx: snooze refused",
        client.post(f"/followups/{followup.pk}/snooze/", headers=HTMX),
    )
    Cry.objects.bulk_create([Cry(user=user, ended_at=now) for _ in range(new_cry_limits()[0][1])])
    _page(pages, "log a cry, held back", client.post("/cries/create/", {"valence": 30}), 429)
    _page(pages, "plan, held back", client.post("/cries/plan/", {"valence": 30}), 429)
    _fragment(
        pages,
        "htmx: log a cry, held back",
        client.post("/cries/create/", {"valence": 30}, headers=HTMX),
    )


def _trends_pages(pages: dict[str, str], user: User) -> None:
    """The dashboard of a person with five "before" ratings given before the cry, the number
    that brings the link to the dip drawn from those alone; and that view itself."""
    client = Client()
    client.force_login(user)
    for days_ago in range(1, 6):
        planned_cry(user, days_ago=days_ago)
    every = client.get("/trends/")
    assert "baseline=real" in every.content.decode()
    _page(pages, "trends, with the link to real baselines", every)
    real = client.get("/trends/?range=90d&baseline=real")
    assert "Show every “before” rating" in real.content.decode()
    _page(pages, "trends, real baselines only", real)
    _fragment(
        pages,
        "htmx: trends, real baselines only",
        client.get("/trends/?range=90d&baseline=real", headers=HTMX),
    )


def _history_pages(pages: dict[str, str], user: User) -> None:
    """History filtered (an own trigger and a search among them), with nothing found, and
    with filters it cannot use."""
    client = Client()
    client.force_login(user)
    own = OwnTrigger.objects.create(user=user, name="Work")
    for hour in range(22):
        cry = make_cry(
            user,
            ended_at=timezone.now() - timedelta(hours=hour + 1),
            triggers=["loss"],
            feelings=["sad"],
            note="So viel Ärger <heute>",
        )
        cry.own_triggers.add(own)
    found = client.get(f"/cries/?trigger=own-{own.pk}&q=ärger&company=&checkin=unanswered")
    assert "<mark>Ärger</mark>" in found.content.decode()
    _page(pages, "history, filtered", found)
    _page(pages, "history, nothing found", client.get("/cries/?trigger=conflict"))
    refused = client.get("/cries/?from=2026-13-40&to=1999-01-01&trigger=own-0")
    assert refused.context["page"] is None
    _page(pages, "history, filters refused", refused)
    _fragment(
        pages,
        "htmx: history, filtered",
        client.get("/cries/?trigger=loss&page=2", headers=HTMX),
    )


class _AttributeNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("hx-")]


def bare_htmx_attributes(pages: dict[str, str]) -> list[str]:
    """Each htmx attribute of these pages written without its data- prefix, by page."""
    found = []
    for name, html in pages.items():
        reader = _AttributeNames()
        reader.feed(html)
        found += [f"{name}: {where}" for where in reader.found]
    return found


def test_every_page_is_valid_html(db: None, tmp_path: Path) -> None:
    pages: dict[str, str] = {}
    _signed_out_pages(pages)
    _signed_in_pages(pages, make_user())
    _trends_pages(pages, make_user())
    _history_pages(pages, make_user())
    bare = bare_htmx_attributes(pages)
    assert bare == [], "\n".join(bare)
    errors = html_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors)
