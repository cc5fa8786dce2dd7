"""Security rules for every URL of crylog's own, generated from the URLconf.

A new URL fails `test_every_url_is_classified` until it is added to URLS below with what
it needs; from then on every rule here checks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from pytest_django import Settings

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, OwnTrigger
from crylog.cries.services import cry_create
from crylog.followups.mail import email_off_token
from crylog.followups.models import PushSubscription
from crylog.pwa.catalogue import catalogue
from crylog.sharing.services import share_link_create
from crylog.studies.services import researcher_grant
from crylog.yourdata.models import PendingImport
from tests.accounts.passkeys import give_a_passkey
from tests.conftest import PASSWORD, make_cry
from tests.studies.factories import join, make_study

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Url:
    """How one URL behaves: who may see it, whether it changes data, what it needs."""

    personal: bool = True  # needs a logged-in person
    changes: bool = False  # changes data on POST
    post_only: bool = False  # refuses GET
    owned: Callable[[User], dict[str, object]] | None = None  # kwargs naming the owner's object
    data: dict[str, str] = field(default_factory=dict)  # a valid POST
    same_for_everyone: bool = False  # shows nobody's data, so browsers may keep a copy
    # kwargs of a signed link made for the person: works without login or CSRF token (RFC 8058)
    signed_link: Callable[[User], dict[str, object]] | None = None
    confirm: bool = False  # asks the person to confirm who they are first (password or passkey)
    # kwargs of the address itself, the same for everyone (a script catalogue's language)
    address: Callable[[User], dict[str, object]] | None = None
    # a script answered before the page middleware, as whitenoise answers static files: a
    # script is no document, so the headers of a document (CSP and the like) are not its
    script: bool = False
    # a page whose address is its secret (a share link): it sends no referrer at all
    no_referrer: bool = False


def the_english_catalogue(user: User) -> dict[str, object]:
    url = catalogue("en").url
    return resolve(url).kwargs


def a_cry(user: User) -> dict[str, object]:
    return {"pk": make_cry(user, ratings={Moment.RIGHT_AFTER: 50}).pk}


def a_rating(user: User) -> dict[str, object]:
    return {"pk": make_cry(user, ratings={Moment.RIGHT_AFTER: 50}).pk, "moment": "right_after"}


def an_own_trigger(user: User) -> dict[str, object]:
    return {"pk": OwnTrigger.objects.create(user=user, name="Work").pk}


def a_planned_cry(user: User) -> dict[str, object]:
    return {"pk": Cry.objects.create(user=user, planned=True).pk}


def a_pending_import(user: User) -> dict[str, object]:
    return {"pk": PendingImport.objects.create(user=user, file_name="crylog.csv", content="").pk}


def a_followup(user: User) -> dict[str, object]:
    cry = cry_create(user=user, valence=50)
    return {"pk": cry.followups.get().pk}


def a_device(user: User) -> dict[str, object]:
    device = PushSubscription.objects.create(
        user=user, endpoint="https://fcm.googleapis.com/fcm/send/abc", p256dh="k", auth="a"
    )
    return {"pk": device.pk}


def an_email_off_link(user: User) -> dict[str, object]:
    return {"token": email_off_token(user)}


def a_share_link(user: User) -> dict[str, object]:
    link, _ = share_link_create(
        user=user,
        first=date(2026, 5, 1),
        last=date(2026, 6, 1),
        with_notes=False,
        days=7,
        now=timezone.now(),
    )
    return {"pk": link.pk}


def a_share_link_address(user: User) -> dict[str, object]:
    _, token = share_link_create(
        user=user,
        first=date(2026, 5, 1),
        last=date(2026, 6, 1),
        with_notes=False,
        days=7,
        now=timezone.now(),
    )
    return {"token": token}


def a_passkey(user: User) -> dict[str, object]:
    return {"pk": give_a_passkey(user).pk}


def as_researcher(user: User) -> dict[str, object]:
    """No kwargs: the person is let run studies, so the page is theirs to see."""
    researcher_grant(user=user)
    return {}


def a_study(user: User) -> dict[str, object]:
    researcher_grant(user=user)
    return {"pk": make_study(user).pk}


def an_invitation(user: User) -> dict[str, object]:
    return {"token": make_study().invitation_token}


def a_cry_in_a_study(user: User) -> dict[str, object]:
    join(make_study(), user)
    return {"cry_pk": make_cry(user, ratings={Moment.RIGHT_AFTER: 50}).pk}


URLS: dict[str, Url] = {
    "health": Url(personal=False),
    "pages-help": Url(personal=False),
    "pages-privacy": Url(personal=False),
    "cry-home": Url(personal=False),
    "cry-list": Url(),
    "insights-dashboard": Url(),
    "insights-summary": Url(),
    "share-create": Url(
        changes=True,
        post_only=True,
        data={"from": "2026-05-01", "to": "2026-06-01", "days": "7"},
    ),
    "share-detail": Url(owned=a_share_link),
    "share-revoke": Url(changes=True, post_only=True, owned=a_share_link),
    # Anyone with the address reads the summary; the token in it is the authority.
    "share-open": Url(personal=False, address=a_share_link_address, no_referrer=True),
    # Studies: the researcher's pages and the export (404 without the permission).
    "study-list": Url(address=as_researcher),
    "study-create": Url(changes=True, address=as_researcher),
    "study-detail": Url(owned=a_study),
    "study-edit": Url(changes=True, owned=a_study),
    "study-invitation": Url(changes=True, post_only=True, owned=a_study, data={"action": "close"}),
    "study-export": Url(owned=a_study),
    "study-codebook": Url(owned=a_study),
    # Anyone with the invitation reads the study; joining needs a person signed in.
    "study-join": Url(personal=False, changes=True, address=an_invitation),
    "study-mine": Url(),
    "study-cry-keep-out": Url(
        changes=True, post_only=True, owned=a_cry_in_a_study, data={"excluded": "1"}
    ),
    "study-consent": Url(changes=True),
    "study-withdraw": Url(changes=True, data={"keep": "no"}),
    "cry-new": Url(),
    "cry-create": Url(changes=True, post_only=True, data={"valence": "50"}),
    "cry-plan": Url(changes=True, data={"valence": "50"}),
    "cry-detail": Url(owned=a_cry),
    "cry-end": Url(changes=True, post_only=True, owned=a_planned_cry, data={"valence": "50"}),
    "cry-rate-before": Url(changes=True, post_only=True, owned=a_cry, data={"valence": "50"}),
    "cry-details": Url(changes=True, owned=a_cry, data={"intensity": "2"}),
    "cry-delete": Url(changes=True, owned=a_cry),
    "rating-correct": Url(changes=True, owned=a_rating, data={"valence": "20"}),
    "rating-delete": Url(changes=True, owned=a_rating),
    "own-trigger-list": Url(),
    "own-trigger-add": Url(changes=True, post_only=True, data={"name": "Family"}),
    "own-trigger-rename": Url(
        changes=True, post_only=True, owned=an_own_trigger, data={"name": "Office"}
    ),
    "own-trigger-retire": Url(changes=True, post_only=True, owned=an_own_trigger),
    "own-trigger-restore": Url(changes=True, post_only=True, owned=an_own_trigger),
    "account-settings": Url(changes=True, data={"timezone": "UTC", "followup_delay_minutes": "90"}),
    "account-timezone": Url(changes=True, post_only=True, data={"timezone": "UTC"}),
    "account-language": Url(changes=True, post_only=True, data={"language": "de"}),
    "account-export-csv": Url(),
    "account-export-json": Url(),
    "account-import": Url(changes=True),
    "account-import-preview": Url(owned=a_pending_import),
    "account-import-confirm": Url(changes=True, post_only=True, owned=a_pending_import),
    "account-import-cancel": Url(changes=True, post_only=True, owned=a_pending_import),
    "account-delete": Url(changes=True, data={"password": "not the password"}),
    "account-sessions": Url(changes=True, data={"end": "others"}),
    "pwa-service-worker": Url(personal=False, same_for_everyone=True),
    "pwa-manifest": Url(personal=False, same_for_everyone=True),
    "pwa-catalogue": Url(
        personal=False, same_for_everyone=True, address=the_english_catalogue, script=True
    ),
    "pwa-offline": Url(personal=False, same_for_everyone=True),
    "pwa-session": Url(personal=False),
    "followup-due": Url(),
    "followup-answer": Url(changes=True, owned=a_followup, data={"valence": "60"}),
    "followup-skip": Url(changes=True, post_only=True, owned=a_followup),
    "followup-snooze": Url(changes=True, post_only=True, owned=a_followup),
    # Posted by the service worker with no session: its signed token is the authority.
    "followup-snooze-action": Url(personal=False, post_only=True, owned=a_followup),
    "followup-calendar": Url(owned=a_followup),
    "reminder-settings": Url(),
    "reminder-email": Url(changes=True, post_only=True, data={"followup_email": "on"}),
    "reminder-name": Url(changes=True, post_only=True, data={"reminder_name": "Notes"}),
    "reminder-email-off": Url(personal=False, changes=True, signed_link=an_email_off_link),
    "push-subscribe": Url(changes=True, post_only=True),
    "push-device-remove": Url(changes=True, post_only=True, owned=a_device),
    "push-test": Url(changes=True, post_only=True),
    # Passkeys: allauth's pages, classified here like ours.
    "mfa_index": Url(),
    "mfa_authenticate": Url(),
    "mfa_reauthenticate": Url(changes=True),
    "mfa_list_webauthn": Url(),
    "mfa_add_webauthn": Url(changes=True, confirm=True),
    "mfa_reauthenticate_webauthn": Url(changes=True),
    "mfa_edit_webauthn": Url(changes=True, confirm=True, owned=a_passkey, data={"name": "Mine"}),
    "mfa_remove_webauthn": Url(changes=True, confirm=True, owned=a_passkey),
    "mfa_login_webauthn": Url(personal=False, changes=True),
}


def crylog_url_names() -> Iterator[str]:
    def walk(patterns: list[URLPattern | URLResolver]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.callback.__module__.startswith(
                ("crylog.", "allauth.mfa.")
            ):
                assert pattern.name, f"{pattern} has no name"
                yield pattern.name

    yield from walk(get_resolver().url_patterns)


def url_for(name: str, owner: User) -> str:
    spec = URLS[name]
    make_kwargs = spec.owned or spec.signed_link or spec.address
    return reverse(name, kwargs=make_kwargs(owner) if make_kwargs else None)


def names(predicate: Callable[[Url], bool]) -> list[str]:
    return [name for name, spec in URLS.items() if predicate(spec)]


def test_every_url_is_classified() -> None:
    assert sorted(set(crylog_url_names())) == sorted(URLS)


@pytest.mark.parametrize("name", names(lambda u: u.personal))
def test_logged_out_visitors_are_sent_to_log_in(client: Client, user: User, name: str) -> None:
    url = url_for(name, user)
    response = client.post(url, URLS[name].data) if URLS[name].post_only else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", names(lambda u: u.owned is not None))
def test_another_person_gets_404(stranger_client: Client, user: User, name: str) -> None:
    spec, url = URLS[name], url_for(name, user)
    if spec.confirm:
        confirm_who_it_is(stranger_client)
    if not spec.post_only:
        assert stranger_client.get(url).status_code == 404
    if spec.changes:
        assert stranger_client.post(url, spec.data).status_code == 404


def confirm_who_it_is(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("name", names(lambda u: u.confirm))
def test_pages_that_change_a_way_in_ask_who_it_is_first(
    owner_client: Client, user: User, name: str
) -> None:
    url = url_for(name, user)
    response = owner_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    confirm_who_it_is(owner_client)
    assert owner_client.get(url).status_code == 200


@pytest.mark.parametrize("name", names(lambda u: u.post_only))
def test_state_changing_urls_refuse_get(owner_client: Client, user: User, name: str) -> None:
    assert owner_client.get(url_for(name, user)).status_code == 405


@pytest.mark.parametrize("name", names(lambda u: u.changes and not u.signed_link))
@pytest.mark.parametrize("htmx", [False, True])
def test_state_changing_urls_refuse_a_post_without_csrf_token(
    user: User, name: str, htmx: bool
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    url = url_for(name, user)
    cries_before = Cry.objects.count()
    assert client.post(url, URLS[name].data, headers=headers).status_code == 403
    assert Cry.objects.count() == cries_before


@pytest.mark.parametrize("name", names(lambda u: not u.post_only and not u.script))
def test_every_page_carries_the_security_headers(
    owner_client: Client, user: User, name: str
) -> None:
    response = owner_client.get(url_for(name, user))
    # The whole policy, directive by directive: a dropped or loosened one fails here. The
    # nonce is new on every response, and present only where a page uses it.
    policy = re.sub(r" 'nonce-[A-Za-z0-9+/_=-]{16,}'", "", response["Content-Security-Policy"])
    assert policy.split("; ") == [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
    assert response["X-Content-Type-Options"] == "nosniff"
    referrer = "no-referrer" if URLS[name].no_referrer else "same-origin"
    assert response["Referrer-Policy"] == referrer
    assert_permissions_policy(response["Permissions-Policy"])


def assert_permissions_policy(header: str) -> None:
    """Features crylog never uses are off; passkeys (WebAuthn) stay possible on our own origin."""
    policy = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
        assert policy[feature] == "()", feature
    assert policy["publickey-credentials-get"] == "(self)"
    # Nothing here governs service workers, push or notifications: those must stay usable.
    assert not {"push", "notifications", "service-worker"} & set(policy)


@pytest.mark.parametrize("name", ["account_login", "account_signup", "pages-help"])
def test_logged_out_pages_carry_the_permissions_policy(client: Client, name: str) -> None:
    assert_permissions_policy(client.get(reverse(name))["Permissions-Policy"])


@pytest.mark.parametrize("name", names(lambda u: not u.post_only and not u.same_for_everyone))
def test_no_page_a_logged_in_person_sees_is_stored(
    owner_client: Client, user: User, name: str
) -> None:
    response = owner_client.get(url_for(name, user))
    assert response.status_code < 400
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


@pytest.mark.parametrize("name", names(lambda u: u.same_for_everyone))
def test_pages_the_same_for_everyone_may_be_kept(
    owner_client: Client, user: User, name: str
) -> None:
    assert "no-store" not in owner_client.get(url_for(name, user))["Cache-Control"]


def test_a_logged_out_page_is_not_marked_private(client: Client) -> None:
    assert "no-store" not in client.get(reverse("pages-help")).get("Cache-Control", "")


def test_production_sends_hsts_and_secure_cookies(
    client: Client, user: User, settings: Settings
) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    login = client.get(reverse("account_login"), secure=True)
    assert login["Strict-Transport-Security"].startswith("max-age=31536000")
    # The log-in form's CSRF token lives in the session: the session cookie is the only one.
    assert list(login.cookies) == ["sessionid"]
    assert login.cookies["sessionid"]["secure"] is True
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "a long test passphrase"},
        secure=True,
    )
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
