"""Barometer (issue 3): 1,000 recommendations in a published memorandum (the
app's ten sectors and levels), ~300 authorities, 20,000 commitments, 200,000
status updates. Barometer, memorandum (pages 1–10) and recommendation pages each
≥ 40 % of /ping with p99 ≤ 100 ms; a status update shows on them within 1 s.

Two editions (2019 superseded, 2024 published); titles from verb × object ×
qualifier; commitments by authorities weighted to governments and ministers, on
1–3 recommendations of a sector, skewed (a sixth have none); 1–40 status updates
each, from "announced" to a realistic final status, 15 % the authority's own.
Denormalised columns are set as the services set them.
"""

from __future__ import annotations

import datetime
import html
import itertools
import json
import random
import re
import time
from collections import Counter
from dataclasses import asdict

from ..harness import PING, Endpoint, fetch, info, log, wrk, wrk_result
from ..inprocess import profile_pages, query_counts
from ..report import page_figures, print_pages, print_queries, verdict
from . import (
    aware,
    cache_size,
    coordinator,
    copy_rows,
    org_count,
    published_org_ids,
    table,
    vacuum_analyze,
    words,
)
from .directory import BIG_TOWNS

TITLE = "Barometer benchmark (issue 3)"
SEED = 2024
MAX_INVALIDATION_MS = 1000.0
REC_VERBS = table("""
Garantir | waarborgen | Guarantee
Financer durablement | structureel financieren | Fund on a lasting basis
Évaluer | evalueren | Assess
Renforcer | versterken | Strengthen
Rendre obligatoires | verplicht maken | Make compulsory
Publier chaque année | jaarlijks publiceren | Publish every year
Simplifier | vereenvoudigen | Simplify
Contrôler | controleren | Monitor
Généraliser | veralgemenen | Generalise
Étendre | uitbreiden | Extend
Former les agents publics à | overheidspersoneel opleiden in | Train public staff in
Associer les associations de terrain à | middenveldorganisaties betrekken bij | Involve grassroots organisations in
""")
REC_OBJECTS = table("""
les tests de situation | de praktijktests | situation testing
les plans de diversité | de diversiteitsplannen | diversity plans
la reconnaissance des diplômes étrangers | de erkenning van buitenlandse diploma's | recognition of foreign diplomas
l'accès aux droits sociaux | de toegang tot sociale rechten | access to social rights
les données ventilées sur les discriminations | de uitgesplitste discriminatiegegevens | disaggregated discrimination data
les procédures de plainte | de klachtenprocedures | complaint procedures
l'interprétariat social | het sociaal tolken | community interpreting
les sanctions contre les discriminations | de sancties tegen discriminatie | sanctions against discrimination
l'accueil des primo-arrivants | het onthaal van nieuwkomers | the reception of newcomers
les points de contact antiracisme | de aanspreekpunten racisme | anti-racism contact points
""")
# The first qualifier is none; the others start with a space.
REC_QUALIFIERS = [("", "", "")] + [
    tuple(" " + part for part in row)
    for row in table("""
dans toutes les communes | in alle gemeenten | in every municipality
d'ici 2027 | tegen 2027 | by 2027
avec un budget dédié | met een eigen budget | with a dedicated budget
sous le contrôle d'un organe indépendant | onder toezicht van een onafhankelijk orgaan | under independent oversight
pour les jeunes | voor jongeren | for young people
dans les administrations | in de administraties | in public administrations
en concertation avec Unia | in overleg met Unia | together with Unia
pour les personnes sans papiers | voor mensen zonder papieren | for undocumented people
dans les marchés publics | in overheidsopdrachten | in public procurement
à Bruxelles et en Wallonie | in Brussel en Wallonië | in Brussels and Wallonia
dès la rentrée scolaire | vanaf het nieuwe schooljaar | from the new school year
""")
]
REC_SENTENCES = words(
    """
Les associations constatent que les discriminations dans le secteur « {s} » restent largement sous-déclarées.
Cette mesure figure dans le plan d'action interfédéral contre le racisme depuis {year}.
Elle demande un budget pluriannuel et un calendrier public.
Les victimes doivent pouvoir être accompagnées par une association de leur choix.
Un rapport annuel au parlement permettra d'en suivre la mise en œuvre.
Les communes qui l'appliquent déjà montrent qu'elle est réaliste.
La mesure vise en particulier les personnes racisées et les personnes étrangères.
""",
    "\n",
)
REC_SENTENCES_NL = words(
    """
De verenigingen stellen vast dat discriminatie in de sector '{s}' grotendeels ongemeld blijft.
Deze maatregel staat sinds {year} in het interfederaal actieplan tegen racisme.
Ze vraagt een meerjarig budget en een openbare planning.
Een jaarlijks verslag aan het parlement maakt de opvolging mogelijk.
""",
    "\n",
)
COMMITMENT_PATTERNS = words(
    """
Plan {who} {year} : {obj}
Accord de gouvernement {year} — {obj}
Circulaire relative à {obj}
Budget {year} : moyens pour {obj}
Ordonnance sur {obj}
Note de politique générale {year} ({obj})
Réponse à la question parlementaire sur {obj}
""",
    "\n",
)
UPDATE_NOTES = words(
    """
Annonce en commission parlementaire.
Le budget a été voté.
Un groupe de travail a été installé avec les associations.
Rien de neuf depuis la dernière évaluation.
Le texte est en deuxième lecture au gouvernement.
Premiers résultats publiés dans le rapport annuel.
Le calendrier a glissé de six mois.
Appel à projets lancé.
""",
    "\n",
) + ["", ""]  # a fifth of the updates have no note
# The share of commitments ending in each status (the coalition's latest view).
FINAL_STATUSES = {
    "implemented": 1,
    "partly_implemented": 3,
    "in_progress": 16,
    "announced": 30,
    "not_started": 15,
    "stalled": 20,
    "abandoned": 15,
}
LADDER = ["announced", "in_progress", "partly_implemented", "implemented"]
MINISTRIES = table("""
Emploi | Werk
Intérieur | Binnenlandse Zaken
Justice | Justitie
Santé | Volksgezondheid
Asile et Migration | Asiel en Migratie
Égalité des chances | Gelijke Kansen
Affaires sociales | Sociale Zaken
""")
ENTITIES = table("""
region-bruxelles | Bruxelles-Capitale | Brussels Hoofdstedelijk Gewest
region-wallonne | Wallonie | Wallonië
region-flamande | Flandre | Vlaanderen
communaute-francaise | Fédération Wallonie-Bruxelles | Federatie Wallonië-Brussel
communaute-flamande | Communauté flamande | Vlaamse Gemeenschap
communaute-germanophone | Communauté germanophone | Duitstalige Gemeenschap
""")


