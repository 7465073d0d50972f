"""How gold/real/ was split into dev/ (tuned on) and test/ (kept blind): a seeded shuffle.

    python gold/real/split.py POOL_DIR      # moves POOL_DIR/ID.{txt,json} into dev/ and test/

Run once, on 2026-12-02, over the 118 collected descriptions, before any extractor was
changed for them. The ids are sorted, shuffled with random.Random(SEED), and the first third
(rounded down) is the test set. Kept so that the split can be checked, not to be re-run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20261202


def split(ids: list[str], seed: int = SEED) -> tuple[list[str], list[str]]:
    """(dev, test): a seeded shuffle of the sorted ids, the first third to test."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    cut = len(order) // 3
    return sorted(order[cut:]), sorted(order[:cut])


def main(pool: Path) -> None:
    here = Path(__file__).resolve().parent
    ids = sorted(path.stem for path in pool.glob("*.json"))
    dev, test = split(ids)
    for subset, chosen in (("dev", dev), ("test", test)):
        target = here / subset
        target.mkdir(exist_ok=True)
        for doc_id in chosen:
            for path in pool.glob(f"{doc_id}.*"):
                path.rename(target / path.name)
    print(f"{len(dev)} dev, {len(test)} test (seed {SEED})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
