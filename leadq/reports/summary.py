"""``summary.json``: one run's figures for machines (monitoring, dashboards, the next job).

The stage counts, disqualification reasons and bad data by source come from
:mod:`leadq.report` (the same figures the terminal summary shows); this module adds grades,
sources, duplicates, CRM hand-over, queues and reps' load, and what the run was made from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from leadq import __version__
from leadq.context import RunContext
from leadq.crm.handoff import handoff_leads
from leadq.evaluation import OutcomeEvaluation
from leadq.report import NO_SOURCE, Summary, summarize
from leadq.schema import STAGE_ORDER

UNASSIGNED = "(unassigned)"


@dataclass(frozen=True)
class RunInfo:
    """What a run was made from: shown in every report, so a figure can be traced back."""

    rules: str  # the rule file as given, or "default"
    as_of: datetime.date | None  # None when unknown (a report of an earlier output)
    inputs: tuple[str, ...]  # the files the leads were read from
    report_of: str | None = None  # the earlier output a `leadq report` was built from
    leadq_version: str = field(default=__version__)
    job: str | None = None  # the job file of a `leadq run`
    skipped_inputs: tuple[str, ...] = ()  # inputs a `leadq run` found unchanged and skipped

    def to_dict(self) -> dict[str, Any]:
        fields = {
            "leadq_version": self.leadq_version,
            "rules": self.rules,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "inputs": list(self.inputs),
            "report_of": self.report_of,
        }
        if self.job is not None:
            fields |= {"job": self.job, "skipped_inputs": list(self.skipped_inputs)}
        return fields


@dataclass(frozen=True)
class RunFigures:
    """Everything the reports count, computed once and shared by JSON, workbook and HTML."""

    info: RunInfo
    summary: Summary
    grades: dict[str, int]
    by_source: pd.DataFrame  # source, leads, one column per stage
    reasons_by_source: pd.DataFrame  # source x disqualification rule id -> leads
    grade_by_source: pd.DataFrame  # source x grade -> leads
    duplicates: dict[str, int] | None  # None: the run did not look for duplicates
    handover: int | None  # None: the run was not matched against a CRM
    queues: pd.DataFrame | None  # queue, leads; None: not routed
    reps: pd.DataFrame | None  # assigned_to, leads; None: not routed
    evaluation: OutcomeEvaluation | None = None  # None: no outcome column was named (--target)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``summary.json``."""
        base = self.summary.to_dict()
        return {
            "run": self.info.to_dict(),
            "rows": base["rows"],
            "stages": base["stages"],
            "grades": self.grades,
            "sources": _records(self.by_source),
            "disqualification_reasons": base["disqualification_reasons"],
            "bad_data_share": round(self.summary.bad_data_share, 4),
            "bad_data_by_source": _records(self.summary.bad_data_by_source),
            "duplicates": self.duplicates,
            "handover": self.handover,
            "queues": None if self.queues is None else _records(self.queues),
            "reps": None if self.reps is None else _records(self.reps),
            "evaluation": None if self.evaluation is None else self.evaluation.to_dict(),
        }


def run_figures(
    table: pd.DataFrame,
    context: RunContext,
    info: RunInfo,
    evaluation: OutcomeEvaluation | None = None,
) -> RunFigures:
    """Count one run's table (leadq's output, with or without routing columns); the
    evaluation against a known outcome, when there is one, goes with the figures."""
    sources = context.fields(table).text("source").fillna(NO_SOURCE).astype("str")
    return RunFigures(
        info=info,
        summary=summarize(table, context),
        grades=count_grades(table["grade"], context),
        by_source=stages_by_source(sources, table["stage"]),
        reasons_by_source=reasons_by_source(sources, table["disqualified_by"]),
        grade_by_source=pd.crosstab(sources, table["grade"].astype("str").fillna("")),
        duplicates=count_duplicates(table),
        handover=len(handoff_leads(table, context)) if "crm_status" in table.columns else None,
        queues=_sizes(table, "queue", "queue"),
        reps=_sizes(table, "assigned_to", "assigned_to"),
        evaluation=evaluation,
    )


def count_grades(grades: pd.Series, context: RunContext) -> dict[str, int]:
    """Leads per grade, in the rule file's order (best first); grades the rules do not name
    (an output scored with other rules, read back by ``leadq report``) follow, sorted."""
    counts = grades.value_counts()
    named = [grade.name for grade in context.rules.grades]
    others = sorted(str(grade) for grade in counts.index if grade not in named)
    return {grade: int(counts.get(grade, 0)) for grade in named + others}


def stages_by_source(sources: pd.Series, stages: pd.Series) -> pd.DataFrame:
    """Per source: leads, then leads per stage; the largest source first."""
    counts = pd.crosstab(sources, stages.astype("str"))
    columns = [stage.value for stage in STAGE_ORDER]
    counts = counts.reindex(columns=columns, fill_value=0)
    counts.insert(0, "leads", counts.sum(axis=1))
    counts = counts.sort_values("leads", ascending=False, kind="stable")
    return counts.rename_axis("source").reset_index()


def reasons_by_source(sources: pd.Series, disqualified_by: pd.Series) -> pd.DataFrame:
    """Source x disqualification rule: leads (a lead disqualified by two rules counts twice).

    Counted per distinct (source, rule ids) pair first: few pairs, however many leads.
    """
    pairs = pd.DataFrame({"source": sources, "rule": disqualified_by.astype("str").fillna("")})
    counts = pairs.value_counts().rename("leads").reset_index()
    counts["rule"] = counts["rule"].str.split("; ")
    counts = counts.explode("rule")
    counts = counts[counts["rule"] != ""]
    table = counts.pivot_table(index="source", columns="rule", values="leads", aggfunc="sum")
    return table.fillna(0).astype("int64").rename_axis(index="source", columns="rule")


def count_duplicates(table: pd.DataFrame) -> dict[str, int] | None:
    """Clusters with more than one lead, and the leads that are not their cluster's survivor."""
    if "cluster_size" not in table.columns:
        return None
    in_clusters = table["cluster_size"] > 1
    return {
        "clusters": int(table.loc[in_clusters, "cluster_id"].nunique()),
        "leads_in_clusters": int(in_clusters.sum()),
        "duplicates": int((in_clusters & ~table["is_primary"]).sum()),
    }


def _sizes(table: pd.DataFrame, column: str, label: str) -> pd.DataFrame | None:
    """Leads per value of a routing column, the largest first; None when the column is absent."""
    if column not in table.columns:
        return None
    values = table[column].astype("str").fillna(UNASSIGNED)
    counts = values.value_counts(sort=True).rename("leads")
    return (
        counts.rename_axis(label)
        .reset_index()
        .sort_values(["leads", label], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (numpy scalars as Python numbers)."""
    return [
        {str(key): value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]
