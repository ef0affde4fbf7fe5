"""Matches records with the inspections already stored and merges them in, so each is stored once.

Where a record disagrees with the stored value of an inspection (a grade, a date or the type), the
disagreement is named, never only counted: a later Ofsted edition supersedes an earlier one (Ofsted
corrects its tables), within one edition the more detailed sheet wins, and two rows of one sheet
that disagree about one inspection are refused. Each disagreement becomes a `Conflict` (printed by
the import) and a `Correction` row (listed on the Methods page). A row repeated word for word in
one sheet is stored once, with one source row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data_access.grades import Grade
from data_access.importers.common import ImportReport, InputError
from data_access.importers.ofsted.layouts import given_fields, layout_for_sheet
from data_access.importers.ofsted.reader import edition_date
from data_access.importers.ofsted.records import LOWEST, VISITS, Rank, Record
from data_access.models import Correction, ImportRun, Inspection, InspectionSource, InspectionType, Judgement

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


@dataclass(frozen=True)
class Origin:
    """Where a stored value came from: a row of a sheet of a file of an edition."""

    file: str
    sheet: str
    row: int
    edition: str
    run_id: int | None  # the import run, or None when unknown

    def where(self) -> str:
        return f"file {self.file}, sheet {self.sheet}, row {self.row}"


@dataclass(frozen=True)
class Conflict:
    """A value a row gives that differs from the value stored for the same inspection."""

    origin: Origin  # the row giving the new value
    column: str
    field: str
    subject: str  # the inspection, e.g. "Barnet, ILACS inspection published 2024-07-23"
    old_value: str
    new_value: str
    old_origin: Origin | None
    applied: bool  # the new value replaced the old one
    reason: str

    def line(self) -> str:
        """One line: file, sheet, row, column, old value, new value, which won and why."""
        old_from = f" from {self.old_origin.where()}" if self.old_origin else ""
        winner = "new value applied" if self.applied else "stored value kept"
        return (
            f"conflict: {self.origin.where()}, column {self.column}: {self.subject}: "
            f"old {self.old_value!r}{old_from}, new {self.new_value!r}; {winner}: {self.reason}"
        )


@dataclass
class _Held:
    """A stored inspection with, per field, the rank of the best source that gave it and where it came from."""

    inspection: Inspection
    ranks: dict[str, Rank] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)  # field or "grade:<slot>" -> origin
    new: bool = False  # inserted by this import
    matched: bool = False  # reported by this import
    changed: bool = False
    source_keys: set[tuple[str, int, str | None]] = field(default_factory=set)
    # (sheet, field) -> (row, value) as first given by a row of this import's file.
    said: dict[tuple[str, str], tuple[int, object]] = field(default_factory=dict)

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
        self.conflicts: list[Conflict] = []
        self.repeats: list[str] = []  # rows repeating an earlier row of their sheet, named
        # Provisional inspections (from the scraped report list) an official record may supersede.
        self.provisional: dict[tuple[int, str, str], list[Inspection]] = defaultdict(list)
        self.superseded: list[str] = []  # one line per provisional inspection made official
        self._seen: dict[tuple, int] = {}  # (sheet, what a record says) -> the first row saying it
        self._recorded = {
            (c.inspection_id, c.field, c.sheet, c.row_number, c.old_value, c.new_value)
            for c in session.scalars(select(Correction))
        }
        self._load()

    def _load(self) -> None:
        runs = {r.id: r for r in self.session.scalars(select(ImportRun))}
        provisional = self.session.scalars(
            select(Inspection)
            .where(Inspection.official.is_(False), Inspection.is_demo.is_(False))
            .options(selectinload(Inspection.judgements), selectinload(Inspection.sources))
        )
        for inspection in provisional:
            self.provisional[_key(inspection.la_id, inspection.framework_code, inspection.inspection_type)].append(
                inspection
            )
        stored = self.session.scalars(
            select(Inspection)
            .where(Inspection.official.is_(True), Inspection.is_demo.is_(False))
            .options(selectinload(Inspection.judgements), selectinload(Inspection.sources))
        )
        for inspection in stored:
            held = _Held(inspection)
            for source in sorted(inspection.sources, key=lambda s: (s.import_run_id, s.sheet, s.row_number)):
                run = runs.get(source.import_run_id)
                edition, sha = (run.edition, run.sha256) if run else ("", None)
                held.source_keys.add((source.sheet, source.row_number, sha))
                origin = Origin(
                    run.file_name if run else "(deleted import)",
                    source.sheet,
                    source.row_number,
                    edition,
                    source.import_run_id,
                )
                layout = layout_for_sheet(source.sheet)
                rank = (edition_date(edition), layout.detail) if layout is not None else LOWEST
                given = given_fields(layout) if layout is not None else frozenset()
                for name in (*_FIELDS, "grades"):
                    # The stored value came from the best-ranked source giving it (else the first).
                    if name in given and rank >= held.ranks.get(name, LOWEST):
                        held.ranks[name] = rank
                        held.origins[name] = origin
                    else:
                        held.origins.setdefault(name, origin)
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
        said = (record.source_sheet, _content(record))
        first_row = self._seen.setdefault(said, record.row_number)
        if first_row != record.row_number:
            # The same facts in another row of the same sheet: stored once, with one source row.
            self.counts["repeated_rows"] += 1
            self.repeats.append(
                f"repeated row: file {self.run.file_name}, sheet {record.source_sheet}, row {record.row_number} "
                f"repeats row {first_row} ({_subject(record.la.name, record)}): stored once"
            )
            return
        held = self.find(record)
        if held is None:
            held = self._supersede(record)
        if held is None:
            held = self._insert(record)
        else:
            if held.new:
                self.counts["reported_twice"] += 1
            held.matched = True
            self._refuse_disagreeing_rows(held, record)
            self._merge(held, record)
        for name, value in _said(record).items():
            held.said.setdefault((record.source_sheet, name), (record.row_number, value))
        held.rank_from(record)
        self._add_source(held, record)

    def _refuse_disagreeing_rows(self, held: _Held, record: Record) -> None:
        """Rows of this file that disagree about one inspection: InputError naming both rows.

        Any two rows of one sheet; rows of two sheets when they give different grades. Sheets of one
        file may differ on a date by a day (the 2023 edition's two sheets do, for Cumbria): such a
        difference is named as a conflict and the more detailed sheet's date is used.
        """
        for name, value in _said(record).items():
            same_sheet_first = sorted(held.said.items(), key=lambda item: item[0][0] != record.source_sheet)
            for (sheet, said_name), (row, earlier) in same_sheet_first:
                if said_name != name or earlier == value or (sheet, row) == (record.source_sheet, record.row_number):
                    continue
                if sheet != record.source_sheet and name in _FIELDS:
                    continue
                where = (
                    f"rows {row} and {record.row_number}"
                    if sheet == record.source_sheet
                    else (f"sheet {sheet} row {row} and sheet {record.source_sheet} row {record.row_number}")
                )
                raise InputError(
                    f"{where} give different values for one inspection "
                    f"({_subject(record.la.name, record)}): "
                    f"{_text(earlier, record.framework)!r} and {_text(value, record.framework)!r}",
                    file=self.run.file_name,
                    sheet=record.source_sheet,
                    row=record.row_number,
                    column=record.columns.get(name) or name,
                )

    def _origin(self, record: Record) -> Origin:
        return Origin(self.run.file_name, record.source_sheet, record.row_number, self.run.edition, self.run.id)

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
        origin = self._origin(record)
        held.origins = {name: origin for name in (*_FIELDS, "grades")}
        self.counts["judgements"] += len(record.grades)
        self.held[_key(record.la.id, record.framework, record.inspection_type)].append(held)
        return held

    def _supersede(self, record: Record) -> _Held | None:
        """An official record of an inspection stored as provisional: that row becomes official.

        Updated in place (one row, its report link kept) with the official values; each value that
        differed and the change itself are kept as Correction rows and named in the import's notes.
        """
        candidates = self.provisional[_key(record.la.id, record.framework, record.inspection_type)]
        scored = [(score, inspection) for inspection in candidates if (score := _match_score(inspection, record)) > 0]
        if not scored:
            return None
        inspection = max(scored, key=lambda pair: pair[0])[1]
        candidates.remove(inspection)
        held = _Held(inspection, matched=True, changed=True)
        origin = self._origin(record)
        held.origins = {name: origin for name in (*_FIELDS, "grades")}
        subject = _subject(record.la.name, record)
        reason = "an official Ofsted file supersedes the provisional record from the scraped report list"
        changes: list[tuple[str, str, str]] = [("official", "provisional", "official")]
        for name in _FIELDS:
            new, old = getattr(record, name), getattr(inspection, name)
            if new is not None and new != old:
                changes.append((name, _text(old), _text(new)))
                setattr(inspection, name, new)
        stored = {_slot(j.area): j for j in inspection.judgements}
        for area, grade in record.grades.items():
            judgement = stored.pop(_slot(area), None)
            if judgement is None:
                inspection.judgements.append(Judgement(area=area, grade=grade))
                changes.append((area, "no judgement", _text(grade, record.framework)))
            elif (judgement.area, judgement.grade) != (area, grade):
                changes.append((area, _text(judgement.grade, record.framework), _text(grade, record.framework)))
                judgement.area, judgement.grade = area, grade
        for judgement in stored.values():  # a grade the official record does not give
            changes.append((judgement.area, _text(judgement.grade, record.framework), "no judgement"))
            inspection.judgements.remove(judgement)
        inspection.official, inspection.import_run_id = True, self.run.id
        for field_name, old, new in changes:
            self.session.add(
                Correction(
                    import_run_id=self.run.id,
                    inspection=inspection,
                    sheet=origin.sheet,
                    row_number=origin.row,
                    column=(record.columns.get(field_name) or field_name)[:255],
                    field=field_name,
                    old_value=old[:64],
                    new_value=new[:64],
                    applied=True,
                    old_source="provisional (scraped report list)",
                    reason=reason,
                )
            )
        differences = "; ".join(f"{f} {o!r} -> {n!r}" for f, o, n in changes[1:]) or "no value changed"
        self.superseded.append(
            f"provisional superseded: {origin.where()}: {subject}: the provisional record is now official "
            f"({differences})"
        )
        self.counts["superseded_provisional"] += 1
        self.held[_key(record.la.id, record.framework, record.inspection_type)].append(held)
        return held

    def _merge(self, held: _Held, record: Record) -> None:
        inspection = held.inspection
        origin = self._origin(record)
        for name in _FIELDS:
            new, old = getattr(record, name), getattr(inspection, name)
            if new is None or new == old:
                continue
            if old is None or (name == "inspection_type" and name not in held.ranks):
                setattr(inspection, name, new)  # fill in what was missing (or a placeholder type)
                held.origins[name] = origin
                held.changed = True
                continue
            self.counts["type_conflicts" if name == "inspection_type" else "date_conflicts"] += 1
            wins = self._conflict(held, record, name, name, old, new)
            if wins:
                setattr(inspection, name, new)
                held.origins[name] = origin
                held.changed = True
        stored = {_slot(j.area): j for j in inspection.judgements}
        for area, grade in record.grades.items():
            slot = _slot(area)
            judgement = stored.get(slot)
            if judgement is None:
                inspection.judgements.append(Judgement(area=area, grade=grade))
                held.origins[f"grade:{slot}"] = origin
                self.counts["judgements"] += 1
                held.changed = True
            elif (judgement.area, judgement.grade) != (area, grade):
                if judgement.grade == grade:
                    wins = "grades" in record.given and record.rank > held.ranks.get("grades", LOWEST)
                else:
                    self.counts["grade_conflicts"] += 1
                    wins = self._conflict(held, record, "grades", slot, judgement.grade, grade, area=area)
                if wins:
                    judgement.area, judgement.grade = area, grade
                    held.origins[f"grade:{slot}"] = origin
                    self.counts["judgements_updated"] += 1
                    held.changed = True

    def _conflict(self, held: _Held, record: Record, rank_key: str, name: str, old, new, area: str = "") -> bool:
        """Name a disagreement and decide it: True when the record's value replaces the stored one."""
        origin = self._origin(record)
        old_origin = held.origins.get(f"grade:{name}") if rank_key == "grades" else None
        old_origin = old_origin or held.origins.get(rank_key)
        column = record.columns.get(name) or record.columns.get(area) or name
        stored_rank = held.ranks.get(rank_key, LOWEST)
        applied, reason = _decide(record, rank_key, stored_rank, self.run.edition, old_origin)
        conflict = Conflict(
            origin,
            column,
            area or name,
            _subject(record.la.name, record),
            _text(old, record.framework),
            _text(new, record.framework),
            old_origin,
            applied,
            reason,
        )
        self.conflicts.append(conflict)
        key = (held.inspection.id, conflict.field, origin.sheet, origin.row, conflict.old_value, conflict.new_value)
        if key in self._recorded:
            return applied  # the same file, imported again with its run record gone: recorded already
        self._recorded.add(key)
        self.session.add(
            Correction(
                import_run_id=self.run.id,
                inspection=held.inspection,
                sheet=origin.sheet,
                row_number=origin.row,
                column=column[:255],
                field=conflict.field,
                old_value=conflict.old_value[:64],
                new_value=conflict.new_value[:64],
                applied=applied,
                old_source=old_origin.where() if old_origin else "",
                reason=reason,
            )
        )
        return applied

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
                "repeated_rows",
                "judgements",
                "judgements_updated",
                "sources",
                "reported_twice",
                "grade_conflicts",
                "date_conflicts",
                "type_conflicts",
                "superseded_provisional",
            )
        }


