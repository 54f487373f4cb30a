"""The evaluation section of the HTML report (`leadq report --target`, `leadq evaluate --html`).

The history is the ten leads of test_evaluation.py, each repeated 20 times in a row (and one
lead with no outcome), so that every rule has at least 20 leads on either side and is judged.
Scores under the `size_rules` fixture (conftest.py): 20 (grade A, mql) for the 60 leads of 100+
employees, 10 (B, mql) for the 60 of 10-99, 0 (C, nurture) for the other 80; the queue keeps
file order within a score, so each decile is the 20 copies of one original lead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from leadq.cli import main

ORIGINAL = [  # name, employees, converted, status
    ("a1", "500", "yes", "Won"),
    ("a2", "200", "yes", "Won"),
    ("a3", "150", "no", "Lost"),
    ("b1", "50", "yes", "Won"),
    ("b2", "40", "no", "Lost"),
    ("b3", "20", "no", "Lost"),
    ("c1", "5", "yes", "Won"),
    ("c2", "5", "no", "Lost"),
    ("c3", "3", "no", "Lost"),
    ("c4", "", "no", "Lost"),
]
COPIES = 20
AS_OF = "2026-11-25"


def history_csv() -> str:
    lines = ["Lead,Employees,Converted,Status"]
    for name, employees, converted, status in ORIGINAL:
        lines += [f"{name}-{copy},{employees},{converted},{status}" for copy in range(COPIES)]
    lines.append("u1,500,,Open")  # outcome unknown: left out of every figure
    return "\n".join(lines) + "\n"


@pytest.fixture
def files(write_file, tmp_path, size_rules):
    """The rule file, the history, and the history scored (`leadq score ... -o scored.csv`)."""
    rules = write_file("rules.yaml", size_rules)
    history = write_file("history.csv", history_csv())
    scored = tmp_path / "scored.csv"
    args = ["score", history, "-r", rules, "--as-of", AS_OF, "-o", scored, "-q"]
    assert main([str(arg) for arg in args]) == 0
    return rules, history, scored


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def evaluation_section(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<section id="evaluation">(.*?)</section>', html, re.DOTALL)
    assert found, "no evaluation section"
    return found.group(1)


def tables(section: str) -> list[list[tuple[str, list[str]]]]:
    """Each table's body rows as (row class, cell texts)."""
    found = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", section, re.DOTALL):
        rows = re.findall(r'<tr(?: class="([a-z]+)")?>(.*?)</tr>', body, re.DOTALL)
        found.append([(kind, re.findall(r"<td[^>]*>(.*?)</td>", cells)) for kind, cells in rows])
    return found


def test_report_of_a_scored_history_has_the_hand_checked_evaluation(files, tmp_path, capsys):
    rules, _, scored = files
    page = tmp_path / "report.html"
    code, _, err = run_cli(capsys, "report", scored, "-o", page, "-r", rules, "-t", "Converted")
    assert code == 0, err
    section = evaluation_section(page)
    assert (
        "<p>Outcome: <b>Converted</b>. 200 leads with a known outcome (1 unknown, left out): "
        "80 converted (40.0%).</p>"
    ) in section
    # AUC as in test_evaluation.py (repeating every lead 20 times keeps the pairs' shares).
    for tile in (
        "<b>0.69</b>ROC AUC of the queue",
        "<b>40.0%</b>conversion, all",
        "<b>100.0%</b>conversion, top 10%",
        "<b>100.0%</b>conversion, top 20%",
    ):
        assert tile in section
    assert section.count("<svg") == 1  # the lift chart
    deciles, top, grades, stages, rules_table = tables(section)
    # Decile n is the 20 copies of the n-th lead: converted 1,1,0,1,0,0,1,0,0,0 (x 20).
    converted = [int(cells[2]) for _, cells in deciles]
    assert converted == [COPIES * hit for hit in (1, 1, 0, 1, 0, 0, 1, 0, 0, 0)]
    assert deciles[0][1] == ["1", "20", "20", "100.0%", "2.50", "25.0%"]
    assert deciles[2][1] == ["3", "20", "0", "0.0%", "0.00", "50.0%"]
    assert [cells for _, cells in top] == [
        ["top 10%", "20", "20", "100.0%", "2.50", "25.0%"],
        ["top 20%", "40", "40", "100.0%", "2.50", "50.0%"],
    ]
    assert [cells[:4] for _, cells in grades] == [
        ["A", "60", "40", "66.7%"],
        ["B", "60", "20", "33.3%"],
        ["C", "80", "20", "25.0%"],
    ]
    assert "Grades in order: each converts at least as well as the next." in section
    assert [cells[:4] for _, cells in stages] == [
        ["mql", "120", "60", "50.0%"],
        ["nurture", "80", "20", "25.0%"],
    ]
    # big: 40 of its 60 leads convert vs 40 of the other 140; mid: 20 of 60 vs 60 of 140.
    assert rules_table == [
        ("", ["fit", "big", "+20", "60", "66.7%", "28.6%", "1.67", "works"]),
        ("backwards", ["fit", "mid", "+10", "60", "33.3%", "42.9%", "0.83", "backwards"]),
    ]
    assert (
        '<p class="warn">Backwards (their leads convert against their points): mid.</p>'
    ) in section


