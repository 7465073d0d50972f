"""The real gold set (gold/real/) keeps the promises its SOURCES.md makes.

Real descriptions written by several vision-language models, each with provenance, blind
subsets that never move (round 1's test third, round 2's holdout half), and no page of the
hidden test set (../shared/reserved-pages.txt).
The per-record checks (valid, grounded in the text) are tests/test_gold.py's, which reads
every subfolder of gold/.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "gold" / "real"
RESERVED = ROOT.parent / "shared" / "reserved-pages.txt"
_ROW = re.compile(r"^\| `(?P<id>[^`]+)` \| (?P<subset>dev|test|holdout) \| (?P<url>\S+) \| (?P<model>[^|]+) \|")
SUBSETS = ("dev", "test", "holdout")
ROUND2 = "dev/round2"  # round 2's tuned half, inside dev/
ROUND3 = ("dev/round3", "holdout/round3")  # round 3's tuned and blind halves
ROUND4 = ("dev/round4", "holdout/round4")  # round 4's tuned and blind halves
ROUND5 = ("dev/round5", "holdout/round5")  # round 5's tuned and blind halves
LATER_ROUNDS = (ROUND3, ROUND4, ROUND5)
ROUND6 = "holdout/round6"  # round 6: every text blind, no tuned half


def gold_ids(subset: str) -> list[str]:
    return sorted(path.stem for path in (REAL / subset).rglob("*.json"))


def sources() -> list[dict[str, str]]:
    rows = []
    for line in (REAL / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows.append({key: value.strip() for key, value in match.groupdict().items()})
    return rows


def chart_types(subset: str) -> Counter:
    return Counter(
        json.loads(path.read_text(encoding="utf-8"))["chart_type"] for path in (REAL / subset).rglob("*.json")
    )


def test_the_real_set_is_large_and_varied():
    ids = [doc_id for subset in SUBSETS for doc_id in gold_ids(subset)]
    assert len(ids) >= 100
    kinds = chart_types("dev") + chart_types("test") + chart_types("holdout")
    assert kinds["heatmap"] >= 60
    assert kinds["bar"] + kinds["line"] >= 20
    assert sum(count for kind, count in kinds.items() if kind not in ("heatmap", "bar", "line")) >= 10


def test_every_real_description_has_exactly_one_provenance_line():
    rows = sources()
    listed = Counter(row["id"] for row in rows)
    assert not [doc_id for doc_id, n in listed.items() if n > 1]
    for subset in SUBSETS:
        in_folder = set(gold_ids(subset))
        in_sources = {row["id"] for row in rows if row["subset"] == subset}
        assert in_folder == in_sources, (subset, sorted(in_folder ^ in_sources))


def test_at_least_five_named_describing_models():
    models = Counter()
    for row in sources():
        named = re.search(r"[?&]model=([\w.-]+)", row["url"])
        if named:
            assert row["model"] == named.group(1), row["id"]
            models[named.group(1)] += 1
    assert len(models) >= 5, models


def test_one_text_per_figure_and_ids_name_their_figure():
    figures = Counter()
    for row in sources():
        figure = re.search(r"/image/([0-9a-f]{64})", row["url"]).group(1)
        figures[figure] += 1
        assert row["id"].split("_", 1)[1] == figure[:12], row["id"]
    assert not [figure for figure, n in figures.items() if n > 1]


@pytest.mark.skipif(not RESERVED.is_file(), reason="../shared/reserved-pages.txt is not beside the project")
def test_no_reserved_page_is_used():
    reserved = {line.strip() for line in RESERVED.read_text().splitlines() if re.fullmatch(r"[0-9a-f]{64}", line.strip())}
    assert reserved
    used = {re.search(r"/image/([0-9a-f]{64})", row["url"]).group(1) for row in sources()}
    assert not used & reserved
    for path in REAL.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [figure for figure in reserved if figure in text], path


def _split_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("split", REAL / "split.py")
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    return split


def test_the_blind_third_is_the_seeded_shuffle():
    # gold/real/split.py made the split; a file moved between dev/ and test/ later breaks this.
    split = _split_module()
    later = set(gold_ids(ROUND2)).union(*(gold_ids(tuned) for tuned, _ in LATER_ROUNDS))
    dev, test = [i for i in gold_ids("dev") if i not in later], gold_ids("test")
    assert split.split(dev + test) == (dev, test)
    assert len(test) == len(dev + test) // 3


def test_the_holdout_half_is_the_second_seeded_shuffle():
    # Round 2: half of the 56 new texts blind (holdout/), half tuned on (dev/round2/).
    split = _split_module()
    later = set().union(*(gold_ids(blind) for _, blind in LATER_ROUNDS), gold_ids(ROUND6))
    tuned, blind = gold_ids(ROUND2), [i for i in gold_ids("holdout") if i not in later]
    assert len(blind) >= 20
    assert split.split_holdout(tuned + blind) == (tuned, blind)
    assert not set(blind) & set(gold_ids("test")) and not set(tuned) & set(gold_ids("test"))


@pytest.mark.parametrize(
    ("halves", "split_name", "size"),
    [(ROUND3, "split_round3", 48), (ROUND4, "split_round4", 48), (ROUND5, "split_round5", 46)],
    ids=["round3", "round4", "round5"],
)
def test_each_later_round_is_half_blind_by_its_own_seeded_shuffle(halves: tuple[str, str], split_name: str, size: int):
    # Rounds 3 to 5: half of the round's texts blind (holdout/roundN/), half tuned on (dev/roundN/).
    split = _split_module()
    tuned, blind = gold_ids(halves[0]), gold_ids(halves[1])
    assert len(blind) == len(tuned) == size // 2
    assert getattr(split, split_name)(tuned + blind) == (tuned, blind)
    earlier = {i for subset in SUBSETS for i in gold_ids(subset)} - set(tuned) - set(blind)
    assert not (set(tuned) | set(blind)) & earlier


def test_round_six_is_all_blind_and_new():
    # Round 6: all 36 texts in holdout/round6/, and no file of theirs anywhere else in gold/.
    blind = set(gold_ids(ROUND6))
    assert len(blind) == 36
    outside = [path for path in (ROOT / "gold").rglob("*.json") if path.stem in blind and path.parent != REAL / ROUND6]
    assert not outside
    assert {row["id"]: row["subset"] for row in sources() if row["id"] in blind} == dict.fromkeys(blind, "holdout")
