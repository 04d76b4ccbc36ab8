"""The Roma platform demo's texts in French, Dutch, English and German (data only;
demo.py loads them). Every text is a (fr, nl, en, de) tuple."""

PROCESS = {
    "title": (
        "Plateforme nationale des Roms : dialogue participatif",
        "Nationaal Roma-platform: participatieve dialoog",
        "National Roma platform: participatory dialogue",
        "Nationale Roma-Plattform: partizipativer Dialog",
    ),
    "description": (
        "Lancée en mai 2016 par le point de contact national Roms, avec le soutien de "
        "l'Union européenne, la plateforme mène un dialogue avec tous les acteurs sur "
        "l'inclusion socio-économique des Roms, avec la lutte contre les "
        "discriminations comme fil rouge, dans quatre domaines : emploi, "
        "enseignement, logement et soins de santé.",
        "Het platform, in mei 2016 opgestart door het nationaal Roma-contactpunt met "
        "steun van de Europese Unie, voert een dialoog met alle betrokkenen over de "
        "socio-economische inclusie van Roma, met de strijd tegen discriminatie als "
        "rode draad, in vier domeinen: werk, onderwijs, huisvesting en "
        "gezondheidszorg.",
        "Launched in May 2016 by the national Roma contact point, with the support of "
        "the European Union, the platform holds a dialogue with all stakeholders on "
        "the socio-economic inclusion of Roma, with the fight against discrimination "
        "as the common thread, in four areas: employment, education, housing and "
        "health care.",
        "Die im Mai 2016 von der nationalen Roma-Kontaktstelle mit Unterstützung der "
        "Europäischen Union gestartete Plattform führt mit allen Beteiligten einen "
        "Dialog über die sozioökonomische Inklusion der Roma – mit der Bekämpfung von "
        "Diskriminierung als rotem Faden – in vier Bereichen: Beschäftigung, Bildung, "
        "Wohnen und Gesundheitsversorgung.",
    ),
}

# The organisations of the dialogue, by slug: name (fr, nl, en, de), kind, town.
ORGANISATIONS = {
    "point-de-contact-national-roms": (
        (
            "Point de contact national Roms (SPP Intégration sociale)",
            "Nationaal Roma-contactpunt (POD Maatschappelijke Integratie)",
            "National Roma Contact Point (PPS Social Integration)",
            "Nationale Roma-Kontaktstelle (ÖPD Sozialeingliederung)",
        ),
        "public_body",
        "21004",
    ),
    "brulocalis": (
        (
            "Brulocalis — Association Ville et Communes de Bruxelles",
            "Brulocalis — Vereniging Stad en Gemeenten van het Brussels "
            "Hoofdstedelijk Gewest",
            "Brulocalis — Association of the City and Municipalities of Brussels",
            "Brulocalis — Vereinigung der Stadt und Gemeinden von Brüssel",
        ),
        "public_body",
        "21004",
    ),
    "uvcw": (
        (
            "Union des Villes et Communes de Wallonie",
            "Vereniging van Waalse Steden en Gemeenten (UVCW)",
            "Union of Cities and Municipalities of Wallonia (UVCW)",
            "Verband der Städte und Gemeinden der Wallonie (UVCW)",
        ),
        "public_body",
        "92094",
    ),
    "vvsg": (
        (
            "Association des villes et communes flamandes (VVSG)",
            "Vereniging van Vlaamse Steden en Gemeenten",
            "Association of Flemish Cities and Municipalities (VVSG)",
            "Verband der flämischen Städte und Gemeinden (VVSG)",
        ),
        "public_body",
        "21004",
    ),
    "association-romani-liege": (
        ("Association romani de Liège",) * 4,
        "association",
        "62063",
    ),
    "romano-dialogue-gent": (("Romano Dialoog Gent",) * 4, "association", "44021"),
}

