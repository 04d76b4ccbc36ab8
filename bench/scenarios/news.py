"""News site (issue 7): 50,000 articles over ten years (96 % published, 1 %
scheduled, 3 % drafts; 2–5 paragraphs, 20 % with a Dutch version, 0–3 themes),
20,000 resources, menu and footer pages, key figures, upcoming events. Home page
and news list ≥ 50 % of /ping with p99 ≤ 100 ms; site-wide search ≥ 25 %. The
search runs after the other read scenarios: it searches everything they seeded.
Search texts come from the app's own functions.
"""

from __future__ import annotations

import datetime
import random
import time

from ..harness import PING, Endpoint, log, miss
from ..report import page_summary, show_pages
from . import (
    names,
    org_count,
    published_org_ids,
    read_report,
    serve_pages,
    table,
    vacuum_analyze,
    words,
)
from .directory import BIG_TOWNS, PEOPLE

TITLE = "News site benchmark (issue 7)"
SEED = 2027
NEWS_MIN_RATIO, SEARCH_MIN_RATIO = 0.50, 0.25
# From very common to matching nothing at all (the slowest case).
SEARCH_WORDS = words(
    "racisme logement ecole interpretariat bruxelles mandela kafala", " "
)
KINDS = table("""
Communiqué | Persbericht
Analyse | Analyse
Témoignage | Getuigenis
Appel | Oproep
""")
SUBJECTS = words(
    """
le logement à {town}; les discriminations à l'embauche; le racisme à l'école
l'accueil des demandeurs d'asile; les contrôles au faciès; la mémoire coloniale
l'interprétariat dans les hôpitaux; le plan d'action contre le racisme
les droits des mineurs étrangers; la participation citoyenne à {town}
""",
    ";",
)
SENTENCES = table("""
fr | Les associations de {town} ont présenté leur bilan annuel devant une salle comble.
fr | Selon le dernier rapport, les plaintes pour discrimination ont augmenté de {n} %.
fr | La coalition demande au gouvernement de tenir ses engagements sur {theme}.
fr | Le projet, soutenu par {person}, a été salué par les acteurs de terrain.
fr | Le rapport recommande des tests de situation dans le logement et l'emploi.
fr | Une formation gratuite est proposée aux professionnels de {town}.
fr | L'école de devoirs accueille désormais {n} enfants chaque soir.
fr | Le conseil communal de {town} a adopté une motion contre le racisme.
nl | De verenigingen uit {town} stelden hun jaarverslag voor.
nl | De coalitie vraagt de regering haar engagementen over {theme} na te komen.
""")
RESOURCES = words(
    """
Guide pratique : {subject}; Fiche juridique — {subject}; Vidéo : {subject}
Rapport annuel {year} : {subject}; Outil pédagogique sur {subject}
""",
    ";",
)
PAGES = table("""
home | Bienvenue | | | Une coalition contre le racisme.
a-propos | À propos | menu | | Qui sommes-nous ?
missions | Nos missions | menu | | Plaider, relier, informer.
equipe | L'équipe | menu | | La coordination.
mentions-legales | Mentions légales | | footer | Éditeur.
vie-privee | Vie privée | | footer | Données personnelles.
""")


def _site(now) -> None:
    """Menu and footer pages, key figures, upcoming events for the home page."""
    from plaidoyer.core.text import search_blob
    from plaidoyer.events.models import Event
    from plaidoyer.news.models import Figure, Page

    for position, (slug, title, menu, footer, body) in enumerate(PAGES):
        defaults = names("title", title) | names("body", f"<p>{body}</p>")
        defaults |= {"in_menu": bool(menu), "in_footer": bool(footer)}
        Page.objects.get_or_create(
            slug=slug, defaults=defaults | {"position": position}
        )
    if not Figure.objects.exists():
        Figure.objects.bulk_create(
            Figure(
                **names("label", f"Signalements reçus par Unia ({series})"),
                value=1000 + 150 * k + 40 * s,
                date=datetime.date(2016 + k, 12, 31),
                **names("source", "Unia, rapport annuel"),
                series=series,
            )
            for s, series in enumerate(["emploi", "logement", "enseignement"])
            for k in range(8)
        )
    upcoming = Event.objects.filter(is_published=True, ends_at__gte=now).count()
    events = []
    for k in range(max(0, 8 - upcoming)):
        starts = now + datetime.timedelta(days=3 + 5 * k)
        title = f"Formation : déconstruire les stéréotypes ({k + 1})"
        events.append(
            Event(
                **names("title", title),
                slug=f"bench-formation-{k + 1}",
                kind="training",
                starts_at=starts,
                mode="online",
                ends_at=starts + datetime.timedelta(hours=3),
                search_text=search_blob(title),
            )
        )
    Event.objects.bulk_create(events)


