"""How results look on a terminal (Rich tables). Only the CLI renders."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from leadq.api import ScoreResult
from leadq.explain import Explanation
from leadq.match.find import DedupeReport
from leadq.match.link import LinkReport

TOP_LEADS = 20
SOURCES_SHOWN = 10
REASONS_SHOWN = 10
TOP_COLUMNS = {
    "rank": "#",
    "stage": "stage",
    "grade": "grade",
    "score": "score",
    "quality": "quality",
    "person_name": "name",
    "company": "company",
    "email_normalized": "e-mail",
    "phone_e164": "phone",
}


def summary(console: Console, result: ScoreResult) -> None:
    """Rows read, leads per stage, top disqualification reasons, bad data by source."""
    totals = result.summary
    sources = ", ".join(sorted(set(result.table["source_file"]))) or "no input"
    console.print(Text.assemble((f"{totals.rows} leads", "bold"), f" read from {sources}"))
    stages = Table("stage", "leads", "share", title=None, box=None, pad_edge=False)
    for stage, count in totals.stages.items():
        stages.add_row(stage, str(count), _share(count, totals.rows))
    console.print(stages)
    if totals.reasons:
        reasons = Table("disqualified by", "leads", "reason", box=None, pad_edge=False)
        for reason in totals.reasons[:REASONS_SHOWN]:
            reasons.add_row(reason.rule_id, str(reason.leads), reason.reason)
        console.print(reasons)
    _bad_data(console, totals.bad_data_by_source)


def dedupe_summary(console: Console, report: DedupeReport) -> None:
    """Rows, clusters and duplicates, and how many pairs were compared to find them."""
    console.print(
        Text.assemble(
            (f"{report.rows} rows", "bold"),
            f": {report.clusters} distinct, {report.duplicate_rows} duplicates "
            f"({_share(report.duplicate_rows, report.rows)})",
        )
    )
    console.print(
        f"{report.compared_pairs} candidate pairs compared, {report.matched_pairs} matched"
    )


def link_summary(console: Console, report: LinkReport) -> None:
    """Rows, how many were found in the linked file, and how many pairs that took."""
    console.print(
        Text.assemble(
            (f"{report.rows} rows", "bold"),
            f": {report.linked_rows} found in the linked file "
            f"({_share(report.linked_rows, report.rows)})",
        )
    )
    console.print(f"{report.compared_pairs} candidate pairs compared")


def _bad_data(console: Console, per_source: pd.DataFrame) -> None:
    if per_source.empty or per_source["bad_leads"].sum() == 0:
        return
    table = Table(
        "source",
        "leads",
        "bad e-mail",
        "bad phone",
        "no contact",
        "bad share",
        title="bad data by source",
        box=None,
        pad_edge=False,
    )
    for row in per_source.head(SOURCES_SHOWN).itertuples(index=False):
        table.add_row(
            str(row.source),
            str(row.leads),
            str(row.bad_email),
            str(row.bad_phone),
            str(row.no_valid_contact),
            f"{row.bad_share:.0%}",
        )
    console.print(table)


def top_leads(console: Console, result: ScoreResult, count: int = TOP_LEADS) -> None:
    """The head of the ranking: who to call first."""
    ranked = result.table.head(count)
    table = Table(
        *TOP_COLUMNS.values(), title=f"top {len(ranked)} of the ranking", box=None, pad_edge=False
    )
    columns = [_shown_column(ranked, result, name) for name in TOP_COLUMNS]
    for row in zip(*columns, strict=True):
        table.add_row(*("" if pd.isna(value) else str(value) for value in row))
    console.print(table)
    console.print(
        "Write every lead with -o FILE (csv, xlsx, jsonl, parquet), or pipe the output.",
        style="dim",
    )


def _shown_column(ranked: pd.DataFrame, result: ScoreResult, name: str) -> list[object]:
    """A column leadq added, or the input column(s) mapped to that field (``Company`` ...).

    Always one value per lead, so the cells stay under their headings when a field is absent.
    """
    if name in ranked.columns:
        return ranked[name].tolist()
    headers = [
        header for header in result.context.headers.get(name, ()) if header in ranked.columns
    ]
    if not headers:
        return [""] * len(ranked)
    texts = ranked[headers].astype("str")
    cells = texts.where(texts.apply(lambda column: column.str.strip() != ""))
    return cells.bfill(axis=1).iloc[:, 0].tolist()


def explanation(console: Console, explained: Explanation) -> None:
    """The lead, its scores, and every rule with its verdict."""
    for name, value in explained.lead.items():
        console.print(Text.assemble((name, "bold"), f": {'' if value is None else value}"))
    console.print(
        "scores: " + ", ".join(f"{name} {value}" for name, value in explained.scores.items())
    )
    table = Table(
        "section", "rule", "fired", "points", "condition", "values", box=None, pad_edge=False
    )
    for verdict in explained.verdicts:
        points = "" if verdict.points is None else f"{verdict.points:+d}"
        values = ", ".join(
            f"{name}={'(missing)' if value is None else value}"
            for name, value in verdict.values.items()
        )
        table.add_row(
            verdict.section,
            verdict.rule_id,
            "yes" if verdict.fired else "no",
            points,
            verdict.condition,
            values,
        )
    console.print(table)


def _share(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "-"
