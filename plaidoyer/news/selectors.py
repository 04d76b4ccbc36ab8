"""Reads for the website: lists, theme pages, the home page, live figures, search."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import versions
from plaidoyer.core.approval import Approval
from plaidoyer.core.filters import QueryFilters, choice_filter, text_filter
from plaidoyer.core.translated import columns, translated
from plaidoyer.core.urlmaker import url_maker
from plaidoyer.core.versions import Version
from plaidoyer.core.visibility import PUBLIC_ONLY
from plaidoyer.organisations.models import Language, Theme

from .models import (
    Article,
    Delivery,
    Figure,
    Newsletter,
    Page,
    PressOfficer,
    Resource,
    Subscriber,
)

LANGUAGE_SUFFIXES = [f"_{code}" for code, _name in settings.LANGUAGES]


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__lte=timezone.now()
    )


@dataclass(frozen=True)
class ArticleFilters(QueryFilters):
    q: str = text_filter(_("Search"))
    theme: str = choice_filter(_("Theme"), lookup="themes__slug")
    year: str = choice_filter(_("Year"))  # applied by each list, on its own date

    @classmethod
    def options(cls, *, years=(), **context) -> dict[str, list]:
        """``years``: the years the list has items in, latest first."""
        return {
            "theme": [(t.slug, t.name) for t in Theme.objects.all()],
            "year": [(str(y), str(y)) for y in years],
        }


@dataclass(frozen=True)
class ResourceFilters(ArticleFilters):
    kind: str = choice_filter(_("Kind"), lookup="kind")
    language: str = choice_filter(_("Language"), lookup="language")

    @classmethod
    def options(cls, **context) -> dict[str, list]:
        return super().options(**context) | {
            "kind": list(Resource.Kind.choices),
            "language": list(settings.LANGUAGES),
        }


def articles(filters: ArticleFilters | None = None) -> QuerySet[Article]:
    f = filters or ArticleFilters()
    qs = f.apply(published_articles())
    if f.year.isdigit():
        qs = qs.filter(publish_at__year=int(f.year))
    return (
        qs.select_related("organisation")
        .prefetch_related("themes")
        .order_by("-publish_at", "-id")
    )


def get_article(slug: str) -> Article:
    return (
        published_articles()
        .select_related("organisation")
        .prefetch_related("themes")
        .get(slug=slug)
    )


def related_articles(article: Article, limit: int = 3) -> list[Article]:
    themes = [t.pk for t in article.themes.all()]
    if not themes:
        return []
    return list(
        published_articles()
        .filter(themes__in=themes)
        .exclude(pk=article.pk)
        .distinct()
        .order_by("-publish_at")[:limit]
    )


def visible_resources(audience: frozenset[str] = PUBLIC_ONLY) -> QuerySet[Resource]:
    """Published resources whose visibility is in ``audience``
    (organisations.permissions.audience of the reader; public by default)."""
    return Resource.objects.filter(is_published=True, visibility__in=audience)


def resource_years(audience: frozenset[str] = PUBLIC_ONLY) -> list[int]:
    """The years the reader's resources have, latest first (one DISTINCT query:
    reading every resource's year was most of the list's CPU at 20,000)."""
    years = (
        visible_resources(audience)
        .exclude(year=None)
        .exclude(year=0)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [y for y in years if y]


def resources(
    filters: ResourceFilters | None = None, *, audience: frozenset[str] = PUBLIC_ONLY
) -> QuerySet[Resource]:
    f = filters or ResourceFilters()
    qs = f.apply(visible_resources(audience))
    if f.year.isdigit():
        qs = qs.filter(year=int(f.year))
    # Only what a row of the list shows (no themes, file or search text).
    return qs.only(
        "slug",
        "visibility",
        "kind",
        "year",
        "language",
        *(
            f"{f}{c}"
            for f in ("title", "description")
            for c in ("", *LANGUAGE_SUFFIXES)
        ),
    ).order_by("-year", "-id")


def figures() -> list[Figure]:
    return list(Figure.objects.filter(is_published=True).select_related("theme"))


NAV_TTL = 24 * 3600


def _nav(version: int | None = None) -> dict:
    """Menu tree and footer pages per language, kept until the site's data moves.

    Every change to pages bumps the "site" version (read from the per-process
    memo, no query), so an edit shows on every app server within DATA_VERSION_TTL.
    ``version``: that version when the caller has already read it.
    """
    if version is None:
        version = versions.current(Version.SITE)
    key = f"site-nav:{version}:{get_language()}"
    nav = cache.get(key)
    if nav is None:
        pages = list(
            Page.objects.filter(is_published=True)
            .filter(Q(in_menu=True) | Q(in_footer=True))
            .order_by("position", "id")
        )
        by_parent: dict = {}
        for page in pages:
            by_parent.setdefault(page.parent_id, []).append(page)
        menu_pages = [p for p in by_parent.get(None, []) if p.in_menu]
        for page in menu_pages:
            page.menu_children = [c for c in by_parent.get(page.pk, []) if c.in_menu]
        nav = {"menu": menu_pages, "footer": [p for p in pages if p.in_footer]}
        cache.set(key, nav, NAV_TTL)
    return nav


def main_menu(version: int | None = None) -> list:
    """The header's menu in the active language: the coordinators' entries, or
    the default sections; a section of a module switched off is left out."""
    from django.urls import reverse

    from plaidoyer.core import identity

    from .menu import DEFAULT_MENU, SECTIONS, Entry
    from .models import MenuItem

    if version is None:
        version = versions.current(Version.SITE)
    key = f"main-menu:{version}:{get_language()}"
    entries = cache.get(key)
    if entries is not None:
        return entries

    current = identity.get(version)

    def section_entry(name: str, label: str = "") -> Entry | None:
        section = SECTIONS.get(name)
        if section is None or not identity.is_on(current, section.module):
            return None
        return Entry(
            label or str(section.label), reverse(section.url_name), section.current
        )

    def entry(item: MenuItem) -> Entry | None:
        # Translated labels: one only in French is marked lang="fr" on /nl/.
        label = translated(item, "label", note=False)
        if item.section:
            # A section's own name in this language beats another's label.
            return section_entry(item.section, "" if label.lang else label)
        if item.page_id:
            page = item.page
            if page is None or not page.is_published:
                return None
            title = translated(page, "title", note=False)
            return Entry(
                title if label.lang and title else label or title,
                page.get_absolute_url(),
            )
        href = item.url
        if href.startswith("/") and not href.startswith(f"/{get_language()}/"):
            href = f"/{get_language()}{href}"  # a path on the site, in this language
        return Entry(label, href)

    items = list(MenuItem.objects.select_related("page").order_by("position", "id"))
    if items:
        by_parent: dict = {}
        for item in items:
            by_parent.setdefault(item.parent_id, []).append(item)
        entries = []
        for item in by_parent.get(None, []):
            top = entry(item)
            if top is None:
                continue
            top.children = [
                child
                for child in (entry(c) for c in by_parent.get(item.pk, []))
                if child is not None
            ]
            entries.append(top)
    else:
        entries = [e for e in (section_entry(n) for n in DEFAULT_MENU) if e]
    cache.set(key, entries, NAV_TTL)
    return entries


def menu(version: int | None = None) -> list[Page]:
    return _nav(version)["menu"]


def footer_pages(version: int | None = None) -> list[Page]:
    return _nav(version)["footer"]


def get_page(slug: str) -> Page:
    return (
        Page.objects.filter(is_published=True)
        .select_related("parent")
        .prefetch_related(
            "team",
            Prefetch("children", queryset=Page.objects.filter(is_published=True)),
        )
        .get(slug=slug)
    )


def live_figures() -> dict:
    """The platform's own numbers, from the other apps (cached a minute)."""
    key = f"live-figures:{get_language()}"
    data = cache.get(key)
    if data is None:
        from plaidoyer.campaigns.models import Campaign
        from plaidoyer.campaigns.selectors import counts
        from plaidoyer.commitments.models import Recommendation
        from plaidoyer.events.models import Event
        from plaidoyer.organisations.selectors import member_count

        year = timezone.localdate().year
        data = {
            "members": member_count(),
            "events_this_year": Event.objects.filter(
                is_published=True, starts_at__year=year
            ).count(),
            "letters": sum(
                counts(c)["total"]
                for c in Campaign.objects.filter(
                    is_published=True, closes_at__year__gte=year - 1
                )
            ),
            "implemented": Recommendation.objects.filter(
                barometer_status="implemented"
            ).count(),
        }
        cache.set(key, data, 60)
    return data


