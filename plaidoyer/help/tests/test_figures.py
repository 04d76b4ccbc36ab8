import itertools
import random

import pytest

from plaidoyer.help import figures
from plaidoyer.help.figures import COMPLEMENTARY, SMALL, suppress
from plaidoyer.help.models import Testimony
from plaidoyer.places.models import Region

pytestmark = pytest.mark.django_db


def possible_values(statuses, published, total):
    """Every assignment of the hidden cells that a reader could not rule out,
    knowing the published cells, the total and what each marker means."""
    hidden = [i for i, s in enumerate(statuses) if s]
    ranges = [
        range(1, figures.THRESHOLD)
        if statuses[i] == SMALL
        else range(figures.THRESHOLD, total + 1)
        for i in hidden
    ]
    rest = total - sum(published)
    return hidden, [combo for combo in itertools.product(*ranges) if sum(combo) == rest]


def assert_no_hidden_cell_recoverable(counts, total=None):
    total = sum(counts) if total is None else total
    statuses = suppress(counts, total)
    if statuses is None:
        return None
    published = [c for c, s in zip(counts, statuses, strict=True) if not s]
    assert all(c >= figures.THRESHOLD or c == 0 for c in published)
    hidden, combos = possible_values(statuses, published, total)
    assert tuple(counts[i] for i in hidden) in combos  # the truth is among them
    for position in range(len(hidden)):
        assert len({combo[position] for combo in combos}) >= 2, (counts, statuses)
    return statuses


def test_small_cells_are_hidden_and_one_more_so_the_total_gives_nothing_away():
    statuses = suppress([12, 3, 9])
    # 3 alone hidden would be 24 - 12 - 9: the smallest other cell goes too.
    assert statuses == ["", SMALL, COMPLEMENTARY]


def test_nothing_hidden_when_every_cell_reaches_the_threshold_or_is_zero():
    assert suppress([5, 7, 30]) == ["", "", ""]
    assert suppress([5, 0, 0]) == ["", "", ""]


def test_two_small_cells_that_the_total_would_pin_down_get_company():
    # 4 + 4 = 8 with both "< 5": each must be 4. A third cell is hidden.
    assert suppress([4, 4, 20]) == [SMALL, SMALL, COMPLEMENTARY]
    assert_no_hidden_cell_recoverable([4, 4, 20])


def test_a_table_that_cannot_be_protected_is_not_published():
    assert suppress([4, 4, 4]) is None  # three "< 5" summing to 12: all are 4


def test_no_published_table_ever_reveals_a_hidden_cell():
    rng = random.Random(19)
    for _ in range(400):
        size = rng.randint(2, 4)
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 15]) for _ in range(size)]
        assert_no_hidden_cell_recoverable(counts)


def _add(year, field, ground, region, n, consent=True):
    for _ in range(n):
        Testimony.objects.create(
            year=year,
            field=field,
            ground=ground,
            region=region,
            consent_figures=consent,
        )


def test_totals_by_region_and_by_field_never_give_away_a_small_cell():
    flanders, wallonia, brussels = Region.objects.order_by("nis_code")
    # 2026: 29 testimonies. By region: Flanders 20, Wallonia 3, Brussels 6. By
    # field: housing 12, work 8, health 6, education 3. Subtracting published
    # totals must not give Wallonia's 3 nor education's 3.
    _add(2026, "housing", "origin", flanders, 12)
    _add(2026, "work", "origin", flanders, 8)
    _add(2026, "education", "religion", wallonia, 3)
    _add(2026, "health", "origin", brussels, 6)
    _add(2026, "police", "origin", brussels, 9, consent=False)  # not counted
    (year,) = figures.published()
    assert year.total.count == 29
    tables = {t.dimension: t for t in year.tables}
    for table in tables.values():
        counts = [
            figures.raw_counts()[2026][table.dimension].get(c.key, 0)
            for c in table.cells
        ]
        assert_no_hidden_cell_recoverable(counts, 29)
        hidden = [c for c in table.cells if c.suppressed]
        published_sum = sum(c.count for c in table.cells if not c.suppressed)
        assert not hidden or (len(hidden) >= 2 and published_sum < 29)
    region = {c.key: c for c in tables["region"].cells}
    assert region[flanders.slug].count == 20
    assert region[wallonia.slug].display == "< 5"
    # Published, Brussels' 6 would give Wallonia's 3 as 29 - 20 - 6.
    assert region[brussels.slug].suppressed == COMPLEMENTARY
    field = {c.key: c for c in tables["field"].cells}
    assert (field["housing"].count, field["work"].count) == (12, 8)
    # Zeros are published (they name nobody): health's 6 hides education's 3.
    assert field["health"].suppressed == COMPLEMENTARY
    assert field["online"].display == "0"
    assert field["education"].display == "< 5"


def test_a_year_under_five_shows_only_less_than_five():
    _add(2025, "housing", "origin", Region.objects.first(), 4)
    (year,) = figures.published()
    assert year.total.display == "< 5" and year.tables == []


def test_the_figures_page_changes_only_once_the_cell_reaches_five(client, testify):
    for _ in range(4):
        testify()
    testify(consent_figures=False)
    body = client.get("/nl/help/figures/").content.decode()
    assert "&lt; 5" in body
    assert 'data-key="housing">4<' not in body
    testify()
    body = client.get("/nl/help/figures/").content.decode()
    assert 'id="figures-years"' in body
    assert '<ul class="hbars"' in body
    assert "De eigenaar" not in body


def test_figures_csv_and_api_publish_the_same_suppressed_counts(client, testify):
    for _ in range(6):
        testify()
    testify(field="work", ground="religion")
    csv = b"".join(client.get("/fr/help/figures.csv").streaming_content).decode()
    assert "< 5" in csv and ",7" in csv
    data = client.get("/api/v1/help/figures").json()
    assert data[0]["total"]["count"] == 7
    cells = {
        c["key"]: c
        for table in data[0]["tables"]
        if table["dimension"] == "field"
        for c in table["cells"]
    }
    assert cells["housing"] == {
        "key": "housing",
        "label": cells["housing"]["label"],
        "count": None,
        "suppressed": COMPLEMENTARY,
    }
    assert cells["work"]["count"] is None and cells["work"]["suppressed"] == SMALL
