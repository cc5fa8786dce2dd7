"""The deployment kit stays complete: every setting in the environment file, every unit hardened."""

import re
import shutil
import subprocess

import pytest

from tests.deploy import kit

SETTINGS = (kit.ROOT / "crylog" / "settings.py").read_text()
TEMPLATE = (kit.KIT / "crylog.env.example").read_text()
SERVICES = sorted(p.name for p in (kit.KIT / "systemd").glob("*.service"))


@pytest.mark.parametrize(
    "name", sorted(set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_0-9]+)"', SETTINGS)))
)
def test_the_environment_file_lists_every_setting(name: str) -> None:
    assert re.search(rf"^(# )?{name}=", TEMPLATE, re.MULTILINE), f"{name} is missing"


def test_the_environment_file_leaves_secrets_blank() -> None:
    for secret in ("SECRET_KEY", "VAPID_PRIVATE_KEY", "SMTP_PASSWORD"):
        assert re.search(rf"^{secret}=$", TEMPLATE, re.MULTILINE)


@pytest.mark.parametrize("name", SERVICES)
def test_every_unit_runs_as_its_own_user_hardened_and_restarts_on_failure(name: str) -> None:
    unit = kit.unit(name)
    assert re.search(r"^User=(crylog|caddy)$", unit.text, re.MULTILINE)
    for line in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes"):
        assert f"\n{line}\n" in unit.text
    if "Type=oneshot" not in unit.text:
        assert unit.restart == "on-failure"
        assert unit.restart_seconds > 0


@pytest.mark.parametrize("name", [name for name in SERVICES if "caddy" not in name])
def test_every_crylog_unit_keeps_what_it_writes_to_itself(name: str) -> None:
    """The database, its backups and a restored copy: no other account on the server (the
    caddy user, for one) may read a password hash, a session key or a note."""
    unit = kit.unit(name)
    assert "\nUMask=0077\n" in unit.text
    assert "\nStateDirectoryMode=0700\n" in unit.text


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
@pytest.mark.parametrize("name", [*SERVICES, "crylog-daily.timer"])
def test_systemd_reads_every_unit_without_a_complaint(name: str) -> None:
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(kit.KIT / "systemd" / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Only the programs are missing on this machine: they live in /srv/crylog/app there.
    complaints = [
        line
        for line in result.stderr.splitlines()
        if line and "/srv/crylog/app/.venv/bin/" not in line
    ]
    assert complaints == []
