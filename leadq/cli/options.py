"""Options several commands share, declared once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from leadq.api import ScoreOptions
from leadq.as_of import parse_as_of as parse_as_of_text
from leadq.cli.console import LogFormat
from leadq.errors import LeadqError
from leadq.load import ReadOptions

InputsArgument = Annotated[
    list[str],
    typer.Argument(help="CSV or Excel files; - reads standard input.", show_default=False),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", "-r", help="Rule file (YAML). Default: the rule set shipped with leadq."
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Force the CSV encoding (e.g. cp1251); default: detect."),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option("--delimiter", help="Force the CSV separator; default: sniff among , ; TAB |."),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help="Excel sheet name or number (1 = first); default: the first."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The date time-based rules count from, YYYY-MM-DD; default: today. With a time "
        "(YYYY-MM-DDTHH:MM, UTC unless an offset is given) also the moment phone_local_time is "
        "for; a date alone means 00:00 UTC, no --as-of means now.",
    ),
]
CheckDnsOption = Annotated[
    bool,
    typer.Option(
        "--check-dns", help="Also check that each e-mail domain accepts mail (needs network)."
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Processes for phone/e-mail parsing; default: all cores."
    ),
]
AgainstOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--against",
        help="CRM export (accounts, contacts, open deals) to match leads with (repeatable).",
    ),
]
EnrichOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--enrich",
        help="Company registry export (SPARK, REGON/KRS, any company list) to complete "
        "industry, employees, revenue, region and founding year from (repeatable).",
    ),
]
ActivitiesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--activities",
        help="Activity log (calls, e-mails, sms, web events) to count attempts and engagement "
        "from (repeatable).",
    ),
]
HandoffOption = Annotated[
    Path | None,
    typer.Option(
        "--handoff",
        help="Folder for handoff-<owner>.csv: leads already a customer or in an open deal.",
    ),
]


def parse_as_of(text: str | None) -> datetime.date | None:
    """``--as-of`` as a date, with a clear message for anything else."""
    if text is None:
        return None
    try:
        return parse_as_of_text(text)
    except ValueError:
        message = f"--as-of {text!r}: not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        raise LeadqError(message) from None


def score_options(
    rules: Path | None,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
    as_of: str | None,
    check_dns: bool,
    workers: int | None,
    *,
    against: Sequence[Path] = (),
    enrich: Sequence[Path] = (),
    activities: Sequence[Path] = (),
) -> ScoreOptions:
    """The library's options from the shared CLI options."""
    if delimiter == "\\t":
        delimiter = "\t"
    return ScoreOptions(
        rules=rules,
        as_of=parse_as_of(as_of),
        read=ReadOptions(encoding=encoding, delimiter=delimiter, sheet=sheet),
        workers=workers,
        check_dns=check_dns,
        against=tuple(against),
        enrich=tuple(enrich),
        activities=tuple(activities),
    )


OutDirOption = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        help="Folder for the run's files: leads, disqualified, per queue and rep, hand-over, "
        "report.xlsx, report.html, summary.json.",
    ),
]

LogFormatOption = Annotated[
    LogFormat,
    typer.Option(
        "--log-format",
        help="text, or json: every message on stderr as one JSON object per line (time, level, "
        "message, figures), for log collectors.",
    ),
]
