"""Demo website: news from demo-facts.md, resources with small generated PDFs, key
figures, and the full set of pages (about, missions, team, history, legal…)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.core import versions
from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import in_each_language
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Language, Organisation, Theme

from . import services
from .demo_texts import (
    ARTICLES,
    FIGURES,
    NEWSLETTER,
    PAGES,
    RESOURCE_DESCRIPTION,
    RESOURCES,
    SCHEDULED_ARTICLE,
    TEAM,
    VIDEO,
)
from .models import (
    Article,
    Figure,
    Newsletter,
    Page,
    PressOfficer,
    Resource,
    TeamMember,
)


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
        _complete_translations()
        load_press(by=User.objects.get(email=COORDINATOR_EMAIL), now=timezone.now())
        return f"{Article.objects.count()} articles (already loaded)"
    by = User.objects.get(email=COORDINATOR_EMAIL)
    now = timezone.now()
    for slug, days, org, titles, summaries, bodies, themes in ARTICLES:
        article = Article(
            slug=slug,
            **in_each_language("title", *titles),
            **in_each_language("summary", *summaries),
            **in_each_language("body", *bodies),
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
            **{
                key: value
                for field, texts in SCHEDULED_ARTICLE.items()
                for key, value in in_each_language(field, *texts).items()
            },
            status=Article.Status.SCHEDULED,
            publish_at=now + datetime.timedelta(days=7),
        ),
    )
    for slug, kind, titles, year, theme in RESOURCES:
        resource = Resource(
            slug=slug,
            **in_each_language("title", *titles),
            kind=kind,
            year=year,
            language="fr",
            **in_each_language(
                "description",
                *(
                    text.format(title=title)
                    for text, title in zip(RESOURCE_DESCRIPTION, titles, strict=True)
                ),
            ),
        )
        resource.file.save(f"{slug}.pdf", ContentFile(_pdf(titles[0])), save=False)
        services.save_resource(
            by=by, resource=resource, themes=list(Theme.objects.filter(slug=theme))
        )
    services.save_resource(
        by=by,
        resource=Resource(
            slug="video-assises-racisme",
            **in_each_language("title", *VIDEO["title"]),
            **in_each_language("description", *VIDEO["description"]),
            kind="video",
            year=2024,
            url="https://video.example.org/assises",
        ),
    )
    for labels, value, date, sources, series in FIGURES:
        Figure.objects.create(
            **in_each_language("label", *labels),
            value=value,
            unit="",
            date=datetime.date(*date),
            **in_each_language("source", *sources),
            series=series,
        )
    pages = {}
    for slug, titles, bodies, parent, in_menu, in_footer, position in PAGES:
        pages[slug] = Page.objects.create(
            slug=slug,
            **in_each_language("title", *titles),
            **in_each_language("body", *bodies),
            in_menu=in_menu,
            in_footer=in_footer,
            position=position,
            parent=pages.get(parent),
        )
    for position, (name, roles) in enumerate(TEAM):
        TeamMember.objects.create(
            page=pages["equipe"],
            name=name,
            **in_each_language("role", *roles),
            position=position,
        )
    newsletter = Newsletter.objects.create(
        **in_each_language("subject", *NEWSLETTER["subject"]),
        **in_each_language("introduction", *NEWSLETTER["introduction"]),
    )
    newsletter.articles.set(Article.objects.filter(status="published")[:3])
    load_press(by=by, now=now)
    versions.bump(Version.SITE)
    return (
        f"{Article.objects.count()} articles, {Resource.objects.count()} resources, "
        f"{Page.objects.count()} pages"
    )


def _complete_translations() -> None:
    """Give an older demo's texts, found by slug, the languages they lacked."""
    for slug, _days, _org, titles, summaries, bodies, _themes in ARTICLES:
        for article in Article.objects.filter(slug=slug):
            fill_translations(article, title=titles, summary=summaries, body=bodies)
    for article in Article.objects.filter(slug="bilan-annuel"):
        fill_translations(article, **SCHEDULED_ARTICLE)
    for slug, _kind, titles, _year, _theme in RESOURCES:
        for resource in Resource.objects.filter(slug=slug):
            fill_translations(
                resource,
                title=titles,
                description=tuple(
                    text.format(title=title)
                    for text, title in zip(RESOURCE_DESCRIPTION, titles, strict=True)
                ),
            )
    for resource in Resource.objects.filter(slug="video-assises-racisme"):
        fill_translations(resource, **VIDEO)
    for labels, _value, date, sources, _series in FIGURES:
        for figure in Figure.objects.filter(
            label_fr=labels[0], date=datetime.date(*date)
        ):
            fill_translations(figure, label=labels, source=sources)
    for slug, titles, bodies, *_rest in PAGES:
        for page in Page.objects.filter(slug=slug):
            fill_translations(page, title=titles, body=bodies)
    for name, roles in TEAM:
        for member in TeamMember.objects.filter(name=name, role_fr=roles[0]):
            fill_translations(member, role=roles)
    for newsletter in Newsletter.objects.filter(subject_fr=NEWSLETTER["subject"][0]):
        fill_translations(newsletter, **NEWSLETTER)


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
    press kit (a PDF, and the memorandum marked for the press). On an older demo,
    adds what is missing and completes what lacks a language."""
    for slug, days, themes, titles, summaries in PRESS_RELEASES:
        bodies = tuple(f"<p>{summary}</p>" for summary in summaries)
        if existing := Article.objects.filter(slug=slug).first():
            fill_translations(existing, title=titles, summary=summaries, body=bodies)
            continue
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
        if existing := PressOfficer.objects.filter(name=name).first():
            fill_translations(existing, role=roles)
            continue
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
    if Resource.objects.filter(slug="dossier-de-presse").exists():
        return
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
