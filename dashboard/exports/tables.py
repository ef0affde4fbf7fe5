"""Spreadsheets (XLSX, ODS) of one or more frames, with a metadata sheet.

XLSX for Excel users, ODS because it is the format Ofsted and DfE publish in. Every sheet goes
through `spreadsheet_safe` first, so no cell can run as a formula when the file is opened.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pandas as pd

from dashboard.views.base import spreadsheet_safe

FORMATS = ("xlsx", "ods")
ENGINES = {"xlsx": "openpyxl", "ods": "odf"}
METADATA_SHEET = "About this file"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31  # Excel's limit


def sheet_name(name: str, taken: set[str]) -> str:
    """`name` made legal as a sheet name (no []:*?/\\, at most 31 characters) and unique."""
    base = " ".join(_SHEET_NAME_BAD.sub(" ", name).split()) or "Sheet"
    candidate, n = base[:SHEET_NAME_MAX], 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def workbook_bytes(
    sheets: Sequence[tuple[str, pd.DataFrame]], metadata: Sequence[tuple[str, str]], fmt: str = "xlsx"
) -> bytes:
    """A workbook with the metadata sheet first, then one sheet per (name, frame)."""
    if fmt not in FORMATS:
        raise ValueError(f"spreadsheet format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    buffer = io.BytesIO()
    taken: set[str] = set()
    about = pd.DataFrame(list(metadata), columns=["Field", "Value"])
    with pd.ExcelWriter(buffer, engine=ENGINES[fmt]) as writer:
        spreadsheet_safe(about).to_excel(writer, sheet_name=sheet_name(METADATA_SHEET, taken), index=False)
        for name, frame in sheets:
            spreadsheet_safe(frame).to_excel(writer, sheet_name=sheet_name(name, taken), index=False)
    return buffer.getvalue()
