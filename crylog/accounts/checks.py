"""System checks: sessions and rate limits must look the same from every web process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.module_loading import import_string

# Backends that each process keeps for itself: what one process writes, another never sees.
PER_PROCESS_CACHES = (LocMemCache, DummyCache)
CACHE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
)


def is_per_process(alias: str) -> bool:
    config = settings.CACHES.get(alias)
    if config is None:
        return False
    return issubclass(import_string(str(config["BACKEND"])), PER_PROCESS_CACHES)


@register()
def check_sessions_are_shared(**kwargs: Any) -> list[CheckMessage]:
    if settings.SESSION_ENGINE in CACHE_SESSION_ENGINES and is_per_process(
        settings.SESSION_CACHE_ALIAS
    ):
        return [
            Error(
                "Sessions are read from a cache that each process keeps for itself: a "
                "logged-out session would go on working in the other processes.",
                hint="Use crylog.accounts.sessions (the default) or a shared cache (REDIS_URL).",
                id="accounts.E001",
            )
        ]
    return []


@register(deploy=True)
def check_rate_limits_are_shared(**kwargs: Any) -> list[CheckMessage]:
    rate_limits: object = settings.ACCOUNT_RATE_LIMITS  # False turns them off
    if rate_limits is not False and is_per_process("default"):
        return [
            Error(
                "allauth's rate limits count in a cache that each process keeps for itself: "
                "with several web processes, each counts only its own share of the tries.",
                hint="Leave CACHES to crylog (a database table) or set REDIS_URL.",
                id="accounts.E002",
            )
        ]
    return []


@register(deploy=True)
def check_sign_up_hides_accounts(**kwargs: Any) -> list[CheckMessage]:
    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory":
        return [
            Warning(
                "Without mandatory e-mail verification, signing up with an address that has "
                "an account says so: anyone can learn who uses crylog.",
                hint="Leave ACCOUNT_EMAIL_VERIFICATION unset (mandatory when DEBUG is off).",
                id="accounts.W001",
            )
        ]
    return []
