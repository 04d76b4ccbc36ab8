"""Demo members: a national coalition of ~60 organisations and a provincial platform
of ~40 local actors in Namur, around the real organisations of demo-facts.md.

Generated organisations are fictional; names come from a fixed seed so every run
produces the same rows, and rows are matched on slug so nothing is duplicated.
"""

import datetime
import random

from django.utils.text import slugify

from plaidoyer.accounts.demo import demo_user
from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import in_each_language
from plaidoyer.places.models import Municipality

from .models import Language, Membership, Organisation, Staff, Theme
from .seed import LANGUAGES, THEMES
from .services import refresh_search_fields

COALITION = {
    "slug": "coalition-napar",
    "acronym": "NAPAR",
    "kind": Organisation.Kind.NETWORK,
    "name": (
        "Coalition NAPAR — pour un plan d'action interfédéral contre le racisme",
        "Coalitie NAPAR — voor een interfederaal actieplan tegen racisme",
        "NAPAR Coalition — for an interfederal action plan against racism",
        "NAPAR-Koalition — für einen interföderalen Aktionsplan gegen Rassismus",
    ),
    "description": (
        "Depuis 2018, une soixantaine d'organisations de toute la Belgique plaident ensemble "
        "pour un plan d'action interfédéral contre le racisme (NAPAR). La coalition publie un "
        "mémorandum d'une centaine de propositions, classées par secteur, et suit les "
        "engagements pris par les autorités.",
        "Sinds 2018 pleiten een zestigtal organisaties uit heel België samen voor een "
        "interfederaal actieplan tegen racisme (NAPAR). De coalitie publiceert een memorandum "
        "met een honderdtal voorstellen per sector en volgt de engagementen van de overheden op.",
        "Since 2018, some sixty organisations from across Belgium have campaigned together for "
        "an interfederal action plan against racism (NAPAR). The coalition publishes a "
        "memorandum of about a hundred proposals by sector and tracks what authorities commit to.",
        "Seit 2018 setzen sich rund sechzig Organisationen aus ganz Belgien gemeinsam für "
        "einen interföderalen Aktionsplan gegen Rassismus (NAPAR) ein. Die Koalition "
        "veröffentlicht ein Memorandum mit rund hundert Vorschlägen nach Bereichen und "
        "verfolgt, wozu sich die Behörden verpflichten.",
    ),
    "municipality": "21004",
    "founded_year": 2018,
    "website": "https://napar.example.org",
    "email": "info@napar.example.org",
    "themes": ["lutte-contre-le-racisme", "diversite", "citoyennete"],
    "languages": ["fr", "nl", "en"],
}

PLATFORM = {
    "slug": "plateforme-namuroise-contre-le-racisme",
    "acronym": "",
    "kind": Organisation.Kind.NETWORK,
    "name": (
        "Plateforme provinciale namuroise contre le racisme",
        "Provinciaal platform tegen racisme van Namen",
        "Namur provincial platform against racism",
        "Provinzplattform Namur gegen Rassismus",
    ),
    "description": (
        "Coordonnée par le CAI, la plateforme réunit une quarantaine d'acteurs locaux de la "
        "province de Namur : CPAS, plans de cohésion sociale, associations, écoles et services "
        "communaux qui agissent contre le racisme et les discriminations.",
        "Het platform, gecoördineerd door het CAI, brengt een veertigtal lokale actoren uit de "
        "provincie Namen samen: OCMW's, plannen voor sociale cohesie, verenigingen, scholen "
        "en gemeentediensten die racisme en discriminatie bestrijden.",
        "Coordinated by the CAI, the platform brings together some forty local actors of the "
        "province of Namur who act against racism and discrimination.",
        "Die vom CAI koordinierte Plattform vereint rund vierzig lokale Akteure der Provinz "
        "Namur – ÖSHZ, Pläne für sozialen Zusammenhalt, Vereinigungen, Schulen und "
        "Gemeindedienste –, die gegen Rassismus und Diskriminierung vorgehen.",
    ),
    "municipality": "92094",
    "founded_year": 2016,
    "themes": ["lutte-contre-le-racisme", "interculturalite", "citoyennete"],
    "languages": ["fr"],
}

