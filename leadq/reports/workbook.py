"""The Excel workbook of a run: Summary, the leads (one sheet per queue when routed),
Disqualified, Bad data by source, Hand-off.

Written by xlsxwriter row by row (constant memory). Every sheet has a bold frozen header, an
autofilter and widths from its content; score and quality are coloured red to green. Text is
written as text cells, never as formulas or numbers: a phone ``+48 501 234 567``, an id
``007`` and a cell ``=HYPERLINK(...)`` all keep exactly what the export had and nothing runs
(the same choice :mod:`leadq.write` makes for ``-o ranked.xlsx``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import pandas as pd

from leadq.context import RunContext, output_columns
from leadq.crm.handoff import handoff_leads
from leadq.reports.scored import ROUTING_COLUMNS
from leadq.reports.summary import RunFigures
from leadq.schema import DERIVED_FIELDS, Stage
from leadq.write import XLSX_MAX_ROWS

# What a rep reads first, before the export's own columns; the rest of leadq's columns follow.
LEADING_COLUMNS = (
    "rank", "queue_rank", "assigned_to", "stage", "grade", "score", "quality", "reasons",
    "disqualified_by", "lead_id", "person_name", "phone_e164", "email_normalized", "crm_owner",
    "duplicate_of",
)  # fmt: skip
SHEET_TRAILING_COLUMNS = ("queue", "assigned_by", "cluster_id", "source_file", "source_row")
COLOURED_COLUMNS = ("score", "quality")
STAGE_FILLS = {"sql": "#c6efce", "mql": "#ddebf7", "disqualified": "#ffc7ce"}
MAX_WIDTH = 50
MIN_WIDTH = 6
WIDTH_SAMPLE = 1_000  # rows looked at to size a column
NO_QUEUE = "no queue"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its name and its rows."""

    name: str
    table: pd.DataFrame


def write_workbook(
    handle: BinaryIO, table: pd.DataFrame, context: RunContext, figures: RunFigures
) -> None:
    """Write the workbook to ``handle`` (see the module docstring for its sheets)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(handle, _WORKBOOK_OPTIONS)
    styles = _Styles(workbook)
    sheets = workbook_sheets(table, context, figures)
    cut = [f"{sheet.name}: the first {XLSX_MAX_ROWS} of {len(sheet.table)} rows" for sheet in sheets
           if len(sheet.table) > XLSX_MAX_ROWS]  # fmt: skip
    _write_summary(workbook.add_worksheet("Summary"), figures, cut, styles)
    for sheet in sheets:
        _write_sheet(workbook.add_worksheet(sheet.name), sheet.table, styles)
    workbook.close()


def workbook_sheets(table: pd.DataFrame, context: RunContext, figures: RunFigures) -> list[Sheet]:
    """The data sheets after Summary, in order, with unique valid Excel names."""
    view = sheet_view(table, context)
    disqualified = (view["stage"] == Stage.DISQUALIFIED.value).fillna(False).to_numpy()
    sheets = list(_lead_sheets(view[~disqualified]))
    sheets += [
        Sheet("Disqualified", view[disqualified]),
        Sheet("Bad data by source", figures.summary.bad_data_by_source),
        Sheet("Hand-off", handoff_leads(table, context)),
    ]
    names = unique_sheet_names([sheet.name for sheet in sheets], taken={"summary"})
    return [Sheet(name, sheet.table) for name, sheet in zip(names, sheets, strict=True)]


def lead_view(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The leads with the columns a rep reads first, then the export's, then leadq's others."""
    leading, inputs, rest = _column_groups(table, context)
    return table[leading + inputs + rest]


