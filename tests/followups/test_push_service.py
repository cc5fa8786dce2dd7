"""The tests' push service refuses what a real one refuses, with an answer, as a real one does."""

import pytest

from crylog.accounts.models import User
from crylog.followups import push
from crylog.followups.models import PushSubscription
from tests.followups.conftest import subscribe
from tests.followups.push_service import MAX_BODY, PushService, b64url

pytestmark = pytest.mark.django_db

# aes128gcm in one record (RFC 8188, 8291): a 86-byte header (salt, record size, the sender's
# 65-byte key), then the text, one delimiter byte and a 16-byte tag.
OVERHEAD = 86 + 1 + 16


def payload_of(size: int) -> dict[str, str]:
    """A payload whose JSON is ``size`` bytes long."""
    return {"body": "x" * (size - len('{"body":""}'))}


def send(subscription: PushSubscription, payload: dict[str, str]) -> tuple[str, int | None]:
    attempt = push.send(subscription=subscription, payload=payload, topic="test", ttl=60)
    return attempt.outcome, attempt.status_code


def test_a_message_the_device_cannot_decrypt_is_answered_400(
    push_service: PushService, user: User
) -> None:
    device = subscribe(user, push_service.device("phone"))
    # Encrypted for another auth secret than the browser's: what an encryption bug sends.
    device.auth = b64url(bytes(16))
    outcome, status = send(device, push.trial_payload(user))
    assert (outcome, status) == ("failed", 400)
    [rejection] = push_service.rejections
    assert rejection.startswith("phone: ECEException: Decryption error")
    assert push_service.delivered() == []


def test_a_body_over_4096_bytes_is_refused_with_413_and_one_of_4096_accepted(
    push_service: PushService, user: User
) -> None:
    device = subscribe(user, push_service.device("phone"))
    assert send(device, payload_of(MAX_BODY - OVERHEAD)) == ("sent", 201)
    assert send(device, payload_of(MAX_BODY - OVERHEAD + 1)) == ("failed", 413)
    assert push_service.rejections == [f"phone: a body of {MAX_BODY + 1} bytes"]
    assert len(push_service.delivered("phone")) == 1
