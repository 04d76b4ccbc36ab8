"""Directory (issue 2): 200, then 20,000 organisations; list, filtered list,
search, profile. Each ≥ 40 % of /ping with p99 ≤ 100 ms; the list at 20,000
within ×1.5 of its time at 200.

Every organisation is generated from its own index, so seeding to 200 and then
on to 20,000 gives the same first 200 rows: names in French, Dutch or German
from ~45 patterns, towns weighted to the big cities, 1–4 themes, 1–3 languages,
descriptions in one or two languages, one organisation in 250 a network (joined
with a skew: a few have hundreds of members), half with a public contact, 3 %
unpublished.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from dataclasses import asdict

from ..harness import PING, Endpoint, log
from ..inprocess import profile_pages, query_counts
from ..report import page_figures, print_pages, print_queries, verdict
from . import table, vacuum_analyze, words

TITLE = "Directory benchmark (issue 2)"
SEED, NETWORK_EVERY, BATCH = 2018, 250, 1000
MAX_SCALE = 1.5  # directory list at --orgs within 1.5x of its time at --small
SEARCH_WORDS = ["liege", "jeunes", "buurtwerk", "mandela", "logement", "accueil"]
FILTERED = "/fr/organisations/?province=namur&kind=association"

# Weighted up: the big cities and Brussels' communes hold most associations.
BIG_TOWNS = {
    code: int(w)
    for code, w in (
        pair.split(":")
        for pair in words(
            "21004:40 21009:12 21015:12 21001:10 21012:12 21016:6 21007:6 21013:8 "
            "11002:30 44021:25 62063:20 52011:18 92094:12 53053:10 24062:10 31005:8 "
            "71016:6 35013:5 46021:4 13040:4 57081:5 25072:4 63023:3 85045:2 61080:3",
            " ",
        )
    )
}
GERMAN_SPEAKING = set(
    words("63001 63012 63013 63023 63040 63048 63061 63067 63087", " ")
)
REGION_FLANDERS, REGION_BRUSSELS = "02000", "04000"
KINDS = [
    (k, int(w))
    for k, w in table("""
