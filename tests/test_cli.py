"""The command line as a user meets it: the real entry point, exit codes, stdout and stderr.

Most tests call ``leadq.cli.main`` in-process (it returns the exit code); a handful run
``python -m leadq`` in a subprocess to prove the installed behaviour (pipes, stdin, exit status).
Everything written goes to ``tmp_path``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from leadq.cli import main
from leadq.conditions import OPERATORS
from leadq.ruleset import load_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LEADS = EXAMPLES / "leads.csv"
LEADS_XLSX = EXAMPLES / "leads_pl.xlsx"
DEFAULT_RULES = ROOT / "leadq" / "rules" / "default.yaml"
AS_OF = "2026-11-25"
EXAMPLE_ROWS = 400

# The columns the README's "Output columns" table promises, after the input columns, in order.
ADDED_COLUMNS = [
    "lead_id", "source_file", "source_row",
    "phone_e164", "phone_valid", "phone_type", "phone_country", "phone_extension", "phone_other",
    "email_normalized", "email_valid", "email_domain", "email_free", "email_disposable",
    "email_role", "email_suggestion", "company_key",
    "person_name", "person_first", "person_last", "person_distinct_letters",
    "budget_amount", "budget_min", "budget_max", "budget_currency", "timeline_date",
    "timeline_bucket", "authority_level", "decision_maker", "need_confirmed",
    "solution_confirmed", "trust_confirmed", "employees_min", "employees_max",
    "phone_region", "phone_carrier", "phone_timezone", "phone_local_time", "phone_local_hour",
    "company_domain", "tax_id_normalized", "tax_id_valid", "tax_id_country", "tax_id_kind",
    "company_industry", "company_employees", "company_revenue", "company_region",
    "company_founded", "enriched_by",
    "intent", "junk", "junk_kind", "junk_reasons",
    "disqualified_by", "reasons", "score_fit", "score_engagement", "score_bant", "score", "quality",
    "grade", "stage", "rank",
]  # fmt: skip
ERROR_LINE = re.compile(r"^leadq: error: \S")


# ---------------------------------------------------------------------------------------------
# Helpers


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``leadq ARGS`` in-process: exit code, stdout, stderr."""
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*args: object, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m leadq ARGS`` in a subprocess, stdout a pipe, a fixed terminal width."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    env.pop("LEADQ_TRACEBACK", None)
    return subprocess.run(
        [sys.executable, "-m", "leadq", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_one_error(err: str, *expected_parts: str) -> str:
    """Exactly one ``leadq: error:`` line, no traceback, containing every expected part."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert ERROR_LINE.match(lines[0]), err
    assert "Traceback" not in err
    for part in expected_parts:
        assert part in lines[0], (part, err)
    return lines[0]


def input_records(path: Path) -> tuple[list[str], dict[int, list[str]]]:
    """The header and every data record of a UTF-8 CSV, by spreadsheet row (header = 1)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    header = records[0]
    rows = {number: record for number, record in enumerate(records, 1) if number > 1 and record}
    return header, rows


def read_csv_text(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def as_spreadsheet_safe(cell: str) -> str:
    """The README's rule for CSV: a cell a spreadsheet would run gets a leading apostrophe."""
    if re.match(r"[=+\-@\t\r]", cell) and not re.fullmatch(r"-\d+(?:[.,]\d+)?|-", cell):
        return "'" + cell
    return cell


def assert_leads_output(
    columns: list[str], rows: list[dict[str, object]], *, neutralized: bool = False
) -> None:
    """Every example lead once; the input columns first and unchanged; the added ones present.

    ``neutralized``: CSV for people, where formula-like cells carry a leading apostrophe.
    """
    header, records = input_records(LEADS)
    assert columns[: len(header)] == header
    assert columns[len(header) :] == ADDED_COLUMNS
    assert len(rows) == EXAMPLE_ROWS
    assert sorted(int(row["source_row"]) for row in rows) == sorted(records)
    for row in rows:
        original = records[int(row["source_row"])]
        expected = [as_spreadsheet_safe(cell) for cell in original] if neutralized else original
        assert [row[name] for name in header] == expected


def score_to(
    capsys: pytest.CaptureFixture[str], output: Path, *extra: object
) -> tuple[int, str, str]:
    return run(capsys, "score", LEADS, "--as-of", AS_OF, "-o", output, *extra)


@pytest.fixture
def write_bytes(tmp_path: Path):
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def write_text(tmp_path: Path):
    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding, newline="")
        return path

    return write


# ---------------------------------------------------------------------------------------------
# leadq score: outputs


def test_score_to_csv_writes_every_lead_with_input_columns_first_and_summary_on_stderr(
    tmp_path, capsys
):
    output = tmp_path / "ranked.csv"
    code, out, err = score_to(capsys, output)
    assert code == 0
    assert out == ""
    assert f"{EXAMPLE_ROWS} leads read from {LEADS}" in err
    assert "stage" in err and "sql" in err and "disqualified" in err
    assert "Traceback" not in err
    text = output.read_text(encoding="utf-8")
    rows = read_csv_text(text)
    assert_leads_output(list(rows[0].keys()), rows, neutralized=True)
    assert [int(row["rank"]) for row in rows] == list(range(1, EXAMPLE_ROWS + 1))
    assert {row["stage"] for row in rows} <= {"sql", "mql", "nurture", "disqualified"}


def test_score_to_xlsx_writes_every_lead_as_text_cells(tmp_path, capsys):
    output = tmp_path / "ranked.xlsx"
    code, out, _ = score_to(capsys, output, "-q")
    assert (code, out) == (0, "")
    sheet = (
        python_calamine.CalamineWorkbook.from_path(str(output)).get_sheet_by_index(0).to_python()
    )
    columns = [str(cell) for cell in sheet[0]]
    header, _ = input_records(LEADS)
    rows = [dict(zip(columns, row, strict=True)) for row in sheet[1:]]
    text_rows = [{name: str(value) for name, value in row.items()} for row in rows]
    assert len(rows) == EXAMPLE_ROWS
    assert columns[: len(header)] == header and columns[len(header) :] == ADDED_COLUMNS
    for row in text_rows:  # source_row may be a number cell; every input cell is text, unchanged
        row["source_row"] = str(int(float(row["source_row"])))
    assert_leads_output(columns, text_rows)


def test_score_to_jsonl_writes_one_object_per_lead(tmp_path, capsys):
    output = tmp_path / "ranked.jsonl"
    code, out, _ = score_to(capsys, output, "-q")
    assert (code, out) == (0, "")
    lines = output.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert all(isinstance(row, dict) for row in rows)
    assert_leads_output(list(rows[0].keys()), rows)


def test_score_to_parquet_writes_every_lead(tmp_path, capsys):
    output = tmp_path / "ranked.parquet"
    code, out, _ = score_to(capsys, output, "-q")
    assert (code, out) == (0, "")
    table = pd.read_parquet(output)
    rows = table.to_dict(orient="records")
    assert_leads_output(list(table.columns), rows)


def test_score_format_excel_csv_writes_bom_and_semicolons(tmp_path, capsys):
    output = tmp_path / "ranked.csv"
    code, out, _ = score_to(capsys, output, "--format", "excel-csv", "-q")
    assert (code, out) == (0, "")
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv_text(data.decode("utf-8-sig"), delimiter=";")
    assert_leads_output(list(rows[0].keys()), rows, neutralized=True)


def test_score_as_of_makes_the_output_byte_identical_across_runs(tmp_path, capsys):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert score_to(capsys, first, "-q")[0] == 0
    assert score_to(capsys, second, "-q")[0] == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("bad_date", ["2026-13-01", "25.11.2026", "tomorrow"])
def test_score_a_bad_as_of_is_exit_2_with_one_line(tmp_path, capsys, bad_date):
    code, out, err = run(capsys, "score", LEADS, "--as-of", bad_date, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    assert_one_error(err, "--as-of", bad_date, "YYYY-MM-DD")
    assert not (tmp_path / "out.csv").exists()


def test_score_several_inputs_are_one_batch_and_source_file_says_which(
    tmp_path, capsys, write_text
):
    first = write_text("jan.csv", "Name,Email\nJan Kowalski,jan@acme.pl\nAnna Nowak,anna@beta.pl\n")
    second = write_text("feb.csv", "E-mail;Company\nolga@gamma.ru;ООО Гамма\n")
    output = tmp_path / "ranked.csv"
    code, _, err = run(capsys, "score", first, second, "--as-of", AS_OF, "-o", output)
    assert code == 0, err
    rows = read_csv_text(output.read_text(encoding="utf-8"))
    assert list(rows[0])[:4] == ["Name", "Email", "E-mail", "Company"]
    by_file = {
        name: sorted(int(r["source_row"]) for r in rows if r["source_file"] == name)
        for name in (str(first), str(second))
    }
    assert by_file == {str(first): [2, 3], str(second): [2]}
    gamma = next(r for r in rows if r["source_file"] == str(second))
    assert gamma["E-mail"] == "olga@gamma.ru" and gamma["Name"] == ""  # absent column: ""
    assert gamma["email_normalized"] == "olga@gamma.ru"  # "E-mail" maps onto the email field


def test_score_several_inputs_with_phones_are_one_batch(tmp_path, capsys, write_text):
    first = write_text("jan.csv", "Name,Phone\nJan Kowalski,+48 501 234 567\n")
    output = tmp_path / "ranked.csv"
    code, _, err = run(capsys, "score", first, LEADS, "--as-of", AS_OF, "-o", output, "-q")
    assert code == 0, err
    rows = read_csv_text(output.read_text(encoding="utf-8"))
    assert len(rows) == 1 + EXAMPLE_ROWS
    assert sum(row["source_file"] == str(first) for row in rows) == 1
    assert (
        next(row for row in rows if row["source_file"] == str(first))["phone_e164"]
        == "'+48501234567"  # neutralised for spreadsheets
    )


# ---------------------------------------------------------------------------------------------
# leadq score: pipes and stdin (subprocess: the installed behaviour)


def test_score_piped_writes_csv_on_stdout_and_the_summary_on_stderr():
    done = run_process("score", LEADS, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    rows = read_csv_text(done.stdout.decode("utf-8"))
    assert_leads_output(list(rows[0].keys()), rows, neutralized=True)
    err = done.stderr.decode("utf-8")
    assert f"{EXAMPLE_ROWS} leads read from" in err
    assert "Traceback" not in err


def test_score_piped_quiet_prints_nothing_on_stderr():
    done = run_process("score", LEADS, "--as-of", AS_OF, "-q")
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout.startswith(b"Lead ID,")


def test_score_piped_format_jsonl_gives_one_json_object_per_line():
    done = run_process("score", LEADS, "--as-of", AS_OF, "--format", "jsonl", "-q")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == EXAMPLE_ROWS
    stages = [json.loads(line)["stage"] for line in lines]
    assert set(stages) <= {"sql", "mql", "nurture", "disqualified"}


def test_score_reads_standard_input_as_dash():
    done = run_process("score", "-", "--as-of", AS_OF, "-q", stdin=LEADS.read_bytes())
    assert done.returncode == 0, done.stderr
    rows = read_csv_text(done.stdout.decode("utf-8"))
    assert len(rows) == EXAMPLE_ROWS
    assert {row["source_file"] for row in rows} == {"-"}


def test_score_reads_a_workbook_from_standard_input():
    done = run_process("score", "-", "--as-of", AS_OF, "-q", stdin=LEADS_XLSX.read_bytes())
    assert done.returncode == 0, done.stderr
    assert len(read_csv_text(done.stdout.decode("utf-8"))) > 0


def test_a_bad_input_in_a_subprocess_is_exit_2_one_line_and_no_traceback(tmp_path):
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    done = run_process("score", binary, "-o", tmp_path / "out.csv")
    assert done.returncode == 2
    assert done.stdout == b""
    assert_one_error(done.stderr.decode("utf-8"), str(binary), "not a CSV or Excel table")


def test_a_usage_error_in_a_subprocess_is_exit_2_one_line():
    done = run_process("score", LEADS, "--no-such-option")
    assert done.returncode == 2
    assert done.stdout == b""
    assert_one_error(done.stderr.decode("utf-8"), "--no-such-option", "leadq score --help")


# ---------------------------------------------------------------------------------------------
# leadq score: --fail-on


def test_fail_on_empty_with_a_header_only_file_is_exit_1_and_the_output_is_still_written(
    tmp_path, capsys, write_text
):
    source = write_text("header_only.csv", "Name,Email,Phone\n")
    output = tmp_path / "out.csv"
    code, out, err = run(
        capsys, "score", source, "--as-of", AS_OF, "-o", output, "--fail-on", "empty"
    )
    assert (code, out) == (1, "")
    assert "leadq: warning: --fail-on: no rows were read" in err
    assert output.read_text(encoding="utf-8").splitlines() == [
        ",".join(["Name", "Email", "Phone", *ADDED_COLUMNS])
    ]


def test_fail_on_bad_data_above_1_percent_fails_on_the_examples(tmp_path, capsys):
    output = tmp_path / "out.csv"
    code, _, err = score_to(capsys, output, "--fail-on", "bad-data>1%")
    assert code == 1
    assert re.search(
        r"^leadq: warning: --fail-on: bad-data share [\d.]+% is above 1\.0%$", err, re.MULTILINE
    )
    assert len(read_csv_text(output.read_text(encoding="utf-8"))) == EXAMPLE_ROWS


def test_fail_on_bad_data_above_99_percent_passes_on_the_examples(tmp_path, capsys):
    code, _, err = score_to(
        capsys, tmp_path / "out.csv", "--fail-on", "bad-data>99%", "--fail-on", "empty"
    )
    assert code == 0
    assert "--fail-on" not in err


@pytest.mark.parametrize("condition", ["bogus", "bad-data>", "bad-data>150%", "rows<10"])
def test_fail_on_an_unknown_condition_is_exit_2_with_one_line(tmp_path, capsys, condition):
    code, out, err = score_to(capsys, tmp_path / "out.csv", "--fail-on", condition)
    assert (code, out) == (2, "")
    assert_one_error(err, "--fail-on", condition)
    assert not (tmp_path / "out.csv").exists()


# ---------------------------------------------------------------------------------------------
# leadq score: bad outputs


def test_an_unknown_output_extension_is_exit_2_with_one_line(tmp_path, capsys):
    code, out, err = score_to(capsys, tmp_path / "ranked.txt")
    assert (code, out) == (2, "")
    assert_one_error(err, "ranked.txt", "unknown output extension '.txt'")


def test_an_output_folder_that_does_not_exist_is_exit_2_with_one_line(tmp_path, capsys):
    output = tmp_path / "missing" / "ranked.csv"
    code, out, err = score_to(capsys, output)
    assert (code, out) == (2, "")
    assert_one_error(err, str(output), "does not exist")


def test_an_output_that_is_a_folder_is_exit_2_with_one_line(tmp_path, capsys):
    folder = tmp_path / "ranked.csv"
    folder.mkdir()
    code, out, err = score_to(capsys, folder)
    assert (code, out) == (2, "")
    assert_one_error(err, str(folder), "directory")


# ---------------------------------------------------------------------------------------------
# Bad input of every kind: one line naming the file, exit 2, no traceback


def _zero_bytes(write_bytes, write_text):
    return write_bytes("empty.csv", b""), [], "empty file"


def _binary(write_bytes, write_text):
    return (
        write_bytes("random.csv", bytes((i * 7919 + 13) % 256 for i in range(4096)) + b"\x00" * 64),
        [],
        "not a CSV or Excel table",
    )


def _png(write_bytes, write_text):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10"
    png += b"\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    return write_bytes("picture.csv", png + bytes(range(256)) * 4), [], "not a CSV or Excel table"


def _zip(write_bytes, write_text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return write_bytes("archive.csv", buffer.getvalue()), [], "not a CSV or Excel table"


def _missing(write_bytes, write_text):
    return write_bytes("x", b"").parent / "no-such-file.csv", [], "no such file"


def _directory(write_bytes, write_text):
    folder = write_bytes("x", b"").parent / "a-folder.csv"
    folder.mkdir()
    return folder, [], "is a directory"


def _cp1251_as_utf8(write_bytes, write_text):
    path = write_text("ru.csv", "Имя,Компания\nИван Петров,ООО Ромашка\n", encoding="cp1251")
    return path, ["--encoding", "utf-8"], "not valid utf-8"


def _unknown_encoding(write_bytes, write_text):
    return (
        write_text("ok.csv", "Name,Email\nJan,jan@acme.pl\n"),
        ["--encoding", "no-such-codec"],
        "unknown encoding 'no-such-codec'",
    )


def _unknown_sheet(write_bytes, write_text):
    return LEADS_XLSX, ["--sheet", "Nope"], "no sheet 'Nope'"


def _sheet_number_too_high(write_bytes, write_text):
    return LEADS_XLSX, ["--sheet", "7"], "no sheet '7'"


BAD_INPUTS = {
    "zero-byte file": _zero_bytes,
    "binary file": _binary,
    "png renamed csv": _png,
    "zip that is not a workbook": _zip,
    "missing file": _missing,
    "directory": _directory,
    "cp1251 forced as utf-8": _cp1251_as_utf8,
    "unknown encoding name": _unknown_encoding,
    "unknown sheet name": _unknown_sheet,
    "sheet number past the last": _sheet_number_too_high,
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_a_bad_input_is_exit_2_with_one_line_naming_the_file(
    tmp_path, capsys, write_bytes, write_text, case
):
    source, options, message = BAD_INPUTS[case](write_bytes, write_text)
    output = tmp_path / "out.csv"
    code, out, err = run(capsys, "score", source, *options, "--as-of", AS_OF, "-o", output)
    assert (code, out) == (2, "")
    line = assert_one_error(err, str(source), message)
    assert line.startswith(f"leadq: error: {source}: ")
    assert not output.exists()


def test_a_header_only_csv_is_not_an_error_and_gives_the_header_row(tmp_path, capsys, write_text):
    source = write_text("header_only.csv", "Name;Company;E-mail\r\n")
    output = tmp_path / "out.csv"
    code, out, err = run(capsys, "score", source, "--as-of", AS_OF, "-o", output)
    assert (code, out) == (0, "")
    assert "error" not in err and "Traceback" not in err
    assert output.read_text(encoding="utf-8").splitlines() == [
        ",".join(["Name", "Company", "E-mail", *ADDED_COLUMNS])
    ]


def test_a_bad_input_among_several_names_that_file(tmp_path, capsys, write_text):
    good = write_text("good.csv", "Name,Email\nJan,jan@acme.pl\n")
    bad = write_text("bad.csv", "")
    code, _, err = run(capsys, "score", good, bad, "--as-of", AS_OF, "-o", tmp_path / "out.csv")
    assert code == 2
    assert_one_error(err, f"{bad}: empty file")


# ---------------------------------------------------------------------------------------------
# Rule files: every problem, one line each, file:line:col


THREE_MISTAKES = """\
version: 1
extend: default
disqualify:
  - id: too_small
    when: {field: emial, less_than: 5}
score:
  fit:
    - id: big
      when: {field: employees, grater_than: 500}
      points: 10
    - id: Bad_Id
      when: {field: employees, at_least: 10}
      points: 5
"""

BILLION_LAUGHS = """\
version: 1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

OK_RULES = """\
version: 1
extend: default
disqualify:
  - id: too_small
    when: {field: employees, less_than: 5}
    reason: fewer than 5 employees
"""


def expected_three_mistakes(path: Path) -> list[str]:
    return [
        f"leadq: error: {path}:5:19: disqualify[0].when.field: unknown field 'emial'; did you mean 'email'?",  # noqa: E501
        f"leadq: error: {path}:9:32: score.fit[0].when: unknown operator 'grater_than'; did you mean 'greater_than'?",  # noqa: E501
        f"leadq: error: {path}:11:11: score.fit[1].id: a rule id uses lower-case letters, digits, '_', '.' and '-'; got 'Bad_Id'",  # noqa: E501
    ]


def test_rules_check_an_ok_file_is_exit_0_and_says_ok_on_stderr(capsys, write_text):
    path = write_text("ok.yaml", OK_RULES)
    code, out, err = run(capsys, "rules", "check", path)
    assert (code, out) == (0, "")
    assert re.fullmatch(rf"{re.escape(str(path))}: ok \(\d+ rules\)\n", err)


def test_rules_check_reports_all_three_mistakes_with_file_line_column(capsys, write_text):
    path = write_text("three.yaml", THREE_MISTAKES)
    code, out, err = run(capsys, "rules", "check", path)
    assert (code, out) == (2, "")
    assert err.splitlines() == expected_three_mistakes(path)


def test_score_with_a_bad_rule_file_reports_the_same_lines_and_exit_2(tmp_path, capsys, write_text):
    path = write_text("three.yaml", THREE_MISTAKES)
    code, out, err = run(capsys, "score", LEADS, "-r", path, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    assert err.splitlines() == expected_three_mistakes(path)
    assert not (tmp_path / "out.csv").exists()


def test_a_rule_file_with_an_unknown_top_level_key_is_one_line(capsys, write_text):
    path = write_text("typo.yaml", "version: 1\nextend: default\nscorez:\n  fit: []\n")
    code, _, err = run(capsys, "rules", "check", path)
    assert code == 2
    assert err.splitlines() == [
        f"leadq: error: {path}:3:1: scorez: unknown key 'scorez'; did you mean 'score'?"
    ]


def test_a_yaml_syntax_error_is_one_line_with_its_place(tmp_path, capsys, write_text):
    path = write_text(
        "syntax.yaml",
        "version: 1\ndisqualify:\n  - id: x\n    when: {field: email, present: true\n",
    )
    code, out, err = run(capsys, "score", LEADS, "-r", path, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    line = assert_one_error(err, "invalid YAML")
    assert re.match(rf"^leadq: error: {re.escape(str(path))}:\d+:\d+: invalid YAML: ", line)


def test_a_billion_laughs_rule_file_is_refused_quickly_with_one_line(tmp_path, capsys, write_text):
    path = write_text("laughs.yaml", BILLION_LAUGHS)
    code, out, err = run(capsys, "score", LEADS, "-r", path, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"leadq: error: {path}:2:4: YAML anchors and aliases (&name, *name) are not allowed in rule files"  # noqa: E501
    ]
    code, _, err = run(capsys, "rules", "check", path)
    assert code == 2
    assert "anchors and aliases" in err


def test_a_rule_file_that_does_not_exist_is_one_line(tmp_path, capsys):
    path = tmp_path / "nope.yaml"
    code, out, err = run(capsys, "score", LEADS, "-r", path, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    assert_one_error(err, str(path), "no such file")
    code, _, err = run(capsys, "rules", "check", path)
    assert code == 2
    assert_one_error(err, str(path), "no such file")


def test_rules_pointing_at_a_directory_is_one_line(tmp_path, capsys):
    folder = tmp_path / "rules.yaml"
    folder.mkdir()
    code, out, err = run(capsys, "score", LEADS, "-r", folder, "-o", tmp_path / "out.csv")
    assert (code, out) == (2, "")
    assert_one_error(err, str(folder), "not a file")


SHIPPED_RULE_FILES = sorted((ROOT / "rules").glob("*.yaml")) + [DEFAULT_RULES]


@pytest.mark.parametrize("path", SHIPPED_RULE_FILES, ids=[p.name for p in SHIPPED_RULE_FILES])
def test_rules_check_passes_every_shipped_rule_file(capsys, path):
    code, out, err = run(capsys, "rules", "check", path)
    assert (code, out) == (0, "")
    assert re.fullmatch(rf"{re.escape(str(path))}: ok \(\d+ rules\)\n", err)


def _comparable(rules):
    """A rule set without the places its rules were read from."""

    def strip(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return tuple(
                (f.name, strip(getattr(value, f.name)))
                for f in dataclasses.fields(value)
                if f.name not in ("position", "source")
            )
        if isinstance(value, (list, tuple)):
            return tuple(strip(item) for item in value)
        if isinstance(value, dict):
            return tuple((key, strip(item)) for key, item in value.items())
        return value

    return strip(rules)


def test_rules_init_prints_yaml_that_rules_check_accepts_and_that_is_the_default(tmp_path, capsys):
    code, out, err = run(capsys, "rules", "init")
    assert (code, err) == (0, "")
    saved = tmp_path / "my-rules.yaml"
    saved.write_text(out, encoding="utf-8")
    code, _, err = run(capsys, "rules", "check", saved)
    assert code == 0, err
    assert err.startswith(f"{saved}: ok")
    assert _comparable(load_rules(saved)) == _comparable(load_rules(None))


def test_rules_operators_lists_every_operator(capsys):
    code, out, err = run(capsys, "rules", "operators")
    assert (code, err) == (0, "")
    listed = {line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")}
    assert set(OPERATORS) <= listed


# ---------------------------------------------------------------------------------------------
# leadq explain


def test_explain_prints_the_lead_its_scores_and_every_rule(capsys):
    code, out, err = run(capsys, "explain", LEADS, "--row", 5, "--as-of", AS_OF)
    assert (code, err) == (0, "")
    assert "source_row: 5" in out
    assert "scores: score_fit" in out
    rules = load_rules(None)
    for rule in [*rules.disqualify, *(r for c in rules.score for r in c.rules), *rules.quality]:
        assert rule.id in out


def test_explain_json_has_the_lead_scores_and_one_entry_per_rule(capsys):
    code, out, err = run(capsys, "explain", LEADS, "--row", 5, "--as-of", AS_OF, "--json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert payload["lead"]["source_row"] == 5
    assert payload["lead"]["stage"] in {"sql", "mql", "nurture", "disqualified"}
    assert set(payload["scores"]) >= {"score_fit", "score_engagement", "score_bant"}
    rules = load_rules(None)
    expected = [("disqualify", rule.id) for rule in rules.disqualify]
    expected += [(category.name, rule.id) for category in rules.score for rule in category.rules]
    expected += [("quality", rule.id) for rule in rules.quality]
    seen = [
        (entry["section"], entry["rule_id"])
        for entry in payload["rules"]
        if entry["section"] != "stage"
    ]
    assert sorted(seen) == sorted(expected)
    for entry in payload["rules"]:
        assert isinstance(entry["fired"], bool)
        assert "points" in entry and isinstance(entry["values"], dict)
    for category in rules.score:  # each category's score is its fired points, clipped at its cap
        fired = sum(
            e["points"] for e in payload["rules"] if e["section"] == category.name and e["fired"]
        )
        expected_points = fired if category.cap is None else min(fired, category.cap)
        assert payload["scores"][f"score_{category.name}"] == expected_points
    assert payload["lead"]["score"] == sum(payload["scores"].values())


def test_explain_agrees_with_score_on_the_leads_stage_and_score(tmp_path, capsys):
    output = tmp_path / "ranked.jsonl"
    assert score_to(capsys, output, "-q")[0] == 0
    lead = next(
        row
        for row in map(json.loads, output.read_text(encoding="utf-8").splitlines())
        if row["source_row"] == 17
    )
    code, out, _ = run(capsys, "explain", LEADS, "--row", 17, "--as-of", AS_OF, "--json")
    assert code == 0
    explained = json.loads(out)["lead"]
    assert (explained["stage"], explained["score"], explained["rank"]) == (
        lead["stage"],
        lead["score"],
        lead["rank"],
    )


@pytest.mark.parametrize("row", [0, 1, 9999])
def test_explain_a_row_outside_the_file_is_exit_2_with_one_line(capsys, row):
    code, out, err = run(capsys, "explain", LEADS, "--row", row, "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert_one_error(err, str(LEADS), f"no lead on row {row}")


# ---------------------------------------------------------------------------------------------
# Ragged rows, formula cells


RAGGED = (
    "Name,Company,Email\n"
    "Jan Kowalski,Acme,jan@acme.pl\n"
    "Anna Nowak,Beta\n"
    "Piotr Zieliński,Gamma,p@gamma.pl,surplus one,surplus two\n"
    "Olga Wiśniewska,Delta,olga@delta.pl\n"
)


def test_ragged_rows_are_kept_with_a_warning_naming_them(tmp_path, capsys, write_text):
    source = write_text("ragged.csv", RAGGED)
    output = tmp_path / "out.csv"
    code, out, err = run(capsys, "score", source, "--as-of", AS_OF, "-o", output, "-q")
    assert (code, out) == (0, "")
    warnings = [line for line in err.splitlines() if line.startswith("leadq: warning:")]
    assert (
        f"leadq: warning: {source}: row 3 has fewer fields than the header; the missing cells are left empty"  # noqa: E501
        in warnings
    )
    assert (
        f"leadq: warning: {source}: row 4 has more fields than the header; the surplus is kept in column 'extra_fields'"  # noqa: E501
        in warnings
    )
    assert "error" not in err
    rows = {
        int(row["source_row"]): row for row in read_csv_text(output.read_text(encoding="utf-8"))
    }
    assert sorted(rows) == [2, 3, 4, 5]
    assert rows[3]["Email"] == "" and rows[3]["Company"] == "Beta"
    assert rows[4]["extra_fields"] == "surplus one,surplus two"
    assert rows[5]["extra_fields"] == ""
    assert list(rows[2])[:4] == ["Name", "Company", "Email", "extra_fields"]


FORMULA = '=HYPERLINK("http://evil.example","click me")'


def formula_csv(write_text) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(
        [["Name", "Company", "Email", "Budget"], ["Jan Kowalski", FORMULA, "jan@acme.pl", "-5"]]
    )
    return write_text("formula.csv", buffer.getvalue())


def test_a_formula_cell_gets_a_leading_apostrophe_in_csv(tmp_path, capsys, write_text):
    output = tmp_path / "out.csv"
    code, _, _ = run(capsys, "score", formula_csv(write_text), "--as-of", AS_OF, "-o", output, "-q")
    assert code == 0
    (row,) = read_csv_text(output.read_text(encoding="utf-8"))
    assert row["Company"] == "'" + FORMULA
    assert row["Budget"] == "-5"  # a plain negative number is left alone


def test_no_neutralize_keeps_the_formula_cell_unchanged(tmp_path, capsys, write_text):
    output = tmp_path / "out.csv"
    code, _, _ = run(
        capsys,
        "score",
        formula_csv(write_text),
        "--as-of",
        AS_OF,
        "-o",
        output,
        "-q",
        "--no-neutralize",
    )
    assert code == 0
    (row,) = read_csv_text(output.read_text(encoding="utf-8"))
    assert row["Company"] == FORMULA


def test_jsonl_output_never_changes_a_formula_cell(tmp_path, capsys, write_text):
    output = tmp_path / "out.jsonl"
    code, _, _ = run(capsys, "score", formula_csv(write_text), "--as-of", AS_OF, "-o", output, "-q")
    assert code == 0
    assert json.loads(output.read_text(encoding="utf-8"))["Company"] == FORMULA


# ---------------------------------------------------------------------------------------------
# Version and help: every command has help with examples


def test_version_prints_the_version(capsys):
    from leadq import __version__

    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"leadq {__version__}\n", "")


HELP_COMMANDS = [
    [],
    ["score"],
    ["explain"],
    ["rules"],
    ["rules", "check"],
    ["rules", "init"],
    ["rules", "operators"],
]


@pytest.mark.parametrize(
    "command", HELP_COMMANDS, ids=[" ".join(c) or "leadq" for c in HELP_COMMANDS]
)
def test_every_command_has_help_with_examples(capsys, command):
    code, out, err = run(capsys, *command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"Usage: leadq {' '.join(command)}".rstrip())
    assert "Examples" in out
    examples = out[out.index("Examples") :]
    assert f"leadq {' '.join(command)}".rstrip() in examples


def test_leadq_without_a_command_shows_the_help_and_exit_2(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert "Usage: leadq" in out + err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["score", LEADS, "--format", "docx"], "--format"),
        (["score", LEADS, "--workers", "0"], "--workers"),
        (["explain", LEADS], "--row"),
        (["score"], "inputs"),
        (["frobnicate"], "frobnicate"),
    ],
    ids=[
        "bad format",
        "zero workers",
        "explain without row",
        "score without input",
        "unknown command",
    ],
)
def test_a_bad_option_is_exit_2_with_one_line(capsys, args, part):
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert_one_error(err, part)


# ---------------------------------------------------------------------------------------------
# On a terminal: summary and the top of the ranking (a pseudo-terminal as stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_score_shows_the_summary_and_the_top_of_the_ranking(tmp_path, capsys):
    import fcntl
    import struct
    import termios

    ranked = tmp_path / "ranked.csv"
    assert score_to(capsys, ranked, "-q")[0] == 0
    first_lead = read_csv_text(ranked.read_text(encoding="utf-8"))[0]
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))  # 250 columns
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("COLUMNS", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "leadq", "score", LEADS, "--as-of", AS_OF],
            stdin=subprocess.DEVNULL,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8", "replace")).replace(
        "\r\n", "\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert f"{EXAMPLE_ROWS} leads read from" in shown
    assert "top 20 of the ranking" in shown
    assert "Lead ID," not in shown  # no CSV dumped on a terminal
    # Each value under its heading: the company (the examples' "Company" column), then the e-mail.
    lines = shown.splitlines()
    heading = next(line for line in lines if line.startswith("#") and "company" in line)
    first = lines[lines.index(heading) + 1]
    company = first[heading.index("company") : heading.index("e-mail")].strip()
    email = first[heading.index("e-mail") : heading.index("phone")].strip()
    assert first.startswith("1 ")
    assert company == first_lead["Company"].lstrip("'")
    assert email == first_lead["email_normalized"]


def test_dedupe_writes_every_row_and_merge_one_per_cluster(capsys, tmp_path):
    marked, merged = tmp_path / "marked.csv", tmp_path / "golden.csv"
    code, _, err = run(capsys, "dedupe", EXAMPLES / "leads.csv", "-o", marked)
    assert code == 0
    rows = pd.read_csv(marked, dtype=str)
    assert len(rows) == 400
    assert list(rows.columns[-6:]) == [
        "cluster_id", "cluster_size", "is_primary", "duplicate_of", "match_score", "match_reason"
    ]  # fmt: skip
    clusters = rows["cluster_id"].nunique()
    assert f"400 rows: {clusters} distinct, {400 - clusters} duplicates" in err
    code, _, _ = run(capsys, "dedupe", EXAMPLES / "leads.csv", "--merge", "-o", merged)
    assert code == 0
    golden = pd.read_csv(merged, dtype=str)
    assert len(golden) == clusters
    assert sorted("; ".join(golden["merged_from"]).split("; ")) == sorted(rows["lead_id"])


def test_dedupe_with_rules_without_a_dedupe_section_is_one_line_and_exit_2(capsys, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "dedupe", EXAMPLES / "leads.csv", "-r", rules)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "has no 'dedupe:' section" in err
