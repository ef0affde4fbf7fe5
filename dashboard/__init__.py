"""Build the Dash app: pages, theme, server settings."""

from __future__ import annotations

from pathlib import Path

import dash

from dashboard.context import set_store_url

ROOT = Path(__file__).resolve().parent.parent

INDEX = """<!DOCTYPE html>
<html lang="en-GB">
  <head>
    {%metas%}
    <title>{%title%}</title>
    {%favicon%}
    {%css%}
  </head>
  <body>
    {%app_entry%}
    {%config%}{%scripts%}{%renderer%}
  </body>
</html>"""


def create_app(database_url: str | None = None) -> dash.Dash:
    """The app. Pages register themselves on import, so the Dash object must exist first."""
    set_store_url(database_url)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="RIA children's services dashboard",
        update_title=None,
        serve_locally=True,
        compress=True,  # gzip: plotly.js and callback JSON are several times smaller on the wire
        # Without this, Dash embeds every page's full layout (~1 MB with charts and map geometry)
        # in every page load to check callback ids in the browser. tests/integration/
        # test_callback_ids.py does that check once, at test time, instead.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX
    from dashboard.components.shell import shell

    app.layout = shell
    return app
