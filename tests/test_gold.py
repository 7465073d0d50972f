"""The hand-written gold set keeps its promises.

Every gold record must be a valid chart record, named after its description, and grounded
in that description: each value and each label it holds has to be findable in the text.
Gold that drifts from its text would silently mis-score every extractor, so these checks
read the raw text independently of any extractor (the gold is never derived from them).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from pathlib import Path

import pytest
from pydantic import ValidationError

from harness.inputs import is_folder_documentation
from harness.record import ChartRecord

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
DESCRIPTION_SUFFIXES = (".txt", ".md")
MIN_GOLD_DOCUMENTS = 25
VALUE_TOLERANCE = 1e-9

# Thousands-grouped numbers first ("1,250.5"), then plain / decimal / exponent forms.
# Each alternative is a run of bounded pieces, so matching stays linear on hostile text.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+")
_MINUS_SIGNS = "-\u2212"
_SUPERSCRIPTS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b", "0123456789-")
_POWER_OF_TEN = re.compile("(?<![\\d.])10([\u207b]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,3})")
# A backslash before punctuation is a Markdown escape ("abstract\_algebra").
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # before ASCII punctuation
_WHITESPACE = re.compile(r"\s+")
# "0 through 19", "0 to 50 in increments of 10", "1-12": categories given as a range.
# Possessive quantifiers and the look-behind keep this linear on long runs of digits.
_RANGE = re.compile(
    r"(?<![\w.])([-+\u2212]?\d++(?:\.\d++)?)\s*+(?:through|to|\u2013|-)\s*+([-+\u2212]?\d++(?:\.\d++)?)"
    r"(?:[ ,(]*+(?:in increments of|increments of|in steps of|with a step of|step of|every)\s*+(\d++(?:\.\d++)?))?"
)


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, sorted; signed where a minus sign leads it.

    A hyphen counts as a minus only when it does not join two words ("LLaMA-2" is 2,
    "0.1-0.2" is 0.1 and 0.2, "(-0.05)" is -0.05). Thousands-grouped numbers also yield
    their comma-separated pieces, since "100,200" may be a list as well as a number.
    """
    found: list[float] = []
    for match in _NUMBER.finditer(text):
        start = match.start()
        negative = (
            start >= 1
            and text[start - 1] in _MINUS_SIGNS
            and (start < 2 or not text[start - 2].isalnum())
        )
        token = match.group()
        candidates = [token.replace(",", "")]
        if "," in token:
            candidates.extend(token.split(","))
        for candidate in candidates:
            value = float(candidate)
            if math.isfinite(value):
                found.append(-value if negative else value)
    # Powers of ten written with superscripts ("10⁴", "10⁻²") state 10000 and 0.01.
    for match in _POWER_OF_TEN.finditer(text):
        exponent = int(match.group(1).translate(_SUPERSCRIPTS))
        if abs(exponent) <= 300:
            found.append(10.0**exponent)
    found.sort()
    return found


def occurs_among(value: float, numbers: list[float]) -> bool:
    """Whether ``value`` equals one of the sorted ``numbers`` (the sign of zero ignored)."""
    index = bisect_left(numbers, value - VALUE_TOLERANCE)
    return index < len(numbers) and numbers[index] <= value + VALUE_TOLERANCE


def _as_float(token: str) -> float:
    return float(token.replace("\u2212", "-"))


def ranges_in(text: str) -> list[tuple[float, float, float]]:
    """Every stated range of ticks as (start, end, step); integer ends step by 1 by default."""
    ranges = []
    for match in _RANGE.finditer(text):
        start, end = _as_float(match.group(1)), _as_float(match.group(2))
        if match.group(3):
            step = float(match.group(3))
        elif start.is_integer() and end.is_integer():
            step = 1.0
        else:
            continue
        if step > 0 and start < end:
            ranges.append((start, end, step))
    return ranges


def covered_by_a_range(category: str, ranges: list[tuple[float, float, float]]) -> bool:
    """Whether a numeric tick label is one of the ticks a stated range expands to."""
    try:
        value = float(category)
    except ValueError:
        return False
    for start, end, step in ranges:
        if start - VALUE_TOLERANCE <= value <= end + VALUE_TOLERANCE:
            steps = (value - start) / step
            if abs(steps - round(steps)) <= 1e-6:
                return True
    return False


def searchable(text: str) -> str:
    """Text as labels are compared with it: Markdown escapes and backticks gone (labels are
    written without them: record-format.md), whitespace collapsed."""
    return _WHITESPACE.sub(" ", _MARKDOWN_ESCAPE.sub("", text).replace("`", ""))


def _gold_paths() -> list[Path]:
    return sorted(GOLD_DIR.rglob("*.json"))


