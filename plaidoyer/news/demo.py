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
from plaidoyer.organisations.models import Organisation, Theme

from . import services
from .models import Article, Figure, Newsletter, Page, Resource, TeamMember

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
    versions.bump(Version.SITE)
    return (
        f"{Article.objects.count()} articles, {Resource.objects.count()} resources, "
        f"{Page.objects.count()} pages"
    )
