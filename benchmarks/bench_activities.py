"""Time `leadq score --activities` on 1M leads with a generated 5M-event activity log.

    python benchmarks/bench_activities.py                     # 1M leads, 5M events
    python benchmarks/bench_activities.py --leads benchmarks/data/leads_100000.csv --events 500000

The lead export is the one `benchmarks/bench_score.py` generates (seed 7); the log is generated
here from its keys (seed 11, same seed -> same file): 60% of rows keyed by lead id, 25% by the
lead's e-mail and 15% by its phone (both as the export writes them, with the country column),
2% keyed to leads that do not exist; timestamps spread over the 180 days before --as-of, a few
after it; calls, e-mails, sms and web events with English, Russian and Polish outcomes.

It prints:
1. in one process: seconds to read and key the log, and seconds of the `add_activities` stage
   (matching every event to its leads, contact columns, decayed points), with the events matched;
2. whole process, `leadq score LEADS -o out.csv` with and without `--activities LOG`: wall
   seconds (median, min, max over the runs) and the peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_score import measure  # noqa: E402

AS_OF = datetime.date(2026, 11, 25)
DEFAULT_LEADS = HERE / "data" / "leads_1000000.csv"
# (channel, outcome, page) and how often each appears in the log.
EVENT_KINDS = [
    ("call", "no answer", "", 0.14), ("call", "answered", "", 0.05),
    ("звонок", "недозвон", "", 0.05), ("telefon", "nie odebrano", "", 0.04),
    ("email", "sent", "", 0.08), ("email", "bounced", "", 0.01),
    ("email", "opened", "November newsletter", 0.14), ("email", "clicked", "/pricing", 0.04),
    ("email", "replied", "", 0.02), ("sms", "delivered", "", 0.03),
    ("web", "visited page", "/pricing", 0.07), ("web", "page view", "/blog/", 0.15),
    ("web", "odsłona", "/pl/cennik", 0.05), ("web", "просмотр страницы", "/ru/tseny", 0.05),
    ("web", "webinar attended", "Webinar: CRM in practice", 0.03),
    ("web", "downloaded", "whitepaper.pdf", 0.04), ("web", "form submitted", "/contact", 0.01),
]  # fmt: skip


def generate_log(leads_path: Path, events: int, out: Path, seed: int = 11) -> None:
    """Write an activity log of ``events`` rows keyed to the leads of ``leads_path``."""
    random = np.random.default_rng(seed)
    leads = pd.read_csv(
        leads_path,
        dtype=str,
        usecols=["Lead ID", "Email", "Phone", "Country"],
        keep_default_na=False,
    )
    picked = leads.iloc[random.integers(0, len(leads), events)].reset_index(drop=True)
    key = random.choice(3, events, p=[0.6, 0.25, 0.15])
    lead_id = picked["Lead ID"].where(key == 0, "")
    lead_id = lead_id.where(random.random(events) > 0.02 / 0.6, "L-X" + lead_id.str.slice(2))
    kinds = random.choice(len(EVENT_KINDS), events, p=[kind[3] for kind in EVENT_KINDS])
    seconds = random.integers(-180 * 86_400, 2 * 86_400, events)
    stamps = np.datetime64(AS_OF, "s") + seconds.astype("timedelta64[s]")
    blog = np.char.add("/blog/post-", random.integers(0, 300, events).astype(str))
    page = np.array([kind[2] for kind in EVENT_KINDS], dtype=object)[kinds]
    page = np.where(page == "/blog/", blog.astype(object), page)
    log = pd.DataFrame(
        {
            "Lead ID": lead_id,
            "E-mail": picked["Email"].where(key == 1, ""),
            "Phone": picked["Phone"].where(key == 2, ""),
            "Country": picked["Country"].where(key == 2, ""),
            "Date": pd.Series(stamps).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "Channel": np.array([kind[0] for kind in EVENT_KINDS], dtype=object)[kinds],
            "Outcome": np.array([kind[1] for kind in EVENT_KINDS], dtype=object)[kinds],
            "Page": page,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    log.to_csv(out, index=False)


def in_process(leads_path: Path, log_path: Path) -> None:
    """Seconds to read the log and to run the activity stage, in one process."""
    from leadq.activities import add_activities, read_activity_log
    from leadq.context import RunSettings
    from leadq.load import read_leads
    from leadq.pipeline import STAGES, build_context
    from leadq.ruleset import load_rules

    rules = load_rules()
    settings = RunSettings(as_of=AS_OF, workers=2)
    wall, cpu = time.perf_counter(), time.process_time()
    log = read_activity_log([log_path], rules, settings)
    read = (time.perf_counter() - wall, time.process_time() - cpu)
    table = read_leads([leads_path]).table
    context = build_context(table, rules, settings, activities=log)
    for stage in STAGES[: STAGES.index(add_activities)]:
        table = stage(table, context)
    wall, cpu = time.perf_counter(), time.process_time()
    table = add_activities(table, context)
    stage = (time.perf_counter() - wall, time.process_time() - cpu)
    assert log is not None
    matched = int(log.matched.sum())
    print(f"read and key the log ({len(log.events):,} events): {read[0]:.2f} s wall, "
          f"{read[1]:.2f} s CPU in this process (parsing workers not counted)")  # fmt: skip
    print(f"add_activities stage ({len(table):,} leads, {matched:,} events matched): "
          f"{stage[0]:.2f} s wall, {stage[1]:.2f} s CPU")  # fmt: skip
    print(f"leads with attempts: {(table['contact_attempts'] > 0).sum():,}; "
          f"with points: {(table['activity_points'] > 0).sum():,}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=Path, default=DEFAULT_LEADS)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    log_path = HERE / "data" / f"activities_{arguments.events}.csv"
    if not log_path.exists():
        generate_log(arguments.leads, arguments.events, log_path)
    in_process(arguments.leads, log_path)
    out = HERE / "data" / "bench_activities_out.csv"
    base = [sys.executable, "-m", "leadq", "score", str(arguments.leads), "-q",
            "--as-of", AS_OF.isoformat(), "-o", str(out)]  # fmt: skip
    for label, command in (
        ("without --activities", base),
        ("with --activities", [*base, "--activities", str(log_path)]),
    ):
        figures = measure(command, arguments.runs)
        print(f"{label}: wall median {figures['median']:.2f} s (min {figures['min']:.2f}, "
              f"max {figures['max']:.2f}), peak {figures['peak_mib']:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
