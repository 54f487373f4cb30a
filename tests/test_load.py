"""leadq.load: reading exports into the lead table, and mapping headers onto fields."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadq import load
from leadq.errors import InputError
from leadq.load import (
    ColumnMap,
    ReadOptions,
    ReadResult,
    header_key,
    map_columns,
    read_leads,
    read_table,
)

Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "leads.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


@pytest.fixture(params=["fast", "exact"])
def csv_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on the pyarrow path and again on the csv-module path: both must agree."""
    if request.param == "exact":
        monkeypatch.setattr(load, "_parse_csv_fast", lambda *args: None)
    return str(request.param)


def rows(result: ReadResult) -> list[list[str]]:
    """The input cells of a result, row by row (provenance columns left out)."""
    inputs = [c for c in result.table.columns if c not in load.ADDED_COLUMNS]
    return result.table[inputs].values.tolist()


def error_text(source: Path | str, options: ReadOptions | None = None) -> str:
    """The one-line message a user would see."""
    with pytest.raises(InputError) as caught:
        read_table(source, options or ReadOptions())
    return str(caught.value)


def write_workbook(path: Path, sheets: dict[str, list[list[object]]], start_row: int = 0) -> Path:
    """An .xlsx with the given sheets; rows start at ``start_row`` (0-based)."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, sheet_rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, values in enumerate(sheet_rows, start_row):
            for c, value in enumerate(values):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path


# --- the table contract --------------------------------------------------------------------


def test_every_cell_is_text_and_empty_cells_are_empty_strings(write: Write, csv_path: str) -> None:
    result = read_table(write("id,phone,tax_id,note\n001,0501234567,0070000001,\n"))
    table = result.table
    assert list(table.columns) == ["id", "phone", "tax_id", "note", "source_file", "source_row"]
    assert all(table[c].dtype == "str" for c in ["id", "phone", "tax_id", "note", "source_file"])
    assert table["source_row"].dtype == "int64"
    assert rows(result) == [["001", "0501234567", "0070000001", ""]]
    assert not table.isna().any().any()
    assert isinstance(table.index, pd.RangeIndex)
    assert result.warnings == []


def test_source_file_is_the_source_as_given(write: Write) -> None:
    path = write("a\n1\n")
    assert read_table(path).table["source_file"].tolist() == [str(path)]


def test_duplicate_and_empty_headers_get_unique_names(write: Write, csv_path: str) -> None:
    table = read_table(write("email,,email,email_2,email\n1,2,3,4,5\n")).table
    assert list(table.columns)[:5] == ["email", "column_2", "email_3", "email_2", "email_4"]


def test_input_column_named_like_an_added_column_is_renamed_with_a_warning(write: Write) -> None:
    result = read_table(write("name,source_row\nAnn,7\n"))
    assert list(result.table.columns) == ["name", "source_row (input)", "source_file", "source_row"]
    assert result.table["source_row (input)"].tolist() == ["7"]
    assert result.table["source_row"].tolist() == [2]
    assert [w.message for w in result.warnings] == [
        "column 'source_row' is renamed 'source_row (input)': leadq adds a column of that name"
    ]


# --- CSV dialects -----------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_sniffed(write: Write, delimiter: str, csv_path: str) -> None:
    text = f"name{delimiter}company{delimiter}city\nAnn{delimiter}Acme{delimiter}Oslo\n"
    assert rows(read_table(write(text))) == [["Ann", "Acme", "Oslo"]]


def test_sniffing_ignores_delimiters_inside_quotes(write: Write) -> None:
    text = 'name;company\n"Smith, John";"Acme, Inc."\n"Doe, Jane";Beta\n'
    assert rows(read_table(write(text))) == [["Smith, John", "Acme, Inc."], ["Doe, Jane", "Beta"]]


def test_forced_delimiter_wins_over_sniffing(write: Write) -> None:
    result = read_table(write("a,b;c\n1,2;3\n"), ReadOptions(delimiter=";"))
    assert list(result.table.columns)[:2] == ["a,b", "c"]


def test_quoted_fields_keep_delimiters_doubled_quotes_and_newlines(
    write: Write, csv_path: str
) -> None:
    text = 'name,note\n"Ann ""Boss"" Lee","line one\nline two, with comma"\n'
    assert rows(read_table(write(text))) == [['Ann "Boss" Lee', "line one\nline two, with comma"]]


def test_a_quote_inside_an_unquoted_field_is_a_literal_quote(write: Write, csv_path: str) -> None:
    table = read_table(write('name,size\nTV,"55"" wide"\nMonitor,27" screen\n\nLamp,x\n')).table
    assert table["size"].tolist() == ['55" wide', '27" screen', "x"]
    assert table["source_row"].tolist() == [2, 3, 5]


def test_source_row_counts_blank_lines_and_multi_line_cells_once(
    write: Write, csv_path: str
) -> None:
    # Spreadsheet rows: 1 header, 2 Ann, 3 blank, 4 Bob (two lines), 5 blank, 6 Cy.
    text = 'name,note\r\nAnn,x\r\n\r\nBob,"a\r\nb"\r\n\r\nCy,z'
    table = read_table(write(text)).table
    assert table["name"].tolist() == ["Ann", "Bob", "Cy"]
    assert table["source_row"].tolist() == [2, 4, 6]


def test_blank_lines_before_the_header_count_as_rows(write: Write, csv_path: str) -> None:
    assert read_table(write("\n\nname\nAnn\n")).table["source_row"].tolist() == [4]


def test_old_mac_line_ends_are_read(write: Write) -> None:
    table = read_table(write("name,city\rAnn,Oslo\r\rBob,Rome\r")).table
    assert table["name"].tolist() == ["Ann", "Bob"]
    assert table["source_row"].tolist() == [2, 4]


def test_trailing_empty_columns_are_dropped_silently(write: Write, csv_path: str) -> None:
    result = read_table(write("a;b;c;;;\n1;2;3;;;\n4;5;6;;;\n"))
    assert list(result.table.columns) == ["a", "b", "c", "source_file", "source_row"]
    assert result.warnings == []


def test_trailing_empty_fields_beyond_the_header_are_not_a_warning(
    write: Write, csv_path: str
) -> None:
    result = read_table(write("a,b\n1,2,,,\n3,4\n"))
    assert rows(result) == [["1", "2"], ["3", "4"]]
    assert result.warnings == []
    assert "extra_fields" not in result.table.columns


def test_headerless_trailing_column_with_data_is_kept(write: Write, csv_path: str) -> None:
    result = read_table(write("a;b;;\n1;2;x;\n"))
    assert list(result.table.columns)[:3] == ["a", "b", "column_3"]
    assert rows(result) == [["1", "2", "x"]]


# --- ragged rows: repaired, warned about, never lost ------------------------------------------


def test_short_rows_are_padded_and_named_in_a_warning(write: Write, csv_path: str) -> None:
    result = read_table(write("a,b,c\n1,2,3\n4\n5,6\n"))
    assert rows(result) == [["1", "2", "3"], ["4", "", ""], ["5", "6", ""]]
    assert [(w.message, w.rows) for w in result.warnings] == [
        ("rows 3 and 4 have fewer fields than the header; the missing cells are left empty", (3, 4))
    ]


def test_surplus_fields_go_to_extra_fields_with_a_warning(write: Write, csv_path: str) -> None:
    result = read_table(write("name,city\nAnn,Oslo\nSmith, John,Rome,\nBob,Oslo\n"))
    table = result.table
    assert list(table.columns) == ["name", "city", "extra_fields", "source_file", "source_row"]
    assert table["extra_fields"].tolist() == ["", "Rome", ""]
    assert table[["name", "city"]].values.tolist() == [
        ["Ann", "Oslo"],
        ["Smith", " John"],
        ["Bob", "Oslo"],
    ]
    assert [(w.message, w.rows) for w in result.warnings] == [
        (
            "row 3 has more fields than the header; the surplus is kept in column 'extra_fields'",
            (3,),
        )
    ]


def test_appended_exports_keep_every_row(write: Write, csv_path: str) -> None:
    first = "a,b\n" + "".join(f"{i},x\n" for i in range(3))
    second = "a,b,c\n" + "".join(f"{i},y,z\n" for i in range(7))
    result = read_table(write(first + second))
    assert len(result.table) == 11
    assert result.table["source_row"].tolist() == list(range(2, 13))
    (warning,) = result.warnings
    assert warning.rows == tuple(range(5, 13))
    assert warning.message == (
        "rows 5, 6, 7, 8, 9 and 3 more have more fields than the header; "
        "the surplus is kept in column 'extra_fields'"
    )
    assert result.table["extra_fields"].tolist()[3:5] == ["c", "z"]


def test_ragged_rows_keep_their_place_among_multi_line_cells(write: Write, csv_path: str) -> None:
    text = 'a,b\n1,"x\ny"\n\n2\n3,"p\nq",r\n4,s\n'
    table = read_table(write(text)).table
    assert table["a"].tolist() == ["1", "2", "3", "4"]
    assert table["b"].tolist() == ["x\ny", "", "p\nq", "s"]
    assert table["extra_fields"].tolist() == ["", "", "r", ""]
    assert table["source_row"].tolist() == [2, 4, 5, 6]


# --- header-only and not-a-table --------------------------------------------------------------


def test_header_without_rows_is_an_empty_table(write: Write, csv_path: str) -> None:
    result = read_table(write("name;email;phone\n\n"))
    assert list(result.table.columns) == ["name", "email", "phone", "source_file", "source_row"]
    assert len(result.table) == 0
    assert result.table["source_row"].dtype == "int64"
    assert result.table["name"].dtype == "str"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    assert error_text(path) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert error_text(tmp_path) == f"{tmp_path}: is a directory"


def test_zero_byte_file(write: Write) -> None:
    path = write(b"")
    assert error_text(path) == f"{path}: empty file (0 bytes)"


def test_only_blank_lines(write: Write) -> None:
    path = write("\n\r\n  \n")
    assert error_text(path) == f"{path}: no header row (the file holds only blank lines)"


def test_binary_file(write: Write) -> None:
    path = write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "logo.csv")
    assert error_text(path) == f"{path}: not a CSV or Excel table"


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "leads.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert error_text(path) == f"{path}: not a CSV or Excel table"


# --- encodings --------------------------------------------------------------------------------

RUSSIAN = (
    "Имя;Телефон;Адрес эл. почты;Компания\n"
    "Иван Петров;0501234567;ivan@example.ru;ООО Ромашка\n"
    "Мария Сидорова;0507654321;maria@example.ru;АО Вектор\n"
)
POLISH = (
    "Imię i nazwisko;Telefon;Firma;Miasto\n"
    "Zażółć Gęślą;0221234567;Łódzka Spółka;Łódź\n"
    "Świętosław Źrebię;0601234567;Przedsiębiorstwo Ąę;Kraków\n"
)


def expected_cells(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a semicolon text, as the reader should return them."""
    lines = [line.split(";") for line in text.splitlines()]
    return lines[0], lines[1:]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (POLISH, "cp1250"), (POLISH, "iso-8859-2")],
)
def test_legacy_encodings_are_detected(write: Write, text: str, encoding: str) -> None:
    result = read_table(write(text, encoding=encoding))
    header, cells = expected_cells(text)
    assert list(result.table.columns)[:4] == header
    assert rows(result) == cells


