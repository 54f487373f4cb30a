"""Terminal tables for `leadq evaluate` and `leadq compare` (Rich; only the CLI renders)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from leadq.comparison import Comparison
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


def comparison(console: Console, result: Comparison) -> None:
    """Headline, transitions, score shift, the rules behind the changes, the leads that move."""
    changed = ", ".join(
        f"{count} {column}" for column, count in result.changed.items() if column != "any"
    )
    console.print(
        Text.assemble(
            (f"{result.changed['any']} of {result.leads} leads change", "bold"),
            f" ({changed})",
        )
    )
    shift = result.shift
    console.print(
        f"score: mean {shift.old_mean:.1f} -> {shift.new_mean:.1f}, median "
        f"{shift.old_median:g} -> {shift.new_median:g}; {shift.raised} raised, "
        f"{shift.lowered} lowered, {shift.unchanged} unchanged"
    )
    console.print()
    if result.transitions:
        moves = Table("column", "old", "new", "leads", box=None, pad_edge=False)
        for move in result.transitions:
            moves.add_row(move.column, move.old, move.new, str(move.leads))
        console.print(moves)
        console.print()
    if result.rules:
        rules = Table("section", "rule", "change", "leads", "points", box=None, pad_edge=False)
        for rule in result.rules:
            points = f"{rule.points:+d}" if rule.points else ""
            rules.add_row(rule.section, rule.rule_id, rule.change, str(rule.leads), points)
        console.print(rules)
        console.print()
    _movers(console, result.movers)
    if result.evaluations is not None:
        _side_by_side(console, *result.evaluations)


def _movers(console: Console, movers: Sequence[dict[str, object]]) -> None:
    if not movers:
        return
    shown = [key for key in ("lead_id", "source_row", "score_old", "score_new", "stage_old",
                             "stage_new", "grade_old", "grade_new", "queue_old", "queue_new",
                             "rules_changed")
             if key in movers[0]]  # fmt: skip
    table = Table(*shown, title="leads that move most", box=None, pad_edge=False)
    for mover in movers:
        table.add_row(*("" if mover[key] is None else str(mover[key]) for key in shown))
    console.print(table)
    console.print()


def _side_by_side(console: Console, old: Evaluation, new: Evaluation) -> None:
    table = Table("on history", "old rules", "new rules", box=None, pad_edge=False)
    table.add_row("ROC AUC", ratio(old.auc), ratio(new.auc))
    for before, after in zip(old.top, new.top, strict=True):
        table.add_row(f"lift, {before.label}", ratio(before.lift), ratio(after.lift))
        table.add_row(f"conversion, {before.label}", percent(before.rate), percent(after.rate))
    for before, after in zip(old.deciles, new.deciles, strict=True):
        table.add_row(
            f"conversion, decile {before.label}", percent(before.rate), percent(after.rate)
        )
    console.print(table)
