"""Every chart reads on a phone: at 390 px each label and number is at least
12 px, each label sits above its bar, and no page scrolls sideways. The charts
of the barometer, the home, the key figures and the testimonies' figures."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Every text of a chart: its labels, its totals, the legend, the counter.
MEASURE = """() => {
  const texts = [...document.querySelectorAll(
    '.hbar-label, .hbar-total, .legend li, .counter p, .key-figures li'
  )];
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    svgCharts: document.querySelectorAll('svg.chart, svg.bar-chart').length,
    sizes: texts.map(t => [t.textContent.trim().slice(0, 40),
                           parseFloat(getComputedStyle(t).fontSize)]),
    rows: [...document.querySelectorAll('.hbar')].map(row => {
      const label = row.querySelector('.hbar-label').getBoundingClientRect();
      const track = row.querySelector('.hbar-track').getBoundingClientRect();
      return {labelBottom: label.bottom, trackTop: track.top,
              trackWidth: track.width, right: Math.max(label.right, track.right)};
    }),
  };
}"""


@pytest.fixture
def chart_pages(barometer, campaign, testify):
    from plaidoyer.news.models import Figure

    for year, value in ((2018, 1200), (2026, 4658)):
        Figure.objects.create(
            label_fr="Membres",
            value=value,
            date=datetime.date(year, 1, 1),
            source_fr="Coalition",
            series="Membres",
        )
    for _ in range(5):
        testify()
    authority = barometer["commitment"].authority
    return [
        "/nl/",
        "/nl/barometer/",
        authority.get_absolute_url().replace("/fr/", "/nl/", 1),
        "/nl/figures/",
        "/nl/help/figures/",
        campaign.get_absolute_url().replace("/fr/", "/nl/", 1),
    ]


def test_charts_are_readable_at_390_px(new_page, chart_pages):
    page = new_page(locale="nl-BE", viewport=PHONE)
    seen = 0
    for path in chart_pages:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        found = page.evaluate(MEASURE)
        assert found["overflow"] <= 0, (path, found["overflow"])
        assert found["svgCharts"] == 0, path
        small = [(text, size) for text, size in found["sizes"] if size < 12]
        assert not small, (path, small)
        for row in found["rows"]:
            # The label above its bar, the bar as wide as the phone allows.
            assert row["labelBottom"] <= row["trackTop"] + 0.5, (path, row)
            assert row["trackWidth"] > 200, (path, row)
            assert row["right"] <= PHONE["width"], (path, row)
        seen += len(found["rows"])
    assert seen >= 8  # the test looked at real charts


def test_chart_labels_sit_beside_their_bars_on_a_wide_screen(new_page, barometer):
    page = new_page(locale="nl-BE", viewport={"width": 1366, "height": 900})
    page.goto("/nl/barometer/")
    row = page.locator(".hbar").first
    label = row.locator(".hbar-label").bounding_box()
    track = row.locator(".hbar-track").bounding_box()
    assert label["x"] + label["width"] <= track["x"]
    assert (
        abs(label["y"] + label["height"] / 2 - (track["y"] + track["height"] / 2)) < 12
    )
    # Screen readers hear each part of a bar with its number.
    expect(row.locator(".hbar-part .visually-hidden").first).to_have_text(
        re.compile(r".+: \d+")
    )