def theme_page(theme: Theme) -> dict:
    """Everything filed under one theme, across the apps, with only what the
    page shows of each (long texts left in the database, links by url_maker())."""
    from plaidoyer.campaigns.models import Campaign
    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.events.selectors import agenda_cards, events
    from plaidoyer.organisations.models import Organisation

    organisations = Organisation.objects.filter(is_published=True, themes=theme)
    named = list(
        organisations.only("slug", *columns("name")).order_by("sort_name", "id")[:24]
    )
    recommendations = list(
        Recommendation.objects.filter(themes=theme)
        .only("code", *columns("title"))
        .order_by("sort_key")[:12]
    )
    organisation_url = url_maker("organisations:detail", "slug")
    for organisation in named:
        organisation.url = organisation_url(organisation.slug)  # type: ignore[attr-defined]
    recommendation_url = url_maker("commitments:recommendation", "code")
    for recommendation in recommendations:
        recommendation.url = recommendation_url(recommendation.code)  # type: ignore[attr-defined]
    return {
        "articles": list(
            published_articles()
            .filter(themes=theme)
            .select_related("organisation")
            .defer(*columns("body"), "search_text")
            .order_by("-publish_at", "-id")[:6]
        ),
        "resources": list(
            visible_resources().filter(themes=theme).only("slug", *columns("title"))[:6]
        ),
        "organisations": named,
        "organisation_count": organisations.count(),
        "events": list(agenda_cards(events().filter(themes=theme))[:6]),
        "recommendations": recommendations,
        "campaigns": list(
            Campaign.objects.filter(is_published=True, themes=theme).only(
                "slug", *columns("title")
            )
        ),
    }