def test_detection_looks_past_a_long_ascii_start(write: Write) -> None:
    text = "name;city\n" + "Ann;Oslo\n" * 20_000 + "Иван Петров;Москва\n"
    table = read_table(write(text, encoding="cp1251")).table
    assert table["name"].iloc[-1] == "Иван Петров"


def test_utf8_bom_is_stripped(write: Write, csv_path: str) -> None:
    table = read_table(write("\ufeffemail,name\na@b.co,Ann\n")).table
    assert list(table.columns)[0] == "email"


def test_utf16_with_bom_is_read(write: Write) -> None:
    table = read_table(write("name\tcity\nАнна\tKraków\n", encoding="utf-16")).table
    assert table[["name", "city"]].values.tolist() == [["Анна", "Kraków"]]


def test_forced_encoding_is_used(write: Write) -> None:
    path = write(POLISH, encoding="cp1250")
    table = read_table(path, ReadOptions(encoding="windows-1250")).table
    assert table["Miasto"].tolist() == ["Łódź", "Kraków"]


def test_forced_encoding_that_does_not_fit_names_the_row(write: Write) -> None:
    path = write("name\nAnn\nBob\nИван\n", encoding="cp1251")
    assert error_text(path, ReadOptions(encoding="utf-8")) == (
        f"{path}: row 4: the bytes are not valid utf-8; drop --encoding to detect the encoding"
    )


