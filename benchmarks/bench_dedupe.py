"""Duplicate detection benchmark: `leadq dedupe` against splink 5 (DuckDB) on generated leads
with known noisy duplicates (benchmarks/generate_duplicates.py, seed 7).

    python benchmarks/bench_dedupe.py --rows 100000 --rows 1000000
    python benchmarks/bench_dedupe.py --rows 100000 --skip-splink
    python benchmarks/bench_dedupe.py --check        # self-test of the metric

Each tool runs as a whole separate process; wall time and peak memory (the largest sum of the
resident memory of the process and its descendants, sampled every 50 ms, and never less than
the kernel's figure for the largest single process) are measured from outside. Quality is
pairwise precision, recall and F1 against the true clusters, computed from the contingency
table of (predicted cluster, true cluster) counts, never by listing pairs.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = 7


# --------------------------------------------------------------------------------------------
# Metric
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairScores:
    """Pairwise quality of a clustering."""

    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_scores(predicted: pd.Series, truth: pd.Series) -> PairScores:
    """Pairwise precision / recall / F1 of ``predicted`` cluster labels against ``truth`` labels
    (two Series on the same index, one label per row; a missing prediction is a singleton).

    >>> truth = pd.Series(["a", "a", "a", "b", "b", "c"])
    >>> predicted = pd.Series([1, 1, 2, 2, 2, None])
    >>> s = pairwise_scores(predicted, truth)
    >>> (s.true_positives, s.predicted_pairs, s.true_pairs)
    (2, 4, 4)
    >>> round(s.precision, 3), round(s.recall, 3), round(s.f1, 3)
    (0.5, 0.5, 0.5)
    """
    predicted = predicted.astype(object).where(predicted.notna())
    singles = predicted.isna()
    labels = predicted.astype(str).where(
        ~singles, "\0single:" + pd.Series(predicted.index).astype(str).to_numpy()
    )
    cells = pd.DataFrame({"p": labels.to_numpy(), "t": truth.to_numpy()})
    both = cells.groupby(["p", "t"], sort=False).size().to_numpy()
    return PairScores(
        true_positives=_pairs(both),
        predicted_pairs=_pairs(cells.groupby("p", sort=False).size().to_numpy()),
        true_pairs=_pairs(cells.groupby("t", sort=False).size().to_numpy()),
    )


def score_output(out_csv: Path, truth_csv: Path) -> PairScores:
    """Scores of a tool's ``lead_id,cluster_id`` output (extra columns ignored) against the
    truth file; raises SystemExit when the output lacks rows of the input."""
    truth = pd.read_csv(truth_csv, dtype={"lead_id": str, "true_cluster": str})
    found = pd.read_csv(out_csv, usecols=["lead_id", "cluster_id"], dtype=str)
    found = found.drop_duplicates("lead_id")
    missing = ~truth["lead_id"].isin(found["lead_id"])
    if missing.any():
        print(f"WARNING: {out_csv} lacks {int(missing.sum())} of {len(truth)} input rows "
              "(counted as singletons)", file=sys.stderr)  # fmt: skip
    predicted = truth["lead_id"].map(found.set_index("lead_id")["cluster_id"])
    return pairwise_scores(predicted, truth["true_cluster"])


def self_check() -> None:
    """Check the metric on hand-made examples (raises AssertionError when wrong)."""
    import doctest

    failures, _ = doctest.testmod(sys.modules[__name__], verbose=False)
    assert failures == 0, "doctest failed"
    truth = pd.Series([1, 1, 2, 2, 2, 3])
    perfect = pairwise_scores(pd.Series(["x", "x", "y", "y", "y", "z"]), truth)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    lumped = pairwise_scores(pd.Series(["x"] * 6), truth)  # 15 pairs predicted, 4 true
    assert (lumped.true_positives, lumped.predicted_pairs, lumped.true_pairs) == (4, 15, 4)
    split = pairwise_scores(pd.Series([None] * 6), truth)  # all singletons: nothing found
    assert (split.true_positives, split.predicted_pairs, split.recall) == (0, 0, 0.0)
    print("metric self-check passed")


# --------------------------------------------------------------------------------------------
# Running the tools
# --------------------------------------------------------------------------------------------


def dataset(rows: int) -> tuple[Path, Path]:
    """The generated export with ``rows`` leads and its truth file (made once)."""
    path = DATA / f"dupes_{rows}.csv"
    truth = path.with_name(path.name + ".truth.csv")
    if not (path.exists() and truth.exists()):
        DATA.mkdir(exist_ok=True)
        script = str(HERE / "generate_duplicates.py")
        command = [sys.executable, script, "--rows", str(rows), "--seed", str(SEED)]
        subprocess.run([*command, "--out", str(path)], check=True)
    return path, truth


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (0 when they are gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    peak_mib: float
    ok: bool


def run_measured(command: list[str], timeout: float) -> Run:
    """Run ``command``; wall seconds, peak memory of its process tree (MiB), success."""
    peak = 0
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, status, usage = os.wait4(child.pid, 0) if timeout <= 0 else _wait(child, timeout)
    finally:
        done.set()
        sampler.join()
    wall = time.perf_counter() - started
    peak = max(peak, usage.ru_maxrss * 1024)
    return Run(wall, peak / 2**20, os.waitstatus_to_exitcode(status) == 0)


def _wait(
    child: subprocess.Popen[bytes], timeout: float
) -> tuple[int, int, resource.struct_rusage]:
    """os.wait4 with a time limit: the child is killed when it runs longer; returns wait4's."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        time.sleep(0.05)
    child.kill()
    print(f"killed after {timeout:.0f} s: {child.args!r}", file=sys.stderr)
    return os.wait4(child.pid, 0)


