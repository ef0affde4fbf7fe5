"""The nine English regions that RIAs follow, and the codes other sources use for them.

Ofsted groups London and the South East differently and merges the North East with Yorkshire
and the Humber in some files, so regions are always assigned from our own LA table, never from
a source file's region column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str  # ONS E12 code
    name: str
    short_name: str


REGIONS: tuple[Region, ...] = (
    Region("E12000001", "North East", "NE"),
    Region("E12000002", "North West", "NW"),
    Region("E12000003", "Yorkshire and The Humber", "Y&H"),
    Region("E12000004", "East Midlands", "EM"),
    Region("E12000005", "West Midlands", "WM"),
    Region("E12000006", "East of England", "EoE"),
    Region("E12000007", "London", "LDN"),
    Region("E12000008", "South East", "SE"),
    Region("E12000009", "South West", "SW"),
)

REGION_BY_CODE = {r.code: r for r in REGIONS}

# DfE statistics split London into Inner and Outer London (E13 codes); both are London here.
REGION_CODE_ALIASES = {
    "E13000001": "E12000007",  # Inner London
    "E13000002": "E12000007",  # Outer London
}


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").replace(",", " ").split())


_REGION_BY_FOLDED_NAME = {_fold(r.name): r for r in REGIONS} | {
    _fold("Yorkshire and the Humber"): REGION_BY_CODE["E12000003"],
    _fold("Yorkshire and Humber"): REGION_BY_CODE["E12000003"],
    _fold("East"): REGION_BY_CODE["E12000006"],
    _fold("Eastern"): REGION_BY_CODE["E12000006"],
    _fold("Inner London"): REGION_BY_CODE["E12000007"],
    _fold("Outer London"): REGION_BY_CODE["E12000007"],
}


def region_for(code_or_name: str) -> Region | None:
    """Find a region by E12/E13 code, short name or any common spelling of its name."""
    key = (code_or_name or "").strip()
    code = REGION_CODE_ALIASES.get(key.upper(), key.upper())
    if code in REGION_BY_CODE:
        return REGION_BY_CODE[code]
    for region in REGIONS:
        if region.short_name.lower() == key.lower():
            return region
    return _REGION_BY_FOLDED_NAME.get(_fold(key))
