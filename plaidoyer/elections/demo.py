"""Demo elections: the Belgian federal and regional elections of 2029, five
(fictional) parties, a handful of candidates, and a pledge campaign on eight
recommendations that three parties have partly answered. Safe to run again."""

import datetime

from django.utils import timezone

from plaidoyer.commitments.models import Recommendation

from .models import Candidate, Constituency, Election, Party, Pledge, PledgeCampaign

PARTIES = [
    # slug, name, language, email
    ("alliance-citoyenne", "Alliance citoyenne", "fr", "contact@alliance.example.org"),
    ("samen-vooruit", "Samen Vooruit", "nl", "info@samenvooruit.example.org"),
    ("parti-ecologiste-uni", "Parti écologiste uni", "fr", "info@peu.example.org"),
    ("liberale-beweging", "Liberale Beweging", "nl", "info@lb.example.org"),
    ("ostbelgien-buergerliste", "Bürgerliste Ostbelgien", "de", "info@bl.example.org"),
]
CONSTITUENCIES = [
    (
        "bruxelles",
        "Bruxelles-Capitale",
        "Brussel-Hoofdstad",
        "Brussels-Capital",
        "Brüssel-Hauptstadt",
    ),
    ("liege", "Liège", "Luik", "Liège", "Lüttich"),
    ("anvers", "Anvers", "Antwerpen", "Antwerp", "Antwerpen"),
]
CANDIDATES = [
    ("amina-benali", "Amina Benali", "alliance-citoyenne", "bruxelles", "fr"),
    ("joris-peeters", "Joris Peeters", "samen-vooruit", "anvers", "nl"),
    ("claire-dumont", "Claire Dumont", "parti-ecologiste-uni", "liege", "fr"),
    ("sophie-janssens", "Sophie Janssens", "liberale-beweging", "anvers", "nl"),
    ("lukas-kessler", "Lukas Kessler", "ostbelgien-buergerliste", "liege", "de"),
]
# party slug → answers in the order of the campaign's recommendations ("" = none)
ANSWERS = {
    "alliance-citoyenne": ["yes", "yes", "partly", "yes", "no", "yes", "", "yes"],
    "samen-vooruit": ["yes", "partly", "partly", "", "yes", "no", "yes", ""],
    "ostbelgien-buergerliste": ["partly", "yes", "", "", "", "", "", "no"],
}
COMMENTS = {
    "partly": {
        "fr": "Oui sur le principe, à financer dans le budget pluriannuel.",
        "nl": "Akkoord in principe, de financiering volgt in de meerjarenbegroting.",
        "de": "Grundsätzlich ja, die Finanzierung folgt im Mehrjahreshaushalt.",
    },
    "no": {
        "fr": "Nous préférons une approche volontaire.",
        "nl": "Wij verkiezen een vrijwillige aanpak.",
        "de": "Wir bevorzugen einen freiwilligen Ansatz.",
    },
}


def load() -> str:
    election, _created = Election.objects.update_or_create(
        slug="federales-regionales-2029",
        defaults={
            "title": "Élections fédérales et régionales 2029",
            "title_fr": "Élections fédérales et régionales 2029",
            "title_nl": "Federale en regionale verkiezingen 2029",
            "title_en": "Federal and regional elections 2029",
            "title_de": "Föderal- und Regionalwahlen 2029",
            "date": datetime.date(2029, 6, 10),
            "level": Election.Level.FEDERAL,
        },
    )
    constituencies = {}
    for slug, fr, nl, en, de in CONSTITUENCIES:
        constituencies[slug], _ = Constituency.objects.update_or_create(
            election=election,
            slug=slug,
            defaults={
                "name": fr,
                "name_fr": fr,
                "name_nl": nl,
                "name_en": en,
                "name_de": de,
            },
        )
    parties = {}
    for position, (slug, name, language, email) in enumerate(PARTIES, start=1):
        parties[slug], _ = Party.objects.update_or_create(
            election=election,
            slug=slug,
            defaults={
                "name": name,
                "language": language,
                "email": email,
                "position": position,
            },
        )
    for position, (slug, name, party, constituency, language) in enumerate(CANDIDATES):
        Candidate.objects.update_or_create(
            election=election,
            slug=slug,
            defaults={
                "name": name,
                "party": parties[party],
                "constituency": constituencies[constituency],
                "language": language,
                "email": f"{slug}@candidates.example.org",
                "position": position + 1,
            },
        )
    campaign, _ = PledgeCampaign.objects.update_or_create(
        slug="engagements-2029",
        defaults={
            "election": election,
            "title": "Vos engagements contre le racisme – 2029",
            "title_fr": "Vos engagements contre le racisme – 2029",
            "title_nl": "Uw engagementen tegen racisme – 2029",
            "title_en": "Your pledges against racism – 2029",
            "title_de": "Ihre Zusagen gegen Rassismus – 2029",
            "introduction_fr": (
                "Nous avons demandé à chaque parti où il se situe sur huit "
                "recommandations prioritaires de notre mémorandum."
            ),
            "introduction_nl": (
                "We vroegen elke partij waar ze staat tegenover acht prioritaire "
                "aanbevelingen van ons memorandum."
            ),
            "introduction_en": (
                "We asked every party where it stands on eight priority "
                "recommendations of our memorandum."
            ),
            "introduction_de": (
                "Wir haben jede Partei gefragt, wie sie zu acht vorrangigen "
                "Empfehlungen unseres Memorandums steht."
            ),
            "deadline": timezone.make_aware(datetime.datetime(2029, 5, 31, 23, 59)),
        },
    )
    recommendations = list(
        Recommendation.objects.filter(priority="high").order_by("sort_key")[:8]
    ) or list(Recommendation.objects.order_by("sort_key")[:8])
    campaign.recommendations.set(recommendations)
    now = timezone.now()
    for party_slug, answers in ANSWERS.items():
        party = parties[party_slug]
        for days, (recommendation, answer) in enumerate(
            zip(recommendations, answers, strict=False)
        ):
            if not answer:
                continue
            Pledge.objects.update_or_create(
                campaign=campaign,
                recommendation=recommendation,
                party=party,
                defaults={
                    "answer": answer,
                    "comment": COMMENTS.get(answer, {}).get(party.language, ""),
                    "answered_at": now - datetime.timedelta(days=20 - days),
                },
            )
    return (
        f"{Election.objects.count()} elections, {Party.objects.count()} parties, "
        f"{Pledge.objects.count()} pledges"
    )
