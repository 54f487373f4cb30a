"""Which allocator Arrow takes its buffers from in a leadq process.

A 1M-row score run allocates and frees gigabytes of Arrow buffers (the stages' columns, the
ranking's reordered copy). With jemalloc instead of pyarrow's default (mimalloc) the same run
peaked at about 2.8 GiB instead of 3.0 GiB and spent 6.4 s instead of 7.9 s in the kernel
(benchmarks/RESULTS.md): freed pages go back to the system sooner, and fewer are faulted in
again. ``leadq dedupe`` frees and allocates hundreds of megabytes a second in a flat profile, so
it also keeps the freed pages for reuse (2 to 3 s less system time, the same peak).

Process-wide choices: made by the program (the CLI, dedupe's worker), never by the library. An
``ARROW_DEFAULT_MEMORY_POOL`` the user sets wins; a pyarrow build without jemalloc (Windows
wheels) keeps its default.
"""

from __future__ import annotations

import os

import pyarrow as pa


def prefer_jemalloc() -> bool:
    """Make jemalloc Arrow's default pool; False when the user or the build decides otherwise."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return False
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:
        return False
    return True


def keep_freed_memory() -> None:
    """jemalloc as the pool, and freed pages never purged: the process ends with the command."""
    if prefer_jemalloc():
        pa.jemalloc_set_decay_ms(-1)