def levels() -> dict:
    """The app's levels (commitments/demo.py), get or create by slug."""
    from plaidoyer.commitments.demo import LEVELS
    from plaidoyer.commitments.models import Level

    out = {}
    for position, (slug, tier, fr, nl, en, de) in enumerate(LEVELS):
        names = {"name": fr, "name_fr": fr, "name_nl": nl, "name_en": en, "name_de": de}
        out[slug] = Level.objects.get_or_create(
            slug=slug, defaults=names | {"tier": tier, "position": position}
        )[0]
    return out


def sectors() -> list:
    """The app's ten sectors (commitments/demo.py), get or create by code; shared
    by the barometer and the processes."""
    from plaidoyer.commitments.demo import SECTORS
    from plaidoyer.commitments.models import Sector

    out = []
    for position, (slug, code, fr, nl, en, *_rest) in enumerate(SECTORS):
        sector = Sector.objects.filter(code=code).first()
        if sector is None:
            taken = Sector.objects.filter(slug=slug).exists()
            sector = Sector.objects.create(
                slug=f"{slug}-{code.lower()}" if taken else slug,
                code=code,
                name=fr,
                name_fr=fr,
                name_nl=nl,
                name_en=en,
                position=position,
            )
        out.append(sector)
    return out


def _authorities(lv: dict, rng: random.Random) -> list:
    """~300: governments, parliaments, ministers, provinces, 250 communes."""
    from plaidoyer.commitments.models import Authority
    from plaidoyer.places.models import Municipality, Province

    existing = set(Authority.objects.values_list("slug", flat=True))
    taken_towns = set(
        Authority.objects.exclude(municipality=None).values_list(
            "municipality_id", flat=True
        )
    )
    rows = []

    def add(slug, kind, level, fr, nl="", **extra):
        if slug not in existing:
            existing.add(slug)
            rows.append(
                Authority(
                    slug=slug,
                    kind=kind,
                    level=lv[level],
                    name=fr,
                    name_fr=fr,
                    name_nl=nl or None,
                    **extra,
                )  # fmt: skip
            )

    add("gouvernement-federal", "government", "federal", "Gouvernement fédéral",
        "Federale regering")  # fmt: skip
    add("chambre", "parliament", "federal", "Chambre des représentants",
        "Kamer van volksvertegenwoordigers")  # fmt: skip
    for i, (fr, nl) in enumerate(MINISTRIES):
        add(f"ministre-federal-{i}", "minister", "federal",
            f"Ministre fédéral·e — {fr}", f"Federaal minister — {nl}")  # fmt: skip
    add("spf-interieur", "administration", "federal", "SPF Intérieur",
        "FOD Binnenlandse Zaken")  # fmt: skip
    add("spf-emploi", "administration", "federal", "SPF Emploi", "FOD Werkgelegenheid")
    for slug, fr, nl in ENTITIES:
        add(f"gouvernement-{slug}", "government", slug, f"Gouvernement — {fr}",
            f"Regering — {nl}")  # fmt: skip
        add(f"parlement-{slug}", "parliament", slug, f"Parlement — {fr}",
            f"Parlement — {nl}")  # fmt: skip
        for i in range(2):
            add(f"ministre-{slug}-{i}", "minister", slug, f"Ministre {i + 1} — {fr}",
                f"Minister {i + 1} — {nl}")  # fmt: skip
    for province in Province.objects.order_by("nis_code"):
        add(f"province-{province.slug}", "province", "provinces",
            f"Province — {province.name}", province=province)  # fmt: skip
    towns = list(Municipality.objects.order_by("nis_code"))
    big = [t for t in towns if t.nis_code in BIG_TOWNS]
    others = [t for t in towns if t.nis_code not in BIG_TOWNS]
    for town in big + rng.sample(others, min(len(others), 250 - len(big))):
        if town.pk not in taken_towns:
            add(f"commune-{town.slug}", "municipality", "communes",
                f"Commune de {town.name_fr or town.name}",
                f"Gemeente {town.name_nl or town.name}", municipality=town)  # fmt: skip
    Authority.objects.bulk_create(rows, batch_size=500)
    return list(Authority.objects.select_related("level").order_by("id"))


