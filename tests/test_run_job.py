"""``leadq run job.yaml``: a nightly job as cron meets it.

Inputs as globs relative to the job file, dated run folders written whole, past runs kept or
removed, inputs already processed skipped, the job's lock, ``fail_on``, ``--dry-run``,
``--log-format json``, and every job-file mistake reported with file:line:col.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import leadq.jobs.run
from leadq.cli import main
from leadq.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden" / "nightly.summary.json"
AS_OF = "2026-11-25"
LEDGER = "processed-inputs.json"

HEADER = "Lead ID,Full Name,Company,Job Title,Email,Phone,Country,Employees,Budget,Timeline\n"
ROWS = [
    "N-1,Anna Kowalska,Translab Sp. z o.o.,CEO,anna@translab.pl,+48 501 234 567,Poland,120,"
    "50000 PLN,this quarter\n",
    "N-2,Ivan Petrov,Stroymash,CTO,ivan@stroymash.ru,+7 912 345-67-89,Russia,300,,\n",
    "N-3,test test,,,,,,,,\n",
]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["run", *(str(arg) for arg in args)])
    out, err = capsys.readouterr()
    return code, out, err


def write_job(folder: Path, text: str, name: str = "job.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def write_export(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """A job over exports/*.csv (one export with three leads), written to runs/{date}."""
    write_export(tmp_path, "exports/web-1.csv", ROWS)
    return write_job(
        tmp_path,
        """
        inputs: exports/*.csv
        out_dir: runs/{date}
        skip_unchanged: true
        """,
    )


def summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- a run


def test_a_run_writes_one_dated_folder_with_the_leads_reports_and_summary(job, capsys):
    code, out, err = run(capsys, job, "--as-of", AS_OF)
    folder = job.parent / "runs" / AS_OF
    assert code == 0 and out == ""
    assert f"Wrote 5 files to {folder}" in err
    assert sorted(p.name for p in folder.iterdir()) == [
        "disqualified.csv", "leads.csv", "report.html", "report.xlsx", "summary.json",
    ]  # fmt: skip
    assert len(pd.read_csv(folder / "leads.csv")) == len(ROWS)
    assert summary(folder)["run"] | {"leadq_version": None} == {
        "leadq_version": None,
        "rules": "default",
        "as_of": AS_OF,
        "inputs": ["exports/web-1.csv"],
        "report_of": None,
        "job": str(job),
        "skipped_inputs": [],
    }


def test_paths_in_the_job_file_are_relative_to_its_folder_not_the_working_directory(
    job, capsys, monkeypatch, tmp_path_factory
):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, _, _ = run(capsys, job, "--as-of", AS_OF)
    assert code == 0 and (job.parent / "runs" / AS_OF / "leads.csv").is_file()


def test_inputs_processed_by_an_earlier_run_are_skipped_and_new_ones_read(job, capsys):
    assert run(capsys, job, "--as-of", "2026-11-24")[0] == 0
    write_export(job.parent, "exports/web-2.csv", ROWS[:1])
    code, _, err = run(capsys, job, "--as-of", AS_OF)
    assert code == 0
    assert (
        f"Skipped exports/web-1.csv: unchanged since the run in {job.parent}/runs/2026-11-24" in err
    )
    run_info = summary(job.parent / "runs" / AS_OF)["run"]
    assert run_info["inputs"] == ["exports/web-2.csv"]
    assert run_info["skipped_inputs"] == ["exports/web-1.csv"]


def test_a_file_changed_in_place_is_read_again(job, capsys):
    assert run(capsys, job, "--as-of", "2026-11-24")[0] == 0
    write_export(job.parent, "exports/web-1.csv", ROWS[:2])
    assert run(capsys, job, "--as-of", AS_OF)[0] == 0
    assert summary(job.parent / "runs" / AS_OF)["rows"] == 2


def test_nothing_new_writes_no_folder_and_exits_0_unless_fail_on_empty(job, capsys):
    assert run(capsys, job, "--as-of", "2026-11-24")[0] == 0
    code, _, err = run(capsys, job, "--as-of", AS_OF)
    assert code == 0 and "Nothing new to read: no run folder written" in err
    assert not (job.parent / "runs" / AS_OF).exists()
    with job.open("a", encoding="utf-8") as handle:
        handle.write("fail_on: [empty]\n")
    code, _, err = run(capsys, job, "--as-of", AS_OF)
    assert code == 1
    assert (
        "leadq: warning: fail_on: no rows were read: every input was processed by an earlier run"
        in err
    )


def test_no_skip_unchanged_reads_every_input_again(job, capsys):
    assert run(capsys, job, "--as-of", "2026-11-24")[0] == 0
    assert run(capsys, job, "--as-of", AS_OF, "--no-skip-unchanged")[0] == 0
    assert summary(job.parent / "runs" / AS_OF)["rows"] == len(ROWS)


def test_a_second_run_on_one_date_replaces_the_folder_whole(job, capsys):
    assert run(capsys, job, "--as-of", AS_OF)[0] == 0
    stale = job.parent / "runs" / AS_OF / "reps" / "someone-gone.csv"
    stale.parent.mkdir()
    stale.write_text("from an earlier run\n")
    assert run(capsys, job, "--as-of", AS_OF, "--no-skip-unchanged")[0] == 0
    assert not stale.exists()
    assert [p.name for p in (job.parent / "runs").iterdir()] == [AS_OF]


def test_a_run_that_fails_while_writing_leaves_the_previous_folder_whole(job, capsys, monkeypatch):
    assert run(capsys, job, "--as-of", AS_OF)[0] == 0
    before = (job.parent / "runs" / AS_OF / "leads.csv").read_bytes()

    def disk_full(*args: object, **kwargs: object) -> list[Path]:
        raise OutputError("runs: cannot write: No space left on device")

    monkeypatch.setattr(leadq.jobs.run, "write_out_dir", disk_full)
    code, _, err = run(capsys, job, "--as-of", AS_OF, "--no-skip-unchanged")
    assert code == 2 and "No space left on device" in err
    assert (job.parent / "runs" / AS_OF / "leads.csv").read_bytes() == before
    assert [p.name for p in (job.parent / "runs").iterdir()] == [AS_OF]


def test_a_routed_run_that_fails_while_writing_saves_no_routing_state_and_no_record(
    tmp_path, capsys, monkeypatch
):
    write_export(tmp_path, "exports/web-1.csv", ROWS)
    routed = write_job(
        tmp_path,
        f"""
        inputs: exports/*.csv
        rules: {ROOT / "rules" / "routing-example.yaml"}
        route: {{roster: {EXAMPLES / "roster.csv"}}}
        out_dir: runs/{{date}}
        """,
    )
    state = tmp_path / "leadq-state"
    assert run(capsys, routed, "--as-of", "2026-11-24")[0] == 0
    saved = {name: (state / name).read_bytes() for name in ("routing-state.json", LEDGER)}

    def disk_full(*args: object, **kwargs: object) -> list[Path]:
        raise OutputError("runs: cannot write: No space left on device")

    monkeypatch.setattr(leadq.jobs.run, "write_out_dir", disk_full)
    assert run(capsys, routed, "--as-of", AS_OF)[0] == 2
    assert {name: (state / name).read_bytes() for name in saved} == saved
    monkeypatch.undo()
    assert run(capsys, routed, "--as-of", AS_OF)[0] == 0
    assert (state / "routing-state.json").read_bytes() != saved["routing-state.json"]


def test_keep_runs_removes_the_oldest_run_folders_and_nothing_else(job, capsys):
    with job.open("a", encoding="utf-8") as handle:
        handle.write("keep_runs: 2\n")
    runs = job.parent / "runs"
    (runs / "notes").mkdir(parents=True)  # not a run: another name
    (runs / "2020-01-01").mkdir()  # the right name, but leadq did not write it: no summary.json
    for day in ("2026-11-22", "2026-11-23", "2026-11-24", AS_OF):
        assert run(capsys, job, "--as-of", day, "--no-skip-unchanged")[0] == 0
    assert sorted(p.name for p in runs.iterdir()) == ["2020-01-01", "2026-11-24", AS_OF, "notes"]


def test_dry_run_scores_but_writes_records_and_removes_nothing(job, capsys):
    code, _, err = run(capsys, job, "--as-of", AS_OF, "--dry-run")
    assert code == 0
    assert f"Dry run: would write {job.parent / 'runs' / AS_OF}; nothing written" in err
    assert sorted(p.name for p in job.parent.iterdir()) == ["exports", "job.yaml"]


def test_fail_on_met_exits_1_and_still_writes_the_run(job, capsys):
    with job.open("a", encoding="utf-8") as handle:
        handle.write("fail_on: bad-data>1%\n")
    code, _, err = run(capsys, job, "--as-of", AS_OF)
    assert code == 1
    assert "leadq: warning: fail_on: bad-data share 33.3% is above 1.0%" in err
    assert (job.parent / "runs" / AS_OF / "summary.json").is_file()


def test_an_input_glob_that_matches_nothing_is_a_warning_with_its_line(tmp_path, capsys):
    write_export(tmp_path, "a.csv", ROWS)
    path = write_job(tmp_path, "inputs:\n  - a.csv\n  - calls/*.xlsx\nout_dir: out\n")
    code, _, err = run(capsys, path, "--as-of", AS_OF)
    assert code == 0
    assert f"leadq: warning: {path}:3:5: inputs[1]: 'calls/*.xlsx' matched no file" in err


@pytest.mark.parametrize(
    ("job_text", "message"),
    [
        ("inputs: missing.csv\nout_dir: out\n", "{job}:1:9: inputs: 'missing.csv': no such file"),
        (
            "inputs: a.csv\nagainst: crm/*.csv\nout_dir: out\n",
            "{job}:2:10: against: 'crm/*.csv': matched no file",
        ),
    ],
)
def test_a_missing_input_or_side_file_stops_the_run_before_any_work(
    tmp_path, capsys, job_text, message
):
    write_export(tmp_path, "a.csv", ROWS)
    path = write_job(tmp_path, job_text)
    code, _, err = run(capsys, path)
    expected = message.format(job=path)
    assert code == 2 and err.startswith(f"leadq: error: {expected} (")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- the job's lock

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import filelock
    with filelock.FileLock(sys.argv[1]):
        Path(sys.argv[2]).write_text("held")
        time.sleep(float(sys.argv[3]))
    """
)


def test_a_second_run_while_one_holds_the_job_fails_clearly(job, capsys):
    state = job.parent / "leadq-state"
    state.mkdir()
    ready = job.parent / "ready"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state / "run.lock"), str(ready), "30"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        with job.open("a", encoding="utf-8") as handle:
            handle.write("lock_timeout: 0.2\n")
        code, _, err = run(capsys, job, "--as-of", AS_OF)
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert err == (
        f"leadq: error: job {job} is in use by another run (waited 0.2 s; "
        "lock_timeout: in the job file sets how long to wait)\n"
    )
    assert not (job.parent / "runs").exists()


# --------------------------------------------------------------------------- logs for cron


def test_log_format_json_makes_every_stderr_line_one_json_event(job, capsys):
    code, _, err = run(capsys, job, "--as-of", AS_OF, "--log-format", "json")
    events = [json.loads(line) for line in err.splitlines()]
    assert code == 0
    assert {"time", "level", "message"} <= set(events[0])
    scored = next(event for event in events if event["message"] == "scored")
    assert scored["summary"]["rows"] == len(ROWS)
    wrote = events[-1]
    assert wrote["out_dir"] == str(job.parent / "runs" / AS_OF) and wrote["files"] == 5


def test_log_format_json_reports_errors_as_json_too(tmp_path, capsys):
    path = write_job(tmp_path, "inputs: a.csv\nout_dir: out\nkeep: 3\n")
    code, _, err = run(capsys, path, "--log-format", "json")
    assert code == 2
    event = json.loads(err)
    assert event["level"] == "error"
    assert event["message"] == f"{path}:3:1: keep: unknown key 'keep'; did you mean 'keep_runs'?"


def test_no_progress_bar_or_colour_when_stderr_is_not_a_terminal(job, capsys):
    _, _, err = run(capsys, job, "--as-of", AS_OF)
    assert "\x1b[" not in err and "━" not in err


# --------------------------------------------------------------------------- job-file mistakes


JOB_MISTAKES = [
    ("out_dir: out", "1:1: inputs: 'inputs:' is needed"),
    ("inputs: a.csv", "1:1: out_dir: 'out_dir:' is needed"),
    ("rout: true", "3:1: rout: unknown key 'rout'; did you mean 'route'?"),
    ("keep_runs: 3",
     "3:12: keep_runs: needs a dated out_dir (e.g. runs/{date}) to tell one run's folder from "
     "another"),
    ("fail_on: [bad>3]",
     "3:11: fail_on[0]: 'bad>3': unknown condition; use one of empty, bad-data>SHARE, "
     "disqualified>SHARE (e.g. bad-data>0.3 or bad-data>30%)"),
    ("lock_timeout: soon",
     "3:15: lock_timeout: a number of seconds (0 or more) is needed; found 'soon'"),
    ("route: {rosters: r.csv}",
     "3:9: route.rosters: unknown key 'rosters'; did you mean 'roster'?"),
    ("skip_unchanged: maybe", "3:17: skip_unchanged: needs true or false; found 'maybe'"),
    ("read: {encodng: cp1251}",
     "3:8: read.encodng: unknown key 'encodng'; did you mean 'encoding'?"),
]  # fmt: skip
OUT_DIR_MISTAKES = [
    ("inputs: []\nout_dir: out", "1:9: inputs: needs at least one file path or glob"),
    ("inputs: a.csv\nout_dir: runs/{day}",
     "2:10: out_dir: unknown placeholder {day}; use {date}, {time}"),
    ("inputs: a.csv\nout_dir: runs/{date}/x",
     "2:10: out_dir: placeholders go in the last folder name only, e.g. runs/{date}"),
    ("inputs: a.csv\nout_dir: runs/{date}-{date}",
     "2:10: out_dir: each placeholder may appear once"),
    ("inputs: a.csv\nout_dir: out/{date}\nkeep_runs: 0",
     "3:12: keep_runs: a whole number of at least 1 is needed; found '0'"),
    ("", "1:1: the job file is empty"),
    ("- a.csv", "1:1: a job file is a mapping of sections such as 'inputs:'; found a list"),
    ("inputs: &x a.csv\nout_dir: *x",
     "1:9: YAML anchors and aliases (&name, *name) are not allowed in job files"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("job_text", "message"),
    [(f"inputs: a.csv\nout_dir: out\n{line}", message) for line, message in JOB_MISTAKES[2:]]
    + [(f"{line}\n", message) for line, message in JOB_MISTAKES[:2]]
    + OUT_DIR_MISTAKES,
)
def test_job_file_mistakes_are_one_line_each_with_file_line_and_column(
    tmp_path, capsys, job_text, message
):
    path = write_job(tmp_path, job_text)
    code, _, err = run(capsys, path)
    assert code == 2
    assert err == f"leadq: error: {path}:{message}\n"


def test_a_missing_job_file_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nightly.yaml")
    assert code == 2
    assert err == f"leadq: error: {tmp_path / 'nightly.yaml'}: no such file\n"


# --------------------------------------------------------------------------- the shipped example


def test_the_example_job_runs_end_to_end_to_the_golden_summary(
    tmp_path, capsys, monkeypatch, update_golden
):
    """examples/nightly.yaml (three exports, CRM, registry, activity log, routing) run from a
    copy of the repository's examples and rules: summary.json is the golden one."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "examples/nightly.yaml", "--as-of", AS_OF)
    assert code == 0, err
    folder = tmp_path / "runs" / AS_OF
    result = summary(folder)
    result["run"]["leadq_version"] = "(any)"
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if update_golden:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        f"{GOLDEN.name} differs: run with --update-golden and review the diff"
    )
    routed = pd.read_csv(folder / "leads.csv", dtype=str)
    assert {"queue", "assigned_to", "crm_status"} <= set(routed.columns)
    assert (tmp_path / "runs" / "state" / "routing-state.json").is_file()
    again = run(capsys, "examples/nightly.yaml", "--as-of", "2026-11-26")
    assert again[0] == 1  # skip_unchanged: nothing new, and fail_on: empty
