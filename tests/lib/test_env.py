import pytest
from django.core.exceptions import ImproperlyConfigured

from crylog.lib.env import env_bool, env_int, env_list, env_str


def test_unset_or_blank_variables_give_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRYLOG_X", raising=False)
    assert env_str("CRYLOG_X", "d") == "d"
    monkeypatch.setenv("CRYLOG_X", "  ")
    assert env_bool("CRYLOG_X", default=True) is True
    assert env_int("CRYLOG_X", 7) == 7
    assert env_list("CRYLOG_X", ["a"]) == ["a"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False)]
)
def test_booleans_read_common_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("CRYLOG_X", raw)
    assert env_bool("CRYLOG_X") is expected


def test_a_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRYLOG_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="CRYLOG_DEBUG"):
        env_bool("CRYLOG_DEBUG")


def test_a_bad_or_too_small_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRYLOG_PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("CRYLOG_PORT", 1)
    monkeypatch.setenv("CRYLOG_PORT", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("CRYLOG_PORT", 1, minimum=0)


def test_lists_are_split_on_commas_and_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRYLOG_HOSTS", " a.example, b.example ,,")
    assert env_list("CRYLOG_HOSTS") == ["a.example", "b.example"]
