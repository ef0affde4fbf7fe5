"""The nine English regions that RIAs follow, Ofsted's eight, and the codes other sources use.

RIAs follow the nine English regions (the default basis, "nine"). Ofsted's files and published
regional figures use its own eight regions ("ofsted"): the same as the nine except that the North
East and Yorkshire and the Humber are one region. Regions are always assigned from our own LA
table (each LA's nine-region code), never from a source file's region column; an Ofsted region
is the set of nine-region codes it is made of (`Region.members`), so every "is this LA in the
region" test is `region_code in members(...)` on either basis.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str  # ONS E12 code; an Ofsted region made of two: both joined by "+"
    name: str
    short_name: str

    @property
    def members(self) -> tuple[str, ...]:
        """The nine-region codes this region is made of (itself, for one of the nine)."""
        return tuple(self.code.split("+"))


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

# Ofsted's eight regions, in Ofsted's order: the North East and Yorkshire and the Humber are one.
NORTH_EAST_YORKSHIRE = Region("E12000001+E12000003", "North East, Yorkshire and the Humber", "NE&YH")
OFSTED_REGIONS: tuple[Region, ...] = (
    NORTH_EAST_YORKSHIRE,
    *(r for r in REGIONS if r.code not in NORTH_EAST_YORKSHIRE.members),
)
BASES = {"nine": "the nine English regions", "ofsted": "Ofsted's eight regions"}
DEFAULT_BASIS = "nine"

REGION_BY_CODE = {r.code: r for r in (*REGIONS, NORTH_EAST_YORKSHIRE)}
_OFSTED_REGION_OF = {m: r.code for r in OFSTED_REGIONS for m in r.members}


def regions_on(basis: str = DEFAULT_BASIS) -> tuple[Region, ...]:
    """The regions of a basis ("nine" or "ofsted")."""
    if basis not in BASES:
        raise ValueError(f"unknown region basis {basis!r}: choose from {', '.join(BASES)}")
    return OFSTED_REGIONS if basis == "ofsted" else REGIONS


def region_on(code: str, basis: str = DEFAULT_BASIS) -> str:
    """The code, on `basis`, of the region that nine-region `code` lies in ("" stays "")."""
    if not code or basis == DEFAULT_BASIS:
        return code
    regions_on(basis)  # checks the basis
    return _OFSTED_REGION_OF.get(code, code)


def members(code: str | None) -> tuple[str, ...]:
    """The nine-region codes of region `code` on either basis (empty for England)."""
    return REGION_BY_CODE[code].members if code else ()


def on_basis(frame, basis: str = DEFAULT_BASIS):
    """A frame with `region_code` and `region_name` (each LA's nine-region ones) moved to
    `basis`: on Ofsted's, the North East and Yorkshire and the Humber rows become one region."""
    if basis == DEFAULT_BASIS:
        return frame
    regions_on(basis)  # checks the basis
    moved = {}
    if "region_code" in frame:
        moved["region_code"] = frame["region_code"].map(lambda c: region_on(c, basis) if isinstance(c, str) else c)
    if "region_name" in frame:
        by_name = {r.name: REGION_BY_CODE[region_on(r.code, basis)].name for r in REGIONS}
        moved["region_name"] = frame["region_name"].map(lambda n: by_name.get(n, n))
    return frame.assign(**moved)


# DfE statistics split London into Inner and Outer London (E13 codes); both are London here.
REGION_CODE_ALIASES = {
    "E13000001": "E12000007",  # Inner London
    "E13000002": "E12000007",  # Outer London
}


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").replace(",", " ").split())


_REGION_BY_FOLDED_NAME = {_fold(r.name): r for r in REGION_BY_CODE.values()} | {
    _fold("North East, Yorkshire and Humber"): NORTH_EAST_YORKSHIRE,
    _fold("Yorkshire and the Humber"): REGION_BY_CODE["E12000003"],
    _fold("Yorkshire and Humber"): REGION_BY_CODE["E12000003"],
    _fold("East"): REGION_BY_CODE["E12000006"],
    _fold("Eastern"): REGION_BY_CODE["E12000006"],
    _fold("Inner London"): REGION_BY_CODE["E12000007"],
    _fold("Outer London"): REGION_BY_CODE["E12000007"],
}


def region_for(code_or_name: str) -> Region | None:
    """Find a region (either basis) by E12/E13 code, short name or any common spelling of its name."""
    key = (code_or_name or "").strip()
    code = REGION_CODE_ALIASES.get(key.upper(), key.upper())
    if code in REGION_BY_CODE:
        return REGION_BY_CODE[code]
    for region in REGION_BY_CODE.values():
        if region.short_name.lower() == key.lower():
            return region
    return _REGION_BY_FOLDED_NAME.get(_fold(key))
