"""The report in a real browser: Debian's headless Chromium loads it and draws the grids.

Skipped only when /usr/bin/chromium is missing (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from harness.extract import get_extractor
from harness.inputs import discover_documents
from harness.report import write_report
from harness.runs.execute import run_extraction
from support import cell, write_gold, write_run

from .fixtures import HOSTILE, TINY_TEXT, tiny_gold, tiny_heatmap
from .png_pixels import colour_counts, png_rows

CHROMIUM = Path("/usr/bin/chromium")
# The seeds: real heatmaps, so the top of the expanded page is grids (the whole gold set
# opens with bar charts, which have none).
GOLD_DIR = Path(__file__).resolve().parents[2] / "gold" / "seeds"
HEATMAP_DOC = "003_5c1b68c1ec978d48"

# CI sets HARNESS_REQUIRE_BROWSER=1 after installing chromium: there a missing browser is a failure, not a skip.
if os.environ.get("HARNESS_REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
    raise RuntimeError("HARNESS_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install chromium)")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-extensions", "--disable-background-networking",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    """Messages the page wrote to the console: script errors, CSP violations, logs."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The rules extractor over the gold descriptions: a real run, and the report of it."""
    root = tmp_path_factory.mktemp("browser")
    run_dir = root / "run"
    summary = run_extraction(discover_documents([GOLD_DIR]), get_extractor("rules"), run_dir,
                             progress=False, on_error=lambda where, cause: None)
    assert summary.ok == len(list(GOLD_DIR.glob("*.txt"))) == 5
    return root, run_dir


def test_report_loads_without_script_or_console_errors(real_run: tuple[Path, Path]) -> None:
    root, run_dir = real_run
    page = write_report(run_dir, GOLD_DIR, root / "report.html")
    result = chromium(root / "profile-dom", "--enable-logging=stderr", "--v=0", "--dump-dom",
                      f"{page.as_uri()}#doc-{HEATMAP_DOC}")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert 'data-script="ran"' in dom, "the page's script did not run to its end"
    # The address named a document: the script opened it, and only it.
    assert re.search(rf'<details class="doc" id="doc-{HEATMAP_DOC}" open="">', dom)
    assert len(re.findall(r'<details class="doc" [^>]*open=""', dom)) == 1
    assert len(re.findall(r'<details class="doc"', dom)) == 5
    assert console_lines(result.stderr) == [], console_lines(result.stderr)


def test_screenshot_shows_the_heatmap_grids(real_run: tuple[Path, Path]) -> None:
    root, run_dir = real_run
    page = write_report(run_dir, GOLD_DIR, root / "expanded.html", expanded=True)
    shot = root / "expanded.png"
    # Half scale: a 1400 x 4000 page in a 700 x 2000 image, quick to decode in pure Python.
    result = chromium(root / "profile-shot", "--hide-scrollbars", "--force-device-scale-factor=0.5",
                      "--window-size=1400,4000", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    width, height, _, _ = png_rows(data)
    assert (width, height) == (700, 2000)
    html = page.read_text(encoding="utf-8")
    grid_colours = {
        tuple(int(code[i : i + 2], 16) for i in (1, 3, 5))
        for code in re.findall(r'<td class="v[^"]*" style="background-color:(#[0-9a-f]{6})', html)
    }
    assert len(grid_colours) > 20
    counts = colour_counts(data, grid_colours)
    # Solid cell backgrounds come out exactly: a blank or unstyled page has none of them.
    assert sum(counts.values()) > 2_000, counts.most_common(5)
    assert len(counts) >= 10, counts


def test_hostile_report_stays_inert_in_the_browser(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, tiny_gold(), description=TINY_TEXT)
    label = '"><img src=x onerror=alert(3)>'
    write_gold(gold_dir, tiny_heatmap("evil", [cell(label, "A", 2.0)], title=HOSTILE, rows=[label], cols=["A"]),
               description=f"{HOSTILE}\n{label}: 2\n")
    run_dir = write_run(tmp_path / "run", [
        {"id": "tiny", "record": None, "error": HOSTILE},
        {"id": "evil", "record": tiny_heatmap("evil", [cell(label, "A", 2.0)], title=HOSTILE, rows=[label])},
    ])
    page = write_report(run_dir, gold_dir, tmp_path / "evil.html", expanded=True)
    result = chromium(tmp_path / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<img" not in dom and "<script>alert" not in dom
    assert dom.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert 'data-script="ran"' in dom
    assert console_lines(result.stderr) == [], console_lines(result.stderr)
