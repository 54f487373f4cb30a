"""The HTML report: one self-contained file (inline SVG charts, inline CSS, no script, no URL).

Sections appear only for what the run has: queues and reps' load only when the table was
routed, duplicates only when the run looked for them, the evaluation only when an outcome
column was named (``--target``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from leadq.evaluation import MIN_SUPPORT, Bucket, OutcomeEvaluation, RuleStats
from leadq.reports import charts
from leadq.reports.summary import RunFigures

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #1f2328;
       padding: 0 1rem; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.run { color: #57606a; font-size: .9rem; }
.tiles { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.tile { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .9rem; min-width: 7rem; }
.tile b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: .85rem; }
tr.backwards td { background: #ffebe9; color: #82071e; font-weight: 600; }
tr.idle td { color: #8c959f; }
p.warn { color: #82071e; font-weight: 600; }
"""


def render_html(figures: RunFigures, table: pd.DataFrame) -> str:
    """The whole report as one HTML document."""
    if not figures.summary.rows:
        return _document(_header(figures) + "\n<p>No leads in this run.</p>")
    sections = [
        _header(figures),
        _funnel(figures),
        _disqualified(figures),
        _distributions(table),
        _grades(figures),
        _routing(figures),
        _duplicates(figures, table),
        _evaluation(figures.evaluation),
    ]
    return _document("\n".join(section for section in sections if section))


