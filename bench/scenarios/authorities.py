"""Authorities' replies (issue 18): an authority with 200 commitments, each with
the coalition's assessment and the authority's own published reply (a status
update and its reply row, with who sent it), two contacts and three rounds of
requests for news; a second authority with 20 commitments alike. Authority page
≥ 60 % of /ping cached, ≤ 25 ms CPU on a cache miss, the same queries at 20 and
at 200 commitments.

Seeded with the app's own models (a level, a sector and 50 recommendations of
their own, a memorandum only when none is published); denormalised columns as
the services set them.
"""

from __future__ import annotations

import datetime
import random

from ..harness import PING, Endpoint, log, miss
from ..report import page_summary, show_pages, verdict
from . import aware, coordinator, names, read_report, serve_pages

TITLE = "Authorities' replies benchmark (issue 18)"
SEED = 18
BIG, SMALL = "bench-autorite-200", "bench-autorite-20"
SIZES = {BIG: 200, SMALL: 20}
MIN_RATIO = 0.60
MAX_MISS_CPU_MS = 25.0


def _recommendations(by):
    from plaidoyer.commitments.models import (
        Level,
        Memorandum,
        MemorandumItem,
        Recommendation,
        Sector,
    )

    level, _ = Level.objects.get_or_create(
        slug="bench-replies",
        defaults=names("name", "Niveau des réponses", "Antwoordniveau")
        | {"tier": "municipality", "position": 90},
    )
    sector, _ = Sector.objects.get_or_create(
        code="BRE",
        defaults=names("name", "Réponses", "Antwoorden")
        | {"slug": "bench-reponses", "position": 90},
    )
    recs = []
    for i in range(1, 51):
        title = f"Recommandation de test {i}"
        rec, created = Recommendation.objects.get_or_create(
            code=f"BRE-{i}",
            defaults=names("title", title, f"Testaanbeveling {i}")
            | {"sector": sector, "sort_key": f"BRE-{i:04d}"},
        )
        if created:
            rec.levels.add(level)
        recs.append(rec)
    memo = Memorandum.objects.filter(state=Memorandum.State.PUBLISHED).first()
    if memo is None:
        memo = Memorandum.objects.create(
            **names("title", "Mémorandum de test"),
            slug="bench-replies",
            edition=90,
            year=2024,
            state=Memorandum.State.PUBLISHED,
        )
    MemorandumItem.objects.bulk_create(
        [
            MemorandumItem(
                memorandum=memo, recommendation=r, title=r.title, position=900 + i
            )
            for i, r in enumerate(recs)
        ],
        ignore_conflicts=True,
    )
    return level, recs


def seed() -> None:
    from django.db import transaction
    from django.utils import timezone

    from plaidoyer.commitments.models import Authority, Commitment, StatusUpdate
    from plaidoyer.core import versions
    from plaidoyer.core.versions import Version
    from plaidoyer.replies.models import Contact, Reply, UpdateRequest

    rng = random.Random(SEED)
    by = coordinator()
    today = timezone.localdate()
    with transaction.atomic():
        level, recs = _recommendations(by)
        for slug, n in SIZES.items():
            if Authority.objects.filter(slug=slug).exists():
                continue
            authority = Authority.objects.create(
                **names("name", f"Autorité de test ({n} engagements)"),
                slug=slug,
                kind="municipality",
                level=level,
            )
            contacts = Contact.objects.bulk_create(
                [
                    Contact(
                        authority=authority,
                        name=f"Échevine {k}",
                        role="Échevine de l'égalité des chances",
                        email=f"contact{k}@{slug}.example.org",
                        language="fr",
                    )
                    for k in range(2)
                ]
            )
            for r in range(3):
                asked = aware(today - datetime.timedelta(days=365 * r + 30))
                UpdateRequest.objects.create(
                    authority=authority,
                    kind="yearly",
                    asked_at=asked,
                    asked_by=by,
                    answered_at=asked + datetime.timedelta(days=9) if r else None,
                )
            for i in range(n):
                committed = today - datetime.timedelta(days=rng.randint(200, 900))
                own, theirs = rng.choice(
                    [
                        ("in_progress", "announced"),
                        ("implemented", "partly_implemented"),
                        ("partly_implemented", "in_progress"),
                    ]
                )
                day = committed + datetime.timedelta(days=100)
                commitment = Commitment.objects.create(
                    authority=authority,
                    **names("title", f"Engagement {i + 1} de {slug}"),
                    committed_on=committed,
                    status=theirs,
                    authority_status=own,
                    authority_progress=60,
                    last_update_on=day,
                )
                commitment.recommendations.add(recs[i % len(recs)])
                StatusUpdate.objects.create(
                    commitment=commitment,
                    date=day,
                    status=theirs,
                    note="Évaluation de la coalition.",
                    author=by,
                )
                update = StatusUpdate.objects.create(
                    commitment=commitment,
                    date=day,
                    source="authority",
                    status=own,
                    progress=60,
                    note="Le plan est en cours <b>selon nous</b>.",
                    evidence_url=f"https://www.example.org/{slug}/{i}",
                    author=by,
                )
                Reply.objects.create(
                    contact=contacts[i % 2],
                    authority=authority,
                    commitment=commitment,
                    status=own,
                    progress=60,
                    comment="Le plan est en cours <b>selon nous</b>.",
                    response="L'évaluation oublie le budget voté en juin.",
                    evidence_url=f"https://www.example.org/{slug}/{i}",
                    state="accepted",
                    moderated_at=aware(day),
                    moderated_by=by,
                    update=update,
                )
        for version in Version:
            versions.bump(version)


