"""Reports of a run: summary.json, the --out-dir layout, and `leadq report` on earlier output.

The routing stage (queues, reps) is built elsewhere; its columns (`queue`, `queue_rank`,
`assigned_to`, `assigned_by`) are added here by hand to show the reports use them when present.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.reports import RunInfo, write_out_dir

ROOT = Path(__file__).resolve().parent.parent
LEADS = ROOT / "examples" / "leads.csv"
CRM = ROOT / "examples" / "crm_accounts.csv"
AS_OF = "2026-11-25"

SMALL = """\
Lead ID,Source,Full Name,Company,Email,Phone,Message
007,web,Anna Nowak,Polmet,anna@polmet.pl,+48 501 234 567,"=SUM(1,2)*CELL(""row"")"
L-2,web,Jan Kowalski,Firma,jan@firma.pl,+48 502 345 678,demo please
L-3,promo,Test Test,,broken-at-sign,12,
L-4,promo,Olga Lis,,,,
"""


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def routed(table: pd.DataFrame) -> pd.DataFrame:
    """The table as the routing stage leaves it: disqualified leads in no queue."""
    queue = table["stage"].map({"sql": "enterprise", "mql": "smb", "nurture": "smb"})
    rep = queue.map({"enterprise": "Anna Kowalska", "smb": "Piotr Zieliński"})
    return table.assign(
        queue=queue,
        queue_rank=table.groupby(queue)["rank"].rank(method="first"),
        assigned_to=rep,
        assigned_by=queue.map({"enterprise": "round_robin", "smb": "weighted"}),
    )


STAGE_NAMES = ("sql", "mql", "nurture", "disqualified")


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    """`leadq score examples/leads.csv --against crm --out-dir DIR -o scored.csv`."""
    folder = tmp_path_factory.mktemp("run")
    scored, out = folder / "scored.csv", folder / "out"
    args = ["score", LEADS, "--against", CRM, "--as-of", AS_OF, "-o", scored, "--out-dir", out]
    assert main([str(arg) for arg in args]) == 0
    return scored, out


@pytest.fixture
def small_result(write_file):
    path = write_file("leads.csv", SMALL)
    options = ScoreOptions(as_of=datetime.date(2026, 11, 25), workers=1)
    return leadq.score([path], options)


def read_summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ summary.json


def test_summary_json_of_the_examples(example_run):
    _, out = example_run
    summary = read_summary(out)
    assert summary["run"] == {
        "leadq_version": leadq.__version__,
        "rules": "default",
        "as_of": AS_OF,
        "inputs": [str(LEADS)],
        "report_of": None,
    }
    assert summary["rows"] == 400
    scored = pd.read_csv(out / "leads.csv", dtype=str, keep_default_na=False)
    stages = scored["stage"].value_counts()
    assert summary["stages"] == {stage: int(stages.get(stage, 0)) for stage in STAGE_NAMES}
    assert summary["grades"] == scored["grade"].value_counts().sort_index().to_dict()
    assert sum(source["leads"] for source in summary["sources"]) == 400
    busiest = summary["sources"][0]
    from_it = scored[scored["source_file"].ne("") & scored["Source"].eq(busiest["source"])]
    assert busiest["leads"] == len(from_it) == scored["Source"].value_counts().max()
    assert busiest["sql"] == (from_it["stage"] == "sql").sum()
    top_reason = summary["disqualification_reasons"][0]
    fired = scored["disqualified_by"].str.split("; ").explode().replace("", pd.NA).dropna()
    assert top_reason["leads"] == fired.value_counts().max()
    assert top_reason["rule_id"] == fired.value_counts().index[0]
    assert summary["bad_data_by_source"][0]["source"] == "landing_promo"  # the broken form
    assert summary["bad_data_share"] == 0.2
    handed = scored["disqualified_by"].str.contains("existing_customer|open_deal", regex=True)
    assert summary["handover"] == handed.sum() > 0
    assert summary["duplicates"] is None  # the default rules do not look for them in score
    assert summary["queues"] is None and summary["reps"] is None


def test_summary_counts_queues_reps_and_duplicates_when_the_table_has_them(small_result, tmp_path):
    table = routed(small_result.table).assign(
        cluster_id=[1, 1, 2, 3], cluster_size=[2, 2, 1, 1], is_primary=[True, False, True, True]
    )
    info = RunInfo("default", datetime.date(2026, 11, 25), ("leads.csv",))
    write_out_dir(table, small_result.context, tmp_path / "out", info)
    summary = read_summary(tmp_path / "out")
    assert summary["duplicates"] == {"clusters": 1, "leads_in_clusters": 2, "duplicates": 1}
    queues = {row["queue"]: row["leads"] for row in summary["queues"]}
    assert sum(queues.values()) == 4 and queues["(unassigned)"] == summary["stages"]["disqualified"]
    assert {row["assigned_to"] for row in summary["reps"]} <= {
        "Anna Kowalska", "Piotr Zieliński", "(unassigned)",
    }  # fmt: skip


# ------------------------------------------------------------------------------ --out-dir


def test_out_dir_layout_of_a_run_with_a_crm(example_run):
    _, out = example_run
    files = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
    assert files == [
        "disqualified.csv",
        "handover/handoff-anna-kowalska.csv",
        "handover/handoff-mark-evans.csv",
        "handover/handoff-olga-smirnova.csv",
        "handover/handoff-piotr-zielinski.csv",
        "handover/handoff-unassigned.csv",
        "leads.csv",
        "report.html",
        "report.xlsx",
        "summary.json",
    ]
    assert sorted(read_summary(out)["files"]) == files
    assert read_summary(out)["files"][-1] == "summary.json"  # written last
    assert not list(out.rglob(".*.tmp"))  # no temporary file left behind


def test_out_dir_leads_and_disqualified_files(example_run):
    scored, out = example_run
    leads = pd.read_csv(out / "leads.csv", dtype=str, keep_default_na=False)
    assert len(leads) == 400
    assert sorted(leads.columns) == sorted(pd.read_csv(scored, nrows=0).columns)
    assert list(leads.columns[:5]) == ["rank", "stage", "grade", "score", "quality"]
    disqualified = pd.read_csv(out / "disqualified.csv", dtype=str, keep_default_na=False)
    assert len(disqualified) == (leads["stage"] == "disqualified").sum()
    assert set(disqualified["stage"]) == {"disqualified"}
    assert (disqualified["disqualified_by"] != "").all()
    assert list(disqualified.columns[5:7]) == ["reasons", "disqualified_by"]


def test_out_dir_of_a_routed_table_has_a_file_per_queue_and_per_rep(small_result, tmp_path):
    table = routed(small_result.table)
    info = RunInfo("default", None, ("leads.csv",))
    write_out_dir(table, small_result.context, tmp_path, info)
    queue_files = sorted(path.name for path in (tmp_path / "queues").iterdir())
    rep_files = sorted(path.name for path in (tmp_path / "reps").iterdir())
    qualified = table[table["stage"] != "disqualified"]
    assert queue_files == sorted(f"{queue}.csv" for queue in qualified["queue"].unique())
    assert rep_files == sorted(
        {"Anna Kowalska": "anna-kowalska.csv", "Piotr Zieliński": "piotr-zielinski.csv"}[rep]
        for rep in qualified["assigned_to"].unique()
    )
    for path in (tmp_path / "queues").iterdir():
        rows = pd.read_csv(path, dtype=str)
        assert rows["queue_rank"].astype(float).is_monotonic_increasing
        assert "disqualified" not in set(rows["stage"])


def test_out_dir_csv_files_neutralise_formulas(small_result, tmp_path):
    write_out_dir(small_result.table, small_result.context, tmp_path, RunInfo("d", None, ()))
    leads = pd.read_csv(tmp_path / "leads.csv", dtype=str)
    assert leads.loc[leads["Lead ID"] == "007", "Message"].item().startswith("'=SUM(")
    assert "'+48 501 234 567" in set(leads["Phone"])


def test_cli_out_dir_that_is_a_file_is_one_error_line(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", SMALL)
    taken = write_file("taken", "x")
    code, _, err = run_cli(capsys, "score", leads, "--out-dir", taken, "-o", tmp_path / "r.csv")
    assert code == 2
    assert err.splitlines() == [f"leadq: error: --out-dir {taken}: is a file; give a folder"]
    assert not (tmp_path / "r.csv").exists()


# ------------------------------------------------------------------------------ leadq report


def test_report_of_a_scored_csv_gives_the_figures_of_the_run(example_run, tmp_path, capsys):
    scored, out = example_run
    code, _, err = run_cli(capsys, "report", scored, "--out-dir", tmp_path / "again")
    assert code == 0, err
    assert err.splitlines() == [f"Wrote 10 files to {tmp_path / 'again'}"]  # no warning
    first, again = read_summary(out), read_summary(tmp_path / "again")
    assert again["run"]["report_of"] == str(scored)
    assert again["run"]["inputs"] == [str(LEADS)] and again["run"]["as_of"] is None
    for key in ("rows", "stages", "grades", "sources", "disqualification_reasons"):
        assert again[key] == first[key], key
    for key in ("bad_data_by_source", "bad_data_share", "handover", "duplicates"):
        assert again[key] == first[key], key
    assert (tmp_path / "again" / "leads.csv").read_bytes() == (out / "leads.csv").read_bytes()


@pytest.mark.parametrize("name", ["ranked.xlsx", "ranked.csv", "out/leads.csv"])
def test_report_reads_every_output_leadq_writes_for_people(tmp_path, capsys, name):
    """XLSX (typed cells), Excel-CSV (BOM, ';'), and the out-dir's own leads.csv."""
    ranked, out = tmp_path / name, tmp_path / "out"
    output = tmp_path / "ranked.xlsx" if name.startswith("out/") else ranked
    kind = ["--format", "excel-csv"] if name == "ranked.csv" else []
    args = ["score", LEADS, "--as-of", AS_OF, "-o", output, *kind, "--out-dir", out, "-q"]
    assert main([str(arg) for arg in args]) == 0
    code, _, err = run_cli(capsys, "report", ranked, "-o", tmp_path / "summary.json")
    assert code == 0, err
    first, again = read_summary(out), read_summary(tmp_path)
    assert again["stages"] == first["stages"] and sum(again["stages"].values()) == 400
    assert again["bad_data_by_source"] == first["bad_data_by_source"]
    assert again["handover"] is None  # scored without --against: no CRM columns


