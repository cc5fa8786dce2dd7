"""Production settings pass Django's own deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

from crylog.followups.vapid import new_key_pair
from tests.servers import ROOT


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    public, private = new_key_pair()
    env.update(
        VAPID_PUBLIC_KEY=public,
        VAPID_PRIVATE_KEY=private,
        VAPID_SUBJECT="mailto:reminders@crylog.example",
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-enough-0123456789",
        ALLOWED_HOSTS="crylog.example",
        SITE_URL="https://crylog.example",
        CSRF_TRUSTED_ORIGINS="https://crylog.example",
        DEFAULT_FROM_EMAIL="crylog <reminders@crylog.example>",
        SQLITE_PATH=str(tmp_path / "deploy.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