def test_evaluate_html_shows_what_report_shows_and_json_the_same_figures(files, tmp_path, capsys):
    rules, history, scored = files
    direct, again = tmp_path / "evaluated.html", tmp_path / "report.html"
    common = ["-r", rules, "-t", "Converted"]
    code, out, err = run_cli(
        capsys, "evaluate", history, *common, "--as-of", AS_OF, "--html", direct, "--json"
    )
    assert code == 0 and err == f"wrote {direct}\n"
    evaluated = json.loads(out)
    assert run_cli(capsys, "report", scored, "-o", again, *common)[0] == 0
    assert evaluation_section(direct) == evaluation_section(again)
    assert run_cli(capsys, "report", scored, "-o", tmp_path / "summary.json", *common)[0] == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["evaluation"] == {"target": "Converted", **evaluated}
    assert summary["evaluation"]["auc"] == 0.6875


def test_a_status_column_with_its_mapping(files, tmp_path, capsys):
    rules, _, scored = files
    out = tmp_path / "out"
    mapping = ["-t", "Status", "--positive", "Won", "--negative", "Lost"]
    code, _, err = run_cli(capsys, "report", scored, "--out-dir", out, "-r", rules, *mapping)
    assert code == 0, err
    section = evaluation_section(out / "report.html")
    assert "Outcome: <b>Status: Won vs Lost</b>. 200 leads with a known outcome" in section
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["evaluation"]["target"], summary["evaluation"]["auc"]) == (
        "Status: Won vs Lost",
        0.6875,
    )


def test_without_a_target_there_is_no_evaluation(files, tmp_path, capsys):
    rules, _, scored = files
    assert run_cli(capsys, "report", scored, "--out-dir", tmp_path / "out", "-r", rules)[0] == 0
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="evaluation"' not in html
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["evaluation"] is None


def test_rules_that_never_fire_or_have_too_few_leads_are_named(
    write_file, tmp_path, capsys, size_rules
):
    rules = write_file(
        "rules.yaml",
        size_rules.replace(
            "grades:",
            "    - id: huge\n      when: {field: employees, at_least: 100000}\n      points: 30\n"
            "    - id: tiny\n      when: {field: employees, equals: 7}\n      points: -5\n"
            "grades:",
        ),
    )
    five_more = "".join(f"x{number},7,no,Lost\n" for number in range(5))  # tiny fires on 5
    history = write_file("history.csv", history_csv() + five_more)
    page = tmp_path / "report.html"
    args = ["evaluate", history, "-r", rules, "-t", "Converted", "--html", page]
    assert run_cli(capsys, *args)[0] == 0
    section = evaluation_section(page)
    assert "<p>Never fired on these leads: huge.</p>" in section
    assert "<p>Too few leads to judge (fewer than 20 on either side): tiny.</p>" in section
    rows = {cells[1]: kind for kind, cells in tables(section)[-1]}
    assert rows == {"big": "", "mid": "backwards", "huge": "idle", "tiny": ""}


@pytest.mark.parametrize(
    "command, expected",
    [
        (
            ["report", "{scored}", "-o", "{tmp}/r.html", "-t", "Convertd"],
            "{scored}: --target 'Convertd': no such column; did you mean 'Converted'?",
        ),
        (
            ["report", "{scored}", "-o", "{tmp}/r.html", "--positive", "Won"],
            "leadq report: --positive and --negative need --target COLUMN",
        ),
        (
            ["evaluate", "{history}", "-t", "Converted", "--html", "{tmp}/r.xlsx"],
            "{tmp}/r.xlsx: the report is HTML; give a file name ending in .html",
        ),
        (
            ["evaluate", "{history}", "-t", "Converted", "--html", "{tmp}/nowhere/r.html"],
            "{tmp}/nowhere/r.html: not a file in an existing folder",
        ),
    ],
    ids=["misspelt target", "mapping without a target", "not html", "no such folder"],
)
def test_mistakes_are_one_error_line(files, tmp_path, capsys, command, expected):
    _, history, scored = files
    names = {"scored": scored, "history": history, "tmp": tmp_path}
    code, _, err = run_cli(capsys, *(part.format(**names) for part in command))
    assert code == 2
    assert err.splitlines() == [f"leadq: error: {expected.format(**names)}"]
    assert not list(tmp_path.glob("r.*"))


def test_a_history_without_any_known_outcome_says_so(write_file, tmp_path, capsys, size_rules):
    rules = write_file("rules.yaml", size_rules)
    history = write_file("history.csv", "Lead,Employees,Converted\nu1,500,\nu2,5,\n")
    page = tmp_path / "report.html"
    args = ["evaluate", history, "-r", rules, "-t", "Converted", "--html", page]
    assert run_cli(capsys, *args)[0] == 0
    section = evaluation_section(page)
    assert (
        "<p>Outcome: <b>Converted</b>. 0 leads with a known outcome (2 unknown, left out): "
        "0 converted (-).</p>"
    ) in section
    assert "<svg" not in section and "<table>" not in section


def test_a_scored_file_sorted_otherwise_is_evaluated_in_queue_order(files, tmp_path, capsys):
    rules, _, scored = files
    lines = scored.read_text(encoding="utf-8").splitlines(keepends=True)
    resorted = tmp_path / "resorted.csv"
    resorted.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")  # worst first
    pages = tmp_path / "ranked.html", tmp_path / "resorted.html"
    for source, page in zip((scored, resorted), pages, strict=True):
        assert run_cli(capsys, "report", source, "-o", page, "-r", rules, "-t", "Converted")[0] == 0
    assert evaluation_section(pages[0]) == evaluation_section(pages[1])
