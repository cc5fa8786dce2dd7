"""The Nu HTML Checker (npm ``vnu-jar``) over pages rendered in the test run."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Check every page in one run of the checker; return its errors as 'page: line: message'."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("the HTML checker needs Java 17+ and `npm ci` (vnu-jar)")
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, sorted(folder.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}: "
        f"line {message.get('lastLine', '?')}: {message['message']}"
        f" [{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] == "error"
    ]
