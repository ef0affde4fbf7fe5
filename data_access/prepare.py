"""What `make run` does before serving: migrate, then load the best data there is.

Real Ofsted files in RIA_DATA_DIR/ofsted come first; failing that, the official files are
downloaded (short timeout) into that folder; failing that (offline), demo data is loaded and
said to be demo. The ONS boundary file is fetched the same way; without it the app shows the
hex map only. Statistical neighbour workbooks in RIA_DATA_DIR/comparators are imported after
that (reference data, so they may sit beside demo data).
"""

from __future__ import annotations

import shutil
import sys
import urllib.request
from pathlib import Path

from sqlalchemy import delete, select

from data_access import models as m
from data_access.db import session_scope
from data_access.importers.common import InputError
from data_access.settings import download_sources, load_settings
from data_access.store import migrate

# Workbooks only: single-sheet CSVs are imported by hand (`import ofsted`), so a stray CSV in the
# folder (a scraped list, say) cannot stop the start-up import.
SPREADSHEET_SUFFIXES = {".ods", ".xlsx"}


def find_ofsted_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SPREADSHEET_SUFFIXES and p.is_file())


def download(url: str, target: Path, timeout: float) -> bool:
    """Fetch one file; False (with a one-line reason) when offline or refused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        print(f"  could not download {target.name}: {getattr(error, 'reason', error)}")
        return False
    partial.replace(target)
    return True


def clear_demo(session) -> int:
    """Remove every demo row, so real data is never shown beside invented data."""
    removed = 0
    for model in (m.Intervention, m.PeerChallenge, m.ProgrammeParticipation, m.RiskSignatureAssessment):
        removed += session.execute(delete(model).where(model.is_demo.is_(True))).rowcount
    demo_inspections = select(m.Inspection.id).where(m.Inspection.is_demo.is_(True))
    session.execute(delete(m.Judgement).where(m.Judgement.inspection_id.in_(demo_inspections)))
    session.execute(delete(m.InspectionSource).where(m.InspectionSource.inspection_id.in_(demo_inspections)))
    removed += session.execute(delete(m.Inspection).where(m.Inspection.is_demo.is_(True))).rowcount
    session.execute(delete(m.ImportRun).where(m.ImportRun.is_demo.is_(True)))
    return removed


def find_neighbour_files(folder: Path) -> list[Path]:
    """DfE statistical neighbour workbooks in RIA_DATA_DIR/comparators."""
    return find_ofsted_files(folder)


def prepare_neighbours(folder: Path) -> None:
    """Import the statistical neighbour workbooks found (each file once: a repeat is skipped by
    its sha256), in their own transaction: a bad workbook never stops the judgements loading."""
    from data_access.importers.statistical_neighbours import import_statistical_neighbours

    files = find_neighbour_files(folder)
    if not files:
        return
    try:
        with session_scope() as session:
            for path in files:
                print(import_statistical_neighbours(session, path).text())
    except InputError as error:
        print(f"error: {error}\nNo statistical neighbours were imported from {folder}.", file=sys.stderr)


def prepare(offline: bool = False) -> int:
    """Load the judgements (or demo data), then any statistical neighbour workbooks."""
    status = _prepare_judgements(offline)
    prepare_neighbours(load_settings().data_dir / "comparators")
    return status


def _prepare_judgements(offline: bool) -> int:
    from data_access.importers.demo import load_demo
    from data_access.importers.ofsted import KIND as OFSTED_KIND
    from data_access.importers.ofsted import import_ofsted
    from data_access.importers.statistical_neighbours import KIND as NEIGHBOURS_KIND

    settings = load_settings()
    migrate()
    sources = download_sources()
    timeout = float(sources.get("download_timeout_seconds", 8))
    files = find_ofsted_files(settings.ofsted_dir) or find_ofsted_files(settings.data_dir)
    if not files and not offline:
        print(f"No Ofsted files in {settings.ofsted_dir}; trying the official downloads...")
        for source in sources.get("ofsted", []):
            download(source["url"], settings.ofsted_dir / source["file"], timeout)
        files = find_ofsted_files(settings.ofsted_dir)
    geo = sources.get("geo")
    if geo and not offline and not any(settings.geo_dir.glob("*.geojson")):
        download(geo["url"], settings.geo_dir / geo["file"], timeout)

    if files:
        try:
            with session_scope() as session:
                removed = clear_demo(session)
                if removed:
                    print(f"Removed {removed} demo rows before loading real data.")
                for path in files:
                    print(import_ofsted(session, path).text())
            return 0
        except InputError as error:
            print(f"error: {error}\nNothing was imported from {settings.ofsted_dir}.", file=sys.stderr)
    with session_scope() as session:
        real = select(m.ImportRun.id).where(m.ImportRun.is_demo.is_(False), m.ImportRun.kind != NEIGHBOURS_KIND)
        real = real.limit(1)
        if session.scalar(real.where(m.ImportRun.kind == OFSTED_KIND)):
            print("Serving the real data already in the store.")
            return 0
        if session.scalar(real):  # real support records (say, known-support) but no judgements
            print(
                "The store holds real support records but no Ofsted judgements, and demo data is never "
                f"mixed with real records: put the Ofsted files in {settings.ofsted_dir} (or import them "
                "with `python -m data_access import ofsted PATH`) to see judgements."
            )
            return 0
        print("No real Ofsted data available (offline?): loading DEMO data. Every page will say so.")
        print(load_demo(session).summary())
    return 0
