"""Read leadq's own output back (``leadq report scored.csv``), with leadq's columns typed again.

A scored file written by ``leadq score -o`` (CSV, Excel-CSV or XLSX) holds every input column as
text and leadq's columns after them. Reports need those columns as the pipeline had them:
booleans, numbers, text with missing values. CSV written for people had formula-like cells
neutralised with a leading apostrophe; it is taken off again, so the reports show the cells as
they were (and neutralise them once more where they write CSV).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leadq.context import RunContext, RunSettings
from leadq.errors import InputError
from leadq.load import SOURCE_FILE, SOURCE_ROW, ReadWarning, read_table
from leadq.pipeline import build_context
from leadq.ruleset import RuleSet
from leadq.schema import DERIVED_FIELDS, RESULT_COLUMNS, FieldType

# Without these a file is not leadq's output: the reports count and chart them.
REQUIRED_COLUMNS = (
    "lead_id", SOURCE_FILE, SOURCE_ROW, "email_valid", "phone_valid", "disqualified_by",
    "reasons", "score", "quality", "grade", "stage", "rank",
)  # fmt: skip
# Columns the routing stage adds, typed when present.
ROUTING_COLUMNS: dict[str, FieldType] = {
    "queue": FieldType.CATEGORY,
    "queue_rank": FieldType.NUMBER,
    "assigned_to": FieldType.CATEGORY,
    "assigned_by": FieldType.TEXT,
}
PROVENANCE = (SOURCE_FILE, SOURCE_ROW)
_NEUTRALISED = r"^'(?=[=+\-@\t\r])"
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


@dataclass(frozen=True)
class ScoredRun:
    """An earlier run's table, a context to read its input fields through, and what the
    reader repaired (ragged rows ...)."""

    table: pd.DataFrame
    context: RunContext
    warnings: tuple[ReadWarning, ...] = ()


def read_scored(path: Path, rules: RuleSet, as_of: datetime.date | None = None) -> ScoredRun:
    """Read a file ``leadq score`` wrote, with leadq's columns typed as the pipeline made them.

    Raises:
        InputError: the file cannot be read, or it lacks leadq's columns.
    """
    read = read_table(path)
    table = _undo_reader_provenance(read.table)
    check_leadq_columns(str(path), table)
    if not _is_workbook(path):
        table = _undo_neutralisation(table)
    table = type_leadq_columns(table)
    settings = RunSettings(as_of=as_of or datetime.date.today())
    warnings = tuple(warning for warning in read.warnings if not _is_provenance(warning))
    return ScoredRun(table, build_context(table, rules, settings), warnings)


def check_leadq_columns(source: str, table: pd.DataFrame) -> None:
    """One clear line when ``table`` is not leadq's output, or lost some of its columns."""
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if not missing:
        return
    if len(missing) == len(REQUIRED_COLUMNS) or {"stage", "score"} <= set(missing):
        raise InputError(
            source, "not a leadq output (no 'stage' and 'score' columns); run leadq score first"
        )
    listed = ", ".join(repr(name) for name in missing)
    raise InputError(source, f"leadq output without its column(s) {listed}")


def type_leadq_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Booleans, numbers and dates of leadq's columns from their text; other columns as read."""
    types = {**DERIVED_FIELDS, **RESULT_COLUMNS, **ROUTING_COLUMNS}
    types.update({name: FieldType.NUMBER for name in table.columns if name.startswith("score_")})
    typed = {
        name: _typed(table[name], kind) for name, kind in types.items() if name in table.columns
    }
    return table.assign(**typed)


def _typed(text: pd.Series, kind: FieldType) -> pd.Series:
    text = text.astype("str")
    blank = text.isna() | (text.str.strip() == "")
    if kind is FieldType.BOOL:
        truth = text.str.strip().str.casefold().isin(["true", "1"])
        return truth.astype("boolean").mask(blank)  # empty stays unknown (no answer parsed)
    if kind is FieldType.NUMBER:
        return pd.to_numeric(text.mask(blank), errors="coerce")
    if kind is FieldType.DATE:
        return pd.to_datetime(text.mask(blank), errors="coerce", format="ISO8601").astype(
            "datetime64[s]"
        )
    return text.mask(blank)


def _undo_reader_provenance(table: pd.DataFrame) -> pd.DataFrame:
    """The reader adds its own ``source_file``/``source_row``; the earlier run's are the truth."""
    earlier = {f"{name} (input)": name for name in PROVENANCE}
    if not set(earlier) <= set(table.columns):
        return table.drop(columns=[SOURCE_FILE, SOURCE_ROW])
    return table.drop(columns=[SOURCE_FILE, SOURCE_ROW]).rename(columns=earlier)


def _is_provenance(warning: ReadWarning) -> bool:
    """The reader's note that it renamed the earlier run's source_file/source_row: expected."""
    return any(f"column {name!r} is renamed" in warning.message for name in PROVENANCE)


def _undo_neutralisation(table: pd.DataFrame) -> pd.DataFrame:
    text = [name for name in table.columns if table[name].dtype == "str"]
    return table.assign(
        **{name: table[name].str.replace(_NEUTRALISED, "", regex=True) for name in text}
    )


def _is_workbook(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in _WORKBOOK_MAGIC
