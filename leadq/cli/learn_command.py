"""``leadq learn``: points per attribute from past leads, written as a rule file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from leadq.cli.console import print_warning
from leadq.cli.evaluate_command import (
    NegativeOption,
    PositiveOption,
    TargetOption,
    target_from_options,
)
from leadq.cli.options import DelimiterOption, EncodingOption, RulesOption, SheetOption
from leadq.errors import OutputError
from leadq.learning import LearnSettings, learn
from leadq.load import ReadOptions


def learn_rules(
    history: Annotated[
        str,
        typer.Argument(
            help="CSV or Excel export of past leads with their outcome.", show_default=False
        ),
    ],
    target: TargetOption,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the rule file here (else stdout).")
    ] = None,
    positive: PositiveOption = None,
    negative: NegativeOption = None,
    rules: RulesOption = None,
    holdout: Annotated[
        float, typer.Option("--holdout", min=0.05, max=0.5, help="Share of leads held out.")
    ] = 0.25,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the held-out split.")] = 1,
    min_support: Annotated[
        int | None,
        typer.Option("--min-support", min=1, help="Leads a category needs; default 0.5 %, >= 30."),
    ] = None,
    allow_leaky: Annotated[
        list[str] | None,
        typer.Option("--allow-leaky", help="Learn from this column even if it looks leaky."),
    ] = None,
    customers: Annotated[
        Path | None,
        typer.Option("--customers", help="Current customers: write their profile as fit rules."),
    ] = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
) -> int:
    """Learn points per attribute from past leads and write them as a rule file: integer
    points, each rule commented with the leads it fires on and their conversion.

    Numbers are binned, rare categories pooled, placeholders ("Select", "-") count as missing,
    case and spelling variants are merged. Columns that give the outcome away (filled mostly
    for one outcome, or predicting it almost perfectly) are left out with a warning. The
    held-out leads measure the learned rules against a plain one-hot logistic model. --rules
    gives the header aliases, field types and placeholders (default: the shipped rules).
    With --customers, values clearly more common among current customers than among all leads
    (an industry, a size band) become `fit` rules: the ideal-customer profile. Needs
    scikit-learn: pip install 'leadq[learn]'.

    Examples:

        leadq learn examples/history.csv --target Converted -o learned.yaml

        leadq learn examples/history.csv -t Converted --customers examples/customers.csv

        leadq learn history.xlsx -t Status --positive Won --negative Lost --seed 7 -o learned.yaml
    """
    if output is not None and output.is_dir():
        raise OutputError(f"{output}: is a directory; give a file name")
    settings = LearnSettings(
        rules=rules,
        read=ReadOptions(encoding=encoding, delimiter=delimiter, sheet=sheet),
        holdout=holdout,
        seed=seed,
        min_support=min_support,
        allow_leaky=tuple(allow_leaky or ()),
        customers=customers,
        command=" ".join(["leadq", *sys.argv[1:]]) if sys.argv[1:2] == ["learn"] else "leadq learn",
    )
    result = learn(history, target_from_options(target, positive, negative), settings)
    for leak in result.leaks:
        print_warning(str(leak))
    auc = "ROC AUC on the held-out leads: learned rules {}, one-hot logistic baseline {}"
    profile = f" and {len(result.profile)} fit rules from the customers" if result.profile else ""
    sys.stderr.write(
        f"learned {len(result.rules)} rules{profile} from {result.train_rows} leads "
        f"({result.holdout_rows} held out, seed {seed})\n"
        + auc.format(_show(result.auc_rules), _show(result.auc_baseline))
        + "\n"
    )
    if output is None:
        sys.stdout.write(result.text)
    else:
        write_text_atomically(output, result.text)
    return 0


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def write_text_atomically(path: Path, text: str) -> None:
    """A temporary file beside ``path``, then a rename: never half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {str(folder)!r} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