NAMED = [
    {
        "slug": "bepax",
        "acronym": "BePax",
        "kind": Organisation.Kind.ASSOCIATION,
        "name": ("BePax", "BePax", "BePax", "BePax"),
        "description": (
            "Association d'éducation permanente pour la paix : analyses, campagnes et "
            "formations contre le racisme et pour le vivre-ensemble, à Bruxelles et en Wallonie.",
            "Vereniging voor permanente vorming rond vrede: analyses, campagnes en vormingen "
            "tegen racisme en voor samenleven, in Brussel en Wallonië.",
            "Adult-education association for peace: analyses, campaigns and trainings against "
            "racism and for living together, in Brussels and Wallonia.",
            "Verein für Erwachsenenbildung im Dienst des Friedens: Analysen, Kampagnen und "
            "Fortbildungen gegen Rassismus und für das Zusammenleben, in Brüssel und in der "
            "Wallonie.",
        ),
        "municipality": "21004",
        "street_address": "Chaussée de Haecht 281",
        "postcode": "1030",
        "founded_year": 1972,
        "website": "https://www.bepax.org",
        "themes": ["lutte-contre-le-racisme", "interculturalite", "diversite"],
        "languages": ["fr"],
        "since": datetime.date(2018, 3, 21),
        "role": "founding_member",
    },
    {
        "slug": "mrax",
        "acronym": "MRAX",
        "kind": Organisation.Kind.ASSOCIATION,
        "name": (
            "Mouvement contre le racisme, l'antisémitisme et la xénophobie",
            "Beweging tegen racisme, antisemitisme en xenofobie",
            "Movement against racism, antisemitism and xenophobia",
            "Bewegung gegen Rassismus, Antisemitismus und Fremdenfeindlichkeit",
        ),
        "description": (
            "Le MRAX accompagne les victimes de discriminations, mène des actions de "
            "sensibilisation et interpelle les responsables politiques.",
            "MRAX begeleidt slachtoffers van discriminatie, voert sensibiliseringsacties en "
            "spreekt beleidsmakers aan.",
            "MRAX supports victims of discrimination, raises awareness and lobbies "
            "policy-makers.",
            "Das MRAX begleitet Betroffene von Diskriminierung, führt Sensibilisierungsaktionen "
            "durch und wendet sich an die politisch Verantwortlichen.",
        ),
        "municipality": "21004",
        "founded_year": 1949,
        "website": "https://mrax.be",
        "themes": ["lutte-contre-le-racisme", "socio-juridique"],
        "languages": ["fr", "nl", "ar"],
        "since": datetime.date(2018, 3, 21),
        "role": "founding_member",
    },
    {
        "slug": "cai-namur",
        "acronym": "CAI",
        "kind": Organisation.Kind.ASSOCIATION,
        "name": (
            "Centre d'Action Interculturelle de la province de Namur",
            "Centrum voor Interculturele Actie van de provincie Namen",
            "Intercultural Action Centre of the province of Namur",
            "Zentrum für interkulturelle Aktion der Provinz Namur",
        ),
        "description": (
            "Centre régional d'intégration de la province de Namur : parcours d'intégration, "
            "accompagnement, formations (dont une formation annuelle sur les stéréotypes, les "
            "préjugés, les discriminations et le racisme), réseau d'action locale, "
            "sensibilisation et plaidoyer. Il coordonne la plateforme provinciale contre le "
            "racisme.",
            "Regionaal integratiecentrum van de provincie Namen: inburgeringstraject, "
            "begeleiding, vormingen (waaronder een jaarlijkse vorming over stereotypen, "
            "vooroordelen, discriminatie en racisme), lokaal actienetwerk, sensibilisering "
            "en beleidswerk. Het coördineert het provinciaal platform tegen racisme.",
            "Regional integration centre of the province of Namur: integration pathway, "
            "accompaniment, trainings (including a yearly training on stereotypes, prejudice, "
            "discrimination and racism), local action network, awareness and advocacy. It "
            "coordinates the provincial platform against racism.",
            "Regionales Integrationszentrum der Provinz Namur: Integrationsparcours, "
            "Begleitung, Fortbildungen (darunter eine jährliche Fortbildung zu Stereotypen, "
            "Vorurteilen, Diskriminierung und Rassismus), lokales Aktionsnetzwerk, "
            "Sensibilisierung und Interessenvertretung. Es koordiniert die Provinzplattform "
            "gegen Rassismus.",
        ),
        "municipality": "92094",
        "street_address": "Rue Docteur Haibe 2",
        "postcode": "5002",
        "latitude": 50.4781,
        "longitude": 4.8321,
        "founded_year": 1996,
        "website": "https://www.cainamur.be",
        "email": "info@cai.example.org",
        "phone": "+32 81 00 00 00",
        "themes": [t[0] for t in THEMES],
        "languages": ["fr", "ar", "fa", "ps", "uk"],
        "since": datetime.date(2019, 1, 15),
        "role": "member",
    },
    {
        "slug": "unia",
        "acronym": "Unia",
        "kind": Organisation.Kind.PUBLIC_BODY,
        "name": (
            "Unia — Centre interfédéral pour l'égalité des chances",
            "Unia — Interfederaal Gelijkekansencentrum",
            "Unia — Interfederal Centre for Equal Opportunities",
            "Unia — Interföderales Zentrum für Chancengleichheit",
        ),
        "description": (
            "Institution publique indépendante qui lutte contre la discrimination et promeut "
            "l'égalité des chances. Unia travaille aux côtés de la coalition.",
            "Onafhankelijke openbare instelling die discriminatie bestrijdt en gelijke kansen "
            "bevordert. Unia werkt samen met de coalitie.",
            "Independent public institution that fights discrimination and promotes equal "
            "opportunities. Unia works alongside the coalition.",
            "Unabhängige öffentliche Einrichtung, die Diskriminierung bekämpft und die "
            "Chancengleichheit fördert. Unia arbeitet an der Seite der Koalition.",
        ),
        "municipality": "21004",
        "founded_year": 1993,
        "website": "https://www.unia.be",
        "themes": ["lutte-contre-le-racisme", "diversite", "socio-juridique"],
        "languages": ["fr", "nl", "de", "en"],
        "since": datetime.date(2018, 6, 1),
        "role": "observer",
    },
]

