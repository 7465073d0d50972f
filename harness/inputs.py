"""Reading descriptions from disk: paths in, :class:`Document` objects out.

Bad input never raises here. A missing path, an empty or binary file, text that is not
UTF-8 or a file too large to be a description each becomes a ``Document`` carrying a
one-line ``error``, so a run can write that error against the document's id and go on
with the rest.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DESCRIPTION_SUFFIXES = (".txt", ".md")
# A chart description is a few kilobytes; a megabyte is a wrong file, not a long chart.
MAX_DOCUMENT_BYTES = 1_000_000

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class Document:
    """One description: its id (the file stem), where it came from, its text or why not."""

    id: str
    path: Path
    text: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def sha256(self) -> str | None:
        """Digest of the text, so a resumed run can tell a changed description from a done one."""
        if self.text is None:
            return None
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def is_description_path(path: Path) -> bool:
    return path.suffix.lower() in DESCRIPTION_SUFFIXES


def read_document(path: Path | str) -> Document:
    """Read one description file; every failure becomes ``Document.error``."""
    path = Path(path)
    doc_id = path.stem

    def failed(cause: str) -> Document:
        return Document(id=doc_id, path=path, error=cause)

    try:
        info = path.stat()
    except FileNotFoundError:
        return failed("no such file")
    except OSError as exc:
        return failed(f"cannot read ({exc.strerror or exc})")
    if path.is_dir():
        return failed("is a directory, not a description file")
    if not path.is_file():
        # FIFOs and devices could block or never end.
        return failed("not a regular file")
    if info.st_size > MAX_DOCUMENT_BYTES:
        return failed(f"too large ({info.st_size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,})")
    try:
        with path.open("rb") as handle:
            # One byte over the limit catches a file that grew after stat().
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        return failed(f"cannot read ({exc.strerror or exc})")
    if len(raw) > MAX_DOCUMENT_BYTES:
        return failed(f"too large (over {MAX_DOCUMENT_BYTES:,} bytes)")

    text, cause = decode_description(raw)
    if cause is not None:
        return failed(cause)
    return Document(id=doc_id, path=path, text=text)


def decode_description(raw: bytes) -> tuple[str | None, str | None]:
    """Bytes to text, or the reason they are not a description: ``(text, None)`` or ``(None, cause)``."""
    if raw.startswith(_UTF16_BOMS):
        return None, "UTF-16 text, not UTF-8 (re-save the file as UTF-8)"
    offset = 0
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
        offset = len(_UTF8_BOM)
    nul = raw.find(b"\x00")
    if nul >= 0:
        return None, f"binary content (NUL byte at offset {nul + offset})"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start + offset})"
    if not text:
        return None, "empty file"
    if not text.strip():
        return None, "only whitespace"
    return text, None


def discover_documents(paths: Iterable[Path | str]) -> list[Document]:
    """Every description under ``paths``, in the order given.

    A file is read as given; a directory contributes its ``.txt``/``.md`` files and
    those of its subdirectories (a gold set keeps subsets in folders: ``gold/real/dev``),
    files before folders, each sorted by name. Gold ``.json`` files beside their
    descriptions are passed over, and so are a folder's own documentation files (see
    :func:`is_folder_documentation`). The same file reached twice is read once; a second,
    different file with an id already seen becomes an error document.
    """
    documents: list[Document] = []
    first_path_by_id: dict[str, Path] = {}
    seen_files: set[Path] = set()

    for given in paths:
        for doc in _documents_at(Path(given)):
            real = _real_path(doc.path)
            if real in seen_files:
                continue
            seen_files.add(real)
            first = first_path_by_id.get(doc.id)
            if first is not None:
                doc = Document(
                    id=doc.id,
                    path=doc.path,
                    error=f"duplicate id {doc.id!r} (already read from {first})",
                )
            else:
                first_path_by_id[doc.id] = doc.path
            documents.append(doc)
    return documents


# Files that document a folder (a gold set's provenance, its conventions) rather than
# describe a chart; matched on the exact capitalised stem, as these names are written.
FOLDER_DOCUMENTATION_STEMS = frozenset({"README", "SOURCES", "CONVENTIONS", "CHANGELOG", "LICENSE", "NOTES"})


def is_folder_documentation(name: str) -> bool:
    """Whether a file name (``SOURCES.md``) is a folder's documentation, not a description."""
    return Path(name).stem in FOLDER_DOCUMENTATION_STEMS


def _documents_at(path: Path) -> list[Document]:
    if not path.is_dir():
        if path.exists() and not is_description_path(path):
            return [Document(id=path.stem, path=path, error="not a .txt or .md description file")]
        return [read_document(path)]
    documents: list[Document] = []
    # An explicit stack rather than recursion: a deep tree of folders cannot exhaust
    # the interpreter's stack, and a link loop is cut by the resolved-path set.
    pending: list[Path] = [path]
    visited: set[Path] = set()
    while pending:
        folder = pending.pop()
        real = _real_path(folder)
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            documents.append(
                Document(id=folder.name, path=folder, error=f"cannot list directory ({exc.strerror or exc})")
            )
            continue
        subfolders = []
        for entry in entries:
            # Hidden files are editor droppings, not descriptions; a broken link named
            # x.txt is kept so that it is reported rather than silently missed.
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subfolders.append(folder / entry.name)
            elif is_description_path(Path(entry.name)) and not is_folder_documentation(entry.name):
                documents.append(read_document(folder / entry.name))
        pending.extend(reversed(subfolders))
    return documents


def _real_path(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - resolve() only fails on odd filesystems
        return path.absolute()
