"""Demo: where to turn in Belgium (real public bodies, their public contact pages),
help services of member organisations (the CAI Namur's reception desk and
socio-legal service, MRAX, two Antwerp members), three testimony desks and a year
of testimonies, enough for the figures to show.

Bodies and services are matched on slug / (organisation, kind) so nothing is
duplicated; testimonies are only written once.
"""

import datetime
import random

from django.utils import timezone

from plaidoyer.accounts.demo import demo_user
from plaidoyer.organisations.models import Language, Organisation, Staff
from plaidoyer.places.models import Municipality, Province, Region

from . import services
from .models import Body, Field, Ground, HandlingDesk, Service, Testimony, codes_to_text

FLANDERS, WALLONIA, BRUSSELS = "02000", "03000", "04000"

# slug, kind, {lang: name}, {lang: description}, url, phone, fields, grounds,
# regions, offences only
BODIES = [
    (
        "unia",
        Body.Kind.EQUALITY_BODY,
        {
            "fr": "Unia",
            "nl": "Unia",
            "en": "Unia",
            "de": "Unia",
        },
        {
            "fr": "Centre interfédéral pour l'égalité des chances : écoute, conseille "
            "et peut agir en justice contre les discriminations et les délits de haine.",
            "nl": "Interfederaal Gelijkekansencentrum: luistert, adviseert en kan naar "
            "de rechter stappen tegen discriminatie en haatmisdrijven.",
            "en": "Interfederal Centre for Equal Opportunities: listens, advises and "
            "can go to court against discrimination and hate crimes.",
            "de": "Interföderales Zentrum für Chancengleichheit: hört zu, berät und "
            "kann gegen Diskriminierung und Hassdelikte vor Gericht gehen.",
        },
        "https://www.unia.be",
        "0800 12 800",
        [],
        [g for g in Ground.values if g not in ("sex", "language")],
        [],
        False,
    ),
    (
        "institut-egalite-femmes-hommes",
        Body.Kind.EQUALITY_BODY,
        {
            "fr": "Institut pour l'égalité des femmes et des hommes",
            "nl": "Instituut voor de gelijkheid van vrouwen en mannen",
            "en": "Institute for the Equality of Women and Men",
            "de": "Institut für die Gleichstellung von Frauen und Männern",
        },
        {
            "fr": "Pour les discriminations fondées sur le sexe ou le genre.",
            "nl": "Voor discriminatie op grond van geslacht of gender.",
            "en": "For discrimination on the ground of sex or gender.",
            "de": "Bei Diskriminierung aufgrund des Geschlechts.",
        },
        "https://igvm-iefh.belgium.be",
        "0800 12 800",
        [],
        ["sex"],
        [],
        False,
    ),
    (
        "vlaams-mensenrechteninstituut",
        Body.Kind.REGIONAL_SERVICE,
        {
            "fr": "Institut flamand des droits humains",
            "nl": "Vlaams Mensenrechteninstituut",
            "en": "Flemish Human Rights Institute",
            "de": "Flämisches Menschenrechtsinstitut",
        },
        {
            "fr": "Pour les matières flamandes : logement, enseignement, emploi, "
            "services flamands.",
            "nl": "Voor Vlaamse bevoegdheden: wonen, onderwijs, werk, Vlaamse "
            "diensten.",
            "en": "For Flemish matters: housing, education, work, Flemish services.",
            "de": "Für flämische Zuständigkeiten: Wohnen, Bildung, Arbeit.",
        },
        "https://vlaamsmensenrechteninstituut.be",
        "",
        ["housing", "education", "work", "health"],
        [],
        [FLANDERS],
        False,
    ),
    (
        "equal-brussels",
        Body.Kind.REGIONAL_SERVICE,
        {
            "fr": "equal.brussels",
            "nl": "equal.brussels",
            "en": "equal.brussels",
            "de": "equal.brussels",
        },
        {
            "fr": "Le service régional bruxellois pour l'égalité des chances.",
            "nl": "De Brusselse gewestelijke dienst voor gelijke kansen.",
            "en": "The Brussels regional service for equal opportunities.",
            "de": "Der Brüsseler Regionaldienst für Chancengleichheit.",
        },
        "https://equal.brussels",
        "",
        ["work", "housing"],
        [],
        [BRUSSELS],
        False,
    ),
    (
        "police",
        Body.Kind.POLICE,
        {"fr": "Police", "nl": "Politie", "en": "Police", "de": "Polizei"},
        {
            "fr": "Pour porter plainte contre un délit : propos haineux, menaces, "
            "violences. En urgence : 101.",
            "nl": "Om klacht in te dienen tegen een misdrijf: haatspraak, bedreiging, "
            "geweld. In nood: 101.",
            "en": "To report an offence: hate speech, threats, violence. "
            "Emergency: 101.",
            "de": "Um eine Straftat anzuzeigen: Hassrede, Drohungen, Gewalt. "
            "Notruf: 101.",
        },
        "https://www.police.be",
        "101",
        [],
        [],
        [],
        True,
    ),
    (
        "comite-p",
        Body.Kind.OMBUDSMAN,
        {
            "fr": "Comité P",
            "nl": "Comité P",
            "en": "Standing Police Monitoring Committee (Comité P)",
            "de": "Ständiger Kontrollausschuss für die Polizeidienste (Komitee P)",
        },
        {
            "fr": "Plaintes contre le comportement d'un policier.",
            "nl": "Klachten over het optreden van politiemensen.",
            "en": "Complaints about a police officer's conduct.",
            "de": "Beschwerden über das Verhalten von Polizeibeamten.",
        },
        "https://comitep.be",
        "",
        ["police"],
        [],
        [],
        False,
    ),
    (
        "mediateur-federal",
        Body.Kind.OMBUDSMAN,
        {
            "fr": "Médiateur fédéral",
            "nl": "Federale Ombudsman",
            "en": "Federal Ombudsman",
            "de": "Föderaler Ombudsmann",
        },
        {
            "fr": "Plaintes contre une administration fédérale.",
            "nl": "Klachten over een federale overheidsdienst.",
            "en": "Complaints about a federal administration.",
            "de": "Beschwerden über eine föderale Verwaltung.",
        },
        "https://www.mediateurfederal.be",
        "0800 99 961",
        ["shops", "health", "public_space"],
        [],
        [],
        False,
    ),
    (
        "vlaamse-ombudsdienst",
        Body.Kind.OMBUDSMAN,
        {
            "fr": "Service de médiation flamand",
            "nl": "Vlaamse Ombudsdienst",
            "en": "Flemish Ombudsman",
            "de": "Flämischer Ombudsdienst",
        },
        {
            "fr": "Plaintes contre une administration flamande.",
            "nl": "Klachten over een Vlaamse overheidsdienst.",
            "en": "Complaints about a Flemish administration.",
            "de": "Beschwerden über eine flämische Verwaltung.",
        },
        "https://www.vlaamseombudsdienst.be",
        "1700",
        ["housing", "education", "shops", "health"],
        [],
        [FLANDERS],
        False,
    ),
    (
        "mediateur-wallonie-fwb",
        Body.Kind.OMBUDSMAN,
        {
            "fr": "Médiateur de la Wallonie et de la Fédération Wallonie-Bruxelles",
            "nl": "Ombudsman van Wallonië en de Federatie Wallonië-Brussel",
            "en": "Ombudsman of Wallonia and the Wallonia-Brussels Federation",
            "de": "Ombudsmann der Wallonie und der Föderation Wallonie-Brüssel",
        },
        {
            "fr": "Plaintes contre une administration wallonne ou de la Fédération "
            "(dont l'enseignement).",
            "nl": "Klachten over een Waalse overheidsdienst of de Federatie "
            "(onder meer onderwijs).",
            "en": "Complaints about a Walloon or Federation administration "
            "(education included).",
            "de": "Beschwerden über eine wallonische Verwaltung oder die Föderation "
            "(einschließlich Unterricht).",
        },
        "https://www.le-mediateur.be",
        "0800 19 199",
        ["housing", "education", "shops", "health"],
        [],
        [WALLONIA, BRUSSELS],
        False,
    ),
]