# Fictional members, spread over the three regions.
COALITION_PATTERNS = [
    ("Maison de quartier {town}", "association", "fr"),
    ("Collectif {town} solidaire", "collective", "fr"),
    ("Centre culturel de {town}", "association", "fr"),
    ("Ligue des familles migrantes de {town}", "association", "fr"),
    ("Plan de cohésion sociale de {town}", "municipality", "fr"),
    ("Haute École sociale de {town}", "school", "fr"),
    ("Buurtwerk {town}", "association", "nl"),
    ("Integratiehuis {town}", "association", "nl"),
    ("Vzw Samen {town}", "association", "nl"),
    ("Jongerenhuis {town}", "association", "nl"),
    ("Vakbondsafdeling {town} tegen racisme", "trade_union", "nl"),
    ("Onthaalnetwerk {town}", "collective", "nl"),
]
NAMUR_PATTERNS = [
    ("CPAS de {town}", "public_body", "fr"),
    ("PCS de {town}", "municipality", "fr"),
    ("Maison des jeunes de {town}", "association", "fr"),
    ("Lire et Écrire {town}", "association", "fr"),
    ("École de devoirs de {town}", "school", "fr"),
    ("Collectif citoyen de {town}", "collective", "fr"),
    ("Accueil des migrants de {town}", "association", "fr"),
]
DESCRIPTIONS = {
    "fr": (
        "Acteur local de {town} engagé contre le racisme et les discriminations : accueil, "
        "ateliers, permanences et actions de sensibilisation.",
        "Lokale actor in {town_nl} die zich inzet tegen racisme en discriminatie: onthaal, "
        "workshops, spreekuren en sensibilisering.",
        "Local actor in {town_en} working against racism and discrimination: reception, "
        "workshops, drop-in hours and awareness-raising.",
        "Lokaler Akteur in {town_de}, der sich gegen Rassismus und Diskriminierung "
        "einsetzt: Empfang, Workshops, Sprechstunden und Sensibilisierung.",
    ),
    "nl": (
        "Organisation locale de {town} engagée contre le racisme et les discriminations : "
        "accueil, ateliers, permanences et sensibilisation.",
        "Lokale organisatie in {town_nl} die zich inzet tegen racisme en discriminatie: "
        "onthaal, workshops, spreekuren en sensibilisering.",
        "Local organisation in {town_en} working against racism and discrimination: "
        "reception, workshops, drop-in hours and awareness-raising.",
        "Lokale Organisation in {town_de}, die sich gegen Rassismus und Diskriminierung "
        "einsetzt: Empfang, Workshops, Sprechstunden und Sensibilisierung.",
    ),
}


