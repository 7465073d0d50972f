"""The walls of the house, checked from the source: data flows one way.

description -> record -> run -> score -> compare / report. Each floor imports only from its
own floor and the floors below it (``../shared/architecture.md``). The test reads every module's
imports with ``ast`` (no import side effects), so a wall that breaks fails here by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "harness"

# floor of each top-level part of the package; a part not listed fails the test, so a new
# module has to be given its place on purpose.
FLOORS = {
    "record": 1,
    "plain": 1,  # a pydantic model's schema as msgspec structs (imports nothing from harness)
    "record_data": 1,  # a chart record read as plain structs (record + plain)
    "text": 1,
    "llm": 1,
    "inputs": 1,
    "documents": 1,
    "prompts": 1,
    "verbs": 1,  # makes the stage packages callable; looks the notebook API up by name at call time
    "extract": 2,
    "runs": 3,
    "score": 4,
    "compare": 5,
    "compare_text": 5,
    "leaderboard": 5,
    "report": 5,
    "iterate": 5,
    "api": 6,
    "__init__": 6,
    "cli": 7,
    "cli_options": 7,
}


def _part(module: str) -> str:
    """'harness.score.cells' -> 'score'; 'harness' -> '__init__'."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def harness_imports(path: Path) -> set[str]:
    """Every ``harness...`` module the file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "harness")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "harness":
                continue
            if node.module is None or target == "harness":
                # "from . import x" / "from harness import x": each name may be a module
                found.update(f"{target}.{a.name}" for a in node.names)
            else:
                found.add(target)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports_of(part: str) -> list[tuple[str, str]]:
    return [
        (_module_name(path), target)
        for path in modules()
        if _part(_module_name(path)) == part
        for target in sorted(harness_imports(path))
    ]


def test_every_module_has_a_floor():
    unplaced = sorted({_part(_module_name(p)) for p in modules()} - FLOORS.keys())
    assert not unplaced, f"give these parts of harness a floor in FLOORS: {unplaced}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: _module_name(p))
def test_imports_go_down_the_floors(path: Path):
    name = _module_name(path)
    own = FLOORS[_part(name)]
    upward = [
        target
        for target in sorted(harness_imports(path))
        if target != "harness" and FLOORS.get(_part(target), 0) > own
    ]
    assert not upward, f"{name} (floor {own}) imports from a floor above it: {upward}"


def test_score_never_imports_extract_or_llm():
    # a scorer that cannot know who extracted stays fair; it reads runs through the run
    # model and files, never through the modules that execute an extractor
    executing = ("harness.runs.execute", "harness.runs.settings")
    bad = [
        (m, t) for m, t in _imports_of("score")
        if _part(t) in {"extract", "llm"} or t.startswith(executing)
    ]
    assert not bad, bad


def test_reading_runs_loads_no_extractor():
    # the package that readers import must not pull an extractor in at import time
    for name in ("__init__", "model", "files", "run", "cost", "provenance"):
        targets = harness_imports(PACKAGE / "runs" / f"{name}.py")
        assert not [t for t in targets if _part(t) in {"extract", "llm"} or ".execute" in t or ".settings" in t], name


def test_extract_never_reads_gold():
    # an extractor that can see the answers is not measured: no scoring module, no gold loader
    bad = [(m, t) for m, t in _imports_of("extract") if _part(t) in {"score", "runs", "report"}]
    assert not bad, bad
    for path in (PACKAGE / "extract").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not ({"load_gold", "GoldSet"} & (names | attributes)), path


def test_record_imports_nothing_from_harness():
    assert harness_imports(PACKAGE / "record.py") == set()
    assert harness_imports(PACKAGE / "plain.py") == set()


def test_the_wall_checker_sees_a_broken_wall(tmp_path):
    # the checker itself must be able to fail: a score module importing an extractor is caught
    fake = PACKAGE / "score" / "_wall_probe.py"
    assert not fake.exists()
    source = "from ..extract.rules import mapping\nimport harness.llm.client\nfrom . import cells\n"
    probe = tmp_path / "harness" / "score" / "_wall_probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(source)
    tree_imports = _resolve_probe(probe, tmp_path)
    assert tree_imports == {
        "harness.extract.rules",
        "harness.llm.client",
        "harness.score.cells",
    }


def _resolve_probe(probe: Path, root: Path) -> set[str]:
    global PACKAGE
    saved = PACKAGE
    PACKAGE = root / "harness"
    try:
        return harness_imports(probe)
    finally:
        PACKAGE = saved
