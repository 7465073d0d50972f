"""How gold/real/ was split into what is tuned on and what is kept blind: seeded shuffles.

    python gold/real/split.py POOL_DIR             # round 1: POOL_DIR/ID.{txt,json} into dev/ and test/
    python gold/real/split.py --holdout POOL_DIR   # round 2: into dev/round2/ and holdout/
    python gold/real/split.py --round3 POOL_DIR    # round 3: into dev/round3/ and holdout/round3/
    python gold/real/split.py --round4 POOL_DIR    # round 4: into dev/round4/ and holdout/round4/
    python gold/real/split.py --round5 POOL_DIR    # round 5: into dev/round5/ and holdout/round5/
    python gold/real/split.py --round6 POOL_DIR    # round 6: all into holdout/round6/

Round 1 ran once, on 2026-12-02, over the 118 first descriptions, before any extractor was
changed for them: the ids sorted, shuffled with random.Random(SEED), the first third
(rounded down) to test/. The test third was first read at the end of that work (stop 13).

Round 2 ran once, on 2026-12-07, over 56 more descriptions of other figures, collected and
given gold before any extractor was changed for them: the ids sorted, shuffled with
random.Random(HOLDOUT_SEED), the first half (rounded down) to holdout/, a new blind set, the
rest to dev/round2/.

Round 3 ran once, on 2026-12-07, over 48 more descriptions of other figures, collected and
given gold by three helpers who ran no extractor on them; the ids sorted, shuffled with
random.Random(ROUND3_SEED), the first half to holdout/round3/ (a second blind set: the rules
were changed after round 2's holdout had been read, so that one is no longer a clean
measure of them), the rest to dev/round3/.

Round 4 ran once, on 2026-12-07, the same way over 48 more descriptions (seed ROUND4_SEED):
half to holdout/round4/ (round 3's holdout had been read when its figures were reported),
the rest to dev/round4/.

Round 5 ran once, on 2026-12-07, the same way over 46 more descriptions (seed ROUND5_SEED):
half to holdout/round5/ (round 4's holdout was read when its figures were reported, and its
failures were tuned on since), the rest to dev/round5/.

Round 6 ran once, on 2026-12-07, over 36 more descriptions of other figures collected and
given gold by three helpers who ran no extractor on them: all of them to holdout/round6/, with
no shuffle and no tuned half. Round 5's holdout was read when its figures were reported, and
dev/ already holds 178 texts to tune on; a whole round kept blind makes the next honest
figure rest on 36 texts instead of 18. Kept so that the splits can be checked, not to be re-run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20261202
HOLDOUT_SEED = 20261207
ROUND3_SEED = 2026120703
ROUND4_SEED = 2026120704
ROUND5_SEED = 2026120705


def split(ids: list[str], seed: int = SEED, blind_share: float = 1 / 3) -> tuple[list[str], list[str]]:
    """(tuned, blind): a seeded shuffle of the sorted ids, the first ``blind_share`` to blind."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    cut = int(len(order) * blind_share) if blind_share != 1 / 3 else len(order) // 3
    return sorted(order[cut:]), sorted(order[:cut])


def split_holdout(ids: list[str]) -> tuple[list[str], list[str]]:
    """Round 2: (dev/round2, holdout), half of the ids blind."""
    return split(ids, HOLDOUT_SEED, 1 / 2)


def split_round3(ids: list[str]) -> tuple[list[str], list[str]]:
    """Round 3: (dev/round3, holdout/round3), half of the ids blind."""
    return split(ids, ROUND3_SEED, 1 / 2)


def split_round4(ids: list[str]) -> tuple[list[str], list[str]]:
    """Round 4: (dev/round4, holdout/round4), half of the ids blind."""
    return split(ids, ROUND4_SEED, 1 / 2)


def split_round5(ids: list[str]) -> tuple[list[str], list[str]]:
    """Round 5: (dev/round5, holdout/round5), half of the ids blind."""
    return split(ids, ROUND5_SEED, 1 / 2)


def main(
    pool: Path, holdout: bool, round3: bool = False, round4: bool = False, round5: bool = False, round6: bool = False
) -> None:
    here = Path(__file__).resolve().parent
    ids = sorted(path.stem for path in pool.glob("*.json"))
    if round6:
        targets = (("holdout/round6", ids),)
    elif round5:
        tuned, blind = split_round5(ids)
        targets = (("dev/round5", tuned), ("holdout/round5", blind))
    elif round4:
        tuned, blind = split_round4(ids)
        targets = (("dev/round4", tuned), ("holdout/round4", blind))
    elif round3:
        tuned, blind = split_round3(ids)
        targets = (("dev/round3", tuned), ("holdout/round3", blind))
    elif holdout:
        tuned, blind = split_holdout(ids)
        targets = (("dev/round2", tuned), ("holdout", blind))
    else:
        tuned, blind = split(ids)
        targets = (("dev", tuned), ("test", blind))
    for subset, chosen in targets:
        target = here / subset
        target.mkdir(parents=True, exist_ok=True)
        for doc_id in chosen:
            for path in pool.glob(f"{doc_id}.*"):
                path.rename(target / path.name)
        print(f"{len(chosen)} to {subset}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(Path(arguments[-1]), holdout="--holdout" in arguments, round3="--round3" in arguments, round4="--round4" in arguments,
         round5="--round5" in arguments, round6="--round6" in arguments)
