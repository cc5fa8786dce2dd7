from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import count
from typing import Any, Protocol

import pytest
from django.conf import settings as project_settings
from django.test import Client
from django.test.utils import ContextList
from django.utils import timezone
from playwright.sync_api import Playwright, sync_playwright
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups.vapid import new_key_pair
from tests.followups.push_service import PushService
from tests.servers import MailServer

PASSWORD = "a long test passphrase"
_numbers = count(1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite, test in a database file as the site runs, not in memory.

    An in-memory database is one connection, which Django's live server hands to every
    request thread at once; two requests from one page then ran statements on it together
    and one failed. A file gives each thread its own connection, queued by SQLite's locks.
    """
    database = project_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True)
def _fast_and_self_contained(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without a prior collectstatic.
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ACCOUNT_RATE_LIMITS = False


def make_user(email: str | None = None, **fields: object) -> User:
    email = email or f"person{next(_numbers)}@example.com"
    fields.setdefault("timezone", "Europe/Berlin")
    # No quiet hours unless a test sets some: a test on the real clock must not depend on
    # the hour it runs at. (New accounts get 23:00–07:00; tests/followups/test_quiet_hours.py.)
    fields.setdefault("quiet_start", None)
    fields.setdefault("quiet_end", None)
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


class ClientResponse(Protocol):
    """What Django's test client returns: a response with the template context, the redirect
    chain and json() added. (django-stubs types it under a private name.)"""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def text(self) -> str: ...
    @property
    def context(self) -> ContextList | dict[str, Any]: ...
    @property
    def redirect_chain(self) -> list[tuple[str, int]]: ...
    def __getitem__(self, header: str) -> str: ...
    def json(self) -> Any: ...


@pytest.fixture
def owner_client(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def stranger_client(stranger: User) -> Client:
    other = Client()
    other.force_login(stranger)
    return other


type CryFactory = Callable[..., Cry]


@pytest.fixture
def cry_factory(db: None) -> CryFactory:
    return make_cry


# Follow-up delivery: a push service on 127.0.0.1 that checks what a real one checks.
SUBJECT = "mailto:reminders@crylog.example"
# A Monday in June, far from any daylight-saving change.
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def vapid(settings: Settings) -> tuple[str, str]:
    """A fresh VAPID key pair, and push settings that send only to 127.0.0.1, quickly."""
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = SUBJECT
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    settings.PUSH_TIMEOUT_SECONDS = 0.5
    return public, private


@pytest.fixture
def push_service(vapid: tuple[str, str]) -> Iterator[PushService]:
    with PushService(vapid_public_key=vapid[0], subject=SUBJECT) as service:
        yield service


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """A frozen clock at NOON: it moves only when a test shifts it."""
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def mail_server(settings: Settings) -> Iterator[MailServer]:
    """A real SMTP server on 127.0.0.1 that Django's mail goes to, instead of the test outbox."""
    with MailServer() as server:
        settings.MAILERS = server.mailers()
        yield server


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright for the whole run: its sync API cannot be started twice at once, so the
    browser tests and the deployment test share it."""
    with sync_playwright() as playwright:
        yield playwright
