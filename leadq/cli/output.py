"""Writing a command's table: options, checks before the work, and the write itself."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from leadq.errors import OutputError
from leadq.write import OutputFormat, infer_format, write_table

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="csv, excel-csv (UTF-8 BOM, ';'), xlsx, jsonl, parquet. "
        "Default: from -o's extension, else csv.",
    ),
]
NoNeutralizeOption = Annotated[
    bool,
    typer.Option(
        "--no-neutralize", help="Keep cells starting with = + - @ as they are in CSV output."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")]


def check_output(output: Path | None, output_format: OutputFormat | None) -> None:
    """The errors an output can show before any work: unknown extension, a folder, no folder."""
    infer_format(output, output_format)
    if output is None:
        return
    if output.is_dir():
        raise OutputError(f"{output}: is a directory; give a file name")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{output}: folder {str(folder)!r} does not exist")


def write_output(
    table: pd.DataFrame,
    output: Path | None,
    output_format: OutputFormat | None,
    *,
    neutralize: bool,
) -> None:
    """``table`` to ``output``, or to standard output when it is None."""
    chosen = infer_format(output, output_format)
    try:
        write_table(table, output, chosen, neutralize=neutralize, stdout=sys.stdout.buffer)
    except OSError as error:
        if output is None:  # stdout: a closed pipe is handled by the caller
            raise
        raise OutputError(f"{output}: cannot write: {error.strerror or error}") from None
