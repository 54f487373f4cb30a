"""Read lead exports (CSV, Excel, stdin) into one table of text, and map headers onto fields.

Exports come from CRMs, ad platforms and hand-edited spreadsheets: any encoding, any of four
delimiters, ragged rows, blank lines, workbooks renamed to ``.csv``. The reader keeps every cell
as text (leading zeros survive), never drops a row silently, and records for each row the number
a user sees in a spreadsheet (``source_row``, header = row 1) so later stages can point at it.

CSV takes a fast path (pyarrow's multi-threaded parser, rows numbered by a vectorised
quote-aware scan of the bytes) and falls back to the ``csv`` module only when the fast path
cannot be exact: ragged rows, bare CR line ends, or a row count that does not match the scan.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TypeAlias

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import python_calamine

from leadq.errors import InputError

STDIN = "-"
EXTRA_FIELDS = "extra_fields"
SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
ADDED_COLUMNS = (EXTRA_FIELDS, SOURCE_FILE, SOURCE_ROW)
DELIMITERS = (",", ";", "\t", "|")
NOT_A_TABLE = "not a CSV or Excel table"

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF_CHARS = 65_536  # text looked at to choose the delimiter
_SNIFF_RECORDS = 50
_DETECT_SCAN = 8 << 20  # bytes searched for non-ASCII lines to show the encoding detector
_DETECT_LINES = 2_000
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_ROWS_SHOWN = 5
_NON_BLANK = re.compile(r"\S")
# Encodings of exports from Russian, Polish and Western European software, tried first: on a few
# short names the detector otherwise favours look-alikes (ISO-8859-14, Big5).
_LEGACY_ENCODINGS = (
    "cp1251",
    "koi8_r",
    "cp866",
    "cp1250",
    "iso8859_2",
    "cp1252",
    "iso8859_15",
    "latin_1",
)


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source; every ``None`` means "work it out from the bytes"."""

    encoding: str | None = None  # force an encoding; None = detect
    delimiter: str | None = None  # force; None = sniff among , ; TAB |
    sheet: str | None = None  # sheet name or 1-based number as text; None = first sheet


@dataclass(frozen=True)
class ReadWarning:
    """Something the reader repaired or renamed; the run goes on, the user should know."""

    source: str  # the file name as given
    message: str  # one line
    rows: tuple[int, ...]  # the source_row numbers concerned


@dataclass
class ReadResult:
    """The lead table and what the reader had to repair to build it."""

    table: pd.DataFrame
    warnings: list[ReadWarning]


@dataclass(frozen=True)
class ColumnMap:
    """Which input header feeds each canonical field, and what did not map cleanly."""

    fields: dict[str, str]  # canonical field -> the input header it maps to
    unmapped: tuple[str, ...]  # input headers mapped to no field
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...]  # (field, headers that all matched)


_Cells: TypeAlias = "pa.ChunkedArray | pa.Array | Sequence[str]"


@dataclass
class _Parsed:
    """A source cut into cells, before naming and provenance columns are added."""

    header: list[str]  # one cell per kept column
    columns: list[_Cells]  # one per header cell
    source_rows: np.ndarray  # int64, one per data row
    extra: _Cells | None  # surplus fields per row, when any row has some
    warnings: list[ReadWarning]


@dataclass
class _Text:
    """Decoded CSV text, plus the same text as UTF-8 bytes for the fast parser."""

    text: str
    utf8: bytes | memoryview


# ---------------------------------------------------------------------------------------------
# Public API


def read_leads(
    sources: Sequence[str | Path],
    options: ReadOptions = ReadOptions(),
    *,
    stdin: BinaryIO | None = None,
) -> ReadResult:
    """Read several exports into one table: columns united in first-seen order, "" where absent.

    Args:
        sources: file paths; ``"-"`` reads ``stdin``.
        options: encoding, delimiter and sheet, applied to every source.
        stdin: binary stream for ``"-"``; defaults to ``sys.stdin.buffer``.

    Returns:
        The concatenated table (fresh RangeIndex) and every source's warnings, in order.

    Raises:
        InputError: a source that is not a readable table.
    """
    results = [read_table(source, options, stdin=stdin) for source in sources]
    if len(results) == 1:
        return results[0]
    warnings = [warning for result in results for warning in result.warnings]
    return ReadResult(concat_tables([result.table for result in results]), warnings)