def home() -> dict:
    """What the home page shows; cached per language until the site's data changes."""
    from plaidoyer.campaigns.models import Campaign
    from plaidoyer.commitments.selectors import barometer_overview
    from plaidoyer.events.selectors import events

    key = f"home:{versions.current(Version.SITE)}:{get_language()}"
    data = cache.get(key)
    if data is None:
        now = timezone.now()
        data = {
            "articles": list(
                published_articles()
                .select_related("organisation")
                .order_by("-publish_at")[:3]
            ),
            "events": list(
                events()
                .select_related("municipality")
                .prefetch_related("organisers")[:4]
            ),
            "campaign": Campaign.objects.filter(
                is_published=True, opens_at__lte=now, closes_at__gt=now
            )
            .order_by("closes_at")
            .first(),
            "message": Page.objects.filter(slug="home", is_published=True).first(),
        }
        cache.set(key, data, 60)
    data = dict(data)
    data["barometer"] = barometer_overview()
    data["figures"] = live_figures()
    return data


def years_with_articles() -> list[int]:
    return sorted(
        {d.year for d in published_articles().dates("publish_at", "year")}, reverse=True
    )


def search_articles(terms: list[str]) -> QuerySet[Article]:
    from plaidoyer.core.search import filter_blob

    return filter_blob(published_articles(), terms).order_by("-publish_at")


def search_resources(terms: list[str]) -> QuerySet[Resource]:
    from plaidoyer.core.search import filter_blob

    # Site search shows public resources only: its results are the same for all.
    return filter_blob(visible_resources(), terms)


def is_subscriber_token(token: str) -> bool:
    """Whether an emailed link's token is a subscriber's (still subscribed) or a
    newsletter delivery's."""
    return (
        Subscriber.objects.filter(token=token).exists()
        or Delivery.objects.filter(token=token).exists()
    )


def newsletters() -> QuerySet[Newsletter]:
    """Every newsletter, newest first (the coordinators' list)."""
    return Newsletter.objects.select_related("signers_of").order_by("-created_at")


def count_newsletter_drafts() -> int:
    """Newsletters still in draft (a dashboard count)."""
    return Newsletter.objects.filter(status=Newsletter.Status.DRAFT).count()


