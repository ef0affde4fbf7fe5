"""Every English children's services local authority, current and former, written by hand.

These are public facts (ONS and DfE codes, names, regions, reorganisations) kept as code so the
store can be built with no download. Importers match source rows to these LAs; the region of an
LA always comes from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LocalAuthorityFact:
    ons_code: str
    dfe_code: str
    name: str
    region_code: str
    current: bool = True


# dfe_code | ons_code | name | region   (current authorities, April 2023 geography: 153)
_CURRENT = """
840|E06000047|County Durham|E12000001
841|E06000005|Darlington|E12000001
390|E08000037|Gateshead|E12000001
805|E06000001|Hartlepool|E12000001
806|E06000002|Middlesbrough|E12000001
391|E08000021|Newcastle upon Tyne|E12000001
392|E08000022|North Tyneside|E12000001
929|E06000057|Northumberland|E12000001
807|E06000003|Redcar and Cleveland|E12000001
393|E08000023|South Tyneside|E12000001
808|E06000004|Stockton-on-Tees|E12000001
394|E08000024|Sunderland|E12000001
889|E06000008|Blackburn with Darwen|E12000002
890|E06000009|Blackpool|E12000002
350|E08000001|Bolton|E12000002
351|E08000002|Bury|E12000002
895|E06000049|Cheshire East|E12000002
896|E06000050|Cheshire West and Chester|E12000002
942|E06000063|Cumberland|E12000002
876|E06000006|Halton|E12000002
340|E08000011|Knowsley|E12000002
888|E10000017|Lancashire|E12000002
341|E08000012|Liverpool|E12000002
352|E08000003|Manchester|E12000002
353|E08000004|Oldham|E12000002
354|E08000005|Rochdale|E12000002
355|E08000006|Salford|E12000002
343|E08000014|Sefton|E12000002
342|E08000013|St. Helens|E12000002
356|E08000007|Stockport|E12000002
357|E08000008|Tameside|E12000002
358|E08000009|Trafford|E12000002
877|E06000007|Warrington|E12000002
943|E06000064|Westmorland and Furness|E12000002
359|E08000010|Wigan|E12000002
344|E08000015|Wirral|E12000002
370|E08000016|Barnsley|E12000003
380|E08000032|Bradford|E12000003
381|E08000033|Calderdale|E12000003
371|E08000017|Doncaster|E12000003
811|E06000011|East Riding of Yorkshire|E12000003
810|E06000010|Kingston upon Hull, City of|E12000003
382|E08000034|Kirklees|E12000003
383|E08000035|Leeds|E12000003
812|E06000012|North East Lincolnshire|E12000003
813|E06000013|North Lincolnshire|E12000003
815|E06000065|North Yorkshire|E12000003
372|E08000018|Rotherham|E12000003
373|E08000019|Sheffield|E12000003
384|E08000036|Wakefield|E12000003
816|E06000014|York|E12000003
831|E06000015|Derby|E12000004
830|E10000007|Derbyshire|E12000004
856|E06000016|Leicester|E12000004
855|E10000018|Leicestershire|E12000004
925|E10000019|Lincolnshire|E12000004
940|E06000061|North Northamptonshire|E12000004
892|E06000018|Nottingham|E12000004
891|E10000024|Nottinghamshire|E12000004
857|E06000017|Rutland|E12000004
941|E06000062|West Northamptonshire|E12000004
330|E08000025|Birmingham|E12000005
331|E08000026|Coventry|E12000005
332|E08000027|Dudley|E12000005
884|E06000019|Herefordshire, County of|E12000005
333|E08000028|Sandwell|E12000005
893|E06000051|Shropshire|E12000005
334|E08000029|Solihull|E12000005
860|E10000028|Staffordshire|E12000005
861|E06000021|Stoke-on-Trent|E12000005
894|E06000020|Telford and Wrekin|E12000005
335|E08000030|Walsall|E12000005
937|E10000031|Warwickshire|E12000005
336|E08000031|Wolverhampton|E12000005
885|E10000034|Worcestershire|E12000005
822|E06000055|Bedford|E12000006
873|E10000003|Cambridgeshire|E12000006
823|E06000056|Central Bedfordshire|E12000006
881|E10000012|Essex|E12000006
919|E10000015|Hertfordshire|E12000006
821|E06000032|Luton|E12000006
926|E10000020|Norfolk|E12000006
874|E06000031|Peterborough|E12000006
882|E06000033|Southend-on-Sea|E12000006
935|E10000029|Suffolk|E12000006
883|E06000034|Thurrock|E12000006
201|E09000001|City of London|E12000007
202|E09000007|Camden|E12000007
203|E09000011|Greenwich|E12000007
204|E09000012|Hackney|E12000007
205|E09000013|Hammersmith and Fulham|E12000007
206|E09000019|Islington|E12000007
207|E09000020|Kensington and Chelsea|E12000007
208|E09000022|Lambeth|E12000007
209|E09000023|Lewisham|E12000007
210|E09000028|Southwark|E12000007
211|E09000030|Tower Hamlets|E12000007
212|E09000032|Wandsworth|E12000007
213|E09000033|Westminster|E12000007
301|E09000002|Barking and Dagenham|E12000007
302|E09000003|Barnet|E12000007
303|E09000004|Bexley|E12000007
304|E09000005|Brent|E12000007
305|E09000006|Bromley|E12000007
306|E09000008|Croydon|E12000007
307|E09000009|Ealing|E12000007
308|E09000010|Enfield|E12000007
309|E09000014|Haringey|E12000007
310|E09000015|Harrow|E12000007
311|E09000016|Havering|E12000007
312|E09000017|Hillingdon|E12000007
313|E09000018|Hounslow|E12000007
314|E09000021|Kingston upon Thames|E12000007
315|E09000024|Merton|E12000007
316|E09000025|Newham|E12000007
317|E09000026|Redbridge|E12000007
318|E09000027|Richmond upon Thames|E12000007
319|E09000029|Sutton|E12000007
320|E09000031|Waltham Forest|E12000007
867|E06000036|Bracknell Forest|E12000008
846|E06000043|Brighton and Hove|E12000008
825|E06000060|Buckinghamshire|E12000008
845|E10000011|East Sussex|E12000008
850|E10000014|Hampshire|E12000008
921|E06000046|Isle of Wight|E12000008
886|E10000016|Kent|E12000008
887|E06000035|Medway|E12000008
826|E06000042|Milton Keynes|E12000008
931|E10000025|Oxfordshire|E12000008
851|E06000044|Portsmouth|E12000008
870|E06000038|Reading|E12000008
871|E06000039|Slough|E12000008
852|E06000045|Southampton|E12000008
936|E10000030|Surrey|E12000008
869|E06000037|West Berkshire|E12000008
938|E10000032|West Sussex|E12000008
868|E06000040|Windsor and Maidenhead|E12000008
872|E06000041|Wokingham|E12000008
800|E06000022|Bath and North East Somerset|E12000009
839|E06000058|Bournemouth, Christchurch and Poole|E12000009
801|E06000023|Bristol, City of|E12000009
908|E06000052|Cornwall|E12000009
878|E10000008|Devon|E12000009
838|E06000059|Dorset|E12000009
916|E10000013|Gloucestershire|E12000009
420|E06000053|Isles of Scilly|E12000009
802|E06000024|North Somerset|E12000009
879|E06000026|Plymouth|E12000009
933|E06000066|Somerset|E12000009
803|E06000025|South Gloucestershire|E12000009
866|E06000030|Swindon|E12000009
880|E06000027|Torbay|E12000009
865|E06000054|Wiltshire|E12000009
"""

# Former authorities whose area passed to different successors (so history cannot be merged).
_FORMER = """
837|E06000028|Bournemouth|E12000009
836|E06000029|Poole|E12000009
835|E10000009|Dorset County Council|E12000009
928|E10000021|Northamptonshire|E12000004
909|E10000006|Cumbria|E12000002
"""


def _parse(table: str, current: bool) -> list[LocalAuthorityFact]:
    facts = []
    for line in table.strip().splitlines():
        dfe, ons, name, region = line.split("|")
        facts.append(LocalAuthorityFact(ons, dfe, name, region, current))
    return facts


LOCAL_AUTHORITIES: tuple[LocalAuthorityFact, ...] = tuple(_parse(_CURRENT, True) + _parse(_FORMER, False))
LA_BY_ONS = {la.ons_code: la for la in LOCAL_AUTHORITIES}


@dataclass(frozen=True)
class Reorganisation:
    """A change to an authority: a merger or split (new bodies) or a recode (same area).

    For a recode the history of the old code is the same authority's history; for a merger or
    split it belongs to the predecessor, counted only when a metric asks for predecessors.
    """

    effective: date
    kind: str  # "merger", "split" or "recode"
    predecessor_ons: str  # the old code (a former LA for merger/split, an alias for a recode)
    successor_ons: str
    note: str


REORGANISATIONS: tuple[Reorganisation, ...] = (
    Reorganisation(
        date(2019, 4, 1),
        "merger",
        "E06000028",
        "E06000058",
        "Bournemouth, Christchurch and Poole formed from Bournemouth, Poole and Christchurch",
    ),
    Reorganisation(
        date(2019, 4, 1),
        "merger",
        "E06000029",
        "E06000058",
        "Bournemouth, Christchurch and Poole formed from Bournemouth, Poole and Christchurch",
    ),
    Reorganisation(
        date(2019, 4, 1),
        "split",
        "E10000009",
        "E06000058",
        "Christchurch left Dorset county for Bournemouth, Christchurch and Poole",
    ),
    Reorganisation(
        date(2019, 4, 1),
        "split",
        "E10000009",
        "E06000059",
        "Dorset unitary council formed from the rest of Dorset county",
    ),
    Reorganisation(
        date(2020, 4, 1),
        "recode",
        "E10000002",
        "E06000060",
        "Buckinghamshire county became a unitary council with the same area",
    ),
    Reorganisation(
        date(2021, 4, 1),
        "split",
        "E10000021",
        "E06000061",
        "Northamptonshire split into North and West Northamptonshire",
    ),
    Reorganisation(
        date(2021, 4, 1),
        "split",
        "E10000021",
        "E06000062",
        "Northamptonshire split into North and West Northamptonshire",
    ),
    Reorganisation(
        date(2023, 4, 1), "split", "E10000006", "E06000063", "Cumbria split into Cumberland and Westmorland and Furness"
    ),
    Reorganisation(
        date(2023, 4, 1), "split", "E10000006", "E06000064", "Cumbria split into Cumberland and Westmorland and Furness"
    ),
    Reorganisation(
        date(2023, 4, 1),
        "recode",
        "E10000023",
        "E06000065",
        "North Yorkshire county became a unitary council with the same area",
    ),
    Reorganisation(
        date(2023, 4, 1),
        "recode",
        "E10000027",
        "E06000066",
        "Somerset county became a unitary council with the same area",
    ),
)

# Old ONS codes that name the same authority as a current code.
ONS_CODE_ALIASES = {r.predecessor_ons: r.successor_ons for r in REORGANISATIONS if r.kind == "recode"}

# Spellings used by Ofsted and DfE files that the folding below does not reach.
_NAME_ALIASES = {
    "bedford borough": "E06000055",
    "bristol": "E06000023",
    "bristol city of": "E06000023",
    "city of bristol": "E06000023",
    "hull": "E06000010",
    "kingston upon hull": "E06000010",
    "city of kingston upon hull": "E06000010",
    "herefordshire": "E06000019",
    "st helens": "E08000013",
    "durham": "E06000047",
    "bcp": "E06000058",
    "bournemouth christchurch and poole council": "E06000058",
    "dorset council": "E06000059",
    "dorset county": "E10000009",
    "city of london corporation": "E09000001",
    "london corporation": "E09000001",  # the scraped report list
    "southend": "E06000033",
    "stockton on tees": "E06000004",
    "telford and the wrekin": "E06000020",
    "windsor and maidenhead royal borough": "E06000040",
    "royal borough of windsor and maidenhead": "E06000040",
    "the royal borough of kensington and chelsea": "E09000020",
    "royal borough of kensington and chelsea": "E09000020",
    "royal borough of greenwich": "E09000011",
    "royal borough of kingston upon thames": "E09000021",
    "isles of scilly council": "E06000053",
    "council of the isles of scilly": "E06000053",
}


def fold_name(name: str) -> str:
    """Normalise an LA name for matching: case, punctuation, '&', 'St.' and council words."""
    text = name.lower().replace("&", " and ").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\b(metropolitan borough|borough|county|city|district) council\b", " ", text)
    text = re.sub(r"\b(london borough of|council)\b", " ", text)
    text = re.sub(r"\bst\b", "st", text)
    return " ".join(text.split())


_BY_FOLDED_NAME: dict[str, str] = {}
for _la in LOCAL_AUTHORITIES:
    _BY_FOLDED_NAME.setdefault(fold_name(_la.name), _la.ons_code)
_BY_FOLDED_NAME.update(_NAME_ALIASES)
# A pre-2019 "Dorset" row means the county; the importer resolves this by date.
_BY_FOLDED_NAME["dorset"] = "E06000059"


def ons_code_for_name(name: str, on: date | None = None) -> str | None:
    """The ONS code of the authority a source names, taking reorganisations into account.

    `on` is the date of the event the row describes: before April 2019 "Dorset" is the former
    county council, afterwards the unitary Dorset Council.
    """
    folded = fold_name(name)
    code = _BY_FOLDED_NAME.get(folded)
    if code == "E06000059" and folded == "dorset" and on is not None and on < date(2019, 4, 1):
        return "E10000009"
    return code


def canonical_ons_code(code: str) -> str:
    """Map an old code of a recoded authority (e.g. North Yorkshire's E10000023) to today's."""
    return ONS_CODE_ALIASES.get(code.strip().upper(), code.strip().upper())
