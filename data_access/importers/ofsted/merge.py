"""Matches records with the inspections already stored and merges them in, so each is stored once."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data_access.importers.common import ImportReport
from data_access.importers.ofsted.layouts import given_fields, layout_for_sheet
from data_access.importers.ofsted.reader import edition_date
from data_access.importers.ofsted.records import LOWEST, VISITS, Rank, Record
from data_access.models import ImportRun, Inspection, InspectionSource, InspectionType, Judgement

# A report is published weeks after the inspection (at most 225 days in 2018-2025), while an LA's
# graded inspections of one framework are months or years apart (CPI to its re-inspection: 186
# days; ILACS: 868 days at least). So a sheet giving only the inspection date and one giving only
# the publication date describe the same inspection when the two fall within this window...
PUBLICATION_WINDOW = timedelta(days=365)
# ...and editions that disagree on a date by up to this much still describe the same inspection
# (the 2025 edition moved Nottingham's 2022 publication date by 61 days, and two dates by a day).
DATE_TOLERANCE = timedelta(days=90)
# Two visits of one type to one LA are months apart; editions may differ by a day or two.
VISIT_DATE_TOLERANCE = timedelta(days=3)
# The values besides grades that a later source may fill in, or correct when it ranks higher.
_FIELDS = ("inspection_type", "inspection_date", "published_date", "theme")


@dataclass
class _Held:
    """A stored inspection with, per field, the rank of the best source that gave it."""

    inspection: Inspection
    ranks: dict[str, Rank] = field(default_factory=dict)
    new: bool = False  # inserted by this import
    matched: bool = False  # reported by this import
    changed: bool = False
    source_keys: set[tuple[str, int, str | None]] = field(default_factory=set)

    def rank_from(self, record: Record) -> None:
        for name in record.given:
            self.ranks[name] = max(self.ranks.get(name, LOWEST), record.rank)


def _slot(area: str) -> str:
    """Judgement areas that are one judgement under two names share a slot."""
    return "children_in_care" if area == "children_in_care_and_care_leavers" else area


def _match_score(inspection: Inspection, record: Record) -> float:
    """How well a stored inspection fits a record: 0 for not at all, more for closer dates."""
    if record.is_visit:
        gap = abs(inspection.inspection_date - record.inspection_date)
        return 0 if gap > VISIT_DATE_TOLERANCE else 1 / (1 + gap.days)
    pairs = [
        (a, b)
        for a, b in (
            (inspection.published_date, record.published_date),
            (inspection.inspection_date, record.inspection_date),
        )
        if a is not None and b is not None
    ]
    if pairs:
        gaps = [abs(a - b) for a, b in pairs]
        if max(gaps) > DATE_TOLERANCE:
            return 0
        return len(pairs) / (1 + sum(g.days for g in gaps))
    # One side knows only the inspection date, the other only the publication date.
    inspected = inspection.inspection_date or record.inspection_date
    published = inspection.published_date or record.published_date
    if inspected <= published <= inspected + PUBLICATION_WINDOW:
        return 0.001
    return 0


class Store:
    """Matches records with stored inspections and inserts or fills them in."""

    def __init__(self, session: Session, run: ImportRun, sha256: str):
        self.session, self.run, self.sha256 = session, run, sha256
        # Candidates by (LA, framework, graded or the visit type).
        self.held: dict[tuple[int, str, str], list[_Held]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self._load()

    def _load(self) -> None:
        runs = {r.id: (r.edition, r.sha256) for r in self.session.scalars(select(ImportRun))}
        stored = self.session.scalars(
            select(Inspection)
            .where(Inspection.official.is_(True), Inspection.is_demo.is_(False))
            .options(selectinload(Inspection.judgements), selectinload(Inspection.sources))
        )
        for inspection in stored:
            held = _Held(inspection)
            for source in inspection.sources:
                edition, sha = runs.get(source.import_run_id, ("", None))
                held.source_keys.add((source.sheet, source.row_number, sha))
                if (layout := layout_for_sheet(source.sheet)) is not None:
                    rank = (edition_date(edition), layout.detail)
                    for name in given_fields(layout):
                        held.ranks[name] = max(held.ranks.get(name, LOWEST), rank)
            key = _key(inspection.la_id, inspection.framework_code, inspection.inspection_type)
            self.held[key].append(held)

    def find(self, record: Record) -> _Held | None:
        best, best_score = None, 0.0
        for held in self.held[_key(record.la.id, record.framework, record.inspection_type)]:
            score = _match_score(held.inspection, record)
            if score > best_score:
                best, best_score = held, score
        return best

    def add(self, record: Record) -> None:
        self.counts["records"] += 1
        held = self.find(record)
        if held is None:
            held = self._insert(record)
        else:
            if held.new:
                self.counts["reported_twice"] += 1
            held.matched = True
            self._merge(held, record)
        held.rank_from(record)
        self._add_source(held, record)

    def _insert(self, record: Record) -> _Held:
        inspection = Inspection(
            la_id=record.la.id,
            framework_code=record.framework,
            # A placeholder when the sheet does not say; a later source with the type replaces it.
            inspection_type=record.inspection_type or InspectionType.STANDARD,
            inspection_date=record.inspection_date,
            published_date=record.published_date,
            theme=record.theme,
            official=True,
            is_demo=False,
            import_run_id=self.run.id,
        )
        inspection.judgements = [Judgement(area=a, grade=g) for a, g in record.grades.items()]
        self.session.add(inspection)
        held = _Held(inspection, new=True, matched=True)
        self.counts["judgements"] += len(record.grades)
        self.held[_key(record.la.id, record.framework, record.inspection_type)].append(held)
        return held

    def _merge(self, held: _Held, record: Record) -> None:
        inspection = held.inspection
        for name in _FIELDS:
            new, old = getattr(record, name), getattr(inspection, name)
            if new is None or new == old:
                continue
            if old is None or (name == "inspection_type" and name not in held.ranks):
                setattr(inspection, name, new)  # fill in what was missing (or a placeholder type)
                held.changed = True
                continue
            self.counts["type_conflicts" if name == "inspection_type" else "date_conflicts"] += 1
            if name in record.given and record.rank > held.ranks.get(name, LOWEST):
                setattr(inspection, name, new)
                held.changed = True
        stored = {_slot(j.area): j for j in inspection.judgements}
        wins = "grades" in record.given and record.rank > held.ranks.get("grades", LOWEST)
        for area, grade in record.grades.items():
            judgement = stored.get(_slot(area))
            if judgement is None:
                inspection.judgements.append(Judgement(area=area, grade=grade))
                self.counts["judgements"] += 1
                held.changed = True
            elif (judgement.area, judgement.grade) != (area, grade):
                if judgement.grade != grade:
                    self.counts["grade_conflicts"] += 1
                if wins:
                    judgement.area, judgement.grade = area, grade
                    self.counts["judgements_updated"] += 1
                    held.changed = True

    def _add_source(self, held: _Held, record: Record) -> None:
        key = (record.source_sheet, record.row_number, self.sha256)
        if key in held.source_keys or (record.source_sheet, record.row_number, None) in held.source_keys:
            return  # this file (or a run since deleted) already recorded this row
        held.source_keys.add(key)
        held.inspection.sources.append(
            InspectionSource(import_run_id=self.run.id, sheet=record.source_sheet, row_number=record.row_number)
        )
        self.counts["sources"] += 1

    def fill(self, report: ImportReport) -> None:
        """Counts per stored inspection: inserted, updated, or matched and unchanged."""
        every = [h for hs in self.held.values() for h in hs]
        report.inserted = sum(h.new for h in every)
        report.updated = sum(1 for h in every if h.matched and not h.new and h.changed)
        report.unchanged = sum(1 for h in every if h.matched and not h.new and not h.changed)
        report.details = {
            k: self.counts[k]
            for k in (
                "records",
                "judgements",
                "judgements_updated",
                "sources",
                "reported_twice",
                "grade_conflicts",
                "date_conflicts",
                "type_conflicts",
            )
        }


def _key(la_id: int, framework: str, inspection_type: InspectionType | None) -> tuple[int, str, str]:
    kind = inspection_type.value if inspection_type in VISITS else "graded"
    return (la_id, framework, kind)
