"""Seed realistic data for the benchmarks: the directory, the barometer, a
participatory process and the news site.

Runs inside a configured Django (``bench/run.py`` calls :func:`seed_to`,
:func:`seed_barometer`, :func:`seed_processes` and :func:`seed_news`). Everything is
generated from fixed seeds, so two runs give the same data. Large tables go in with
``bulk_create`` in batches, the largest (status updates, comments, endorsements)
with PostgreSQL ``COPY``; the denormalised columns the app keeps (a commitment's
status, a recommendation's barometer status, a draft's counts, search texts) are
computed here the way the services compute them.

The directory (:func:`seed_to`): every organisation is generated from its own index,
so seeding to 200 and then on to 20,000 gives the same first 200 rows as seeding to
20,000 at once. What the rows look like:

* names in French (Wallonia, Brussels), Dutch (Flanders, Brussels) or German
  (the German-speaking municipalities), built from ~50 patterns, towns, people
  and words; a few get translations, a third an acronym;
* municipalities spread over all 565, with the big cities weighted up;
* 1–4 themes and 1–3 languages of work each; a description of 2–5 sentences in
  the organisation's language and often a second one;
* one organisation in 250 is a network; a fifth of the others belong to one or
  two networks, chosen with a skew so that a few networks have hundreds of
  members, as national coalitions do;
* about half have a public contact; 3 % are unpublished.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections import Counter

from django.db import connection, transaction
from django.utils import translation
from django.utils.text import slugify

from plaidoyer.organisations.models import (
    Contact,
    Language,
    Membership,
    Organisation,
    Theme,
)
from plaidoyer.organisations.services import refresh_search_fields
from plaidoyer.places.models import Municipality, PostalCode

SEED = 2018
NETWORK_EVERY = 250
BATCH = 1000

THEMES = [
    # slug, fr, nl, en, de
    ("asile", "Asile", "Asiel", "Asylum", "Asyl"),
    ("citoyennete", "Citoyenneté", "Burgerschap", "Citizenship", "Bürgerschaft"),
    ("diversite", "Diversité", "Diversiteit", "Diversity", "Vielfalt"),
    (
        "fle-alphabetisation",
        "FLE et alphabétisation",
        "Frans als vreemde taal en alfabetisering",
        "French as a foreign language and literacy",
        "Französisch als Fremdsprache und Alphabetisierung",
    ),
    (
        "interculturalite",
        "Interculturalité",
        "Interculturaliteit",
        "Interculturality",
        "Interkulturalität",
    ),
    ("logement", "Logement", "Huisvesting", "Housing", "Wohnen"),
    (
        "lutte-contre-le-racisme",
        "Lutte contre le racisme",
        "Strijd tegen racisme",
        "Fight against racism",
        "Kampf gegen Rassismus",
    ),
    (
        "mena",
        "Mineurs étrangers non accompagnés (MENA)",
        "Niet-begeleide minderjarige vreemdelingen",
        "Unaccompanied minors",
        "Unbegleitete minderjährige Ausländer",
    ),
    (
        "migrants-en-transit",
        "Migrants en transit",
        "Transmigranten",
        "Migrants in transit",
        "Migranten im Transit",
    ),
    ("migrations", "Migrations", "Migratie", "Migration", "Migration"),
    ("sans-papiers", "Sans-papiers", "Mensen zonder papieren", "Undocumented", ""),
    ("sante", "Santé", "Gezondheid", "Health", "Gesundheit"),
    ("socio-juridique", "Socio-juridique", "Sociaal-juridisch", "Socio-legal", ""),
    ("emploi", "Emploi", "Werk", "Employment", "Beschäftigung"),
    ("education", "Éducation", "Onderwijs", "Education", "Bildung"),
    ("jeunesse", "Jeunesse", "Jeugd", "Youth", "Jugend"),
    ("genre", "Genre et égalité", "Gender en gelijkheid", "Gender equality", ""),
    ("culture", "Culture", "Cultuur", "Culture", "Kultur"),
]

LANGUAGES = [
    ("fr", "français", "Frans", "French", "Französisch"),
    ("nl", "néerlandais", "Nederlands", "Dutch", "Niederländisch"),
    ("de", "allemand", "Duits", "German", "Deutsch"),
    ("en", "anglais", "Engels", "English", "Englisch"),
    ("ar", "arabe", "Arabisch", "Arabic", "Arabisch"),
    ("tr", "turc", "Turks", "Turkish", "Türkisch"),
    ("es", "espagnol", "Spaans", "Spanish", "Spanisch"),
    ("ro", "roumain", "Roemeens", "Romanian", "Rumänisch"),
    ("fa", "persan", "Perzisch", "Persian", "Persisch"),
    ("uk", "ukrainien", "Oekraïens", "Ukrainian", "Ukrainisch"),
]

# Weighted up: the big cities and Brussels' communes hold most associations.
BIG_TOWNS = {
    "21004": 40,  # Bruxelles
    "21009": 12,  # Ixelles
    "21015": 12,  # Schaerbeek
    "21001": 10,  # Anderlecht
    "21012": 12,  # Molenbeek
    "21016": 6,  # Uccle
    "21007": 6,  # Forest
    "21013": 8,  # Saint-Gilles
    "11002": 30,  # Antwerpen
    "44021": 25,  # Gent
    "62063": 20,  # Liège
    "52011": 18,  # Charleroi
    "92094": 12,  # Namur
    "53053": 10,  # Mons
    "24062": 10,  # Leuven
    "31005": 8,  # Brugge
    "71016": 6,  # Genk
    "35013": 5,  # Oostende
    "46021": 4,  # Sint-Niklaas
    "13040": 4,  # Turnhout
    "57081": 5,  # Tournai
    "25072": 4,  # Ottignies-Louvain-la-Neuve
    "63023": 3,  # Eupen
    "85045": 2,  # Virton
    "61080": 3,  # Huy
}

KINDS = [
    ("association", 56),
    ("collective", 10),
    ("public_body", 8),
    ("municipality", 5),
    ("school", 6),
    ("university", 1),
    ("trade_union", 3),
    ("foundation", 4),
    ("other", 3),
]

PATTERNS = {
    "fr": [
        ("Maison de quartier {town}", "association"),
        ("Maison de quartier {street} ({town})", "association"),
        ("Collectif {town} solidaire", "collective"),
        ("Collectif citoyen {person}", "collective"),
        ("Centre culturel de {town}", "association"),
        ("Ligue des familles migrantes de {town}", "association"),
        ("Plan de cohésion sociale de {town}", "municipality"),
        ("CPAS de {town}", "public_body"),
        ("Maison des jeunes {person}", "association"),
        ("Maison des jeunes de {town}", "association"),
        ("Lire et Écrire {town}", "association"),
        ("École de devoirs {word} de {town}", "school"),
        ("Athénée royal {person}", "school"),
        ("Accueil des migrants de {town}", "association"),
        ("Espace {person}", "association"),
        ("Association {word} {town}", "association"),
        ("Les Amis de {person}", "association"),
        ("Fondation {person}", "foundation"),
        ("Comité {word} du quartier {street}", "collective"),
        ("Régionale FGTB {town} – cellule diversité", "trade_union"),
        ("Centre de santé intégré {word}", "association"),
        ("Réseau {word} de {town}", "association"),
    ],
    "nl": [
        ("Buurtwerk {town}", "association"),
        ("Buurtwerk {street} ({town})", "association"),
        ("Integratiehuis {town}", "association"),
        ("Vzw Samen {town}", "association"),
        ("Vzw {word_nl} {town}", "association"),
        ("Jongerenhuis {person}", "association"),
        ("Jongerenhuis {town}", "association"),
        ("Onthaalnetwerk {town}", "collective"),
        ("Vakbondsafdeling {town} tegen racisme", "trade_union"),
        ("OCMW {town}", "public_body"),
        ("Huis van het Nederlands {town}", "public_body"),
        ("Basisschool {person}", "school"),
        ("Wijkcentrum {street}", "association"),
        ("Stichting {person}", "foundation"),
        ("Burgercollectief {word_nl} {town}", "collective"),
        ("Ontmoetingscentrum {word_nl}", "association"),
        ("Welzijnsschakel {town}", "association"),
    ],
    "de": [
        ("Begegnungszentrum {town}", "association"),
        ("Jugendtreff {town}", "association"),
        ("Bürgerinitiative {town} für Vielfalt", "collective"),
        ("ÖSHZ {town}", "public_body"),
    ],
}
PEOPLE = [
    "Nelson Mandela",
    "Rosa Parks",
    "Aimé Césaire",
    "Patrice Lumumba",
    "Simone Veil",
    "James Baldwin",
    "Toni Morrison",
    "Frantz Fanon",
    "Paul Janson",
    "Isala Van Diest",
    "Marie Popelin",
    "Gisèle Halimi",
    "Angela Davis",
    "Martin Luther King",
    "Malcolm X",
    "Chinua Achebe",
    "Miriam Makeba",
    "Léopold Senghor",
    "Hannah Arendt",
    "Stefan Zweig",
    "Olympe de Gouges",
    "Wangari Maathai",
    "Nadia Murad",
    "Mahatma Gandhi",
    "Victor Horta",
    "Jacques Brel",
    "Annie Cordy",
    "Hergé",
    "Frida Kahlo",
    "Amadou Hampâté Bâ",
    "Fatima Mernissi",
    "Youri Gagarine",
    "Marguerite Yourcenar",
    "Adolphe Sax",
    "Django Reinhardt",
    "Ernest Solvay",
    "Paul Otlet",
    "Josephine Baker",
    "Abraham Lincoln",
    "Desmond Tutu",
]
WORDS_FR = [
    "Horizons",
    "Passerelles",
    "Ensemble",
    "Arc-en-ciel",
    "Racines",
    "Solidarité",
    "Regards croisés",
    "Ancrages",
    "Mosaïque",
    "Entr'aide",
    "Dialogue",
    "Nouveaux départs",
    "Terre d'accueil",
    "Rencontres",
    "Voisinage",
    "Trait d'union",
    "Boussole",
    "Carrefour",
]
WORDS_NL = [
    "Kleurrijk",
    "Samenleven",
    "De Brug",
    "Nieuwe Wegen",
    "Onthaal",
    "Wereldhuis",
    "Open Deur",
    "Verbinding",
    "De Schakel",
    "Thuis",
    "Regenboog",
    "Horizon",
    "Ontmoeting",
]
STREETS = [
    "Brabant",
    "Nord",
    "Marolles",
    "Bas-Molenbeek",
    "Cureghem",
    "Matonge",
    "Saint-Léonard",
    "Sainte-Marguerite",
    "Dampoort",
    "Seefhoek",
    "Kiel",
    "Borgerhout",
    "Marchienne",
    "Droixhe",
    "Bressoux",
    "Jemappes",
    "Heyvaert",
    "Helmet",
    "Wilgenstraat",
    "Brugse Poort",
    "Rabot",
]

SENTENCES = {
    "fr": [
        "Nous accueillons chaque semaine les habitants de {town} pour des permanences sociales et juridiques.",
        "L'association organise des ateliers de {theme} et des rencontres entre voisins.",
        "Depuis {year}, nos bénévoles accompagnent les personnes exilées dans leurs démarches.",
        "Nous menons des actions de sensibilisation contre le racisme dans les écoles de la région.",
        "Notre équipe propose des cours de français, une école de devoirs et un espace parents.",
        "Nous interpellons les responsables politiques locaux sur les questions de {theme}.",
        "Le collectif réunit des habitants, des travailleurs sociaux et des artistes autour de projets communs.",
        "Nos permanences sont ouvertes à toutes et tous, sans rendez-vous, le mardi et le jeudi.",
        "Nous formons les professionnels de première ligne à l'accueil des publics migrants.",
        "La maison est un lieu de rencontre interculturel au cœur du quartier.",
        "Nous soutenons les victimes de discriminations dans l'accès au logement et à l'emploi.",
        "Chaque année, nous organisons une fête de quartier et un festival des cultures.",
    ],
    "nl": [
        "We ontvangen elke week bewoners van {town} voor sociaal en juridisch advies.",
        "De vereniging organiseert workshops rond {theme} en ontmoetingen tussen buren.",
        "Sinds {year} begeleiden onze vrijwilligers mensen op de vlucht bij hun stappen.",
        "We voeren sensibiliseringsacties tegen racisme in de scholen van de regio.",
        "Ons team biedt Nederlandse les, huiswerkbegeleiding en een ouderwerking.",
        "We spreken lokale beleidsmakers aan over {theme}.",
        "Het collectief brengt bewoners, hulpverleners en kunstenaars samen rond gedeelde projecten.",
        "Onze zitdagen staan open voor iedereen, zonder afspraak, op dinsdag en donderdag.",
        "We vormen eerstelijnswerkers in het onthaal van nieuwkomers.",
        "Het huis is een interculturele ontmoetingsplek in het hart van de wijk.",
        "We steunen slachtoffers van discriminatie op de woning- en arbeidsmarkt.",
    ],
    "de": [
        "Wir empfangen jede Woche Einwohner von {town} zu sozialen und rechtlichen Sprechstunden.",
        "Der Verein organisiert Workshops zum Thema {theme} und Begegnungen zwischen Nachbarn.",
        "Seit {year} begleiten unsere Ehrenamtlichen geflüchtete Menschen.",
        "Wir führen Sensibilisierungsaktionen gegen Rassismus in den Schulen der Region durch.",
    ],
    "en": [
        "We welcome residents of {town} every week for social and legal advice.",
        "The organisation runs workshops on {theme} and brings neighbours together.",
        "Since {year}, our volunteers have supported people in exile with their procedures.",
        "We campaign against racism in the schools of the region.",
    ],
}
GERMAN_SPEAKING = {
    "63001",
    "63012",
    "63013",
    "63023",
    "63040",
    "63048",
    "63061",
    "63067",
    "63087",
}
REGION_FLANDERS, REGION_WALLONIA, REGION_BRUSSELS = "02000", "03000", "04000"


def _themes() -> list[Theme]:
    """The installation's themes (seeded by migration since 0003), else ours."""
    if not Theme.objects.exists():
        for position, (slug, fr, nl, en, de) in enumerate(THEMES):
            Theme.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": fr,
                    "name_fr": fr,
                    "name_nl": nl,
                    "name_en": en,
                    "name_de": de or None,
                    "position": position,
                },
            )
    return list(Theme.objects.order_by("position", "slug"))