# The four areas: sector slug, name, two drafts (title, text), each (fr, nl, en, de).
AREAS = [
    (
        "sante",
        ("Santé", "Gezondheid", "Health", "Gesundheit"),
        [
            (
                (
                    "Des médiateurs de santé roms dans chaque grande ville",
                    "Roma-gezondheidsbemiddelaars in elke grote stad",
                    "Roma health mediators in every large city",
                    "Roma-Gesundheitsmediatoren in jeder Großstadt",
                ),
                (
                    "Financer des médiatrices et médiateurs de santé issus des "
                    "communautés roms.",
                    "Gezondheidsbemiddelaars uit de Roma-gemeenschappen financieren.",
                    "Fund health mediators from the Roma communities.",
                    "Gesundheitsmediatorinnen und -mediatoren aus den "
                    "Roma-Gemeinschaften finanzieren.",
                ),
            ),
            (
                (
                    "Un accès simplifié à l'aide médicale urgente",
                    "Eenvoudiger toegang tot dringende medische hulp",
                    "Simpler access to urgent medical aid",
                    "Einfacherer Zugang zur dringenden medizinischen Hilfe",
                ),
                (
                    "Réduire les démarches pour l'AMU des familles en habitat "
                    "précaire.",
                    "Minder administratieve stappen voor dringende medische hulp aan "
                    "gezinnen in precaire huisvesting.",
                    "Cut the paperwork for urgent medical aid for families in "
                    "precarious housing.",
                    "Weniger Behördengänge für die dringende medizinische Hilfe für "
                    "Familien in prekären Wohnverhältnissen.",
                ),
            ),
        ],
    ),
    (
        "emploi",
        ("Emploi", "Werk", "Employment", "Beschäftigung"),
        [
            (
                (
                    "Reconnaître les compétences acquises hors diplôme",
                    "Buiten het diploma verworven competenties erkennen",
                    "Recognise skills acquired outside formal qualifications",
                    "Außerhalb von Abschlüssen erworbene Kompetenzen anerkennen",
                ),
                (
                    "Valider les compétences professionnelles des travailleurs roms.",
                    "De beroepscompetenties van Roma-werknemers valideren.",
                    "Validate the professional skills of Roma workers.",
                    "Die beruflichen Kompetenzen von Roma-Beschäftigten anerkennen.",
                ),
            ),
            (
                (
                    "Des parcours d'insertion avec accompagnement individuel",
                    "Inschakelingstrajecten met individuele begeleiding",
                    "Integration pathways with individual support",
                    "Eingliederungswege mit individueller Begleitung",
                ),
                (
                    "Allier formation, emploi et accompagnement social sur deux ans.",
                    "Opleiding, werk en sociale begeleiding combineren over twee jaar.",
                    "Combine training, work and social support over two years.",
                    "Ausbildung, Arbeit und soziale Begleitung über zwei Jahre "
                    "verbinden.",
                ),
            ),
        ],
    ),
    (
        "enseignement",
        ("Enseignement", "Onderwijs", "Education", "Bildung"),
        [
            (
                (
                    "Des médiateurs scolaires pour lutter contre le décrochage",
                    "Schoolbemiddelaars tegen vroegtijdig schoolverlaten",
                    "School mediators to tackle early school leaving",
                    "Schulmediatoren gegen Schulabbruch",
                ),
                (
                    "Renforcer le lien entre écoles et familles roms.",
                    "De band tussen scholen en Roma-gezinnen versterken.",
                    "Strengthen the link between schools and Roma families.",
                    "Die Verbindung zwischen Schulen und Roma-Familien stärken.",
                ),
            ),
            (
                (
                    "Former les enseignants à l'histoire des Roms",
                    "Leerkrachten opleiden over de geschiedenis van de Roma",
                    "Train teachers in the history of the Roma",
                    "Lehrkräfte in der Geschichte der Roma ausbilden",
                ),
                (
                    "Intégrer l'histoire et la culture roms dans la formation "
                    "initiale.",
                    "De geschiedenis en cultuur van de Roma opnemen in de "
                    "lerarenopleiding.",
                    "Include Roma history and culture in initial teacher training.",
                    "Geschichte und Kultur der Roma in die Lehrerausbildung aufnehmen.",
                ),
            ),
        ],
    ),
    (
        "logement",
        ("Logement", "Huisvesting", "Housing", "Wohnen"),
        [
            (
                (
                    "Des terrains adaptés pour les gens du voyage",
                    "Aangepaste terreinen voor woonwagenbewoners",
                    "Suitable sites for Travellers",
                    "Geeignete Stellplätze für Fahrende",
                ),
                (
                    "Chaque province met à disposition des terrains équipés.",
                    "Elke provincie stelt uitgeruste terreinen ter beschikking.",
                    "Every province provides equipped sites.",
                    "Jede Provinz stellt ausgestattete Plätze zur Verfügung.",
                ),
            ),
            (
                (
                    "Lutter contre les expulsions sans relogement",
                    "Uithuiszettingen zonder herhuisvesting tegengaan",
                    "Stop evictions without rehousing",
                    "Räumungen ohne Ersatzwohnung verhindern",
                ),
                (
                    "Aucune expulsion sans solution de relogement proposée.",
                    "Geen uithuiszetting zonder voorstel voor herhuisvesting.",
                    "No eviction without an offer of rehousing.",
                    "Keine Räumung ohne angebotene Ersatzwohnung.",
                ),
            ),
        ],
    ),
]