def demo_organisation(
    slug: str,
    name: str | tuple[str, str, str, str],
    kind: str = "network",
    town: str = "",
) -> Organisation:
    """Return the organisation ``slug``, first created if missing. ``name``: its
    names in fr, nl, en and de, or one proper name it keeps in every language;
    ``town``: the NIS code of its municipality, none if empty."""
    names = (name,) * 4 if isinstance(name, str) else name
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = Organisation(
            slug=slug,
            **in_each_language("name", *names),
            kind=kind,
            municipality=Municipality.objects.filter(nis_code=town).first(),
        )
        refresh_search_fields(organisation)
        organisation.save()
    return fill_translations(organisation, name=names)


def _named_rows(model: type[Theme | Language], key: str, table) -> dict:
    """Create or update ``model``'s rows from a (key, fr, nl, en, de) ``table``, in
    its order; return them by key."""
    result = {}
    for position, (value, *names) in enumerate(table):
        result[value], _ = model.objects.update_or_create(
            **{key: value},
            defaults={**in_each_language("name", *names), "position": position},
        )
    return result


def _upsert(spec: dict, themes: dict, languages: dict) -> Organisation:
    fr, nl, en, de = spec["name"]
    dfr, dnl, den, dde = spec.get("description", ("", "", "", ""))
    municipality = Municipality.objects.get(nis_code=spec["municipality"])
    organisation = Organisation.objects.filter(
        slug=spec["slug"]
    ).first() or Organisation(slug=spec["slug"])
    values = {
        "name": fr,
        "name_fr": fr,
        "name_nl": nl or None,
        "name_en": en or None,
        "name_de": de or None,
        "description": dfr,
        "description_fr": dfr,
        "description_nl": dnl or None,
        "description_en": den or None,
        "description_de": dde or None,
        "acronym": spec.get("acronym", ""),
        "kind": spec["kind"],
        "municipality": municipality,
        "street_address": spec.get("street_address", ""),
        "postcode": spec.get("postcode")
        or (
            municipality.postal_codes.order_by("code")
            .values_list("code", flat=True)
            .first()
            or ""
        ),
        "latitude": spec.get("latitude"),
        "longitude": spec.get("longitude"),
        "website": spec.get("website", ""),
        "email": spec.get("email", ""),
        "phone": spec.get("phone", ""),
        "founded_year": spec.get("founded_year"),
    }
    for name, value in values.items():
        setattr(organisation, name, value)
    refresh_search_fields(organisation)
    organisation.save()
    organisation.themes.set([themes[s] for s in spec.get("themes", [])])
    organisation.languages.set([languages[c] for c in spec.get("languages", [])])
    return organisation


def _member(member: Organisation, network: Organisation, role: str, since) -> None:
    Membership.objects.update_or_create(
        member=member, network=network, defaults={"role": role, "since": since}
    )


