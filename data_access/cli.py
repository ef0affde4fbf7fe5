"""Command line: migrate, import, demo, status, metrics, prepare. Errors are one line, exit 1.

Every command works on DATABASE_URL (named explicitly, not as "the current store", which an app
created in the same process may have pointed elsewhere).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from data_access import queries
from data_access.db import database_url, session_scope
from data_access.importers.common import ImportReport, InputError
from data_access.reference.regions import BASES, DEFAULT_BASIS, REGION_BY_CODE, REGIONS, region_for, regions_on


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _region(text: str) -> str:
    region = region_for(text)
    if region is None:
        names = "; ".join(r.name for r in REGIONS)
        raise argparse.ArgumentTypeError(f"unknown region {text!r}; choose from: {names}")
    return region.code


REGIONS_HELP = (
    "nine: the nine English regions (RIAs; default); ofsted: Ofsted's eight, with the North East and "
    "Yorkshire and the Humber as one (--region then names an Ofsted region)"
)


PROVISIONAL_HELP = "leave out provisional judgements (from the scraped report list); they count by default"


class RegionNotOnBasis(ValueError):
    """--region names a region that is not one of the --regions basis' (e.g. North East on Ofsted's)."""


def region_on_basis(code: str | None, basis: str) -> str | None:
    """`--region`'s code checked against `--regions`: a metric is counted on one basis only."""
    if not code:
        return None
    allowed = regions_on(basis)
    if code not in {r.code for r in allowed}:
        names = "; ".join(r.name for r in allowed)
        raise RegionNotOnBasis(f"{REGION_BY_CODE[code].name} is not one of {BASES[basis]}; choose from: {names}")
    return code


def _run_import(importer: Callable, paths: list[Path], dry_run: bool) -> int:
    """Import every file in one transaction: all of them, or (on any error) none."""
    reports: list[ImportReport] = []
    try:
        with session_scope() as session:
            for path in paths:
                reports.append(importer(session, path))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except InputError as error:
        _print_refusal(error)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    prefix = "dry run, would import: " if dry_run else ""
    for report in reports:
        print(prefix + report.text())
    return 0


def cmd_migrate(args) -> int:
    from data_access.store import migrate

    migrate()
    print(f"Store at {_safe_url()} is up to date.")
    return 0


SUPPORT_SOURCES = ("peer-challenges", "interventions", "programme", "risk-signatures", "programme-totals")


def _who() -> str:
    """Who an audit entry names for a command-line change."""
    import getpass

    try:
        return f"command line ({getpass.getuser()})"
    except Exception:  # no user name in this environment
        return "command line"


def _print_refusal(error: InputError) -> None:
    from data_access.support_records import RecordsRefused

    if isinstance(error, RecordsRefused):
        for row_error in error.errors[:50]:
            print(f"error: {row_error.text(error.file)}", file=sys.stderr)
        if len(error.errors) > 50:
            print(f"error: ... and {len(error.errors) - 50} more", file=sys.stderr)
    else:
        print(f"error: {error}", file=sys.stderr)


def cmd_import(args) -> int:
    from functools import partial
    from importlib import import_module

    if args.source == "known-support":
        from data_access.importers.known_support import load_known_support

        return _run_import(lambda session, _path: load_known_support(session), [None], args.dry_run)
    if args.source == "statistical-neighbours":
        from data_access.importers.statistical_neighbours import import_statistical_neighbours

        if (args.applies_from or args.applies_to) and len(args.paths) > 1:
            print("error: --applies-from and --applies-to name one model: import one file with them", file=sys.stderr)
            return 1
        importer = partial(import_statistical_neighbours, applies_from=args.applies_from, applies_to=args.applies_to)
    elif args.source in SUPPORT_SOURCES:
        from data_access.support_records import import_file

        importer = partial(lambda session, path, kind: import_file(session, kind, path, who=_who()), kind=args.source)
    elif args.source == "provisional":
        from data_access.importers.provisional import import_provisional

        importer = partial(import_provisional, skip_bad_rows=args.skip_bad_rows)
    else:
        importer = import_module("data_access.importers.ofsted").import_ofsted
    missing = [p for p in args.paths if not p.is_file()]
    if missing:
        print(f"error: file {missing[0]}: not found", file=sys.stderr)
        return 1
    return _run_import(importer, args.paths, args.dry_run)


