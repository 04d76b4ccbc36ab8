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
from dataclasses import asdict

from ..harness import PING, Endpoint, info, log
from ..inprocess import profile_pages, query_counts
from ..report import page_figures, print_pages, print_queries
from . import org_count, published_org_ids, table, vacuum_analyze, words
from .directory import BIG_TOWNS, PEOPLE

TITLE = "News site benchmark (issue 7)"
SEED = 2027
NEWS_MIN_RATIO, SEARCH_MIN_RATIO = 0.50, 0.25
# From very common to matching nothing at all (the slowest case).
SEARCH_WORDS = words(
    "racisme logement ecole interpretariat bruxelles mandela kafala", " "
)
ARTICLE_KINDS = table("""
Communiqué | Persbericht
Agenda | Agenda
Analyse | Analyse
Témoignage | Getuigenis
Appel | Oproep
Rapport | Rapport
""")
ARTICLE_SUBJECTS = words(
    """
le logement à {town}
les discriminations à l'embauche
l'accueil des demandeurs d'asile
le racisme à l'école
les contrôles au faciès
la régularisation des sans-papiers
l'interprétariat dans les hôpitaux
le plan d'action contre le racisme
les droits des mineurs étrangers
la mémoire coloniale
les violences policières
la participation citoyenne à {town}
""",
    "\n",
)
ARTICLE_SENTENCES = words(
    """
Les associations de {town} ont présenté leur bilan annuel devant une salle comble.
Selon le dernier rapport, les plaintes pour discrimination ont augmenté de {n} % en un an.
La coalition demande au gouvernement de tenir ses engagements sur {theme}.
Une centaine de personnes se sont rassemblées devant le parlement.
Le projet, soutenu par {person}, a été salué par les acteurs de terrain.
La ministre a promis une réponse avant la fin de l'année.
Nos membres accompagnent chaque semaine des familles dans leurs démarches.
Le rapport recommande des tests de situation réguliers dans le logement et l'emploi.
Une formation gratuite est proposée aux professionnels de première ligne à {town}.
Les témoignages recueillis montrent l'ampleur des obstacles administratifs.
L'école de devoirs accueille désormais {n} enfants chaque soir.
Le conseil communal de {town} a adopté une motion contre le racisme.
Les chiffres d'Unia confirment la tendance observée sur le terrain.
Un débat public aura lieu le mois prochain avec des élus de tous les partis.
""",
    "\n",
)
ARTICLE_SENTENCES_NL = words(
    """
De verenigingen uit {town} stelden hun jaarverslag voor.
Volgens het laatste rapport stegen de klachten over discriminatie met {n} %.
De coalitie vraagt de regering haar engagementen over {theme} na te komen.
Onze leden begeleiden elke week gezinnen bij hun administratieve stappen.
""",
    "\n",
)
RESOURCE_TITLES = words(
    """
Guide pratique : {subject}
Fiche juridique — {subject}
Rapport annuel {year} : {subject}
Outil pédagogique sur {subject}
Vidéo : {subject} expliqué en 5 minutes
Carte des services : {subject}
Chiffres clés {year} — {subject}
""",
    "\n",
)
PAGES = [  # slug, title, in menu, in footer, body
    ("home", "Bienvenue", False, False, "<p>Une coalition contre le racisme.</p>"),
    ("a-propos", "À propos", True, False, "<p>Qui sommes-nous ?</p>"),
    ("missions", "Nos missions", True, False, "<p>Plaider, relier, informer.</p>"),
    ("equipe", "L'équipe", True, False, "<p>La coordination.</p>"),
    ("mentions-legales", "Mentions légales", False, True, "<p>Éditeur.</p>"),
    ("vie-privee", "Vie privée", False, True, "<p>Données personnelles.</p>"),
]


