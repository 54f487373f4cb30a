"""Which allocator Arrow uses in a process that churns through large arrays (`leadq dedupe`
and its worker)."""

from __future__ import annotations

import os

import pyarrow as pa


def keep_freed_memory() -> None:
    """Let Arrow allocate through jemalloc that keeps freed pages for reuse.

    Arrow's default allocator (mimalloc) hands freed pages back to the system within
    milliseconds; a command that frees and allocates hundreds of megabytes a second then takes a
    page fault for every page it gets back: 2 to 3 s of system time in ``leadq dedupe`` at a
    million rows. The peak memory stays the same (freed pages are reused, not added). An
    ``ARROW_DEFAULT_MEMORY_POOL`` set by the user wins, and a pyarrow built without jemalloc
    keeps its default.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        return
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pragma: no cover - a pyarrow built without jemalloc
        return
    pa.set_memory_pool(pool)
    pa.jemalloc_set_decay_ms(-1)  # never purge: the process ends when the command is done