def read_table(
    source: str | Path,
    options: ReadOptions = ReadOptions(),
    *,
    stdin: BinaryIO | None = None,
) -> ReadResult:
    """Read one CSV or Excel export (told apart by its bytes, not its name) as a text table.

    Args:
        source: a file path, or ``"-"`` for ``stdin``.
        options: forced encoding, delimiter or sheet.
        stdin: binary stream for ``"-"``; defaults to ``sys.stdin.buffer``.

    Returns:
        Every input column as ``str`` ("" for empty cells), then ``extra_fields`` (only when a
        row had surplus fields), ``source_file`` and ``source_row``; plus warnings.

    Raises:
        InputError: missing file, directory, empty or binary file, bad encoding or sheet.
    """
    name = str(source)
    data = _read_bytes(name, stdin)
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE2_MAGIC):
        parsed = _parse_workbook(name, data, options.sheet)
    else:
        parsed = _parse_csv(name, data, options)
    return ReadResult(_build_table(name, parsed), parsed.warnings)


def header_key(header: str) -> str:
    """The form headers and aliases are compared in: case, spacing and punctuation ignored.

    >>> header_key(" E-mail "), header_key("Адрес эл. почты")
    ('email', 'адресэлпочты')
    """
    folded = unicodedata.normalize("NFKC", header).casefold().replace("ё", "е")
    return "".join(char for char in folded if char.isalnum())


