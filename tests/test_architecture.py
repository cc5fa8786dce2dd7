"""Which part of crylog imports which (docs/architecture.md, "Who imports whom"), read from the
code: every import statement of every module under crylog/, at the top, inside a function or
under ``TYPE_CHECKING`` alike."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CRYLOG = Path(__file__).resolve().parent.parent / "crylog"
APPS = sorted(path.parent.name for path in CRYLOG.glob("*/apps.py"))

# What each app stands on, besides itself and crylog.lib. accounts is identity: every feature
# stands on it, and it stands on none of them.
STANDS_ON = {
    "accounts": set(),
    "cries": {"accounts"},
    "followups": {"accounts", "cries"},
    "insights": {"accounts", "cries", "followups"},
    "yourdata": {"accounts", "cries", "followups"},
    "pages": set(),
    "pwa": {"cries"},
    "sharing": {"accounts", "insights"},
    "studies": {"accounts", "cries", "followups", "insights"},
}
# The one arrow that points up: logging a cry schedules its follow-up (and answering one marks
# it answered). cries reaches followups through this module alone, which sends nothing.
UPWARD = {"cries": "crylog.followups.scheduling"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """What a file imports, with the line: ``from a.b import c`` is ``a.b.c`` when that is a
    module of ``root``, else ``a.b``."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                is_module = (root.parent / submodule.replace(".", "/")).with_suffix(".py").exists()
                found.append((node.lineno, submodule if is_module else base))
    return sorted(found)


def imports_of(folder: Path, root: Path = CRYLOG) -> dict[str, list[tuple[int, str]]]:
    return {module_name(path, root): imported(path, root) for path in sorted(folder.rglob("*.py"))}


def crylog_part(name: str) -> str | None:
    """The app or lib a module belongs to ("crylog.cries.models" → "cries"); None outside."""
    parts = name.split(".")
    if parts[0] != "crylog" or len(parts) < 2:
        return None
    return parts[1]


def wrong_arrows(app: str, imports: dict[str, list[tuple[int, str]]]) -> list[str]:
    allowed = {app, "lib", *STANDS_ON[app]}
    return [
        f"{module} line {line} imports {name}"
        for module, names in imports.items()
        for line, name in names
        if (part := crylog_part(name)) is not None
        and part not in allowed
        and name != UPWARD.get(app)
        and not name.startswith(f"{UPWARD.get(app)}.")
    ]


def test_every_app_is_in_the_table() -> None:
    assert set(APPS) == set(STANDS_ON)


def test_accounts_imports_no_feature_app() -> None:
    assert wrong_arrows("accounts", imports_of(CRYLOG / "accounts")) == []


@pytest.mark.parametrize("app", sorted(set(STANDS_ON) - {"accounts"}))
def test_each_app_imports_only_what_it_stands_on(app: str) -> None:
    assert wrong_arrows(app, imports_of(CRYLOG / app)) == []


def test_lib_imports_no_app() -> None:
    imports = imports_of(CRYLOG / "lib")
    assert [
        f"{module} line {line} imports {name}"
        for module, names in imports.items()
        for line, name in names
        if crylog_part(name) not in (None, "lib")
    ] == []


def test_cries_reaches_followups_only_to_schedule() -> None:
    names = {name for names in imports_of(CRYLOG / "cries").values() for _, name in names}
    assert {name for name in names if crylog_part(name) == "followups"} == {
        "crylog.followups.scheduling"
    }


def test_the_reader_finds_an_import_of_every_form(tmp_path: Path) -> None:
    """The checks above can fail: a feature imported by accounts in each way Python allows."""
    root = tmp_path / "crylog"
    (root / "accounts").mkdir(parents=True)
    (root / "cries").mkdir()
    for package in (root, root / "accounts", root / "cries"):
        (package / "__init__.py").touch()
    (root / "cries" / "models.py").touch()
    (root / "accounts" / "views.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import crylog.cries.models\n"
        "from crylog.cries import models\n"
        "from ..cries.models import Cry\n"
        "if TYPE_CHECKING:\n"
        "    from crylog.cries.models import MoodRating\n"
        "def later():\n"
        "    from crylog.cries import models\n"
    )
    assert wrong_arrows("accounts", imports_of(root / "accounts", root)) == [
        f"crylog.accounts.views line {line} imports crylog.cries.models" for line in (2, 3, 4, 6, 8)
    ]


def loops(imports: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Groups of modules that reach each other through imports (strongly connected components,
    Tarjan's algorithm), each of more than one module."""
    graph = {
        module: sorted({name for _, name in names if name in imports and name != module})
        for module, names in imports.items()
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group: list[str] = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in graph:
        if module not in order:
            visit(module)
    return sorted(found)


def test_no_loop_of_imports_goes_through_three_modules_or_more() -> None:
    """Two modules may import each other (a task and its body, imported when the task runs; a
    model and its session store); a loop through three is a tangle to undo."""
    assert [group for group in loops(imports_of(CRYLOG)) if len(group) > 2] == []


def test_a_loop_of_three_is_found(tmp_path: Path) -> None:
    root = tmp_path / "crylog"
    (root / "followups").mkdir(parents=True)
    for package in (root, root / "followups"):
        (package / "__init__.py").touch()
    for module, imports in [
        ("deliver", "from crylog.followups.scheduling import enqueue"),
        ("scheduling", "from crylog.followups import tasks"),
        ("tasks", "def run():\n    from crylog.followups.deliver import deliver"),
        ("models", "import crylog.followups.tasks"),
    ]:
        (root / "followups" / f"{module}.py").write_text(imports + "\n")
    assert loops(imports_of(root, root)) == [
        ["crylog.followups.deliver", "crylog.followups.scheduling", "crylog.followups.tasks"]
    ]
