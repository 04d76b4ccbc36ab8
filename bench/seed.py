"""Seed a realistic directory for the benchmark: organisations, themes, networks.

Runs inside a configured Django (``bench/run.py`` calls :func:`seed_to`). Every
organisation is generated from its own index with a fixed seed, so seeding to 200
and then on to 20,000 gives the same first 200 rows as seeding to 20,000 at once,
and two runs give the same data.

What the rows look like:

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
