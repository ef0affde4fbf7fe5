"""The one filter model every page shares, and its round trip through the URL query string.

The URL is the state: a view is shared by copying the link, and Back/Forward restore it.
Anything invalid in a link falls back to the default, with a notice saying what was ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import urlencode

from dashboard.dates import short_date
from data_access.areas import HEADLINE_AREAS
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.reference.local_authorities import LA_BY_ONS
from data_access.reference.regions import BASES, DEFAULT_BASIS, REGION_BY_CODE, region_for, region_on

FRAMEWORK_CHOICES = {"": "All frameworks", "ILACS": "ILACS (2018-)", "SIF": "SIF (2013-18)", "SLAC": "SLAC (2009-12)"}
MAP_COLOURS = {
    "overall": "Latest overall grade",
    "leadership": "Latest leadership grade",
    "change": "Leadership change at last inspection",
    "months": "Months since last inspection",
}
MAP_KINDS = {"hex": "Hex tiles", "geo": "Geographic"}
EARLIEST = date(2009, 1, 1)


# Filters fields whose name in a link differs (a link says ?from=2024-04-01, not ?date_from=...).
QUERY_KEYS = {"date_from": "from", "date_to": "to"}


def query_key(field: str) -> str:
    """The name a Filters field goes by in the URL's query string."""
    return QUERY_KEYS.get(field, field)


def region_slug(code: str) -> str:
    return re.sub(r"[^a-z]+", "-", REGION_BY_CODE[code].name.lower()).strip("-")


_REGION_BY_SLUG = {region_slug(code): code for code in REGION_BY_CODE}


@dataclass(frozen=True)
class Filters:
    region: str = ""  # ONS region code; "" means all of England
    la: str = ""  # ONS code of one LA, or ""
    framework: str = ""  # "" = all frameworks
    area: str = "overall"  # a headline judgement area
    date_from: date | None = None
    date_to: date | None = None
    colour: str = "overall"  # what the map is coloured by
    map: str = "hex"  # hex or geo
    predecessors: bool = False  # count reorganised LAs' predecessors in the leadership measure
    pair: str = "any"  # grade transitions: framework pair "previous-later", e.g. "sif-ilacs"
    regions: str = DEFAULT_BASIS  # "nine" English regions (RIAs), or "ofsted": Ofsted's eight

    @property
    def region_name(self) -> str:
        return REGION_BY_CODE[self.region].name if self.region else "England"

    @property
    def scope_name(self) -> str:
        """What the charts are narrowed to: the LA if one is chosen, else the region or England."""
        return LA_BY_ONS[self.la].name if self.la else self.region_name

    @property
    def place_name(self) -> str:
        """The LA with its region ("Manchester, North West"), else the region or England."""
        return f"{self.scope_name}, {self.region_name}" if self.la else self.region_name

    def to_query(self) -> str:
        """`?key=value...` with only the values that differ from the defaults ('' if none)."""
        default = Filters()
        params = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            key = query_key(f.name)
            if f.name == "region":
                value = region_slug(value)
            if isinstance(value, bool):
                value = "1" if value else "0"
            params[key] = value.isoformat() if isinstance(value, date) else value
        return "?" + urlencode(params) if params else ""

    def describe(self, only: tuple[str, ...] | None = None) -> str:
        """One line naming the filters, for CSV headers and chart summaries: only those in
        `only` (a view's fields; all when None), so a download never names a filter it ignores."""
        shown = set(only) if only is not None else {f.name for f in fields(self)}
        la = LA_BY_ONS.get(self.la)
        parts = [self.region_name if not la else REGION_BY_CODE[region_on(la.region_code, self.regions)].name]
        if self.regions != DEFAULT_BASIS:
            parts.append(f"on {BASES[self.regions]}")
        if la:
            parts.append(la.name)
        if "framework" in shown:
            parts.append(FRAMEWORK_CHOICES[self.framework])
        if "area" in shown:
            parts.append(f"area: {HEADLINE_AREAS[self.area]}")
        if "colour" in shown:
            parts.append(f"map coloured by {MAP_COLOURS[self.colour].lower()}")
        if (self.date_from or self.date_to) and "date_from" in shown:
            start = short_date(self.date_from) if self.date_from else "the start"
            parts.append(f"published {start} to {short_date(self.date_to) if self.date_to else 'the latest'}")
        if self.predecessors and "predecessors" in shown:
            parts.append("reorganised LAs compared with predecessors")
        if self.pair != "any" and "pair" in shown:
            parts.append("transitions " + self.pair.upper().replace("-", " to "))
        return "; ".join(parts)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