def _descriptions_of(gold_path: Path) -> list[Path]:
    return [
        gold_path.with_suffix(suffix)
        for suffix in DESCRIPTION_SUFFIXES
        if gold_path.with_suffix(suffix).is_file()
    ]


def _load(gold_path: Path) -> ChartRecord:
    try:
        return ChartRecord.model_validate(json.loads(gold_path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as error:
        pytest.fail(f"{gold_path.name}: not JSON: {error}")
    except ValidationError as error:
        fields = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        pytest.fail(f"{gold_path.name}: invalid chart record: {fields}")


def _description_text(gold_path: Path) -> str:
    descriptions = _descriptions_of(gold_path)
    if len(descriptions) != 1:
        pytest.fail(f"{gold_path.name}: expected one description beside it, found {len(descriptions)}")
    return descriptions[0].read_text(encoding="utf-8")


GOLD_PATHS = _gold_paths()
GOLD_IDS = [path.stem for path in GOLD_PATHS]


def test_gold_ids_are_unique_across_subsets():
    by_id: dict[str, list[str]] = {}
    for path in GOLD_PATHS:
        by_id.setdefault(path.stem, []).append(str(path.relative_to(GOLD_DIR)))
    twice = {doc_id: paths for doc_id, paths in by_id.items() if len(paths) > 1}
    assert not twice, f"gold ids used more than once: {twice}"


def test_gold_set_is_large_enough():
    assert len(GOLD_PATHS) >= MIN_GOLD_DOCUMENTS, (
        f"{GOLD_DIR} holds {len(GOLD_PATHS)} gold records, want at least {MIN_GOLD_DOCUMENTS}"
    )


def test_every_description_has_gold():
    orphans = [
        path.name
        for suffix in DESCRIPTION_SUFFIXES
        for path in GOLD_DIR.rglob(f"*{suffix}")
        if not path.with_suffix(".json").is_file() and not is_folder_documentation(path.name)
    ]
    assert not orphans, f"descriptions without gold: {orphans}"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_gold_is_a_valid_record_named_after_its_file(gold_path: Path):
    record = _load(gold_path)
    assert record.id == gold_path.stem, f"{gold_path.name}: id {record.id!r} is not the file stem"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_gold_has_exactly_one_description(gold_path: Path):
    descriptions = _descriptions_of(gold_path)
    assert len(descriptions) == 1, (
        f"{gold_path.name}: expected one of {DESCRIPTION_SUFFIXES} beside it, "
        f"found {[path.name for path in descriptions]}"
    )


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_every_cell_value_is_written_in_the_description(gold_path: Path):
    record = _load(gold_path)
    numbers = numbers_in(_description_text(gold_path))
    missing = [
        f"panel {index} ({cell.row!r}, {cell.col!r}, {cell.series!r}) = {cell.value}"
        for index, panel in enumerate(record.panels)
        for cell in panel.cells
        if not occurs_among(cell.value, numbers)
    ]
    assert not missing, f"{gold_path.name}: values not found in the text: {missing}"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_every_axis_category_is_written_in_the_description(gold_path: Path):
    record = _load(gold_path)
    text = searchable(_description_text(gold_path))
    ranges = ranges_in(text)
    missing = [
        f"panel {index} {axis_name}: {category!r}"
        for index, panel in enumerate(record.panels)
        for axis_name, axis in (("x_axis", panel.x_axis), ("y_axis", panel.y_axis))
        for category in axis.categories
        if searchable(category) not in text and not covered_by_a_range(category, ranges)
    ]
    assert not missing, f"{gold_path.name}: categories not found in the text: {missing}"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_every_other_label_is_written_in_the_description(gold_path: Path):
    record = _load(gold_path)
    text = searchable(_description_text(gold_path))
    labels = [("title", record.title)]
    for index, panel in enumerate(record.panels):
        labels += [
            (f"panel {index} title", panel.title),
            (f"panel {index} x_axis label", panel.x_axis.label),
            (f"panel {index} y_axis label", panel.y_axis.label),
            (f"panel {index} color_scale label", panel.color_scale and panel.color_scale.label),
        ]
        labels += [(f"panel {index} series", name) for name in panel.series]
        for cell in panel.cells:
            labels += [(f"panel {index} cell row", cell.row), (f"panel {index} cell col", cell.col)]
    ranges = ranges_in(text)
    missing = sorted(
        {
            f"{where}: {label!r}"
            for where, label in labels
            if label and searchable(label) not in text and not covered_by_a_range(label, ranges)
        }
    )
    assert not missing, f"{gold_path.name}: labels not found in the text: {missing}"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=GOLD_IDS)
def test_cells_are_keyed_once_and_by_the_panel_labels(gold_path: Path):
    record = _load(gold_path)
    problems = []
    for index, panel in enumerate(record.panels):
        seen = set()
        for cell in panel.cells:
            key = (cell.row, cell.col, cell.series)
            if key in seen:
                problems.append(f"panel {index}: cell {key} recorded twice")
            seen.add(key)
            if panel.series and cell.series not in panel.series:
                problems.append(f"panel {index}: cell {key} has a series outside {panel.series}")
            if not panel.series and cell.series is not None:
                problems.append(f"panel {index}: cell {key} has a series but the panel has none")
            if record.chart_type == "heatmap":
                if panel.y_axis.categories and cell.row not in panel.y_axis.categories:
                    problems.append(f"panel {index}: row {cell.row!r} is not a y-axis category")
                if panel.x_axis.categories and cell.col not in panel.x_axis.categories:
                    problems.append(f"panel {index}: col {cell.col!r} is not an x-axis category")
            elif record.chart_type in ("bar", "line"):
                category_axes = panel.x_axis.categories + panel.y_axis.categories
                # A line's point may sit at an x value that is not a tick ("(25, 47.8)").
                off_tick_point = record.chart_type == "line" and _is_number(cell.col)
                if category_axes and cell.col not in category_axes and not off_tick_point:
                    problems.append(f"panel {index}: col {cell.col!r} is not a category of either axis")
    assert not problems, f"{gold_path.name}: {problems}"


def _is_number(label: str) -> bool:
    """A plain number ("25", "1,000") or a power of ten written with superscripts ("10⁻⁷")."""
    if _POWER_OF_TEN.fullmatch(label):
        return True
    try:
        return math.isfinite(float(label.replace(",", "")))
    except ValueError:
        return False


# The checker's own number reading, on the forms descriptions use.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("~25%", [25.0]),
        ("\u22120.30 and -0.12", [-0.30, -0.12]),
        ("1,250 units", [1.0, 250.0, 1250.0]),
        ("LLaMA-2 7B", [2.0, 7.0]),
        ("between 0.1-0.2", [0.1, 0.2]),
        ("Math: -0.00", [-0.0]),
        ("92 \u00b1 1", [1.0, 92.0]),
        ("lr 3e-4", [3e-4]),
        ("(-0.05)", [-0.05]),
        ("starts near 10\u2074, drops to ~10\u207b\u00b9", [10.0, 10.0, 10000.0, 0.1]),
    ],
)
def test_numbers_in_reads_description_forms(text: str, expected: list[float]):
    assert numbers_in(text) == sorted(expected)


