"""Wellness wording only: no claim that crying treats, heals, detoxifies, cures or diagnoses
anything, no gendered framing, and "no change" is normal."""

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
        ROOT / "README.md",
    ]
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