def cmd_template(args) -> int:
    from data_access.support_records import template_bytes

    args.out.write_bytes(template_bytes(args.record_type, args.format))
    print(f"Wrote the {args.record_type} template to {args.out}.")
    return 0


def cmd_demo(args) -> int:
    from data_access.importers.demo import DemoRefused, load_demo

    try:
        with session_scope() as session:
            report = load_demo(session)
    except DemoRefused as refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    print(report.summary())
    print("This is invented demo data: the app shows a 'Demo data' banner while it is loaded.")
    return 0


def cmd_status(args) -> int:
    status = queries.store_status(database_url())
    if args.json:
        print(json.dumps(status, indent=2, sort_keys=True))
        return 0
    for key in (
        "local_authorities",
        "inspections",
        "judgements",
        "peer_challenges",
        "interventions",
        "programme_participation",
        "risk_signature_assessments",
        "programme_totals",
        "statistical_neighbour_models",
        "provisional_inspections",
    ):
        print(f"{key.replace('_', ' ')}: {status[key]}")
    print(f"demo data: {'yes' if status['demo'] else 'no'}")
    for source in status["sources"]:
        print(f"source: {source['file']} ({source['edition'] or source['kind']}), sha256 {source['sha256'][:12]}")
    return 0


def cmd_metrics_leadership(args) -> int:
    from data_access.metrics import leadership

    changes = leadership.leadership_changes(
        queries.judgements(database_url(), include_provisional=not args.exclude_provisional),
        queries.reorganisations(database_url()),
        start=args.date_from,
        end=args.date_to,
        region_code=region_on_basis(args.region, args.regions),
        with_predecessors=args.with_predecessors,
    )
    result = leadership.summarise(changes)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"ILACS leadership judgements published {args.date_from} to {args.date_to}: {result['judgements']}")
    for key in ("improved", "maintained", "declined", "no_previous"):
        print(f"  {key.replace('_', ' ')}: {result[key]}")
    print(f"  % improved: {_pct(result['pct_improved'])}")
    print(f"  % maintained or improved: {_pct(result['pct_maintained_or_improved'])}")
    print("  (percentages are of judgements with a previous leadership grade)")
    return 0


def cmd_metrics_grades(args) -> int:
    from data_access.metrics import grades

    latest = grades.latest_grades_as_at(
        queries.judgements(database_url(), include_provisional=not args.exclude_provisional),
        queries.local_authorities(database_url()),
        queries.reorganisations(database_url()),
        as_at=args.as_at,
        headline=args.area,
        region_code=region_on_basis(args.region, args.regions),
    )
    result = grades.grade_counts(latest)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Latest {args.area.replace('_', ' ')} grade as at {args.as_at}:")
    for key, value in result.items():
        print(f"  {key.replace('_', ' ')}: {value}")
    return 0


