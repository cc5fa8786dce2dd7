"""German and Spanish are complete: every entry of every catalogue translated, none fuzzy, and
each translation keeps the placeholders and markup of its English.

GNU gettext's own ``msgfmt --check --statistics`` counts the entries (and checks the
python-format placeholders as it would when compiling); the rest is read here.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.catalogues import Entry, read_po

ROOT = Path(settings.BASE_DIR)
COMPLETE = ["de", "es"]
# crylog's catalogues, and crylog's own wording of allauth's words where it has one.
CATALOGUES = sorted(
    path
    for language in COMPLETE
    for folder in (ROOT / "locale", ROOT / "crylog" / "accounts" / "allauth_locale")
    for path in (folder / language / "LC_MESSAGES").glob("*.po")
)
# What must come through a translation unchanged: named placeholders (%(count)s), Python's
# bare ones (%s), Plotly's (%{customdata[0]}), and every HTML tag with its attributes.
KEPT = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|%\{[^}]*\}|</?[a-z][^>]*>")
STATISTICS = re.compile(
    r"^(?P<translated>\d+) translated messages?"
    r"(?:, (?P<fuzzy>\d+) fuzzy translations?)?"
    r"(?:, (?P<untranslated>\d+) untranslated messages?)?\.$"
)


def kept(text: str) -> list[str]:
    return sorted(KEPT.findall(text))


def mismatches(entry: Entry) -> list[str]:
    """How each of the entry's translations differs from its English in what it must keep."""
    found = []
    for index, translation in enumerate(entry.msgstr):
        english = entry.msgid if index == 0 else entry.msgid_plural or entry.msgid
        if kept(translation) != kept(english):
            found.append(f"{entry.msgid!r} [{index}]: {kept(english)} → {kept(translation)}")
    return found


def test_the_complete_languages_have_their_catalogues() -> None:
    names = {(path.parents[1].name, path.name) for path in CATALOGUES}
    for language in COMPLETE:
        assert (language, "django.po") in names
        assert (language, "djangojs.po") in names


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_entry_is_translated_and_none_is_fuzzy(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    counts = STATISTICS.match(result.stderr.strip())
    assert counts, result.stderr
    assert counts["translated"] == str(len(read_po(path)))
    assert counts["fuzzy"] is None, result.stderr
    assert counts["untranslated"] is None, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_translation_keeps_the_placeholders_and_markup_of_its_english(path: Path) -> None:
    problems = [problem for entry in read_po(path) for problem in mismatches(entry)]
    assert problems == []


@pytest.mark.parametrize(
    ("english", "translation", "right"),
    [
        ("%(count)s cries", "%(count)s Weinen", True),
        ("%(count)s cries", "%(anzahl)s Weinen", False),
        ("%(count)s cries", "Weinen", False),
        ("<strong>%(n)s</strong> of %(total)s", "<strong>%(n)s</strong> von %(total)s", True),
        ("<strong>%(n)s</strong> of %(total)s", "%(n)s von %(total)s", False),
        ('<a href="%(url)s">here</a>', '<a href="%(url)s">hier</a>', True),
        ('<a href="%(url)s">here</a>', '<a href="%(url)s" class="x">hier</a>', False),
        ("median %{customdata[0]}", "Median %{customdata[0]}", True),
        ("median %{customdata[0]}", "Median %{customdata[1]}", False),
    ],
)
def test_a_lost_or_changed_placeholder_is_found(
    english: str, translation: str, right: bool
) -> None:
    assert (mismatches(Entry(msgid=english, msgstr=(translation,))) == []) is right
