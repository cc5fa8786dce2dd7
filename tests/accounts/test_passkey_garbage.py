"""Whatever is posted as a passkey's answer, every form that reads one answers with its error,
never with a server error, and lets nobody in and adds no passkey.

A browser sends what the phone's authenticator made; anyone can send anything else. The
forms are allauth's (log in, confirm who it is, add a passkey) with crylog's checks in front.
"""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import NoReverseMatch, reverse

from crylog.accounts.models import User
from tests.accounts.passkeys import REGISTRATION, give_a_passkey
from tests.conftest import PASSWORD

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


@pytest.fixture
def person(client: Client, user: User) -> Client:
    give_a_passkey(user)
    return client


def shown(client: Client, url: str) -> str:
    """The page a redirect ends on, with the messages it carries."""
    return client.get(url, follow=True).content.decode()


@pytest.mark.parametrize("credential", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_passkey_log_in_is_refused_with_the_forms_error(
    person: Client, credential: str
) -> None:
    # The log-in page asks the browser for a passkey first (allauth keeps its challenge).
    person.get(reverse("mfa_login_webauthn"), headers={"X-Requested-With": "XMLHttpRequest"})
    response = person.post(reverse("mfa_login_webauthn"), {"credential": credential})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    page = shown(person, response["Location"])
    assert "That passkey didn" in page or "Passkeys need JavaScript" in page
    assert person.get(reverse("cry-list")).status_code == 302  # still logged out


@pytest.mark.parametrize("credential", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_passkey_confirmation_is_refused_with_the_forms_error(
    person: Client, user: User, credential: str
) -> None:
    person.force_login(user)
    url = reverse("mfa_reauthenticate_webauthn")
    assert person.get(url).status_code == 200
    response = person.post(url, {"credential": credential})
    assert response.status_code == 302
    page = shown(person, response["Location"])
    assert "That passkey didn" in page or "This field is required" in page
    # Not confirmed: adding a passkey still asks who it is.
    assert person.get(reverse("mfa_add_webauthn"))["Location"].startswith(
        reverse("account_reauthenticate")
    )


@pytest.mark.parametrize("credential", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_new_passkey_is_refused_with_the_forms_error(
    person: Client, user: User, credential: str
) -> None:
    person.force_login(user)
    person.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    url = reverse("mfa_add_webauthn")
    assert person.get(url).status_code == 200
    response = person.post(url, {"name": "Mine", "credential": credential})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That passkey didn" in page or "Enter a valid JSON" in page or "required" in page
    assert Authenticator.objects.filter(user=user).count() == 1


def test_there_is_no_passkey_sign_up_to_send_anything_to() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("mfa_signup_webauthn")