@pytest.mark.parametrize("name", ["report.html", "report.xlsx", "summary.json"])
def test_report_writes_one_report_by_its_extension(example_run, tmp_path, capsys, name):
    scored, _ = example_run
    code, _, err = run_cli(capsys, "report", scored, "-o", tmp_path / name)
    assert code == 0, err
    assert [path.name for path in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            "Name,Email\nAnna,anna@firma.pl\n",
            "not a leadq output (no 'stage' and 'score' columns); run leadq score first",
        ),
        ("drop grade", "leadq output without its column(s) 'grade'"),
        ("drop grade rank", "leadq output without its column(s) 'grade', 'rank'"),
    ],
    ids=["an export", "one column lost", "two columns lost"],
)
def test_report_of_a_file_that_is_not_leadq_output_is_one_error_line(
    example_run, tmp_path, capsys, content, expected
):
    source = tmp_path / "input.csv"
    if content.startswith("drop "):
        scored = pd.read_csv(example_run[0], dtype=str, keep_default_na=False)
        scored.drop(columns=content.split()[1:]).to_csv(source, index=False)
    else:
        source.write_text(content, encoding="utf-8")
    code, _, err = run_cli(capsys, "report", source, "-o", tmp_path / "r.html")
    assert code == 2
    assert err.splitlines() == [f"leadq: error: {source}: {expected}"]
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], "leadq report: give either -o FILE (.html, .xlsx, .json) or --out-dir DIR"),
        (["-o", "r.html", "--out-dir", "d"], "leadq report: give either -o FILE"),
        (["-o", "r.pdf"], "r.pdf: unknown report extension '.pdf'; use .html, .xlsx, .json"),
        (["-o", "nowhere/r.html"], "nowhere/r.html: not a file in an existing folder"),
    ],
)
def test_report_option_mistakes_are_one_error_line(
    example_run, tmp_path, capsys, monkeypatch, args, expected
):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "report", example_run[0], *args)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"leadq: error: {expected}"), err
    assert "Traceback" not in err


