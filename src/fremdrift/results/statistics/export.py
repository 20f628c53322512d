"""Jobindsats-style files: numbers written the Danish way, CSV with a title before the header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


def format_number(value: float) -> str:
    """A number as Jobindsats writes it: 1.234,5."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def write_csv(
    rows: Iterable[dict[str, str]], columns: list[str], *, preamble: Iterable[str] = ()
) -> bytes:
    """A Jobindsats-style CSV: UTF-8 with BOM, `;`, optional title lines before the header."""
    out = io.StringIO()
    out.write("\ufeff")
    for line in preamble:
        out.write(f"{line}\r\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")