def _key(la_id: int, framework: str, inspection_type: InspectionType | None) -> tuple[int, str, str]:
    kind = inspection_type.value if inspection_type in VISITS else "graded"
    return (la_id, framework, kind)


def _decide(record: Record, rank_key: str, stored: Rank, edition: str, old_origin: Origin | None) -> tuple[bool, str]:
    """Whether a record's value replaces the stored one, and why, in words."""
    new_edition, new_detail = record.rank
    old_edition, old_detail = stored
    old_name = (old_origin.edition if old_origin else "") or "the stored source"
    new_name = edition or "this file"
    if rank_key not in record.given:
        return False, (
            f"sheet {record.source_sheet} does not always give this column, so it does not overrule "
            f"what is stored ({old_name})"
        )
    if new_edition > old_edition:
        return True, f"a later edition ({new_name}) supersedes an earlier one ({old_name})"
    if new_edition < old_edition:
        return False, f"an earlier edition ({new_name}) does not overrule a later one ({old_name})"
    if new_detail > old_detail:
        return True, f"same edition ({old_name}): sheet {record.source_sheet} is the more detailed one"
    if new_detail < old_detail:
        return False, f"same edition ({old_name}): the stored value comes from a more detailed sheet"
    return False, f"same edition and sheet detail ({old_name}): the value stored first is kept"


def _said(record: Record) -> dict[str, object]:
    """The values a record gives, by field (judgements by slot, keyed as the record's columns are)."""
    values: dict[str, object] = {name: getattr(record, name) for name in _FIELDS if getattr(record, name) is not None}
    for area, grade in record.grades.items():
        values[_slot(area)] = grade
    return values


def _content(record: Record) -> tuple:
    """What a record says, so a row repeating another word for word is told apart."""
    return (
        record.la.id,
        record.framework,
        record.inspection_type,
        record.inspection_date,
        record.published_date,
        record.theme,
        frozenset(record.grades.items()),
    )


def _subject(la_name: str, record: Record) -> str:
    """The inspection a record describes, in words: 'Barnet, ILACS short, published 2024-07-23'."""
    kind = record.inspection_type.label.lower() if record.inspection_type else "inspection"
    when = f"published {record.published_date}" if record.published_date else f"inspected {record.inspection_date}"
    return f"{la_name}, {record.framework} {kind}, {when}"


def _text(value: object, framework: str | None = None) -> str:
    """A value as a person reads it: a grade in its framework's wording ("Adequate" before 2013)."""
    if isinstance(value, Grade):
        return value.label(framework)
    if isinstance(value, InspectionType):
        return value.label
    return str(value)
