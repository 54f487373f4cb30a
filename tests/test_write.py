"""Writers: every format, atomic replacement, spreadsheet-safe cells."""

import io
import json
import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pytest
from python_calamine import CalamineWorkbook

from leadq.errors import OutputError
from leadq.write import (
    PLAIN_NUMBER,
    OutputFormat,
    _formula_cells,
    infer_format,
    neutralize_formulas,
    write_table,
)


@pytest.fixture
def table():
    return pd.DataFrame(
        {
            "name": pd.Series(
                ['=HYPERLINK("x")', "Anna", "@SUM(A1)", "-", "-5", "+48 501 234 567"], dtype="str"
            ),
            "score": pd.Series([10, 20, 30, 40, 50, 60], dtype="Int64"),
            "phone_valid": [True, False, True, True, False, True],
        }
    )


def test_formula_cells_get_an_apostrophe_but_plain_numbers_do_not(table):
    cleaned = neutralize_formulas(table)["name"].tolist()
    assert cleaned == ['\'=HYPERLINK("x")', "Anna", "'@SUM(A1)", "-", "-5", "'+48 501 234 567"]


def test_tab_and_carriage_return_starts_are_neutralised():
    cleaned = neutralize_formulas(
        pd.DataFrame({"a": pd.Series(["\t=1", "\r=1", "ok"], dtype="str")})
    )
    assert cleaned["a"].tolist() == ["'\t=1", "'\r=1", "ok"]


def test_csv_round_trips_and_neutralises(tmp_path, table):
    path = tmp_path / "out.csv"
    write_table(table, path, OutputFormat.CSV)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["name"].tolist()[0] == '\'=HYPERLINK("x")'
    assert back["score"].tolist() == ["10", "20", "30", "40", "50", "60"]


def test_csv_keeps_values_with_no_neutralize(tmp_path, table):
    path = tmp_path / "out.csv"
    write_table(table, path, OutputFormat.CSV, neutralize=False)
    assert pd.read_csv(path, dtype=str)["name"].iloc[0] == '=HYPERLINK("x")'


def test_excel_csv_has_bom_and_semicolons(tmp_path, table):
    path = tmp_path / "out.csv"
    write_table(table, path, OutputFormat.EXCEL_CSV)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "name;score;phone_valid"


def test_xlsx_keeps_text_exactly_and_numbers_as_numbers(tmp_path, table):
    path = tmp_path / "out.xlsx"
    write_table(table, path, OutputFormat.XLSX)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["name", "score", "phone_valid"]
    assert rows[1] == ['=HYPERLINK("x")', 10.0, True]
    assert rows[6][0] == "+48 501 234 567"


def test_jsonl_one_object_per_line(tmp_path, table):
    path = tmp_path / "out.jsonl"
    write_table(table, path, OutputFormat.JSONL)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6 and records[1] == {"name": "Anna", "score": 20, "phone_valid": False}


def test_parquet_round_trips(tmp_path, table):
    path = tmp_path / "out.parquet"
    write_table(table, path, OutputFormat.PARQUET)
    assert pd.read_parquet(path)["score"].tolist() == [10, 20, 30, 40, 50, 60]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch, table):
    path = tmp_path / "out.csv"
    path.write_text("old contents", encoding="utf-8")

    def broken_writer(*args, **kwargs):
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(pa_csv, "write_csv", broken_writer)
    with pytest.raises(RuntimeError):
        write_table(table, path, OutputFormat.CSV)
    assert path.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_writing_to_stdout(table):
    buffer = io.BytesIO()
    write_table(table, None, OutputFormat.CSV, stdout=buffer)
    assert buffer.getvalue().decode().splitlines()[0] == "name,score,phone_valid"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.csv", OutputFormat.CSV),
        ("a.XLSX", OutputFormat.XLSX),
        ("a.jsonl", OutputFormat.JSONL),
        ("a.parquet", OutputFormat.PARQUET),
    ],
)
def test_format_follows_the_extension(tmp_path, name, expected):
    assert infer_format(tmp_path / name, None) is expected


def test_unknown_extension_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match=r"unknown output extension '\.txt'"):
        infer_format(tmp_path / "a.txt", None)


def test_missing_folder_is_a_clear_error(tmp_path, table):
    with pytest.raises(OutputError, match="does not exist"):
        write_table(table, tmp_path / "nowhere" / "a.csv", OutputFormat.CSV)


def test_a_new_file_gets_the_usual_permissions(tmp_path, table):
    path = tmp_path / "out.csv"
    umask = os.umask(0o022)
    try:
        write_table(table, path, OutputFormat.CSV)
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path, table):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_table(table, path, OutputFormat.CSV)
    assert path.stat().st_mode & 0o777 == 0o640


def test_formula_texts_in_categorical_columns_are_neutralised_too():
    reasons = pd.Series(pd.Categorical(["=cmd()", "fit: big +15", "=cmd()"]))
    cleaned = neutralize_formulas(pd.DataFrame({"reasons": reasons}))["reasons"]
    assert cleaned.tolist() == ["'=cmd()", "fit: big +15", "'=cmd()"]


def test_formula_cells_are_those_the_formula_pattern_names():
    """The first-byte check equals the pattern it replaced, on ASCII and non-ASCII starts."""
    rng = np.random.default_rng(11)
    starts = ["=", "+", "-", "@", "\t", "\r", "−", "＝", "é", "Ж", " ", "'", "1", "a", ""]
    tails = ["", "5", "5.5", "1,25", "SUM(A1)", "x", "-", " 1", "€"]
    cells = [
        None if rng.random() < 0.05 else rng.choice(starts) + rng.choice(tails)
        for _ in range(5_000)
    ]
    values = pa.array(cells, pa.large_string())
    pattern = pc.and_(
        pc.match_substring_regex(values, r"^[=+\-@\t\r]"),
        pc.invert(pc.match_substring_regex(values, PLAIN_NUMBER)),
    )
    expected = pattern.fill_null(False).to_numpy(zero_copy_only=False)
    assert expected.any()
    assert (_formula_cells(values) == expected).all()
