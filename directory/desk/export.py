"""CSV for the desk's exports: streamed line by line, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator


def cell(value) -> str:
    """A value as text a spreadsheet shows as text: no formula from "=SUM(...)" or "+47…"."""
    text = "yes" if value is True else "no" if value is False else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """Yield the header, then each row, as CSV text (one row per yield)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(cell(value) for value in row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()
