"""Directory (issue 2): 200, then 20,000 organisations; list, filtered list,
search, profile. Each ≥ 40 % of /ping with p99 ≤ 100 ms; the list at 20,000
within ×1.5 of its time at 200.

Every organisation is generated from its own index, so seeding to 200 and then
on to 20,000 gives the same first 200 rows: names in French, Dutch or German
from the app's demo patterns and a few more, towns weighted to the big cities,
1–4 themes, 1–3 languages, descriptions in one or two languages, one
organisation in 250 a network (joined with a skew: a few have hundreds of
members), half with a public contact, 3 % unpublished.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter

from ..harness import PING, Endpoint, log
from ..report import page_figures, print_pages, print_queries, verdict
from . import names, read_report, serve_pages, table, vacuum_analyze, words

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
GERMAN_SPEAKING = words("63001 63012 63013 63023 63040 63048 63061 63067 63087", " ")
KINDS = {"association": 56, "collective": 10, "public_body": 8, "municipality": 5}
KINDS |= {"school": 6, "university": 1, "trade_union": 3, "foundation": 4, "other": 3}
# The app's demo names (organisations/demo.py) and some with a person or a word.
MORE_PATTERNS = table("""
Maison des jeunes {person} | association | fr
Les Amis de {person} | association | fr
Fondation {person} | foundation | fr
Association {word} {town} | association | fr
Comité {word} du quartier {street} | collective | fr
Jongerenhuis {person} | association | nl
Wijkcentrum {street} | association | nl
Begegnungszentrum {town} | association | de
Jugendtreff {town} | association | de
Bürgerinitiative {town} für Vielfalt | collective | de
""")
PEOPLE = words("""
Nelson Mandela, Rosa Parks, Aimé Césaire, Patrice Lumumba, Simone Veil, James Baldwin
Toni Morrison, Frantz Fanon, Isala Van Diest, Marie Popelin, Gisèle Halimi, Hergé
Angela Davis, Miriam Makeba, Hannah Arendt, Olympe de Gouges, Wangari Maathai
""")
WORDS = words(
    "Horizons, Passerelles, Ensemble, Racines, Mosaïque, Rencontres, Boussole"
)
STREETS = words("Marolles, Cureghem, Matonge, Dampoort, Seefhoek, Kiel, Droixhe, Rabot")
SENTENCES = table("""
fr | Nous accueillons chaque semaine les habitants de {town} pour des permanences sociales.
fr | L'association organise des ateliers de {theme} et des rencontres entre voisins.
fr | Depuis {year}, nos bénévoles accompagnent les personnes exilées dans leurs démarches.
fr | Nous soutenons les victimes de discriminations dans l'accès au logement et à l'emploi.
fr | Nous interpellons les responsables politiques locaux sur les questions de {theme}.
fr | La maison est un lieu de rencontre interculturel au cœur du quartier.
nl | We ontvangen elke week bewoners van {town} voor sociaal en juridisch advies.
nl | De vereniging organiseert workshops rond {theme} en ontmoetingen tussen buren.
nl | Sinds {year} begeleiden onze vrijwilligers mensen op de vlucht.
nl | We steunen slachtoffers van discriminatie op de woning- en arbeidsmarkt.
de | Wir empfangen jede Woche Einwohner von {town} zu sozialen Sprechstunden.
de | Der Verein organisiert Workshops zum Thema {theme}.
en | We welcome residents of {town} every week for social and legal advice.
en | The organisation runs workshops on {theme} and brings neighbours together.
""")
LANGS = ("fr", "nl", "en", "de")
CONTACTS = words("Amina Diallo, Jan Peeters, Sophie Lambert, Mehmet Yilmaz, Lotte Maes")


def _themes() -> list:
    """The installation's themes (seeded by migration), else the app's list."""
    from plaidoyer.organisations.models import Theme
    from plaidoyer.organisations.seed import THEMES

    if not Theme.objects.exists():
        for position, (slug, fr, nl, en, de) in enumerate(THEMES):
            defaults = names("name", fr, nl, en, de) | {"position": position}
            Theme.objects.get_or_create(slug=slug, defaults=defaults)
    return list(Theme.objects.order_by("position", "slug"))


def _languages() -> dict:
    """The installation's languages of work, plus any of the app's list it lacks."""
    from plaidoyer.organisations.models import Language
    from plaidoyer.organisations.seed import LANGUAGES

    for position, (code, *n) in enumerate(LANGUAGES):
        defaults = names("name", *n) | {"position": 100 + position}
        Language.objects.get_or_create(code=code, defaults=defaults)
    return {lang.code: lang for lang in Language.objects.all()}


class Generator:
    """Build organisation ``i`` from ``i`` alone (plus the towns and themes)."""

    def __init__(self, towns, themes):
        from plaidoyer.organisations.demo import COALITION_PATTERNS, NAMUR_PATTERNS
        from plaidoyer.places.models import PostalCode

        self.towns, self.themes = towns, themes
        self.weights = [BIG_TOWNS.get(t.nis_code, 1) for t in towns]
        self.patterns: dict[str, list] = {}
        for pattern, kind, lang in COALITION_PATTERNS + NAMUR_PATTERNS + MORE_PATTERNS:
            self.patterns.setdefault(lang, []).append((pattern, kind))
        self.sentences: dict[str, list] = {}
        for lang, sentence in SENTENCES:
            self.sentences.setdefault(lang, []).append(sentence)
        self.postcodes: dict[int, list[str]] = {}
        codes = PostalCode.objects.order_by("code").values_list(
            "code", "municipality_id"
        )
        for code, town_id in codes:
            self.postcodes.setdefault(town_id, []).append(code)

    def language(self, town, rng) -> str:
        if town.nis_code in GERMAN_SPEAKING:
            return "de" if rng.random() < 0.8 else "fr"
        region = town.province.region.nis_code
        if region == "04000":  # Brussels
            return "nl" if rng.random() < 0.25 else "fr"
        return "nl" if region == "02000" else "fr"  # Flanders

    def describe(self, rng, lang, town, themes, year) -> str:
        pool = self.sentences[lang]
        theme_names = [getattr(t, f"name_{lang}", None) or t.name_fr for t in themes]
        return " ".join(
            s.format(
                town=_town_name(town, lang),
                theme=rng.choice(theme_names).lower(),
                year=year,
            )
            for s in rng.sample(pool, rng.randint(2, min(5, len(pool))))
        )

    def build(self, i: int, taken: set[str]):
        from django.utils.text import slugify

        from plaidoyer.organisations.models import Organisation
        from plaidoyer.organisations.services import refresh_search_fields

        rng = random.Random(SEED * 1_000_003 + i)
        town = rng.choices(self.towns, self.weights)[0]
        lang = self.language(town, rng)
        themes = rng.sample(self.themes, rng.choices([1, 2, 3, 4], [3, 4, 2, 1])[0])
        values = {"town": _town_name(town, lang), "person": rng.choice(PEOPLE)}
        values |= {"word": rng.choice(WORDS), "street": rng.choice(STREETS)}
        if i % NETWORK_EVERY == 0:
            kind = "network"
            name = "Plateforme {word} de {town} contre le racisme"
            if lang == "nl":
                name = "Netwerk {word} {town} tegen racisme"
        else:
            name, kind = rng.choice(self.patterns[lang])
            if kind == "association" and rng.random() < 0.3:
                kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        name = name.format(**values)
        base = slugify(name)[:180] or "organisation"
        slug, n = base, 2
        while slug in taken:  # the same pattern twice in a town: "… 2", as people do
            slug, n = f"{base}-{n}", n + 1
        if n > 2:
            name = f"{name} {n - 1}"
        taken.add(slug)
        year = rng.randint(1950, 2024)
        description = self.describe(rng, lang, town, themes, year)
        # The French name is required; a Flemish organisation gives its own too.
        name_in, text_in = {"fr": name, lang: name}, {"fr": "", lang: description}
        if lang != "fr" and rng.random() < 0.5:
            text_in["fr"] = description
        if rng.random() < 0.5:
            second = "en" if rng.random() < 0.3 else "nl" if lang != "nl" else "fr"
            text_in[second] = self.describe(rng, second, town, themes, year)
        points = rng.random() < 0.3
        street = rng.choice(STREETS)
        phone = "+32 {} {} {} {}".format(
            rng.randint(2, 99), rng.randint(100, 999), *rng.sample(range(10, 100), 2)
        )
        org = Organisation(
            slug=slug,
            **names("name", *(name_in.get(c) for c in LANGS)),
            **names("description", *(text_in.get(c) for c in LANGS)),
            acronym=_acronym(name) if rng.random() < 0.3 else "",
            kind=kind,
            municipality=town,
            street_address=f"Rue {street} {rng.randint(1, 250)}"
            if lang == "fr"
            else f"{street}straat {rng.randint(1, 250)}",
            postcode=rng.choice(self.postcodes.get(town.pk) or [""]),
            latitude=town.latitude + rng.uniform(-0.01, 0.01) if points else None,
            longitude=town.longitude + rng.uniform(-0.01, 0.01) if points else None,
            website=f"https://{slug[:40]}.example.org" if rng.random() < 0.7 else "",
            email=f"info@{slug[:40]}.example.org" if rng.random() < 0.6 else "",
            phone=phone if rng.random() < 0.5 else "",
            founded_year=year,
            is_published=rng.random() >= 0.03,
        )
        refresh_search_fields(org)
        langs = ["fr", "nl", "en", "ar", "tr", "es", "ro", "fa", "uk"]
        langs = list(dict.fromkeys([lang] + rng.sample(langs, rng.randint(0, 2))))
        return org, themes, langs, rng


def _town_name(town, lang: str) -> str:
    return {"nl": town.name_nl, "de": town.name_de}.get(lang) or town.name_fr


def _acronym(name: str) -> str:
    letters = [w[0] for w in name.replace("'", " ").split() if w[:1].isupper()]
    return "".join(letters)[:8] if len(letters) >= 2 else ""


def seed_to(total: int) -> float:
    """Add organisations until there are ``total``; return the visible share."""
    from django.db import transaction
    from django.utils import translation

    from plaidoyer.organisations.models import Contact, Membership, Organisation
    from plaidoyer.places.models import Municipality

    orgs = Organisation.objects
    with translation.override("fr"), transaction.atomic():
        themes, languages = _themes(), _languages()
        towns = Municipality.objects.select_related("province__region")
        gen = Generator(list(towns.order_by("nis_code")), themes)
        taken = set(orgs.values_list("slug", flat=True))
        networks = list(
            orgs.filter(kind="network").order_by("id").values_list("id", flat=True)
        )
        org_themes, org_languages = (
            Organisation.themes.through,
            Organisation.languages.through,
        )
        roles = {"member": 80, "founding_member": 8, "partner": 8, "observer": 4}
        for start in range(orgs.count(), total, BATCH):
            built = [
                gen.build(i, taken) for i in range(start, min(total, start + BATCH))
            ]
            orgs.bulk_create([org for org, *_ in built])
            links, spoken, contacts, memberships = [], [], [], []
            for org, themes_, langs, rng in built:
                if org.kind == "network":
                    networks.append(org.pk)
                links += [org_themes(organisation=org, theme=t) for t in themes_]
                spoken += [
                    org_languages(organisation=org, language=languages[c])
                    for c in langs
                ]
                if rng.random() < 0.5:
                    role = rng.choice(["Coordination", "Accueil", "Direction"])
                    contacts.append(
                        Contact(
                            organisation=org,
                            name=rng.choice(CONTACTS),
                            role=role,
                            email=org.email,
                            is_public=True,
                        )
                    )
                if rng.random() < 0.2 and org.kind != "network" and networks:
                    # Skewed: the oldest networks are the big national coalitions.
                    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(networks))]
                    picks = set(
                        rng.choices(networks, weights, k=rng.choice([1, 1, 1, 2]))
                    )
                    memberships += [
                        Membership(
                            member=org,
                            network_id=n,
                            role=rng.choices(list(roles), list(roles.values()))[0],
                            since=datetime.date(
                                rng.randint(2005, 2025), rng.randint(1, 12), 1
                            ),
                        )
                        for n in picks
                    ]
            org_themes.objects.bulk_create(links)
            org_languages.objects.bulk_create(spoken)
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
    found = "q rotates: " + ", ".join(f"{w} ({n:,})" for w, n in search.items())
    largest = ", ".join(str(n) for _, n in big)
    org = "/fr/organisations/{}".format
    eps = [
        PING,
        Endpoint("list", "directory list", [org("")], f"{len(slugs):,} published"),
        Endpoint("filtered", "filtered list", [FILTERED], f"{filtered:,} matches"),
        Endpoint("search", "search", [org(f"?q={w}") for w in SEARCH_WORDS], found),
        Endpoint(
            "profile",
            "profile",
            [org(f"{s}/") for s in profiles],
            f"{len(profiles)} profiles rotate, incl. the 3 largest networks ({largest})",
        ),
    ]
    extra = {"search_matches": search, "filtered_matches": filtered, "largest": None}
    if big:
        extra["largest"] = (org(f"{big[0][0]}/"), big[0][1])
    return eps, extra


def run(stack, args) -> dict:
    phases = []
    for total in (args.small, args.orgs):
        log(f"\n[directory] seeding {total:,} organisations")
        t0 = time.monotonic()
        visible = seed_to(total)
        data = describe() | {"all_visible": visible}
        log(
            f"  {data['organisations']:,} organisations, {data['networks']} networks, "
            f"{data['memberships']:,} memberships in {time.monotonic() - t0:.1f} s"
        )
        eps, extra, results, _ = serve_pages(stack, endpoints)
        phases.append({"organisations": total, "data": data, "results": results})
    pages = [
        ("directory list", "/fr/organisations/"),
        ("filtered list", FILTERED),
        ("search: accueil (most matches)", "/fr/organisations/?q=accueil"),
    ]
    if extra["largest"]:
        path, n = extra["largest"]
        pages.append((f"profile of the largest network ({n} members)", path))
    small, large = phases
    scale = {
        s["key"]: {
            "label": s["label"],
            "mean_ms_small": s["mean_ms"],
            "mean_ms_large": big["mean_ms"],
            "time_ratio": big["mean_ms"] / s["mean_ms"] if s["mean_ms"] else None,
            "rps_small": s["rps"],
            "rps_large": big["rps"],
        }
        for s, big in zip(small["results"], large["results"], strict=True)
    }
    list_scale = (scale["list"]["time_ratio"] or float("inf")) <= MAX_SCALE
    return read_report(
        args,
        eps,
        results,
        pages,
        targets={"list_scale": list_scale},
        parts=True,
        small=small,
        large=large,
        scale=scale,
    )


def show(report: dict) -> None:
    small, large = report["small"], report["large"]
    for phase in (small, large):
        print_pages(f"{phase['organisations']:,} organisations", phase["results"])
    s = report["scale"]["list"]
    print(
        f"\ndirectory list, {small['organisations']:,} → {large['organisations']:,}: "
        f"mean {s['mean_ms_small']:.1f} → {s['mean_ms_large']:.1f} ms "
        f"(×{s['time_ratio'] or 0:.2f}), req/s {s['rps_small']:.1f} → "
        f"{s['rps_large']:.1f} — target ≤ ×{MAX_SCALE}: "
        + verdict(report["targets"]["list_scale"])
    )
    print_queries(report["queries"])


INTRO = """
Pages at 200 and 20,000 organisations (20,000 below). Targets: each page ≥ 40 %
of /ping's req/s with p99 ≤ 100 ms; the list at 20,000 within ×1.5 of its mean
time at 200. Figures: /ping's req/s, then each page's share of it (p99 ms).
"""


def summary(report: dict) -> dict[str, str]:
    ratio = report["scale"]["list"]["time_ratio"]
    row = page_figures(
        report["large"]["results"], ["list", "filtered", "search", "profile"]
    )
    return row | {
        "list ×time 200→20,000": f"{ratio:.2f}" if ratio else "—",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
