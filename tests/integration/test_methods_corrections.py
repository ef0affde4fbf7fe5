"""The Methods page lists the corrections Ofsted's later editions made to earlier ones, from the store."""

from __future__ import annotations

import json

import plotly

from data_access.db import session_scope
from data_access.importers.ofsted import import_ofsted
from tests.unit.test_ofsted_conflicts import older_edition
from tests.unit.test_ofsted_importer import outcomes_xlsx


def test_methods_page_lists_each_correction_with_its_outcome(sqlite_url, tmp_path):
    from dashboard import create_app

    create_app(sqlite_url)
    from dashboard.pages import methods

    assert methods.corrections_table(sqlite_url).empty
    with session_scope(sqlite_url) as session:
        import_ofsted(session, older_edition(tmp_path))
        import_ofsted(session, outcomes_xlsx(tmp_path, "new.xlsx"))

    table = methods.corrections_table(sqlite_url)
    assert table.to_dict("records") == [
        {
            "Local authority": "Barnet",
            "Inspection": "ILACS 2024-07-23",
            "Value": "care leavers",
            "Stored before": "Requires improvement",
            "Given by": "new.xlsx, sheet Inspections_as_at_31_March, row 4",
            "New value": "Good",
            "Outcome": "Corrected",
            "Why": "a later edition (LA inspection outcomes as at 31 March 2025) supersedes an earlier one "
            "(LA inspection outcomes as at 31 March 2024)",
        }
    ]
    page = json.dumps(methods.layout(), cls=plotly.utils.PlotlyJSONEncoder)
    assert "Corrections between editions" in page and "methods-corrections" in page
    assert "1; 1 corrected" in page
