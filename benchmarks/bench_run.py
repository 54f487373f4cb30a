"""What ``leadq run`` adds to ``leadq score --out-dir``: hashing the inputs, the staged folder,
the record of processed inputs; and how fast a night with nothing new is skipped.

    python benchmarks/bench_run.py                     # 100,000 generated leads, 3 runs each
    python benchmarks/bench_run.py --rows 1000000 --runs 1

Three whole-process figures on the same export, each the median of the runs: ``leadq score
--out-dir``, ``leadq run`` of a job reading that export (skip_unchanged off, so it scores each
time), and ``leadq run --skip-unchanged`` after a run has recorded the export (reads, hashes and
skips it: the cost of a night with nothing new). Also the SHA-256 of the export in-process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_score import dataset, describe, measure  # noqa: E402

from leadq.jobs.inputs import file_digest  # noqa: E402

AS_OF = "2026-11-25"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    leads = dataset(args.rows)
    started = time.perf_counter()
    file_digest(leads)
    print(
        f"sha256 of {leads.name} ({leads.stat().st_size / 1e6:.0f} MB): "
        f"{time.perf_counter() - started:.2f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        job = Path(folder) / "job.yaml"
        job.write_text(f"inputs: {leads}\nout_dir: runs/{{date}}\n", encoding="utf-8")
        leadq = [sys.executable, "-m", "leadq"]
        commands = {
            "score --out-dir": [*leadq, "score", str(leads), "--as-of", AS_OF, "-q",
                                "-o", str(Path(folder) / "a.csv"), "--out-dir",
                                str(Path(folder) / "out")],
            "run": [*leadq, "run", str(job), "--as-of", AS_OF, "-q"],
            "run, nothing new": [*leadq, "run", str(job), "--as-of", AS_OF, "-q",
                                 "--skip-unchanged"],
        }  # fmt: skip
        for name, command in commands.items():
            print(describe(name, measure(command, args.runs)))


if __name__ == "__main__":
    main()