association | 56
collective | 10
public_body | 8
municipality | 5
school | 6
university | 1
trade_union | 3
foundation | 4
other | 3
""")
]
PATTERNS: dict[str, list[tuple[str, str]]] = {}
for _lang, _kind, _pattern in table("""
fr | association | Maison de quartier {town}
fr | association | Maison de quartier {street} ({town})
fr | collective | Collectif {town} solidaire
fr | collective | Collectif citoyen {person}
fr | association | Centre culturel de {town}
fr | association | Ligue des familles migrantes de {town}
fr | municipality | Plan de cohésion sociale de {town}
fr | public_body | CPAS de {town}
fr | association | Maison des jeunes {person}
fr | association | Maison des jeunes de {town}
fr | association | Lire et Écrire {town}
fr | school | École de devoirs {word} de {town}
fr | school | Athénée royal {person}
fr | association | Accueil des migrants de {town}
fr | association | Espace {person}
fr | association | Association {word} {town}
fr | association | Les Amis de {person}
fr | foundation | Fondation {person}
fr | collective | Comité {word} du quartier {street}
fr | trade_union | Régionale FGTB {town} – cellule diversité
fr | association | Centre de santé intégré {word}
fr | association | Réseau {word} de {town}
nl | association | Buurtwerk {town}
nl | association | Buurtwerk {street} ({town})
nl | association | Integratiehuis {town}
nl | association | Vzw Samen {town}
nl | association | Vzw {word_nl} {town}
nl | association | Jongerenhuis {person}
nl | association | Jongerenhuis {town}
nl | collective | Onthaalnetwerk {town}
nl | trade_union | Vakbondsafdeling {town} tegen racisme
nl | public_body | OCMW {town}
nl | public_body | Huis van het Nederlands {town}
nl | school | Basisschool {person}
nl | association | Wijkcentrum {street}
nl | foundation | Stichting {person}
nl | collective | Burgercollectief {word_nl} {town}
nl | association | Ontmoetingscentrum {word_nl}
nl | association | Welzijnsschakel {town}
de | association | Begegnungszentrum {town}
de | association | Jugendtreff {town}
de | collective | Bürgerinitiative {town} für Vielfalt
de | public_body | ÖSHZ {town}
"""):
    PATTERNS.setdefault(_lang, []).append((_pattern, _kind))
PEOPLE = words("""
Nelson Mandela, Rosa Parks, Aimé Césaire, Patrice Lumumba, Simone Veil, James Baldwin
Toni Morrison, Frantz Fanon, Paul Janson, Isala Van Diest, Marie Popelin, Gisèle Halimi
Angela Davis, Martin Luther King, Malcolm X, Chinua Achebe, Miriam Makeba
Léopold Senghor, Hannah Arendt, Stefan Zweig, Olympe de Gouges, Wangari Maathai
Nadia Murad, Mahatma Gandhi, Victor Horta, Jacques Brel, Annie Cordy, Hergé, Frida Kahlo
Amadou Hampâté Bâ, Fatima Mernissi, Youri Gagarine, Marguerite Yourcenar, Adolphe Sax
Django Reinhardt, Ernest Solvay, Paul Otlet, Josephine Baker, Abraham Lincoln
Desmond Tutu
""")
WORDS_FR = words("""
Horizons, Passerelles, Ensemble, Arc-en-ciel, Racines, Solidarité, Regards croisés
Ancrages, Mosaïque, Entr'aide, Dialogue, Nouveaux départs, Terre d'accueil, Rencontres
Voisinage, Trait d'union, Boussole, Carrefour
""")
WORDS_NL = words("""
Kleurrijk, Samenleven, De Brug, Nieuwe Wegen, Onthaal, Wereldhuis, Open Deur
Verbinding, De Schakel, Thuis, Regenboog, Horizon, Ontmoeting
""")
STREETS = words("""
Brabant, Nord, Marolles, Bas-Molenbeek, Cureghem, Matonge, Saint-Léonard
Sainte-Marguerite, Dampoort, Seefhoek, Kiel, Borgerhout, Marchienne, Droixhe, Bressoux
Jemappes, Heyvaert, Helmet, Wilgenstraat, Brugse Poort, Rabot
""")
SENTENCES: dict[str, list[str]] = {}
for _lang, _sentence in table("""
fr | Nous accueillons chaque semaine les habitants de {town} pour des permanences sociales et juridiques.
fr | L'association organise des ateliers de {theme} et des rencontres entre voisins.
fr | Depuis {year}, nos bénévoles accompagnent les personnes exilées dans leurs démarches.
fr | Nous menons des actions de sensibilisation contre le racisme dans les écoles de la région.
fr | Notre équipe propose des cours de français, une école de devoirs et un espace parents.
fr | Nous interpellons les responsables politiques locaux sur les questions de {theme}.
fr | Le collectif réunit des habitants, des travailleurs sociaux et des artistes autour de projets communs.
fr | Nos permanences sont ouvertes à toutes et tous, sans rendez-vous, le mardi et le jeudi.
fr | Nous formons les professionnels de première ligne à l'accueil des publics migrants.
fr | La maison est un lieu de rencontre interculturel au cœur du quartier.
fr | Nous soutenons les victimes de discriminations dans l'accès au logement et à l'emploi.
fr | Chaque année, nous organisons une fête de quartier et un festival des cultures.
nl | We ontvangen elke week bewoners van {town} voor sociaal en juridisch advies.
nl | De vereniging organiseert workshops rond {theme} en ontmoetingen tussen buren.
nl | Sinds {year} begeleiden onze vrijwilligers mensen op de vlucht bij hun stappen.
nl | We voeren sensibiliseringsacties tegen racisme in de scholen van de regio.
nl | Ons team biedt Nederlandse les, huiswerkbegeleiding en een ouderwerking.
nl | We spreken lokale beleidsmakers aan over {theme}.
nl | Het collectief brengt bewoners, hulpverleners en kunstenaars samen rond gedeelde projecten.
nl | Onze zitdagen staan open voor iedereen, zonder afspraak, op dinsdag en donderdag.
nl | We vormen eerstelijnswerkers in het onthaal van nieuwkomers.
nl | Het huis is een interculturele ontmoetingsplek in het hart van de wijk.
nl | We steunen slachtoffers van discriminatie op de woning- en arbeidsmarkt.
de | Wir empfangen jede Woche Einwohner von {town} zu sozialen und rechtlichen Sprechstunden.
de | Der Verein organisiert Workshops zum Thema {theme} und Begegnungen zwischen Nachbarn.
de | Seit {year} begleiten unsere Ehrenamtlichen geflüchtete Menschen.
de | Wir führen Sensibilisierungsaktionen gegen Rassismus in den Schulen der Region durch.
en | We welcome residents of {town} every week for social and legal advice.
en | The organisation runs workshops on {theme} and brings neighbours together.
en | Since {year}, our volunteers have supported people in exile with their procedures.
en | We campaign against racism in the schools of the region.
"""):
    SENTENCES.setdefault(_lang, []).append(_sentence)
CONTACT_FIRST = words("Amina, Jan, Sophie, Mehmet, Lotte, Ibrahima, Claire, Pieter")
CONTACT_LAST = words(
    "Dubois, Peeters, Yilmaz, Diallo, Janssens, Lambert, El Amrani, Maes"
)


def _themes():
    """The installation's themes (seeded by migration), else the app's list."""
    from plaidoyer.organisations.models import Theme
    from plaidoyer.organisations.seed import THEMES

    if not Theme.objects.exists():
        for position, (slug, fr, nl, en, de) in enumerate(THEMES):
            names = {"name": fr, "name_fr": fr, "name_nl": nl, "name_en": en}
            Theme.objects.get_or_create(
                slug=slug,
                defaults=names | {"name_de": de or None, "position": position},
            )
    return list(Theme.objects.order_by("position", "slug"))


def _languages() -> dict:
    """The installation's languages of work, plus any of the app's list it lacks."""
    from plaidoyer.organisations.models import Language
    from plaidoyer.organisations.seed import LANGUAGES

    for position, (code, fr, nl, en, de) in enumerate(LANGUAGES):
        names = {"name": fr, "name_fr": fr, "name_nl": nl, "name_en": en, "name_de": de}
        Language.objects.get_or_create(
            code=code, defaults=names | {"position": 100 + position}
        )
    return {lang.code: lang for lang in Language.objects.all()}


def _language_of(town, rng: random.Random) -> str:
    if town.nis_code in GERMAN_SPEAKING:
        return "de" if rng.random() < 0.8 else "fr"
    region = town.province.region.nis_code
    if region == REGION_FLANDERS:
        return "nl"
    if region == REGION_BRUSSELS:
        return "nl" if rng.random() < 0.25 else "fr"
    return "fr"


def _town_name(town, lang: str) -> str:
    return {"nl": town.name_nl, "de": town.name_de}.get(lang) or town.name_fr


def _description(rng, lang, town, themes, year) -> str:
    pool = SENTENCES[lang]
    sentences = rng.sample(pool, rng.randint(2, min(5, len(pool))))
    theme_names = [getattr(t, f"name_{lang}", None) or t.name_fr for t in themes]
    return " ".join(
        s.format(
            town=_town_name(town, lang),
            theme=rng.choice(theme_names).lower(),
            year=year,
        )
        for s in sentences
    )


def _acronym(name: str) -> str:
    letters = [w[0] for w in name.replace("'", " ").split() if w[:1].isupper()]
    return "".join(letters)[:8] if len(letters) >= 2 else ""


class Generator:
    """Build organisation ``i`` from ``i`` alone (plus the towns and themes)."""

    def __init__(self, towns, themes):
        from plaidoyer.places.models import PostalCode

        self.towns, self.themes = towns, themes
        self.weights = [BIG_TOWNS.get(t.nis_code, 1) for t in towns]
        self.kinds = [k for k, _ in KINDS]
        self.kind_weights = [w for _, w in KINDS]
        self.postcodes: dict[int, list[str]] = {}
        codes = PostalCode.objects.order_by("code").values_list(
            "code", "municipality_id"
        )
        for code, town_id in codes:
            self.postcodes.setdefault(town_id, []).append(code)

    def build(self, i: int, taken: set[str]):
        from django.utils.text import slugify

        from plaidoyer.organisations.models import Organisation
        from plaidoyer.organisations.services import refresh_search_fields

        rng = random.Random(SEED * 1_000_003 + i)
        town = rng.choices(self.towns, self.weights)[0]
        lang = _language_of(town, rng)
        is_network = i % NETWORK_EVERY == 0
        org_themes = rng.sample(self.themes, rng.choices([1, 2, 3, 4], [3, 4, 2, 1])[0])
        values = {
            "town": _town_name(town, lang),
            "person": rng.choice(PEOPLE),
            "word": rng.choice(WORDS_FR),
            "word_nl": rng.choice(WORDS_NL),
            "street": rng.choice(STREETS),
        }
        if is_network:
            kind = "network"
            if lang == "nl":
                name = f"Netwerk {rng.choice(WORDS_NL)} {values['town']} tegen racisme"
            else:
                word = rng.choice(WORDS_FR).lower()
                name = f"Plateforme {word} de {values['town']} contre le racisme"
        else:
            pattern, kind = rng.choice(PATTERNS[lang])
            name = pattern.format(**values)
            if kind == "association" and rng.random() < 0.3:
                kind = rng.choices(self.kinds, self.kind_weights)[0]
        base = slugify(name)[:180] or "organisation"
        slug, n = base, 2
        while slug in taken:  # the same pattern twice in a town: "… 2", as people do
            slug, n = f"{base}-{n}", n + 1
        if n > 2:
            name = f"{name} {n - 1}"
        taken.add(slug)
        year = rng.randint(1950, 2024)
        description = _description(rng, lang, town, org_themes, year)
        second = None
        if rng.random() < 0.5:
            second = "nl" if lang != "nl" else "fr"
            if rng.random() < 0.3:
                second = "en"
        names = {"fr": name, "nl": None, "en": None, "de": None}
        descriptions = {"fr": "", "nl": None, "en": None, "de": None}
        if lang == "fr":
            descriptions["fr"] = description
        else:  # the French name is required; a Flemish organisation gives its own
            names[lang] = name
            descriptions[lang] = description
            descriptions["fr"] = description if rng.random() < 0.5 else ""
        if second:
            descriptions[second] = _description(rng, second, town, org_themes, year)
        points = rng.random() < 0.3

        def phone() -> str:
            parts = (rng.randint(2, 99), rng.randint(100, 999), rng.randint(10, 99))
            return "+32 {} {} {} {}".format(*parts, rng.randint(10, 99))

        org = Organisation(
            slug=slug,
            name=names["fr"],
            **{f"name_{c}": v for c, v in names.items()},
            description=descriptions["fr"],
            **{f"description_{c}": v for c, v in descriptions.items()},
            acronym=_acronym(name) if rng.random() < 0.3 else "",
            kind=kind,
            municipality=town,
            street_address=f"Rue {rng.choice(STREETS)} {rng.randint(1, 250)}"
            if lang == "fr"
            else f"{rng.choice(STREETS)}straat {rng.randint(1, 250)}",
            postcode=rng.choice(self.postcodes.get(town.pk) or [""]),
            latitude=town.latitude + rng.uniform(-0.01, 0.01) if points else None,
            longitude=town.longitude + rng.uniform(-0.01, 0.01) if points else None,
            website=f"https://{slug[:40]}.example.org" if rng.random() < 0.7 else "",
            email=f"info@{slug[:40]}.example.org" if rng.random() < 0.6 else "",
            phone=phone() if rng.random() < 0.5 else "",
            founded_year=year,
            is_published=rng.random() >= 0.03,
        )
        refresh_search_fields(org)
        langs = ["fr", "nl", "en", "ar", "tr", "es", "ro", "fa", "uk"]
        extra = {
            "themes": org_themes,
            "languages": list(
                dict.fromkeys([lang] + rng.sample(langs, rng.randint(0, 2)))
            ),
            "contact": rng.random() < 0.5,
            "join": rng.random() < 0.2 and not is_network,
            "rng": rng,
        }
        return org, extra


def seed_to(total: int) -> float:
    """Add organisations until there are ``total``; return the visible share."""
    from django.db import transaction
    from django.utils import translation

    from plaidoyer.organisations.models import Contact, Membership, Organisation
    from plaidoyer.places.models import Municipality

    existing = Organisation.objects.count()
    with translation.override("fr"), transaction.atomic():
        themes, languages = _themes(), _languages()
        towns = Municipality.objects.select_related("province__region")
        gen = Generator(list(towns.order_by("nis_code")), themes)
        taken = set(Organisation.objects.values_list("slug", flat=True))
        networks = list(
            Organisation.objects.filter(kind="network")
            .order_by("id")
            .values_list("id", flat=True)
        )
        through_themes = Organisation.themes.through
        through_languages = Organisation.languages.through
        for start in range(existing, total, BATCH):
            built = [
                gen.build(i, taken) for i in range(start, min(total, start + BATCH))
            ]
            Organisation.objects.bulk_create([o for o, _ in built])
            theme_rows, language_rows, contacts, memberships = [], [], [], []
            for org, extra in built:
                if org.kind == "network":
                    networks.append(org.pk)
                theme_rows += [
                    through_themes(organisation_id=org.pk, theme_id=t.pk)
                    for t in extra["themes"]
                ]
                language_rows += [
                    through_languages(
                        organisation_id=org.pk, language_id=languages[c].pk
                    )
                    for c in extra["languages"]
                ]
                rng = extra["rng"]
                if extra["contact"]:
                    name = f"{rng.choice(CONTACT_FIRST)} {rng.choice(CONTACT_LAST)}"
                    contacts.append(
                        Contact(
                            organisation=org,
                            name=name,
                            role=rng.choice(["Coordination", "Accueil", "Direction"]),
                            email=org.email,
                            is_public=True,
                        )
                    )
                if extra["join"] and networks:
                    # Skewed: the oldest networks are the big national coalitions.
                    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(networks))]
                    picks = set(
                        rng.choices(networks, weights, k=rng.choice([1, 1, 1, 2]))
                    )
                    roles = ["member", "founding_member", "partner", "observer"]
                    memberships += [
                        Membership(
                            member_id=org.pk,
                            network_id=n,
                            role=rng.choices(roles, [80, 8, 8, 4])[0],
                            since=datetime.date(
                                rng.randint(2005, 2025), rng.randint(1, 12), 1
                            ),
                        )
                        for n in picks
                    ]
            through_themes.objects.bulk_create(theme_rows)
            through_languages.objects.bulk_create(language_rows)
            Contact.objects.bulk_create(contacts)
            Membership.objects.bulk_create(memberships)
    return vacuum_analyze()["organisations_organisation"]


def describe() -> dict:
    from plaidoyer.organisations.models import Contact, Membership, Organisation, Theme

    sizes = Counter(Membership.objects.values_list("network_id", flat=True))
    orgs = Organisation.objects
    return {
        "organisations": orgs.count(),
        "published": orgs.filter(is_published=True).count(),
        "networks": orgs.filter(kind="network").count(),
        "memberships": Membership.objects.count(),
        "largest_network_members": max(sizes.values(), default=0),
        "themes": Theme.objects.count(),
        "organisation_themes": Organisation.themes.through.objects.count(),
        "contacts": Contact.objects.count(),
    }


def endpoints() -> tuple[list[Endpoint], dict]:
    """The pages to load, picked from the data now in the database."""
    from django.db.models import Count
    from django.utils import translation

    from plaidoyer.organisations import selectors
    from plaidoyer.organisations.models import Organisation

    with translation.override("fr"):
        published = Organisation.objects.filter(is_published=True)
        slugs = list(published.order_by("id").values_list("slug", flat=True))
        big = list(
            published.filter(kind="network")
            .annotate(n=Count("member_links"))
            .order_by("-n")
            .values_list("slug", "n")[:3]
        )
        profiles = [s for s, _ in big]
        others = [s for s in slugs if s not in profiles]
        rng = random.Random(7)
        profiles += rng.sample(others, min(45, len(others)))
        rng.shuffle(profiles)
        search = {
            w: selectors.organisations(selectors.DirectoryFilters(q=w)).count()
            for w in SEARCH_WORDS
        }
        filtered = selectors.organisations(
            selectors.DirectoryFilters(province="namur", kind="association")
        ).count()
    sizes = ", ".join(str(n) for _, n in big)
    eps = [
        PING,
        Endpoint(
            "list",
            "directory list",
            ["/fr/organisations/"],
            f"{len(slugs):,} published",
        ),
        Endpoint("filtered", "filtered list", [FILTERED], f"{filtered:,} matches"),
        Endpoint(
            "search",
            "search",
            [f"/fr/organisations/?q={w}" for w in SEARCH_WORDS],
            "q rotates: " + ", ".join(f"{w} ({n:,})" for w, n in search.items()),
        ),
        Endpoint(
            "profile",
            "profile",
            [f"/fr/organisations/{s}/" for s in profiles],
            f"{len(profiles)} profiles rotate, incl. the 3 largest networks ({sizes})",
        ),
    ]
    largest = f"/fr/organisations/{big[0][0]}/" if big else None
    return eps, {
        "search_matches": search,
        "filtered_matches": filtered,
        "largest": (largest, big[0][1]) if big else None,
    }


def run(stack, args) -> dict:
    phases, eps, extra = [], [], {}
    for total in (args.small, args.orgs):
        log(f"\n[directory] seeding {total:,} organisations")
        t0 = time.monotonic()
        visible = seed_to(total)
        data = describe() | {"all_visible": visible}
        log(
            f"  {data['organisations']:,} organisations, {data['networks']} networks, "
            f"{data['memberships']:,} memberships in {time.monotonic() - t0:.1f} s"
        )
        stack.server.start()
        try:
            eps, extra = endpoints()
            results = stack.measure_pages(eps)
        finally:
            stack.server.stop()
        results = [asdict(m) for m in results]
        phases.append({"organisations": total, "data": data, "results": results})
    pages = [
        ("directory list", "/fr/organisations/"),
        ("filtered list", FILTERED),
        ("search: accueil (most matches)", "/fr/organisations/?q=accueil"),
    ]
    if extra.get("largest"):
        path, n = extra["largest"]
        pages.append((f"profile of the largest network ({n} members)", path))
    small, large = phases
    scale = {}
    for s, big in zip(small["results"], large["results"], strict=True):
        scale[s["key"]] = {
            "label": s["label"],
            "mean_ms_small": s["mean_ms"],
            "mean_ms_large": big["mean_ms"],
            "time_ratio": big["mean_ms"] / s["mean_ms"] if s["mean_ms"] else None,
            "rps_small": s["rps"],
            "rps_large": big["rps"],
        }
    list_scale = (scale["list"]["time_ratio"] or float("inf")) <= MAX_SCALE
    met = all(all(r["checks"].values()) for r in large["results"] if r["checks"])
    profile = (
        profile_pages(eps, args.profile_file, parts=True) if args.profile else None
    )
    return {
        "targets": {"list_scale": list_scale, "all": met and list_scale},
        "small": small,
        "large": large,
        "scale": scale,
        "queries": query_counts(pages),
        "profile": profile,
    }


def show(report: dict) -> None:
    small, large = report["small"], report["large"]
    for phase in (small, large):
        print_pages(f"{phase['organisations']:,} organisations", phase["results"])
    s = report["scale"]["list"]
    ratio = s["time_ratio"]
    print(
        f"\ndirectory list, {small['organisations']:,} → {large['organisations']:,}: "
        f"mean {s['mean_ms_small']:.1f} → {s['mean_ms_large']:.1f} ms "
        f"(×{ratio or 0:.2f}), req/s {s['rps_small']:.1f} → {s['rps_large']:.1f} — "
        f"target ≤ ×{MAX_SCALE}: {verdict(report['targets']['list_scale'])}"
    )
    print_queries(report["queries"])


INTRO = """
Pages at 200 and 20,000 organisations (20,000 below). Targets: each page ≥ 40 %
of /ping's req/s with p99 ≤ 100 ms; the list at 20,000 within ×1.5 of its mean
time at 200. Figures: /ping's req/s, then each page's share of it (p99 ms).
"""


def summary(report: dict) -> dict[str, str]:
    large = report["large"]
    s = (report.get("scale") or {}).get("list") or {}
    ratio = s.get("time_ratio")
    row = page_figures(large["results"], ["list", "filtered", "search", "profile"])
    return row | {
        "list ×time 200→20,000": f"{ratio:.2f}" if ratio else "—",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
