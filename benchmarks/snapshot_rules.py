"""Everything the rule extractor outputs, saved to compare two versions: a speed change must not move it.

    python benchmarks/snapshot_rules.py /tmp/before.json            # save, before the change
    python benchmarks/snapshot_rules.py --check /tmp/before.json    # after: 0 differ, or the keys that do

Reads every .txt/.md under gold/, the shared seeds and tests/extract/unseen/, and variants
of each made with a fixed seed (cut at line boundaries and mid-line, spliced with the next
text, lines shuffled, a few characters deleted, inserted or repeated), random documents made
of Markdown pieces, and hostile inputs.
For each it keeps the record's JSON (or the error raised) and a digest of what other
extractors take from the rules (the outline's lines, sections, numbers and ranges per line).
Every text is read twice, the second time in reverse order after clearing the label caches:
a record that depends on what was read before shows as ORDER-DEPENDENT.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "gold", ROOT.parent / "shared" / "seeds", ROOT / "tests" / "extract" / "unseen"]


def base_texts() -> dict[str, str]:
    out = {}
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            if p.suffix in (".txt", ".md") and p.is_file():
                out[str(p.relative_to(folder.parent))] = p.read_text(encoding="utf-8")
    return out


def hostile() -> dict[str, str]:
    n = 20000
    cases = {
        "pipes": "|" * n, "stars": "*" * n, "digits": "1" * n, "dd": "1." * (n // 2),
        "signed": "-1" * (n // 2), "brackets": "(" * n, "quotes": '"' * n, "hashes": "#" * n,
        "colons": ": " * (n // 2), "bold": "**a:** " * (n // 7), "ranges": "1 to " * (n // 5),
        "align": "|" + "-|" * (n // 2), "kv": "a: 1, " * 3000,
        "table": "\n".join(["## Heatmap: T", "| Model | A | B | C |", "|---|---|---|---|"] + [f"| m{i} | {i}.1 | {i}.2 | {i}.3 |" for i in range(300)]),
        "nested": "\n".join("  " * i + f"- k{i}: {i}" for i in range(300)),
        "empty": "", "space": "   \n\n  \t", "nl": "\\n\\n", "crlf": "## Bar: A\r\n- x: 1\r\n- y: 2%\r\n",
        "unicode": "## Heatmap: ü\n* **α:** β 1.5 − 2.5 — 3 – 4\n| a | b |\n|---|---|\n| ☃ | ½ |",
    }
    return {f"hostile/{k}": v for k, v in cases.items()}


MUT_CHARS = list("|*#:-_0123456789.,%()[]\n \t\"'`~=+/") + ["**", "## ", "- ", "| ", " to ", "\n\n", "1.", " and ", "x"]


# Pieces of describers' Markdown, and characters that fold or count oddly (long s, dotted and
# dotless i, superscript two, circled one, Unicode minus and dashes), for random documents.
RANDOM_PIECES = list("abcdeftlopnsrxyz ABCTLEOP:;()[].!?  *_`-|0123456789#=~%,\t\"'/+") + [
    "ſ", "İ", "ı", "²", "①", "−", "–", "—", "\\", "→", "**", "__", "1.5", " to ", " and ", "left",
    "top", "title", "color", "legend", "Heatmap", "(a)", "x-axis", "rows", "layer ", "Epoch 3", "0.5",
    "inf", "nan", " the ", "Panel 1", "- ", "## ", "| ",
]


def random_documents(count: int = 2000) -> dict[str, str]:
    """Documents of random lines made of RANDOM_PIECES (a fixed seed: the same every run)."""
    rng = random.Random(7)
    out = {}
    for i in range(count):
        lines = ["".join(rng.choice(RANDOM_PIECES) for _ in range(rng.randrange(40))) for _ in range(rng.randrange(14))]
        out[f"random/{i:04d}"] = "\n".join(lines)
    return out


def variants(texts: dict[str, str]) -> dict[str, str]:
    rng = random.Random(20261207)
    out = {}
    names = sorted(texts)
    for k, name in enumerate(names):
        text = texts[name]
        lines = text.split("\n")
        n = len(lines)
        # cuts at line boundaries
        for j, frac in enumerate((0.2, 0.4, 0.6, 0.8)):
            out[f"cut{j}/{name}"] = "\n".join(lines[: max(1, int(n * frac))])
        # mid-line cuts
        for j in range(3):
            if text:
                out[f"mid{j}/{name}"] = text[: rng.randrange(len(text) + 1)]
        # splice with the next text
        other = texts[names[(k + 1) % len(names)]]
        out[f"splice/{name}"] = text[: len(text) // 2] + other[len(other) // 2 :]
        # line shuffle
        shuffled = lines[:]
        rng.shuffle(shuffled)
        out[f"shuf/{name}"] = "\n".join(shuffled)
        # char mutations
        for j in range(8):
            t = text
            for _ in range(rng.randrange(1, 30)):
                if not t:
                    break
                at = rng.randrange(len(t))
                op = rng.random()
                if op < 0.4:
                    t = t[:at] + t[at + rng.randrange(1, 4):]
                elif op < 0.8:
                    t = t[:at] + rng.choice(MUT_CHARS) + t[at:]
                else:
                    b = rng.randrange(len(t))
                    a, b = min(at, b), max(at, b)
                    if b - a < 400:
                        t = t[:a] + t[a:b] + t[a:b] + t[b:]
            out[f"mut{j}/{name}"] = t
    return out


def outline_digest(text: str) -> str:
    from harness.extract.rules.numbers import find_numbers, range_members
    from harness.extract.rules.sections import line_sections, under_meta
    from harness.extract.rules.structure import parse

    s = parse(text)
    kinds = line_sections(s)
    parts = []
    for line in s.lines:
        d = dataclasses.asdict(line)
        d["sec"] = kinds[line.index]
        d["meta"] = under_meta(s, line) if line.kind in ("bullet", "text") else None
        d["rm"] = sorted(range_members(line.raw))
        d["nums"] = [dataclasses.asdict(n) if dataclasses.is_dataclass(n) else repr(n) for n in find_numbers(line.raw)]
        parts.append(d)
    parts.append([dataclasses.asdict(t) for t in s.tables])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()


def run() -> dict[str, str]:
    from harness.extract.rules import RuleExtractor
    from harness.extract.rules.text import clear_caches

    texts = base_texts()
    allt = dict(texts)
    allt.update(variants(texts))
    allt.update(hostile())
    allt.update(random_documents())
    ex = RuleExtractor()
    result = {}
    for order in (0, 1):  # twice: with caches warm in one order, and cleared in reverse order
        clear_caches()
        names = sorted(allt) if order == 0 else sorted(allt, reverse=True)
        for name in names:
            text = allt[name]
            try:
                rec = ex.extract(name, text).model_dump_json()
            except Exception as exc:  # noqa: BLE001
                rec = f"ERROR {type(exc).__name__}: {exc}"
            key = name
            if order == 0:
                result[key] = rec
                if not name.startswith("hostile/") or len(text) < 5000:
                    try:
                        result["outline:" + key] = outline_digest(text)
                    except Exception as exc:  # noqa: BLE001
                        result["outline:" + key] = f"ERROR {type(exc).__name__}: {exc}"
            elif result[key] != rec:
                result[key] = "ORDER-DEPENDENT " + rec
    return result


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    check = sys.argv[1] == "--check"
    path = Path(sys.argv[-1])
    got = run()
    if not check:
        path.write_text(json.dumps(got, indent=0, sort_keys=True))
        print(f"wrote {len(got)} outputs ({sum(1 for k in got if not k.startswith('outline:'))} records) to {path}")
        od = [k for k, v in got.items() if v.startswith("ORDER-DEPENDENT")]
        print("order-dependent:", len(od), od[:5])
        return
    want = json.loads(path.read_text())
    diff = [k for k in want if want[k] != got.get(k)]
    extra = set(got) - set(want)
    recs = sum(1 for k in want if not k.startswith("outline:"))
    print(f"compared {len(want)} outputs ({recs} records, {len(want) - recs} outline digests): "
          f"{len(diff)} differ, {len(extra)} new")
    for k in diff[:10]:
        print("DIFF", k)
        print("  want", want[k][:300])
        print("  got ", (got.get(k) or "")[:300])
    sys.exit(1 if diff or extra else 0)


if __name__ == "__main__":
    main()