HOURS = {
    "weekdays": {
        "fr": "Du lundi au vendredi, 9h–12h30 ; l'après-midi sur rendez-vous.",
        "nl": "Maandag tot vrijdag, 9u–12u30; namiddag op afspraak.",
        "en": "Monday to Friday, 9:00–12:30; afternoons by appointment.",
        "de": "Montag bis Freitag, 9–12:30 Uhr; nachmittags nach Vereinbarung.",
    },
    "tuesday": {
        "fr": "Le mardi, 13h–17h, sans rendez-vous.",
        "nl": "Dinsdag, 13u–17u, zonder afspraak.",
        "en": "Tuesdays, 13:00–17:00, no appointment needed.",
        "de": "Dienstags, 13–17 Uhr, ohne Termin.",
    },
    "mon_thu": {
        "fr": "Lundi et jeudi, 9h–12h et 14h–16h.",
        "nl": "Maandag en donderdag, 9u–12u en 14u–16u.",
        "en": "Mondays and Thursdays, 9:00–12:00 and 14:00–16:00.",
        "de": "Montags und donnerstags, 9–12 und 14–16 Uhr.",
    },
}
REACH = {
    "walk_in": {
        "fr": "Sur place, par téléphone ou par courriel.",
        "nl": "Ter plaatse, telefonisch of per e-mail.",
        "en": "In person, by phone or by email.",
        "de": "Vor Ort, telefonisch oder per E-Mail.",
    },
    "appointment": {
        "fr": "Sur rendez-vous, par téléphone.",
        "nl": "Op afspraak, telefonisch.",
        "en": "By appointment, by phone.",
        "de": "Nach Vereinbarung, telefonisch.",
    },
}
NAMES = {
    Service.Kind.RECEPTION: {
        "fr": "Accueil",
        "nl": "Onthaal",
        "en": "Reception desk",
        "de": "Empfang",
    },
    Service.Kind.SOCIO_LEGAL: {
        "fr": "Service socio-juridique",
        "nl": "Sociaal-juridische dienst",
        "en": "Socio-legal service",
        "de": "Sozialrechtlicher Dienst",
    },
}

