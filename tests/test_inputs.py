"""Reading descriptions: every bad input becomes a Document with a one-line error, never an exception."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from harness.inputs import MAX_DOCUMENT_BYTES, Document, discover_documents, read_document


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_reads_a_description_and_takes_the_stem_as_id(tmp_path: Path) -> None:
    path = write(tmp_path / "003_prompt.md", "## Heatmap: A\nvalue 1\n")
    doc = read_document(path)
    assert doc == Document(id="003_prompt", path=path, text="## Heatmap: A\nvalue 1\n", error=None)
    assert doc.ok
    assert doc.sha256 is not None and len(doc.sha256) == 64


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.txt", b"\xef\xbb\xbf## Bar: B\n"))
    assert doc.text == "## Bar: B\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "only whitespace"),
        (b"abc\x00def", "binary content (NUL byte at offset 3)"),
        (b"\xef\xbb\xbfab\x00", "binary content (NUL byte at offset 5)"),
        (b"## Heatmap:\n\xff rest", "not UTF-8 (byte 0xff at offset 12)"),
        (b"\xef\xbb\xbfok \xe9t\xe9", "not UTF-8 (byte 0xe9 at offset 6)"),
        ("## Heatmap".encode("utf-16"), "UTF-16 text, not UTF-8 (re-save the file as UTF-8)"),
    ],
)
def test_bad_content_becomes_an_error(tmp_path: Path, data: bytes, expected: str) -> None:
    doc = read_document(write(tmp_path / "bad.txt", data))
    assert doc.id == "bad"
    assert doc.text is None
    assert doc.error == expected


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    docs = discover_documents([tmp_path / "nowhere.txt"])
    assert [(d.id, d.error) for d in docs] == [("nowhere", "no such file")]


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    # A sparse 4 GB file: reading it would take seconds and gigabytes; stat() takes nothing.
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(4_000_000_000)
    tracemalloc.start()
    try:
        doc = read_document(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # reading even a part of it would allocate far more
    assert doc.error == f"too large (4,000,000,000 bytes; the limit is {MAX_DOCUMENT_BYTES:,})"


def test_hostile_content_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    # A 1 MB line of pipes is legal input; parsers downstream must cope with it.
    doc = read_document(write(tmp_path / "pipes.txt", "|" * MAX_DOCUMENT_BYTES))
    assert doc.ok and len(doc.text or "") == MAX_DOCUMENT_BYTES
    over = read_document(write(tmp_path / "over.txt", "|" * (MAX_DOCUMENT_BYTES + 1)))
    assert over.error is not None and over.error.startswith("too large")


def test_directory_is_read_sorted_with_subfolders_and_only_for_descriptions(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    write(gold / "b.txt", "B")
    write(gold / "a.md", "A")
    write(gold / "C.TXT", "C")
    write(gold / "a.json", "{}")
    write(gold / ".hidden.txt", "H")
    write(gold / "notes.csv", "x,y")
    write(gold / "CONVENTIONS.md", "how gold is written")
    write(gold / "sub" / "deep.txt", "D")
    write(gold / "sub" / "SOURCES.md", "where the texts came from")
    write(gold / "sub" / "inner" / "deeper.txt", "E")
    write(gold / "another" / "x.txt", "X")
    write(gold / ".git" / "y.txt", "hidden folder")
    docs = discover_documents([gold])
    # files of a folder first, then its subfolders in name order, depth first
    assert [d.id for d in docs] == ["C", "a", "b", "x", "deep", "deeper"]
    assert all(d.ok for d in docs)


def test_a_folder_link_loop_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "gold" / "a.txt", "A")
    (tmp_path / "gold" / "loop").symlink_to(tmp_path / "gold", target_is_directory=True)
    assert [d.id for d in discover_documents([tmp_path / "gold"])] == ["a"]


def test_explicit_non_description_file_is_an_error(tmp_path: Path) -> None:
    docs = discover_documents([write(tmp_path / "x.json", "{}")])
    assert [(d.id, d.error) for d in docs] == [("x", "not a .txt or .md description file")]


def test_duplicate_id_is_an_error_on_the_later_document(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "same.txt", "first")
    second = write(tmp_path / "two" / "same.md", "second")
    write(tmp_path / "two" / "other.txt", "other")
    docs = discover_documents([tmp_path / "one", tmp_path / "two"])
    assert [d.id for d in docs] == ["same", "other", "same"]
    assert docs[0].ok and docs[0].path == first and docs[1].ok
    assert docs[2].path == second
    assert docs[2].error == f"duplicate id 'same' (already read from {first})"


def test_the_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "d" / "a.txt", "A")
    docs = discover_documents([path, tmp_path / "d", tmp_path / "d" / ".." / "d" / "a.txt"])
    assert [(d.id, d.ok) for d in docs] == [("a", True)]


def test_bad_inputs_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path / "d" / "good1.txt", "one")
    write(tmp_path / "d" / "empty.txt", "")
    write(tmp_path / "d" / "zbinary.md", b"\x00\x01")
    write(tmp_path / "d" / "good2.md", "two")
    docs = discover_documents([tmp_path / "d", tmp_path / "missing.md"])
    assert [(d.id, d.error is None) for d in docs] == [
        ("empty", False),
        ("good1", True),
        ("good2", True),
        ("zbinary", False),
        ("missing", False),
    ]


def test_a_directory_given_as_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert read_document(tmp_path / "dir.txt").error == "is a directory, not a description file"
    # ...and a directory of that name inside an input directory is passed over, not read.
    assert discover_documents([tmp_path]) == []
