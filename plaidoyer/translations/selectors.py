"""What lacks a translation: the kinds of content the desk offers, and per
language the items whose text exists in another language but not in this one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from plaidoyer.campaigns.models import Campaign, Case, LabelProgramme
from plaidoyer.commitments import services as commitments_services
from plaidoyer.commitments.models import Authority, Commitment, Recommendation
from plaidoyer.core.versions import Version
from plaidoyer.events import services as events_services
from plaidoyer.events.models import Event
from plaidoyer.news import services as news_services
from plaidoyer.news.models import Article, Page, Resource
from plaidoyer.processes.models import Process

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _refresh_resource(resource: Resource) -> None:
    from plaidoyer.core.text import search_blob

    resource.search_text = search_blob(
        *[getattr(resource, f"title_{c}") or "" for c in LANGUAGES],
        *[getattr(resource, f"description_{c}") or "" for c in LANGUAGES],
    )


@dataclass(frozen=True)
class Kind:
    slug: str
    label: Any  # a lazy translation
    model: type[Model]
    fields: tuple[str, ...]
    # Fields edited as rich text (HTML), the others as plain text.
    rich: tuple[str, ...] = ()
    versions: tuple[Version, ...] = (Version.SITE,)
    # Rebuilds a search column from every language, when the model has one.
    refresh: Callable[[Any], None] | None = None
    order_by: tuple[str, ...] = ("-id",)


KINDS: tuple[Kind, ...] = (
    Kind(
        "articles",
        _("News"),
        Article,
        ("title", "summary", "body"),
        rich=("body",),
        refresh=news_services.refresh_article_search,
        order_by=("-publish_at",),
    ),
    Kind("pages", _("Pages"), Page, ("title", "body"), rich=("body",)),
    Kind(
        "resources",
        _("Resources"),
        Resource,
        ("title", "description"),
        refresh=_refresh_resource,
    ),
    Kind(
        "recommendations",
        _("Recommendations"),
        Recommendation,
        ("title", "text"),
        versions=(Version.BAROMETER, Version.BAROMETER_STRUCTURE),
        refresh=commitments_services.refresh_search,
        order_by=("sort_key",),
    ),
    Kind(
        "commitments",
        _("Commitments"),
        Commitment,
        ("title", "description"),
        versions=(Version.BAROMETER, Version.BAROMETER_STRUCTURE),
    ),
    Kind(
        "authorities",
        _("Authorities"),
        Authority,
        ("name",),
        versions=(Version.BAROMETER, Version.BAROMETER_STRUCTURE),
        order_by=("name",),
    ),
    Kind(
        "events",
        _("Events"),
        Event,
        ("title", "description", "accessibility"),
        versions=(Version.EVENTS,),
        refresh=events_services.refresh_search,
        order_by=("-starts_at",),
    ),
    Kind(
        "campaigns",
        _("Campaigns"),
        Campaign,
        ("title", "description"),
        versions=(Version.CAMPAIGNS,),
    ),
    Kind(
        "cases",
        _("Campaign cases"),
        Case,
        ("story", "letter_template"),
        versions=(Version.CAMPAIGNS,),
    ),
    Kind(
        "labels",
        _("Labels"),
        LabelProgramme,
        ("name", "description"),
        versions=(Version.CAMPAIGNS,),
    ),
    Kind(
        "processes",
        _("Participatory processes"),
        Process,
        ("title", "description"),
        versions=(Version.PROCESSES,),
    ),
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


def _empty(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _lacking(kind: Kind, language: str) -> Q:
    """Some field has text in another language and none in ``language``."""
    return reduce(
        or_,
        (
            _empty(f"{f}_{language}")
            & reduce(
                or_,
                (~_empty(f"{f}_{other}") for other in LANGUAGES if other != language),
            )
            for f in kind.fields
        ),
    )


def items_lacking(kind: Kind, language: str) -> QuerySet:
    return kind.model._default_manager.filter(_lacking(kind, language)).order_by(
        *kind.order_by, "pk"
    )


def lacking_counts() -> dict[str, dict[str, int]]:
    """{language: {kind: count}}, one query per kind."""
    counts: dict[str, dict[str, int]] = {lang: {} for lang in LANGUAGES}
    for kind in KINDS:
        row = kind.model._default_manager.aggregate(
            **{lang: Count("pk", filter=_lacking(kind, lang)) for lang in LANGUAGES}
        )
        for lang in LANGUAGES:
            counts[lang][kind.slug] = row[lang]
    return counts


def source_language(obj: Model, kind: Kind, target: str) -> str:
    """The language to translate from: French if written, else the first there is."""
    for lang in [SOURCE, *LANGUAGES]:
        if lang != target and any(getattr(obj, f"{f}_{lang}") for f in kind.fields):
            return lang
    return SOURCE


def lacking_totals() -> dict[str, int]:
    """{language: items lacking a translation}, for the coordinator's dashboard:
    cached until any translated content changes (or ten minutes)."""
    from plaidoyer.core import versions

    key = "translation-totals:" + ".".join(
        str(versions.current(v))
        for v in (
            Version.SITE,
            Version.BAROMETER,
            Version.EVENTS,
            Version.CAMPAIGNS,
            Version.PROCESSES,
        )
    )
    from django.core.cache import cache

    totals = cache.get(key)
    if totals is None:
        totals = {
            lang: sum(per_kind.values()) for lang, per_kind in lacking_counts().items()
        }
        cache.set(key, totals, 600)
    return totals
