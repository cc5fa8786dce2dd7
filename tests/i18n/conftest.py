from pathlib import Path

import pytest

from tests.i18n.pseudo import offer_pseudo_language


@pytest.fixture
def pseudo_language(settings: object, tmp_path: Path) -> str:
    """The pseudo-language (tests/i18n/pseudo.py), offered beside crylog's own languages."""
    return offer_pseudo_language(settings, tmp_path / "locale")
