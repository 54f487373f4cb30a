"""``leadq route`` and ``leadq score --route`` as a user meets them: files, state, lock, errors.

The lock tests run real processes: one holds the state file's lock while another routes.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

import leadq
from leadq.cli import main, route_render

ROOT = Path(__file__).resolve().parent.parent
LEADS = ROOT / "examples" / "leads.csv"
ROSTER = ROOT / "examples" / "roster.csv"
RULES = ROOT / "rules" / "routing-example.yaml"
AS_OF = "2026-11-25"
EXAMPLE_ROWS = 400
ROUTE_COLUMNS = ["queue", "queue_rank", "assigned_to", "assigned_by"]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples scored with the routing rules, once for the module."""
    path = tmp_path_factory.mktemp("scored") / "scored.csv"
    assert (
        main(["score", str(LEADS), "-r", str(RULES), "--as-of", AS_OF, "-o", str(path), "-q"]) == 0
    )
    return path


def route_args(scored: Path, folder: Path, *extra: object) -> list[object]:
    return [
        "route", scored, "-r", RULES, "--roster", ROSTER, "--as-of", AS_OF,
        "--state", folder / "state.json", *extra,
    ]  # fmt: skip


def test_route_adds_the_routing_columns_to_every_row_and_saves_the_state(scored, tmp_path, capsys):
    output = tmp_path / "routed.csv"
    code, _, err = run(capsys, *route_args(scored, tmp_path, "-o", output))
    assert code == 0, err
    before, after = read(scored), read(output)
    assert len(after) == len(before) == EXAMPLE_ROWS
    assert list(after.columns) == [*before.columns, *ROUTE_COLUMNS]
    pd.testing.assert_frame_equal(after[before.columns], before)  # source_row kept as it was
    routed = after[after["stage"] != "disqualified"]
    assert (routed["queue"] != "").all()
    assert (after.loc[after["stage"] == "disqualified", ROUTE_COLUMNS] == "").all().all()
    assert set(routed["queue"]) == {"enterprise", "sales_ready", "by_country"}
    assert set(routed["assigned_by"]) <= {
        "enterprise:round_robin",
        "sales_ready:weighted",
        "by_country:territory",
        "by_country:fallback:capacity",
        "by_country:unassigned",
    }
    assert f"routing state saved to {tmp_path / 'state.json'}" in err
    assert "Traceback" not in err
    assert json.loads((tmp_path / "state.json").read_text())["runs"] == 1


def test_capacity_from_the_roster_is_respected_in_the_example(scored, tmp_path, capsys):
    output = tmp_path / "routed.csv"
    assert run(capsys, *route_args(scored, tmp_path, "-o", output))[0] == 0
    capacity_fallback = read(output).query("assigned_by == 'by_country:fallback:capacity'")
    assert capacity_fallback.empty or set(capacity_fallback["assigned_to"]) <= {"jan", "olga"}


def test_routing_a_routed_file_again_keeps_the_earlier_routing_as_input(scored, tmp_path, capsys):
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    assert run(capsys, *route_args(scored, tmp_path, "-o", once, "--dry-run"))[0] == 0
    assert run(capsys, *route_args(once, tmp_path, "-o", twice, "--dry-run"))[0] == 0
    again = read(twice)
    assert [f"{name} (input)" for name in ROUTE_COLUMNS] == list(again.columns[-8:-4])
    assert len(again) == EXAMPLE_ROWS


def test_a_dry_run_shows_the_assignments_and_saves_nothing(scored, tmp_path, capsys):
    output = tmp_path / "routed.csv"
    code, _, err = run(capsys, *route_args(scored, tmp_path, "-o", output, "--dry-run"))
    assert code == 0
    assert (read(output)["assigned_to"] != "").any()
    assert "dry run: routing state not saved" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["routed.csv"]


