"""A stored passkey, as allauth keeps one, for tests that need no browser."""

from allauth.mfa.models import Authenticator

from crylog.accounts.models import User

# What Chromium's virtual authenticator answered to "create a passkey" on http://localhost.
# allauth reads the credential's id and public key from it to ask for that passkey again.
REGISTRATION = {
    "type": "public-key",
    "id": "g4_6xsOGPAJgxktdTGhSznhHq4wOD-XO6SsGmVsn9P0",
    "rawId": "g4_6xsOGPAJgxktdTGhSznhHq4wOD-XO6SsGmVsn9P0",
    "authenticatorAttachment": "platform",
    "response": {
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiWE5fVVZuWUs1MWNkakVJcmxLbWxxZUNGNVBRWkRTbXhkdmFmV1k5OS1IUSIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6MzkyNjciLCJjcm9zc09yaWdpbiI6ZmFsc2V9",
        "attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVikSZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2NFAAAAAQECAwQFBgcIAQIDBAUGBwgAIIOP-sbDhjwCYMZLXUxoUs54R6uMDg_lzukrBplbJ_T9pQECAyYgASFYIMoRyVKhIjqX6kLp9GnI0-zsn8Dv8rvBMmncDJkdcvq7IlggHzOzW0RRtZHtk-OPElXXxvnYIwQlk1jQ9g5lh2T6VZA",
        "transports": ["internal"],
    },
    "clientExtensionResults": {"credProps": {"rk": True}},
}


def give_a_passkey(user: User, name: str = "My phone") -> Authenticator:
    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": name, "credential": REGISTRATION},
    )
