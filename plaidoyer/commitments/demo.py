"""Demo memorandum (~100 recommendations in 10 sectors), authorities at every level and
commitments with three years of history, around the facts of demo-facts.md.

Dates are relative to today so the barometer always looks current. Rows are
matched on natural keys, so a second run changes nothing.
"""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import in_each_language
from plaidoyer.organisations.models import Organisation
from plaidoyer.places.models import Municipality, Province

from . import services
from .demo_texts import (
    AUTHORITIES,
    COMMITMENTS,
    GENERIC,
    LEVELS,
    MEMORANDUM_INTRODUCTION,
    MEMORANDUM_TITLE,
    RECOMMENDATION_TEXT,
    SECTORS,
)
from .models import (
    Authority,
    Commitment,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
)


def _levels() -> dict:
    result = {}
    for position, (slug, tier, fr, nl, en, de) in enumerate(LEVELS):
        level, _ = Level.objects.update_or_create(
            slug=slug,
            defaults={
                "tier": tier,
                **in_each_language("name", fr, nl, en, de),
                "position": position,
            },
        )
        result[slug] = level
    return result


def _memorandum(by, levels) -> Memorandum:
    memorandum, created = Memorandum.objects.get_or_create(
        edition=1,
        defaults={
            **in_each_language("title", *MEMORANDUM_TITLE),
            "slug": "memorandum-2023",
            "year": timezone.localdate().year - 3,
            **in_each_language("introduction", *MEMORANDUM_INTRODUCTION),
        },
    )
    fill_translations(
        memorandum, title=MEMORANDUM_TITLE, introduction=MEMORANDUM_INTRODUCTION
    )
    coalition = Organisation.objects.filter(slug="coalition-napar").first()
    rng = random.Random(2023)
    position = 0
    for s_position, (slug, code, fr, nl, en, de, sector_levels, specific) in enumerate(
        SECTORS
    ):
        sector, _ = Sector.objects.update_or_create(
            slug=slug,
            defaults={
                "code": code,
                **in_each_language("name", fr, nl, en, de),
                "position": s_position,
            },
        )
        # German keeps its nouns' capitals; the others write the sector in lower case.
        titles = (
            list(specific)
            + [
                (
                    g[0].format(s=fr.lower()),
                    g[1].format(s_nl=nl.lower()),
                    g[2].format(s_en=en.lower()),
                    g[3].format(s_de=de),
                )
                for g in GENERIC
            ][: 10 - len(specific)]
        )
        for number, rec_titles in enumerate(titles, start=1):
            position += 1
            rec_code = f"{code}-{number:02d}"
            texts = tuple(
                template.format(title=title)
                for template, title in zip(RECOMMENDATION_TEXT, rec_titles, strict=True)
            )
            recommendation = Recommendation.objects.filter(code=rec_code).first()
            if recommendation is None:
                recommendation = Recommendation(
                    code=rec_code,
                    sector=sector,
                    **in_each_language("title", *rec_titles),
                    priority=rng.choice(["high", "medium", "medium", "low"]),
                    **in_each_language("text", *texts),
                    origin_organisation=coalition,
                )
                services.save_recommendation(
                    by=by,
                    recommendation=recommendation,
                    levels=[levels[lv] for lv in sector_levels],
                )
            else:
                fill_translations(recommendation, title=rec_titles, text=texts)
            item, _ = MemorandumItem.objects.get_or_create(
                memorandum=memorandum,
                recommendation=recommendation,
                defaults={
                    "position": position,
                    **in_each_language("title", *rec_titles),
                    **in_each_language("text", *texts),
                },
            )
            fill_translations(item, title=rec_titles, text=texts)
    if memorandum.state == Memorandum.State.DRAFT:
        memorandum.published_on = timezone.localdate() - datetime.timedelta(days=1100)
        memorandum.save(update_fields=["published_on"])
        services.publish_memorandum(by=by, memorandum=memorandum)
    return memorandum


