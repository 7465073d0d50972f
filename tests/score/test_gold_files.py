"""Gold files that are wrong in ways a hand can make them: each is one named problem, never a crash."""

from __future__ import annotations

from harness.score import load_gold
from support import record, write_gold


def test_a_gold_record_without_panels_is_malformed_not_an_empty_chart(tmp_path):
    write_gold(tmp_path, {"id": "a", "chart_type": "bar", "title": "T"})
    write_gold(tmp_path, {"id": "b", "chart_type": "other", "panels": []})
    gold = load_gold(tmp_path)
    assert gold.ids == ["b"]  # "panels": [] states no panels; an omitted field is a slip
    (problem,) = gold.problems
    assert "a.json" in problem and "field panels: required" in problem and "\n" not in problem


def test_two_descriptions_beside_one_gold_file_is_a_problem(tmp_path):
    write_gold(tmp_path, record("a"), suffix=".txt")
    (tmp_path / "a.md").write_text("## Heatmap: a, once more", encoding="utf-8")
    write_gold(tmp_path, record("b"))
    gold = load_gold(tmp_path)
    assert gold.ids == ["b"]
    (problem,) = gold.problems
    assert "a.json" in problem and "a.txt and a.md" in problem


def test_an_id_that_differs_from_the_file_name_is_a_problem(tmp_path):
    write_gold(tmp_path, record("other"), stem="a")
    gold = load_gold(tmp_path)
    assert gold.ids == []
    assert "is not the file name's stem 'a'" in gold.problems[0]


def test_one_id_in_two_subsets_keeps_the_first(tmp_path):
    write_gold(tmp_path / "dev", record("a"))
    write_gold(tmp_path / "test", record("a"))
    gold = load_gold(tmp_path)
    assert gold.ids == ["a"] and len(gold.problems) == 1 and "already gold" in gold.problems[0]
