"""Which allocator Arrow takes its buffers from in a leadq process.

A 1M-row score run allocates and frees gigabytes of Arrow buffers (the stages' columns, the
ranking's reordered copy). With jemalloc instead of pyarrow's default (mimalloc) the same run
peaked at about 2.8 GiB instead of 3.0 GiB and spent 6.4 s instead of 7.9 s in the kernel
(benchmarks/results_score-speed.md): freed pages go back to the system sooner, and fewer are
faulted in again.
"""

from __future__ import annotations

import os

import pyarrow as pa


def prefer_jemalloc() -> None:
    """Make jemalloc Arrow's default pool, unless the user chose one (ARROW_DEFAULT_MEMORY_POOL)
    or this pyarrow build has none (Windows wheels)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:
        return
