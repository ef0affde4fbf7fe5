"""Downloads cannot carry formulas: text cells a spreadsheet would run (OWASP's CSV-injection rule:
=, +, -, @, tab, carriage return first) are written with a quote in front; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult, csv_text, neutralise_formula, spreadsheet_safe

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "Good", "a=b", ""]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": HOSTILE,
            "number": [-1.5, -2.0, 3.0, 0.0, -7.25, 1.0, 2.0, -0.5, 4.0],
            "count": [-3, -2, -1, 0, 1, 2, 3, 4, 5],
            "mixed": ["-x", -4, "=1", 5, None, "ok", 1.5, "@me", "+"],
            "=cmd|' /C calc'!A0": ["a"] * 9,
            "published": pd.to_datetime(["2024-01-02"] * 9),
        }
    )


def test_each_formula_start_is_neutralised_and_nothing_else():
    assert [neutralise_formula(v) for v in HOSTILE] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tcmd",
        "'\r=1",
        "Good",
        "a=b",
        "",
    ]
    assert neutralise_formula(-3) == -3 and neutralise_formula(-2.5) == -2.5 and neutralise_formula(None) is None


def test_a_frame_is_made_safe_text_cells_only_and_the_original_is_left_alone():
    original = frame()
    safe = spreadsheet_safe(original)
    assert list(safe["text"]) == [neutralise_formula(v) for v in HOSTILE]
    assert list(safe["number"]) == [-1.5, -2.0, 3.0, 0.0, -7.25, 1.0, 2.0, -0.5, 4.0]
    assert safe["number"].dtype == original["number"].dtype and safe["count"].dtype == original["count"].dtype
    assert list(safe["mixed"])[:4] == ["'-x", -4, "'=1", 5] and list(safe["mixed"])[7:] == ["'@me", "'+"]
    assert "'=cmd|' /C calc'!A0" in safe.columns
    assert original["text"][0].startswith("=")  # a cached view's frame is never changed


def test_the_csv_download_carries_no_formula_and_keeps_negative_numbers():
    view = View(name="hostile", title="Hostile", compute=lambda f: ViewResult(frame(), "s"), fields=())
    text = csv_text(view, Filters(), ViewResult(frame(), "s"))
    assert text.count("# ") == 4 and text.split("\r\n")[4] == ",".join(
        ["text", "number", "count", "mixed", "'=cmd|' /C calc'!A0", "published"]
    )
    rows = list(csv.reader(io.StringIO(text.split("\r\n", 4)[4], newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["text", "number", "count", "mixed", "'=cmd|' /C calc'!A0", "published"]
    for row in [header, *body]:
        for i, cell in enumerate(row):
            if header[i] not in ("number", "count", "mixed"):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (header[i], cell)
    assert [row[0] for row in body][:6] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tcmd",
        "'\r=1",
    ]
    assert [row[1] for row in body][:2] == ["-1.5", "-2.0"] and [row[2] for row in body][:3] == ["-3", "-2", "-1"]
    assert [row[3] for row in body] == ["'-x", "-4", "'=1", "5", "", "ok", "1.5", "'@me", "'+"]  # -4: a number
    assert body[0][5] == date(2024, 1, 2).isoformat()