def delivery_counts(newsletter: Newsletter) -> dict[str, int]:
    """How many of the newsletter's deliveries are in each state."""
    rows = (
        Delivery.objects.filter(newsletter=newsletter)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(Delivery.Status.values, 0)
    counts.update(dict(rows))
    return counts


# --- Proposals of member organisations --------------------------------------------------


def pending_news_proposals() -> QuerySet[Article]:
    """Sector news member staff proposed, waiting for a coordinator, oldest first."""
    return (
        Article.objects.filter(approval=Approval.PENDING)
        .select_related("organisation", "proposed_by")
        .order_by("created_at", "id")
    )


def pending_resource_proposals() -> QuerySet[Resource]:
    return (
        Resource.objects.filter(approval=Approval.PENDING)
        .select_related("organisation", "proposed_by")
        .order_by("created_at", "id")
    )


def pending_proposal_count() -> int:
    """Everything waiting for a coordinator's approval: events, news, resources."""
    from plaidoyer.events.selectors import pending_event_proposals

    return (
        pending_event_proposals().count()
        + pending_news_proposals().count()
        + pending_resource_proposals().count()
    )


def _proposals_of(model, user) -> QuerySet:
    """Items ``user`` proposed for review, and those of their organisations still
    waiting or refused, latest first."""
    unsettled = Q(approval__in=[Approval.PENDING, Approval.REFUSED])
    ids = model.objects.filter(
        Q(proposed_by=user) & (unsettled | Q(reviewed_at__isnull=False))
        | Q(organisation__staff__user=user) & unsettled
    ).values("pk")
    return (
        model.objects.filter(pk__in=ids)
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )


def proposals_of_user(user) -> dict[str, QuerySet]:
    """What ``user`` (and their colleagues) proposed, by kind, with its state."""
    from plaidoyer.events.models import Event
    from plaidoyer.events.selectors import event_proposals_of

    if not (user and user.is_authenticated):
        return {
            "events": Event.objects.none(),
            "articles": Article.objects.none(),
            "resources": Resource.objects.none(),
        }
    return {
        "events": event_proposals_of(user),
        "articles": _proposals_of(Article, user),
        "resources": _proposals_of(Resource, user),
    }


# --- The press page -----------------------------------------------------------------


def press_releases() -> QuerySet[Article]:
    """Published press releases, newest first."""
    return (
        published_articles()
        .filter(is_press_release=True)
        .order_by("-publish_at", "-id")
    )


def press_officers() -> QuerySet[PressOfficer]:
    """Press contacts with their theme and languages, in the coordinators' order."""
    return PressOfficer.objects.select_related("theme").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("position", "code"))
    )


def press_officers_by_theme() -> list[tuple[Theme | None, list[PressOfficer]]]:
    """(theme, its press contacts) in the themes' order; general enquiries (no
    theme) first."""
    groups: dict[Theme | None, list[PressOfficer]] = {}
    for officer in press_officers():
        groups.setdefault(officer.theme, []).append(officer)

    def order(theme: Theme | None) -> tuple[int, str]:
        return (-1, "") if theme is None else (theme.position, theme.slug)

    return [(theme, groups[theme]) for theme in sorted(groups, key=order)]


@dataclass(frozen=True)
class KitItem:
    title: str
    url: str
    size: int | None  # bytes; None when the file is missing
    kind: str = ""
    resource: Resource | None = None  # its title shown in the page's language


def _size(field) -> int | None:
    try:
        return field.size
    except (OSError, ValueError):
        return None


def media_kit(identity) -> list[KitItem]:
    """The logos of the site's identity, then the public resources marked for the
    press, each with its file size."""
    items = []
    for field, label in (
        (identity.logo, _("Logo")),
        (identity.share_image, _("Image for social networks")),
    ):
        if field:
            items.append(KitItem(str(label), field.url, _size(field), "image"))
    for resource in visible_resources().filter(for_press=True).order_by("-year", "-id"):
        if resource.file:
            items.append(
                KitItem(
                    resource.title,
                    reverse("news:download", kwargs={"slug": resource.slug}),
                    _size(resource.file),
                    str(resource.get_kind_display()),
                    resource,
                )
            )
    return items