def seed(articles: int, resources: int) -> None:
    from django.db import transaction
    from django.utils import timezone, translation
    from django.utils.text import slugify

    from plaidoyer.core import versions
    from plaidoyer.core.text import search_blob
    from plaidoyer.news.models import Article, Resource
    from plaidoyer.news.services import refresh_article_search
    from plaidoyer.organisations.models import Theme
    from plaidoyer.places.models import Municipality

    if Article.objects.count() >= articles:
        return
    rng = random.Random(SEED)
    now, t0 = timezone.now(), time.monotonic()
    with translation.override("fr"), transaction.atomic():
        themes = list(Theme.objects.all())
        org_ids = published_org_ids(3000)
        towns = [t.name_fr or t.name for t in Municipality.objects.order_by("nis_code")]
        big = Municipality.objects.filter(nis_code__in=list(BIG_TOWNS))
        big = [t.name_fr or t.name for t in big]
        theme_names = [t.name_fr.lower() for t in themes] or ["le racisme"]
        pools = {
            lang: [s for code, s in SENTENCES if code == lang] for lang in ["fr", "nl"]
        }

        def sentences(lang: str, k: int) -> str:
            return " ".join(
                rng.choice(pools[lang]).format(
                    town=rng.choice(big if rng.random() < 0.7 else towns),
                    n=rng.randint(3, 60),
                    theme=rng.choice(theme_names),
                    person=rng.choice(PEOPLE),
                )
                for _ in range(k)
            )

        def org() -> int | None:
            return rng.choice(org_ids) if org_ids and rng.random() < 0.4 else None

        start = now - datetime.timedelta(days=3650)
        objs, links = [], []
        through = Article.themes.through
        for i in range(articles):
            kind_fr, kind_nl = rng.choice(KINDS)
            subject = rng.choice(SUBJECTS).format(town=rng.choice(big))
            title = f"{kind_fr} : {subject[0].upper()}{subject[1:]}"
            roll = rng.random()
            status, publish_at = "draft", None
            if roll < 0.96:
                status = "published"
                seconds = int(3650 * 86400 * (i / articles)) + rng.randint(0, 3600)
                publish_at = start + datetime.timedelta(seconds=seconds)
            elif roll < 0.97:
                status = "scheduled"
                publish_at = now + datetime.timedelta(days=rng.randint(1, 30))
            paragraphs = rng.randint(2, 5)
            body = "".join(
                f"<p>{sentences('fr', rng.randint(2, 4))}</p>"
                for _ in range(paragraphs)
            )
            has_nl = rng.random() < 0.2
            body_nl = "".join(f"<p>{sentences('nl', 1)}</p>" for _ in range(2))
            article = Article(
                **names("title", title, f"{kind_nl}: {subject}" if has_nl else None),
                slug=f"{slugify(title)[:150]}-{i + 1}",
                **names("summary", sentences("fr", 1)),
                **names("body", body, body_nl if has_nl else None),
                author=rng.choice(["", "La coordination", "Amina D.", "Jan P."]),
                organisation_id=org(),
                status=status,
                publish_at=publish_at,
            )
            refresh_article_search(article)
            objs.append(article)
            if len(objs) == 1000 or i == articles - 1:
                Article.objects.bulk_create(objs)
                for a in objs:
                    chosen = rng.sample(themes, min(len(themes), rng.randint(0, 3)))
                    links += [through(article_id=a.pk, theme_id=t.pk) for t in chosen]
                objs = []
        through.objects.bulk_create(links, batch_size=5000)
        log(f"  {articles:,} articles in {time.monotonic() - t0:.1f} s")
        kinds = [k for k, _label in Resource.Kind.choices]
        objs, links = [], []
        through = Resource.themes.through
        for i in range(resources):
            year = rng.randint(2005, now.year)
            subject = rng.choice(SUBJECTS).format(town=rng.choice(big))
            title = rng.choice(RESOURCES).format(subject=subject, year=year)[:200]
            description = sentences("fr", 2)
            objs.append(
                Resource(
                    **names("title", title),
                    slug=f"{slugify(title)[:150]}-{i + 1}",
                    **names("description", description),
                    kind=rng.choice(kinds),
                    language=rng.choices(["fr", "nl", "en", "de"], [60, 30, 8, 2])[0],
                    year=year,
                    url=f"https://example.org/ressources/{i + 1}",
                    organisation_id=org(),
                    is_published=rng.random() < 0.97,
                    search_text=search_blob(title, description),
                )
            )
        Resource.objects.bulk_create(objs, batch_size=1000)
        for r in objs:
            chosen = rng.sample(themes, min(len(themes), rng.randint(0, 2)))
            links += [through(resource_id=r.pk, theme_id=t.pk) for t in chosen]
        through.objects.bulk_create(links, batch_size=5000)
        _site(now)
        versions.bump("site")
        versions.bump("events")
    vacuum_analyze(
        [
            f"news_{t}"
            for t in ("article", "article_themes", "resource", "resource_themes")
        ]
    )
    log(
        f"  {articles:,} articles, {resources:,} resources in {time.monotonic() - t0:.1f} s"
    )


