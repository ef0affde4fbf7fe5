"""Text widths behind the margins figures set ahead (so plotly draws each chart once)."""

from __future__ import annotations

from dashboard.figures.theme import label_lines, text_px, x_axis_margin, y_axis_margin


def test_label_lines_split_at_br_and_drop_tags():
    assert label_lines("<b>North West</b><br>(n=12)") == ["North West", "(n=12)"]
    assert label_lines("2017-18<BR/>SIF") == ["2017-18", "SIF"]


def test_text_px_is_the_widest_line_and_bold_is_wider():
    # DejaVu Sans at 100 px: "1" is 64 px, "%" 95 px (regular); bold "1" is 70 px.
    assert text_px("100%", 100) == 64 * 3 + 95
    assert text_px("1<br>100%", 100) == 64 * 3 + 95
    assert text_px("<b>1</b>", 100) == 70
    assert text_px("11", 14) == 18  # 2 * 0.64 * 14 = 17.92, rounded up


def test_axis_margins_grow_with_the_labels_and_the_title():
    short, long = y_axis_margin(["0%"]), y_axis_margin(["Yorkshire and the Humber"])
    assert long - short == text_px("Yorkshire and the Humber", 14) - text_px("0%", 14)
    assert y_axis_margin(["0%"], title_size=14) == short + 19 + 18  # a title line (1.3 em) and its gap
    assert x_axis_margin(["2017-18<br>SIF"], size=12) == x_axis_margin(["2017-18"], size=12) + 16