def _document(body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>leadq report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def _header(figures: RunFigures) -> str:
    run = figures.info
    stages = figures.summary.stages
    tiles = {
        "leads": figures.summary.rows,
        "SQL": stages.get("sql", 0),
        "MQL": stages.get("mql", 0),
        "nurture": stages.get("nurture", 0),
        "disqualified": stages.get("disqualified", 0),
        "bad data": f"{figures.summary.bad_data_share:.0%}",
    }
    if figures.handover is not None:
        tiles["to CRM owners"] = figures.handover
    if figures.duplicates is not None:
        tiles["duplicates"] = figures.duplicates["duplicates"]
    made_of = [
        f"rules: {run.rules}",
        f"as of: {run.as_of.isoformat() if run.as_of else 'unknown'}",
        f"inputs: {', '.join(run.inputs) or '-'}",
        f"leadq {run.leadq_version}",
    ]
    if run.report_of:
        made_of.insert(0, f"report of: {run.report_of}")
    tile_html = "".join(
        f'<div class="tile"><b>{escape(str(value))}</b>{escape(label)}</div>'
        for label, value in tiles.items()
    )
    return (
        f'<header><h1>leadq report</h1><p class="run">{escape(" · ".join(made_of))}</p>'
        f'<div class="tiles">{tile_html}</div></header>'
    )


def _section(anchor: str, title: str, *parts: str) -> str:
    return (
        f'<section id="{anchor}">\n<h2>{escape(title)}</h2>\n' + "\n".join(parts) + "\n</section>"
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _funnel(figures: RunFigures) -> str:
    summary = figures.summary
    return _section(
        "funnel",
        "Funnel by stage",
        _figure(charts.funnel_chart(summary.rows, summary.stages), "Leads at each step."),
        _figure(charts.stage_chart(figures.by_source), "Stages per source."),
    )


def _disqualified(figures: RunFigures) -> str:
    leads = figures.by_source.set_index("source")["leads"]
    counts = figures.reasons_by_source.reset_index()
    columns = ("rule_id", "reason", "leads")
    reasons = pd.DataFrame([vars(reason) for reason in figures.summary.reasons], columns=columns)
    bad = figures.summary.bad_data_by_source
    bad = bad.assign(bad_share=[f"{share:.1%}" for share in bad["bad_share"]])
    return _section(
        "disqualified",
        "Disqualification reasons by source",
        _figure(
            charts.reasons_by_source_chart(figures.reasons_by_source, leads),
            "Share of each source's leads disqualified, per rule: a broken web form stands out.",
        ),
        table_html(reasons, columns),
        "<h3>Disqualified leads by source and rule</h3>",
        table_html(counts, tuple(counts.columns)),
        "<h3>Bad contact data by source</h3>",
        table_html(bad, tuple(bad.columns)),
    )


def _distributions(table: pd.DataFrame) -> str:
    return _section(
        "distributions",
        "Score and quality",
        _figure(charts.distributions_chart(table["score"], table["quality"]), "Leads per band."),
    )


def _grades(figures: RunFigures) -> str:
    grades = list(figures.grades)
    counts = figures.grade_by_source.reindex(columns=grades, fill_value=0)
    return _section(
        "grades",
        "Grade by source",
        _figure(charts.heatmap_chart("grades", counts, "grade"), "Leads per source and grade."),
    )


def _routing(figures: RunFigures) -> str:
    parts = []
    if figures.queues is not None:
        svg = charts.sizes_chart("queues", figures.queues, "queue")
        parts.append(_figure(svg, "Leads per queue."))
    if figures.reps is not None:
        svg = charts.sizes_chart("reps", figures.reps, "assigned_to", colour="#1a7f37")
        parts.append(_figure(svg, "Leads assigned to each rep in this run (their load)."))
    return _section("routing", "Queues and reps' load", *parts) if parts else ""


def _duplicates(figures: RunFigures, table: pd.DataFrame) -> str:
    found = figures.duplicates
    if found is None:
        return ""
    text = (
        f"<p>{found['duplicates']} duplicate leads in {found['clusters']} clusters "
        f"({found['leads_in_clusters']} leads in clusters).</p>"
    )
    if not found["clusters"]:
        return _section("duplicates", "Duplicates found", text)
    svg = charts.cluster_sizes_chart(table["cluster_size"], table["cluster_id"])
    return _section("duplicates", "Duplicates found", text, _figure(svg, "Clusters by size."))


def table_html(frame: pd.DataFrame, columns: tuple[str, ...]) -> str:
    """A small table; numbers right-aligned, every cell escaped."""
    numeric = {name for name in columns if pd.api.types.is_numeric_dtype(frame[name])}
    head = "".join(
        f'<th class="n">{escape(name)}</th>' if name in numeric else f"<th>{escape(name)}</th>"
        for name in columns
    )
    rows = []
    for record in frame[list(columns)].itertuples(index=False):
        cells = "".join(
            f'<td class="n">{escape(str(value))}</td>'
            if name in numeric
            else f"<td>{escape(str(value))}</td>"
            for name, value in zip(columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


EVALUATION_TITLE = "Evaluation against the outcome"
BUCKET_COLUMNS = ("leads", "converted", "conversion", "lift", "captured")
RULE_COLUMNS = (
    "section", "rule", "points", "fires", "conversion when fires", "when not", "lift", "verdict",
)  # fmt: skip
ROW_CLASSES = {"backwards": "backwards", "never fires": "idle"}


def _evaluation(measured: OutcomeEvaluation | None) -> str:
    """How the ranked queue converted: AUC, deciles, top of queue, grades, stages, rules."""
    if measured is None:
        return ""
    result = measured.evaluation
    unknown = result.leads - result.known
    headline = (
        f"<p>Outcome: <b>{escape(measured.target)}</b>. {result.known} leads with a known "
        f"outcome ({unknown} unknown, left out): {result.converted} converted "
        f"({_percent(result.base_rate)}).</p>"
    )
    if result.base_rate is None:
        return _section("evaluation", EVALUATION_TITLE, headline)
    deciles = [(bucket.label, bucket.rate, bucket.lift) for bucket in result.deciles]
    return _section(
        "evaluation",
        EVALUATION_TITLE,
        headline,
        _evaluation_tiles(measured),
        _figure(
            charts.lift_chart(deciles, result.base_rate),
            "Conversion by score decile, best first; bars are labelled with their lift.",
        ),
        _buckets_html("decile", result.deciles),
        "<h3>Top of the queue (precision at 10 and 20 %)</h3>",
        _buckets_html("queue", result.top),
        "<h3>Conversion by grade</h3>",
        _buckets_html("grade", result.grades),
        _calibration(result.grade_inversions),
        "<h3>Conversion by stage</h3>",
        _buckets_html("stage", result.stages),
        "<h3>Rules</h3>",
        _rule_verdicts(result.rules),
        _rules_html(result.rules),
    )


def _evaluation_tiles(measured: OutcomeEvaluation) -> str:
    result = measured.evaluation
    tiles = {
        "ROC AUC of the queue": _ratio(result.auc),
        "conversion, all": _percent(result.base_rate),
    }
    for bucket in result.top:
        tiles[f"conversion, {bucket.label}"] = _percent(bucket.rate)
    return (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><b>{escape(value)}</b>{escape(label)}</div>'
            for label, value in tiles.items()
        )
        + "</div>"
    )


def _buckets_html(title: str, buckets: Sequence[Bucket]) -> str:
    rows = [
        [bucket.label, str(bucket.leads), str(bucket.converted), _percent(bucket.rate),
         _ratio(bucket.lift), _percent(bucket.captured)]
        for bucket in buckets
    ]  # fmt: skip
    return _text_table((title, *BUCKET_COLUMNS), rows, first_number=1)


def _calibration(inversions: Sequence[str]) -> str:
    if not inversions:
        return "<p>Grades in order: each converts at least as well as the next.</p>"
    return "".join(
        f'<p class="warn">Grades out of order: {escape(text)}.</p>' for text in inversions
    )


def _rule_verdicts(rules: Sequence[RuleStats]) -> str:
    """The rules that do not work, named before the table."""
    named = {
        verdict: ", ".join(rule.rule_id for rule in rules if rule.verdict == verdict)
        for verdict in ("backwards", "never fires", "too few to judge")
    }
    lines = [
        f'<p class="warn">Backwards (their leads convert against their points): '
        f"{escape(named['backwards'])}.</p>"
        if named["backwards"]
        else "<p>No rule works backwards.</p>"
    ]
    if named["never fires"]:
        lines.append(f"<p>Never fired on these leads: {escape(named['never fires'])}.</p>")
    if named["too few to judge"]:
        lines.append(
            f"<p>Too few leads to judge (fewer than {MIN_SUPPORT} on either side): "
            f"{escape(named['too few to judge'])}.</p>"
        )
    return "".join(lines)


def _rules_html(rules: Sequence[RuleStats]) -> str:
    rows = [
        [rule.section, rule.rule_id, f"{rule.points:+d}" if rule.points else "", str(rule.fires),
         _percent(rule.rate_when_fires), _percent(rule.rate_when_not), _ratio(rule.lift),
         rule.verdict]
        for rule in rules
    ]  # fmt: skip
    classes = [ROW_CLASSES.get(rule.verdict, "") for rule in rules]
    return _text_table(RULE_COLUMNS, rows, first_number=2, last_number=7, classes=classes)


def _text_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    first_number: int,
    last_number: int | None = None,
    classes: Sequence[str] = (),
) -> str:
    """A table of formatted cells; columns ``first_number`` to ``last_number`` right-aligned,
    each row given its class (a rule that does not work stands out)."""
    last = len(columns) if last_number is None else last_number

    def cell(tag: str, number: int, text: str) -> str:
        align = ' class="n"' if first_number <= number < last else ""
        return f"<{tag}{align}>{escape(text)}</{tag}>"

    head = "".join(cell("th", number, name) for number, name in enumerate(columns))
    body = []
    for row, values in enumerate(rows):
        kind = classes[row] if row < len(classes) else ""
        opening = f'<tr class="{kind}">' if kind else "<tr>"
        body.append(opening + "".join(cell("td", n, v) for n, v in enumerate(values)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