def test_report_of_a_missing_file(tmp_path, capsys):
    code, _, err = run_cli(capsys, "report", tmp_path / "gone.csv", "-o", tmp_path / "r.html")
    assert code == 2
    assert err.splitlines() == [f"leadq: error: {tmp_path / 'gone.csv'}: no such file"]


def test_an_empty_run_still_writes_every_report(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", "Lead ID,Source,Email\n")
    code, _, err = run_cli(capsys, "score", leads, "--out-dir", tmp_path / "out", "-q")
    assert code == 0, err
    summary = read_summary(tmp_path / "out")
    assert summary["rows"] == 0 and summary["disqualification_reasons"] == []
    assert "No leads in this run." in (tmp_path / "out" / "report.html").read_text("utf-8")
    assert err == ""  # no chart library warning on stderr


def test_report_of_a_routed_output_reads_the_routing_columns_back(small_result, tmp_path, capsys):
    scored = tmp_path / "routed.csv"
    leadq.write_table(routed(small_result.table), scored, leadq.OutputFormat.CSV)
    code, _, err = run_cli(capsys, "report", scored, "--out-dir", tmp_path / "out")
    assert code == 0, err
    summary = read_summary(tmp_path / "out")
    assert summary["queues"] is not None and summary["reps"] is not None
    assert sum(row["leads"] for row in summary["queues"]) == 4
    queue_files = sorted(path.stem for path in (tmp_path / "out" / "queues").iterdir())
    qualified = small_result.table["stage"] != "disqualified"
    assert queue_files == sorted(routed(small_result.table)["queue"][qualified].unique())
    leads = pd.read_csv(tmp_path / "out" / "leads.csv", dtype=str)
    assert "'=SUM(" in leads["Message"].iloc[:4].str.cat()  # neutralised once, not twice
    assert "''=" not in leads["Message"].str.cat()


def test_reasons_by_source_counts_a_lead_under_each_of_its_rules():
    from leadq.reports.summary import reasons_by_source

    sources = pd.Series(["web", "web", "promo", "promo", "expo"], dtype="str")
    fired = pd.Series(["bad_email; test_name", "bad_email", "", None, "test_name"], dtype="str")
    counts = reasons_by_source(sources, fired)
    assert counts.to_dict(orient="index") == {
        "expo": {"bad_email": 0, "test_name": 1},
        "web": {"bad_email": 2, "test_name": 1},
    }


def test_grades_the_rules_do_not_name_are_counted_after_theirs(small_result):
    from leadq.reports.summary import count_grades

    grades = pd.Series(["A", "hot", "B", "hot", "cold"], dtype="str")
    counts = count_grades(grades, small_result.context)
    assert counts == {"A": 1, "B": 1, "C": 0, "D": 0, "cold": 1, "hot": 2}


def test_report_names_the_rows_the_reader_repaired(example_run, tmp_path, capsys):
    lines = example_run[0].read_text("utf-8").splitlines(keepends=True)
    edited = tmp_path / "edited.csv"
    edited.write_text("".join([lines[0], lines[1].rstrip("\n") + ",surplus\n", *lines[2:]]))
    code, _, err = run_cli(capsys, "report", edited, "-o", tmp_path / "summary.json")
    assert code == 0, err
    warning = f"leadq: warning: {edited}: row 2 has more fields than the header"
    assert err.splitlines()[0].startswith(warning), err
    assert read_summary(tmp_path)["rows"] == 400


def test_two_queues_with_one_file_name_get_two_files(small_result, tmp_path):
    table = routed(small_result.table)
    qualified = table["stage"] != "disqualified"
    names = pd.Series(["Key accounts", "key/accounts"] * 2, index=table.index)
    table = table.assign(queue=names.where(qualified))
    write_out_dir(table, small_result.context, tmp_path, RunInfo("default", None, ()))
    files = sorted(path.name for path in (tmp_path / "queues").iterdir())
    assert table["queue"].nunique() == 2
    assert files == ["key-accounts-2.csv", "key-accounts.csv"]
    rows = sum(len(pd.read_csv(path)) for path in (tmp_path / "queues").iterdir())
    assert rows == int(qualified.sum())