def test_occurs_among_ignores_the_sign_of_zero_but_not_of_other_values():
    assert occurs_among(0.0, numbers_in("Math: -0.00"))
    assert occurs_among(-0.05, numbers_in("HotpotQA: -0.05"))
    assert not occurs_among(0.05, numbers_in("HotpotQA: -0.05"))
    assert not occurs_among(0.5, numbers_in("0.51 0.49"))


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("layers 0 through 11", ["0", "7", "11"], ["12", "2.5"]),
        ("runs from 0 to 50 in increments of 10", ["0", "20", "50"], ["25", "60"]),
        ("ticks 0.1\u20130.5, every 0.1", ["0.1", "0.3", "0.5"], ["0.35"]),
        ("LLaMA-2 7B", [], ["2", "5"]),
        ("range: -40 to +40 nm", ["-40", "0", "40"], ["41", "0.5"]),
    ],
)
def test_ranges_expand_to_their_ticks(text: str, inside: list[str], outside: list[str]):
    ranges = ranges_in(text)
    assert all(covered_by_a_range(tick, ranges) for tick in inside)
    assert not any(covered_by_a_range(tick, ranges) for tick in outside)


@pytest.mark.parametrize(("label", "expected"), [("10\u207b\u2077", True), ("10\u2070", True), ("1,000", True), ("10x", False), ("\u207b\u2077", False)])
def test_a_point_off_the_ticks_may_be_keyed_by_a_superscript_power(label: str, expected: bool):
    assert _is_number(label) is expected


def test_searchable_drops_markdown_escapes_and_backticks():
    assert "abstract_algebra" in searchable(r"* **abstract\_algebra:** 25")
    assert covered_by_a_range("2100", ranges_in(searchable("Range: `0` to `5000` in increments of `100`")))


@pytest.mark.parametrize(
    "hostile",
    [
        "9" * 1_000_000,
        "1," * 500_000,
        "-" * 1_000_000,
        "1.2e" * 250_000,
        "|" * 1_000_000,
        "1 to " * 200_000,
        "1-" * 500_000,
        "9" * 500_000 + " through " + "9" * 500_000 + " in increments of ",
    ],
    ids=["digits", "commas", "minus", "exponents", "pipes", "to-chain", "hyphen-chain", "long-range"],
)
def test_checker_reads_hostile_text_in_one_pass(hostile: str):
    # Completing at all is the check: a backtracking pattern would hang here.
    numbers_in(hostile)
    ranges_in(hostile)
    searchable(hostile)