def leadq_command(source: Path, out: Path) -> list[str]:
    """`leadq dedupe` writing every row with ``lead_id`` and ``cluster_id``."""
    return [sys.executable, "-m", "leadq", "dedupe", str(source), "-o", str(out), "-q"]


def splink_command(source: Path, out: Path) -> list[str]:
    """splink 5 with DuckDB, cleaning included (benchmarks/splink_dedupe.py)."""
    return [sys.executable, str(HERE / "splink_dedupe.py"), str(source), str(out)]


@dataclass(frozen=True)
class Result:
    rows: int
    tool: str
    run: Run
    scores: PairScores | None


def bench(rows: int, tools: list[str], folder: Path, timeout: float) -> list[Result]:
    """Run each tool once on the ``rows``-row dataset and score its output."""
    source, truth = dataset(rows)
    commands = {"leadq": leadq_command, "splink": splink_command}
    results = []
    for tool in tools:
        out = folder / f"{tool}_{rows}.csv"
        print(f"running {tool} on {rows} rows ...", file=sys.stderr)
        run = run_measured(commands[tool](source, out), timeout)
        scores = score_output(out, truth) if run.ok and out.exists() else None
        results.append(Result(rows, tool, run, scores))
    return results


def table(results: list[Result]) -> str:
    """Markdown table of the results, with the leadq/splink time ratio per size."""
    lines = [
        "| rows | tool | wall s | peak RSS MiB | precision | recall | F1 | time leadq/splink |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    walls = {(r.rows, r.tool): r.run.wall for r in results if r.run.ok}
    for r in results:
        q = r.scores
        quality = (
            f"{q.precision:.4f} | {q.recall:.4f} | {q.f1:.4f}" if q else "failed | failed | failed"
        )
        ratio = ""
        if r.tool == "leadq" and (r.rows, "splink") in walls and (r.rows, "leadq") in walls:
            ratio = f"{walls[(r.rows, 'leadq')] / walls[(r.rows, 'splink')]:.2f}"
        lines.append(
            f"| {r.rows:,} | {r.tool} | {r.run.wall:.1f} | {r.run.peak_mib:,.0f} | {quality} "
            f"| {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="size (repeatable)")
    parser.add_argument("--skip-splink", action="store_true", help="run leadq only")
    parser.add_argument("--skip-leadq", action="store_true", help="run splink only")
    parser.add_argument("--timeout", type=float, default=0, help="seconds per run (0: none)")
    parser.add_argument("--keep", type=Path, help="folder for the tools' outputs (default: temp)")
    parser.add_argument("--check", action="store_true", help="self-test the metric and exit")
    args = parser.parse_args(argv)
    if args.check:
        self_check()
        return 0
    tools = [
        t for t, skip in (("leadq", args.skip_leadq), ("splink", args.skip_splink)) if not skip
    ]
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        for rows in args.rows or [100_000]:
            results.extend(bench(rows, tools, folder, args.timeout))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
