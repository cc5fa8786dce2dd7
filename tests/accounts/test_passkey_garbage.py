"""Whatever is posted as a passkey's answer, every form that reads one lets nobody in and adds
no passkey, and answers 400 with its page again: the form's error shown, and the password (or
another try) offered, never a server error or a page elsewhere.

A browser sends what the phone's authenticator made; anyone can send anything else. The
forms are allauth's (log in, confirm who it is, add a passkey) with crylog's checks in front,
and the views allauth's with the answer to a refusal changed (crylog/accounts/views.py).
"""

import base64
import hashlib
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import NoReverseMatch, reverse

from crylog.accounts.models import User
from tests.accounts.passkeys import REGISTRATION, give_a_passkey
from tests.conftest import PASSWORD, ClientResponse

pytestmark = pytest.mark.django_db

ANSWER = {
    "type": "public-key",
    "id": REGISTRATION["id"],
    "rawId": REGISTRATION["rawId"],
    "response": {
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",  # {"type":"webauthn.get"}
        "authenticatorData": "AAAA",
        "signature": "AAAA",
        "userHandle": "MQ",
    },
    "clientExtensionResults": {},
}


def with_response(**fields: object) -> str:
    base = REGISTRATION if "attestationObject" in fields else ANSWER
    return json.dumps({**base, "response": {**base["response"], **fields}})  # type: ignore[dict-item]


MALFORMED = {
    "null id": '{"id": null}',
    "only an id": '{"id": "x"}',
    "empty object": "{}",
    "list": "[]",
    "string": '"public-key"',
    "number": "42",
    "true": "true",
    "null": "null",
    "not JSON": "not json{",
    "keys of the wrong type": json.dumps({**ANSWER, "id": 1, "rawId": [], "response": "x"}),
    "response of the wrong type": json.dumps({**ANSWER, "response": []}),
    "response without its keys": json.dumps({**ANSWER, "response": {}}),
    "response values of the wrong type": with_response(
        clientDataJSON=1, authenticatorData=[], signature={}, userHandle=True
    ),
    "not base64": with_response(clientDataJSON="!!!", authenticatorData="***"),
    "client data not JSON": with_response(clientDataJSON="bm90IGpzb24"),
    "user handle of nobody": with_response(userHandle="OTk5OTk5"),
    "user handle not UTF-8": with_response(userHandle="_w"),
    "a registration where an answer belongs": json.dumps(REGISTRATION),
    "registration without its keys": json.dumps({**REGISTRATION, "response": {}}),
    "attestation not CBOR": with_response(attestationObject="AAAA"),
    "huge": json.dumps({"id": "A" * 1_000_000}),
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "a number of 5,000 digits": "1" * 5000,
}
EMPTY = {"empty object", "list", "null"}  # JSON, but no answer at all: the field's "required"

DID_NOT_WORK = (
    "That passkey didn't work: it may have been removed. Use your password or another passkey."
)
NEEDS_JAVASCRIPT = (
    "Passkeys need JavaScript, which is off in this browser. Use your password instead."
)
REQUIRED = "This field is required."


