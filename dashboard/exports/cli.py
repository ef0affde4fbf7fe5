"""Command line for exports: `python -m dashboard.exports briefing --region NAME|England
--from DATE --to DATE --format pdf,pptx[,xlsx] --out DIR`.

A request that cannot be met (unknown region, dates the wrong way round, no data in the period,
a store not ready) is one line on stderr and exit status 1, with nothing written to --out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.exports.briefing import FORMATS, SECTIONS, BriefingError, default_period, validate


def _list(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m dashboard.exports", description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    pack = commands.add_parser("briefing", help="the CYP Board briefing pack (PDF, PowerPoint, workbook)")
    pack.add_argument("--region", required=True, help="a region's name (e.g. 'North West') or England")
    pack.add_argument(
        "--from",
        dest="date_from",
        help="first publication date (01/04/2025 or 2025-04-01); default: 1 April of the data's financial year",
    )
    pack.add_argument("--to", dest="date_to", help="last publication date; default: the data's date")
    pack.add_argument(
        "--format",
        dest="formats",
        default="pdf,pptx",
        type=_list,
        help=f"comma-separated, of: {', '.join(FORMATS)} (default pdf,pptx)",
    )
    pack.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        type=_list,
        help=f"comma-separated, of: {', '.join(SECTIONS)} (default: all)",
    )
    pack.add_argument("--out", required=True, type=Path, help="folder to write the files into")
    return main


def briefing(args: argparse.Namespace) -> int:
    from dashboard.context import set_store_url
    from dashboard.exports.render import build_files
    from data_access.db import database_url
    from data_access.store import check_ready

    url = database_url()
    check_ready(url)
    set_store_url(url)
    start, end = default_period()
    request = validate(args.region, args.date_from or start, args.date_to or end, args.sections, args.formats)
    for path in build_files(request, args.out):
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from data_access.store import StoreNotReady

    args = parser().parse_args(argv)
    try:
        return briefing(args)
    except (BriefingError, StoreNotReady) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # an image or PDF failure: one line, not a traceback
        print(f"error: the pack could not be built: {error}", file=sys.stderr)
        return 1
