"""Each catalogue in locale/ is in step with the code: every word the code and templates mark
for translation is in django.po, every word our scripts mark is in djangojs.po, and neither
keeps anything the code no longer says.

makemessages runs as `make makemessages` runs it, on a copy of the code, into a copy of
locale/; the msgids it writes are compared with the committed catalogues'.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.i18n.catalogues import read_po

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
DOMAINS = ["django", "djangojs"]  # the words of the code and templates; of our scripts


def msgids(path: Path) -> set[tuple[str, str, str]]:
    return {entry.key for entry in read_po(path)}


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Path]:
    """A copy of what makemessages reads, with a copy of locale/, as the working directory."""
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    for folder in ["crylog", "templates", "static", "locale"]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=skip)
    shutil.copy(ROOT / "manage.py", tmp_path)
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


Made = dict[str, set[tuple[str, str, str]]]


def made_afresh(source: Path, settings: object) -> dict[str, Made]:
    """Each domain's msgids, language by language, as makemessages writes them from the code
    in ``source``."""
    settings.LOCALE_PATHS = [source / "locale"]  # type: ignore[attr-defined]
    call_command("makemessages", all=True, verbosity=0)
    return {
        domain: {
            language.name: msgids(language / "LC_MESSAGES" / f"{domain}.po")
            for language in sorted((source / "locale").iterdir())
        }
        for domain in DOMAINS
    }


def differences(made: set[tuple[str, str, str]], kept: set[tuple[str, str, str]]) -> list[str]:
    return [f"missing from the catalogue: {key}" for key in sorted(made - kept)] + [
        f"no longer in the code: {key}" for key in sorted(kept - made)
    ]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_language_crylog_offers_has_a_catalogue(domain: str) -> None:
    for code, _name in settings.LANGUAGES:
        assert (LOCALE / code / "LC_MESSAGES" / f"{domain}.po").is_file(), code


def test_the_catalogues_hold_exactly_the_words_of_the_code(source: Path, settings: object) -> None:
    made = made_afresh(source, settings)
    for domain in DOMAINS:
        assert set(made[domain]) == {code for code, _name in settings.LANGUAGES}  # type: ignore[attr-defined]
        for language, found in made[domain].items():
            kept = msgids(LOCALE / language / "LC_MESSAGES" / f"{domain}.po")
            problems = differences(found, kept)
            assert problems == [], (
                f"locale/{language}/LC_MESSAGES/{domain}.po is out of step with the code; "
                "run `make makemessages`:\n" + "\n".join(problems)
            )


def test_the_words_of_scripts_are_read_from_ours_alone(source: Path, settings: object) -> None:
    """djangojs.po holds what our scripts in static/ say: not npm's (plotly.js), not the tests',
    not the service worker's template."""
    for folder in ["node_modules/plotly.js", "tests/js", "templates/pwa"]:
        (source / folder).mkdir(parents=True, exist_ok=True)
        (source / folder / "other.js").write_text('say(gettext("Not a word of ours"));\n')
    made = made_afresh(source, settings)
    assert made["djangojs"]["de"] == msgids(LOCALE / "de" / "LC_MESSAGES" / "djangojs.po")


NEW = "A word no catalogue has"


@pytest.mark.parametrize(
    ("domain", "path", "line"),
    [
        ("django", "templates/cries/welcome.html", f'{{% translate "{NEW}" %}}'),
        ("djangojs", "static/pwa/offline.js", f'say(gettext("{NEW}"));'),
    ],
)
def test_a_word_added_without_the_catalogues_is_found(
    source: Path, settings: object, domain: str, path: str, line: str
) -> None:
    """In a template or in a script; each goes to its own catalogue."""
    changed = source / path
    changed.write_text(changed.read_text() + line + "\n")
    made = made_afresh(source, settings)
    for each in DOMAINS:
        kept = msgids(LOCALE / "de" / "LC_MESSAGES" / f"{each}.po")
        missing = [f"missing from the catalogue: ('', '{NEW}', '')"] if each == domain else []
        assert differences(made[each]["de"], kept) == missing, each


@pytest.mark.parametrize(
    ("domain", "path", "marked", "word"),
    [
        ("django", "crylog/accounts/forms.py", '_("Unknown time zone.")', "Unknown time zone."),
        ("djangojs", "static/followups/notifications.js", 'gettext("Answer now")', "Answer now"),
    ],
)
def test_a_word_the_code_no_longer_says_is_found(
    source: Path, settings: object, domain: str, path: str, marked: str, word: str
) -> None:
    changed = source / path
    changed.write_text(changed.read_text().replace(marked, f'"{word}"'))
    made = made_afresh(source, settings)
    kept = msgids(LOCALE / "es" / "LC_MESSAGES" / f"{domain}.po")
    assert differences(made[domain]["es"], kept) == [f"no longer in the code: ('', '{word}', '')"]
