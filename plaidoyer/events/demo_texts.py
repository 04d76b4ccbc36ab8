"""The demo agenda's texts in French, Dutch, English and German (data only; demo.py
loads them). Every text is a (fr, nl, en, de) tuple."""

WEBINAR = {
    "title": (
        "Mettre en commun nos actions pour l'accueil, avant les élections",
        "Onze acties voor een gastvrije samenleving bundelen, vóór de verkiezingen",
        "Pooling our actions for a welcoming society, before the elections",
        "Unsere Aktionen für eine offene Gesellschaft bündeln – vor den Wahlen",
    ),
    "description": (
        "Un échange en ligne entre l'ANVITA (réseau de villes et d'élus accueillants), "
        "les États Généraux des Migrations et la Marche des Solidarités, avec Tous "
        "Migrants, pour mettre en commun nos actions avant les élections "
        "présidentielle et législatives. Inscription ouverte à toutes et tous ; le "
        "lien de connexion est envoyé aux inscrit·es.",
        "Een online uitwisseling tussen ANVITA (netwerk van gastvrije steden en "
        "verkozenen), de États Généraux des Migrations en de Marche des Solidarités, "
        "met Tous Migrants, om onze acties te bundelen vóór de presidents- en "
        "parlementsverkiezingen. Iedereen kan zich inschrijven; de link wordt later "
        "naar de ingeschrevenen gestuurd.",
        "An online exchange between ANVITA (a network of welcoming cities and elected "
        "officials), the États Généraux des Migrations and the Marche des Solidarités, "
        "with Tous Migrants, to pool our actions before the presidential and "
        "legislative elections. Registration is open to all; the connection link is "
        "sent to registrants.",
        "Ein Online-Austausch zwischen ANVITA (Netzwerk aufnahmebereiter Städte und "
        "Mandatsträger), den États Généraux des Migrations und der Marche des "
        "Solidarités, mit Tous Migrants, um unsere Aktionen vor den Präsidentschafts- "
        "und Parlamentswahlen zu bündeln. Die Anmeldung steht allen offen; der "
        "Zugangslink wird den Angemeldeten zugeschickt.",
    ),
}

TRAINING = {
    "title": (
        "Formation : stéréotypes, préjugés, discriminations et racisme",
        "Vorming: stereotypen, vooroordelen, discriminatie en racisme",
        "Training: stereotypes, prejudice, discrimination and racism",
        "Fortbildung: Stereotype, Vorurteile, Diskriminierung und Rassismus",
    ),
    "description": (
        "La formation annuelle du CAI en trois journées : comprendre les mécanismes "
        "des stéréotypes et des préjugés, reconnaître les discriminations et agir "
        "contre le racisme au quotidien.",
        "De jaarlijkse driedaagse vorming van het CAI: begrijpen hoe stereotypen en "
        "vooroordelen werken, discriminatie herkennen en elke dag optreden tegen "
        "racisme.",
        "The CAI's yearly three-day training: understand how stereotypes and "
        "prejudice work, recognise discrimination and act against racism in everyday "
        "life.",
        "Die jährliche dreitägige Fortbildung des CAI: verstehen, wie Stereotype und "
        "Vorurteile wirken, Diskriminierung erkennen und im Alltag gegen Rassismus "
        "handeln.",
    ),
}
# A training day's label: {n} is its number.
TRAINING_DAY = ("Journée {n}", "Dag {n}", "Day {n}", "Tag {n}")