def _languages() -> dict[str, Language]:
    """The installation's languages of work, plus any of ours it lacks."""
    for position, (code, fr, nl, en, de) in enumerate(LANGUAGES):
        Language.objects.get_or_create(
            code=code,
            defaults={
                "name": fr,
                "name_fr": fr,
                "name_nl": nl,
                "name_en": en,
                "name_de": de,
                "position": 100 + position,
            },
        )
    return {lang.code: lang for lang in Language.objects.all()}


def _language_of(town: Municipality, rng: random.Random) -> str:
    if town.nis_code in GERMAN_SPEAKING:
        return "de" if rng.random() < 0.8 else "fr"
    region = town.province.region.nis_code
    if region == REGION_FLANDERS:
        return "nl"
    if region == REGION_BRUSSELS:
        return "nl" if rng.random() < 0.25 else "fr"
    return "fr"


def _town_name(town: Municipality, lang: str) -> str:
    if lang == "nl":
        return town.name_nl or town.name_fr
    if lang == "de":
        return town.name_de or town.name_fr
    return town.name_fr


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

    def __init__(self, towns: list[Municipality], themes: list[Theme]):
        self.towns = towns
        self.weights = [BIG_TOWNS.get(t.nis_code, 1) for t in towns]
        self.themes = themes
        self.kinds = [k for k, _ in KINDS]
        self.kind_weights = [w for _, w in KINDS]
        self.postcodes: dict[int, list[str]] = {}
        for code, town_id in PostalCode.objects.order_by("code").values_list(
            "code", "municipality_id"
        ):
            self.postcodes.setdefault(town_id, []).append(code)

    def build(self, i: int, taken: set[str]) -> tuple[Organisation, dict]:
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
                name = f"Plateforme {rng.choice(WORDS_FR).lower()} de {values['town']} contre le racisme"
        else:
            pattern, kind = rng.choice(PATTERNS[lang])
            name = pattern.format(**values)
            if kind == "association" and rng.random() < 0.3:
                kind = rng.choices(self.kinds, self.kind_weights)[0]
        base = slugify(name)[:180] or "organisation"
        slug, n = base, 2
        while slug in taken:
            # A second organisation of the same pattern in the same town: number it
            # the way people do ("… 2"), which keeps the name and slug unique.
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
        else:
            # The French name is required; a Flemish organisation gives its own name.
            names[lang] = name
            descriptions[lang] = description
            descriptions["fr"] = description if rng.random() < 0.5 else ""
        if second:
            descriptions[second] = _description(rng, second, town, org_themes, year)
        points = rng.random() < 0.3
        postcodes = self.postcodes.get(town.pk) or [""]
        org = Organisation(
            slug=slug,
            name=names["fr"],
            name_fr=names["fr"],
            name_nl=names["nl"],
            name_en=names["en"],
            name_de=names["de"],
            description=descriptions["fr"],
            description_fr=descriptions["fr"],
            description_nl=descriptions["nl"],
            description_en=descriptions["en"],
            description_de=descriptions["de"],
            acronym=_acronym(name) if rng.random() < 0.3 else "",
            kind=kind,
            municipality=town,
            street_address=f"Rue {rng.choice(STREETS)} {rng.randint(1, 250)}"
            if lang == "fr"
            else f"{rng.choice(STREETS)}straat {rng.randint(1, 250)}",
            postcode=rng.choice(postcodes),
            latitude=town.latitude + rng.uniform(-0.01, 0.01) if points else None,
            longitude=town.longitude + rng.uniform(-0.01, 0.01) if points else None,
            website=f"https://{slug[:40]}.example.org" if rng.random() < 0.7 else "",
            email=f"info@{slug[:40]}.example.org" if rng.random() < 0.6 else "",
            phone=f"+32 {rng.randint(2, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.5
            else "",
            founded_year=year,
            is_published=rng.random() >= 0.03,
        )
        refresh_search_fields(org)
        extra = {
            "themes": org_themes,
            "languages": list(
                dict.fromkeys(
                    [lang]
                    + rng.sample(
                        ["fr", "nl", "en", "ar", "tr", "es", "ro", "fa", "uk"],
                        rng.randint(0, 2),
                    )
                )
            ),
            "contact": rng.random() < 0.5,
            "join": rng.random() < 0.2 and not is_network,
            "rng": rng,
        }
        return org, extra


