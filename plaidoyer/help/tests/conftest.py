"""Antwerp and Namur: public bodies, two member organisations with services in
Antwerp, one handling desk (Antwerp, housing and work) and one in Namur."""

import pytest

from plaidoyer.help import services
from plaidoyer.help.models import Body, HandlingDesk, Service, codes_to_text
from plaidoyer.organisations.models import Language, Staff
from plaidoyer.places.models import Municipality, Region

ANTWERP = "11002"


def region(nis_code: str) -> Region:
    return Region.objects.get(nis_code=nis_code)


@pytest.fixture
def help_data(db, make_organisation, make_user, organisation, staff_user, coordinator):
    flanders, wallonia = region("02000"), region("03000")
    unia = Body.objects.create(
        slug="unia",
        name_fr="Unia",
        name_nl="Unia",
        kind=Body.Kind.EQUALITY_BODY,
        description_nl="Interfederaal Gelijkekansencentrum.",
        url="https://www.unia.be/nl/contact",
        position=0,
    )
    iefh = Body.objects.create(
        slug="iefh",
        name_fr="Institut pour l'égalité des femmes et des hommes",
        name_nl="Instituut voor de gelijkheid van vrouwen en mannen",
        kind=Body.Kind.EQUALITY_BODY,
        url="https://igvm-iefh.belgium.be",
        grounds=codes_to_text(["sex"]),
        position=1,
    )
    vmri = Body.objects.create(
        slug="vmri",
        name_fr="Institut flamand des droits humains",
        name_nl="Vlaams Mensenrechteninstituut",
        kind=Body.Kind.REGIONAL_SERVICE,
        url="https://vlaamsmensenrechteninstituut.be",
        fields=codes_to_text(["housing", "education", "work"]),
        position=2,
    )
    vmri.regions.set([flanders])
    mediateur = Body.objects.create(
        slug="mediateur-wallonie",
        name_fr="Médiateur de la Wallonie",
        kind=Body.Kind.OMBUDSMAN,
        url="https://www.le-mediateur.be",
        position=5,
    )
    mediateur.regions.set([wallonia])
    police = Body.objects.create(
        slug="police",
        name_fr="Police",
        name_nl="Politie",
        kind=Body.Kind.POLICE,
        url="https://www.police.be",
        offences_only=True,
        position=3,
    )
    dutch, _ = Language.objects.get_or_create(
        code="nl", defaults={"name": "Nederlands"}
    )
    french, _ = Language.objects.get_or_create(code="fr", defaults={"name": "Français"})
    antwerp = Municipality.objects.get(nis_code=ANTWERP)
    huis = make_organisation("Huis van de Mens Antwerpen", municipality=ANTWERP)
    buurt = make_organisation("Buurtwerk Antwerpen-Noord", municipality=ANTWERP)
    namur_only = make_organisation("Maison namuroise")
    huis_desk = services.save_service(
        by=coordinator,
        organisation=huis,
        service=Service(
            kind=Service.Kind.SOCIO_LEGAL,
            name_fr="Permanence socio-juridique",
            name_nl="Sociaal-juridische permanentie",
            opening_hours_fr="Lundi et jeudi, 9h–12h",
            opening_hours_nl="Maandag en donderdag, 9u–12u",
        ),
        fields=["housing", "work"],
        languages=[dutch, french],
        municipalities=[antwerp],
    )
    buurt_service = services.save_service(
        by=coordinator,
        organisation=buurt,
        service=Service(
            kind=Service.Kind.RECEPTION,
            name_fr="Accueil",
            name_nl="Onthaal",
            opening_hours_nl="Elke werkdag, 13u–17u",
        ),
        fields=["housing"],
        languages=[dutch],
        regions=[flanders],
    )
    namur_service = services.save_service(
        by=coordinator,
        organisation=namur_only,
        service=Service(kind=Service.Kind.RECEPTION, name_fr="Accueil namurois"),
        fields=["housing"],
        municipalities=[Municipality.objects.get(nis_code="92094")],
    )
    handler = make_user("handler@example.org", full_name="Handler", language="nl")
    Staff.objects.create(user=handler, organisation=huis)
    desk = HandlingDesk.objects.create(
        organisation=huis, fields=codes_to_text(["housing", "work"])
    )
    desk.regions.set([flanders])
    desk.handlers.set([handler])
    # The root organisation (Namur) also handles testimonies, for Wallonia:
    # ``staff_user`` is on its staff but not designated; ``namur_handler`` is;
    # ``former`` was designated but has left its staff.
    namur_handler = make_user("namur.handler@example.org")
    Staff.objects.create(user=namur_handler, organisation=organisation)
    former = make_user("former@example.org")
    namur_desk = HandlingDesk.objects.create(organisation=organisation)
    namur_desk.regions.set([wallonia])
    namur_desk.handlers.set([namur_handler, former])
    other_staff = make_user("other.staff@example.org")
    Staff.objects.create(user=other_staff, organisation=buurt)
    return {
        "unia": unia,
        "iefh": iefh,
        "vmri": vmri,
        "police": police,
        "mediateur": mediateur,
        "huis": huis,
        "buurt": buurt,
        "namur_only": namur_only,
        "huis_service": huis_desk,
        "buurt_service": buurt_service,
        "namur_service": namur_service,
        "handler": handler,
        "namur_handler": namur_handler,
        "other_staff": other_staff,
        "former": former,
        "antwerp": antwerp,
        "flanders": flanders,
        "wallonia": wallonia,
        "desk": desk,
    }


@pytest.fixture
def testify(help_data):
    """Submit a testimony through the service; Antwerp housing by default."""

    def submit(**fields):
        values = {
            "text": "De eigenaar weigerde mij de flat toen hij mijn naam hoorde.",
            "field": "housing",
            "ground": "origin",
            "region": help_data["flanders"],
            "municipality": help_data["antwerp"],
            "consent_figures": True,
            "consent_referral": True,
            "language": "nl",
        } | fields
        return services.submit_testimony(**values)

    return submit