def _site(now) -> None:
    """Menu and footer pages, key figures, upcoming events for the home page."""
    from plaidoyer.core.text import search_blob
    from plaidoyer.events.models import Event
    from plaidoyer.news.models import Figure, Page

    for position, (slug, title, in_menu, in_footer, body) in enumerate(PAGES):
        Page.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "title_fr": title, "body": body, "body_fr": body,
                      "in_menu": in_menu, "in_footer": in_footer, "position": position},
        )  # fmt: skip
    if not Figure.objects.exists():
        source = "Unia, rapport annuel"
        Figure.objects.bulk_create(
            Figure(label=f"Signalements reçus par Unia ({series})",
                   label_fr=f"Signalements reçus par Unia ({series})",
                   value=1000 + 150 * k + 40 * s, date=datetime.date(2016 + k, 12, 31),
                   source=source, source_fr=source, series=series)
            for s, series in enumerate(["emploi", "logement", "enseignement"])
            for k in range(8)
        )  # fmt: skip
    upcoming = Event.objects.filter(is_published=True, ends_at__gte=now).count()
    extra = []
    for k in range(max(0, 8 - upcoming)):
        starts = now + datetime.timedelta(days=3 + 5 * k)
        title = f"Formation : déconstruire les stéréotypes ({k + 1})"
        extra.append(
            Event(title=title, title_fr=title, slug=f"bench-formation-{k + 1}",
                  kind="training", starts_at=starts, mode="online",
                  ends_at=starts + datetime.timedelta(hours=3),
                  search_text=search_blob(title))
        )  # fmt: skip
    Event.objects.bulk_create(extra)


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
        big = [
            t.name_fr or t.name
            for t in Municipality.objects.filter(nis_code__in=list(BIG_TOWNS))
        ]
        theme_names = [t.name_fr.lower() for t in themes] or ["le racisme"]

        def sentence(pool):
            return rng.choice(pool).format(
                town=rng.choice(big if rng.random() < 0.7 else towns),
                n=rng.randint(3, 60),
                theme=rng.choice(theme_names),
                person=rng.choice(PEOPLE),
            )

        start = now - datetime.timedelta(days=3650)
        objs, theme_links = [], []
        through = Article.themes.through
        for i in range(articles):
            kind_fr, kind_nl = rng.choice(ARTICLE_KINDS)
            subject = rng.choice(ARTICLE_SUBJECTS).format(town=rng.choice(big))
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
            paragraphs = [
                " ".join(sentence(ARTICLE_SENTENCES) for _ in range(rng.randint(2, 4)))
                for _ in range(rng.randint(2, 5))
            ]
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            summary = sentence(ARTICLE_SENTENCES)
            has_nl = rng.random() < 0.2
            body_nl = None
            if has_nl:
                body_nl = "".join(
                    f"<p>{sentence(ARTICLE_SENTENCES_NL)}</p>" for _ in range(2)
                )
            article = Article(
                title=title, title_fr=title,
                title_nl=f"{kind_nl}: {subject}" if has_nl else None,
                slug=f"{slugify(title)[:150]}-{i + 1}",
                summary=summary, summary_fr=summary, body=body, body_fr=body,
                body_nl=body_nl,
                author=rng.choice(["", "La coordination", "Amina D.", "Jan P."]),
                organisation_id=rng.choice(org_ids)
                if org_ids and rng.random() < 0.4
                else None,
                status=status, publish_at=publish_at,
            )  # fmt: skip
            refresh_article_search(article)
            objs.append(article)
            if len(objs) == 1000 or i == articles - 1:
                Article.objects.bulk_create(objs)
                for a in objs:
                    for theme in rng.sample(
                        themes, min(len(themes), rng.randint(0, 3))
                    ):
                        theme_links.append(through(article_id=a.pk, theme_id=theme.pk))
                objs = []
        through.objects.bulk_create(theme_links, batch_size=5000)
        log(f"  {articles:,} articles in {time.monotonic() - t0:.1f} s")

        kinds = [k for k, _label in Resource.Kind.choices]
        r_objs, r_links = [], []
        r_through = Resource.themes.through
        for i in range(resources):
            year = rng.randint(2005, now.year)
            subject = rng.choice(ARTICLE_SUBJECTS).format(town=rng.choice(big))
            title = rng.choice(RESOURCE_TITLES).format(subject=subject, year=year)[:200]
            description = " ".join(sentence(ARTICLE_SENTENCES) for _ in range(2))
            r_objs.append(
                Resource(
                    title=title, title_fr=title,
                    slug=f"{slugify(title)[:150]}-{i + 1}",
                    description=description, description_fr=description,
                    kind=rng.choice(kinds),
                    language=rng.choices(["fr", "nl", "en", "de"], [60, 30, 8, 2])[0],
                    year=year, url=f"https://example.org/ressources/{i + 1}",
                    organisation_id=rng.choice(org_ids)
                    if org_ids and rng.random() < 0.5
                    else None,
                    is_published=rng.random() < 0.97,
                    search_text=search_blob(title, description),
                )
            )  # fmt: skip
        Resource.objects.bulk_create(r_objs, batch_size=1000)
        for r in r_objs:
            for theme in rng.sample(themes, min(len(themes), rng.randint(0, 2))):
                r_links.append(r_through(resource_id=r.pk, theme_id=theme.pk))
        r_through.objects.bulk_create(r_links, batch_size=5000)
        _site(now)
        versions.bump("site")
        versions.bump("events")
    vacuum_analyze(
        ["news_article", "news_article_themes", "news_resource", "news_resource_themes"]
    )
    log(
        f"  {articles:,} articles, {resources:,} resources in {time.monotonic() - t0:.1f} s"
    )