def _update_path(rng: random.Random, final: str, n: int) -> list[str]:
    """Coalition statuses for ``n`` updates, starting "announced", ending ``final``."""
    if n == 1:
        return [final]
    if final in LADDER:
        top = LADDER.index(final)
    elif final == "stalled":
        top = rng.choice([0, 1, 1, 2])
    elif final == "abandoned":
        top = rng.choice([0, 0, 1])
    else:  # not started: announced, then nothing happened
        top = 0
    middle = sorted(rng.randint(0, top) for _ in range(n - 2))
    return ["announced", *[LADDER[i] for i in middle], final]


def _progress(status: str, rng: random.Random) -> int | None:
    if status == "in_progress":
        return rng.randrange(10, 55, 5)
    if status == "partly_implemented":
        return rng.randrange(50, 95, 5)
    return 100 if status == "implemented" else None


def _memoranda():
    from plaidoyer.commitments.models import Memorandum

    State = Memorandum.State
    old = Memorandum.objects.get_or_create(
        edition=1,
        defaults={"title": "Mémorandum 2019", "title_fr": "Mémorandum 2019",
                  "title_nl": "Memorandum 2019", "slug": "memorandum-2019",
                  "year": 2019, "published_on": datetime.date(2019, 3, 21),
                  "state": State.SUPERSEDED},
    )[0]  # fmt: skip
    memo = Memorandum.objects.get_or_create(
        edition=2,
        defaults={"title": "Mémorandum 2024", "title_fr": "Mémorandum 2024",
                  "title_nl": "Memorandum 2024", "slug": "memorandum-2024",
                  "year": 2024, "published_on": datetime.date(2024, 3, 21),
                  "state": State.PUBLISHED,
                  "introduction_fr": "Nos propositions pour les législatures 2024-2029."},
    )[0]  # fmt: skip
    published = Memorandum.objects.filter(state=State.PUBLISHED)
    published.exclude(pk=memo.pk).update(state=State.SUPERSEDED)
    return old, memo


