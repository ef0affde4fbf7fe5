"""Links to each LA's page on Ofsted's reports site: in the map's table (and its CSV twin) and on
the LA's profile, opening in a new tab and saying so."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import sessionmaker

from data_access.cache import clear_caches
from data_access.db import get_engine
from data_access.importers.demo import load_demo
from data_access.models import LocalAuthority

MANCHESTER = "E08000003"
PAGE = "https://reports.ofsted.gov.uk/provider/44/123456"


def test_an_las_ofsted_page_is_linked_from_the_map_table_and_its_profile(sqlite_url):
    from dashboard import create_app
    from dashboard.components.table import data_table
    from dashboard.filters import Filters
    from dashboard.views import VIEWS

    with sessionmaker(bind=get_engine(sqlite_url))() as session:
        load_demo(session)
        session.execute(
            update(LocalAuthority)
            .where(LocalAuthority.ons_code == MANCHESTER)
            .values(ofsted_url=PAGE, ofsted_url_edition=date(2025, 9, 25))
        )
        session.commit()
    clear_caches()
    client = create_app(sqlite_url).server.test_client()
    from dashboard.pages import authority  # pages register once an app exists

    text = client.get("/data/map.csv?region=north-west").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("# ")))))
    pages = {row["ONS code"]: row["Ofsted page"] for row in rows}
    assert pages[MANCHESTER] == PAGE and pages["E08000006"] == ""  # Salford: no address loaded

    frame = VIEWS["map"].result(Filters(region="E12000002")).shown_frame
    cells = data_table(frame, caption="Map table").children.children[2].children  # table > tbody > rows
    row = next(r for r in cells if MANCHESTER in [getattr(td, "children", None) for td in r.children])
    link = row.children[list(frame.columns).index("Ofsted page")].children
    assert link.href == PAGE and link.target == "_blank"
    link = authority.ofsted_page_link(authority.find_authority(MANCHESTER))[0]
    anchor = link.children[1]
    assert anchor.href == PAGE and anchor.target == "_blank" and anchor.rel == "noopener noreferrer"
    assert "opens in a new tab" in anchor.children[1].children
    assert authority.ofsted_page_link(authority.find_authority("E08000006")) == []
    clear_caches()
