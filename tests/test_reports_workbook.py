"""The run's Excel workbook: its sheets, cells typed as written, nothing a spreadsheet would run.

Read back with python-calamine (leadq's reader); the sheets' XML is checked for formulas; and,
where LibreOffice is installed, every sheet is converted headless to CSV: a workbook that needs
repairing fails to load there.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest
import python_calamine

import leadq
from leadq.api import ScoreOptions
from leadq.reports.summary import RunInfo, run_figures
from leadq.reports.workbook import column_width, unique_sheet_names, write_workbook

FORMULA = '=SUM(1,2)*CELL("row")'  # no link: a link in a message is spam
LEADS = f"""\
Lead ID,Source,Full Name,Company,Email,Phone,Message
007,web,Anna Nowak,Polmet,anna@polmet.pl,+48 501 234 567,"{FORMULA.replace('"', '""')}"
L-2,web,Jan Kowalski,Firma,jan@firma.pl,+48 502 345 678,demo please
L-3,promo,Test Test,,broken-at-sign,12,
L-4,promo,Olga Lis,,,,
"""
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def result(write_file):
    options = ScoreOptions(as_of=datetime.date(2026, 11, 25), workers=1)
    return leadq.score([write_file("leads.csv", LEADS)], options)


def workbook_bytes(table: pd.DataFrame, result) -> bytes:
    info = RunInfo("default", datetime.date(2026, 11, 25), ("leads.csv",))
    buffer = io.BytesIO()
    write_workbook(buffer, table, result.context, run_figures(table, result.context, info))
    return buffer.getvalue()


def routed(table: pd.DataFrame) -> pd.DataFrame:
    queue = table["stage"].map({"sql": "enterprise", "mql": "smb/mid", "nurture": "smb/mid"})
    return table.assign(
        queue=queue,
        queue_rank=table.groupby(queue)["rank"].rank(method="first"),
        assigned_to=queue.map({"enterprise": "Anna", "smb/mid": "Piotr"}),
        assigned_by="round_robin",
    )


def read_sheets(data: bytes) -> dict[str, list[list[object]]]:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in workbook.sheet_names
    }


def as_records(rows: list[list[object]]) -> list[dict[str, object]]:
    header = [str(cell) for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_sheets_without_queues(result):
    sheets = read_sheets(workbook_bytes(result.table, result))
    assert list(sheets) == ["Summary", "Leads", "Disqualified", "Bad data by source", "Hand-off"]
    leads, disqualified = as_records(sheets["Leads"]), as_records(sheets["Disqualified"])
    assert len(leads) + len(disqualified) == 4
    assert {row["stage"] for row in disqualified} == {"disqualified"}
    assert "disqualified" not in {row["stage"] for row in leads}


def test_one_sheet_per_queue_when_the_table_is_routed(result):
    table = routed(result.table)
    sheets = read_sheets(workbook_bytes(table, result))
    queues = sorted(table["queue"].dropna().unique())
    expected = [name.replace("/", "_") for name in queues]  # "/" is not allowed in a sheet name
    assert list(sheets)[1 : 1 + len(queues)] == expected
    for name in expected:
        rows = as_records(sheets[name])
        assert [row["queue_rank"] for row in rows] == sorted(row["queue_rank"] for row in rows)
        assert list(sheets[name][0][:3]) == ["rank", "queue_rank", "assigned_to"]


def test_phones_and_ids_are_text_numbers_are_numbers(result):
    leads = as_records(read_sheets(workbook_bytes(result.table, result))["Leads"])
    anna = next(row for row in leads if row["Lead ID"] == "007")
    assert anna["Phone"] == "+48 501 234 567"
    assert anna["phone_e164"] == "+48501234567"
    assert isinstance(anna["score"], float) and isinstance(anna["rank"], float)
    assert anna["source_row"] == 2.0
    assert "email_free" not in anna  # leadq's other columns are in leads.csv, not in the sheets


def test_formula_like_cells_are_inert_text(result):
    data = workbook_bytes(result.table, result)
    leads = as_records(read_sheets(data)["Leads"])
    assert next(row for row in leads if row["Lead ID"] == "007")["Message"] == FORMULA
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) for name in sheets)


def test_header_frozen_filtered_and_score_coloured(result):
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(result.table, result))) as archive:
        leads = archive.read("xl/worksheets/sheet2.xml").decode()
    assert '<pane ySplit="1"' in leads and "<autoFilter " in leads
    assert leads.count('<cfRule type="colorScale"') == 2  # score and quality
    assert leads.count('<cfRule type="cellIs"') == 3  # stage: sql, mql, disqualified


def test_summary_sheet_holds_the_run_and_its_counts(result):
    rows = read_sheets(workbook_bytes(result.table, result))["Summary"]
    pairs = {str(row[0]): row[1] for row in rows if row and row[0]}
    assert pairs["rules"] == "default" and pairs["as_of"] == "2026-11-25"
    assert pairs["rows"] == 4
    assert sum(pairs[stage] for stage in ("sql", "mql", "nurture", "disqualified")) == 4


@pytest.mark.parametrize(
    "wanted, expected",
    [
        (["Leads", "leads"], ["Leads", "leads (2)"]),
        (["a/b:c?"], ["a_b_c_"]),
        (["x" * 40], ["x" * 31]),
        (["x" * 40, "x" * 35], ["x" * 31, "x" * 27 + " (2)"]),
        (["Summary", "History", ""], ["Summary (2)", "History (2)", "sheet"]),
    ],
)
def test_sheet_names_are_valid_and_unique(wanted, expected):
    assert unique_sheet_names(wanted, taken={"summary"}) == expected


def test_column_width_fits_the_header_and_most_values_within_bounds():
    assert column_width("id", pd.Series(["1", "2"])) == 6
    assert column_width("company", pd.Series(["Polmet Sp. z o.o."] * 3)) == 19
    assert column_width("message", pd.Series(["x" * 500])) == 50


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_sheet(result, tmp_path):
    path = tmp_path / "report.xlsx"
    data = workbook_bytes(routed(result.table), result)
    path.write_bytes(data)
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", every_sheet, "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = {file.name: file.read_text("utf-8") for file in tmp_path.glob("report-*.csv")}
    assert set(converted) == {f"report-{name}.csv" for name in read_sheets(data)}
    assert sum("+48 501 234 567" in text for text in converted.values()) == 1
    assert any(FORMULA.replace('"', '""') in text for text in converted.values())


def test_a_sheet_past_excels_row_limit_is_cut_and_the_summary_says_so(result, monkeypatch):
    monkeypatch.setattr("leadq.reports.workbook.XLSX_MAX_ROWS", 1)
    sheets = read_sheets(workbook_bytes(result.table, result))
    assert len(sheets["Leads"]) == 2  # header and one row
    notes = [row[1] for row in sheets["Summary"] if row and row[0] == "sheet cut at Excel's limit"]
    leads = int((result.table["stage"] != "disqualified").sum())
    assert f"Leads: the first 1 of {leads} rows" in notes
