"""Election pledges (issue 18): a pledge campaign with 20 parties × 100
recommendations, every party having answered most of them. The comparison page
≥ 60 % of /ping cached; ≤ 25 ms CPU on a cache miss; its queries the same as
for a campaign of 4 parties × 10 recommendations.

The sizes are fixed (the issue's figures) with or without --quick: they are
small, and the point is the page, not the data.
"""

from __future__ import annotations

import datetime
import random
import time

from ..harness import PING, Endpoint, log, miss
from ..report import page_summary, show_pages, verdict
from . import coordinator, names, read_report, serve_pages

TITLE = "Election pledges benchmark (issue 18)"
SEED = 2029
BIG, SMALL = "bench-pledges-2029", "bench-pledges-small"
SIZES = {BIG: (20, 100), SMALL: (4, 10)}
MIN_RATIO = 0.60
MAX_MISS_CPU_MS = 25.0
COMMENTS = [
    "",
    "",
    "Oui, dès la première année de législature.",
    "En partie : à financer dans le budget pluriannuel.",
    "Wij steunen dit, maar vragen een duidelijke timing.",
    "Notre programme dit <em>« d’abord évaluer »</em>.",
]


def _recommendations(n: int) -> list:
    from plaidoyer.commitments.models import Recommendation, Sector

    sector, _ = Sector.objects.get_or_create(
        code="ELEC", defaults={"slug": "bench-elections", "name": "Élections"}
    )
    have = list(Recommendation.objects.filter(sector=sector).order_by("sort_key"))
    new = [
        Recommendation(
            code=f"ELEC-{i + 1}",
            sector=sector,
            sort_key=f"ELEC-{i + 1:04d}",
            **names(
                "title",
                f"Recommandation {i + 1} : mesurer et réduire les discriminations",
                f"Aanbeveling {i + 1}: discriminatie meten en verminderen",
                f"Recommendation {i + 1}: measure and reduce discrimination",
                f"Empfehlung {i + 1}: Diskriminierung messen und verringern",
            ),
        )
        for i in range(len(have), n)
    ]
    Recommendation.objects.bulk_create(new)
    return list(Recommendation.objects.filter(sector=sector).order_by("sort_key"))[:n]


def seed() -> None:
    """Two campaigns (SIZES), each in its own election; parties answer 85 % of
    the recommendations, over the last thirty days."""
    from django.db import transaction
    from django.utils import timezone

    from plaidoyer.core import versions
    from plaidoyer.elections.models import Election, Party, Pledge, PledgeCampaign

    if PledgeCampaign.objects.filter(slug=BIG).exists():
        return
    rng = random.Random(SEED)
    now, t0 = timezone.now(), time.monotonic()
    with transaction.atomic():
        coordinator()
        recs = _recommendations(max(r for _p, r in SIZES.values()))
        for slug, (n_parties, n_recs) in SIZES.items():
            election = Election.objects.create(
                slug=slug,
                **names("title", f"Élections {slug}", f"Verkiezingen {slug}"),
                date=datetime.date(2029, 6, 10),
                level="federal",
            )
            campaign = PledgeCampaign.objects.create(
                election=election,
                slug=slug,
                **names("title", "Vos engagements 2029", "Uw engagementen 2029"),
                deadline=now + datetime.timedelta(days=60),
            )
            campaign.recommendations.set(recs[:n_recs])
            parties = Party.objects.bulk_create(
                Party(
                    election=election,
                    slug=f"party-{p + 1}",
                    name=f"Parti {p + 1} <Liste>",
                    position=p + 1,
                )
                for p in range(n_parties)
            )
            Pledge.objects.bulk_create(
                Pledge(
                    campaign=campaign,
                    recommendation=rec,
                    party=party,
                    answer=rng.choice(["yes", "yes", "partly", "no"]),
                    comment=rng.choice(COMMENTS),
                    answered_at=now - datetime.timedelta(minutes=rng.randint(0, 43200)),
                )
                for party in parties
                for rec in recs[:n_recs]
                if rng.random() < 0.85
            )
        versions.bump("elections")
    log(f"  pledge campaigns {SIZES} in {time.monotonic() - t0:.1f} s")