# The Roma platform's four areas: slug, name (fr, nl, en, de).
ROMA_AREAS = [
    ("sante", ("Santé", "Gezondheid", "Health", "Gesundheit")),
    ("emploi", ("Emploi", "Werk", "Employment", "Beschäftigung")),
    ("enseignement", ("Enseignement", "Onderwijs", "Education", "Bildung")),
    ("logement", ("Logement", "Huisvesting", "Housing", "Wohnen")),
]
ROMA_MEETING = {
    "title": (
        "Plateforme nationale des Roms : rencontre thématique « {area} »",
        "Nationaal Roma-platform: thematische ontmoeting '{area}'",
        "National Roma platform: thematic meeting on {area_lower}",
        "Nationale Roma-Plattform: Themenrunde „{area}“",
    ),
    "description": (
        "Rencontre du dialogue participatif sur l'inclusion des Roms : {area_lower}. "
        "Les participant·es formulent des recommandations.",
        "Ontmoeting van de participatieve dialoog over de inclusie van Roma: "
        "{area_lower}. De deelnemers formuleren aanbevelingen.",
        "A meeting of the participatory dialogue on Roma inclusion: {area_lower}. "
        "Participants draw up recommendations.",
        "Treffen des partizipativen Dialogs zur Inklusion der Roma: {area}. Die "
        "Teilnehmenden erarbeiten Empfehlungen.",
    ),
}

# The members' events: a topic and a kind make the title.
TOPICS = [
    (
        "Racisme et logement",
        "Racisme en huisvesting",
        "Racism and housing",
        "Rassismus und Wohnen",
    ),
    (
        "Discriminations à l'embauche",
        "Discriminatie bij aanwerving",
        "Discrimination in hiring",
        "Diskriminierung bei der Einstellung",
    ),
    (
        "Contrôles au faciès",
        "Etnisch profileren",
        "Ethnic profiling",
        "Racial Profiling bei Kontrollen",
    ),
    (
        "Accueil des primo-arrivants",
        "Onthaal van nieuwkomers",
        "Welcoming newcomers",
        "Aufnahme von Neuankömmlingen",
    ),
    (
        "Histoire coloniale à l'école",
        "Koloniale geschiedenis op school",
        "Colonial history at school",
        "Kolonialgeschichte in der Schule",
    ),
    (
        "Santé des personnes sans papiers",
        "Gezondheid van mensen zonder papieren",
        "Health of undocumented people",
        "Gesundheit von Menschen ohne Papiere",
    ),
    (
        "Médias et stéréotypes",
        "Media en stereotypen",
        "Media and stereotypes",
        "Medien und Stereotype",
    ),
    (
        "Droits des MENA",
        "Rechten van niet-begeleide minderjarigen",
        "Rights of unaccompanied minors",
        "Rechte unbegleiteter Minderjähriger",
    ),
    (
        "Participation citoyenne",
        "Burgerparticipatie",
        "Citizen participation",
        "Bürgerbeteiligung",
    ),
    (
        "Données d'égalité",
        "Gelijkheidsgegevens",
        "Equality data",
        "Gleichstellungsdaten",
    ),
]
KINDS = {
    "round_table": ("Table ronde", "Rondetafel", "Round table", "Runder Tisch"),
    "meeting": ("Réunion", "Bijeenkomst", "Meeting", "Treffen"),
    "webinar": ("Webinaire", "Webinar", "Webinar", "Webinar"),
    "conference": ("Conférence", "Conferentie", "Conference", "Konferenz"),
    "training": ("Formation", "Vorming", "Training", "Fortbildung"),
}
# A member's event: {topic} is its topic.
MEMBER_EVENT = (
    "{topic} : échanges entre membres de la coalition et partenaires.",
    "{topic}: uitwisseling tussen leden van de coalitie en partners.",
    "{topic}: an exchange between members of the coalition and partners.",
    "{topic}: Austausch zwischen Mitgliedern der Koalition und Partnern.",
)

# The other organisers, by slug: name (fr, nl, en, de), kind, town.
ORGANISERS = {
    "anvita": (
        ("ANVITA — Association nationale des villes et territoires accueillants",) * 4,
        "network",
        "",
    ),
    "etats-generaux-des-migrations": (
        ("États Généraux des Migrations",) * 4,
        "network",
        "",
    ),
    "marche-des-solidarites": (("Marche des Solidarités",) * 4, "collective", ""),
    "tous-migrants": (("Tous Migrants",) * 4, "association", ""),
    "plateforme-nationale-roms": (
        (
            "Plateforme nationale des Roms",
            "Nationaal Roma-platform",
            "National Roma Platform",
            "Nationale Roma-Plattform",
        ),
        "network",
        "21004",
    ),
}