def test_unknown_forced_encoding(write: Write) -> None:
    path = write("a\n1\n")
    assert error_text(path, ReadOptions(encoding="xyz")) == f"{path}: unknown encoding 'xyz'"


# --- Excel ------------------------------------------------------------------------------------


def test_xlsx_is_recognised_by_its_bytes_even_named_csv(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "export.csv", {"Leads": [["name", "phone"], ["Ann", "0501"]]})
    result = read_table(path)
    assert rows(result) == [["Ann", "0501"]]
    assert result.table["source_row"].tolist() == [2]


def test_xlsx_cells_become_the_text_a_user_sees(tmp_path: Path) -> None:
    header = ["phone", "ratio", "created", "vip", "empty", "name"]
    values = [501234567.0, 0.1, dt.datetime(2026, 11, 3), True, None, "Ann"]
    result = read_table(write_workbook(tmp_path / "a.xlsx", {"S": [header, values]}))
    assert rows(result) == [["501234567", "0.1", "2026-11-03", "TRUE", "", "Ann"]]
    assert all(result.table[c].dtype == "str" for c in header)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (501234567.0, "501234567"),
        (-3.0, "-3"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (12, "12"),
        (False, "FALSE"),
        (dt.datetime(2026, 11, 3, 14, 5), "2026-11-03 14:05:00"),
        (dt.date(2026, 11, 3), "2026-11-03"),
        (dt.time(9, 30), "09:30:00"),
        (None, ""),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert load.cell_text(value) == text


def test_xlsx_header_is_the_first_non_empty_row_and_rows_are_sheet_rows(tmp_path: Path) -> None:
    sheet: list[list[object]] = [["name", "city"], ["Ann", "Oslo"], [], ["Bob", "Rome"]]
    path = write_workbook(tmp_path / "a.xlsx", {"S": sheet}, start_row=2)
    table = read_table(path).table
    assert table["name"].tolist() == ["Ann", "Bob"]
    assert table["source_row"].tolist() == [4, 6]


def test_xlsx_sheet_by_name_and_by_number(tmp_path: Path) -> None:
    sheets = {"First": [["a"], ["1"]], "Second": [["b"], ["2"]]}
    path = write_workbook(tmp_path / "a.xlsx", sheets)
    assert list(read_table(path).table.columns)[0] == "a"
    assert list(read_table(path, ReadOptions(sheet="Second")).table.columns)[0] == "b"
    assert list(read_table(path, ReadOptions(sheet="2")).table.columns)[0] == "b"


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"First": [["a"]], "Second": [["b"]]})
    assert error_text(path, ReadOptions(sheet="Leads")) == (
        f"{path}: no sheet 'Leads'; the sheets are 'First', 'Second'"
    )


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Empty": []})
    assert error_text(path) == f"{path}: sheet 'Empty' is empty"