def describe() -> dict:
    """Counts, and how many published articles and resources each word matches."""
    from django.utils import timezone

    from plaidoyer.core.text import fold
    from plaidoyer.news.models import Article, Resource

    published = {
        "articles": Article.objects.filter(
            status="published", publish_at__lte=timezone.now()
        ),
        "resources": Resource.objects.filter(is_published=True),
    }
    return {
        "articles": Article.objects.count(),
        "published_articles": published["articles"].count(),
        "resources": Resource.objects.count(),
        "organisations": org_count(),
        "word_matches": {
            w: {
                k: rows.filter(search_text__contains=" " + fold(w)).count()
                for k, rows in published.items()
            }
            for w in SEARCH_WORDS
        },
    }


def endpoints(data: dict) -> list[Endpoint]:
    searches = [f"/fr/search/?q={w}" for w in SEARCH_WORDS]
    matches = ", ".join(
        f"{w} ({m['articles']:,} articles, {m['resources']:,} resources)"
        for w, m in data["word_matches"].items()
    )
    published = f"{data['published_articles']:,} published articles, 12 a page"
    home = "latest articles, events, barometer, figures"
    return [
        PING,
        Endpoint("home", "home page", ["/fr/"], home, min_ratio=NEWS_MIN_RATIO),
        Endpoint(
            "news", "news list", ["/fr/news/"], published, min_ratio=NEWS_MIN_RATIO
        ),
        Endpoint(
            "search",
            "site-wide search",
            searches,
            "q rotates: " + matches,
            min_ratio=SEARCH_MIN_RATIO,
            max_p99_ms=None,
        ),
        miss("search", "site-wide search", searches),
    ]


def run(stack, args) -> dict:
    log(f"\n[news] seeding {args.articles:,} articles, {args.resources:,} resources")
    seed(args.articles, args.resources)
    data = describe()
    eps, _, results, _ = serve_pages(stack, lambda: (endpoints(data), None))
    query_pages = [("home page", "/fr/"), ("news list", "/fr/news/")]
    query_pages += [("search: racisme (very common)", "/fr/search/?q=racisme")]
    query_pages += [("search: kafala (no match)", "/fr/search/?q=kafala")]
    return read_report(args, eps, results, query_pages, data=data)


def show(report: dict) -> None:
    show_pages("news", report)


INTRO = """
Home page, news list and site-wide search with 50,000 articles and 20,000
resources (and the other read scenarios' data, which the search covers).
Targets: home page and news list ≥ 50 % of /ping's req/s with p99 ≤ 100 ms;
search ≥ 25 %. Figures: /ping's req/s, each page's share of it (p99 ms).
"""


def summary(report: dict) -> dict[str, str]:
    return page_summary(report, ["home", "news", "search", "search_miss"])
