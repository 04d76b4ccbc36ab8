"""Demo memorandum (~100 recommendations in 10 sectors), authorities at every level and
commitments with three years of history, around the facts of demo-facts.md.

Dates are relative to today so the barometer always looks current. Rows are
matched on natural keys, so a second run changes nothing.
"""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.core.text import in_each_language
from plaidoyer.organisations.models import Organisation
from plaidoyer.places.models import Municipality, Province

from . import services
from .models import (
    Authority,
    Commitment,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
)

LEVELS = [
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

SECTORS = [
    # slug, code, fr, nl, en, de, levels, specific titles (fr, nl, en)
    (
        "emploi",
        "EMP",
        "Emploi",
        "Werk",
        "Employment",
        "Beschäftigung",
        ["federal", "region-bruxelles", "region-wallonne", "region-flamande"],
        [
            (
                "Généraliser les tests de situation dans le recrutement",
                "Praktijktests bij aanwerving veralgemenen",
                "Generalise situation testing in hiring",
            ),
            (
                "Rendre obligatoires les plans de diversité dans les entreprises de plus de 50 travailleurs",
                "Diversiteitsplannen verplichten in bedrijven met meer dan 50 werknemers",
                "Make diversity plans compulsory in companies of more than 50 workers",
            ),
            (
                "Reconnaître plus vite les diplômes obtenus à l'étranger",
                "Buitenlandse diploma's sneller erkennen",
                "Recognise foreign diplomas faster",
            ),
            (
                "Ouvrir les emplois de la fonction publique aux personnes non européennes",
                "Overheidsbanen openstellen voor niet-Europeanen",
                "Open public-sector jobs to non-EU nationals",
            ),
        ],
    ),
    (
        "logement",
        "LOG",
        "Logement",
        "Huisvesting",
        "Housing",
        "Wohnen",
        ["region-bruxelles", "region-wallonne", "region-flamande", "communes"],
        [
            (
                "Contrôler les discriminations à la location par des tests réguliers",
                "Discriminatie op de huurmarkt controleren met regelmatige praktijktests",
                "Check discrimination in renting with regular tests",
            ),
            (
                "Sanctionner les agences immobilières qui acceptent des critères discriminatoires",
                "Vastgoedkantoren bestraffen die discriminerende criteria aanvaarden",
                "Sanction estate agents who accept discriminatory criteria",
            ),
            (
                "Augmenter l'offre de logements sociaux",
                "Het aanbod sociale woningen uitbreiden",
                "Increase the supply of social housing",
            ),
        ],
    ),
    (
        "enseignement",
        "EDU",
        "Enseignement",
        "Onderwijs",
        "Education",
        "Bildung",
        ["communaute-francaise", "communaute-flamande", "communaute-germanophone"],
        [
            (
                "Intégrer l'histoire coloniale dans les programmes scolaires",
                "Koloniale geschiedenis opnemen in de leerplannen",
                "Include colonial history in school curricula",
            ),
            (
                "Former les enseignants à la pédagogie interculturelle",
                "Leerkrachten opleiden in interculturele pedagogie",
                "Train teachers in intercultural teaching",
            ),
            (
                "Lutter contre la ségrégation scolaire",
                "Schoolsegregatie tegengaan",
                "Tackle school segregation",
            ),
        ],
    ),
    (
        "sante",
        "SAN",
        "Santé",
        "Gezondheid",
        "Health",
        "Gesundheit",
        ["federal", "communaute-francaise", "communaute-flamande"],
        [
            (
                "Financer l'interprétariat social dans les soins de santé",
                "Sociaal tolken in de gezondheidszorg financieren",
                "Fund community interpreting in health care",
            ),
            (
                "Garantir l'aide médicale urgente sans obstacles administratifs",
                "Dringende medische hulp zonder administratieve drempels waarborgen",
                "Guarantee urgent medical aid without administrative hurdles",
            ),
        ],
    ),
    (
        "police-justice",
        "POL",
        "Police et justice",
        "Politie en justitie",
        "Police and justice",
        "Polizei und Justiz",
        ["federal", "communes"],
        [
            (
                "Remettre un récépissé à chaque contrôle d'identité",
                "Een ontvangstbewijs geven bij elke identiteitscontrole",
                "Give a receipt at every identity check",
            ),
            (
                "Créer un organe indépendant pour les plaintes contre la police",
                "Een onafhankelijk orgaan voor klachten tegen de politie oprichten",
                "Create an independent police complaints body",
            ),
            (
                "Poursuivre systématiquement les délits de haine",
                "Haatmisdrijven systematisch vervolgen",
                "Prosecute hate crimes systematically",
            ),
        ],
    ),
    (
        "medias-culture",
        "MED",
        "Médias et culture",
        "Media en cultuur",
        "Media and culture",
        "Medien und Kultur",
        ["communaute-francaise", "communaute-flamande", "communaute-germanophone"],
        [
            (
                "Mesurer la diversité à l'écran dans les médias publics",
                "Diversiteit op het scherm meten bij de openbare omroepen",
                "Measure on-screen diversity in public media",
            ),
            (
                "Soutenir les médias et artistes issus des minorités",
                "Media en kunstenaars uit minderheden ondersteunen",
                "Support minority media and artists",
            ),
        ],
    ),
    (
        "protection-sociale",
        "SOC",
        "Protection sociale",
        "Sociale bescherming",
        "Social protection",
        "Sozialschutz",
        ["federal", "region-wallonne", "communes"],
        [
            (
                "Simplifier l'accès aux droits sociaux pour les personnes étrangères",
                "De toegang tot sociale rechten voor vreemdelingen vereenvoudigen",
                "Simplify foreign nationals' access to social rights",
            ),
            (
                "Former les CPAS à l'accueil sans discrimination",
                "OCMW's opleiden in discriminatievrij onthaal",
                "Train public social-welfare centres in non-discriminatory reception",
            ),
        ],
    ),
    (
        "asile-migration",
        "ASI",
        "Asile et migration",
        "Asiel en migratie",
        "Asylum and migration",
        "Asyl und Migration",
        ["federal", "communes"],
        [
            (
                "Mettre fin à la détention des enfants en centres fermés",
                "Een einde maken aan de opsluiting van kinderen in gesloten centra",
                "End the detention of children in closed centres",
            ),
            (
                "Créer des critères clairs de régularisation",
                "Duidelijke regularisatiecriteria invoeren",
                "Set clear regularisation criteria",
            ),
            (
                "Garantir l'accueil de tous les demandeurs d'asile",
                "Opvang voor alle asielzoekers waarborgen",
                "Guarantee reception for all asylum seekers",
            ),
        ],
    ),
    (
        "participation",
        "PAR",
        "Participation",
        "Participatie",
        "Participation",
        "Teilhabe",
        ["region-bruxelles", "region-wallonne", "communes"],
        [
            (
                "Associer les organisations de terrain au suivi du plan d'action",
                "Middenveldorganisaties betrekken bij de opvolging van het actieplan",
                "Involve grassroots organisations in monitoring the action plan",
            ),
            (
                "Ouvrir le droit de vote aux élections régionales aux résidents étrangers",
                "Stemrecht bij regionale verkiezingen openstellen voor buitenlandse inwoners",
                "Give foreign residents the vote in regional elections",
            ),
        ],
    ),
    (
        "donnees-suivi",
        "DAT",
        "Données et suivi",
        "Gegevens en monitoring",
        "Data and monitoring",
        "Daten und Monitoring",
        ["federal", "region-bruxelles", "region-wallonne", "region-flamande"],
        [
            (
                "Publier chaque année un monitoring socio-économique des discriminations",
                "Jaarlijks een socio-economische monitoring van discriminatie publiceren",
                "Publish a yearly socio-economic monitoring of discrimination",
            ),
            (
                "Évaluer le plan d'action par un organe indépendant",
                "Het actieplan laten evalueren door een onafhankelijk orgaan",
                "Have the action plan evaluated by an independent body",
            ),
        ],
    ),
]

GENERIC = [
    (
        "Former tous les agents publics du secteur « {s} » à la lutte contre le racisme",
        "Alle overheidspersoneel in de sector '{s_nl}' opleiden in de strijd tegen racisme",
        "Train all public staff in the '{s_en}' sector to fight racism",
    ),
    (
        "Publier des données ventilées sur les discriminations dans le secteur « {s} »",
        "Uitgesplitste gegevens over discriminatie in de sector '{s_nl}' publiceren",
        "Publish disaggregated data on discrimination in the '{s_en}' sector",
    ),
    (
        "Désigner un point de contact antiracisme dans chaque administration du secteur « {s} »",
        "Een aanspreekpunt racisme aanwijzen in elke administratie van de sector '{s_nl}'",
        "Appoint an anti-racism contact point in every '{s_en}' administration",
    ),
    (
        "Évaluer l'impact des politiques du secteur « {s} » sur les groupes racisés",
        "De impact van het beleid in de sector '{s_nl}' op geracialiseerde groepen evalueren",
        "Assess the impact of '{s_en}' policies on racialised groups",
    ),
    (
        "Consulter les associations concernées avant toute réforme du secteur « {s} »",
        "De betrokken verenigingen raadplegen vóór elke hervorming van de sector '{s_nl}'",
        "Consult the organisations concerned before any '{s_en}' reform",
    ),
    (
        "Financer durablement les associations actives dans le secteur « {s} »",
        "Verenigingen in de sector '{s_nl}' structureel financieren",
        "Fund organisations active in the '{s_en}' sector on a lasting basis",
    ),
    (
        "Prévoir des sanctions effectives contre les discriminations dans le secteur « {s} »",
        "Doeltreffende sancties tegen discriminatie in de sector '{s_nl}' invoeren",
        "Provide effective sanctions against discrimination in the '{s_en}' sector",
    ),
    (
        "Simplifier les procédures de plainte pour les victimes dans le secteur « {s} »",
        "Klachtenprocedures voor slachtoffers in de sector '{s_nl}' vereenvoudigen",
        "Simplify complaint procedures for victims in the '{s_en}' sector",
    ),
]

AUTHORITIES = [
    # slug, kind, level, fr, nl, en, municipality NIS / province NIS
    (
        "gouvernement-federal",
        "government",
        "federal",
        "Gouvernement fédéral",
        "Federale regering",
        "Federal Government",
        None,
    ),
    (
        "premier-ministre",
        "minister",
        "federal",
        "Premier ministre",
        "Eerste minister",
        "Prime Minister",
        None,
    ),
    (
        "conference-interministerielle-racisme",
        "other",
        "federal",
        "Conférence interministérielle sur le racisme",
        "Interministeriële conferentie racisme",
        "Interministerial Conference on Racism",
        None,
    ),
    (
        "chambre-des-representants",
        "parliament",
        "federal",
        "Chambre des représentants",
        "Kamer van volksvertegenwoordigers",
        "Chamber of Representatives",
        None,
    ),
    (
        "parlement-bruxellois",
        "parliament",
        "region-bruxelles",
        "Parlement de la Région de Bruxelles-Capitale",
        "Brussels Hoofdstedelijk Parlement",
        "Brussels Parliament",
        None,
    ),
    (
        "gouvernement-bruxellois",
        "government",
        "region-bruxelles",
        "Gouvernement de la Région de Bruxelles-Capitale",
        "Brusselse Hoofdstedelijke Regering",
        "Brussels Government",
        None,
    ),
    (
        "gouvernement-wallon",
        "government",
        "region-wallonne",
        "Gouvernement wallon",
        "Waalse Regering",
        "Walloon Government",
        None,
    ),
    (
        "vlaamse-regering",
        "government",
        "region-flamande",
        "Gouvernement flamand",
        "Vlaamse Regering",
        "Flemish Government",
        None,
    ),
    (
        "gouvernement-fwb",
        "government",
        "communaute-francaise",
        "Gouvernement de la Fédération Wallonie-Bruxelles",
        "Regering van de Federatie Wallonië-Brussel",
        "Government of the Wallonia-Brussels Federation",
        None,
    ),
    (
        "regierung-dg",
        "government",
        "communaute-germanophone",
        "Gouvernement de la Communauté germanophone",
        "Regering van de Duitstalige Gemeenschap",
        "Government of the German-speaking Community",
        None,
    ),
    (
        "province-de-namur",
        "province",
        "provinces",
        "Province de Namur",
        "Provincie Namen",
        "Province of Namur",
        "p:90000",
    ),
    (
        "ville-de-namur",
        "municipality",
        "communes",
        "Ville de Namur",
        "Stad Namen",
        "City of Namur",
        "92094",
    ),
    (
        "ville-de-liege",
        "municipality",
        "communes",
        "Ville de Liège",
        "Stad Luik",
        "City of Liège",
        "62063",
    ),
    (
        "commune-de-schaerbeek",
        "municipality",
        "communes",
        "Commune de Schaerbeek",
        "Gemeente Schaarbeek",
        "Schaerbeek",
        "21015",
    ),
    (
        "ville-de-walcourt",
        "municipality",
        "communes",
        "Ville de Walcourt",
        "Stad Walcourt",
        "Walcourt",
        "93088",
    ),
    (
        "stad-gent",
        "municipality",
        "communes",
        "Ville de Gand",
        "Stad Gent",
        "City of Ghent",
        "44021",
    ),
]

# authority slug, recommendation codes, fr/nl/en title, history: (days ago, status, progress, source, note)
COMMITMENTS = [
    (
        "parlement-bruxellois",
        ["PAR-01", "DAT-02"],
        (
            "Tenir des Assises contre le racisme à Bruxelles, avec la coalition au comité de pilotage",
            "Staten-Generaal tegen racisme in Brussel houden, met de coalitie in de stuurgroep",
            "Hold 'Assises' against racism in Brussels, with the coalition on the steering committee",
        ),
        [
            (
                1080,
                "announced",
                None,
                "coalition",
                "La présidente du Parlement bruxellois s'engage publiquement à organiser des Assises sur le racisme.",
            ),
            (
                900,
                "in_progress",
                20,
                "coalition",
                "Comité de pilotage installé ; la coalition y siège.",
            ),
            (
                700,
                "in_progress",
                45,
                "coalition",
                "Auditions d'associations et d'experts en commission.",
            ),
            (
                420,
                "partly_implemented",
                70,
                "coalition",
                "Les Assises ont eu lieu ; le rapport et les recommandations sont publiés.",
            ),
            (
                400,
                "implemented",
                100,
                "authority",
                "Le Parlement considère l'engagement comme rempli.",
            ),
            (
                120,
                "partly_implemented",
                75,
                "coalition",
                "Le suivi des recommandations n'est pas encore budgété.",
            ),
        ],
    ),
    (
        "premier-ministre",
        ["DAT-02", "PAR-01", "EMP-01"],
        (
            "Lancer une conférence interministérielle sur le racisme pour préparer le plan d'action interfédéral",
            "Een interministeriële conferentie over racisme opstarten om het interfederaal actieplan voor te bereiden",
            "Launch an interministerial conference on racism to prepare the interfederal action plan",
        ),
        [
            (1050, "announced", None, "coalition", "Annonce du Premier ministre."),
            (
                880,
                "in_progress",
                15,
                "coalition",
                "Première réunion de la conférence interministérielle.",
            ),
            (
                500,
                "in_progress",
                35,
                "authority",
                "Un projet de plan est en consultation entre les entités.",
            ),
            (
                260,
                "stalled",
                35,
                "coalition",
                "Aucune réunion depuis huit mois ; le plan n'est pas adopté.",
            ),
        ],
    ),
]


def _levels() -> dict:
    result = {}
    for position, (slug, tier, fr, nl, en, de) in enumerate(LEVELS):
        level, _ = Level.objects.update_or_create(
            slug=slug,
            defaults={
                "tier": tier,
                **in_each_language("name", fr, nl, en, de),
                "position": position,
            },
        )
        result[slug] = level
    return result


def _memorandum(by, levels) -> Memorandum:
    memorandum, created = Memorandum.objects.get_or_create(
        edition=1,
        defaults={
            "title": "Mémorandum pour un plan d'action interfédéral contre le racisme",
            "title_fr": "Mémorandum pour un plan d'action interfédéral contre le racisme",
            "title_nl": "Memorandum voor een interfederaal actieplan tegen racisme",
            "title_en": "Memorandum for an interfederal action plan against racism",
            "slug": "memorandum-2023",
            "year": timezone.localdate().year - 3,
            "introduction_fr": (
                "Une centaine de propositions, classées par secteur, que la coalition "
                "adresse à tous les niveaux de pouvoir pour un plan d'action "
                "interfédéral contre le racisme."
            ),
            "introduction_nl": (
                "Een honderdtal voorstellen per sector die de coalitie aan alle "
                "beleidsniveaus richt voor een interfederaal actieplan tegen racisme."
            ),
            "introduction_en": (
                "About a hundred proposals by sector, addressed to every level of "
                "government, for an interfederal action plan against racism."
            ),
        },
    )
    coalition = Organisation.objects.filter(slug="coalition-napar").first()
    rng = random.Random(2023)
    position = 0
    for s_position, (slug, code, fr, nl, en, de, sector_levels, specific) in enumerate(
        SECTORS
    ):
        sector, _ = Sector.objects.update_or_create(
            slug=slug,
            defaults={
                "code": code,
                **in_each_language("name", fr, nl, en, de),
                "position": s_position,
            },
        )
        titles = (
            list(specific)
            + [
                (
                    g[0].format(s=fr.lower()),
                    g[1].format(s_nl=nl.lower()),
                    g[2].format(s_en=en.lower()),
                )
                for g in GENERIC
            ][: 10 - len(specific)]
        )
        for number, (t_fr, t_nl, t_en) in enumerate(titles, start=1):
            position += 1
            rec_code = f"{code}-{number:02d}"
            recommendation = Recommendation.objects.filter(code=rec_code).first()
            if recommendation is None:
                recommendation = Recommendation(
                    code=rec_code,
                    sector=sector,
                    title=t_fr,
                    title_fr=t_fr,
                    title_nl=t_nl,
                    title_en=t_en,
                    priority=rng.choice(["high", "medium", "medium", "low"]),
                    text_fr=(
                        f"{t_fr}. La coalition demande une mesure concrète, budgétée et "
                        "évaluée, construite avec les personnes concernées."
                    ),
                    text_nl=(
                        f"{t_nl}. De coalitie vraagt een concrete, gebudgetteerde en "
                        "geëvalueerde maatregel, uitgewerkt met de betrokkenen."
                    ),
                    text_en=(
                        f"{t_en}. The coalition asks for a concrete, funded and evaluated "
                        "measure, designed with the people concerned."
                    ),
                    origin_organisation=coalition,
                )
                services.save_recommendation(
                    by=by,
                    recommendation=recommendation,
                    levels=[levels[lv] for lv in sector_levels],
                )
            MemorandumItem.objects.get_or_create(
                memorandum=memorandum,
                recommendation=recommendation,
                defaults={
                    "position": position,
                    "title_fr": recommendation.title_fr,
                    "title_nl": recommendation.title_nl,
                    "title_en": recommendation.title_en,
                    "text_fr": recommendation.text_fr,
                    "text_nl": recommendation.text_nl,
                    "text_en": recommendation.text_en,
                },
            )
    if memorandum.state == Memorandum.State.DRAFT:
        memorandum.published_on = timezone.localdate() - datetime.timedelta(days=1100)
        memorandum.save(update_fields=["published_on"])
        services.publish_memorandum(by=by, memorandum=memorandum)
    return memorandum


def _authorities(levels) -> dict:
    result = {}
    for slug, kind, level, fr, nl, en, place in AUTHORITIES:
        defaults = {
            "kind": kind,
            "level": levels[level],
            "name": fr,
            "name_fr": fr,
            "name_nl": nl,
            "name_en": en,
        }
        if place and place.startswith("p:"):
            defaults["province"] = Province.objects.get(nis_code=place[2:])
        elif place:
            defaults["municipality"] = Municipality.objects.filter(
                nis_code=place
            ).first()
        authority, _ = Authority.objects.update_or_create(slug=slug, defaults=defaults)
        result[slug] = authority
    return result


def _commitment(by, authority, codes, titles, history) -> None:
    t_fr, t_nl, t_en = titles
    if Commitment.objects.filter(authority=authority, title_fr=t_fr).exists():
        return
    today = timezone.localdate()
    first_days, first_status, _p, _s, first_note = history[0]
    commitment = services.create_commitment(
        by=by,
        authority=authority,
        title=t_fr,
        translations={"title_fr": t_fr, "title_nl": t_nl, "title_en": t_en},
        recommendations=list(Recommendation.objects.filter(code__in=codes)),
        committed_on=today - datetime.timedelta(days=first_days),
        status=first_status,
        source_url=f"https://www.example.org/{slugify(authority.slug)}/{first_days}",
    )
    for days, status, progress, source, note in history[1:]:
        services.record_status_update(
            by=by,
            commitment=commitment,
            date=today - datetime.timedelta(days=days),
            status=status,
            progress=progress,
            source=source,
            note=note,
            evidence_url=f"https://www.example.org/evidence/{commitment.pk}/{days}",
        )


def load() -> str:
    by = User.objects.get(email=COORDINATOR_EMAIL)
    levels = _levels()
    _memorandum(by, levels)
    authorities = _authorities(levels)
    for slug, codes, titles, history in COMMITMENTS:
        _commitment(by, authorities[slug], codes, titles, history)
    # Plausible others: each authority commits to a few recommendations of its level.
    rng = random.Random(1080)
    paths = [
        ["announced", "in_progress", "implemented"],
        ["announced", "in_progress", "partly_implemented"],
        ["announced", "in_progress"],
        ["announced"],
        ["announced", "stalled"],
        ["announced", "in_progress", "stalled", "abandoned"],
        ["not_started"],
    ]
    for slug, authority in authorities.items():
        if slug in {"parlement-bruxellois", "premier-ministre"}:
            continue
        level = authority.level
        pool = list(
            Recommendation.objects.filter(levels=level)
            .order_by("code")
            .values_list("code", flat=True)
        )
        if not pool:
            continue
        for _ in range(rng.randint(2, 4)):
            codes = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
            title = Recommendation.objects.get(code=codes[0])
            path = rng.choice(paths)
            start = rng.randint(300, 1090)
            steps = (
                sorted(rng.sample(range(15, start), len(path) - 1), reverse=True)
                if len(path) > 1
                else []
            )
            history = [(start, path[0], None, "coalition", "")]
            for days, status in zip(steps, path[1:], strict=True):
                progress = {
                    "in_progress": rng.choice([20, 40, 60]),
                    "partly_implemented": 70,
                    "implemented": 100,
                }.get(status)
                history.append((days, status, progress, "coalition", ""))
            if rng.random() < 0.3:
                history.append(
                    (10, "in_progress", 50, "authority", "Rapport de l'autorité.")
                )
            _commitment(
                by,
                authority,
                codes,
                (
                    f"{authority.name_fr} : {title.title_fr.lower()}"[:290],
                    f"{authority.name_nl}: {title.title_nl.lower()}"[:290],
                    f"{authority.name_en}: {title.title_en.lower()}"[:290],
                ),
                history,
            )
    return (
        f"{Recommendation.objects.count()} recommendations, "
        f"{Authority.objects.count()} authorities, {Commitment.objects.count()} commitments"
    )