def test_xlsx_header_only_is_an_empty_table(tmp_path: Path) -> None:
    table = read_table(write_workbook(tmp_path / "a.xlsx", {"S": [["a", "b"]]})).table
    assert list(table.columns) == ["a", "b", "source_file", "source_row"]
    assert len(table) == 0


# --- several sources and stdin ----------------------------------------------------------------


def test_read_leads_unites_columns_in_first_seen_order(write: Write, tmp_path: Path) -> None:
    first = write("name,email\nAnn,a@x.co\n", "first.csv")
    second = write("phone;name\n0501;Bob\n", "second.csv")
    third = write_workbook(tmp_path / "third.xlsx", {"S": [["name", "city", "x"], ["Cy", "Oslo"]]})
    result = read_leads([first, second, third])
    table = result.table
    assert list(table.columns) == [
        "name", "email", "phone", "city", "x", "source_file", "source_row",
    ]  # fmt: skip
    assert table[["name", "email", "phone", "city"]].values.tolist() == [
        ["Ann", "a@x.co", "", ""],
        ["Bob", "", "0501", ""],
        ["Cy", "", "", "Oslo"],
    ]
    assert table["source_file"].tolist() == [str(first), str(second), str(third)]
    assert table["source_row"].tolist() == [2, 2, 2]
    assert not table.isna().any().any()
    assert table["source_row"].dtype == "int64"
    assert all(table[c].dtype == "str" for c in table.columns[:-1])
    assert isinstance(table.index, pd.RangeIndex)