def describe() -> dict:
    from plaidoyer.commitments.models import Commitment
    from plaidoyer.replies.models import Reply

    return {
        slug: {
            "commitments": Commitment.objects.filter(authority__slug=slug).count(),
            "published_replies": Reply.objects.filter(
                authority__slug=slug, state="accepted"
            ).count(),
        }
        for slug in SIZES
    }


def endpoints() -> tuple[list[Endpoint], list[tuple[str, str]]]:
    page = "/fr/authorities/{}/".format
    eps = [
        PING,
        Endpoint(
            "authority",
            "authority page",
            [page(BIG)],
            "200 commitments, each with the authority's own published reply",
            min_ratio=MIN_RATIO,
            max_p99_ms=None,
        ),
        miss("authority", "authority page", [page(BIG)]),
    ]
    query_pages = [
        ("authority, 200 commitments", page(BIG)),
        ("authority, 20 commitments", page(SMALL)),
    ]
    return eps, query_pages


def page_queries() -> dict[str, int]:
    """The queries of each authority page rendered (page cache off, data warm),
    less the data-version reads: those come and go with DATA_VERSION_TTL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client, out = Client(), {}
    with override_settings(PAGE_CACHE=False):
        for slug in SIZES:
            path = f"/fr/authorities/{slug}/"
            client.get(path, HTTP_HOST="127.0.0.1")
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, HTTP_HOST="127.0.0.1")
            out[slug] = sum(
                "core_dataversion" not in q["sql"] for q in ctx.captured_queries
            )
    connection.close()
    return out


def run(stack, args) -> dict:
    log("\n[authorities] seeding two authorities: 200 and 20 commitments with replies")
    seed()
    data = describe()
    eps, query_pages, results, _ = serve_pages(stack, endpoints)
    counts = page_queries()

    def check(queries: dict) -> dict:
        big = queries["authority, 200 commitments"]["render"]
        return {
            "queries_constant": counts[BIG] == counts[SMALL],
            "miss_cpu": big["cpu_ms"] <= MAX_MISS_CPU_MS,
        }

    return read_report(
        args, eps, results, query_pages, data=data, check=check, page_queries=counts
    )


def show(report: dict) -> None:
    show_pages("authorities", report)
    rows = report["queries"]
    big = rows["authority, 200 commitments"]["render"]
    print(
        f"authority page on a cache miss: CPU {big['cpu_ms']:.1f} ms "
        f"(target ≤ {MAX_MISS_CPU_MS:g} ms): {verdict(report['targets']['miss_cpu'])}"
    )
    counts = report.get("page_queries", {})
    print(
        "queries the same at 20 and 200 commitments "
        f"({counts.get(SMALL)} and {counts.get(BIG)}, data-version reads aside): "
        + verdict(report["targets"]["queries_constant"])
    )


INTRO = """
An authority with 200 commitments, each with its own published reply beside the
coalition's view. Targets: the authority page ≥ 60 % of /ping's req/s when
cached; ≤ 25 ms CPU when rendered (a cache miss, in-process); the same queries at
20 and at 200 commitments. Figures: /ping's req/s, the page's share of it (p99
ms), its CPU and queries on a miss.
"""


def summary(report: dict) -> dict[str, str]:
    rows = report.get("queries") or {}
    big = rows.get("authority, 200 commitments", {}).get("render", {})
    counts = report.get("page_queries") or {}
    return page_summary(
        report,
        ["authority"],
        **{
            "miss CPU ms": f"{big.get('cpu_ms', 0):.1f}",
            "queries 20/200": f"{counts.get(SMALL, '—')}/{counts.get(BIG, '—')}",
        },
    )