def _generated(rng, patterns, towns, count, themes, languages):
    specs = []
    for i in range(count):
        pattern, kind, lang = patterns[i % len(patterns)]
        town = towns[i % len(towns)]
        town_name = town.name_nl if lang == "nl" else town.name_fr
        # A member's name is a proper name: the same in every language.
        name = pattern.format(town=town_name)
        dfr, dnl, den, dde = (
            text.format(
                town=town.name_fr,
                town_nl=town.name_nl,
                town_en=town.name_en or town.name_fr,
                town_de=town.name_de or town.name_fr,
            )
            for text in DESCRIPTIONS[lang]
        )
        specs.append(
            {
                "slug": slugify(name)[:180],
                "kind": kind,
                "name": (name,) * 4,
                "description": (dfr, dnl, den, dde),
                "municipality": town.nis_code,
                "founded_year": rng.randint(1975, 2021),
                "themes": rng.sample([t[0] for t in THEMES], rng.randint(1, 4)),
                "languages": [lang]
                + rng.sample(["ar", "tr", "en", "ro", "es"], rng.randint(0, 2)),
                "since": datetime.date(rng.randint(2018, 2025), rng.randint(1, 12), 1),
            }
        )
    return specs


def load() -> str:
    rng = random.Random(2018)
    themes = _named_rows(Theme, "slug", THEMES)
    languages = _named_rows(Language, "code", LANGUAGES)
    coalition = _upsert(COALITION, themes, languages)
    platform = _upsert(PLATFORM, themes, languages)
    named = {spec["slug"]: _upsert(spec, themes, languages) for spec in NAMED}
    for spec in NAMED:
        _member(named[spec["slug"]], coalition, spec["role"], spec["since"])
    _member(named["cai-namur"], platform, "coordinator", datetime.date(2016, 9, 1))
    _member(platform, coalition, "member", datetime.date(2019, 5, 1))

    big_towns = list(
        Municipality.objects.filter(
            nis_code__in=[
                "21004",
                "21009",
                "21015",
                "21001",
                "21012",
                "11002",
                "44021",
                "31005",
                "24062",
                "71016",
                "72003",
                "52011",
                "53053",
                "62063",
                "92094",
                "25072",
                "57081",
                "63023",
                "35013",
                "46021",
                "13040",
                "23088",
                "55086",
                "85045",
                "61080",
                "21016",
                "21007",
            ]
        ).order_by("nis_code")
    )
    coalition_specs = _generated(
        rng, COALITION_PATTERNS, big_towns, 56, themes, languages
    )
    for spec in coalition_specs:
        member = _upsert(spec, themes, languages)
        _member(member, coalition, "member", spec["since"])

    namur_towns = list(
        Municipality.objects.filter(province__nis_code="90000").order_by("nis_code")
    )
    rng.shuffle(namur_towns)
    namur_specs = _generated(
        rng, NAMUR_PATTERNS, namur_towns[:30], 39, themes, languages
    )
    for spec in namur_specs:
        member = _upsert(spec, themes, languages)
        _member(member, platform, "member", spec["since"])

    staff = [
        ("cai-namur", "claire.dubois@cai.example.org", "Claire Dubois", "fr"),
        ("cai-namur", "youssef.benali@cai.example.org", "Youssef Benali", "fr"),
        ("bepax", "sarah.lambert@bepax.example.org", "Sarah Lambert", "fr"),
        ("mrax", "karim.haddad@mrax.example.org", "Karim Haddad", "fr"),
        (
            coalition_specs[6]["slug"],
            "an.peeters@buurtwerk.example.org",
            "An Peeters",
            "nl",
        ),
        (namur_specs[0]["slug"], "julie.martin@cpas.example.org", "Julie Martin", "fr"),
    ]
    for slug, email, full_name, language in staff:
        user = demo_user(email, full_name, language=language)
        Staff.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(slug=slug)
        )
    # The coalition's coordinator also edits the coalition's own profile.
    from plaidoyer.accounts.demo import COORDINATOR_EMAIL

    Staff.objects.get_or_create(
        user=demo_user(COORDINATOR_EMAIL, "Nadia El Amrani", coordinator=True),
        organisation=coalition,
        defaults={"role": Staff.Role.MANAGER},
    )
    return (
        f"{Organisation.objects.count()} organisations, "
        f"{Membership.objects.count()} memberships, {Staff.objects.count()} staff links"
    )