def sheet_view(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The columns of a lead sheet: what a rep reads first, the export's, where a lead came
    from. leadq's other columns (``email_free``, ``phone_type`` ...) stay in ``leads.csv``:
    every cell costs time in a workbook, and a sheet of 60 columns is not read anyway."""
    leading, inputs, rest = _column_groups(table, context)
    return table[leading + inputs + [name for name in rest if name in SHEET_TRAILING_COLUMNS]]


def _column_groups(
    table: pd.DataFrame, context: RunContext
) -> tuple[list[str], list[str], list[str]]:
    ours = set(output_columns(context.rules)) | set(DERIVED_FIELDS) | set(ROUTING_COLUMNS)
    leading = [name for name in LEADING_COLUMNS if name in table.columns]
    inputs = [name for name in table.columns if name not in ours]
    rest = [name for name in table.columns if name in ours and name not in leading]
    return leading, inputs, rest


def _lead_sheets(leads: pd.DataFrame) -> Iterator[Sheet]:
    """One sheet per queue (in queue order: by ``queue_rank``), or one "Leads" sheet."""
    if "queue" not in leads.columns:
        yield Sheet("Leads", leads)
        return
    queues = leads["queue"].astype("str").fillna(NO_QUEUE)
    for queue, rows in leads.groupby(queues.to_numpy(), sort=True):
        if "queue_rank" in rows.columns:
            rows = rows.sort_values("queue_rank", kind="stable")
        yield Sheet(str(queue), rows)


def unique_sheet_names(wanted: list[str], taken: set[str]) -> list[str]:
    """Valid Excel sheet names: no ``[]:*?/\\``, at most 31 characters, unique ignoring case."""
    names = []
    used = set(taken)
    for name in wanted:
        base = _SHEET_NAME_BAD.sub("_", name).strip("'") or "sheet"
        candidate, number = base[:_SHEET_NAME_LENGTH], 2
        while candidate.casefold() in used or candidate.casefold() == "history":
            suffix = f" ({number})"
            candidate, number = base[: _SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
        used.add(candidate.casefold())
        names.append(candidate)
    return names


class _Styles:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook: Any) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#eaeef2", "bottom": 1})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True})
        self.share = workbook.add_format({"num_format": "0.0%"})
        self.stages = {
            stage: workbook.add_format({"bg_color": colour})
            for stage, colour in STAGE_FILLS.items()
        }


def _write_sheet(sheet: Any, table: pd.DataFrame, styles: _Styles) -> None:
    """Header, rows (at most Excel's limit), frozen header, autofilter, widths, colours."""
    rows = table.iloc[:XLSX_MAX_ROWS]
    columns = [str(name) for name in rows.columns]
    for number, name in enumerate(columns):
        style = styles.share if name.endswith("_share") else None
        sheet.set_column(number, number, column_width(name, rows[name]), style)
    sheet.write_row(0, 0, columns, styles.header)
    writers = [_cell_writer(sheet, rows[name]) for name in rows.columns]
    for row_number, row in enumerate(_cells(rows), start=1):
        for column_number, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None:
                write(row_number, column_number, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), max(len(columns) - 1, 0))
    if not len(rows):
        return
    for name in COLOURED_COLUMNS:
        if name in columns:
            number = columns.index(name)
            sheet.conditional_format(1, number, len(rows), number, {"type": "3_color_scale"})
    if "stage" in columns:
        number = columns.index("stage")
        for stage, style in styles.stages.items():
            rule = {"type": "cell", "criteria": "==", "value": f'"{stage}"', "format": style}
            sheet.conditional_format(1, number, len(rows), number, rule)


def _cells(table: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows of Python values, None for a missing cell; dates as ISO text."""
    columns = []
    for name in table.columns:
        column = table[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.strftime("%Y-%m-%d %H:%M:%S").str.removesuffix(" 00:00:00")
        columns.append(column.astype(object).where(column.notna(), None).tolist())
    return zip(*columns, strict=True)


def _cell_writer(sheet: Any, column: pd.Series) -> Callable[[int, int, Any], Any]:
    """Booleans as booleans, numbers as numbers, everything else as (inert) text cells."""
    if pd.api.types.is_bool_dtype(column):
        return sheet.write_boolean
    if pd.api.types.is_numeric_dtype(column):
        return sheet.write_number
    return lambda row, col, value: sheet.write_string(row, col, str(value))


def column_width(header: str, column: pd.Series) -> int:
    """Wide enough for the header and most values of the first rows, within 6-50 characters."""
    sample = column.iloc[:WIDTH_SAMPLE].dropna().astype("str").str.len()
    longest = int(sample.quantile(0.9)) if len(sample) else 0
    return max(MIN_WIDTH, min(MAX_WIDTH, max(len(header), longest) + 2))


def _write_summary(sheet: Any, figures: RunFigures, cut: list[str], styles: _Styles) -> None:
    """Run facts, sheets cut at Excel's row limit, then stages, grades, reasons, duplicates."""
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 2, 16)
    sheet.set_column(3, 3, 60)
    sheet.write_string(0, 0, "leadq report", styles.title)
    row = 2
    for key, value in figures.info.to_dict().items():
        text = ", ".join(value) if isinstance(value, list) else value
        _write_pair(sheet, row, key, "" if text is None else str(text), styles)
        row += 1
    for note in cut:  # never a silently dropped row: leads.csv has them all
        _write_pair(sheet, row, "sheet cut at Excel's limit", note, styles)
        row += 1
    row += 1
    for title, pairs in _summary_blocks(figures):
        sheet.write_string(row, 0, title, styles.header)
        row += 1
        for key, value in pairs:
            _write_pair(sheet, row, key, value, styles)
            row += 1
        row += 1
    sheet.freeze_panes(1, 0)


def _write_pair(sheet: Any, row: int, key: str, value: Any, styles: _Styles) -> None:
    sheet.write_string(row, 0, key, styles.bold)
    if isinstance(value, float):
        sheet.write_number(row, 1, value, styles.share)
    elif isinstance(value, int):
        sheet.write_number(row, 1, value)
    else:
        sheet.write_string(row, 1, str(value))


def _summary_blocks(figures: RunFigures) -> Iterator[tuple[str, list[tuple[str, Any]]]]:
    summary = figures.summary
    yield "leads", [("rows", summary.rows), ("bad data share", summary.bad_data_share)]
    yield "stage", list(summary.stages.items())
    yield "grade", list(figures.grades.items())
    yield "disqualified by", [(reason.rule_id, reason.leads) for reason in summary.reasons]
    if figures.duplicates is not None:
        yield "duplicates", list(figures.duplicates.items())
    if figures.handover is not None:
        yield "hand-off to CRM owners", [("leads", figures.handover)]
    for title, sizes in (("queue", figures.queues), ("assigned to", figures.reps)):
        if sizes is not None:
            yield title, [(str(key), int(leads)) for key, leads in sizes.itertuples(index=False)]
