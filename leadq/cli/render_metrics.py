"""Terminal tables for `leadq evaluate` and `leadq compare` (Rich; only the CLI renders)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from leadq.evaluation import Bucket, Evaluation


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def buckets(console: Console, title: str, rows: Sequence[Bucket]) -> None:
    table = Table(title, "leads", "converted", "rate", "lift", "captured", box=None, pad_edge=False)
    for row in rows:
        table.add_row(
            row.label,
            str(row.leads),
            str(row.converted),
            percent(row.rate),
            ratio(row.lift),
            percent(row.captured),
        )
    console.print(table)
    console.print()


def evaluation(console: Console, result: Evaluation) -> None:
    """The headline, the queue by decile, top of queue, grades, stages and every rule."""
    unknown = result.leads - result.known
    console.print(
        Text.assemble(
            (f"{result.known} leads with a known outcome", "bold"),
            f" ({unknown} unknown, left out): {result.converted} converted "
            f"({percent(result.base_rate)}); ROC AUC of the queue {ratio(result.auc)}",
        )
    )
    console.print()
    buckets(console, "decile", result.deciles)
    buckets(console, "queue", result.top)
    buckets(console, "grade", result.grades)
    for inversion in result.grade_inversions:
        console.print(f"grades out of order: {inversion}")
    if result.grades and not result.grade_inversions:
        console.print("grades in order: each converts at least as well as the next")
    console.print()
    buckets(console, "stage", result.stages)
    rules = Table(
        "section", "rule", "points", "fires", "rate when fires", "rate when not", "lift",
        "verdict", box=None, pad_edge=False,
    )  # fmt: skip
    for rule in result.rules:
        verdict = Text(rule.verdict, style="bold red" if rule.verdict == "backwards" else "")
        rules.add_row(
            rule.section,
            rule.rule_id,
            f"{rule.points:+d}" if rule.points else "",
            str(rule.fires),
            percent(rule.rate_when_fires),
            percent(rule.rate_when_not),
            ratio(rule.lift),
            verdict,
        )
    console.print(rules)
