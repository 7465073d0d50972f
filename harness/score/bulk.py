"""Building many small objects at once without paying the cyclic garbage collector for it.

Loading a gold set or a run creates millions of small objects (labels, tuples, pydantic
models) that all stay alive; every automatic collection then walks the growing heap for
nothing, which roughly doubles the time of a large load. None of these objects form
cycles that need collecting early, so collection is paused for the bulk step and
restored after (to the state it was in: a caller that disabled it keeps it disabled).

Restoring it is not enough: every object made during the pause still counts as young, so
the first allocation after it starts a collection that walks all of them (half a second
for a 10,000-document gold set), and the older generations walk them again later. So the
objects alive at the end of the step are frozen (``gc.freeze``: moved to the permanent
generation, which collections skip). They are still freed by reference counting as usual;
only cyclic garbage among them would wait, and these objects make no cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