def _authorities(levels) -> dict:
    result = {}
    for slug, kind, level, fr, nl, en, de, place in AUTHORITIES:
        defaults = {
            "kind": kind,
            "level": levels[level],
            **in_each_language("name", fr, nl, en, de),
        }
        if place and place.startswith("p:"):
            defaults["province"] = Province.objects.get(nis_code=place[2:])
        elif place:
            defaults["municipality"] = Municipality.objects.filter(
                nis_code=place
            ).first()
        authority, _ = Authority.objects.update_or_create(slug=slug, defaults=defaults)
        result[slug] = authority
    return result


def _commitment(by, authority, codes, titles, history) -> None:
    t_fr = titles[0]
    existing = Commitment.objects.filter(authority=authority, title_fr=t_fr).first()
    if existing is not None:
        fill_translations(existing, title=titles)
        return
    today = timezone.localdate()
    first_days, first_status, _p, _s, first_note = history[0]
    commitment = services.create_commitment(
        by=by,
        authority=authority,
        title=t_fr,
        translations={
            key: value
            for key, value in in_each_language("title", *titles).items()
            if key != "title"
        },
        recommendations=list(Recommendation.objects.filter(code__in=codes)),
        committed_on=today - datetime.timedelta(days=first_days),
        status=first_status,
        source_url=f"https://www.example.org/{slugify(authority.slug)}/{first_days}",
    )
    for days, status, progress, source, note in history[1:]:
        services.record_status_update(
            by=by,
            commitment=commitment,
            date=today - datetime.timedelta(days=days),
            status=status,
            progress=progress,
            source=source,
            note=note,
            evidence_url=f"https://www.example.org/evidence/{commitment.pk}/{days}",
        )


def load() -> str:
    by = User.objects.get(email=COORDINATOR_EMAIL)
    levels = _levels()
    _memorandum(by, levels)
    authorities = _authorities(levels)
    for slug, codes, titles, history in COMMITMENTS:
        _commitment(by, authorities[slug], codes, titles, history)
    # Plausible others: each authority commits to a few recommendations of its level.
    rng = random.Random(1080)
    paths = [
        ["announced", "in_progress", "implemented"],
        ["announced", "in_progress", "partly_implemented"],
        ["announced", "in_progress"],
        ["announced"],
        ["announced", "stalled"],
        ["announced", "in_progress", "stalled", "abandoned"],
        ["not_started"],
    ]
    for slug, authority in authorities.items():
        if slug in {"parlement-bruxellois", "premier-ministre"}:
            continue
        level = authority.level
        pool = list(
            Recommendation.objects.filter(levels=level)
            .order_by("code")
            .values_list("code", flat=True)
        )
        if not pool:
            continue
        for _ in range(rng.randint(2, 4)):
            codes = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
            title = Recommendation.objects.get(code=codes[0])
            path = rng.choice(paths)
            start = rng.randint(300, 1090)
            steps = (
                sorted(rng.sample(range(15, start), len(path) - 1), reverse=True)
                if len(path) > 1
                else []
            )
            history = [(start, path[0], None, "coalition", "")]
            for days, status in zip(steps, path[1:], strict=True):
                progress = {
                    "in_progress": rng.choice([20, 40, 60]),
                    "partly_implemented": 70,
                    "implemented": 100,
                }.get(status)
                history.append((days, status, progress, "coalition", ""))
            if rng.random() < 0.3:
                history.append(
                    (10, "in_progress", 50, "authority", "Rapport de l'autorité.")
                )
            _commitment(
                by,
                authority,
                codes,
                (
                    f"{authority.name_fr} : {title.title_fr.lower()}"[:290],
                    f"{authority.name_nl}: {title.title_nl.lower()}"[:290],
                    f"{authority.name_en}: {title.title_en.lower()}"[:290],
                    f"{authority.name_de}: {title.title_de}"[:290],
                ),
                history,
            )
    return (
        f"{Recommendation.objects.count()} recommendations, "
        f"{Authority.objects.count()} authorities, {Commitment.objects.count()} commitments"
    )