# kind, name, days from today (start, end), description
PHASES = [
    (
        "information",
        ("Information", "Informatie", "Information", "Information"),
        (-400, -301),
        (
            "Présentation du dialogue et des quatre domaines.",
            "Voorstelling van de dialoog en de vier domeinen.",
            "Presentation of the dialogue and its four areas.",
            "Vorstellung des Dialogs und der vier Bereiche.",
        ),
    ),
    (
        "meetings",
        (
            "Rencontres thématiques",
            "Thematische ontmoetingen",
            "Thematic meetings",
            "Themenrunden",
        ),
        (-300, -31),
        (
            "Rencontres santé, emploi, enseignement, logement et tables rondes.",
            "Ontmoetingen over gezondheid, werk, onderwijs, huisvesting en "
            "rondetafels.",
            "Meetings on health, employment, education and housing, and round tables.",
            "Treffen zu Gesundheit, Beschäftigung, Bildung und Wohnen sowie Runde "
            "Tische.",
        ),
    ),
    (
        "consultation",
        (
            "Consultation sur les projets",
            "Consultatie over de ontwerpen",
            "Consultation on the drafts",
            "Konsultation zu den Entwürfen",
        ),
        (-30, 14),
        (
            "Les organisations participantes commentent et soutiennent les projets.",
            "De deelnemende organisaties becommentariëren en steunen de ontwerpen.",
            "Participating organisations comment on and endorse the drafts.",
            "Die teilnehmenden Organisationen kommentieren und unterstützen die "
            "Entwürfe.",
        ),
    ),
    (
        "adoption",
        ("Adoption", "Goedkeuring", "Adoption", "Annahme"),
        (15, 45),
        (
            "Le comité d'accompagnement adopte les recommandations.",
            "Het begeleidingscomité keurt de aanbevelingen goed.",
            "The steering committee adopts the recommendations.",
            "Der Begleitausschuss nimmt die Empfehlungen an.",
        ),
    ),
    (
        "follow_up",
        ("Suivi", "Opvolging", "Follow-up", "Weiterverfolgung"),
        (46, 400),
        (
            "Suivi des engagements sur le baromètre.",
            "Opvolging van de engagementen op de barometer.",
            "Tracking the commitments on the barometer.",
            "Verfolgung der Verpflichtungen im Barometer.",
        ),
    ),
]

# A thematic meeting's title and minutes: {area} is its area's name.
MEETING_TITLE = (
    "Rencontre thématique « {area} »",
    "Thematische ontmoeting '{area}'",
    "Thematic meeting: {area}",
    "Themenrunde „{area}“",
)
MEETING_MINUTES = (
    "<p>Rencontre « {area} » : constats partagés par les participant·es, "
    "témoignages de familles et pistes d'action.</p>"
    "<ul><li>Constats</li><li>Propositions</li></ul>",
    "<p>Ontmoeting '{area}': vaststellingen van de deelnemers, getuigenissen van "
    "gezinnen en mogelijke acties.</p>"
    "<ul><li>Vaststellingen</li><li>Voorstellen</li></ul>",
    "<p>Meeting on {area_lower}: findings shared by the participants, families' "
    "testimonies and ideas for action.</p>"
    "<ul><li>Findings</li><li>Proposals</li></ul>",
    "<p>Treffen „{area}“: Feststellungen der Teilnehmenden, Zeugnisse von Familien "
    "und Handlungsansätze.</p>"
    "<ul><li>Feststellungen</li><li>Vorschläge</li></ul>",
)
# The two round tables: slug part, title, days from today.
ROUND_TABLES = [
    (
        "table-ronde-locale",
        (
            "Table ronde locale",
            "Lokale rondetafel",
            "Local round table",
            "Lokaler Runder Tisch",
        ),
        -70,
    ),
    (
        "table-ronde-federale",
        (
            "Table ronde fédérale",
            "Federale rondetafel",
            "Federal round table",
            "Föderaler Runder Tisch",
        ),
        35,
    ),
]
ROUND_TABLE_MINUTES = (
    "<p>Table ronde avec les pouvoirs locaux.</p>",
    "<p>Rondetafel met de lokale besturen.</p>",
    "<p>Round table with the local authorities.</p>",
    "<p>Runder Tisch mit den lokalen Behörden.</p>",
)
# Added to the first draft's text when it is amended.
AMENDMENT = (
    " Les médiateurs sont formés et rémunérés.",
    " De bemiddelaars worden opgeleid en betaald.",
    " The mediators are trained and paid.",
    " Die Mediatorinnen und Mediatoren werden ausgebildet und bezahlt.",
)
COMMITMENT_TITLE = (
    "Financer un projet pilote de médiation en santé",
    "Een proefproject rond gezondheidsbemiddeling financieren",
    "Fund a pilot project in health mediation",
    "Ein Pilotprojekt zur Gesundheitsmediation finanzieren",
)
