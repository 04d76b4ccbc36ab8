"""Every public page type of the demo, in four languages, on a phone and a desktop:
axe-core finds no serious or critical problem, and the Nu HTML checker no error.

The pages are found the way a search engine finds them: one page of each URL
pattern the sitemap's sections list, plus the pages a visitor reaches from them (forms,
search, a municipality's letters, a draft and a meeting, a commitment, the
comparison of pledges). A new page type in the sitemap is checked without
touching this test.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from plaidoyer.news.tests.sitemaps import sitemap_text

from .test_accessibility import blocking_violations, describe
from .test_html_validity import nu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("fr", "nl", "en", "de")
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def _in(language: str, path: str) -> str:
    return re.sub(r"^/(fr|nl|en|de)/", f"/{language}/", path)


def page_types(client) -> dict[str, str]:
    """One French path per page type: the sitemap's, then those linked from them."""
    from plaidoyer.campaigns.models import Campaign
    from plaidoyer.commitments.models import Commitment
    from plaidoyer.elections.models import PledgeCampaign
    from plaidoyer.events.models import Event
    from plaidoyer.processes.models import Draft, Meeting

    # The index, then each page of each section it lists.
    sitemap = sitemap_text(client)
    found: dict[str, str] = {}
    for url in re.findall(r"<loc>([^<]+)</loc>", sitemap):
        path = _in("fr", urlsplit(url).path)
        match = resolve(path)
        found.setdefault(f"{match.namespace}:{match.url_name}", path)

    campaign = Campaign.objects.filter(is_published=True).first()
    event = Event.objects.filter(is_published=True, capacity__isnull=False).first()
    draft = Draft.objects.select_related("process").first()
    meeting = Meeting.objects.select_related("process").first()
    pledges = PledgeCampaign.objects.filter(is_published=True).first()
    authority = Commitment.objects.select_related("authority").first().authority
    more = {
        "search": "/fr/search/?q=racisme",
        "contact": "/fr/contact/",
        "subscribe": "/fr/newsletter/",
        "testify": "/fr/help/testimony/",
        "help-figures": "/fr/help/figures/",
        "authorities": "/fr/authorities/",
        "replies-history": f"/fr/replies/authorities/{authority.slug}/",
        "commitment": f"/fr/commitments/{Commitment.objects.first().pk}/",
        "login": "/fr/accounts/login/",
    }
    if campaign is not None:
        batch = campaign.batches.select_related("municipality").first()
        if batch is not None and batch.municipality is not None:
            more["municipality"] = (
                f"/fr/campaigns/{campaign.slug}/municipalities/"
                f"{batch.municipality.nis_code}/"
            )
    if event is not None:
        more["register"] = f"/fr/events/{event.slug}/register/"
    if draft is not None:
        more["draft"] = f"/fr/processes/{draft.process.slug}/drafts/{draft.pk}/"
    if meeting is not None:
        more["meeting"] = f"/fr/processes/{meeting.process.slug}/meetings/{meeting.pk}/"
    if pledges is not None:
        party = pledges.election.parties.first()
        more["party"] = f"/fr/elections/pledges/{pledges.slug}/parties/{party.slug}/"
    # One page per path (the sitemap's figures page is also its static page).
    return {
        name: path for path, name in {p: n for n, p in (found | more).items()}.items()
    }


def test_every_page_type_is_accessible_and_valid_in_four_languages(
    new_page, axe, client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    paths = page_types(client)
    # The sitemap must have given the main page types, or this test checks little.
    for expected in (
        "news:article",
        "events:detail",
        "commitments:recommendation",
        "processes:detail",
        "elections:comparison",
        "core:legal",
    ):
        assert expected in paths, sorted(paths)

    html, broken = {}, {}
    for language in LANGUAGES:
        for name, path in paths.items():
            response = client.get(_in(language, path))
            if response.status_code != 200:
                broken[_in(language, path)] = response.status_code
            else:
                html[f"{language}-{name.replace(':', '-')}"] = response.content.decode()
    assert not broken, broken

    found = {}
    for width, height in WIDTHS.values():
        page = new_page(viewport={"width": width, "height": height})
        for language in LANGUAGES:
            for path in paths.values():
                url = _in(language, path)
                page.goto(url)
                if violations := blocking_violations(axe, page):
                    found[f"{url} at {width} px"] = describe(violations)

    errors = nu_errors(html, tmp_path)

    assert not found, "axe violations:\n" + "\n".join(
        f"{where}\n{report}" for where, report in found.items()
    )
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(
        f"{name}\n" + "\n".join(f"    {e}" for e in messages)
        for name, messages in errors.items()
    )