def seed_to(total: int, *, log=print) -> dict:
    """Add organisations until there are ``total``; return what was added."""
    existing = Organisation.objects.count()
    if existing >= total:
        return {"added": 0, "total": existing, "all_visible": settle()}
    with translation.override("fr"), transaction.atomic():
        themes = _themes()
        languages = _languages()
        towns = list(
            Municipality.objects.select_related("province__region").order_by("nis_code")
        )
        gen = Generator(towns, themes)
        taken = set(Organisation.objects.values_list("slug", flat=True))
        networks = list(
            Organisation.objects.filter(kind="network")
            .order_by("id")
            .values_list("id", flat=True)
        )
        through_themes = Organisation.themes.through
        through_languages = Organisation.languages.through
        added = 0
        for start in range(existing, total, BATCH):
            stop = min(total, start + BATCH)
            built = [gen.build(i, taken) for i in range(start, stop)]
            orgs = Organisation.objects.bulk_create([o for o, _ in built])
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
                    contacts.append(
                        Contact(
                            organisation=org,
                            name=f"{rng.choice(['Amina', 'Jan', 'Sophie', 'Mehmet', 'Lotte', 'Ibrahima', 'Claire', 'Pieter'])} "
                            f"{rng.choice(['Dubois', 'Peeters', 'Yilmaz', 'Diallo', 'Janssens', 'Lambert', 'El Amrani', 'Maes'])}",
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
                    memberships += [
                        Membership(
                            member_id=org.pk,
                            network_id=n,
                            role=rng.choices(
                                ["member", "founding_member", "partner", "observer"],
                                [80, 8, 8, 4],
                            )[0],
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
            added += len(orgs)
            log(f"  seeded {stop:,} / {total:,}")
    return {"added": added, "total": total, "all_visible": settle()}


def settle(tries: int = 5) -> float:
    """VACUUM ANALYZE until the visibility map covers the table; return its share.

    This is what autovacuum does on a live server shortly after a bulk import; a
    freshly loaded table without it would make COUNT(*) read the whole heap. A
    VACUUM that overlaps autovacuum's own ANALYZE cannot mark the new rows
    all-visible, hence the retries.
    """
    share = 0.0
    with connection.cursor() as cursor:
        for attempt in range(tries):
            cursor.execute("VACUUM ANALYZE")
            cursor.execute(
                "SELECT relpages, relallvisible FROM pg_class "
                "WHERE relname = 'organisations_organisation'"
            )
            pages, visible = cursor.fetchone()
            share = visible / pages if pages else 1.0
            if share >= 0.99:
                break
            time.sleep(1 + attempt)
    return share


def describe() -> dict:
    """Counts that go into the results, so a reader knows what was measured."""
    sizes = Counter(Membership.objects.values_list("network_id", flat=True))
    return {
        "organisations": Organisation.objects.count(),
        "published": Organisation.objects.filter(is_published=True).count(),
        "networks": Organisation.objects.filter(kind="network").count(),
        "memberships": Membership.objects.count(),
        "largest_network_members": max(sizes.values(), default=0),
        "themes": Theme.objects.count(),
        "organisation_themes": Organisation.themes.through.objects.count(),
        "contacts": Contact.objects.count(),
    }


# --- shared helpers for the other scenarios ------------------------------------------


def copy_rows(model, fields: list[str], rows) -> int:
    """Insert ``rows`` (tuples in ``fields`` order) with PostgreSQL COPY; return the count.

    Bypasses the ORM (no save(), no auto_now): callers give every column, including
    the ones Django would fill. Much faster than bulk_create for 10^5 rows.
    """
    meta = model._meta
    qn = connection.ops.quote_name
    cols = ", ".join(qn(meta.get_field(f).column) for f in fields)
    n = 0
    sql = f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as cp:
        for row in rows:
            cp.write_row(row)
            n += 1
    return n


def vacuum_analyze(tables: list[str], tries: int = 5) -> dict[str, float]:
    """What autovacuum does after a bulk load: statistics and the visibility map.

    Like :func:`settle`, retried until the visibility map covers each table (a
    VACUUM overlapping autovacuum's ANALYZE cannot mark new rows all-visible, and
    without it COUNT(*) reads the whole heap). Returns each table's covered share.
    """
    shares = {}
    with connection.cursor() as cursor:
        for table in tables:
            share = 0.0
            for attempt in range(tries):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
                cursor.execute(
                    "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
                    [table],
                )
                pages, visible = cursor.fetchone()
                share = visible / pages if pages else 1.0
                if share >= 0.99:
                    break
                time.sleep(1 + attempt)
            shares[table] = round(share, 3)
    return shares


def bench_coordinator():
    """A coordinator account (no usable password) that signs the seeded history."""
    from plaidoyer.accounts.models import User

    user = User.objects.filter(email="bench-coordinator@example.org").first()
    if user is None:
        user = User.objects.create_user(
            "bench-coordinator@example.org", None, is_coordinator=True
        )
    return user


def _aware(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def _published_org_ids(limit: int | None = None) -> list[int]:
    qs = Organisation.objects.filter(is_published=True).order_by("id")
    ids = list(qs.values_list("id", flat=True))
    return ids[:limit] if limit else ids


# --- barometer: memorandum, recommendations, authorities, commitments, updates -------

BAROMETER_SEED = 2024

BENCH_LEVELS = [
    # slug, tier, fr, nl, en, de
    ("federal", "federal", "Fédéral", "Federaal", "Federal", "Föderal"),
    (
        "region-bruxelles",
        "region",
        "Région de Bruxelles-Capitale",
        "Brussels Hoofdstedelijk Gewest",
        "Brussels-Capital Region",
        "Region Brüssel-Hauptstadt",
    ),
    (
        "region-wallonne",
        "region",
        "Région wallonne",
        "Waals Gewest",
        "Walloon Region",
        "Wallonische Region",
    ),
    (
        "region-flamande",
        "region",
        "Région flamande",
        "Vlaams Gewest",
        "Flemish Region",
        "Flämische Region",
    ),
    (
        "communaute-francaise",
        "community",
        "Communauté française (FWB)",
        "Franse Gemeenschap",
        "French Community",
        "Französische Gemeinschaft",
    ),
    (
        "communaute-flamande",
        "community",
        "Communauté flamande",
        "Vlaamse Gemeenschap",
        "Flemish Community",
        "Flämische Gemeinschaft",
    ),
    (
        "communaute-germanophone",
        "community",
        "Communauté germanophone",
        "Duitstalige Gemeenschap",
        "German-speaking Community",
        "Deutschsprachige Gemeinschaft",
    ),
    ("provinces", "province", "Provinces", "Provincies", "Provinces", "Provinzen"),
    (
        "communes",
        "municipality",
        "Communes",
        "Gemeenten",
        "Municipalities",
        "Gemeinden",
    ),
]

BENCH_SECTORS = [
    # slug, code, fr, nl, en, levels
    (
        "emploi",
        "EMP",
        "Emploi",
        "Werk",
        "Employment",
        ["federal", "region-bruxelles", "region-wallonne", "region-flamande"],
    ),
    (
        "logement",
        "LOG",
        "Logement",
        "Huisvesting",
        "Housing",
        ["region-bruxelles", "region-wallonne", "region-flamande", "communes"],
    ),
    (
        "enseignement",
        "EDU",
        "Enseignement",
        "Onderwijs",
        "Education",
        ["communaute-francaise", "communaute-flamande", "communaute-germanophone"],
    ),
    (
        "sante",
        "SAN",
        "Santé",
        "Gezondheid",
        "Health",
        ["federal", "communaute-francaise", "communaute-flamande"],
    ),
    (
        "police-justice",
        "POL",
        "Police et justice",
        "Politie en justitie",
        "Police and justice",
        ["federal", "communes"],
    ),
    (
        "medias-culture",
        "MED",
        "Médias et culture",
        "Media en cultuur",
        "Media and culture",
        ["communaute-francaise", "communaute-flamande"],
    ),
    (
        "protection-sociale",
        "SOC",
        "Protection sociale",
        "Sociale bescherming",
        "Social protection",
        ["federal", "region-wallonne", "communes"],
    ),
    (
        "asile-migration",
        "ASI",
        "Asile et migration",
        "Asiel en migratie",
        "Asylum and migration",
        ["federal", "communes"],
    ),
    (
        "participation",
        "PAR",
        "Participation",
        "Participatie",
        "Participation",
        ["region-bruxelles", "region-wallonne", "provinces", "communes"],
    ),
    (
        "donnees-suivi",
        "DAT",
        "Données et suivi",
        "Gegevens en monitoring",
        "Data and monitoring",
        ["federal", "region-bruxelles", "region-flamande"],
    ),
]

REC_VERBS = [
    ("Garantir", "waarborgen", "Guarantee"),
    ("Financer durablement", "structureel financieren", "Fund on a lasting basis"),
    ("Évaluer", "evalueren", "Assess"),
    ("Renforcer", "versterken", "Strengthen"),
    ("Rendre obligatoires", "verplicht maken", "Make compulsory"),
    ("Publier chaque année", "jaarlijks publiceren", "Publish every year"),
    ("Simplifier", "vereenvoudigen", "Simplify"),
    ("Contrôler", "controleren", "Monitor"),
    ("Généraliser", "veralgemenen", "Generalise"),
    ("Étendre", "uitbreiden", "Extend"),
    (
        "Former les agents publics à",
        "overheidspersoneel opleiden in",
        "Train public staff in",
    ),
    (
        "Associer les associations de terrain à",
        "middenveldorganisaties betrekken bij",
        "Involve grassroots organisations in",
    ),
]
REC_OBJECTS = [
    ("les tests de situation", "de praktijktests", "situation testing"),
    ("les plans de diversité", "de diversiteitsplannen", "diversity plans"),
    (
        "la reconnaissance des diplômes étrangers",
        "de erkenning van buitenlandse diploma's",
        "recognition of foreign diplomas",
    ),
    (
        "l'accès aux droits sociaux",
        "de toegang tot sociale rechten",
        "access to social rights",
    ),
    (
        "les données ventilées sur les discriminations",
        "de uitgesplitste discriminatiegegevens",
        "disaggregated discrimination data",
    ),
    ("les procédures de plainte", "de klachtenprocedures", "complaint procedures"),
    ("l'interprétariat social", "het sociaal tolken", "community interpreting"),
    (
        "les sanctions contre les discriminations",
        "de sancties tegen discriminatie",
        "sanctions against discrimination",
    ),
    (
        "l'accueil des primo-arrivants",
        "het onthaal van nieuwkomers",
        "the reception of newcomers",
    ),
    (
        "les points de contact antiracisme",
        "de aanspreekpunten racisme",
        "anti-racism contact points",
    ),
]
REC_QUALIFIERS = [
    ("", "", ""),
    (" dans toutes les communes", " in alle gemeenten", " in every municipality"),
    (" d'ici 2027", " tegen 2027", " by 2027"),
    (" avec un budget dédié", " met een eigen budget", " with a dedicated budget"),
    (
        " sous le contrôle d'un organe indépendant",
        " onder toezicht van een onafhankelijk orgaan",
        " under independent oversight",
    ),
    (" pour les jeunes", " voor jongeren", " for young people"),
    (
        " dans les administrations",
        " in de administraties",
        " in public administrations",
    ),
    (" en concertation avec Unia", " in overleg met Unia", " together with Unia"),
    (
        " pour les personnes sans papiers",
        " voor mensen zonder papieren",
        " for undocumented people",
    ),
    (" dans les marchés publics", " in overheidsopdrachten", " in public procurement"),
    (
        " à Bruxelles et en Wallonie",
        " in Brussel en Wallonië",
        " in Brussels and Wallonia",
    ),
    (
        " dès la rentrée scolaire",
        " vanaf het nieuwe schooljaar",
        " from the new school year",
    ),
]
REC_SENTENCES = [
    "Les associations constatent que les discriminations dans le secteur « {s} » restent largement sous-déclarées.",
    "Cette mesure figure dans le plan d'action interfédéral contre le racisme depuis {year}.",
    "Elle demande un budget pluriannuel et un calendrier public.",
    "Les victimes doivent pouvoir être accompagnées par une association de leur choix.",
    "Un rapport annuel au parlement permettra d'en suivre la mise en œuvre.",
    "Les communes qui l'appliquent déjà montrent qu'elle est réaliste.",
    "La mesure vise en particulier les personnes racisées et les personnes étrangères.",
]
REC_SENTENCES_NL = [
    "De verenigingen stellen vast dat discriminatie in de sector '{s}' grotendeels ongemeld blijft.",
    "Deze maatregel staat sinds {year} in het interfederaal actieplan tegen racisme.",
    "Ze vraagt een meerjarig budget en een openbare planning.",
    "Een jaarlijks verslag aan het parlement maakt de opvolging mogelijk.",
]
COMMITMENT_PATTERNS = [
    "Plan {who} {year} : {obj}",
    "Accord de gouvernement {year} — {obj}",
    "Circulaire relative à {obj}",
    "Budget {year} : moyens pour {obj}",
    "Ordonnance sur {obj}",
    "Note de politique générale {year} ({obj})",
    "Réponse à la question parlementaire sur {obj}",
]
UPDATE_NOTES = [
    "Annonce en commission parlementaire.",
    "Le budget a été voté.",
    "Un groupe de travail a été installé avec les associations.",
    "Rien de neuf depuis la dernière évaluation.",
    "Le texte est en deuxième lecture au gouvernement.",
    "Premiers résultats publiés dans le rapport annuel.",
    "Le calendrier a glissé de six mois.",
    "Appel à projets lancé.",
    "",
    "",
]

# The share of commitments ending in each status (the coalition's latest view).
FINAL_STATUSES = [
    ("implemented", 1),
    ("partly_implemented", 3),
    ("in_progress", 16),
    ("announced", 30),
    ("not_started", 15),
    ("stalled", 20),
    ("abandoned", 15),
]
LADDER = ["announced", "in_progress", "partly_implemented", "implemented"]


def _bench_levels():
    from plaidoyer.commitments.models import Level

    out = {}
    for position, (slug, tier, fr, nl, en, de) in enumerate(BENCH_LEVELS):
        level, _ = Level.objects.get_or_create(
            slug=slug,
            defaults={
                "tier": tier,
                "name": fr,
                "name_fr": fr,
                "name_nl": nl,
                "name_en": en,
                "name_de": de,
                "position": position,
            },
        )
        out[slug] = level
    return out


def bench_sectors():
    """Ten sectors (get or create by code), shared by the barometer and the processes."""
    from plaidoyer.commitments.models import Sector

    out = []
    for position, (slug, code, fr, nl, en, _levels) in enumerate(BENCH_SECTORS):
        sector = Sector.objects.filter(code=code).first()
        if sector is None:
            sector = Sector.objects.create(
                slug=slug
                if not Sector.objects.filter(slug=slug).exists()
                else f"{slug}-{code.lower()}",
                code=code,
                name=fr,
                name_fr=fr,
                name_nl=nl,
                name_en=en,
                position=position,
            )
        out.append(sector)
    return out


def _bench_authorities(levels: dict, rng: random.Random):
    """~300 authorities: governments, parliaments, ministers, provinces, 250 communes."""
    from plaidoyer.commitments.models import Authority
    from plaidoyer.places.models import Province

    existing = set(Authority.objects.values_list("slug", flat=True))
    taken_towns = set(
        Authority.objects.exclude(municipality=None).values_list(
            "municipality_id", flat=True
        )
    )
    rows = []

    def add(slug, kind, level, fr, nl="", **extra):
        if slug in existing:
            return
        existing.add(slug)
        rows.append(
            Authority(
                slug=slug,
                kind=kind,
                level=levels[level],
                name=fr,
                name_fr=fr,
                name_nl=nl or None,
                **extra,
            )
        )

    add(
        "gouvernement-federal",
        "government",
        "federal",
        "Gouvernement fédéral",
        "Federale regering",
    )
    add(
        "chambre",
        "parliament",
        "federal",
        "Chambre des représentants",
        "Kamer van volksvertegenwoordigers",
    )
    for i, (fr, nl) in enumerate(
        [
            ("Emploi", "Werk"),
            ("Intérieur", "Binnenlandse Zaken"),
            ("Justice", "Justitie"),
            ("Santé", "Volksgezondheid"),
            ("Asile et Migration", "Asiel en Migratie"),
            ("Égalité des chances", "Gelijke Kansen"),
            ("Affaires sociales", "Sociale Zaken"),
        ]
    ):
        add(
            f"ministre-federal-{i}",
            "minister",
            "federal",
            f"Ministre fédéral·e — {fr}",
            f"Federaal minister — {nl}",
        )
    add(
        "spf-interieur",
        "administration",
        "federal",
        "SPF Intérieur",
        "FOD Binnenlandse Zaken",
    )
    add("spf-emploi", "administration", "federal", "SPF Emploi", "FOD Werkgelegenheid")
    for slug, fr, nl in [
        ("region-bruxelles", "Bruxelles-Capitale", "Brussels Hoofdstedelijk Gewest"),
        ("region-wallonne", "Wallonie", "Wallonië"),
        ("region-flamande", "Flandre", "Vlaanderen"),
        (
            "communaute-francaise",
            "Fédération Wallonie-Bruxelles",
            "Federatie Wallonië-Brussel",
        ),
        ("communaute-flamande", "Communauté flamande", "Vlaamse Gemeenschap"),
        (
            "communaute-germanophone",
            "Communauté germanophone",
            "Duitstalige Gemeenschap",
        ),
    ]:
        add(
            f"gouvernement-{slug}",
            "government",
            slug,
            f"Gouvernement — {fr}",
            f"Regering — {nl}",
        )
        add(
            f"parlement-{slug}",
            "parliament",
            slug,
            f"Parlement — {fr}",
            f"Parlement — {nl}",
        )
        for i in range(2):
            add(
                f"ministre-{slug}-{i}",
                "minister",
                slug,
                f"Ministre {i + 1} — {fr}",
                f"Minister {i + 1} — {nl}",
            )
    for province in Province.objects.order_by("nis_code"):
        add(
            f"province-{province.slug}",
            "province",
            "provinces",
            f"Province — {province.name}",
            province=province,
        )
    towns = list(Municipality.objects.order_by("nis_code"))
    big = [t for t in towns if t.nis_code in BIG_TOWNS]
    others = [t for t in towns if t.nis_code not in BIG_TOWNS]
    for town in big + rng.sample(others, min(len(others), 250 - len(big))):
        if town.pk in taken_towns:
            continue
        add(
            f"commune-{town.slug}",
            "municipality",
            "communes",
            f"Commune de {town.name_fr or town.name}",
            f"Gemeente {town.name_nl or town.name}",
            municipality=town,
        )
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
    if status == "implemented":
        return 100
    return None


def seed_barometer(
    recommendations: int = 1000,
    commitments: int = 20000,
    updates: int = 200000,
    *,
    log=print,
) -> dict:
    """A published memorandum of ``recommendations`` in ten sectors, ~300 authorities,
    ``commitments`` commitments and exactly ``updates`` status updates.

    Denormalised columns are set as the services set them: each commitment's status,
    progress, authority status and last update from its latest updates by (date, id);
    each recommendation's barometer status by ``barometer_status_for``; its search text
    and sort key by ``refresh_search``. Does nothing when the recommendations exist.
    """
    from django.utils import timezone

    from plaidoyer.commitments.models import (
        Commitment,
        Memorandum,
        MemorandumItem,
        Recommendation,
        StatusUpdate,
    )
    from plaidoyer.commitments.services import barometer_status_for, refresh_search
    from plaidoyer.core import versions

    if Recommendation.objects.count() >= recommendations:
        return {"added": 0}
    rng = random.Random(BAROMETER_SEED)
    today = timezone.localdate()
    now = timezone.now()
    t0 = time.monotonic()
    with translation.override("fr"), transaction.atomic():
        coordinator = bench_coordinator()
        levels = _bench_levels()
        sectors = bench_sectors()
        sector_levels = {code: lv for _s, code, _f, _n, _e, lv in BENCH_SECTORS}
        authorities = _bench_authorities(levels, rng)
        themes = list(Theme.objects.all())
        org_ids = _published_org_ids(5000)
        memo_old, _ = Memorandum.objects.get_or_create(
            edition=1,
            defaults={
                "title": "Mémorandum 2019",
                "title_fr": "Mémorandum 2019",
                "title_nl": "Memorandum 2019",
                "slug": "memorandum-2019",
                "year": 2019,
                "published_on": datetime.date(2019, 3, 21),
                "state": Memorandum.State.SUPERSEDED,
            },
        )
        memo, _ = Memorandum.objects.get_or_create(
            edition=2,
            defaults={
                "title": "Mémorandum 2024",
                "title_fr": "Mémorandum 2024",
                "title_nl": "Memorandum 2024",
                "slug": "memorandum-2024",
                "year": 2024,
                "published_on": datetime.date(2024, 3, 21),
                "state": Memorandum.State.PUBLISHED,
                "introduction_fr": "Nos propositions pour les législatures 2024-2029.",
            },
        )
        Memorandum.objects.filter(state=Memorandum.State.PUBLISHED).exclude(
            pk=memo.pk
        ).update(state=Memorandum.State.SUPERSEDED)
        # Recommendations: a hundred per sector, titles from verb × object × qualifier.
        per_sector = -(-recommendations // len(sectors))
        recs = []
        for sector in sectors:
            combos = [
                (v, o, q)
                for v in range(len(REC_VERBS))
                for o in range(len(REC_OBJECTS))
                for q in range(len(REC_QUALIFIERS))
            ]
            picks = rng.sample(combos, per_sector)
            for n, (v, o, q) in enumerate(picks, start=1):
                if len(recs) >= recommendations:
                    break
                vf, vn, ve = REC_VERBS[v]
                of, on, oe = REC_OBJECTS[o]
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
                text_nl = (
                    " ".join(
                        t.format(s=sector.name_nl.lower(), year=year)
                        for t in rng.sample(REC_SENTENCES_NL, 2)
                    )
                    if title_nl
                    else None
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
                    through_levels(recommendation_id=rec.pk, level_id=levels[slug].pk)
                )
            if themes:
                for theme in rng.sample(themes, rng.choice([0, 1, 1, 2])):
                    theme_rows.append(
                        through_themes(recommendation_id=rec.pk, theme_id=theme.pk)
                    )
            items.append(
                MemorandumItem(
                    memorandum=memo,
                    recommendation=rec,
                    position=position,
                    title=rec.title_fr,
                    title_fr=rec.title_fr,
                    title_nl=rec.title_nl,
                    title_en=rec.title_en,
                    text=rec.text_fr,
                    text_fr=rec.text_fr,
                    text_nl=rec.text_nl,
                )
            )
            if (
                rng.random() < 0.7
            ):  # most were already in the 2019 edition, worded differently
                old = rec.title_fr.replace(" d'ici 2027", " d'ici 2024")
                items.append(
                    MemorandumItem(
                        memorandum=memo_old,
                        recommendation=rec,
                        position=position,
                        title=old,
                        title_fr=old,
                        text=rec.text_fr,
                        text_fr=rec.text_fr,
                    )
                )
        through_levels.objects.bulk_create(level_rows, batch_size=2000)
        through_themes.objects.bulk_create(theme_rows, batch_size=2000)
        MemorandumItem.objects.bulk_create(items, batch_size=1000)
        log(f"  {len(recs):,} recommendations, {len(items):,} memorandum items")

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
        auth_weight = [
            {
                "government": 30,
                "minister": 20,
                "parliament": 8,
                "administration": 10,
            }.get(a.kind, 6 if a.kind == "province" else 1)
            * (4 if a.municipality_id and a.municipality.nis_code in BIG_TOWNS else 1)
            for a in authorities
        ]
        # Status updates per commitment: 1..19, then nudged to the exact total.
        counts = [rng.randint(1, 19) for _ in range(commitments)]
        diff = updates - sum(counts)
        while diff:
            i = rng.randrange(commitments)
            if diff > 0 and counts[i] < 40:
                counts[i] += 1
                diff -= 1
            elif diff < 0 and counts[i] > 1:
                counts[i] -= 1
                diff += 1
        rec_cum = list(itertools.accumulate(weight))
        auth_cum = list(itertools.accumulate(auth_weight))
        finals = [s for s, _w in FINAL_STATUSES]
        final_weights = [w for _s, w in FINAL_STATUSES]
        start = datetime.date(2019, 6, 1)
        span = (today - datetime.timedelta(days=60) - start).days
        plans, objs = [], []
        for c in range(commitments):
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
            final = rng.choices(finals, final_weights)[0]
            path = _update_path(rng, final, n)
            rows = []  # (date, source, status, progress, note, evidence)
            for k, (day, status) in enumerate(zip(dates, path, strict=True)):
                source = "coalition"
                if 0 < k < n - 1 and rng.random() < 0.15:
                    source = "authority"
                    status = (
                        LADDER[min(3, LADDER.index(status) + 1)]
                        if status in LADDER
                        else status
                    )
                rows.append(
                    (
                        day,
                        source,
                        status,
                        _progress(status, rng),
                        "Engagement enregistré."
                        if k == 0
                        else rng.choice(UPDATE_NOTES),
                        f"https://example.org/preuve/{c}-{k}"
                        if rng.random() < 0.3
                        else "",
                    )
                )
            coalition = [r for r in rows if r[1] == "coalition"]
            own = [r for r in rows if r[1] == "authority"]
            latest = coalition[-1]
            latest_own = own[-1] if own else None
            obj = REC_OBJECTS[rng.randrange(len(REC_OBJECTS))][0]
            title = rng.choice(COMMITMENT_PATTERNS).format(
                who=authority.level.name_fr.lower(), year=committed_on.year, obj=obj
            )
            objs.append(
                Commitment(
                    authority=authority,
                    title=title[:300],
                    title_fr=title[:300],
                    description="",
                    committed_on=committed_on,
                    due_on=committed_on
                    + datetime.timedelta(days=rng.choice([365, 730, 1095]))
                    if rng.random() < 0.4
                    else None,
                    source_url=f"https://example.org/engagement/{c}"
                    if rng.random() < 0.6
                    else "",
                    status=latest[2],
                    progress=latest[3],
                    authority_status=latest_own[2] if latest_own else "",
                    authority_progress=latest_own[3] if latest_own else None,
                    last_update_on=max(
                        latest[0], latest_own[0] if latest_own else latest[0]
                    ),
                )
            )
            plans.append((chosen, rows))
        Commitment.objects.bulk_create(objs, batch_size=2000)
        through = Commitment.recommendations.through
        links = []
        statuses_of: dict[int, list[str]] = {}
        for commitment, (chosen, _rows) in zip(objs, plans, strict=True):
            for i in chosen:
                links.append(
                    through(commitment_id=commitment.pk, recommendation_id=recs[i].pk)
                )
                statuses_of.setdefault(i, []).append(commitment.status)
        through.objects.bulk_create(links, batch_size=5000)
        log(
            f"  {len(objs):,} commitments, {len(links):,} links in {time.monotonic() - t0:.1f} s"
        )

        # Status updates with COPY; created_at follows the date (never after now).
        latest_allowed = now - datetime.timedelta(hours=1)
        fields = [
            "commitment",
            "date",
            "source",
            "status",
            "progress",
            "note",
            "evidence_url",
            "evidence_file",
            "author",
            "created_at",
        ]

        def update_rows():
            for commitment, (_chosen, rows) in zip(objs, plans, strict=True):
                for k, (day, source, status, progress, note, evidence) in enumerate(
                    rows
                ):
                    created = min(
                        _aware(day, 9, 0) + datetime.timedelta(minutes=k),
                        latest_allowed,
                    )
                    yield (
                        commitment.pk,
                        day,
                        source,
                        status,
                        progress,
                        note,
                        evidence,
                        "",
                        coordinator.pk,
                        created,
                    )

        n_updates = copy_rows(StatusUpdate, fields, update_rows())
        # Each recommendation's barometer status, as refresh_recommendation derives it.
        by_status: dict[str, list[int]] = {}
        for i, rec in enumerate(recs):
            rec.barometer_status = barometer_status_for(statuses_of.get(i, []))
            by_status.setdefault(rec.barometer_status, []).append(rec.pk)
        for status, pks in by_status.items():
            Recommendation.objects.filter(pk__in=pks).update(barometer_status=status)
        versions.bump("barometer")
    vacuum_analyze(
        [
            "commitments_statusupdate",
            "commitments_commitment",
            "commitments_commitment_recommendations",
            "commitments_recommendation",
            "commitments_memorandumitem",
        ]
    )
    log(
        f"  {n_updates:,} status updates; barometer seeded in {time.monotonic() - t0:.1f} s"
    )
    return {"added": len(recs)}


def describe_barometer() -> dict:
    from django.db.models import Count

    from plaidoyer.commitments.models import (
        Authority,
        Commitment,
        Memorandum,
        MemorandumItem,
        Recommendation,
        StatusUpdate,
    )

    per_rec = Recommendation.objects.annotate(n=Count("commitments")).order_by("-n")
    top = list(per_rec.values_list("code", "n")[:3])
    updates_of_top = {
        code: StatusUpdate.objects.filter(
            commitment__recommendations__code=code
        ).count()
        for code, _n in top
    }
    return {
        "memoranda": Memorandum.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "current_memorandum_items": MemorandumItem.objects.filter(
            memorandum__state=Memorandum.State.PUBLISHED
        ).count(),
        "authorities": Authority.objects.count(),
        "commitments": Commitment.objects.count(),
        "commitment_links": Commitment.recommendations.through.objects.count(),
        "status_updates": StatusUpdate.objects.count(),
        "barometer_status": dict(
            Counter(Recommendation.objects.values_list("barometer_status", flat=True))
        ),
        "commitment_status": dict(
            Counter(Commitment.objects.values_list("status", flat=True))
        ),
        "largest_recommendations": [
            {"code": code, "commitments": n, "status_updates": updates_of_top[code]}
            for code, n in top
        ],
        "without_commitment": Recommendation.objects.filter(commitments=None).count(),
    }


# --- a participatory process: meetings, drafts, comments, endorsements ----------------

PROCESS_SEED = 2026
PROCESS_SLUG = "assises-contre-le-racisme"
DRAFT_OPENINGS = [
    "Créer",
    "Financer",
    "Garantir",
    "Évaluer",
    "Rendre accessible",
    "Former les professionnels à",
    "Soutenir",
    "Publier",
]
DRAFT_TOPICS = [
    "un service d'interprétariat social",
    "des permanences juridiques de quartier",
    "un observatoire local des discriminations",
    "des tests de situation dans le logement",
    "un parcours d'accueil pour les primo-arrivants",
    "des médiateurs interculturels dans les écoles",
    "un fonds pour les associations de terrain",
    "une cellule d'aide aux victimes",
    "des cours de français gratuits",
    "un label d'employeur inclusif",
]
DRAFT_PLACES = [
    "dans chaque commune",
    "à Bruxelles",
    "en Wallonie",
    "en Flandre",
    "dans les grandes villes",
    "pour les jeunes",
    "pour les familles",
    "avant 2028",
]
COMMENT_SENTENCES = [
    "Nous soutenons cette proposition, qui répond à ce que nous voyons dans nos permanences.",
    "Il faudrait préciser qui finance la mesure et pour combien d'années.",
    "Attention à ne pas oublier les personnes sans papiers, qui n'ont accès à presque rien.",
    "Notre association a mené un projet pilote semblable en 2022 : les résultats sont encourageants.",
    "Nous proposons d'ajouter une évaluation indépendante après deux ans.",
    "Le texte gagnerait à citer les recommandations d'Unia sur ce point.",
    "Les communes rurales n'ont pas les moyens de le faire seules.",
    "Wij steunen dit voorstel, maar vragen een duidelijke timing.",
    "Il faut associer les personnes concernées dès la conception.",
    "D'accord sur le fond, mais le vocabulaire doit être plus précis juridiquement.",
]


def seed_processes(
    drafts: int = 2000,
    comments: int = 50000,
    endorsements: int = 20000,
    meetings: int = 50,
    *,
    members: int = 400,
    log=print,
) -> dict:
    """One process in its consultation phase: ``meetings`` meetings (events),
    ``drafts`` drafts (with version histories), ``comments`` comments and
    ``endorsements`` endorsements from ``members`` participating organisations.

    The draft counters (``comment_count``, ``endorsement_count``) match the rows.
    The first three drafts are the probes: 500, 5 and 1,200 comments (the page shows
    at most 500). Some drafts are adopted as recommendations when the barometer's
    are there. Does nothing when the process exists.
    """
    from django.utils import timezone

    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.core import versions
    from plaidoyer.core.html import clean_text
    from plaidoyer.events.models import Event
    from plaidoyer.processes.models import (
        Comment,
        Draft,
        DraftVersion,
        Endorsement,
        Meeting,
        Phase,
        Process,
        ProcessMember,
    )

    if Process.objects.filter(slug=PROCESS_SLUG).exists():
        return {"added": 0}
    if Organisation.objects.filter(is_published=True).count() < members:
        seed_to(max(members * 2, 1000), log=lambda m: None)
    rng = random.Random(PROCESS_SEED)
    today = timezone.localdate()
    now = timezone.now()
    t0 = time.monotonic()
    with translation.override("fr"), transaction.atomic():
        coordinator = bench_coordinator()
        sectors = bench_sectors()
        org_ids = _published_org_ids()
        member_ids = rng.sample(org_ids, members)
        process = Process.objects.create(
            title="Assises contre le racisme",
            title_fr="Assises contre le racisme",
            title_nl="Staten-Generaal tegen racisme",
            slug=PROCESS_SLUG,
            description="Un an de rencontres pour écrire ensemble le prochain mémorandum.",
            description_fr="Un an de rencontres pour écrire ensemble le prochain mémorandum.",
            started_on=today - datetime.timedelta(days=120),
        )
        process.themes.set(Theme.objects.all()[:4])
        phases = [
            ("information", "Information", -120, -91),
            ("meetings", "Rencontres thématiques", -90, -31),
            ("consultation", "Consultation sur les projets", -30, 30),
            ("adoption", "Adoption", 31, 60),
            ("follow_up", "Suivi", 61, 365),
        ]
        Phase.objects.bulk_create(
            [
                Phase(
                    process=process,
                    kind=kind,
                    name=name,
                    name_fr=name,
                    starts_on=today + datetime.timedelta(days=a),
                    ends_on=today + datetime.timedelta(days=b),
                )
                for kind, name, a, b in phases
            ]
        )
        ProcessMember.objects.bulk_create(
            [
                ProcessMember(
                    process=process,
                    organisation_id=org_id,
                    role="organiser"
                    if i < 2
                    else "steering"
                    if i < 12
                    else "participant",
                )
                for i, org_id in enumerate(member_ids)
            ]
        )
        towns = list(Municipality.objects.filter(nis_code__in=list(BIG_TOWNS)))
        events, meeting_rows = [], []
        for m in range(meetings):
            day = today + datetime.timedelta(days=-90 + m * 110 // max(1, meetings - 1))
            starts = _aware(day, 18, 0)
            sector = sectors[m % len(sectors)]
            title = f"Rencontre thématique {m + 1} : {sector.name_fr}"
            town = rng.choice(towns)
            event = Event(
                title=title,
                title_fr=title,
                slug=f"{PROCESS_SLUG}-rencontre-{m + 1}",
                description="Une soirée de travail ouverte aux organisations membres.",
                description_fr="Une soirée de travail ouverte aux organisations membres.",
                kind="thematic_meeting",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                mode=rng.choice(["in_person", "in_person", "hybrid"]),
                venue="Maison des associations",
                municipality=town,
                capacity=rng.choice([None, 40, 60, 80]),
                requires_confirmation=False,
            )
            event.search_text = search_blob_safe(title, event.description, town.name)
            events.append(event)
        Event.objects.bulk_create(events)
        organiser_rows = []
        for event in events:
            for org_id in rng.sample(member_ids[:12], rng.randint(1, 2)):
                organiser_rows.append(
                    Event.organisers.through(event_id=event.pk, organisation_id=org_id)
                )
            past = event.starts_at < now
            minutes = (
                "<p>" + " ".join(rng.sample(COMMENT_SENTENCES, 4)) + "</p>"
                if past
                else None
            )
            meeting_rows.append(
                Meeting(
                    process=process,
                    event=event,
                    minutes=minutes or "",
                    minutes_fr=minutes,
                    attendance_count=rng.randint(12, 70) if past else None,
                    closed_at=event.ends_at if past else None,
                )
            )
        Event.organisers.through.objects.bulk_create(organiser_rows)
        Meeting.objects.bulk_create(meeting_rows)

        # Drafts, with 1-3 versions each.
        open_recs = list(
            Recommendation.objects.filter(adopted_from=None).order_by("id")[:40]
        )
        draft_objs, version_rows = [], []
        for d in range(drafts):
            sector = sectors[d % len(sectors)]
            title = (
                f"{rng.choice(DRAFT_OPENINGS)} {rng.choice(DRAFT_TOPICS)} "
                f"{rng.choice(DRAFT_PLACES)} ({sector.code}-{d + 1})"
            )
            text = " ".join(rng.sample(COMMENT_SENTENCES, 3))
            n_versions = rng.choices([1, 2, 3], [60, 30, 10])[0]
            adopted = open_recs.pop() if open_recs and d >= 3 and d % 50 == 7 else None
            status = (
                "adopted"
                if adopted
                else "withdrawn"
                if d >= 3 and rng.random() < 0.01
                else "open"
            )
            meeting = rng.choice(meeting_rows) if rng.random() < 0.7 else None
            draft_objs.append(
                Draft(
                    process=process,
                    meeting=meeting,
                    sector=sector,
                    title=title,
                    title_fr=title,
                    text=text,
                    text_fr=text,
                    version=n_versions,
                    status=status,
                    adopted_as=adopted,
                    adopted_at=now - datetime.timedelta(days=3) if adopted else None,
                    created_by=coordinator,
                )
            )
            for v in range(1, n_versions + 1):
                version_text = (
                    text
                    if v == n_versions
                    else clean_text(
                        text.replace("Nous", "Nous, associations,", 1)[: 40 * v + 60]
                    )
                )
                version_rows.append((d, v, title, version_text))
        Draft.objects.bulk_create(draft_objs, batch_size=1000)
        DraftVersion.objects.bulk_create(
            [
                DraftVersion(
                    draft=draft_objs[d],
                    number=v,
                    title=title,
                    text=text,
                    note="" if v == 1 else "Reformulation après la rencontre.",
                    author=coordinator,
                )
                for d, v, title, text in version_rows
            ],
            batch_size=2000,
        )

        # Comments: the three probes first, the rest skewed (a few busy drafts).
        probes = [500, 5, 1200][: min(3, drafts)]
        rest = comments - sum(probes)
        weights = [1 / (i + 5) ** 0.7 for i in range(drafts - len(probes))]
        rng.shuffle(weights)
        total_w = sum(weights)
        per_draft = probes + [int(rest * w / total_w) for w in weights]
        for i in rng.sample(range(len(probes), drafts), comments - sum(per_draft)):
            per_draft[i] += 1
        first_day = now - datetime.timedelta(days=30)

        def comment_rows():
            for d, n in enumerate(per_draft):
                draft = draft_objs[d]
                for k in range(n):
                    created = first_day + datetime.timedelta(
                        seconds=(k * 2_592_000) // max(1, n) + rng.randint(0, 600)
                    )
                    hidden = rng.random() < 0.01
                    yield (
                        draft.pk,
                        rng.choice(member_ids),
                        None,
                        " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))),
                        "Hors sujet." if hidden else "",
                        coordinator.pk if hidden else None,
                        created if hidden else None,
                        created,
                    )

        n_comments = copy_rows(
            Comment,
            [
                "draft",
                "organisation",
                "author",
                "body",
                "hidden_reason",
                "hidden_by",
                "hidden_at",
                "created_at",
            ],
            comment_rows(),
        )
        # Endorsements: one per organisation and draft, skewed, at most `members`.
        e_weights = [1 / (i + 3) ** 0.6 for i in range(drafts)]
        rng.shuffle(e_weights)
        total_e = sum(e_weights)
        per_endorse = [min(members, int(endorsements * w / total_e)) for w in e_weights]
        while sum(per_endorse) < endorsements:
            i = rng.randrange(drafts)
            if per_endorse[i] < members:
                per_endorse[i] += 1

        def endorsement_rows():
            for d, n in enumerate(per_endorse):
                for org_id in rng.sample(member_ids, n):
                    yield (
                        draft_objs[d].pk,
                        org_id,
                        None,
                        rng.choice(["", "", "", "Indispensable pour nos publics."]),
                        first_day
                        + datetime.timedelta(seconds=rng.randint(0, 2_592_000)),
                    )

        n_endorsements = copy_rows(
            Endorsement,
            ["draft", "organisation", "author", "reason", "created_at"],
            endorsement_rows(),
        )
        # The counters the services keep, equal to the rows.
        for d, draft in enumerate(draft_objs):
            draft.comment_count = per_draft[d]
            draft.endorsement_count = per_endorse[d]
        Draft.objects.bulk_update(
            draft_objs, ["comment_count", "endorsement_count"], batch_size=1000
        )
        versions.bump("processes")
        versions.bump("events")
    vacuum_analyze(
        [
            "processes_draft",
            "processes_comment",
            "processes_endorsement",
            "processes_draftversion",
            "events_event",
        ]
    )
    log(
        f"  process with {meetings} meetings, {len(draft_objs):,} drafts, "
        f"{n_comments:,} comments, {n_endorsements:,} endorsements "
        f"in {time.monotonic() - t0:.1f} s"
    )
    return {"added": len(draft_objs)}


def search_blob_safe(*parts) -> str:
    from plaidoyer.core.text import search_blob

    return search_blob(*parts)


def process_probes() -> dict:
    """The process's slug and the drafts the benchmark rotates over."""
    from django.db.models import Count

    from plaidoyer.processes.models import Draft, Process

    process = Process.objects.get(slug=PROCESS_SLUG)
    drafts = Draft.objects.filter(process=process).order_by("id")
    first = list(drafts.values_list("pk", "comment_count", "endorsement_count")[:3])
    rng = random.Random(6)
    all_ids = list(drafts.values_list("pk", flat=True))
    sample = [pk for pk, _c, _e in first] + rng.sample(
        all_ids[3:], min(47, len(all_ids) - 3)
    )
    busiest = (
        drafts.annotate(n=Count("comments"))
        .order_by("-n")
        .values_list("pk", "n")
        .first()
    )
    return {
        "slug": process.slug,
        "probes": [{"pk": pk, "comments": c, "endorsements": e} for pk, c, e in first],
        "rotation": sample,
        "all": all_ids,
        "busiest": busiest,
    }


def describe_processes() -> dict:
    from django.db.models import Max, Sum

    from plaidoyer.processes.models import (
        Comment,
        Draft,
        DraftVersion,
        Endorsement,
        Meeting,
        Process,
        ProcessMember,
    )

    agg = Draft.objects.aggregate(
        comments=Sum("comment_count"),
        endorsements=Sum("endorsement_count"),
        max_comments=Max("comment_count"),
        max_endorsements=Max("endorsement_count"),
    )
    return {
        "processes": Process.objects.count(),
        "members": ProcessMember.objects.count(),
        "meetings": Meeting.objects.count(),
        "drafts": Draft.objects.count(),
        "draft_versions": DraftVersion.objects.count(),
        "adopted": Draft.objects.filter(status="adopted").count(),
        "comments": Comment.objects.count(),
        "endorsements": Endorsement.objects.count(),
        "counters_consistent": agg["comments"] == Comment.objects.count()
        and agg["endorsements"] == Endorsement.objects.count(),
        "max_comments_per_draft": agg["max_comments"],
        "max_endorsements_per_draft": agg["max_endorsements"],
    }


# --- the news site: articles, resources, pages, figures -------------------------------

NEWS_SEED = 2027
ARTICLE_KINDS = [
    ("Communiqué", "Persbericht"),
    ("Agenda", "Agenda"),
    ("Analyse", "Analyse"),
    ("Témoignage", "Getuigenis"),
    ("Appel", "Oproep"),
    ("Rapport", "Rapport"),
]
ARTICLE_SUBJECTS = [
    "le logement à {town}",
    "les discriminations à l'embauche",
    "l'accueil des demandeurs d'asile",
    "le racisme à l'école",
    "les contrôles au faciès",
    "la régularisation des sans-papiers",
    "l'interprétariat dans les hôpitaux",
    "le plan d'action contre le racisme",
    "les droits des mineurs étrangers",
    "la mémoire coloniale",
    "les violences policières",
    "la participation citoyenne à {town}",
]
ARTICLE_SENTENCES = [
    "Les associations de {town} ont présenté leur bilan annuel devant une salle comble.",
    "Selon le dernier rapport, les plaintes pour discrimination ont augmenté de {n} % en un an.",
    "La coalition demande au gouvernement de tenir ses engagements sur {theme}.",
    "Une centaine de personnes se sont rassemblées devant le parlement.",
    "Le projet, soutenu par {person}, a été salué par les acteurs de terrain.",
    "La ministre a promis une réponse avant la fin de l'année.",
    "Nos membres accompagnent chaque semaine des familles dans leurs démarches.",
    "Le rapport recommande des tests de situation réguliers dans le logement et l'emploi.",
    "Une formation gratuite est proposée aux professionnels de première ligne à {town}.",
    "Les témoignages recueillis montrent l'ampleur des obstacles administratifs.",
    "L'école de devoirs accueille désormais {n} enfants chaque soir.",
    "Le conseil communal de {town} a adopté une motion contre le racisme.",
    "Les chiffres d'Unia confirment la tendance observée sur le terrain.",
    "Un débat public aura lieu le mois prochain avec des élus de tous les partis.",
]
ARTICLE_SENTENCES_NL = [
    "De verenigingen uit {town} stelden hun jaarverslag voor.",
    "Volgens het laatste rapport stegen de klachten over discriminatie met {n} %.",
    "De coalitie vraagt de regering haar engagementen over {theme} na te komen.",
    "Onze leden begeleiden elke week gezinnen bij hun administratieve stappen.",
]
RESOURCE_TITLES = [
    "Guide pratique : {subject}",
    "Fiche juridique — {subject}",
    "Rapport annuel {year} : {subject}",
    "Outil pédagogique sur {subject}",
    "Vidéo : {subject} expliqué en 5 minutes",
    "Carte des services : {subject}",
    "Chiffres clés {year} — {subject}",
]


_SEEN: set[str] = set()
_MARKS: list = [set(), None]  # the combining marks met so far, and a regex for them


def _fast_fold(text: str) -> str:
    """``plaidoyer.core.text.fold``, with the combining marks removed by one regex."""
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    new = set(decomposed) - _SEEN
    if new:
        _SEEN.update(new)
        marks = {c for c in new if unicodedata.combining(c)}
        if marks:
            _MARKS[0] |= marks
            _MARKS[1] = re.compile("[" + "".join(map(re.escape, _MARKS[0])) + "]")
    return _MARKS[1].sub("", decomposed) if _MARKS[1] else decomposed


def _fast_blob(*parts) -> str:
    """``plaidoyer.core.text.search_blob`` with :func:`_fast_fold` (same result)."""
    from plaidoyer.core.text import _NON_WORD

    words = _NON_WORD.sub(" ", _fast_fold(" ".join(p for p in parts if p))).split()
    return " " + " ".join(words) + " "


class ArticleSearch:
    """Fill ``search_text`` as ``news.services.refresh_article_search`` does, faster.

    The first rows are computed both ways; on any difference (the app changed its
    rule) every row goes through the app's own function.
    """

    CHECK = 200

    def __init__(self):
        from plaidoyer.news.services import LANGS, refresh_article_search

        self.langs = LANGS
        self.reference = refresh_article_search
        self.checked = 0
        self.fast = True

    def __call__(self, article) -> None:
        from plaidoyer.core.html import clean_text

        if not self.fast:
            self.reference(article)
            return
        langs = self.langs
        text = _fast_blob(
            *[getattr(article, f"title_{c}") or "" for c in langs],
            *[getattr(article, f"summary_{c}") or "" for c in langs],
            *[clean_text(getattr(article, f"body_{c}") or "") for c in langs],
            article.author,
        )[:40000]
        if self.checked < self.CHECK:
            self.checked += 1
            self.reference(article)
            if article.search_text != text:
                self.fast = False
                return
        article.search_text = text


def seed_news(articles: int = 50000, resources: int = 20000, *, log=print) -> dict:
    """``articles`` articles over ten years (96 % published, some scheduled, some
    drafts), ``resources`` resources, menu and footer pages, key figures and a few
    upcoming events for the home page. Search texts are computed the way
    ``news.services`` computes them. Does nothing when the articles exist.
    """
    from django.utils import timezone

    from plaidoyer.core import versions
    from plaidoyer.core.text import search_blob
    from plaidoyer.events.models import Event
    from plaidoyer.news.models import Article, Figure, Page, Resource

    if Article.objects.count() >= articles:
        return {"added": 0}
    rng = random.Random(NEWS_SEED)
    now = timezone.now()
    t0 = time.monotonic()
    with translation.override("fr"), transaction.atomic():
        themes = list(Theme.objects.all())
        org_ids = _published_org_ids(3000)
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

        refresh_article_search = ArticleSearch()
        start = now - datetime.timedelta(days=3650)
        objs, theme_links = [], []
        through = Article.themes.through
        for i in range(articles):
            kind_fr, kind_nl = rng.choice(ARTICLE_KINDS)
            subject = rng.choice(ARTICLE_SUBJECTS).format(town=rng.choice(big))
            title = f"{kind_fr} : {subject[0].upper()}{subject[1:]}"
            roll = rng.random()
            if roll < 0.96:
                status = "published"
                publish_at = start + datetime.timedelta(
                    seconds=int(3650 * 86400 * (i / articles)) + rng.randint(0, 3600)
                )
            elif roll < 0.97:
                status = "scheduled"
                publish_at = now + datetime.timedelta(days=rng.randint(1, 30))
            else:
                status = "draft"
                publish_at = None
            paragraphs = [
                " ".join(sentence(ARTICLE_SENTENCES) for _ in range(rng.randint(2, 4)))
                for _ in range(rng.randint(2, 5))
            ]
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            summary = sentence(ARTICLE_SENTENCES)
            has_nl = rng.random() < 0.2
            article = Article(
                title=title,
                title_fr=title,
                title_nl=f"{kind_nl}: {subject}" if has_nl else None,
                slug=f"{slugify(title)[:150]}-{i + 1}",
                summary=summary,
                summary_fr=summary,
                body=body,
                body_fr=body,
                body_nl="".join(
                    f"<p>{sentence(ARTICLE_SENTENCES_NL)}</p>" for _ in range(2)
                )
                if has_nl
                else None,
                author=rng.choice(["", "La coordination", "Amina D.", "Jan P."]),
                organisation_id=rng.choice(org_ids)
                if org_ids and rng.random() < 0.4
                else None,
                status=status,
                publish_at=publish_at,
            )
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
            title = rng.choice(RESOURCE_TITLES).format(subject=subject, year=year)
            description = " ".join(sentence(ARTICLE_SENTENCES) for _ in range(2))
            resource = Resource(
                title=title[:200],
                title_fr=title[:200],
                slug=f"{slugify(title)[:150]}-{i + 1}",
                description=description,
                description_fr=description,
                kind=rng.choice(kinds),
                language=rng.choices(["fr", "nl", "en", "de"], [60, 30, 8, 2])[0],
                year=year,
                url=f"https://example.org/ressources/{i + 1}",
                organisation_id=rng.choice(org_ids)
                if org_ids and rng.random() < 0.5
                else None,
                is_published=rng.random() < 0.97,
            )
            resource.search_text = _fast_blob(
                resource.title_fr, resource.description_fr
            )
            r_objs.append(resource)
        Resource.objects.bulk_create(r_objs, batch_size=1000)
        for r in r_objs:
            for theme in rng.sample(themes, min(len(themes), rng.randint(0, 2))):
                r_links.append(r_through(resource_id=r.pk, theme_id=theme.pk))
        r_through.objects.bulk_create(r_links, batch_size=5000)

        pages = [
            (
                "home",
                "Bienvenue",
                False,
                False,
                "<p>Une coalition contre le racisme.</p>",
            ),
            ("a-propos", "À propos", True, False, "<p>Qui sommes-nous ?</p>"),
            (
                "missions",
                "Nos missions",
                True,
                False,
                "<p>Plaider, relier, informer.</p>",
            ),
            ("equipe", "L'équipe", True, False, "<p>La coordination.</p>"),
            ("mentions-legales", "Mentions légales", False, True, "<p>Éditeur.</p>"),
            ("vie-privee", "Vie privée", False, True, "<p>Données personnelles.</p>"),
        ]
        for position, (slug, title, in_menu, in_footer, body) in enumerate(pages):
            Page.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "title_fr": title,
                    "body": body,
                    "body_fr": body,
                    "in_menu": in_menu,
                    "in_footer": in_footer,
                    "position": position,
                },
            )
        if not Figure.objects.exists():
            Figure.objects.bulk_create(
                [
                    Figure(
                        label=f"Signalements reçus par Unia ({series})",
                        label_fr=f"Signalements reçus par Unia ({series})",
                        value=1000 + 150 * k + 40 * s,
                        date=datetime.date(2016 + k, 12, 31),
                        source="Unia, rapport annuel",
                        source_fr="Unia, rapport annuel",
                        series=series,
                    )
                    for s, series in enumerate(["emploi", "logement", "enseignement"])
                    for k in range(8)
                ]
            )
        upcoming = Event.objects.filter(is_published=True, ends_at__gte=now).count()
        extra = []
        for k in range(max(0, 8 - upcoming)):
            starts = now + datetime.timedelta(days=3 + 5 * k)
            title = f"Formation : déconstruire les stéréotypes ({k + 1})"
            event = Event(
                title=title,
                title_fr=title,
                slug=f"bench-formation-{k + 1}",
                kind="training",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                mode="online",
            )
            event.search_text = search_blob(title)
            extra.append(event)
        Event.objects.bulk_create(extra)
        versions.bump("site")
        versions.bump("events")
    vacuum_analyze(
        [
            "news_article",
            "news_article_themes",
            "news_resource",
            "news_resource_themes",
        ]
    )
    log(
        f"  {articles:,} articles, {resources:,} resources in "
        f"{time.monotonic() - t0:.1f} s"
        + (
            ""
            if refresh_article_search.fast
            else " (search texts by the app's function)"
        )
    )
    return {"added": articles, "fast_search_text": refresh_article_search.fast}


def describe_news(words: list[str]) -> dict:
    """Counts, and how many published articles and resources each search word matches."""
    from django.utils import timezone

    from plaidoyer.core.text import fold
    from plaidoyer.news.models import Article, Resource

    published = Article.objects.filter(
        status="published", publish_at__lte=timezone.now()
    )
    return {
        "articles": Article.objects.count(),
        "published_articles": published.count(),
        "resources": Resource.objects.count(),
        "published_resources": Resource.objects.filter(is_published=True).count(),
        "word_matches": {
            w: {
                "articles": published.filter(
                    search_text__contains=" " + fold(w)
                ).count(),
                "resources": Resource.objects.filter(
                    is_published=True, search_text__contains=" " + fold(w)
                ).count(),
            }
            for w in words
        },
    }
