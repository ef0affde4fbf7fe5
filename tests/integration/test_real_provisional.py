"""The real scraped report list with Ofsted's 2025 file, either way round (skipped without the files)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from data_access.db import get_engine
from data_access.importers.ofsted import import_ofsted
from data_access.importers.provisional import TYPES, import_provisional
from data_access.models import Inspection, InspectionType, Judgement
from data_access.store import migrate
from tests.conftest import real_ofsted_dir

SCRAPE = "d2i_jt39_ofsted_csc_ilacs_history_scraped.csv"
OFFICIAL_2025 = "ofsted_la_inspection_outcomes_as_at_31_march_2025.ods"


def _files() -> tuple[Path, Path]:
    folder = real_ofsted_dir()
    if folder is None or not all((folder / name).is_file() for name in (SCRAPE, OFFICIAL_2025)):
        pytest.skip("real Ofsted files not found (RIA_DATA_DIR or ../shared/data/ofsted/raw)")
    return folder / SCRAPE, folder / OFFICIAL_2025


def _store(tmp_path: Path, name: str, paths: list[Path]) -> dict:
    url = f"sqlite:///{tmp_path / name}"
    migrate(url)
    with sessionmaker(bind=get_engine(url))() as session:
        for path in paths:
            if path.name == SCRAPE:
                import_provisional(session, path, skip_bad_rows=True)
            else:
                import_ofsted(session, path)
        session.commit()
        graded = (InspectionType.STANDARD, InspectionType.SHORT)
        newest_official = session.scalar(
            select(func.max(Inspection.published_date)).where(
                Inspection.official.is_(True), Inspection.inspection_type.in_(graded)
            )
        )
        rows = {
            (
                i.la_id,
                i.inspection_date,
                i.published_date,
                i.official,
                tuple(sorted((j.area, j.grade) for j in i.judgements)),
            )
            for i in session.scalars(select(Inspection))
        }
        return {
            "rows": rows,
            "inspections": session.scalar(select(func.count()).select_from(Inspection)),
            "judgements": session.scalar(select(func.count()).select_from(Judgement)),
            "provisional": session.scalar(
                select(func.count()).select_from(Inspection).where(Inspection.official.is_(False))
            ),
            "newest_official": newest_official,
        }


def test_provisional_rows_are_the_reports_newer_than_the_official_file_in_either_order(tmp_path):
    scrape, official = _files()
    first = _store(tmp_path, "a.db", [official, scrape])
    second = _store(tmp_path, "b.db", [scrape, official])

    # From the file itself: ILACS reports published after the newest graded inspection Ofsted's file holds.
    with open(scrape, newline="", encoding="utf-8-sig") as handle:
        newer = [
            row
            for row in csv.DictReader(handle)
            if row["inspection_framework"].strip().lower() in TYPES
            and datetime.strptime(row["publication_date"], "%d/%m/%y").date() > first["newest_official"]
        ]
    assert len(newer) > 0
    assert first["provisional"] == second["provisional"] == len(newer)
    # Superseding keeps one row per inspection: the same store whichever file came first.
    assert (first["inspections"], first["judgements"]) == (second["inspections"], second["judgements"])
    assert first["rows"] == second["rows"]
