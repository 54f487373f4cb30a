"""The HTML report: one self-contained file with every chart, no script and no URL to fetch.

Where Chromium is installed, it renders the report headless to a PNG (kept beside the test's
files; look at it when changing the charts).
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.evaluation import evaluate_run
from leadq.outcome import Target
from leadq.reports.charts import heatmap_chart
from leadq.reports.html import render_html
from leadq.reports.summary import RunInfo, run_figures

ROOT = Path(__file__).resolve().parent.parent
LEADS = ROOT / "examples" / "leads.csv"
CRM = ROOT / "examples" / "crm_accounts.csv"
HISTORY = ROOT / "examples" / "history.csv"
AS_OF = datetime.date(2026, 11, 25)
ALWAYS = ("funnel", "disqualified", "distributions", "grades")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
BROWSER = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (path := shutil.which(name))
    ),
    None,
)


@pytest.fixture(scope="module")
def example():
    options = ScoreOptions(as_of=AS_OF, against=(CRM,))
    return leadq.score([LEADS], options)


@pytest.fixture(scope="module")
def evaluated() -> str:
    """The report of the example history with its evaluation (`leadq evaluate --html`)."""
    run = evaluate_run(HISTORY, Target("Converted"), ScoreOptions(as_of=AS_OF))
    info = RunInfo("default", AS_OF, (str(HISTORY),))
    figures = run_figures(run.scored.table, run.scored.context, info, run.evaluation)
    return render_html(figures, run.scored.table)


def report_of(table: pd.DataFrame, result) -> str:
    info = RunInfo("default", AS_OF, (str(LEADS),))
    return render_html(run_figures(table, result.context, info), table)


def routed_with_duplicates(table: pd.DataFrame) -> pd.DataFrame:
    queue = table["stage"].map({"sql": "enterprise", "mql": "smb", "nurture": "smb"})
    size = pd.Series(1, index=table.index).where(table["rank"] > 6, 2)  # ranks 1-6: 3 pairs
    return table.assign(
        queue=queue,
        queue_rank=table.groupby(queue)["rank"].rank(method="first"),
        assigned_to=queue.map({"enterprise": "Anna", "smb": "Piotr"}),
        assigned_by="round_robin",
        cluster_id=((table["rank"] + 1) // 2).where(size > 1, table["rank"] + 1000),
        cluster_size=size,
        is_primary=(table["rank"] % 2 == 1) | (size == 1),
    )


def sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([a-z]+)">(.*?)</section>', html, re.DOTALL))


def test_every_chart_of_a_plain_run(example):
    found = sections(report_of(example.table, example))
    assert list(found) == list(ALWAYS)
    for name in ALWAYS:
        assert "<svg" in found[name], name
    assert found["disqualified"].count("<svg") == 1 and found["funnel"].count("<svg") == 2


def test_queues_reps_and_duplicates_appear_when_the_table_has_them(example):
    html = report_of(routed_with_duplicates(example.table), example)
    found = sections(html)
    assert list(found) == [*ALWAYS, "routing", "duplicates"]
    assert found["routing"].count("<svg") == 2  # queue sizes, reps' load
    assert "3 duplicate leads in 3 clusters (6 leads in clusters)" in found["duplicates"]
    assert "<svg" in found["duplicates"]


def test_self_contained_no_script_no_external_url(example):
    html = report_of(routed_with_duplicates(example.table), example)
    assert not EXTERNAL.search(html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_chart_ids_are_unique_in_the_page(example):
    html = report_of(routed_with_duplicates(example.table), example)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_header_names_the_run_and_the_key_figures(example):
    header = report_of(example.table, example).split("</header>")[0]
    assert f"rules: default · as of: 2026-11-25 · inputs: {LEADS} · leadq" in header
    stages = example.table["stage"].value_counts()
    for figure in (
        "<b>400</b>leads",
        f"<b>{stages['sql']}</b>SQL",
        f"<b>{stages['disqualified']}</b>disqualified",
        "<b>20%</b>bad data",
    ):
        assert figure in header


def test_text_from_the_data_is_escaped(example):
    sources = example.table.assign(Source="<script>alert(1)</script>")
    assert "<script>" not in report_of(sources, example)


def test_the_same_run_gives_the_same_bytes(example):
    assert report_of(example.table, example) == report_of(example.table, example)


def test_heatmap_labels_every_cell():
    counts = pd.DataFrame({"A": [1, 0], "B": [7, 3]}, index=["web", "promo"])
    svg = heatmap_chart("grades", counts, "grade")
    labels = re.findall(r">(\d+)</text>", svg)  # ticks here are letters and sources
    assert sorted(labels) == ["0", "1", "3", "7"]


@pytest.mark.skipif(BROWSER is None, reason="no Chromium or Chrome installed")
def test_chromium_renders_the_report(example, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report_of(routed_with_duplicates(example.table), example), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1000,4400", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000  # a blank page is a few kB


def test_the_evaluation_section_comes_last_with_its_chart_and_tables(evaluated):
    found = sections(evaluated)
    assert list(found) == [*ALWAYS, "evaluation"]
    assert found["evaluation"].count("<svg") == 1 and found["evaluation"].count("<table>") == 5


def test_with_the_evaluation_still_self_contained_with_unique_ids(evaluated):
    assert not EXTERNAL.search(evaluated)
    assert "<script" not in evaluated and "<link" not in evaluated and "@import" not in evaluated
    ids = re.findall(r'\sid="([^"]+)"', evaluated)
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(BROWSER is None, reason="no Chromium or Chrome installed")
def test_chromium_renders_the_evaluation_section(evaluated, tmp_path):
    """The evaluation comes last: the band below the other sections must not be blank."""
    from matplotlib.image import imread

    page = tmp_path / "report.html"
    page.write_text(evaluated, encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1000,9000", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pixels = imread(shot)
    lower = pixels[5000:7000, :, :3]  # under the other sections: the deciles, grades, rules
    assert (lower < 0.9).any(axis=2).mean() > 0.01  # text and shaded rows, not a blank page