def describe() -> dict:
    """Counts, and how many published articles and resources each word matches."""
    from django.utils import timezone

    from plaidoyer.core.text import fold
    from plaidoyer.news.models import Article, Resource

    articles = Article.objects.filter(
        status="published", publish_at__lte=timezone.now()
    )
    resources = Resource.objects.filter(is_published=True)
    return {
        "articles": Article.objects.count(),
        "published_articles": articles.count(),
        "resources": Resource.objects.count(),
        "organisations": org_count(),
        "word_matches": {
            w: {
                "articles": articles.filter(
                    search_text__contains=" " + fold(w)
                ).count(),
                "resources": resources.filter(
                    search_text__contains=" " + fold(w)
                ).count(),
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
    return [
        PING,
        Endpoint("home", "home page", ["/fr/"],
                 "latest articles, events, barometer, figures", min_ratio=NEWS_MIN_RATIO),
        Endpoint("news", "news list", ["/fr/news/"],
                 f"{data['published_articles']:,} published articles, 12 a page",
                 min_ratio=NEWS_MIN_RATIO),
        Endpoint("search", "site-wide search", searches, "q rotates: " + matches,
                 min_ratio=SEARCH_MIN_RATIO, max_p99_ms=None),
        info("search_miss", "site-wide search, cache miss", searches,
             "the same words, a new URL each request: searched every time",
             unique=True),
    ]  # fmt: skip


def run(stack, args) -> dict:
    log(f"\n[news] seeding {args.articles:,} articles, {args.resources:,} resources")
    seed(args.articles, args.resources)
    data = describe()
    stack.server.start()
    try:
        eps = endpoints(data)
        results = [asdict(m) for m in stack.measure_pages(eps)]
    finally:
        stack.server.stop()
    profile = (
        profile_pages(eps, args.profile_file, parts=False) if args.profile else None
    )
    return {
        "targets": {
            "all": all(all(r["checks"].values()) for r in results if r["checks"])
        },
        "data": data,
        "results": results,
        "queries": query_counts(
            [
                ("home page", "/fr/"),
                ("news list", "/fr/news/"),
                ("search: racisme (very common)", "/fr/search/?q=racisme"),
                ("search: kafala (no match)", "/fr/search/?q=kafala"),
            ]
        ),
        "profile": profile,
    }


def show(report: dict) -> None:
    print_pages("news", report["results"])
    print_queries(report["queries"])


INTRO = """
Home page, news list and site-wide search with 50,000 articles and 20,000
resources (and the other read scenarios' data, which the search covers).
Targets: home page and news list ≥ 50 % of /ping's req/s with p99 ≤ 100 ms;
search ≥ 25 %. Figures: /ping's req/s, each page's share of it (p99 ms).
"""


def summary(report: dict) -> dict[str, str]:
    row = page_figures(report["results"], ["home", "news", "search", "search_miss"])
    return row | {"all met": "yes" if report["targets"]["all"] else "no"}