def map_columns(headers: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> ColumnMap:
    """Map input headers onto canonical fields by their :func:`header_key`.

    Fields are served in the order given; a header goes to at most one field (the first that
    claims it). When several free headers match one field, the leftmost wins and the case is
    reported in ``ambiguous`` so the user can rename or alias the column.

    Args:
        headers: the table's column names, in order.
        aliases: canonical field -> alternative header spellings (the field name counts too).
    """
    taken: set[int] = set()
    fields: dict[str, str] = {}
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    keys = [header_key(header) for header in headers]
    for field, names in aliases.items():
        wanted = {header_key(name) for name in (field, *names)} - {""}
        matches = [i for i, key in enumerate(keys) if key in wanted and i not in taken]
        if not matches:
            continue
        taken.add(matches[0])
        fields[field] = headers[matches[0]]
        if len(matches) > 1:
            ambiguous.append((field, tuple(headers[i] for i in matches)))
    unmapped = tuple(header for i, header in enumerate(headers) if i not in taken)
    return ColumnMap(fields, unmapped, tuple(ambiguous))


# ---------------------------------------------------------------------------------------------
# Bytes in


def _read_bytes(name: str, stdin: BinaryIO | None) -> bytes:
    """All bytes of the source; the errors a user can fix are InputErrors."""
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
    else:
        data = _read_file(name)
    if not data:
        raise InputError(name, "empty file (0 bytes)")
    return data


def _read_file(name: str) -> bytes:
    """Read a path, turning OS errors into one-line InputErrors."""
    path = Path(name)
    if path.is_dir():
        raise InputError(name, "is a directory")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None


# ---------------------------------------------------------------------------------------------
# Encoding


def _decode(name: str, data: bytes, forced: str | None) -> _Text:
    """Text of a CSV: a forced encoding, else BOM, else strict UTF-8, else a detected one."""
    if forced is not None:
        return _decode_forced(name, data, forced)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(name, data, 3)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(name, data, "utf-16", "not valid UTF-16 despite its byte-order mark")
    if b"\x00" in data:
        raise InputError(name, NOT_A_TABLE)
    try:
        return _Text(data.decode("utf-8"), data)
    except UnicodeDecodeError as error:
        encoding = _detect_encoding(data, error.start)
    if encoding is None:
        raise InputError(name, NOT_A_TABLE)
    problem = f"cannot tell the text encoding (it is not UTF-8 nor {encoding}); pass --encoding"
    return _decode_as(name, data, encoding, problem)


def _decode_forced(name: str, data: bytes, encoding: str) -> _Text:
    """Decode with the user's encoding; a failure names the row and the way out."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None
    if codec.name == "utf-8":
        return _decode_utf8(name, data, 3 if data.startswith(codecs.BOM_UTF8) else 0, encoding)
    problem = f"the bytes are not valid {encoding}; drop --encoding to detect the encoding"
    return _decode_as(name, data, codec.name, problem)


def _decode_utf8(name: str, data: bytes, skip: int, forced: str | None = None) -> _Text:
    """UTF-8 text that keeps the original bytes for the fast parser (no re-encoding)."""
    body = memoryview(data)[skip:]
    try:
        return _Text(codecs.decode(body, "utf-8"), body)
    except UnicodeDecodeError as error:
        if forced is None:
            message = "not valid UTF-8 despite its byte-order mark; pass --encoding"
        else:
            message = f"the bytes are not valid {forced}; drop --encoding to detect the encoding"
        raise InputError(name, message, row=_line_at(data, skip + error.start)) from None


def _decode_as(name: str, data: bytes, encoding: str, problem: str) -> _Text:
    """Decode strictly; an undecodable byte stops the run at its (physical) line."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(name, problem, row=_line_at(data, error.start)) from None
    text = text.removeprefix("\ufeff")
    return _Text(text, text.encode("utf-8", "surrogatepass"))


def _detect_encoding(data: bytes, first_bad: int) -> str | None:
    """Guess a legacy encoding from the header and the lines that hold non-ASCII bytes.

    Feeding the detector those lines (not just the file's start) keeps the guess right for
    files that are ASCII for megabytes and then hold a few Cyrillic or Polish names.
    """
    start = data.rfind(b"\n", 0, first_bad) + 1
    found = _NON_ASCII_LINE.finditer(data, start, start + _DETECT_SCAN)
    lines = list(islice((match.group() for match in found), _DETECT_LINES))
    head_end = data.find(b"\n", 0, 4096)
    sample = b"\n".join([data[: max(0, head_end)], *lines])
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return None
    chosen = str(best.encoding)
    if chosen in ("cp1250", "iso8859_2"):
        chosen = _central_european(sample)
    return chosen


def _central_european(sample: bytes) -> str:
    """Windows-1250 or ISO-8859-2: the detector cannot tell them apart on Polish text.

    Windows-1250 puts ś ź Ś Ź in 0x80-0x9F, which ISO-8859-2 leaves to control codes; ISO-8859-2
    puts ą ś ź Ą Ś Ź at bytes that Windows-1250 uses for rare symbols (± ¶ Ľ ˇ).
    """
    if re.search(rb"[\x80-\x9f]", sample):
        return "cp1250"
    return "iso8859_2" if re.search(rb"[\xa1\xa6\xac\xb1\xb6\xbc]", sample) else "cp1250"


def _line_at(data: bytes, offset: int) -> int:
    """Physical line number (1-based) of a byte offset, for error messages."""
    return data.count(b"\n", 0, offset) + 1


def _looks_binary(text: str) -> bool:
    """Control characters other than tab and line ends are rare in real exports."""
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for char in sample if char < " " and char not in "\t\r\n\f")
    return "\x00" in sample or controls > max(8, len(sample) // 100)


# ---------------------------------------------------------------------------------------------
# CSV


def _parse_csv(name: str, data: bytes, options: ReadOptions) -> _Parsed:
    """Decode, choose the delimiter, then parse fast when exactness allows it."""
    decoded = _decode(name, data, options.encoding)
    if _looks_binary(decoded.text):
        raise InputError(name, NOT_A_TABLE)
    if _NON_BLANK.search(decoded.text) is None:
        raise InputError(name, "no header row (the file holds only blank lines)")
    delimiter = options.delimiter or sniff_delimiter(decoded.text)
    if len(delimiter) != 1:
        raise InputError(name, f"the delimiter must be one character, not {delimiter!r}")
    parsed = _parse_csv_fast(name, decoded.utf8, delimiter)
    if parsed is None:
        parsed = _parse_csv_exact(name, decoded.text, delimiter)
    return parsed


def sniff_delimiter(text: str) -> str:
    """The candidate delimiter giving a multi-field header and the most rows of that width.

    Parsing is quote-aware, so commas inside quoted names do not vote. Ties go to the wider
    header, then to the order of ``DELIMITERS``; a one-column file gets ",".
    """
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > len(sample)
    best: tuple[float, int, int] = (-1.0, 0, 0)
    chosen = ","
    for rank, delimiter in enumerate(DELIMITERS):
        counts = _field_counts(sample, delimiter, truncated)
        if not counts or counts[0] < 2:
            continue
        rows = counts[1:]
        consistency = sum(count == counts[0] for count in rows) / len(rows) if rows else 1.0
        score = (round(consistency, 2), counts[0], -rank)
        if score > best:
            best, chosen = score, delimiter
    return chosen


def _field_counts(sample: str, delimiter: str, truncated: bool) -> list[int]:
    """Field counts of the first non-blank records of the sample under one delimiter."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    counts: list[int] = []
    try:
        for record in reader:
            if record:
                counts.append(len(record))
            if len(counts) > _SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    if truncated and len(counts) > 1:
        counts.pop()  # the sample may end inside a record
    return counts


@dataclass
class _Scan:
    """Record boundaries of a UTF-8 CSV buffer, found without parsing the fields."""

    utf8: bytes | memoryview  # the text as UTF-8
    delimiter: int  # its byte
    buffer: np.ndarray  # the same bytes, as uint8
    quotes: np.ndarray  # offsets of every '"'
    starts: np.ndarray  # first byte of each record
    ends: np.ndarray  # end of each record's text (before CR LF / LF)
    stops: np.ndarray  # first byte after each record's line end
    blank: np.ndarray  # records with no text at all


def _parse_csv_fast(name: str, utf8: bytes | memoryview, delimiter: str) -> _Parsed | None:
    """pyarrow's parser, with rows numbered by a scan of the bytes; None when not exact.

    Ragged rows are cut out of the byte stream, parsed one by one with the csv module and
    put back in place, so one bad row does not send a million good ones down the slow path.
    """
    if ord(delimiter) > 127:
        return None
    scan = _scan_records(utf8, delimiter)
    if scan is None:
        return None
    records = np.flatnonzero(~scan.blank)
    header = _parse_record(scan, int(records[0]), delimiter)
    if header is None:
        return None
    data_records = records[1:]
    body = utf8[int(scan.stops[records[0]]) :]
    parsed = _arrow_columns(body, delimiter, len(header), len(data_records))
    if parsed is None:
        return None
    columns, ragged_count = parsed
    if ragged_count:
        return _parse_ragged_fast(name, scan, header, records, (columns, ragged_count))
    if len(columns[0]) != len(data_records):
        return None
    header, columns = _drop_trailing_empty(header, columns, [])
    return _Parsed(header, list(columns), data_records.astype(np.int64) + 1, None, [])


def _scan_records(utf8: bytes | memoryview, delimiter: str) -> _Scan | None:
    """Start, end and blankness of every CSV record; None for bare-CR line ends.

    A line feed ends a record when an even number of quote characters precede it, which is
    exact for RFC 4180 quoting (a doubled quote adds two). Files where quotes sit inside
    unquoted fields disagree with the parser's row count and take the exact path instead.
    """
    if _has_bare_cr(utf8):
        return None
    buffer = np.frombuffer(utf8, dtype=np.uint8)
    newlines = np.flatnonzero(buffer == 10)
    quotes = np.flatnonzero(buffer == 34)
    if not _quotes_are_regular(buffer, quotes, ord(delimiter)):
        return None
    if len(quotes):
        newlines = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(buffer)]))
    if starts[-1] == len(buffer):
        starts, ends = starts[:-1], ends[:-1]
    stops = np.minimum(ends + 1, len(buffer))
    has_cr = (ends > starts) & (buffer[np.maximum(ends - 1, 0)] == 13)
    ends = ends - has_cr
    return _Scan(utf8, ord(delimiter), buffer, quotes, starts, ends, stops, ends == starts)


def _quotes_are_regular(buffer: np.ndarray, quotes: np.ndarray, delimiter: int) -> bool:
    """Whether every quote opens a field, closes one, or is half of a doubled quote.

    Then counting quotes tells exactly which line feeds end records. A quote inside an unquoted
    field (``5" screen``) or text after a closing quote breaks that, so such files are left to
    the csv module.
    """
    if len(quotes) % 2:
        return False
    openers, closers = quotes[0::2], quotes[1::2]
    before = buffer[np.maximum(openers - 1, 0)]
    opens = (openers == 0) | (before == delimiter) | (before == 10)
    opens[1:] |= openers[1:] - 1 == closers[:-1]  # second half of a doubled quote
    after = buffer[np.minimum(closers + 1, len(buffer) - 1)]
    closes = (closers == len(buffer) - 1) | (after == delimiter) | (after == 13) | (after == 10)
    closes[:-1] |= closers[:-1] + 1 == openers[1:]  # first half of a doubled quote
    return bool(opens.all() and closes.all())


def _has_bare_cr(utf8: bytes | memoryview) -> bool:
    """Whether some CR is not followed by LF (old Mac line ends).

    Counted with ``bytes`` searches, one pass each, instead of an array as large as the file: a
    view here is the decoded file without its byte-order mark, which holds no CR, so the whole
    object answers for the view.
    """
    data = utf8.obj if isinstance(utf8, memoryview) else utf8
    if not isinstance(data, bytes):
        data = bytes(utf8)
    if data.find(b"\r") < 0:
        return False
    return data.count(b"\r") != data.count(b"\r\n")


def _parse_record(scan: _Scan, record: int, delimiter: str) -> list[str] | None:
    """Cells of one record, or None when its bytes are not exactly one CSV record."""
    text = bytes(scan.utf8[int(scan.starts[record]) : int(scan.ends[record])]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows[0] if len(rows) == 1 else None


def _arrow_columns(
    body: bytes | memoryview, delimiter: str, width: int, rows: int
) -> tuple[list[pa.ChunkedArray], int] | None:
    """Text columns of the rows as wide as the header, and how many rows were not (skipped).

    None when pyarrow cannot parse the bytes at all.
    """
    names = [f"f{i}" for i in range(width)]
    if not rows:
        return [pa.chunked_array([], pa.string()) for _ in names], 0
    ragged: list[None] = []

    def skip_ragged(row: pacsv.InvalidRow) -> str:
        ragged.append(None)
        return "skip"

    parse = pacsv.ParseOptions(
        delimiter=delimiter, newlines_in_values=True, invalid_row_handler=skip_ragged
    )
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    read = pacsv.ReadOptions(column_names=names, block_size=4 << 20)
    try:
        table = pacsv.read_csv(pa.BufferReader(pa.py_buffer(body)), read, parse, convert)
    except pa.ArrowException:
        return None
    return list(table.columns), len(ragged)


def _parse_ragged_fast(
    name: str,
    scan: _Scan,
    header: list[str],
    records: np.ndarray,
    regular_part: tuple[list[pa.ChunkedArray], int],
) -> _Parsed | None:
    """Add the rows pyarrow skipped as ragged, parsed with the csv module, in file order.

    ``records`` are the non-blank records, the header first; ``regular_part`` is pyarrow's
    result (the rows as wide as the header) and the number of rows it skipped.
    """
    delimiter = chr(scan.delimiter)
    columns, skipped = regular_part
    counts = _fields_per_record(scan)[records[1:]]
    regular, ragged = records[1:][counts == len(header)], records[1:][counts != len(header)]
    parsed = [_parse_record(scan, int(record), delimiter) for record in ragged]
    rows = [row for row in parsed if row is not None]
    if len(ragged) != skipped or len(rows) != len(parsed) or len(columns[0]) != len(regular):
        return None
    kept, columns = _drop_trailing_empty(header, columns, rows)
    numbers = (ragged + 1).tolist()
    shaped = _shape_rows(name, header, rows, numbers, delimiter, keep=len(kept))
    return _merge_ragged(shaped, columns, regular, ragged)


def _fields_per_record(scan: _Scan) -> np.ndarray:
    """Number of fields of every record: delimiters outside quotes, plus one."""
    positions = np.flatnonzero(scan.buffer == scan.delimiter)
    if len(scan.quotes):
        positions = positions[np.searchsorted(scan.quotes, positions) % 2 == 0]
    before = np.searchsorted(positions, np.append(scan.starts, len(scan.buffer)))
    return np.diff(before) + 1


def _merge_ragged(
    shaped: _Parsed, columns: list[pa.ChunkedArray], regular: np.ndarray, ragged: np.ndarray
) -> _Parsed:
    """Put the repaired ragged rows back between the regular ones, in file order."""
    order = np.argsort(np.concatenate((regular, ragged)), kind="stable")
    merged = [
        pa.concat_arrays([*column.chunks, pa.array(list(fixed), pa.string())]).take(order)
        for column, fixed in zip(columns, shaped.columns, strict=True)
    ]
    extra = None
    if shaped.extra is not None:
        padding = pa.array([""] * len(regular), pa.string())
        extra = pa.concat_arrays([padding, pa.array(shaped.extra, pa.string())]).take(order)
    rows = np.concatenate((regular, ragged))[order].astype(np.int64) + 1
    return _Parsed(shaped.header, merged, rows, extra, shaped.warnings)


def _drop_trailing_empty(
    header: list[str], columns: list[pa.ChunkedArray], others: list[list[str]]
) -> tuple[list[str], list[pa.ChunkedArray]]:
    """Drop right-hand columns with an empty header and no data (exports pad with `;;;`)."""
    keep = len(header)
    while keep > 0 and not header[keep - 1].strip():
        column = columns[keep - 1]
        if len(column) and pc.max(pc.utf8_length(column)).as_py() > 0:
            break
        if any(len(row) >= keep and row[keep - 1] for row in others):
            break
        keep -= 1
    return header[:keep], columns[:keep]


def _parse_csv_exact(name: str, text: str, delimiter: str) -> _Parsed:
    """The csv-module path: slower, but it numbers and repairs any record shape."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    try:
        for number, record in enumerate(reader, 1):
            if not record:
                continue
            if header is None:
                header = record
            else:
                rows.append(record)
                numbers.append(number)
    except csv.Error as error:
        raise InputError(name, f"cannot parse as CSV: {error}", row=len(numbers) + 1) from None
    assert header is not None  # the caller refused text with only blank lines
    return _shape_rows(name, header, rows, numbers, delimiter)


def _shape_rows(
    name: str,
    header: list[str],
    rows: list[list[str]],
    numbers: list[int],
    delimiter: str,
    keep: int | None = None,
) -> _Parsed:
    """Make every row as wide as the kept header: pad short rows, move surplus to extra.

    ``keep`` is the number of columns kept (default: drop trailing columns with no header
    and no data).
    """
    width = len(header)
    keep = _kept_width(header, rows) if keep is None else keep
    short = [n for row, n in zip(rows, numbers, strict=True) if len(row) < keep]
    extra = [_surplus(row, width, delimiter) for row in rows]
    long = [n for value, n in zip(extra, numbers, strict=True) if value]
    fitted = [row if len(row) == keep else _fit(row, keep) for row in rows]
    columns: list[Sequence[str]] = list(zip(*fitted, strict=True)) if fitted else [()] * keep
    warnings = _ragged_warnings(name, short, long)
    return _Parsed(
        header[:keep], columns, np.array(numbers, np.int64), extra if long else None, warnings
    )


def _kept_width(header: list[str], rows: list[list[str]]) -> int:
    """Header width minus trailing columns that have neither a header nor any data."""
    keep = len(header)
    while keep > 0 and not header[keep - 1].strip():
        if any(len(row) >= keep and row[keep - 1] for row in rows):
            break
        keep -= 1
    return keep


def _surplus(row: list[str], width: int, delimiter: str) -> str:
    """Fields past the header, rejoined; trailing empty ones are padding, not data."""
    if len(row) <= width:
        return ""
    surplus = row[width:]
    while surplus and not surplus[-1]:
        surplus.pop()
    return delimiter.join(surplus)


def _fit(row: list[str], width: int) -> list[str]:
    """Pad with "" or cut to the given width."""
    return row[:width] if len(row) > width else row + [""] * (width - len(row))


def _ragged_warnings(name: str, short: list[int], long: list[int]) -> list[ReadWarning]:
    """One warning per kind of repair, naming every row concerned."""
    warnings = []
    if short:
        message = "fewer fields than the header; the missing cells are left empty"
        warnings.append(ReadWarning(name, f"{_rows_phrase(short)} {message}", tuple(short)))
    if long:
        message = f"more fields than the header; the surplus is kept in column {EXTRA_FIELDS!r}"
        warnings.append(ReadWarning(name, f"{_rows_phrase(long)} {message}", tuple(long)))
    return warnings


def _rows_phrase(rows: Sequence[int]) -> str:
    """ "row 7 has", "rows 7, 9 and 12 have", "rows 1, 2, 3, 4, 5 and 8 more have"."""
    if len(rows) == 1:
        return f"row {rows[0]} has"
    shown = [str(row) for row in rows[:_ROWS_SHOWN]]
    if len(rows) > _ROWS_SHOWN:
        return f"rows {', '.join(shown)} and {len(rows) - _ROWS_SHOWN} more have"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]} have"