def cmd_prepare(args) -> int:
    from data_access.prepare import prepare

    return prepare(offline=args.offline)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(database_url()).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="create or upgrade the store, then load reference facts").set_defaults(
        func=cmd_migrate
    )

    imp = sub.add_parser("import", help="import source files (one transaction: all or nothing)")
    imp_sub = imp.add_subparsers(dest="source", required=True)
    for source, helptext, many in (
        ("ofsted", "Ofsted published ODS/XLSX/CSV files", True),
        ("provisional", "the scraped list of Ofsted's published ILACS reports (CSV), stored as provisional", False),
        ("peer-challenges", "peer challenges and diagnostics CSV/XLSX/ODS", False),
        ("interventions", "DfE interventions CSV/XLSX/ODS", False),
        ("programme", "leadership programme participation CSV/XLSX/ODS", False),
        ("risk-signatures", "risk signature self-assessments CSV/XLSX/ODS (confidential)", False),
        ("programme-totals", "totals a programme reported without per-LA detail, CSV/XLSX/ODS", False),
        ("known-support", "the sourced public facts written in data_access/importers/known_support.py", None),
        ("statistical-neighbours", "DfE children's services statistical neighbour workbooks (XLSX/ODS)", True),
    ):
        p = imp_sub.add_parser(source, help=helptext)
        if many is not None:
            p.add_argument("paths", nargs="+" if many else 1, type=Path, metavar="PATH")
        if source == "statistical-neighbours":
            p.add_argument(
                "--applies-from", type=_date, help="first day the model applies (default: the month in the file name)"
            )
            p.add_argument(
                "--applies-to", type=_date, help="last day it applies (default: the day before the next model starts)"
            )
        p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
        if source == "provisional":
            p.add_argument(
                "--skip-bad-rows", action="store_true", help="report and skip bad rows instead of refusing the file"
            )
        p.set_defaults(func=cmd_import)

    template = sub.add_parser("template", help="write a CSV or XLSX template for one support record type")
    template.add_argument("record_type", choices=SUPPORT_SOURCES, metavar="TYPE", help=", ".join(SUPPORT_SOURCES))
    template.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    template.add_argument("--out", type=Path, required=True, metavar="PATH")
    template.set_defaults(func=cmd_template)

    sub.add_parser("demo", help="load the deterministic demo dataset (flagged as demo)").set_defaults(func=cmd_demo)

    status = sub.add_parser("status", help="what the store holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    metrics = sub.add_parser("metrics", help="headline figures, the same code as the dashboard")
    metrics_sub = metrics.add_subparsers(dest="metric", required=True)
    lead = metrics_sub.add_parser("leadership", help="ILACS leadership grade change on previous inspection")
    lead.add_argument("--from", dest="date_from", type=_date, required=True)
    lead.add_argument("--to", dest="date_to", type=_date, required=True)
    lead.add_argument("--region", type=_region)
    lead.add_argument("--regions", choices=list(BASES), default=DEFAULT_BASIS, help=REGIONS_HELP)
    lead.add_argument(
        "--with-predecessors", action="store_true", help="compare new authorities with their predecessors' last grade"
    )
    lead.add_argument("--exclude-provisional", action="store_true", help=PROVISIONAL_HELP)
    lead.add_argument("--json", action="store_true")
    lead.set_defaults(func=cmd_metrics_leadership)
    grades = metrics_sub.add_parser("grades", help="each LA's latest grade as at a date (Ofsted convention)")
    grades.add_argument("--as-at", dest="as_at", type=_date, required=True)
    grades.add_argument(
        "--area",
        default="overall",
        choices=["overall", "leadership", "help_and_protection", "children_in_care", "care_leavers"],
    )
    grades.add_argument("--region", type=_region)
    grades.add_argument("--regions", choices=list(BASES), default=DEFAULT_BASIS, help=REGIONS_HELP)
    grades.add_argument("--exclude-provisional", action="store_true", help=PROVISIONAL_HELP)
    grades.add_argument("--json", action="store_true")
    grades.set_defaults(func=cmd_metrics_grades)

    prep = sub.add_parser("prepare", help="migrate, then load real files (RIA_DATA_DIR or download) or demo data")
    prep.add_argument("--offline", action="store_true", help="do not try to download")
    prep.set_defaults(func=cmd_prepare)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "paths", None) and getattr(args, "source", None) not in ("ofsted", "statistical-neighbours"):
        args.paths = list(args.paths)
    if getattr(args, "date_from", None) and args.date_to < args.date_from:
        print("error: --to is before --from", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except RegionNotOnBasis as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        from data_access.db import store_unavailable

        if not store_unavailable(error):
            raise
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        print(f"error: the store {_safe_url()} cannot be read ({reason})", file=sys.stderr)
        print("Create or upgrade it with `python -m data_access prepare` (or `migrate`).", file=sys.stderr)
        return 1
