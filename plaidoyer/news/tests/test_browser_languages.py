"""A Dutch visitor of the demo sees no unmarked French: every text that is the
French version of a translated field sits inside an element with lang="fr" (which
the ``tr`` tags add, with a note), on the home, news, barometer, memorandum,
campaign and event pages. Some texts lose their Dutch on purpose, so that the
marking is seen whether or not the demo is fully translated."""

import html
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Text nodes shorter than this are names, codes and figures, too short to tell.
SHORTEST = 20

FIND_FRENCH = """([french, shortest]) => {
  const known = "\\u0001" + french.join("\\u0001") + "\\u0001";
  const skipped = "script, style, noscript, template, select, option, textarea";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const marked = [], unmarked = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skipped)) continue;
    // A card cuts a summary after so many words and ends it with "…".
    const text = node.data.replace(/\\s+/g, " ").trim().replace(/…$/, "").trim();
    if (text.length < shortest || !known.includes(text)) continue;
    const lang = (parent.closest("[lang]") || document.documentElement).lang;
    (lang.startsWith("fr") ? marked : unmarked).push(text);
  }
  return {marked, unmarked};
}"""


def _plain(value: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", value))
    return re.sub(r"\s+", " ", text).strip()


def french_texts() -> list[str]:
    """The French of every translated field that no other language has."""
    from modeltranslation.translator import translator

    languages = ("fr", "nl", "en", "de")
    found = set()
    from plaidoyer.organisations.models import Organisation

    for model in translator.get_registered_models():
        fields = list(translator.get_options_for_model(model).fields)
        if model is Organisation:
            # A member's name is typed as the member writes it, whatever the
            # column ("Königliches Athenäum Eupen" in name_fr), and comes back
            # as an event's venue: a name, not French.
            fields.remove("name")
        columns = [f"{f}_{c}" for f in fields for c in languages]
        for row in model._default_manager.values_list(*columns):
            for i in range(0, len(columns), len(languages)):
                french, *others = row[i : i + len(languages)]
                # The same in another language (a German school's name typed in
                # the French column and the German one) is not French to tell.
                if isinstance(french, str) and french and french not in others:
                    # Rich text: each paragraph is a text node of its own.
                    for part in re.split(r"</(?:p|li|h\d|blockquote)>|\n", french):
                        if len(text := _plain(part)) >= SHORTEST:
                            found.add(text)
    return sorted(found)


def strip_dutch():
    """Take the Dutch away from one object of each page, as a demo half
    translated would have it; return the pages to visit."""
    from django.utils import timezone

    from plaidoyer.campaigns.models import Campaign, Case
    from plaidoyer.commitments.models import (
        Commitment,
        MemorandumItem,
        Recommendation,
    )
    from plaidoyer.core import versions
    from plaidoyer.core.versions import Version
    from plaidoyer.events.models import Event
    from plaidoyer.events.selectors import events
    from plaidoyer.news.models import Article, Page
    from plaidoyer.news.selectors import published_articles

    article = published_articles().order_by("-publish_at").first()
    Article.objects.filter(pk=article.pk).update(
        title_nl=None, summary_nl=None, body_nl=None
    )
    Page.objects.filter(slug="home").update(title_nl=None, body_nl=None)
    # One written in French (some of the demo's are German or English in
    # the French column, as their organisers wrote them).
    event = next(
        e for e in events() if e.title_fr and e.title_fr not in (e.title_en, e.title_de)
    )
    Event.objects.filter(pk=event.pk).update(title_nl=None, description_nl=None)
    now = timezone.now()
    campaign = (
        Campaign.objects.filter(is_published=True, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")
        .first()
    )
    Campaign.objects.filter(pk=campaign.pk).update(description_nl=None)
    Case.objects.filter(campaign=campaign).update(story_nl=None)
    item = MemorandumItem.objects.order_by("memorandum", "position").first()
    MemorandumItem.objects.filter(pk=item.pk).update(title_nl=None)
    Recommendation.objects.filter(pk=item.recommendation_id).update(title_nl=None)
    Commitment.objects.update(title_nl=None)
    for version in Version:
        versions.bump(version)
    cache.clear()
    with translation.override("nl"):
        from django.urls import reverse

        return {
            "home": "/nl/",
            "news": reverse("news:articles"),
            "article": article.get_absolute_url(),
            "barometer": reverse("commitments:barometer"),
            "memorandum": reverse("commitments:current_memorandum"),
            "campaign": campaign.get_absolute_url(),
            "event": event.get_absolute_url(),
        }


def test_a_dutch_visitor_sees_no_unmarked_french_in_the_demo(
    new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    pages = strip_dutch()
    french = french_texts()
    page = new_page(locale="nl-BE")
    problems = {}
    for name, url in pages.items():
        assert url.startswith("/nl/"), url
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(FIND_FRENCH, [french, SHORTEST])
        if found["unmarked"]:
            problems[url] = found["unmarked"][:5]
        # The texts that lost their Dutch are on every page, marked: the check
        # above saw French, so it can tell.
        assert found["marked"], (name, url)
        if name in ("article", "event", "campaign"):
            assert page.locator(".fallback-note").count(), (name, url)
    assert not problems, problems
