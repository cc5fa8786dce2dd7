"""JSON from outside: every failure is a JSONDecodeError with words a person can act on."""

import json

import pytest

from crylog.lib import jsontext


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "it is nested too deeply"),
        ("9" * 4301, "it has a number of more than 4,300 digits"),
        ('{"a": 1} x', "extra text after the end"),
        ("", "Expecting value"),
        (b"\xff", "it is not UTF-8 text"),
    ],
)
def test_what_cannot_be_read_is_a_decode_error_that_says_why(
    text: str | bytes, message: str
) -> None:
    with pytest.raises(json.JSONDecodeError) as error:
        jsontext.loads(text)
    assert error.value.msg == message


def test_what_the_standard_reader_reads_it_reads_the_same() -> None:
    text = ' \n{"a": [1, 2.5, "\\u00e9", null, true], "b": ' + "9" * 4300 + "}\r\n"
    assert jsontext.loads(text) == json.loads(text)
    assert jsontext.loads(text.encode()) == json.loads(text)
