"""Own triggers (by name) and feelings (by code) in export files, and files from before them."""

import csv
import io
import json

import pytest
from django.test import Client

from crylog.accounts.models import User
from crylog.cries import services as cries
from crylog.cries.models import OWN_TRIGGER_NAME_MAX_LENGTH, OWN_TRIGGERS_MAX, Cry, OwnTrigger
from crylog.yourdata.columns import OwnTriggerNames
from crylog.yourdata.models import PendingImport
from tests.yourdata.data import CRY, OWN_FORMULA, OWN_ODD
from tests.yourdata.test_import import export, exported_then_deleted, import_file, refused

pytestmark = pytest.mark.django_db


def names(cry: Cry) -> list[str]:
    return [trigger.name for trigger in cry.own_triggers.all()]


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_own_triggers_missing_on_import_are_added_and_the_file_comes_back_the_same(
    owner_client: Client, user: User, kind: str
) -> None:
    first = exported_then_deleted(owner_client, user, kind)
    OwnTrigger.objects.all().delete()

    import_file(owner_client, first, f"export.{kind}")

    assert sorted(OwnTrigger.objects.for_user(user).values_list("name", flat=True)) == sorted(
        [OWN_FORMULA, OWN_ODD]
    )
    detailed = Cry.objects.get(user=user, feelings=["sad", "helpless"])
    assert names(detailed) == [OWN_FORMULA, OWN_ODD]
    again = export(owner_client, kind)
    if kind == "json":
        before, after = json.loads(first)["cries"], json.loads(again)["cries"]
        for cry in [*before, *after]:
            cry["id"] = 0
        assert after == before
    else:
        rows = [row[1:] for row in csv.reader(io.StringIO(again, newline=""))]
        assert rows == [row[1:] for row in csv.reader(io.StringIO(first, newline=""))]


def test_an_own_trigger_is_found_by_name_in_any_case_and_a_retired_one_stays_retired(
    owner_client: Client, user: User
) -> None:
    text = exported_then_deleted(owner_client, user, "json")
    OwnTrigger.objects.filter(name=OWN_FORMULA).update(name="=BOSS")
    retired = OwnTrigger.objects.get(name=OWN_ODD)
    cries.own_trigger_retire(trigger=retired)

    import_file(owner_client, text, "export.json")

    assert OwnTrigger.objects.count() == 2
    retired.refresh_from_db()
    assert retired.is_retired
    detailed = Cry.objects.get(user=user, feelings=["sad", "helpless"])
    assert names(detailed) == ["=BOSS", OWN_ODD]


def test_a_csv_without_the_two_columns_still_imports(owner_client: Client, user: User) -> None:
    rows = list(csv.reader(io.StringIO(exported_then_deleted(owner_client, user), newline="")))
    gone = {rows[0].index("own_triggers"), rows[0].index("feelings")}
    older = [[cell for index, cell in enumerate(row) if index not in gone] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(older)

    response = import_file(owner_client, out.getvalue())

    assert "Added 4 cries with 6 ratings." in response.content.decode()
    assert not Cry.objects.exclude(feelings=[]).exists()
    assert not Cry.own_triggers.through.objects.exists()


def test_a_json_file_without_the_two_keys_still_imports(owner_client: Client, user: User) -> None:
    older = {"format": "crylog-export", "version": 1, "cries": [CRY]}
    assert "own_triggers" not in CRY
    response = import_file(owner_client, json.dumps(older), "export.json")
    assert "Added 1 cry with 0 ratings." in response.content.decode()


def cry_with(**fields: object) -> str:
    return json.dumps({"format": "crylog-export", "version": 1, "cries": [CRY | fields]})


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"feelings": ["sad", "bored"]}, "feelings: “bored” is not one of sad, helpless"),
        ({"feelings": ["sad", "sad"]}, "names a feeling twice"),
        ({"feelings": "sad"}, "feelings: must be a list of texts"),
        ({"own_triggers": ["Work", "WORK"]}, "own_triggers: names a trigger twice"),
        ({"own_triggers": ["  "]}, "Write a name for it."),
        ({"own_triggers": ["x" * (OWN_TRIGGER_NAME_MAX_LENGTH + 1)]}, "Keep the name to 40"),
        ({"own_triggers": ["two\nlines"]}, "on one line"),
    ],
)
def test_bad_feelings_and_own_triggers_are_refused_naming_the_field(
    owner_client: Client, fields: dict[str, object], problem: str
) -> None:
    page = refused(owner_client, cry_with(**fields), "export.json")
    assert problem in page
    assert not OwnTrigger.objects.exists()


def test_a_name_of_the_longest_length_is_read() -> None:
    longest = "x" * OWN_TRIGGER_NAME_MAX_LENGTH
    assert OwnTriggerNames().from_json([longest]) == [longest]


@pytest.mark.parametrize(
    "values",
    [["=a"], ["a;b", "c\\"], ["'quoted", "x\\;y"], ["+1", "-2", "@3"], ["ü 😢", "\\\\"]],
)
def test_a_csv_cell_of_names_reads_back_as_written(values: list[str]) -> None:
    kind = OwnTriggerNames()
    cell = kind.to_text(values)
    assert not cell.startswith(("=", "+", "-", "@"))
    assert kind.from_text(cell) == values


@pytest.mark.parametrize(("new", "fits"), [(2, True), (3, False)])
def test_an_import_may_fill_the_own_triggers_up_to_the_limit_and_not_past_it(
    owner_client: Client, user: User, new: int, fits: bool
) -> None:
    for number in range(OWN_TRIGGERS_MAX - 2):
        cries.own_trigger_add(user=user, name=f"mine {number}")
    text = cry_with(own_triggers=[f"new {number}" for number in range(new)])
    if fits:
        import_file(owner_client, text, "export.json")
        assert OwnTrigger.objects.for_user(user).count() == OWN_TRIGGERS_MAX
    else:
        page = refused(owner_client, text, "export.json")
        assert "it would add 3 triggers of your own to the 28 you have" in page
        assert OwnTrigger.objects.for_user(user).count() == OWN_TRIGGERS_MAX - 2
        assert not PendingImport.objects.exists()


def test_names_already_there_do_not_count_against_the_limit(
    owner_client: Client, user: User
) -> None:
    for number in range(OWN_TRIGGERS_MAX):
        cries.own_trigger_add(user=user, name=f"mine {number}")
    import_file(owner_client, cry_with(own_triggers=["MINE 3"]), "export.json")
    assert names(Cry.objects.get()) == ["mine 3"]