def parse_query(params: Mapping[str, str], *, today: date | None = None) -> tuple[Filters, list[str]]:
    """Filters from query parameters, and a notice for every value that was not understood."""
    notices: list[str] = []
    values: dict = {}

    def bad(key: str, value: str) -> None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        notices.append(f"Ignored {key}={shown!r}: not a valid value, showing the default instead.")

    text = {k: str(v).strip() for k, v in params.items() if v is not None and str(v).strip() != ""}
    if "region" in text:
        code = _REGION_BY_SLUG.get(text["region"].lower())
        region = region_for(text["region"]) if code is None else REGION_BY_CODE[code]
        values["region"] = region.code if region else bad("region", text["region"]) or ""
    if "regions" in text:
        if text["regions"] in BASES:
            values["regions"] = text["regions"]
        else:
            bad("regions", text["regions"])
    if values.get("region"):  # a region is read on the basis asked for (Ofsted's merges two of the nine)
        basis = values.get("regions", DEFAULT_BASIS)
        if "+" in values["region"] and basis == DEFAULT_BASIS:
            values["regions"] = "ofsted"  # a link naming an Ofsted region means Ofsted's regions
        else:
            values["region"] = region_on(values["region"], basis)
    if "la" in text:
        code = text["la"].upper()
        if code in LA_BY_ONS and LA_BY_ONS[code].current:
            values["la"] = code
        else:
            bad("la", text["la"])
    for key, choices in (
        ("framework", FRAMEWORK_CHOICES),
        ("area", HEADLINE_AREAS),
        ("colour", MAP_COLOURS),
        ("map", MAP_KINDS),
    ):
        if key in text:
            if text[key] in choices:
                values[key] = text[key]
            else:
                bad(key, text[key])
    if "pair" in text:
        parts = text["pair"].upper().split("-")
        if text["pair"].lower() == "any" or (len(parts) == 2 and all(p in FRAMEWORK_BY_CODE for p in parts)):
            values["pair"] = text["pair"].lower()
        else:
            bad("pair", text["pair"])
    if "predecessors" in text:
        if text["predecessors"] in ("0", "1"):
            values["predecessors"] = text["predecessors"] == "1"
        else:
            bad("predecessors", text["predecessors"])
    latest = today or date.today()
    for field, key in QUERY_KEYS.items():
        if key in text:
            try:
                day = date.fromisoformat(text[key])
                if not EARLIEST <= day <= latest:
                    raise ValueError
                values[field] = day
            except ValueError:
                bad(key, text[key])
    if values.get("la"):  # an LA is in one region: the region follows the LA, saying so if the link named another
        la = LA_BY_ONS[values["la"]]
        home = region_on(la.region_code, values.get("regions", DEFAULT_BASIS))
        if values.get("region") and values["region"] != home:
            notices.append(
                f"{la.name} is in {REGION_BY_CODE[home].name}, not "
                f"{REGION_BY_CODE[values['region']].name}: showing {REGION_BY_CODE[home].name}."
            )
        values["region"] = home
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        notices.append("The 'from' date was after the 'to' date, so both were ignored.")
        values.pop("date_from"), values.pop("date_to")
    return Filters(**values), notices