def test_read_leads_puts_extra_fields_after_every_input_column(write: Write) -> None:
    first = write("a\n1,2\n", "first.csv")
    second = write("b\n3\n", "second.csv")
    table = read_leads([first, second]).table
    assert list(table.columns) == ["a", "b", "extra_fields", "source_file", "source_row"]
    assert table["extra_fields"].tolist() == ["2", ""]


def test_stdin_csv() -> None:
    result = read_table("-", stdin=io.BytesIO(b"name;phone\nAnn;007\n"))
    assert rows(result) == [["Ann", "007"]]
    assert result.table["source_file"].tolist() == ["-"]


def test_stdin_xlsx(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"S": [["name"], ["Ann"]]})
    result = read_leads(["-"], stdin=io.BytesIO(path.read_bytes()))
    assert rows(result) == [["Ann"]]


def test_empty_stdin() -> None:
    with pytest.raises(InputError, match=r"^-: empty file \(0 bytes\)$"):
        read_table("-", stdin=io.BytesIO(b""))


# --- header mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("E-mail ", "email"),
        ("e_mail", "email"),
        ("EMAIL", "email"),
        ("Адрес эл. почты", "адресэлпочты"),
        ("Imię i nazwisko", "imięinazwisko"),
        ("Телефон (моб.)", "телефонмоб"),
        ("Ёлка", "елка"),
        ("Phone 2", "phone2"),
    ],
)
def test_header_key(header: str, key: str) -> None:
    assert header_key(header) == key


ALIASES = {
    "email": ["e-mail", "адрес электронной почты", "adres e-mail"],
    "phone": ["telefon", "телефон", "mobile"],
    "full_name": ["name", "imię i nazwisko"],
}


def test_map_columns_matches_names_and_aliases_by_key() -> None:
    headers = ["Imię i nazwisko", "Adres E-mail", "Telefon", "Notes"]
    assert map_columns(headers, ALIASES) == ColumnMap(
        fields={"email": "Adres E-mail", "phone": "Telefon", "full_name": "Imię i nazwisko"},
        unmapped=("Notes",),
        ambiguous=(),
    )


def test_map_columns_leftmost_header_wins_and_is_reported() -> None:
    column_map = map_columns(["Mobile", "Phone", "Email"], ALIASES)
    assert column_map.fields == {"email": "Email", "phone": "Mobile"}
    assert column_map.ambiguous == (("phone", ("Mobile", "Phone")),)
    assert column_map.unmapped == ("Phone",)


def test_map_columns_gives_a_header_to_one_field_only() -> None:
    column_map = map_columns(["Name"], {"full_name": ["name"], "company": ["name"]})
    assert column_map.fields == {"full_name": "Name"}
    assert column_map.unmapped == ()


# --- property: rows in == rows out ------------------------------------------------------------

CELL = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(',;|\t"\r\n '),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.integers(1, 5).flatmap(
        lambda width: st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=8)
    ),
    line_end=st.sampled_from(["\n", "\r\n"]),
)
def test_any_table_written_by_the_csv_module_reads_back_cell_for_cell(
    tmp_path_factory: pytest.TempPathFactory, table: list[list[str]], line_end: str
) -> None:
    if line_end == "\n":  # the csv module then leaves a lone CR unquoted: a different table
        table = [[cell.replace("\r", "") for cell in row] for row in table]
    width = len(table[0]) if table else 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow([f"col{i}" for i in range(width)])
    writer.writerows(table)
    path = tmp_path_factory.mktemp("prop") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    result = read_table(path)
    assert rows(result) == table
    assert result.warnings == []
