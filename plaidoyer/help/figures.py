"""Published counts of testimonies, with small cells suppressed.

Only testimonies whose authors consented are counted. For each year the total is
published, and three tables split it: by field, by ground, by region. No table
crosses two of them and no total spans several years, so a table's cells are only
tied to each other through the year's total.

A cell of 1 to 4 shows "< 5"; zero is published (it names nobody). When what is published
would still pin a hidden cell down to one value (one hidden cell is the year's
total minus the others; two cells of 4 in a total of 8 are both 4), the smallest
published cells are hidden too ("complementary" suppression) until every hidden
cell could take at least two values. When no choice of cells can do that, the
year shows no table at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plaidoyer.places.models import Region

from .models import Field, Ground, Testimony

THRESHOLD = 5
SMALL = "small"
COMPLEMENTARY = "complementary"


def _bounds(status: str, total: int) -> tuple[int, int]:
    return (1, THRESHOLD - 1) if status == SMALL else (THRESHOLD, total)


def exposed(counts: list[int], statuses: list[str], total: int) -> bool:
    """Whether a hidden cell has one possible value, given the published cells,
    the total and what each marker says (< 5, or hidden while 5 or more)."""
    hidden = [i for i, s in enumerate(statuses) if s]
    if not hidden:
        return False
    rest = total - sum(c for c, s in zip(counts, statuses, strict=True) if not s)
    bounds = {i: _bounds(statuses[i], total) for i in hidden}
    for i in hidden:
        others_lo = sum(bounds[j][0] for j in hidden if j != i)
        others_hi = sum(bounds[j][1] for j in hidden if j != i)
        lo = max(bounds[i][0], rest - others_hi)
        hi = min(bounds[i][1], rest - others_lo)
        if lo >= hi:
            return True
    return False


def suppress(counts: list[int], total: int | None = None) -> list[str] | None:
    """Return each cell's marker ("" published, SMALL, COMPLEMENTARY), or None
    when the table cannot be published without revealing a small cell."""
    total = sum(counts) if total is None else total
    statuses = [SMALL if 0 < c < THRESHOLD else "" for c in counts]
    while exposed(counts, statuses, total):
        visible = [i for i, s in enumerate(statuses) if not s and counts[i]]
        if not visible:
            return None
        smallest = min(visible, key=lambda i: (counts[i], i))
        statuses[smallest] = COMPLEMENTARY
    return statuses


@dataclass
class Cell:
    key: str
    label: str
    count: int | None  # None when hidden
    suppressed: str = ""  # SMALL or COMPLEMENTARY

    @property
    def display(self) -> str:
        if self.suppressed == SMALL:
            return f"< {THRESHOLD}"
        if self.suppressed:
            return str(_("hidden"))
        return str(self.count)


@dataclass
class Table:
    dimension: str
    title: str
    cells: list[Cell]


@dataclass
class YearFigures:
    year: int
    total: Cell
    tables: list[Table] = field(default_factory=list)


DIMENSIONS = ("field", "ground", "region")


def _categories(dimension: str) -> list[tuple[str, str]]:
    if dimension == "field":
        return [(k, str(v)) for k, v in Field.choices]
    if dimension == "ground":
        return [(k, str(v)) for k, v in Ground.choices]
    return [(r.slug, r.name) for r in Region.objects.order_by("nis_code")]


def _titles() -> dict[str, str]:
    return {
        "field": str(_("By field")),
        "ground": str(_("By ground")),
        "region": str(_("By region")),
    }


def raw_counts() -> dict[int, dict[str, dict[str, int]]]:
    """{year: {dimension: {key: count}}} of the consented testimonies."""
    base = Testimony.objects.filter(consent_figures=True)
    result: dict[int, dict[str, dict[str, int]]] = {}
    for dimension, column in (
        ("field", "field"),
        ("ground", "ground"),
        ("region", "region__slug"),
    ):
        for row in base.values("year", column).annotate(n=Count("id")):
            result.setdefault(row["year"], {}).setdefault(dimension, {})[
                row[column]
            ] = row["n"]
    return result


def published() -> list[YearFigures]:
    """What the figures page, its CSV and the API publish, newest year first."""
    counts = raw_counts()
    categories = {d: _categories(d) for d in DIMENSIONS}
    titles = _titles()
    years = []
    for year in sorted(counts, reverse=True):
        by_dimension = counts[year]
        total = sum(by_dimension.get("field", {}).values())
        label = str(_("Total"))
        if total < THRESHOLD:
            years.append(YearFigures(year, Cell("total", label, None, SMALL)))
            continue
        tables = []
        for dimension in DIMENSIONS:
            keys = categories[dimension]
            values = [by_dimension.get(dimension, {}).get(k, 0) for k, _l in keys]
            statuses = suppress(values, total)
            if statuses is None:
                tables = None
                break
            tables.append(
                Table(
                    dimension,
                    titles[dimension],
                    [
                        Cell(k, lab, None if s else v, s)
                        for (k, lab), v, s in zip(keys, values, statuses, strict=True)
                    ],
                )
            )
        if tables is None:  # no safe table: the total is hidden, nothing split
            years.append(YearFigures(year, Cell("total", label, None, COMPLEMENTARY)))
        else:
            years.append(YearFigures(year, Cell("total", label, total), tables))
    return years


def csv_rows(years: list[YearFigures]):
    for year in years:
        yield [year.year, "total", "", year.total.display]
        for table in year.tables:
            for cell in table.cells:
                yield [year.year, table.dimension, cell.label, cell.display]
