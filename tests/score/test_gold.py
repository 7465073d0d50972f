import json

import pytest

from harness.score.gold import load_gold
from support import grid, panel, record, write_gold


def good(doc_id="good"):
    return record(doc_id, [panel(grid(["a"], ["x"]))], title="Fine")


def test_loads_a_gold_directory(tmp_path):
    write_gold(tmp_path, good("one"))
    write_gold(tmp_path, good("two"), suffix=".md")
    gold = load_gold(tmp_path)
    assert gold.ids == ["one", "two"]
    assert gold.problems == []
    assert gold.descriptions["two"].suffix == ".md"
    assert set(gold.prepared) == {"one", "two"}


def test_bad_json_is_reported_with_path_and_skipped(tmp_path):
    write_gold(tmp_path, good())
    write_gold(tmp_path, '{"id": "broken", "panels": [', stem="broken")
    bad = tmp_path / "broken.json"
    gold = load_gold(tmp_path)
    assert gold.ids == ["good"]
    (problem,) = gold.problems
    assert str(bad) in problem and "not valid JSON" in problem and "\n" not in problem


def test_failing_validation_names_the_field(tmp_path):
    data = good("badval").to_json_dict()
    data["panels"][0]["cells"][0]["value"] = "lots"
    write_gold(tmp_path, data)
    path = tmp_path / "badval.json"
    write_gold(tmp_path, good())
    gold = load_gold(tmp_path)
    assert gold.ids == ["good"]
    (problem,) = gold.problems
    assert str(path) in problem
    assert "panels.0.cells.0.value" in problem


def test_bad_chart_type_names_the_field(tmp_path):
    data = good("badtype").to_json_dict()
    data["chart_type"] = "donut"
    write_gold(tmp_path, data)
    (problem,) = load_gold(tmp_path).problems
    assert "field chart_type" in problem


def test_id_must_equal_the_file_stem(tmp_path):
    write_gold(tmp_path, good("inner"), stem="outer")
    path = tmp_path / "outer.json"
    gold = load_gold(tmp_path)
    assert len(gold) == 0
    (problem,) = gold.problems
    assert str(path) in problem and "field id" in problem and "outer" in problem


def test_missing_description_is_reported(tmp_path):
    write_gold(tmp_path, good("lonely"), description=None)
    path = tmp_path / "lonely.json"
    gold = load_gold(tmp_path)
    assert len(gold) == 0
    (problem,) = gold.problems
    assert str(path) in problem and "lonely.txt" in problem and "lonely.md" in problem


def test_duplicate_gold_cell_is_reported_and_the_first_value_kept(tmp_path):
    data = good("dup").to_json_dict()
    data["panels"][0]["cells"].append({"row": "A", "col": "x", "series": None, "value": 99})
    write_gold(tmp_path, data)
    gold = load_gold(tmp_path)
    assert gold.ids == ["dup"]
    (problem,) = gold.problems
    assert "panels.0" in problem and "stated twice" in problem
    assert gold.prepared["dup"].panels[0].values[("a", "x", "")] == 1.0


def test_a_hostile_gold_file_is_one_line_problem(tmp_path):
    write_gold(tmp_path, "[" * 100_000, stem="deep")
    write_gold(tmp_path, json.dumps({"id": "x" * 1_000_000}), stem="huge")
    write_gold(tmp_path, "7" * 1_000_000, stem="digits")
    write_gold(tmp_path, "|" * 1_000_000, stem="pipes")
    gold = load_gold(tmp_path)
    assert len(gold.problems) == 4
    assert all("\n" not in p and len(p) < 500 for p in gold.problems)


def test_missing_directory_raises(tmp_path):
    with pytest.raises(NotADirectoryError):
        load_gold(tmp_path / "nope")


def test_several_gold_folders_load_as_one_set_and_keep_the_first_of_an_id(tmp_path):
    def write(folder, doc_id, title):
        write_gold(folder, {"id": doc_id, "title": title, "panels": []}, description="text")

    write(tmp_path / "a", "one", "A")
    write(tmp_path / "b" / "sub", "two", "B")
    write(tmp_path / "b", "one", "again")
    gold = load_gold([tmp_path / "a", tmp_path / "b"])
    assert gold.ids == ["one", "two"] and gold.records["one"].title == "A"
    assert any("'one' is already gold" in p for p in gold.problems)
    assert gold.where == f"{tmp_path / 'a'}, {tmp_path / 'b'}"