# ---------------------------------------------------------------------------------------------
# Excel


def _parse_workbook(name: str, data: bytes, sheet: str | None) -> _Parsed:
    """Read one sheet of an xlsx/xls/ods workbook; header = its first non-empty row."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        chosen = _pick_sheet(name, workbook.sheet_names, sheet)
        worksheet = workbook.get_sheet_by_name(chosen)
        cells = worksheet.to_python(skip_empty_area=True)
    except python_calamine.PasswordError:
        raise InputError(name, "the workbook is password-protected") from None
    except python_calamine.CalamineError:
        raise InputError(name, NOT_A_TABLE) from None
    first = worksheet.start[0] + 1 if worksheet.start else 1
    records = [(first + i, texts) for i, row in enumerate(cells) if any(texts := _row_text(row))]
    if not records:
        raise InputError(name, f"sheet {chosen!r} is empty")
    header = records[0][1]
    rows = [texts for _, texts in records[1:]]
    numbers = [number for number, _ in records[1:]]
    return _shape_rows(name, header, rows, numbers, ",")


def _pick_sheet(name: str, sheets: list[str], wanted: str | None) -> str:
    """The sheet named, or numbered from 1; an unknown one lists what there is."""
    if not sheets:
        raise InputError(name, "the workbook has no sheets")
    if wanted is None:
        return sheets[0]
    if wanted in sheets:
        return wanted
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(sheets):
        return sheets[int(wanted) - 1]
    listed = ", ".join(repr(sheet) for sheet in sheets)
    raise InputError(name, f"no sheet {wanted!r}; the sheets are {listed}")


def _row_text(row: Iterable[object]) -> list[str]:
    """A worksheet row as text cells."""
    return [cell_text(value) for value in row]


def cell_text(value: object) -> str:
    """Spreadsheet cell -> the text a user sees: 501234567.0 -> "501234567", dates in ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Table out


