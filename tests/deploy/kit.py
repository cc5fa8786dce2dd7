"""The deployment kit's own files (deploy/), read and adapted to this machine.

Nothing here keeps a copy of the kit: each helper reads the file the server would use and
substitutes only what differs on a test machine (ports, paths, the domain, the home-network
switch the docs describe), failing if the text it replaces is not there, so the kit and the
tests cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "deploy"
DOMAIN = "crylog.example.com"  # the kit's placeholder for the site's domain
APP = "/srv/crylog/app"  # where the kit puts the code
WEB = "127.0.0.1:8000"  # where the kit's gunicorn listens and Caddy proxies to


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the kit no longer has exactly one {old!r}"
    return text.replace(old, new)


def caddyfile(
    *,
    domain: str,
    port: int,
    http_port: int,
    spare_port: int,
    admin_port: int,
    storage: Path,
    web: str,
) -> str:
    """deploy/Caddyfile for a home network (docs/deploy.md), on unprivileged ports of 127.0.0.1.

    The site is served on ``port``; Caddy's own HTTPS port is set to another (``spare_port``)
    so that its redirect from HTTP names the site's port, as it names none for 443.
    """
    text = (KIT / "Caddyfile").read_text()
    text = replace_once(text, "# local_certs", "local_certs")  # "Trying it at home"
    text = replace_once(
        text,
        "\n{\n",
        "\n{\n"
        "\tskip_install_trust\n\tdefault_bind 127.0.0.1\n"
        f"\thttp_port {http_port}\n\thttps_port {spare_port}\n"
        f"\tadmin 127.0.0.1:{admin_port}\n\tstorage file_system {storage}\n",
    )
    text = replace_once(text, f"\n{DOMAIN} {{\n", f"\n{domain}:{port} {{\n")
    return replace_once(text, f"reverse_proxy {WEB}\n", f"reverse_proxy {web}\n")


def environment(*, site_url: str, host: str, **filled: str) -> dict[str, str]:
    """deploy/crylog.env.example as systemd reads it, for the domain given; blanks filled in."""
    env: dict[str, str] = {}
    for line in (KIT / "crylog.env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        env[key] = value.replace(f"https://{DOMAIN}", site_url).replace(DOMAIN, host)
    blanks = {key for key, value in env.items() if not value}
    assert {"SECRET_KEY", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"} <= blanks, "secrets left blank"
    env.update(filled)
    return env


@dataclass
class Unit:
    """What the harness needs of a systemd unit: its commands and how it restarts."""

    name: str
    exec_start: list[list[str]]
    restart: str
    restart_seconds: float
    text: str

    def commands(
        self, *, instance: str = "", web: str = WEB, paths: dict[str, str] | None = None
    ) -> list[list[str]]:
        """ExecStart lines with this machine's folders and web port, and %i expanded."""
        swaps = {APP: str(ROOT), WEB: web, "%i": instance, **(paths or {})}
        commands = []
        for line in self.exec_start:
            command = []
            for word in line:
                for old, new in swaps.items():
                    word = word.replace(old, new)
                command.append(word)
            commands.append(command)
        return commands


def unit(name: str) -> Unit:
    text = (KIT / "systemd" / name).read_text()
    values: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"^(\w+)=(.*)$", line)
        if match:
            values.setdefault(match[1], []).append(match[2])
    return Unit(
        name=name,
        exec_start=[shlex.split(line) for line in values.get("ExecStart", [])],
        restart=values.get("Restart", ["no"])[-1],
        restart_seconds=float(values.get("RestartSec", ["0.1"])[-1].removesuffix("s")),
        text=text,
    )
