"""Writers for the lead table: CSV, Excel-friendly CSV, XLSX, JSON Lines, Parquet.

Every file is written atomically (a temporary file in the same folder, then a rename), so a cron
job killed half-way leaves the previous file whole. In CSV written for people, cells that a
spreadsheet would run as a formula are neutralised with a leading apostrophe, the marker Excel and
LibreOffice read as "this is text": ``+48 501 234 567`` still shows as typed. XLSX cells are
written as text cells, which spreadsheets never evaluate, so they keep their exact values.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from leadq.errors import OutputError

# A cell starting with one of these is a formula to a spreadsheet; plain signed numbers are not.
FORMULA_FIRST_BYTES = (b"=", b"+", b"-", b"@", b"\t", b"\r")
PLAIN_NUMBER = r"^-\d+(?:[.,]\d+)?$|^-$"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row


class OutputFormat(StrEnum):
    CSV = "csv"
    EXCEL_CSV = "excel-csv"  # UTF-8 with BOM and ";" separators: what Excel opens right in RU/PL
    XLSX = "xlsx"
    JSONL = "jsonl"
    PARQUET = "parquet"


EXTENSIONS = {
    ".csv": OutputFormat.CSV,
    ".xlsx": OutputFormat.XLSX,
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
    ".parquet": OutputFormat.PARQUET,
}
BINARY_FORMATS = frozenset({OutputFormat.XLSX, OutputFormat.PARQUET})


def infer_format(destination: Path | None, explicit: OutputFormat | None) -> OutputFormat:
    """``--format`` when given, else the output file's extension, else CSV."""
    if explicit is not None:
        return explicit
    if destination is None:
        return OutputFormat.CSV
    suffix = destination.suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise OutputError(
            f"{destination}: unknown output extension {suffix!r}; use one of {known} or --format"
        )
    return EXTENSIONS[suffix]


def write_table(
    table: pd.DataFrame,
    destination: Path | None,
    output_format: OutputFormat,
    *,
    neutralize: bool = True,
    stdout: BinaryIO | None = None,
) -> None:
    """Write ``table`` to ``destination`` (atomically), or to ``stdout`` when it is None."""
    writer = _WRITERS[output_format]
    if output_format in (OutputFormat.CSV, OutputFormat.EXCEL_CSV) and neutralize:
        table = neutralize_formulas(table)
    if destination is None:
        target = stdout if stdout is not None else sys.stdout.buffer
        if output_format in BINARY_FORMATS and target.isatty():
            raise OutputError(f"{output_format.value} is binary: give -o FILE or redirect stdout")
        writer(table, target)
        return
    write_atomically(destination, lambda handle: writer(table, handle))


def write_atomically(destination: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write to a temporary file beside ``destination``, then rename it into place."""
    folder = destination.parent if str(destination.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{destination}: folder {str(folder)!r} does not exist")
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.chmod(temporary, _file_mode(destination))
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(destination: Path) -> int:
    """The mode a plain write would give: the existing file's, else 0666 less the umask."""
    if destination.exists():
        return destination.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def neutralize_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text cells that a spreadsheet would evaluate as a formula."""
    changed = {}
    for name in table.columns:
        column = table[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if categories.dtype == "str" and len(categories):
                safe = neutralize_formulas(pd.DataFrame({"text": pd.Series(categories)}))["text"]
                if not safe.equals(pd.Series(categories)):
                    changed[name] = column.cat.rename_categories(list(safe))
        elif column.dtype == "str":
            risky = _formula_cells(pa.array(column.array))
            if risky.any():
                changed[name] = column.mask(risky, "'" + column[risky])  # only those cells
    return table.assign(**changed) if changed else table


def _formula_cells(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Where a cell starts like a formula and is not a plain negative number.

    The first byte of every cell is compared with the formula starts (all ASCII, so never part
    of a longer UTF-8 character); the number pattern (Arrow's RE2) runs on those cells only.
    """
    first = pc.binary_slice(values.cast(pa.large_binary()), 0, 1)
    starts = pc.is_in(first, value_set=pa.array(FORMULA_FIRST_BYTES, pa.large_binary()))
    risky = starts.fill_null(False).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(risky)
    if len(candidates):
        plain = pc.match_substring_regex(values.take(pa.array(candidates)), PLAIN_NUMBER)
        risky[candidates] = ~plain.fill_null(False).to_numpy(zero_copy_only=False)
    return risky


def _to_arrow(table: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(table, preserve_index=False)


def _write_csv(
    table: pd.DataFrame, handle: BinaryIO, delimiter: str = ",", bom: bool = False
) -> None:
    """Arrow's writer for the rows (fast); the csv module for the header, quoted only if needed."""
    header = io.StringIO()
    csv.writer(header, delimiter=delimiter, lineterminator="\n").writerow(
        [str(name) for name in table.columns]
    )
    handle.write(("\ufeff" if bom else "").encode() + header.getvalue().encode("utf-8"))
    options = pa_csv.WriteOptions(include_header=False, delimiter=delimiter, quoting_style="needed")
    pa_csv.write_csv(_to_arrow(table), handle, write_options=options)


def _write_excel_csv(table: pd.DataFrame, handle: BinaryIO) -> None:
    _write_csv(table, handle, delimiter=";", bom=True)


def _write_jsonl(table: pd.DataFrame, handle: BinaryIO) -> None:
    text = table.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
    handle.write(text.encode("utf-8"))
    if text and not text.endswith("\n"):
        handle.write(b"\n")


def _write_parquet(table: pd.DataFrame, handle: BinaryIO) -> None:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    handle.write(buffer.getvalue())


def _write_xlsx(table: pd.DataFrame, handle: BinaryIO) -> None:
    import xlsxwriter

    if len(table) > XLSX_MAX_ROWS:
        raise OutputError(f"{len(table)} rows do not fit in one Excel sheet; write CSV or Parquet")
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(handle, options)
    sheet = workbook.add_worksheet("leads")
    sheet.write_row(
        0, 0, [str(name) for name in table.columns], workbook.add_format({"bold": True})
    )
    writers = [_xlsx_cell_writer(sheet, table[name]) for name in table.columns]
    columns = [
        table[name].astype(object).where(table[name].notna(), None).tolist()
        for name in table.columns
    ]
    for row_number, row in enumerate(
        zip(*columns, strict=True), start=1
    ):  # constant_memory: strictly row by row
        for column_number, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None:
                write(row_number, column_number, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table), max(len(table.columns) - 1, 0))
    workbook.close()


def _xlsx_cell_writer(sheet: Any, column: pd.Series) -> Callable[[int, int, Any], Any]:
    """Numbers as numbers, booleans as booleans, everything else as (inert) text cells."""
    if pd.api.types.is_bool_dtype(column):
        return sheet.write_boolean
    if pd.api.types.is_numeric_dtype(column):
        return sheet.write_number
    return lambda row, col, value: sheet.write_string(row, col, str(value))


_WRITERS: dict[OutputFormat, Callable[[pd.DataFrame, BinaryIO], None]] = {
    OutputFormat.CSV: _write_csv,
    OutputFormat.EXCEL_CSV: _write_excel_csv,
    OutputFormat.XLSX: _write_xlsx,
    OutputFormat.JSONL: _write_jsonl,
    OutputFormat.PARQUET: _write_parquet,
}