TEXTS = {
    "housing": (
        "Le propriétaire a refusé la visite dès qu'il a entendu mon nom au téléphone.",
        "De eigenaar weigerde de flat toen hij mijn naam hoorde.",
    ),
    "work": (
        "On m'a dit que le poste était pourvu, mais l'annonce est restée en ligne.",
        "Ze zeiden dat de job ingevuld was, maar de vacature bleef online.",
    ),
    "shops": (
        "Le videur nous a refusé l'entrée, à nous seulement.",
        "De portier liet ons als enigen niet binnen.",
    ),
    "public_space": (
        "Des insultes racistes dans le bus, devant tout le monde.",
        "Racistische scheldwoorden op de bus, voor iedereen.",
    ),
    "online": (
        "Des commentaires haineux sous la photo de notre association.",
        "Haatdragende reacties onder de foto van onze vereniging.",
    ),
    "education": (
        "L'école a refusé l'inscription de ma fille à cause de son foulard.",
        "De school weigerde de inschrijving van mijn dochter om haar hoofddoek.",
    ),
}


def _body(spec) -> Body:
    slug, kind, names, descriptions, url, phone, fields, grounds, regions, offences = (
        spec
    )
    values = {
        "kind": kind,
        "url": url,
        "phone": phone,
        "fields": codes_to_text(fields),
        "grounds": codes_to_text(grounds),
        "offences_only": offences,
        "position": [s[0] for s in BODIES].index(slug),
    }
    for code, text in names.items():
        values[f"name_{code}"] = text
    for code, text in descriptions.items():
        values[f"description_{code}"] = text
    body, _created = Body.objects.update_or_create(slug=slug, defaults=values)
    body.regions.set(Region.objects.filter(nis_code__in=regions))
    return body


def _service(
    coordinator, organisation, kind, *, hours, reach, languages, fields, **area
):
    service = Service.objects.filter(organisation=organisation, kind=kind).first()
    service = service or Service(organisation=organisation, kind=kind)
    for code in ("fr", "nl", "en", "de"):
        setattr(service, f"name_{code}", NAMES[kind][code])
        setattr(service, f"opening_hours_{code}", HOURS[hours][code])
        setattr(service, f"how_to_reach_{code}", REACH[reach][code])
    service.phone = organisation.phone
    service.email = organisation.email
    service.address = " ".join(
        p for p in (organisation.street_address, organisation.postcode) if p
    )
    service.nationwide = area.pop("nationwide", False)
    return services.save_service(
        by=coordinator,
        organisation=organisation,
        service=service,
        fields=fields,
        languages=Language.objects.filter(code__in=languages),
        **area,
    )


