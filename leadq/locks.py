"""File locks that make a second concurrent run wait, up to a timeout, then fail clearly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from leadq.errors import LeadqError


@contextmanager
def held_lock(
    lock_file: Path, timeout: float, what: str, hint: str, error: type[LeadqError]
) -> Iterator[None]:
    """Hold ``lock_file`` for the block; another process holding it is waited for.

    Raises:
        error: the lock was held elsewhere for longer than ``timeout`` seconds ("``what`` is in
            use by another run (waited N s; ``hint``)"), or the lock file cannot be created.
    """
    lock = filelock.FileLock(str(lock_file))
    try:
        lock.acquire(timeout=timeout)
    except filelock.Timeout:
        raise error(f"{what} is in use by another run (waited {timeout:g} s; {hint})") from None
    except OSError as failure:
        raise error(f"{what}: cannot create its lock file: {failure.strerror or failure}") from None
    try:
        yield
    finally:
        lock.release()
