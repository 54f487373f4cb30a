"""A job's files: its patterns expanded, and the record of inputs earlier runs processed.

An input is known by its content (SHA-256), not its name or time: a re-sent copy of yesterday's
export is "unchanged", a file edited in place is new. The record (``processed-inputs.json`` in
the job's state folder) is written only after a run finished, so a failed run processes its
inputs again next time.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from leadq.errors import InputError, LeadqError
from leadq.jobs.spec import Pattern
from leadq.write import write_atomically

LEDGER_FILE = "processed-inputs.json"
LEDGER_VERSION = 1
_GLOB_CHARS = frozenset("*?[")


def is_glob(pattern: Pattern) -> bool:
    return any(char in pattern.text for char in _GLOB_CHARS)


def expand(patterns: Iterable[Pattern], *, must_match: bool) -> tuple[list[Path], list[Pattern]]:
    """The files the patterns name, sorted within a pattern, each once; and the globs that
    matched nothing.

    A plain path must exist; a glob that matches nothing is an error when ``must_match`` (side
    files: a missing CRM export would let customers through), else it is returned.

    Raises:
        RulesError: a plain path that is no file, or an empty glob when ``must_match``.
    """
    files: list[Path] = []
    empty: list[Pattern] = []
    for pattern in patterns:
        found = _matches(pattern)
        if not found and (must_match or not is_glob(pattern)):
            reason = "matched no file" if is_glob(pattern) else "no such file"
            raise pattern.problem(f"{pattern.text!r}: {reason} ({pattern.full})")
        if not found:
            empty.append(pattern)
        files += [path for path in found if path not in files]
    return files, empty


def _matches(pattern: Pattern) -> list[Path]:
    if not is_glob(pattern):
        path = Path(pattern.full)
        return [path] if path.is_file() else []
    return sorted(
        Path(name) for name in glob.glob(pattern.full, recursive=True) if Path(name).is_file()
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, read in blocks (a 1M-row export is a few hundred MB)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise InputError(str(path), f"cannot read the file: {error.strerror or error}") from None
    return digest.hexdigest()


class LedgerError(LeadqError):
    """The record of processed inputs cannot be read or written."""


@dataclass(frozen=True)
class Processed:
    """An input an earlier run finished with."""

    file: str
    run: str  # that run's folder
    at: str  # when it finished, ISO 8601 UTC


def read_ledger(state_dir: Path) -> dict[str, Processed]:
    """Digest -> the run that processed it; empty when no run has finished yet."""
    path = state_dir / LEDGER_FILE
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        if data.get("version") != LEDGER_VERSION:
            raise ValueError("unknown version")
        return {digest: Processed(**entry) for digest, entry in data["inputs"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        raise LedgerError(
            f"{path}: not a leadq record of processed inputs; delete it to process every "
            "input again"
        ) from None


def save_ledger(
    state_dir: Path, ledger: dict[str, Processed], digests: dict[Path, str], run: Path
) -> None:
    """Add this run's inputs to the record and replace the file atomically."""
    at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    updated = ledger | {
        digest: Processed(str(path), str(run), at) for path, digest in digests.items()
    }
    data = {
        "version": LEDGER_VERSION,
        "inputs": {digest: vars(entry) for digest, entry in sorted(updated.items())},
    }
    payload = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(payload)

    path = state_dir / LEDGER_FILE
    try:
        write_atomically(path, write)
    except OSError as error:
        raise LedgerError(f"{path}: cannot write it: {error.strerror or error}") from None
