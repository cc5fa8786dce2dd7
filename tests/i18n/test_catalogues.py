"""Each catalogue in locale/ is in step with the code: every word the code and templates mark
for translation is in it, and nothing the code no longer says.

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


def msgids(path: Path) -> set[tuple[str, str, str]]:
    return {entry.key for entry in read_po(path)}


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Path]:
    """A copy of what makemessages reads, with a copy of locale/, as the working directory."""
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    for folder in ["crylog", "templates", "locale"]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=skip)
    shutil.copy(ROOT / "manage.py", tmp_path)
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


def made_afresh(source: Path, settings: object) -> dict[str, set[tuple[str, str, str]]]:
    """Each language's msgids as makemessages writes them from the code in ``source``."""
    settings.LOCALE_PATHS = [source / "locale"]  # type: ignore[attr-defined]
    call_command("makemessages", all=True, verbosity=0)
    return {
        language.name: msgids(language / "LC_MESSAGES" / "django.po")
        for language in sorted((source / "locale").iterdir())
    }


def differences(made: set[tuple[str, str, str]], kept: set[tuple[str, str, str]]) -> list[str]:
    return [f"missing from the catalogue: {key}" for key in sorted(made - kept)] + [
        f"no longer in the code: {key}" for key in sorted(kept - made)
    ]


def test_every_language_crylog_offers_has_a_catalogue() -> None:
    for code, _name in settings.LANGUAGES:
        assert (LOCALE / code / "LC_MESSAGES" / "django.po").is_file(), code


def test_the_catalogues_hold_exactly_the_words_of_the_code(source: Path, settings: object) -> None:
    made = made_afresh(source, settings)
    assert set(made) == {code for code, _name in settings.LANGUAGES}  # type: ignore[attr-defined]
    for language, found in made.items():
        kept = msgids(LOCALE / language / "LC_MESSAGES" / "django.po")
        problems = differences(found, kept)
        assert problems == [], (
            f"locale/{language} is out of step with the code; run `make makemessages`:\n"
            + "\n".join(problems)
        )


def test_a_word_added_to_a_template_without_the_catalogues_is_found(
    source: Path, settings: object
) -> None:
    page = source / "templates" / "cries" / "welcome.html"
    page.write_text(page.read_text() + '{% translate "A word no catalogue has" %}\n')
    made = made_afresh(source, settings)
    kept = msgids(LOCALE / "de" / "LC_MESSAGES" / "django.po")
    assert differences(made["de"], kept) == [
        "missing from the catalogue: ('', 'A word no catalogue has', '')"
    ]


def test_a_word_the_code_no_longer_says_is_found(source: Path, settings: object) -> None:
    forms = source / "crylog" / "accounts" / "forms.py"
    forms.write_text(forms.read_text().replace('_("Unknown time zone.")', '"Unknown time zone."'))
    made = made_afresh(source, settings)
    kept = msgids(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    assert differences(made["es"], kept) == [
        "no longer in the code: ('', 'Unknown time zone.', '')"
    ]
