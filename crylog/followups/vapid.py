"""VAPID key pairs in the shape browsers and push services expect (base64url, no padding)."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_of(private_key: ec.EllipticCurvePrivateKey) -> str:
    point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def new_key_pair() -> tuple[str, str]:
    """A fresh (public, private) pair: the public key is the browser's applicationServerKey."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    raw = private_key.private_numbers().private_value.to_bytes(32, "big")
    return public_key_of(private_key), b64url(raw)


def public_key_for(private_raw: str) -> str:
    """The public key that belongs to a base64url raw private key; ValueError if it is not one."""
    raw = b64url_decode(private_raw)
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes")
    return public_key_of(ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1()))