def _build_table(name: str, parsed: _Parsed) -> pd.DataFrame:
    """Name the columns, add provenance, and return the contract's table."""
    names, renamed = _column_names(parsed.header)
    for original, new in renamed:
        message = f"column {original!r} is renamed {new!r}: leadq adds a column of that name"
        parsed.warnings.append(ReadWarning(name, message, ()))
    data: dict[str, object] = {
        column: _text_series(values) for column, values in zip(names, parsed.columns, strict=True)
    }
    if parsed.extra is not None:
        data[EXTRA_FIELDS] = _text_series(parsed.extra)
    rows = len(parsed.source_rows)
    data[SOURCE_FILE] = pd.Series([name] * rows, dtype="str")
    data[SOURCE_ROW] = pd.Series(parsed.source_rows, dtype="int64")
    return pd.DataFrame(data, index=pd.RangeIndex(rows))


def _text_series(values: _Cells) -> pd.Series:
    """A column as pandas ``str`` dtype (Arrow-backed, no copy from the fast parser)."""
    if isinstance(values, (pa.ChunkedArray, pa.Array)):
        return pd.Series(values.to_pandas(), dtype="str").reset_index(drop=True)
    return pd.Series(list(values), dtype="str")


def _column_names(header: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Unique column names: ``column_N`` for blanks, ``_2`` suffixes, reserved names moved."""
    names = [cell if cell.strip() else f"column_{i}" for i, cell in enumerate(header, 1)]
    renamed = []
    for i, cell in enumerate(names):
        if cell in ADDED_COLUMNS:
            names[i] = f"{cell} (input)"
            renamed.append((cell, names[i]))
    taken: set[str] = set(names) | set(ADDED_COLUMNS)
    seen: set[str] = set()
    for i, cell in enumerate(names):
        if cell in seen:
            suffix = 2
            while f"{cell}_{suffix}" in taken:
                suffix += 1
            names[i] = f"{cell}_{suffix}"
            taken.add(names[i])
        seen.add(names[i])
    return names, renamed


def concat_tables(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack tables: input columns in first-seen order, then the added ones; "" where absent."""
    inputs: dict[str, None] = {}
    for table in tables:
        inputs.update(dict.fromkeys(c for c in table.columns if c not in ADDED_COLUMNS))
    has_extra = any(EXTRA_FIELDS in table.columns for table in tables)
    order = [*inputs, *([EXTRA_FIELDS] if has_extra else []), SOURCE_FILE, SOURCE_ROW]
    combined = pd.concat(tables, ignore_index=True, sort=False)
    for column in order[:-1]:
        combined[column] = combined[column].fillna("").astype("str")
    return combined[order]
