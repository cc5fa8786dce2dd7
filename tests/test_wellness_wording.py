"""Wellness wording only: no claim that crying treats, heals, detoxifies, cures or diagnoses
anything, no gendered framing, and "no change" is normal."""

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted(
    [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("docs/**/*.md"),
        *ROOT.glob("templates/**/*.txt"),  # e-mail texts
        ROOT / "README.md",
    ]
)
# Python modules that hold words people read: reminders (push, e-mail, calendar), the trends
# page's summaries, and the help offer shown after a low rating.
PYTHON_TEXTS = [
    ROOT / "crylog/followups/wording.py",
    ROOT / "crylog/insights/words.py",
    ROOT / "crylog/cries/safety.py",
]


def python_strings(path: Path) -> str:
    """Every string written in a module, f-strings' literal parts included, but not docstrings
    (they speak to programmers and may name what the code does not do)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


CLAIMS = re.compile(
    r"\b(treat(s|ed|ing|ment|ments)?|heal(s|ed|ing|er)?|detox\w*|cur(e|es|ed|ing|ative)"
    r"|diagnos\w*|therap(y|ies|eutic)|cathar(sis|tic)|toxins?|flush(es|ed|ing)? out)\b",
    re.IGNORECASE,
)
# Disclaimers may name what crylog does not do, but only in these exact words.
DISCLAIMERS = [
    "it cannot diagnose or treat anything",
]
GENDERED = re.compile(
    r"\b(women|woman|men|man|girls?|boys?|lad(y|ies)|guys?|female|male|feminine|masculine"
    r"|manly|man up|he|she|his|him|her|hers)\b",
    re.IGNORECASE,
)


def without_disclaimers(text: str) -> str:
    for disclaimer in DISCLAIMERS:
        text = text.replace(disclaimer, "")
    return text


def test_there_are_texts_to_scan() -> None:
    names = {path.name for path in TEXTS}
    assert {"base.html", "help.html", "privacy.html", "data-export.md", "README.md"} <= names
    assert "reminder.txt" in names


def test_the_words_held_in_python_are_read_without_their_docstrings() -> None:
    from crylog.cries.safety import HELP_OFFER
    from crylog.followups import wording

    reminders, summaries, safety = (python_strings(path) for path in PYTHON_TEXTS)
    assert wording.BODY in reminders
    assert wording.TITLE in reminders
    assert HELP_OFFER in safety
    # Parts of f-strings:
    assert "of your " in summaries
    assert "were recalled after " in summaries
    assert "diagnose" not in safety  # only in the module's docstring


@pytest.mark.parametrize("path", PYTHON_TEXTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_word_held_in_python_claims_crying_treats_or_is_framed_by_gender(path: Path) -> None:
    text = without_disclaimers(python_strings(path))
    assert [match.group(0) for match in CLAIMS.finditer(text)] == []
    assert [match.group(0) for match in GENDERED.finditer(text)] == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_text_claims_crying_treats_heals_or_diagnoses(path: Path) -> None:
    text = without_disclaimers(path.read_text())
    assert [match.group(0) for match in CLAIMS.finditer(text)] == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_text_is_framed_by_gender(path: Path) -> None:
    assert [match.group(0) for match in GENDERED.finditer(path.read_text())] == []


def test_the_scan_catches_a_claim_and_lets_only_the_exact_disclaimer_through() -> None:
    assert CLAIMS.search("Crying detoxifies the body.")
    assert CLAIMS.search("a good cry heals")
    assert CLAIMS.search("crylog does not diagnose anything")  # not the agreed words
    assert not CLAIMS.search(
        without_disclaimers(
            "crylog is not a medical service, and it cannot diagnose or treat anything."
        )
    )
    assert GENDERED.search("Boys don't cry")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cry-home", "pages-help"])
def test_no_change_is_called_normal(client: Client, name: str) -> None:
    page = client.get(reverse(name)).content.decode()
    assert re.search(r"(changed nothing|no different afterwards)[^.]*normal", page)
