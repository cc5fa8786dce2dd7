from collections.abc import Callable
from datetime import datetime
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating

PASSWORD = "a long test passphrase"
_numbers = count(1)


@pytest.fixture(autouse=True)
def _fast_and_self_contained(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Pages render without a prior collectstatic.
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ACCOUNT_RATE_LIMITS = False  # type: ignore[attr-defined]


def make_user(email: str | None = None, **fields: object) -> User:
    email = email or f"person{next(_numbers)}@example.com"
    fields.setdefault("timezone", "Europe/Berlin")
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def make_cry(
    user: User,
    *,
    ended_at: datetime | None = None,
    ratings: dict[str, int] | None = None,
    **fields: object,
) -> Cry:
    cry = Cry.objects.create(user=user, ended_at=ended_at or timezone.now(), **fields)
    for moment, valence in (ratings or {Moment.RIGHT_AFTER: 40}).items():
        MoodRating.objects.create(
            cry=cry,
            moment=moment,
            valence=valence,
            given_at=timezone.now(),
            is_recalled=moment == Moment.BEFORE,
        )
    return cry


@pytest.fixture
def user(db: None) -> User:
    return make_user("owner@example.com")


@pytest.fixture
def stranger(db: None) -> User:
    return make_user("stranger@example.com")


@pytest.fixture
def owner_client(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def stranger_client(stranger: User) -> Client:
    other = Client()
    other.force_login(stranger)
    return other


@pytest.fixture
def cry_factory(db: None) -> Callable[..., Cry]:
    return make_cry