def _desk(organisation, handler, *, regions, fields=()) -> HandlingDesk:
    desk, _created = HandlingDesk.objects.get_or_create(organisation=organisation)
    desk.regions.set(Region.objects.filter(nis_code__in=regions))
    desk.fields = codes_to_text(fields)
    desk.save()
    Staff.objects.get_or_create(user=handler, organisation=organisation)
    desk.handlers.add(handler)
    return desk


def _testimonies() -> int:
    if Testimony.objects.exists():
        return 0
    rng = random.Random(19)
    towns = list(
        Municipality.objects.select_related("province__region").filter(
            nis_code__in=["11002", "21004", "92094", "44021", "62063", "52011"]
        )
    )
    fields = list(TEXTS)
    grounds = ["origin", "origin", "skin_colour", "religion", "nationality", "language"]
    this_year = timezone.localdate().year
    count = 0
    for i in range(90):
        town = rng.choice(towns)
        field = rng.choice(fields[:3]) if i % 3 else rng.choice(fields)
        dutch = town.province.region.nis_code == FLANDERS
        testimony = services.submit_testimony(
            text=TEXTS[field][1 if dutch else 0],
            field=field,
            ground=rng.choice(grounds),
            region=town.province.region,
            municipality=town,
            happened_on=timezone.localdate()
            - datetime.timedelta(days=rng.randint(1, 300)),
            consent_figures=rng.random() < 0.85,
            consent_referral=rng.random() < 0.7,
            language="nl" if dutch else "fr",
        )
        if i % 2:  # half of them last year: two years of figures
            Testimony.objects.filter(pk=testimony.pk).update(year=this_year - 1)
        count += 1
    return count


def load() -> str:
    from plaidoyer.accounts.demo import COORDINATOR_EMAIL

    coordinator = demo_user(COORDINATOR_EMAIL, "Nadia El Amrani", coordinator=True)
    bodies = [_body(spec) for spec in BODIES]
    cai = Organisation.objects.get(slug="cai-namur")
    mrax = Organisation.objects.get(slug="mrax")
    _service(
        coordinator,
        cai,
        Service.Kind.RECEPTION,
        hours="weekdays",
        reach="walk_in",
        languages=["fr", "en", "ar"],
        fields=[],
        provinces=Province.objects.filter(nis_code="90000"),
    )
    _service(
        coordinator,
        cai,
        Service.Kind.SOCIO_LEGAL,
        hours="tuesday",
        reach="appointment",
        languages=["fr", "en"],
        fields=["housing", "work", "education", "shops"],
        provinces=Province.objects.filter(nis_code="90000"),
    )
    _service(
        coordinator,
        mrax,
        Service.Kind.SOCIO_LEGAL,
        hours="mon_thu",
        reach="walk_in",
        languages=["fr", "nl", "ar"],
        fields=[],
        regions=Region.objects.filter(nis_code__in=[BRUSSELS, WALLONIA]),
    )
    antwerp = list(
        Organisation.objects.filter(
            municipality__nis_code="11002", is_published=True
        ).order_by("slug")[:2]
    )
    for index, organisation in enumerate(antwerp):
        _service(
            coordinator,
            organisation,
            Service.Kind.SOCIO_LEGAL if index == 0 else Service.Kind.RECEPTION,
            hours="mon_thu" if index == 0 else "weekdays",
            reach="walk_in",
            languages=["nl", "fr", "en"] if index == 0 else ["nl", "ar", "tr"],
            fields=["housing", "work"] if index == 0 else [],
            municipalities=Municipality.objects.filter(nis_code="11002")
            if index == 0
            else [],
            regions=Region.objects.filter(nis_code=FLANDERS) if index else [],
        )
    claire = demo_user("claire.dubois@cai.example.org", "Claire Dubois")
    karim = demo_user("karim.haddad@mrax.example.org", "Karim Haddad")
    _desk(cai, claire, regions=[WALLONIA])
    _desk(mrax, karim, regions=[BRUSSELS])
    if antwerp:
        lotte = demo_user(
            "lotte.devos@antwerpen.example.org", "Lotte De Vos", language="nl"
        )
        _desk(antwerp[0], lotte, regions=[FLANDERS], fields=Field.values)
    created = _testimonies()
    return (
        f"{len(bodies)} public bodies, {Service.objects.count()} help services, "
        f"{HandlingDesk.objects.count()} testimony desks, {created} testimonies"
    )
