"""Sourced public facts about improvement support, written by hand with their citations.

`python -m data_access import known-support` loads them (real, not demo). Dates the sources do
not give stay empty; a month or year is stored with that precision. Loading twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport, previous_run, record_run
from data_access.support_records import apply, rows_from_dicts

CYP_NOW_2016 = "Children & Young People Now (CYP Now), 2016"
LGA_CYP_BOARD_2019 = "LGA Children and Young People Board report, June 2019"
WHO = "known-support loader"

INTERVENTIONS = [
    {"la": "Birmingham", "kind": "Commissioner", "start_date": "2014-03", "note": "Commissioner appointed March 2014"},
    {
        "la": "Doncaster",
        "kind": "Alternative delivery model / trust",
        "start_date": "2014-10",
        "note": "Children's services trust started October 2014",
    },
    {"la": "Norfolk", "kind": "Commissioner", "start_date": "2015-12", "note": "Commissioner appointed December 2015"},
    {"la": "Sandwell", "kind": "Commissioner", "note": "Commissioner appointed; the source gives no date"},
    {
        "la": "Slough",
        "kind": "Alternative delivery model / trust",
        "note": "Trust model; the source gives no date",
    },
]

_RESOURCES_PILOT = "Resources peer challenge pilot (the report gives no date)"
_ROLLED_OUT = "Resources peer challenge rolled out in May-June 2019 (the report does not give each visit's date)"
_CORPORATE = "Corporate capacity peer challenge tested here (the report gives no date)"
_EARLY_YEARS = "Early years peer challenge pilot (the report gives no date)"

PEER_CHALLENGES = [
    *(
        {"la": la, "type": "Resources peer challenge", "public_summary": _RESOURCES_PILOT}
        for la in ("West Berkshire", "Shropshire")
    ),
    *(
        {
            "la": la,
            "type": "Resources peer challenge",
            "start_date": "2019-05",
            "end_date": "2019-06",
            "public_summary": _ROLLED_OUT,
        }
        for la in ("Warwickshire", "Derby", "Middlesbrough")
    ),
    *(
        {"la": la, "type": "Corporate capacity peer challenge", "public_summary": _CORPORATE}
        for la in ("Cornwall", "Bath and North East Somerset")
    ),
    *(
        {"la": la, "type": "Early years peer challenge", "public_summary": _EARLY_YEARS}
        for la in ("Wigan", "Cambridgeshire", "Peterborough", "Bexley")
    ),
]
for _row in PEER_CHALLENGES:
    _row["status"] = "delivered"

PROGRAMME_TOTALS = [
    {
        "programme": "Children's services peer challenge",
        "measure": "peer challenges completed",
        "period": "2018/19",
        "count": 11,
    },
    *(
        {
            "programme": "Early years peer challenge",
            "measure": f"peer challenges {measure}",
            "period": "by mid-2019",
            "count": count,
        }
        for measure, count in (("delivered", 7), ("agreed", 14))
    ),
    {
        "programme": "Leadership Essentials (children's services)",
        "measure": "members on the programme",
        "period": "since September 2018",
        "period_start": "2018-09",
        "count": 58,
    },
]

FACTS = (
    ("interventions", CYP_NOW_2016, INTERVENTIONS),
    ("peer-challenges", LGA_CYP_BOARD_2019, PEER_CHALLENGES),
    ("programme-totals", LGA_CYP_BOARD_2019, PROGRAMME_TOTALS),
)


def facts_sha256() -> str:
    """The facts' fingerprint: a corrected fact is a new load, the same facts are not."""
    return hashlib.sha256(json.dumps(FACTS, sort_keys=True).encode()).hexdigest()


def load_known_support(session: Session) -> ImportReport:
    """Write the sourced facts in the caller's transaction (one import run, an audit row each)."""
    report = ImportReport(file="sourced facts (built in)", kind="known_support", sha256=facts_sha256())
    if previous_run(session, report.sha256, "known_support"):
        report.already_imported = True
        return report
    run = record_run(session, report)
    for record_type, source, rows in FACTS:
        applied = apply(
            session,
            record_type,
            rows_from_dicts([{**row, "source": source} for row in rows]),
            who=WHO,
            run=run,
            file="sourced facts",
        )
        report.rows_read += len(rows)
        report.inserted += applied.created
        report.updated += applied.updated
        report.unchanged += applied.unchanged
        report.details[record_type.replace("-", "_")] = len(rows)
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    return report
