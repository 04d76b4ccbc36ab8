import datetime
import re

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from plaidoyer.commitments import selectors, services
from plaidoyer.commitments.cards import commitment_cards

pytestmark = pytest.mark.django_db

# The recommendations line as the authority page's template wrote it.
LINKS = engines["django"].from_string(
    '{% load i18n %}{% translate "Recommendations:" %} {% for r in '
    'c.recommendations.all %}<a href="{{ r.get_absolute_url }}">{{ r.code }}</a>'
    "{% if not forloop.last %}, {% endif %}{% endfor %}"
)


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_authority_cards_are_the_commitment_card_partial_with_its_links(
    barometer, coordinator, language
):
    # The authority page writes its cards in Python for speed: the same markup as
    # _commitment_card.html (and the recommendations line after it), every case.
    services.create_commitment(
        by=coordinator,
        authority=barometer["government"],
        recommendations=[barometer["recs"]["EMP-02"], barometer["recs"]["EMP-01"]],
        title="Plans <b>diversité</b> & « quotas »",
        committed_on=datetime.date(2020, 1, 5),
        due_on=datetime.date(2021, 2, 3),
        status="in_progress",
    )
    with translation.override(language):
        authority = selectors.get_authority("gouvernement-federal")
        stale_before = datetime.date(2030, 1, 1)  # both stale: the badge shows
        templated = "".join(
            render_to_string(
                "commitments/_commitment_card.html",
                {"c": c, "stale_before": stale_before},
            )
            + '<p class="meta">'
            + LINKS.render({"c": c})
            + "</p>"
            for c in authority.commitment_list
        )
        cards = commitment_cards(authority.commitment_list, stale_before=stale_before)
    assert len(authority.commitment_list) == 2
    assert _squeezed(cards) == _squeezed(templated)
    assert "Plans &lt;b&gt;diversité&lt;/b&gt; &amp; « quotas »" in cards
    assert cards.index("EMP-01") < cards.index("EMP-02")  # by the memorandum's order
    assert "badge-stale" in cards


def test_authority_page_lists_every_commitment_in_constant_queries(
    client, barometer, coordinator, django_assert_num_queries, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE = False
    url = "/fr/authorities/gouvernement-federal/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    queries = len(one.captured_queries)  # the next request clears the log
    for i in range(5):
        services.create_commitment(
            by=coordinator,
            authority=barometer["government"],
            recommendations=[barometer["recs"]["EMP-02"]],
            title=f"Engagement {i}",
            committed_on=datetime.date(2024, 1, 1 + i),
            status="announced",
        )
    client.get(url)
    with django_assert_num_queries(queries):
        body = client.get(url).content.decode()
    assert body.count('class="commitment-card"') == 6
    assert 'href="/fr/recommendations/EMP-02/">EMP-02</a>' in body
    assert f'href="/fr/commitments/{barometer["commitment"].pk}/"' in body
