"""Demo website: news from demo-facts.md, resources with small generated PDFs, key
figures, and the full set of pages (about, missions, team, history, legal…)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.core import versions
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Language, Organisation, Theme

from . import services
from .models import (
    Article,
    Figure,
    Newsletter,
    Page,
    PressOfficer,
    Resource,
    TeamMember,
)

ARTICLES = [
    (
        "la-coalition-lance-son-site",
        200,
        "coalition-napar",
        (
            "La coalition NAPAR lance son site",
            "De NAPAR-coalitie lanceert haar website",
            "The NAPAR coalition launches its website",
        ),
        "Un seul endroit pour nos membres, notre mémorandum et le baromètre des engagements.",
        "<p>Depuis 2018, une soixantaine d'organisations plaident ensemble pour un plan d'action "
        "interfédéral contre le racisme. Notre nouveau site rassemble l'annuaire des membres, le "
        "mémorandum de nos propositions et le <strong>baromètre</strong> qui suit, preuves à "
        "l'appui, ce que chaque autorité s'est engagée à faire.</p>",
        ["lutte-contre-le-racisme", "citoyennete"],
    ),
    (
        "position-du-cai-sur-le-racisme",
        90,
        "cai-namur",
        (
            "La position du CAI sur le racisme",
            "Het standpunt van het CAI over racisme",
            "The CAI's position on racism",
        ),
        "Le racisme est un système : il se combat par la formation, la sensibilisation et le "
        "plaidoyer.",
        "<p>Le Centre d'Action Interculturelle de la province de Namur coordonne une plateforme "
        "provinciale d'une quarantaine d'acteurs locaux. Il rappelle que le racisme n'est pas "
        "qu'une affaire d'opinions individuelles : il traverse le logement, l'emploi et l'accès "
        "aux services.</p><ul><li>Former les professionnel·les</li><li>Soutenir les victimes"
        "</li><li>Interpeller les autorités</li></ul>",
        ["lutte-contre-le-racisme", "interculturalite"],
    ),
    (
        "formation-stereotypes-inscriptions-ouvertes",
        20,
        "cai-namur",
        (
            "Formation « stéréotypes, préjugés, discriminations et racisme » : inscriptions "
            "ouvertes",
            "Vorming over stereotypen en racisme: inschrijvingen open",
            "Training on stereotypes and racism: registration open",
        ),
        "La formation annuelle du CAI se tient en trois journées.",
        "<p>Trois journées pour comprendre et agir. Places limitées : inscrivez-vous dans "
        "l'agenda.</p>",
        ["lutte-contre-le-racisme"],
    ),
    (
        "marathon-des-lettres-resultats",
        320,
        "coalition-napar",
        (
            "Marathon des lettres : plus de 3 700 lettres et dessins",
            "Schrijfmarathon: meer dan 3 700 brieven en tekeningen",
            "Letter marathon: over 3,700 letters and drawings",
        ),
        "Trente-six communes et universités de Bruxelles et de Wallonie ont ouvert des séances "
        "d'écriture.",
        "<p>Autour du 10 décembre, plus de 3 700 lettres et dessins d'enfants ont été récoltés "
        "pour des personnes en danger. Dans le monde, la campagne avait réuni plus de 3,7 "
        "millions de lettres, messages, courriels et tweets en 2015. Vingt-deux communes et deux "
        "universités ont reçu le label « Ville lumières ».</p>",
        ["citoyennete"],
    ),
]

PAGES = [
    (
        "home",
        "Ensemble contre le racisme et les discriminations",
        "<p>Une coalition d'organisations de toute la Belgique pour un plan d'action "
        "interfédéral contre le racisme : nos membres, nos propositions, et ce que les "
        "autorités en font.</p>",
        None,
        False,
        False,
        0,
    ),
    (
        "presentation",
        "Présentation",
        "<p>Qui nous sommes et ce que nous faisons.</p>",
        None,
        True,
        False,
        1,
    ),
    (
        "qui-sommes-nous",
        "Qui sommes-nous ?",
        "<p>Une soixantaine d'organisations : "
        "associations, réseaux, syndicats, universités.</p>",
        "presentation",
        True,
        False,
        1,
    ),
    (
        "missions",
        "Missions",
        "<p>Plaider, informer, suivre les engagements, rassembler.</p>",
        "presentation",
        True,
        False,
        2,
    ),
    (
        "equipe",
        "Équipe",
        "<p>L'équipe de coordination.</p>",
        "presentation",
        True,
        False,
        3,
    ),
    (
        "mandats",
        "Mandats",
        "<p>Nos représentant·es dans les organes consultatifs.</p>",
        "presentation",
        True,
        False,
        4,
    ),
    (
        "histoire",
        "Histoire",
        "<p>2018 : naissance de la coalition. Depuis : mémorandum, "
        "Assises bruxelloises, conférence interministérielle.</p>",
        "presentation",
        True,
        False,
        5,
    ),
]


def _pdf(title: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.multi_cell(
        0,
        10,
        title.encode("latin-1", "replace").decode("latin-1"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(
        0,
        6,
        "Document de démonstration.".encode("latin-1").decode("latin-1"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def load() -> str:
    if Article.objects.exists():
        return f"{Article.objects.count()} articles (already loaded)"
    by = User.objects.get(email=COORDINATOR_EMAIL)
    now = timezone.now()
    for slug, days, org, titles, summary, body, themes in ARTICLES:
        article = Article(
            slug=slug,
            title_fr=titles[0],
            title_nl=titles[1],
            title_en=titles[2],
            summary_fr=summary,
            body_fr=body,
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(days=days),
            author="Coordination",
            organisation=Organisation.objects.filter(slug=org).first(),
        )
        services.save_article(
            by=by, article=article, themes=list(Theme.objects.filter(slug__in=themes))
        )
    services.save_article(
        by=by,
        article=Article(
            slug="bilan-annuel",
            title_fr="Bilan annuel du baromètre",
            summary_fr="Ce qui a avancé, ce qui bloque.",
            body_fr="<p>À paraître.</p>",
            status=Article.Status.SCHEDULED,
            publish_at=now + datetime.timedelta(days=7),
        ),
    )
    for slug, kind, title, year, theme in [
        (
            "guide-reagir-discrimination",
            "tool",
            "Guide : réagir face à une discrimination",
            2024,
            "lutte-contre-le-racisme",
        ),
        (
            "memorandum-pdf",
            "publication",
            "Mémorandum de la coalition (PDF)",
            2023,
            "citoyennete",
        ),
        (
            "chiffres-cles-migrations",
            "figures",
            "Chiffres clés des migrations en Belgique",
            2025,
            "migrations",
        ),
        (
            "repertoire-services-accueil-namur",
            "directory",
            "Répertoire des services d'accueil de la province de Namur",
            2025,
            "asile",
        ),
    ]:
        resource = Resource(
            slug=slug,
            title_fr=title,
            kind=kind,
            year=year,
            language="fr",
            description_fr=f"{title}. Document de référence de la coalition.",
        )
        resource.file.save(f"{slug}.pdf", ContentFile(_pdf(title)), save=False)
        services.save_resource(
            by=by, resource=resource, themes=list(Theme.objects.filter(slug=theme))
        )
    services.save_resource(
        by=by,
        resource=Resource(
            slug="video-assises-racisme",
            title_fr="Vidéo : les Assises contre le racisme",
            kind="video",
            year=2024,
            url="https://video.example.org/assises",
        ),
    )
    for label, value, unit, date, source, series in [
        (
            "Lettres et dessins récoltés (Belgique)",
            3700,
            "",
            datetime.date(2025, 12, 17),
            "Marathon des lettres",
            "",
        ),
        (
            "Actions dans le monde en 2015",
            3_700_000,
            "",
            datetime.date(2015, 12, 31),
            "Campagne mondiale",
            "",
        ),
        (
            "Communes et universités labellisées",
            24,
            "",
            datetime.date(2025, 12, 31),
            "Label Ville lumières",
            "",
        ),
        (
            "Organisations membres",
            60,
            "",
            datetime.date(2026, 1, 1),
            "Coalition NAPAR",
            "Membres de la coalition",
        ),
        (
            "Organisations membres",
            35,
            "",
            datetime.date(2020, 1, 1),
            "Coalition NAPAR",
            "Membres de la coalition",
        ),
        (
            "Organisations membres",
            20,
            "",
            datetime.date(2018, 6, 1),
            "Coalition NAPAR",
            "Membres de la coalition",
        ),
    ]:
        Figure.objects.create(
            label=label,
            label_fr=label,
            value=value,
            unit=unit,
            date=date,
            source=source,
            source_fr=source,
            series=series,
        )
    pages = {}
    for slug, title, body, parent, in_menu, in_footer, position in PAGES:
        pages[slug] = Page.objects.create(
            slug=slug,
            title=title,
            title_fr=title,
            body_fr=body,
            in_menu=in_menu,
            in_footer=in_footer,
            position=position,
            parent=pages.get(parent),
        )
    for position, (name, role) in enumerate(
        [
            ("Nadia El Amrani", "Coordinatrice"),
            ("Tom Claes", "Chargé de plaidoyer"),
            ("Aïcha Diallo", "Communication"),
        ]
    ):
        TeamMember.objects.create(
            page=pages["equipe"], name=name, role=role, role_fr=role, position=position
        )
    newsletter = Newsletter.objects.create(
        subject="Les nouvelles de la coalition",
        subject_fr="Les nouvelles de la coalition",
        introduction_fr="Bonjour, voici nos nouvelles.",
    )
    newsletter.articles.set(Article.objects.filter(status="published")[:3])
    load_press(by=by, now=now)
    versions.bump(Version.SITE)
    return (
        f"{Article.objects.count()} articles, {Resource.objects.count()} resources, "
        f"{Page.objects.count()} pages"
    )


# --- The press page: press releases, press contacts per theme, media kit -----------

PRESS_RELEASES = [
    # slug, days ago, themes, (title fr, nl, en, de), (summary fr, nl, en, de)
    (
        "communique-plan-action-racisme",
        12,
        ["lutte-contre-le-racisme"],
        (
            "Communiqué : la coalition demande un plan d'action contre le racisme "
            "doté d'un budget",
            "Persbericht: de coalitie vraagt een actieplan tegen racisme met een budget",
            "Press release: the coalition calls for an action plan against racism "
            "with a budget",
            "Pressemitteilung: Die Koalition fordert einen Aktionsplan gegen "
            "Rassismus mit Budget",
        ),
        (
            "Soixante organisations demandent aux gouvernements de chiffrer et "
            "dater leurs engagements.",
            "Zestig organisaties vragen de regeringen hun engagementen te begroten "
            "en te dateren.",
            "Sixty organisations ask the governments to cost and date their "
            "commitments.",
            "Sechzig Organisationen fordern die Regierungen auf, ihre Zusagen mit "
            "Budget und Fristen zu versehen.",
        ),
    ),
    (
        "communique-barometre-2026",
        45,
        ["citoyennete"],
        (
            "Communiqué : le baromètre 2026 des engagements est publié",
            "Persbericht: de barometer 2026 van de engagementen is gepubliceerd",
            "Press release: the 2026 barometer of commitments is out",
            "Pressemitteilung: Das Barometer 2026 der Zusagen ist erschienen",
        ),
        (
            "Un tiers des recommandations avancent ; les autres attendent encore "
            "une décision.",
            "Een derde van de aanbevelingen gaat vooruit; de andere wachten nog op "
            "een beslissing.",
            "A third of the recommendations are moving; the others still await a "
            "decision.",
            "Ein Drittel der Empfehlungen kommt voran; die übrigen warten noch auf "
            "eine Entscheidung.",
        ),
    ),
    (
        "communique-accueil-demandeurs-asile",
        80,
        ["asile"],
        (
            "Communiqué : l'accueil des demandeurs d'asile ne peut attendre",
            "Persbericht: de opvang van asielzoekers kan niet wachten",
            "Press release: the reception of asylum seekers cannot wait",
            "Pressemitteilung: Die Aufnahme von Asylsuchenden duldet keinen Aufschub",
        ),
        (
            "Les membres de la coalition rappellent le droit à l'accueil de chaque "
            "demandeur.",
            "De leden van de coalitie herinneren aan het recht op opvang van elke "
            "verzoeker.",
            "The coalition's members recall every applicant's right to reception.",
            "Die Mitglieder der Koalition erinnern an das Recht jeder antragstellenden "
            "Person auf Aufnahme.",
        ),
    ),
]

PRESS_OFFICERS = [
    # theme, name, (role fr, nl, en, de), email, phone, languages
    (
        "lutte-contre-le-racisme",
        "Nadia El Amrani",
        ("Coordinatrice", "Coördinator", "Coordinator", "Koordinatorin"),
        "presse@example.org",
        "+32 2 555 01 01",
        ["fr", "nl", "ar"],
    ),
    (
        "asile",
        "Tom Claes",
        (
            "Chargé de plaidoyer asile",
            "Beleidsmedewerker asiel",
            "Asylum advocacy officer",
            "Referent für Asylpolitik",
        ),
        "asile.presse@example.org",
        "+32 2 555 01 02",
        ["nl", "fr", "en"],
    ),
    (
        "citoyennete",
        "Aïcha Diallo",
        (
            "Responsable de la communication",
            "Communicatieverantwoordelijke",
            "Head of communication",
            "Kommunikationsverantwortliche",
        ),
        "communication@example.org",
        "+32 2 555 01 03",
        ["fr", "en", "de"],
    ),
]


def load_press(*, by: User, now: datetime.datetime) -> None:
    """Press releases in four languages, a press contact for three themes and a
    press kit (a PDF, and the memorandum marked for the press)."""
    for slug, days, themes, titles, summaries in PRESS_RELEASES:
        article = Article(
            slug=slug,
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(days=days),
            author="Coordination",
            is_press_release=True,
        )
        for code, title, summary in zip(
            ("fr", "nl", "en", "de"), titles, summaries, strict=True
        ):
            setattr(article, f"title_{code}", title)
            setattr(article, f"summary_{code}", summary)
            setattr(article, f"body_{code}", f"<p>{summary}</p>")
        services.save_article(
            by=by, article=article, themes=list(Theme.objects.filter(slug__in=themes))
        )
    for position, (theme, name, roles, email, phone, languages) in enumerate(
        PRESS_OFFICERS
    ):
        officer = PressOfficer(
            theme=Theme.objects.filter(slug=theme).first(),
            name=name,
            email=email,
            phone=phone,
            position=position,
        )
        for code, role in zip(("fr", "nl", "en", "de"), roles, strict=True):
            setattr(officer, f"role_{code}", role)
        services.save_press_officer(
            by=by,
            officer=officer,
            languages=list(Language.objects.filter(code__in=languages)),
        )
    kit = Resource(
        slug="dossier-de-presse",
        title_fr="Dossier de presse de la coalition",
        title_nl="Persmap van de coalitie",
        title_en="The coalition's press kit",
        title_de="Pressemappe der Koalition",
        description_fr="<p>Qui nous sommes, nos chiffres, nos demandes.</p>",
        description_nl="<p>Wie we zijn, onze cijfers, onze vragen.</p>",
        description_en="<p>Who we are, our figures, our demands.</p>",
        description_de="<p>Wer wir sind, unsere Zahlen, unsere Forderungen.</p>",
        kind="publication",
        year=now.year,
        language="fr",
        for_press=True,
    )
    kit.file.save("dossier-de-presse.pdf", ContentFile(_pdf(kit.title_fr)), save=False)
    services.save_resource(by=by, resource=kit, themes=[])
    Resource.objects.filter(slug="memorandum-pdf").update(for_press=True)