def _recommendations(rng, n_recs, secs, lv, memo_old, memo) -> list:
    """A hundred per sector, titles from verb × object × qualifier; their levels,
    themes and memorandum items (most were already in 2019, worded differently)."""
    from plaidoyer.commitments.demo import SECTORS
    from plaidoyer.commitments.models import MemorandumItem, Recommendation
    from plaidoyer.commitments.services import refresh_search
    from plaidoyer.organisations.models import Theme

    sector_levels = {row[1]: row[6] for row in SECTORS}
    themes = list(Theme.objects.all())
    org_ids = published_org_ids(5000)
    per_sector = -(-n_recs // len(secs))
    combos = list(
        itertools.product(
            range(len(REC_VERBS)), range(len(REC_OBJECTS)), range(len(REC_QUALIFIERS))
        )
    )
    recs = []
    for sector in secs:
        for n, (v, o, q) in enumerate(rng.sample(combos, per_sector), start=1):
            if len(recs) >= n_recs:
                break
            (vf, vn, ve), (of, on, oe) = REC_VERBS[v], REC_OBJECTS[o]
            qf, qn, qe = REC_QUALIFIERS[q]
            title_fr = f"{vf} {of}{qf}"
            title_nl = (
                f"{on[0].upper()}{on[1:]} {vn}{qn}" if rng.random() < 0.6 else None
            )
            title_en = f"{ve} {oe}{qe}" if rng.random() < 0.3 else None
            year = rng.choice([2016, 2019, 2021, 2023])
            text_fr = " ".join(
                t.format(s=sector.name_fr.lower(), year=year)
                for t in rng.sample(REC_SENTENCES, rng.randint(2, 4))
            )
            text_nl = None
            if title_nl:
                text_nl = " ".join(
                    t.format(s=sector.name_nl.lower(), year=year)
                    for t in rng.sample(REC_SENTENCES_NL, 2)
                )
            rec = Recommendation(
                code=f"{sector.code}-{n:03d}",
                sector=sector,
                title=title_fr,
                title_fr=title_fr,
                title_nl=title_nl,
                title_en=title_en,
                text=text_fr,
                text_fr=text_fr,
                text_nl=text_nl,
                priority=rng.choices(["high", "medium", "low"], [25, 55, 20])[0],
                origin_organisation_id=rng.choice(org_ids)
                if org_ids and rng.random() < 0.2
                else None,
            )
            refresh_search(rec)
            recs.append(rec)
    Recommendation.objects.bulk_create(recs, batch_size=500)
    level_rows, theme_rows, items = [], [], []
    through_levels = Recommendation.levels.through
    through_themes = Recommendation.themes.through
    for position, rec in enumerate(recs, start=1):
        slugs = sector_levels[rec.sector.code]
        for slug in rng.sample(slugs, rng.randint(1, min(3, len(slugs)))):
            level_rows.append(
                through_levels(recommendation_id=rec.pk, level_id=lv[slug].pk)
            )
        if themes:
            for theme in rng.sample(themes, rng.choice([0, 1, 1, 2])):
                theme_rows.append(
                    through_themes(recommendation_id=rec.pk, theme_id=theme.pk)
                )
        items.append(
            MemorandumItem(memorandum=memo, recommendation=rec, position=position,
                           title=rec.title_fr, title_fr=rec.title_fr,
                           title_nl=rec.title_nl, title_en=rec.title_en,
                           text=rec.text_fr, text_fr=rec.text_fr, text_nl=rec.text_nl)
        )  # fmt: skip
        if rng.random() < 0.7:
            old = rec.title_fr.replace(" d'ici 2027", " d'ici 2024")
            items.append(
                MemorandumItem(memorandum=memo_old, recommendation=rec,
                               position=position, title=old, title_fr=old,
                               text=rec.text_fr, text_fr=rec.text_fr)
            )  # fmt: skip
    through_levels.objects.bulk_create(level_rows, batch_size=2000)
    through_themes.objects.bulk_create(theme_rows, batch_size=2000)
    MemorandumItem.objects.bulk_create(items, batch_size=1000)
    log(f"  {len(recs):,} recommendations, {len(items):,} memorandum items")
    return recs


def seed(n_recs: int, n_commitments: int, n_updates: int) -> None:
    """The memorandum, the authorities, ``n_commitments`` commitments and exactly
    ``n_updates`` status updates. Each commitment's status, progress, authority
    status and last update come from its latest updates by (date, id); each
    recommendation's barometer status from ``barometer_status_for``."""
    from django.db import transaction
    from django.utils import timezone, translation

    from plaidoyer.commitments.models import Commitment, Recommendation, StatusUpdate
    from plaidoyer.commitments.services import barometer_status_for
    from plaidoyer.core import versions

    if Recommendation.objects.count() >= n_recs:
        return
    rng = random.Random(SEED)
    today, now, t0 = timezone.localdate(), timezone.now(), time.monotonic()
    with translation.override("fr"), transaction.atomic():
        by = coordinator()
        lv = levels()
        secs = sectors()
        authorities = _authorities(lv, rng)
        recs = _recommendations(rng, n_recs, secs, lv, *_memoranda())
        # How often each recommendation is the object of a commitment: skewed, and
        # a sixth have none at all (the barometer's "no commitment yet").
        order = list(range(len(recs)))
        rng.shuffle(order)
        weight = [0.0] * len(recs)
        for rank, i in enumerate(order):
            weight[i] = 0.0 if rank >= len(recs) * 5 // 6 else 1 / (rank + 3) ** 0.5
        by_sector: dict[int, list[int]] = {}
        for i, rec in enumerate(recs):
            if weight[i]:
                by_sector.setdefault(rec.sector_id, []).append(i)
        kinds = {
            "government": 30,
            "minister": 20,
            "parliament": 8,
            "administration": 10,
        }
        auth_weight = [
            kinds.get(a.kind, 6 if a.kind == "province" else 1)
            * (4 if a.municipality_id and a.municipality.nis_code in BIG_TOWNS else 1)
            for a in authorities
        ]
        # Status updates per commitment: 1..19, then nudged to the exact total.
        counts = [rng.randint(1, 19) for _ in range(n_commitments)]
        diff = n_updates - sum(counts)
        while diff:
            i = rng.randrange(n_commitments)
            if diff > 0 and counts[i] < 40:
                counts[i] += 1
                diff -= 1
            elif diff < 0 and counts[i] > 1:
                counts[i] -= 1
                diff += 1
        rec_cum = list(itertools.accumulate(weight))
        auth_cum = list(itertools.accumulate(auth_weight))
        start = datetime.date(2019, 6, 1)
        span = (today - datetime.timedelta(days=60) - start).days
        plans, objs = [], []
        for c in range(n_commitments):
            authority = rng.choices(authorities, cum_weights=auth_cum)[0]
            first = rng.choices(range(len(recs)), cum_weights=rec_cum)[0]
            chosen = [first]
            same = by_sector.get(recs[first].sector_id, [])
            for _ in range(rng.choices([0, 1, 2], [70, 22, 8])[0]):
                if same:
                    chosen.append(rng.choice(same))
            chosen = list(dict.fromkeys(chosen))
            committed_on = start + datetime.timedelta(days=rng.randrange(span))
            n = counts[c]
            days_left = (today - committed_on).days
            dates = [committed_on] + sorted(
                committed_on + datetime.timedelta(days=rng.randint(1, days_left))
                for _ in range(n - 1)
            )
            final = rng.choices(list(FINAL_STATUSES), list(FINAL_STATUSES.values()))[0]
            rows = []  # (date, source, status, progress, note, evidence)
            for k, (day, status) in enumerate(
                zip(dates, _update_path(rng, final, n), strict=True)
            ):
                source = "coalition"
                if 0 < k < n - 1 and rng.random() < 0.15:
                    source = "authority"
                    if status in LADDER:
                        status = LADDER[min(3, LADDER.index(status) + 1)]
                progress = _progress(status, rng)
                note = "Engagement enregistré." if k == 0 else rng.choice(UPDATE_NOTES)
                evidence = (
                    f"https://example.org/preuve/{c}-{k}" if rng.random() < 0.3 else ""
                )
                rows.append((day, source, status, progress, note, evidence))
            latest = [r for r in rows if r[1] == "coalition"][-1]
            own = ([r for r in rows if r[1] == "authority"] or [None])[-1]
            obj = REC_OBJECTS[rng.randrange(len(REC_OBJECTS))][0]
            title = rng.choice(COMMITMENT_PATTERNS).format(
                who=authority.level.name_fr.lower(), year=committed_on.year, obj=obj
            )[:300]
            due = rng.choice([365, 730, 1095]) if rng.random() < 0.4 else None
            objs.append(
                Commitment(
                    authority=authority,
                    title=title,
                    title_fr=title,
                    description="",
                    committed_on=committed_on,
                    due_on=committed_on + datetime.timedelta(days=due) if due else None,
                    source_url=f"https://example.org/engagement/{c}"
                    if rng.random() < 0.6
                    else "",
                    status=latest[2],
                    progress=latest[3],
                    authority_status=own[2] if own else "",
                    authority_progress=own[3] if own else None,
                    last_update_on=max(latest[0], own[0] if own else latest[0]),
                )
            )
            plans.append((chosen, rows))
        Commitment.objects.bulk_create(objs, batch_size=2000)
        through = Commitment.recommendations.through
        links, statuses_of = [], {}
        for commitment, (chosen, _rows) in zip(objs, plans, strict=True):
            for i in chosen:
                links.append(
                    through(commitment_id=commitment.pk, recommendation_id=recs[i].pk)
                )
                statuses_of.setdefault(i, []).append(commitment.status)
        through.objects.bulk_create(links, batch_size=5000)
        log(f"  {len(objs):,} commitments, {len(links):,} links")

        # Status updates with COPY; created_at follows the date (never after now).
        latest_allowed = now - datetime.timedelta(hours=1)

        def update_rows():
            for commitment, (_chosen, rows) in zip(objs, plans, strict=True):
                for k, (day, source, status, progress, note, evidence) in enumerate(
                    rows
                ):
                    created = aware(day, 9, 0) + datetime.timedelta(minutes=k)
                    yield (commitment.pk, day, source, status, progress, note,
                           evidence, "", by.pk, min(created, latest_allowed))  # fmt: skip

        fields = ["commitment", "date", "source", "status", "progress", "note"]
        fields += ["evidence_url", "evidence_file", "author", "created_at"]
        n_copied = copy_rows(StatusUpdate, fields, update_rows())
        by_status: dict[str, list[int]] = {}
        for i, rec in enumerate(recs):
            status = barometer_status_for(statuses_of.get(i, []))
            by_status.setdefault(status, []).append(rec.pk)
        for status, pks in by_status.items():
            Recommendation.objects.filter(pk__in=pks).update(barometer_status=status)
        versions.bump("barometer")
    vacuum_analyze(
        ["commitments_statusupdate", "commitments_commitment",
         "commitments_commitment_recommendations", "commitments_recommendation",
         "commitments_memorandumitem"]
    )  # fmt: skip
    log(f"  {n_copied:,} status updates; seeded in {time.monotonic() - t0:.1f} s")


def describe() -> dict:
    from django.db.models import Count

    from plaidoyer.commitments.models import (
        Authority,
        Commitment,
        Memorandum,
        MemorandumItem,
        Recommendation,
        StatusUpdate,
    )

    top = list(
        Recommendation.objects.annotate(n=Count("commitments"))
        .order_by("-n")
        .values_list("code", "n")[:3]
    )
    updates = StatusUpdate.objects
    return {
        "recommendations": Recommendation.objects.count(),
        "current_memorandum_items": MemorandumItem.objects.filter(
            memorandum__state=Memorandum.State.PUBLISHED
        ).count(),
        "authorities": Authority.objects.count(),
        "commitments": Commitment.objects.count(),
        "commitment_links": Commitment.recommendations.through.objects.count(),
        "status_updates": updates.count(),
        "barometer_status": dict(
            Counter(Recommendation.objects.values_list("barometer_status", flat=True))
        ),
        "largest_recommendations": [
            {
                "code": code,
                "commitments": n,
                "status_updates": updates.filter(
                    commitment__recommendations__code=code
                ).count(),
            }
            for code, n in top
        ],
        "without_commitment": Recommendation.objects.filter(commitments=None).count(),
    }


def endpoints() -> tuple[list[Endpoint], list[tuple[str, str]]]:
    """The barometer, the current memorandum (100-item pages), recommendations."""
    from django.db.models import Count

    from plaidoyer.commitments.models import MemorandumItem, Recommendation
    from plaidoyer.commitments.selectors import current_memorandum

    memo = current_memorandum()
    items = MemorandumItem.objects.filter(memorandum=memo).count()
    pages = min(max(1, -(-items // 100)), 10)
    current = Recommendation.objects.filter(items__memorandum=memo)
    codes = list(current.order_by("sort_key").values_list("code", flat=True))
    ranked = list(
        current.annotate(n=Count("commitments"))
        .order_by("-n", "code")
        .values_list("code", "n")
    )
    largest, median = ranked[:3], ranked[len(ranked) // 2]
    rng = random.Random(3)
    top = [c for c, _n in largest]
    rotation = top + rng.sample(
        [c for c in codes if c not in top], min(47, len(codes) - 3)
    )
    rng.shuffle(rotation)
    rng.shuffle(all_codes := codes[:])
    rec = "/fr/recommendations/{}/".format
    memo_paths = ["/fr/memorandum/"]
    memo_paths += [f"/fr/memorandum/?page={p}" for p in range(2, pages + 1)]
    eps = [
        PING,
        Endpoint("barometer", "barometer", ["/fr/barometer/"],
                 f"{len(codes):,} recommendations in the current memorandum"),
        Endpoint("memorandum", "memorandum", memo_paths,
                 f"{items:,} items, 100 a page: pages 1–{pages} rotate"),
        Endpoint("recommendation", "recommendation page", [rec(c) for c in rotation],
                 f"{len(rotation)} codes rotate, incl. the 3 with most commitments "
                 f"({', '.join(f'{c}: {n}' for c, n in largest)}); median {median[1]}"),
        info("recommendation_all", "recommendation, all codes",
             [rec(c) for c in all_codes],
             f"all {len(all_codes):,} codes rotate: each worker renders each one "
             f"before its cache can answer ({cache_size()})"),
        info("barometer_miss", "barometer, cache miss", ["/fr/barometer/"],
             "a new URL each request: rendered every time", unique=True),
    ]  # fmt: skip
    query_pages = [
        ("barometer", "/fr/barometer/"),
        ("memorandum, page 1", "/fr/memorandum/"),
        (f"recommendation {largest[0][0]} ({largest[0][1]} commitments)",
         rec(largest[0][0])),
        (f"recommendation {median[0]} ({median[1]} commitments)", rec(median[0])),
    ]  # fmt: skip
    return eps, query_pages


def measure_invalidation(stack, load: Endpoint, trials: tuple[int, int]) -> dict:
    """How long a status update takes to show, idle and under load.

    In this process (another client of the same database, like a coordinator on
    another app server) ``record_status_update`` makes a commitment of a
    not-yet-implemented recommendation "implemented"; the barometer page (its
    "Implemented" count and the first of "Latest status changes"), the
    recommendation's page and the API are polled until each shows it. The delay
    runs from the commit to the first answer that shows it."""
    from django.utils import timezone, translation

    from plaidoyer.commitments import services
    from plaidoyer.commitments.models import BarometerStatus, Recommendation
    from plaidoyer.commitments.selectors import current_memorandum

    by = coordinator()
    in_memo = Recommendation.objects.filter(items__memorandum=current_memorandum())
    candidates = list(
        in_memo.exclude(barometer_status__in=["implemented", "no_commitment"])
        .order_by("id")
        .values_list("pk", flat=True)
    )
    n_load, n_idle = trials
    picks = random.Random(11).sample(candidates, min(len(candidates), n_load + n_idle))
    with translation.override("fr"):
        label = html.escape(str(BarometerStatus.IMPLEMENTED.label))

    def barometer_shows(body: str, implemented: int, commitment: int) -> bool:
        start = body.find('id="overall-title"')
        chart = (
            body[start : body.find('id="sector-title"', start)] if start >= 0 else ""
        )
        first = re.search(r'class="timeline">.*?href="/[a-z]{2}/commitments/(\d+)/"', body, re.S)  # fmt: skip
        return f"<title>{label}: {implemented}</title>" in chart and bool(
            first and int(first.group(1)) == commitment
        )

    def trial(pk: int) -> dict:
        rec = Recommendation.objects.get(pk=pk)
        commitment = rec.commitments.order_by("id").first()
        t0 = time.perf_counter()
        services.record_status_update(
            by=by, commitment=commitment, date=timezone.localdate(),
            status="implemented", progress=100,
            note="Benchmark: cache invalidation probe.",
        )  # fmt: skip
        committed = time.perf_counter()
        implemented = in_memo.filter(barometer_status="implemented").count()
        status_re = r'<h1>.*?class="status status-([a-z_]+)"'
        probes = {
            "barometer page": (
                "/fr/barometer/",
                lambda b: barometer_shows(b, implemented, commitment.pk),
            ),
            "recommendation page": (
                f"/fr/recommendations/{rec.code}/",
                lambda b: (
                    (m := re.search(status_re, b, re.S)) is not None
                    and m.group(1) == "implemented"
                ),
            ),
            "API": (
                f"/api/v1/barometer/recommendations/{rec.code}",
                lambda b: json.loads(b).get("barometer_status") == "implemented",
            ),
        }
        seen: dict[str, float] = {}
        while len(seen) < len(probes) and time.perf_counter() - committed < 10:
            for name, (path, shows) in probes.items():
                if name in seen:
                    continue
                try:
                    status, body = fetch(stack.server.base + path, timeout=5)
                except OSError:
                    status, body = 0, b""
                if status == 200 and shows(body.decode("utf-8", "replace")):
                    seen[name] = time.perf_counter() - committed
            time.sleep(0.005)
        return {
            "code": rec.code,
            "write_ms": round((committed - t0) * 1000, 1),
            "delay_ms": {k: round(v * 1000, 1) for k, v in seen.items()},
            "not_seen_within_10_s": [k for k in probes if k not in seen],
        }

    out: dict = {"idle": [], "under_load": []}
    log(f"  cache invalidation: {n_idle} status updates on an idle server…")
    for pk in picks[n_load:]:
        out["idle"].append(trial(pk))
        time.sleep(0.5)
    seconds = 3 + 3 * n_load
    log(f"  cache invalidation: {n_load} while wrk loads the pages ({seconds} s)…")
    proc = wrk(stack.server.base, load, stack.args.connections, seconds, stack.tmp,
               background=True)  # fmt: skip
    try:
        time.sleep(2)
        for pk in picks[:n_load]:
            out["under_load"].append(trial(pk))
            time.sleep(1.0)
    finally:
        m = wrk_result(proc)
    out["load"] = {"rps": round(m.rps, 1), "p99_ms": m.p99_ms, "errors": m.errors}
    worst = [
        float("inf")
        if t["not_seen_within_10_s"]
        else max(t["delay_ms"].values(), default=float("inf"))
        for t in out["idle"] + out["under_load"]
    ]
    out["ok"] = bool(worst) and max(worst) <= MAX_INVALIDATION_MS
    # None: some page did not show the update within 10 s (JSON has no infinity).
    out["max_delay_ms"] = max(worst) if worst and max(worst) < float("inf") else None
    for phase in ("idle", "under_load"):
        for t in out[phase]:
            log(
                f"    {phase:<10} {t['code']:<8} write {t['write_ms']:6.1f} ms; shown "
                "after " + ", ".join(f"{k} {v:.0f} ms" for k, v in t["delay_ms"].items())
                + (f"; NOT SEEN: {t['not_seen_within_10_s']}" if t["not_seen_within_10_s"] else "")
            )  # fmt: skip
    log(f"    load meanwhile: {m.rps:.0f} req/s, p99 {m.p99_ms:.0f} ms")
    return out


def run(stack, args) -> dict:
    log(
        f"\n[barometer] seeding {args.recommendations:,} recommendations, "
        f"{args.commitments:,} commitments, {args.updates:,} status updates"
    )
    seed(args.recommendations, args.commitments, args.updates)
    data = describe() | {"organisations": org_count()}
    stack.server.start()
    try:
        eps, query_pages = endpoints()
        results = stack.measure_pages(eps)
        mix = info("barometer_mix", "barometer, memorandum and recommendation pages",
                   eps[1].paths + eps[2].paths + eps[3].paths, "")  # fmt: skip
        invalidation = measure_invalidation(stack, mix, args.invalidation_trials)
    finally:
        stack.server.stop()
    results = [asdict(m) for m in results]
    met = all(all(r["checks"].values()) for r in results if r["checks"])
    profile = (
        profile_pages(eps, args.profile_file, parts=False) if args.profile else None
    )
    return {
        "targets": {
            "invalidation": invalidation["ok"],
            "all": met and invalidation["ok"],
        },
        "data": data,
        "results": results,
        "invalidation": invalidation,
        "queries": query_counts(query_pages),
        "profile": profile,
    }


def show(report: dict) -> None:
    print_pages("barometer", report["results"])
    inv = report["invalidation"]
    slowest = inv["max_delay_ms"]
    print(
        "cache invalidation: slowest "
        + ("not seen within 10 s" if slowest is None else f"{slowest:.0f} ms")
        + f" (target ≤ {MAX_INVALIDATION_MS:g} ms): {verdict(inv['ok'])}"
    )
    print_queries(report["queries"])


INTRO = """
Barometer, memorandum and recommendation pages at 1,000 recommendations, 20,000
commitments and 200,000 status updates. Targets: each page ≥ 40 % of /ping's
req/s with p99 ≤ 100 ms; a status update shows on them within 1 s (cache
invalidation, idle and under load). Figures: /ping's req/s, each page's share of
it (p99 ms), the slowest invalidation.
"""


def summary(report: dict) -> dict[str, str]:
    inv = report.get("invalidation") or {}
    slowest = inv.get("max_delay_ms")
    row = page_figures(report["results"], ["barometer", "memorandum", "recommendation"])
    return row | {
        "invalidation, slowest": "—"
        if not inv
        else ("> 10 s" if slowest is None else f"{slowest:.0f} ms"),
        "all met": "yes" if report["targets"]["all"] else "no",
    }
