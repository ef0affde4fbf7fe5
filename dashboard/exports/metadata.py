"""What every exported file says about itself: where its numbers came from and what they mean.

One record per export (a chart image, a data file, a briefing pack): the files the store was
loaded from (name, sha256, import time), the filters, the view's definitions and notes, when
it was generated, and whether the data is the demo dataset. Spreadsheets carry it as a sheet,
CSV as `# ` lines, images as a source line, packs as a sources page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dashboard.context import store_url
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult
from data_access import queries

DEMO_NOTICE = "Demo data: invented numbers for trying the dashboard, not Ofsted's"


@dataclass(frozen=True)
class SourceFile:
    kind: str
    file: str
    sha256: str
    edition: str
    imported_at: str  # ISO time of the import
    demo: bool


@dataclass(frozen=True)
class ExportMetadata:
    title: str
    filters: str  # the filters in words ("Region: North West; Framework: ILACS")
    query: str  # the same filters as a link's query string
    source: str
    definitions: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[SourceFile, ...]
    generated_at: str
    demo: bool
    extra: dict = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        """(field, value) pairs: the metadata sheet of a workbook, the `# ` lines of a CSV."""
        rows = [
            ("Title", self.title),
            ("Filters", self.filters),
            ("Link query", self.query),
            ("Source", self.source),
            ("Generated at", self.generated_at),
            ("Demo data", "yes: " + DEMO_NOTICE if self.demo else "no"),
        ]
        rows += [("Definition", d) for d in self.definitions]
        rows += [("Note", n) for n in self.notes]
        for s in self.sources:
            rows.append(("Source file", f"{s.file} ({s.kind}{', ' + s.edition if s.edition else ''})"))
            rows.append(("  sha256", s.sha256))
            rows.append(("  imported at", s.imported_at))
        return rows


def source_files(url: str | None = None) -> tuple[SourceFile, ...]:
    """The files the store holds, oldest import first."""
    runs = queries.import_runs(url or store_url())
    return tuple(
        SourceFile(
            kind=r.kind,
            file=r.file_name,
            sha256=r.sha256,
            edition=r.edition or "",
            imported_at=r.imported_at.isoformat(timespec="seconds") if r.imported_at is not None else "",
            demo=bool(r.is_demo),
        )
        for r in runs.itertuples()
    )


def export_metadata(
    view: View, filters: Filters, result: ViewResult, *, url: str | None = None, now: datetime | None = None
) -> ExportMetadata:
    """The metadata of one view's export for these filters."""
    sources = source_files(url)
    definitions = (view.description,) if view.description else ()
    return ExportMetadata(
        title=view.full_title(filters),
        filters=filters.describe(view.fields),
        query=filters.to_query(),
        source=result.source,
        definitions=definitions,
        notes=tuple(result.notes),
        sources=sources,
        generated_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        demo=any(s.demo for s in sources),
    )