def test_score_route_scores_and_routes_in_one_run(tmp_path, capsys):
    output = tmp_path / "routed.csv"
    state = tmp_path / "state.json"
    code, _, err = run(
        capsys, "score", LEADS, "-r", RULES, "--route", "--roster", ROSTER, "--state", state,
        "--as-of", AS_OF, "-o", output,
    )  # fmt: skip
    assert code == 0, err
    table = read(output)
    assert list(table.columns[-4:]) == ROUTE_COLUMNS
    assert len(table) == EXAMPLE_ROWS
    assert "enterprise" in err and state.exists()


def test_routing_a_file_leadq_did_not_score_is_one_error_line(tmp_path, capsys):
    code, _, err = run(capsys, *route_args(LEADS, tmp_path))
    assert code == 2
    assert err == (
        f"leadq: error: {LEADS}: no 'stage' column: not leadq's output; score it first "
        "(leadq score FILE -o scored.csv), or run leadq score --route\n"
    )


def test_rules_without_queues_fail_before_scoring(tmp_path, capsys):
    code, _, err = run(capsys, "score", LEADS, "--route", "--state", tmp_path / "s.json")
    assert code == 2
    assert err.startswith("leadq: error: default: the rules have no 'queues:' section")
    assert len(err.splitlines()) == 1


def test_a_damaged_state_file_is_one_error_line(scored, tmp_path, capsys):
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, *route_args(scored, tmp_path))
    assert code == 2
    assert err == (
        f"leadq: error: routing state {tmp_path / 'state.json'}: not a leadq routing state "
        "file; delete it to start afresh\n"
    )


def test_a_bad_roster_cell_names_its_row_and_column(scored, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Capacity\nanna,10\npiotr,many\n", encoding="utf-8")
    args = route_args(scored, tmp_path)
    args[args.index(ROSTER)] = roster
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err == (
        f"leadq: error: {roster}: row 3: column 'Capacity': needs a whole number, 0 or more; "
        "found 'many'\n"
    )


def test_a_queue_naming_a_rep_nobody_knows_is_reported_in_the_rules(scored, tmp_path, capsys):
    rules = tmp_path / "rules.yaml"
    text = RULES.read_text(encoding="utf-8").replace("reps: [anna, piotr]", "reps: [anna, petr]")
    rules.write_text(text, encoding="utf-8")
    args = route_args(scored, tmp_path)
    args[args.index(RULES)] = rules
    code, _, err = run(capsys, *args)
    assert code == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "petr]" in row)
    assert err.startswith(f"leadq: error: {rules}:{line}:")
    assert "queues[0].assign.reps[1]: unknown rep 'petr'; did you mean 'piotr'?" in err


# --------------------------------------------------------------------------- the lock


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from leadq.routing.state import locked_state
    with locked_state(Path(sys.argv[1]), timeout=30):
        Path(sys.argv[2]).write_text("held")
        time.sleep(float(sys.argv[3]))
    """
)


def hold_lock(state: Path, seconds: float) -> subprocess.Popen[bytes]:
    """Another process that holds the state's lock for ``seconds``, once it says so."""
    ready = state.with_name("ready")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state), str(ready), str(seconds)], env=env
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert holder.poll() is None and time.monotonic() < deadline, "the holder did not start"
        time.sleep(0.05)
    return holder


def test_a_second_run_fails_clearly_when_the_lock_stays_taken(scored, tmp_path, capsys):
    state = tmp_path / "state.json"
    holder = hold_lock(state, 30)
    try:
        code, _, err = run(capsys, *route_args(scored, tmp_path, "--lock-timeout", "0.2"))
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert err == (
        f"leadq: error: routing state {state} is in use by another run (waited 0.2 s; "
        "--lock-timeout sets how long to wait)\n"
    )
    assert not state.exists()


def test_a_second_run_waits_for_the_first_and_both_are_counted(scored, tmp_path, capsys):
    state = tmp_path / "state.json"
    holder = hold_lock(state, 1.5)
    started = time.monotonic()
    code, _, err = run(capsys, *route_args(scored, tmp_path, "--lock-timeout", "60"))
    assert code == 0, err
    assert time.monotonic() - started >= 1.0  # it waited for the holder
    assert holder.wait(timeout=60) == 0
    assert json.loads(state.read_text())["runs"] == 1