class Page(HTMLParser):
    """What a person sees of a page (its error messages, its forms' fields, its links) and
    what its fields hold."""

    def __init__(self, response: ClientResponse) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.fields: dict[str, list[str]] = {}  # a form's action: the names of its fields
        self.links: list[str] = []
        self.values: dict[str, str | None] = {}
        self._error: list[str] | None = None
        self._form: list[str] = []
        self._noscript = False
        self.feed(response.content.decode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "noscript":
            self._noscript = True
        elif tag == "form":
            self._form = self.fields.setdefault(attributes.get("action") or "", [])
        elif tag in {"input", "button"} and attributes.get("name"):
            self._form.append(attributes["name"] or "")
            self.values[attributes["name"] or ""] = attributes.get("value")
        elif tag == "a":
            self.links.append(attributes.get("href") or "")
        if ({"error", "message--error"} & set(classes)) and "hidden" not in attributes:
            self._error = [] if not self._noscript else None

    def handle_data(self, data: str) -> None:
        if self._error is not None:
            self._error.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript":
            self._noscript = False
        elif tag in {"p", "li"} and self._error is not None:
            self.errors.append("".join(self._error).strip())
            self._error = None


def refused(response: ClientResponse, error: str) -> Page:
    assert response.status_code == 400
    page = Page(response)
    assert page.errors == [error]
    return page


@pytest.fixture
def person(client: Client, user: User) -> Client:
    give_a_passkey(user)
    return client


def ask_for_a_passkey(client: Client) -> dict[str, Any]:
    """What the log-in page's button does first: allauth keeps the challenge it answers."""
    response = client.get(reverse("mfa_login_webauthn"), headers={"Accept": "application/json"})
    options: dict[str, Any] = response.json()["request_options"]["publicKey"]
    return options


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def answer_of_an_unknown_passkey(challenge: str, user: User) -> str:
    """A well-formed answer to this very challenge, for this person, from a passkey crylog
    never stored (as from one removed on this site but still on the phone)."""
    client_data = {"type": "webauthn.get", "challenge": challenge, "origin": "https://testserver"}
    authenticator_data = hashlib.sha256(b"testserver").digest() + bytes([0b101]) + bytes(4)
    return json.dumps(
        {
            "type": "public-key",
            "id": b64(b"a passkey crylog never saw"),
            "rawId": b64(b"a passkey crylog never saw"),
            "response": {
                "clientDataJSON": b64(json.dumps(client_data).encode()),
                "authenticatorData": b64(authenticator_data),
                "signature": b64(b"signed"),
                "userHandle": b64(str(user.pk).encode()),
            },
            "clientExtensionResults": {},
        }
    )


def assert_the_log_in_page_offers_both_ways_in(page: Page) -> None:
    assert {"login", "password"} <= set(page.fields[reverse("account_login")])
    assert "credential" in page.fields[reverse("mfa_login_webauthn")]


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_passkey_log_in_gets_the_log_in_page_again(person: Client, case: str) -> None:
    ask_for_a_passkey(person)
    response = person.post(reverse("mfa_login_webauthn"), {"credential": MALFORMED[case]})
    page = refused(response, NEEDS_JAVASCRIPT if case in EMPTY else DID_NOT_WORK)
    assert_the_log_in_page_offers_both_ways_in(page)
    assert person.get(reverse("cry-list")).status_code == 302  # still logged out


def test_the_passkey_button_without_javascript_says_so(client: Client) -> None:
    response = client.post(reverse("mfa_login_webauthn"))
    assert_the_log_in_page_offers_both_ways_in(refused(response, NEEDS_JAVASCRIPT))
    assert not response.context["user"].is_authenticated


def test_a_passkey_crylog_does_not_know_gets_the_log_in_page_again(
    person: Client, user: User
) -> None:
    challenge = ask_for_a_passkey(person)["challenge"]
    credential = answer_of_an_unknown_passkey(challenge, user)
    response = person.post(reverse("mfa_login_webauthn"), {"credential": credential})
    assert_the_log_in_page_offers_both_ways_in(refused(response, DID_NOT_WORK))
    assert person.get(reverse("cry-list")).status_code == 302


def test_the_password_logs_in_from_the_page_a_refused_passkey_left(
    person: Client, user: User
) -> None:
    ask_for_a_passkey(person)
    history = reverse("cry-list")
    response = person.post(
        reverse("mfa_login_webauthn"), {"credential": '{"id": null}', "next": history}
    )
    page = refused(response, DID_NOT_WORK)
    assert set(page.fields[reverse("account_login")]) == {
        "csrfmiddlewaretoken",
        "login",
        "password",
        "next",
    }
    response = person.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": history}
    )
    assert response.status_code == 302
    assert response["Location"] == history
    assert person.get(history).status_code == 200


def confirm_page(client: Client, user: User) -> tuple[str, Page]:
    client.force_login(user)
    url = reverse("mfa_reauthenticate_webauthn")
    response = client.get(url)
    assert response.status_code == 200
    return url, Page(response)


def assert_not_confirmed(client: Client) -> None:
    # Adding a passkey still asks who it is.
    assert client.get(reverse("mfa_add_webauthn"))["Location"].startswith(
        reverse("account_reauthenticate")
    )


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_passkey_confirmation_gets_the_confirmation_again(
    person: Client, user: User, case: str
) -> None:
    url, first_view = confirm_page(person, user)
    response = person.post(url, {"credential": MALFORMED[case]})
    page = refused(response, REQUIRED if case in EMPTY else DID_NOT_WORK)
    # The passkey once more, or the password instead.
    assert page.fields[url] == ["csrfmiddlewaretoken", "credential"]
    assert reverse("account_reauthenticate") in page.links
    assert page.values["credential"] == first_view.values["credential"]  # nothing sent back
    assert_not_confirmed(person)


def challenge_on(response: ClientResponse) -> str:
    challenge: str = response.context["js_data"]["request_options"]["publicKey"]["challenge"]
    return challenge


def test_a_confirmation_by_a_passkey_crylog_does_not_know_gets_the_confirmation_again(
    person: Client, user: User
) -> None:
    url, _ = confirm_page(person, user)
    challenge = challenge_on(person.get(url))
    response = person.post(url, {"credential": answer_of_an_unknown_passkey(challenge, user)})
    page = refused(response, DID_NOT_WORK)
    assert reverse("account_reauthenticate") in page.links
    assert challenge_on(response) != challenge  # a new one, for the next try
    assert_not_confirmed(person)


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_new_passkey_gets_the_form_again(person: Client, user: User, case: str) -> None:
    person.force_login(user)
    person.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    url = reverse("mfa_add_webauthn")
    assert person.get(url).status_code == 200
    response = person.post(url, {"name": "Mine", "credential": MALFORMED[case]})
    page = refused(response, REQUIRED if case in EMPTY else DID_NOT_WORK)
    assert page.fields[url] == ["csrfmiddlewaretoken", "name", "credential"]
    assert 'value="Mine"' in response.content.decode()  # the name typed is kept
    assert Authenticator.objects.filter(user=user).count() == 1


def test_there_is_no_passkey_sign_up_to_send_anything_to() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("mfa_signup_webauthn")
