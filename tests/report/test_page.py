"""The HTML page: escaped, self-contained, marks and grids where they belong, scorer's numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.report import render_report, write_report
from support import cell, write_gold, write_run

from .fixtures import HOSTILE, TINY_TEXT, tiny_gold, tiny_heatmap, tiny_prediction

EVIL_ID = 'evil"<img src=y onerror=alert(5)>'
EVIL_LABEL = '"><svg onload=alert(3)>'


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def elements(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path]:
    """A gold set of five documents and a run with one of each situation."""
    gold_dir, run_dir = tmp_path / "gold", tmp_path / "run"
    write_gold(gold_dir, tiny_gold(), description=TINY_TEXT)
    evil_gold = tiny_heatmap(EVIL_ID, [cell(EVIL_LABEL, "A", 2.0)], title=HOSTILE, rows=[EVIL_LABEL], cols=["A"])
    write_gold(gold_dir, evil_gold, description=f"# {HOSTILE}\n{EVIL_LABEL} at A: 2\n", suffix=".md")
    bars = tiny_heatmap("bars", [cell("acc", "A", 3.5)], title="Bars", rows=[], cols=["A"], chart_type="bar")
    write_gold(gold_dir, bars, description="## Bar chart: Bars\nA: 3.5\n")
    write_gold(gold_dir, tiny_heatmap("failed", [cell("X", "A", 1.0)]), description="X A 1\n")
    write_gold(gold_dir, tiny_heatmap("absent", [cell("X", "A", 1.0)]), description="X A 1\n")
    evil_prediction = tiny_heatmap(EVIL_ID, [cell(EVIL_LABEL, "A", 2.0), cell("<b>bold</b>", "A", 99.0)],
                                   title=HOSTILE, rows=[EVIL_LABEL], cols=["A"])
    evil_prediction.notes = HOSTILE
    write_run(run_dir, [
        {"id": "tiny", "record": tiny_prediction()},
        {"id": EVIL_ID, "record": evil_prediction},
        {"id": "bars", "record": bars},
        {"id": "failed", "record": None, "error": f"LLMError: the model said {HOSTILE}"},
    ])
    return run_dir, gold_dir


def marks(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<mark class="m-(\w+)" id="[^"]*" title="[^"]*">([^<]*)</mark>', page)


def section(page: str, anchor: str) -> str:
    start = page.index(f'<details class="doc" id="{anchor}"')
    return page[start : page.index("</details>", start)]


def test_untrusted_text_comes_out_inert(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    parsed = elements(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "img" not in tags and "svg" not in tags
    assert "<b>bold" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert tags.count("script") == 1
    assert all("alert" not in script for script in parsed.scripts)
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    # The hostile id became a safe anchor and is shown escaped.
    assert 'id="doc-evil__img_src_y_onerror_alert_5__"' in page
    assert "evil&quot;&lt;img src=y onerror=alert(5)&gt;" in page


def test_the_page_is_self_contained(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page
    for tag, attrs in elements(page).tags:
        assert "src" not in attrs, tag
        if "href" in attrs:
            assert (attrs["href"] or "").startswith("#"), attrs
    policy = next(attrs["content"] for tag, attrs in elements(page).tags
                  if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy


def test_cells_are_marked_by_outcome_where_stated(case: tuple[Path, Path]) -> None:
    tiny = section(render_report(*case), "doc-tiny")
    found = marks(tiny)
    assert ("right", "0.50") in found  # its span
    assert ("right", "1.00") in found  # found in the table by its row and column
    assert ("wrong", "0.9") in found  # predicted 0.9 for gold 0.75: marked where 0.9 is written
    assert ("spurious", "7") in found
    assert ("missing", "0.25") in found  # the gold value nobody extracted
    assert ("label", "Tiny") in found
    # 123 is written nowhere: never marked, flagged instead.
    assert not any(text == "123" for _, text in found)
    row = next(r for r in re.findall(r"<tr class=\"o-spurious\">.*?</tr>", tiny) if "<td>123</td>" in r)
    assert "UNGROUNDED" in row
    assert tiny.count("UNGROUNDED</span>") >= 2  # the summary badge and the row


def test_missing_gold_values_are_listed(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    tiny = section(page, "doc-tiny")
    missing = tiny[tiny.index("Missing gold values"):]
    assert "panel 1 · Y · A: <b>0.25</b>" in missing
    absent = section(page, "doc-absent")
    assert "not in the run" in absent and "panel 1 · X · A: <b>1</b>" in absent


def test_heatmaps_get_grids_with_differences_marked(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    tiny = section(page, "doc-tiny")
    assert tiny.count('<figure class="grid grid-gold">') == 1
    assert tiny.count('<figure class="grid grid-predicted">') == 1
    predicted_grid = tiny[tiny.index("grid grid-predicted"):]
    predicted_grid = predicted_grid[: predicted_grid.index("</figure>")]
    gold_grid = tiny[tiny.index("grid grid-gold"):tiny.index("grid grid-predicted")]
    assert re.search(r'<td class="v differs" style="background-color:#[0-9a-f]{6};[^"]*" title="X · B: gold 0.75, predicted 0.9">0.9</td>', predicted_grid)
    assert re.search(r'<td class="v differs"[^>]*>0.75</td>', gold_grid)
    assert 'class="absent" title="Y · A: gold 0.25, not predicted"' in predicted_grid
    assert re.search(r'<td class="v extra"[^>]*>7</td>', predicted_grid)
    # 123 is stated nowhere: its grid cell carries the UNGROUNDED corner and says why.
    assert re.search(r'<td class="v extra ungrounded"[^>]*UNGROUNDED: the description never states it">123</td>',
                     predicted_grid)
    assert predicted_grid.lower().count("ungrounded") == 2  # the class and the tooltip of that one cell
    assert "grid-gold" not in section(page, "doc-bars")


def test_error_documents_show_their_error(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    failed = section(page, "doc-failed")
    assert "no record" in failed
    assert "LLMError: the model said &lt;script&gt;alert(1)&lt;/script&gt;" in failed
    assert '<p class="error"><b>error:</b>' in failed


def test_table_of_contents_lists_every_document_with_its_scores(case: tuple[Path, Path]) -> None:
    page = render_report(*case)
    toc = page[page.index('<table class="toc">'):]
    toc = toc[: toc.index("</table>")]
    links = re.findall(r'<a href="#(doc-[^"]+)">', toc)
    assert sorted(links) == sorted(re.findall(r'<details class="doc" id="([^"]+)"', page))
    assert len(links) == 5
    assert "<details class=\"doc\" id=\"doc-tiny\">" in page  # closed unless expanded
    assert '<details class="doc" id="doc-tiny" open>' in render_report(*case, expanded=True)


def cli_fields_table(stdout: str) -> dict[str, list[str]]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("fields (")) + 3
    rows = {}
    for line in lines[start:]:
        if not line.strip():
            break
        name, *values = line.rsplit(maxsplit=2)
        rows[name.strip()] = values
    return rows


def test_field_table_has_the_numbers_harness_score_prints(case: tuple[Path, Path]) -> None:
    run_dir, gold_dir = case
    printed = CliRunner().invoke(cli, ["score", str(run_dir), "--gold", str(gold_dir)])
    assert printed.exit_code == 0, printed.output
    expected = cli_fields_table(printed.stdout)
    assert len(expected) == 14 and "cells" in expected
    page = render_report(run_dir, gold_dir)
    table = page[page.index('<table class="data fields-table">'):]
    table = table[: table.index("</table>")]
    shown = {name: values for name, *values in
             (re.findall(r"<t[hd]>([^<]*)</t[hd]>", row) for row in table.split("<tr>")[2:])}
    assert shown == expected
    assert expected["cells"][0] != expected["cells"][1]  # the run and the empty record differ


def test_write_report_and_cli(case: tuple[Path, Path], tmp_path: Path) -> None:
    run_dir, gold_dir = case
    out = write_report(run_dir, gold_dir, tmp_path / "deep" / "report.html")
    assert out.is_file() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target = tmp_path / "cli.html"
    result = CliRunner().invoke(cli, ["report", str(run_dir), "--gold", str(gold_dir), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout and target.is_file()
    missing = CliRunner().invoke(cli, ["report", str(gold_dir), "--gold", str(gold_dir), "--out", str(target)])
    assert missing.exit_code == 2 and "records.jsonl" in missing.output


def test_a_gold_set_without_valid_records_is_an_error(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, "{not json", stem="broken", description=None)
    run_dir = write_run(tmp_path / "run", [])
    with pytest.raises(ValueError, match="no valid gold records"):
        render_report(run_dir, gold_dir)


def test_a_run_from_other_text_is_flagged_and_spans_are_rechecked(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, tiny_gold(), description=TINY_TEXT)
    shifted = tiny_prediction()
    shifted.panels[0].cells[0].span = [0, 4]  # points into "## H", not at 0.50
    run_dir = write_run(tmp_path / "run", [{"id": "tiny", "record": shifted, "sha256": "0" * 64}])
    page = render_report(run_dir, gold_dir)
    assert "sha256 differs" in page
    assert "does not hold this value" in page
    assert ("right", "0.50") in marks(page)  # found again by search, at the real place


def test_a_spurious_panel_and_a_record_without_gold(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, tiny_gold(), description=TINY_TEXT)
    extra = tiny_prediction()
    extra.panels.append(extra.panels[0].model_copy(update={"title": "Invented"}))
    run_dir = write_run(tmp_path / "run", [{"id": "tiny", "record": extra}, {"id": "stranger", "record": None,
                                                                            "error": "x"}])
    page = render_report(run_dir, gold_dir)
    assert "no gold panel" in page
    assert "records without gold (not scored): stranger" in page


def test_an_unreadable_description_is_reported_and_nothing_is_grounded(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, tiny_gold(), description="binary\x00text")
    run_dir = write_run(tmp_path / "run", [{"id": "tiny", "record": tiny_prediction()}])
    page = render_report(run_dir, gold_dir)
    assert "description unreadable: binary content" in page
    assert marks(page) == []
    assert page.count("the description could not be read") == 5 + 1  # five cells, one missing


def test_one_grid_pair_per_series(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    stated = [cell("X", "A", 1.0, series="S1"), cell("X", "A", 2.0, series="S2")]
    gold = tiny_heatmap("series", stated)
    gold.panels[0].series = ["S1", "S2"]
    write_gold(gold_dir, gold, description="S1: X A 1\nS2: X A 2\n")
    run_dir = write_run(tmp_path / "run", [{"id": "series", "record": gold}])
    page = render_report(run_dir, gold_dir)
    assert page.count('<figure class="grid grid-gold">') == 2
    assert '<p class="series">series: S1</p>' in page and '<p class="series">series: S2</p>' in page
    assert ("right", "1") in marks(page) and ("right", "2") in marks(page)