def test_two_concurrent_routing_processes_never_lose_an_update(scored, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("LEADQ_TRACEBACK", None)
    args = [sys.executable, "-m", "leadq", *map(str, route_args(scored, tmp_path, "-q"))]
    runs = [
        subprocess.Popen(
            [*args, "-o", str(tmp_path / f"out{i}.csv")], env=env, stderr=subprocess.PIPE
        )
        for i in range(2)
    ]
    for process in runs:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["runs"] == 2
    assigned = sum((read(tmp_path / f"out{i}.csv")["assigned_to"] != "").sum() for i in range(2))
    # No CRM here, so no owner kept a lead: every assigned lead is counted in the state.
    assert sum(saved["daily"][AS_OF].values()) == assigned


def test_open_deals_in_a_crm_export_count_as_the_owners_load(tmp_path, capsys):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        textwrap.dedent(
            """
            version: 1
            extend: default
            queues:
              - id: inbound
                fallback: true
                assign: {strategy: capacity, capacity: 4}
            reps: [anna, piotr]
            """
        ),
        encoding="utf-8",
    )
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "Owner,Status,Email\nAnna,negotiation,a@x.pl\n anna ,proposal,b@x.pl\n"
        "anna,customer,c@x.pl\npiotr,lost,d@x.pl\n",
        encoding="utf-8",
    )
    scored = tmp_path / "scored.csv"
    scored.write_text("lead_id,stage,score\n" + "".join(f"L{i},sql,50\n" for i in range(8)))
    output = tmp_path / "routed.csv"
    code, _, err = run(
        capsys, "route", scored, "-r", rules, "--against", crm, "--state", tmp_path / "s.json",
        "--as-of", AS_OF, "-o", output,
    )  # fmt: skip
    assert code == 0, err
    counts = read(output)["assigned_to"].value_counts().to_dict()
    assert counts == {"piotr": 4, "anna": 2, "": 2}  # anna's two open deals fill half her 4


def test_on_a_terminal_the_head_of_each_queue_is_shown(scored, tmp_path, capsys):
    routing = leadq.RouteOptions(state=tmp_path / "s.json", roster=ROSTER, dry_run=True)
    options = leadq.ScoreOptions(rules=RULES, as_of=datetime.date(2026, 11, 25), route=routing)
    table = leadq.route(scored, options).table
    screen = io.StringIO()
    route_render.assignments(Console(file=screen, width=100), table, count=2)
    lines = screen.getvalue().splitlines()
    assert lines[0].strip() == "the first 2 leads of each queue"
    assert lines[1].split() == ["queue", "#", "rep", "stage", "score", "name"]
    assert [line.split()[:2] for line in lines[2:8]] == [
        ["enterprise", "1"], ["enterprise", "2"], ["sales_ready", "1"], ["sales_ready", "2"],
        ["by_country", "1"], ["by_country", "2"],
    ]  # fmt: skip


def test_score_route_and_route_of_the_scored_file_agree(scored, tmp_path, capsys):
    together, apart = tmp_path / "together.csv", tmp_path / "apart.csv"
    common = ["--roster", ROSTER, "--as-of", AS_OF, "--dry-run", "--state", tmp_path / "s.json"]
    score = ["score", LEADS, "-r", RULES, "--route", "-o", together, *common]
    assert run(capsys, *score)[0] == 0
    assert run(capsys, "route", scored, "-r", RULES, "-o", apart, *common)[0] == 0
    pd.testing.assert_frame_equal(read(together)[ROUTE_COLUMNS], read(apart)[ROUTE_COLUMNS])


def test_route_has_help_with_examples(capsys):
    code, out, err = run(capsys, "route", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("Usage: leadq route")
    examples = out[out.index("Examples") :]
    assert "leadq route scored.csv" in examples
    for option in ("--state", "--roster", "--dry-run", "--lock-timeout", "--against"):
        assert option in out
