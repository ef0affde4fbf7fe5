"""Links from the dashboard's tables to the source: each LA's page on Ofsted's reports site.

The importers keep an LA's page only when an Ofsted file links its row to one on
reports.ofsted.gov.uk (data_access/importers/ofsted); tables show it as an "Ofsted page" column,
which dashboard.components.table draws as a link that opens in a new tab and says so, and the
CSV twin gives as the address.
"""

from __future__ import annotations

import pandas as pd

from dashboard.context import store_url
from data_access import queries

OFSTED_PAGE = "Ofsted page"


def ofsted_pages() -> pd.Series:
    """ONS code -> the LA's page on Ofsted's reports site, for the LAs the loaded files link."""
    return queries.local_authorities(store_url()).set_index("ons_code")["ofsted_url"].dropna()


def with_ofsted_pages(table: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """`table` with an "Ofsted page" column (the LA in `codes` on each row) when any page is loaded."""
    pages = ofsted_pages()
    if pages.empty:
        return table
    return table.assign(**{OFSTED_PAGE: codes.map(pages).fillna("").to_numpy()})
