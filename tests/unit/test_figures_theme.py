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


def test_fit_to_canvas_scales_the_shrink_floor_of_bar_text_and_keeps_a_canvas_minimum():
    import plotly.graph_objects as go

    from dashboard.figures.theme import fit_to_canvas

    figure = go.Figure(go.Bar(x=["a"], y=[3], text=["3"], textfont=dict(size=13)))
    figure.update_layout(uniformtext=dict(minsize=11, mode="hide"))
    wall = fit_to_canvas(figure, height=600, font_scale=1.7)
    assert wall.layout.uniformtext.minsize == 18.7  # 11 x 1.7
    assert wall.data[0].textfont.size == 22.1  # 13 x 1.7
    floored = fit_to_canvas(figure, height=600, font_scale=1.7, min_text_size=20)
    assert floored.layout.uniformtext.minsize == 20
    assert floored.layout.uniformtext.mode == "hide"
    assert figure.layout.uniformtext.minsize == 11  # the desk's figure is left as it was