def describe() -> dict:
    from plaidoyer.elections.models import Party, Pledge

    return {
        "parties": Party.objects.filter(election__slug=BIG).count(),
        "pledges": Pledge.objects.filter(campaign__slug=BIG).count(),
    }


def _page(slug: str, lang: str = "fr") -> str:
    return f"/{lang}/elections/pledges/{slug}/"


def endpoints() -> tuple[list[Endpoint], list[tuple[str, str]]]:
    langs = ["fr", "nl", "en", "de"]
    eps = [
        PING,
        Endpoint(
            "comparison",
            "comparison page",
            [_page(BIG, lang) for lang in langs],
            "20 parties × 100 recommendations, in four languages",
            min_ratio=MIN_RATIO,
            max_p99_ms=None,
        ),
        Endpoint(
            "widget",
            "comparison widget",
            [_page(BIG, lang) + "widget/" for lang in langs],
            "the same table for an iframe",
            min_ratio=None,
            max_p99_ms=None,
        ),
        miss("comparison", "comparison page", [_page(BIG)]),
    ]
    query_pages = [
        ("comparison 20×100", _page(BIG)),
        ("comparison 4×10", _page(SMALL)),
        ("party page 20×100", _page(BIG) + "parties/party-1/"),
        ("party page 4×10", _page(SMALL) + "parties/party-1/"),
    ]
    return eps, query_pages


def fewest_queries(path: str, tries: int = 3) -> int:
    """The queries of a cache miss of ``path``, fewest of ``tries``: a request
    may also re-read the data versions (once a second per process), which one
    measured request catches or not."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client, counts = Client(), []
    with override_settings(PAGE_CACHE=False):
        for _ in range(tries):
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, HTTP_HOST="127.0.0.1")
            counts.append(len(ctx.captured_queries))
    connection.close()
    return min(counts)


def checks(queries: dict) -> dict[str, bool]:
    big = queries["comparison 20×100"]
    sizes = {
        page: [fewest_queries(_page(slug) + tail) for slug in (BIG, SMALL)]
        for page, tail in (("comparison", ""), ("party page", "parties/party-1/"))
    }
    log(f"  fewest queries at 20×100 and 4×10: {sizes}")
    return {
        "miss_cpu_within_25_ms": big["render"]["cpu_ms"] <= MAX_MISS_CPU_MS,
        "queries_constant": all(a == b for a, b in sizes.values()),
    }


def run(stack, args) -> dict:
    log("\n[elections] seeding pledge campaigns: 20 parties × 100 recommendations")
    seed()
    eps, query_pages, results, _ = serve_pages(stack, endpoints)
    return read_report(args, eps, results, query_pages, data=describe(), check=checks)


def show(report: dict) -> None:
    show_pages("elections", report)
    for name in ("miss_cpu_within_25_ms", "queries_constant"):
        print(f"{name}: {verdict(report['targets'][name])}")


INTRO = """
A pledge campaign with 20 parties × 100 recommendations. Targets: the
comparison page ≥ 60 % of /ping's req/s (cached); ≤ 25 ms CPU for it on a
cache miss; the same queries at 20×100 as at 4×10. The widget is shown.
Figures: /ping's req/s, each page's share of it (p99 ms), the miss's CPU.
"""


def summary(report: dict) -> dict[str, str]:
    big = (report.get("queries") or {}).get("comparison 20×100", {})
    cpu = big.get("render", {}).get("cpu_ms")
    return page_summary(
        report,
        ["comparison", "widget", "comparison_miss"],
        **{
            "miss CPU ms": f"{cpu:.1f}" if cpu is not None else "—",
            "queries": str(big.get("render", {}).get("queries", "—")),
        },
    )
