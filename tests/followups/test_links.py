"""Where reminder links point (SITE_URL), and the sender they come from, wherever crylog runs."""

import os
import subprocess
import sys

import pytest
from pytest_django import Settings

from crylog.followups.checks import check_production_reaches_phones, check_sender_address
from tests.servers import ROOT


def site_url_with(**env: str) -> str:
    """SITE_URL as the settings compute it in a fresh process with this environment."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "DEBUG"}
    }
    environment.update(SECRET_KEY="links-test-secret", **env)
    result = subprocess.run(
        [sys.executable, "-c", "from crylog import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "1"}, "http://127.0.0.1:8000"),
        # PORT is each process's own under honcho (the worker's is the web's + 100): it never
        # names the site. `make run` sets SITE_URL for all of them (tests/test_make_run.py).
        ({"DEBUG": "1", "HOST": "localhost", "PORT": "8201"}, "http://127.0.0.1:8000"),
        (
            {"DEBUG": "1", "PORT": "8201", "SITE_URL": "http://127.0.0.1:8101"},
            "http://127.0.0.1:8101",
        ),
        ({"DEBUG": "1", "SITE_URL": "https://crylog.example/"}, "https://crylog.example"),
        ({"DEBUG": "0", "PORT": "8101"}, ""),
    ],
)
def test_reminder_links_follow_site_url_and_never_a_process_port(
    env: dict[str, str], expected: str
) -> None:
    assert site_url_with(**env) == expected


def test_in_production_a_missing_site_url_is_an_error(settings: Settings) -> None:
    settings.DEBUG = False
    settings.SITE_URL = ""
    [problem] = [p for p in check_production_reaches_phones() if p.id == "followups.E101"]
    assert problem.is_serious()
    settings.SITE_URL = "https://crylog.example"
    assert "followups.E101" not in {p.id for p in check_production_reaches_phones()}


def test_in_development_a_missing_site_url_is_no_error(settings: Settings) -> None:
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert check_production_reaches_phones() == []


@pytest.mark.parametrize(
    ("sender", "debug", "warned"),
    [
        ("crylog <noreply@crylog.invalid>", False, True),
        ("noreply@crylog.invalid", False, True),
        ("crylog <reminders@crylog.example>", False, False),
        ("crylog <noreply@crylog.invalid>", True, False),
    ],
)
def test_in_production_the_placeholder_sender_is_a_warning(
    settings: Settings, sender: str, debug: bool, warned: bool
) -> None:
    settings.DEBUG = debug
    settings.DEFAULT_FROM_EMAIL = sender
    problems = check_sender_address()
    assert [(p.id, p.is_serious()) for p in problems] == (
        [("followups.W003", False)] if warned else []
    )
