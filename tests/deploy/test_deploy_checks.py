"""`check --deploy` refuses (exit status 1) the settings that make reminders fail silently."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error

from crylog.followups.checks import check_production_reaches_phones
from crylog.followups.vapid import new_key_pair
from tests.servers import ROOT

PUBLIC, PRIVATE = new_key_pair()
GOOD = {
    "DEBUG": False,
    "SITE_URL": "https://crylog.example",
    "ALLOWED_HOSTS": ["crylog.example"],
    "CSRF_TRUSTED_ORIGINS": ["https://crylog.example"],
    "VAPID_PUBLIC_KEY": PUBLIC,
    "VAPID_PRIVATE_KEY": PRIVATE,
    "VAPID_SUBJECT": "mailto:reminders@crylog.example",
}


def problems(settings: object, **changes: object) -> list[str]:
    for name, value in {**GOOD, **changes}.items():
        setattr(settings, name, value)
    found = check_production_reaches_phones()
    assert all(isinstance(p, Error) for p in found)
    return [f"{p.msg} {p.hint}" for p in found]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"ALLOWED_HOSTS": [".crylog.example"]},  # the domain and its subdomains
        {"SITE_URL": "https://app.crylog.example", "ALLOWED_HOSTS": [".crylog.example"],
         "CSRF_TRUSTED_ORIGINS": ["https://*.crylog.example"]},
        {"SITE_URL": "https://crylog.example:8443",
         "CSRF_TRUSTED_ORIGINS": ["https://crylog.example:8443"]},
    ],
)  # fmt: skip
def test_a_complete_production_configuration_passes(
    settings: object, changes: dict[str, object]
) -> None:
    assert problems(settings, **changes) == []


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"SITE_URL": ""}, "Set SITE_URL to the https:// address people open"),
        ({"SITE_URL": "http://crylog.example"}, "Set SITE_URL to the https:// address"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "Set SITE_URL to the https:// address"),
        ({"VAPID_PUBLIC_KEY": ""}, "Make a pair with `manage.py vapid_keys`"),
        ({"VAPID_PRIVATE_KEY": ""}, "Make a pair with `manage.py vapid_keys`"),
        ({"VAPID_SUBJECT": "mailto:me@localhost"}, "Set VAPID_SUBJECT to a mailto: address"),
        ({"VAPID_SUBJECT": ""}, "Set VAPID_SUBJECT to a mailto: address"),
        ({"ALLOWED_HOSTS": ["other.example"]}, "Add crylog.example to ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ["www.crylog.example"]}, "Add crylog.example to ALLOWED_HOSTS"),
        ({"CSRF_TRUSTED_ORIGINS": []}, "Add https://crylog.example to CSRF_TRUSTED_ORIGINS"),
        ({"CSRF_TRUSTED_ORIGINS": ["http://crylog.example"]}, "Add https://crylog.example to CSRF"),
        ({"SITE_URL": "https://crylog.example:8443"},
         "Add https://crylog.example:8443 to CSRF_TRUSTED_ORIGINS"),
        ({"SITE_URL": "https://crylog.example.org", "ALLOWED_HOSTS": [".crylog.example"],
          "CSRF_TRUSTED_ORIGINS": ["https://crylog.example.org"]}, "Add crylog.example.org to ALLOWED"),
        ({"SITE_URL": "https://crylog.example.org", "ALLOWED_HOSTS": ["crylog.example.org"],
          "CSRF_TRUSTED_ORIGINS": ["https://*.crylog.example"]}, "Add https://crylog.example.org to CSRF"),
    ],
)  # fmt: skip
def test_a_setting_that_silences_reminders_is_an_error_that_says_what_to_set(
    settings: object, changes: dict[str, object], says: str
) -> None:
    [problem] = problems(settings, **changes)
    assert says in problem


def test_development_is_not_held_to_production_settings(settings: object) -> None:
    assert problems(settings, DEBUG=True, SITE_URL="http://127.0.0.1:8000", VAPID_SUBJECT="") == []


def test_check_deploy_exits_with_an_error_without_an_https_site_url(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-enough-0123456789",
        ALLOWED_HOSTS="crylog.example",
        CSRF_TRUSTED_ORIGINS="https://crylog.example",
        VAPID_PUBLIC_KEY=PUBLIC,
        VAPID_PRIVATE_KEY=PRIVATE,
        VAPID_SUBJECT="mailto:reminders@crylog.example",
        SQLITE_PATH=str(tmp_path / "deploy.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "SITE_URL" in result.stderr
    assert "https://" in result.stderr
