"""The demo website's texts in French, Dutch, English and German (data only;
demo.py loads them). Every text is a (fr, nl, en, de) tuple."""

# slug, days ago, organisation, title, summary, body, themes
ARTICLES = [
    (
        "la-coalition-lance-son-site",
        200,
        "coalition-napar",
        (
            "La coalition NAPAR lance son site",
            "De NAPAR-coalitie lanceert haar website",
            "The NAPAR coalition launches its website",
            "Die NAPAR-Koalition startet ihre Website",
        ),
        (
            "Un seul endroit pour nos membres, notre mémorandum et le baromètre des "
            "engagements.",
            "Eén plek voor onze leden, ons memorandum en de barometer van de "
            "engagementen.",
            "One place for our members, our memorandum and the commitments barometer.",
            "Ein Ort für unsere Mitglieder, unser Memorandum und das Barometer der "
            "Verpflichtungen.",
        ),
        (
            "<p>Depuis 2018, une soixantaine d'organisations plaident ensemble pour un "
            "plan d'action interfédéral contre le racisme. Notre nouveau site rassemble "
            "l'annuaire des membres, le mémorandum de nos propositions et le "
            "<strong>baromètre</strong> qui suit, preuves à l'appui, ce que chaque "
            "autorité s'est engagée à faire.</p>",
            "<p>Sinds 2018 pleiten een zestigtal organisaties samen voor een "
            "interfederaal actieplan tegen racisme. Onze nieuwe website brengt de "
            "ledenlijst, het memorandum met onze voorstellen en de "
            "<strong>barometer</strong> samen, die met bewijsstukken opvolgt wat elke "
            "overheid heeft beloofd.</p>",
            "<p>Since 2018, some sixty organisations have been campaigning together for "
            "an interfederal action plan against racism. Our new website brings "
            "together the members' directory, the memorandum of our proposals and the "
            "<strong>barometer</strong>, which tracks, with evidence, what each "
            "authority has committed to do.</p>",
            "<p>Seit 2018 setzen sich rund sechzig Organisationen gemeinsam für einen "
            "interföderalen Aktionsplan gegen Rassismus ein. Unsere neue Website "
            "vereint das Mitgliederverzeichnis, das Memorandum mit unseren Vorschlägen "
            "und das <strong>Barometer</strong>, das mit Belegen verfolgt, wozu sich "
            "jede Behörde verpflichtet hat.</p>",
        ),
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
            "Die Position des CAI zum Rassismus",
        ),
        (
            "Le racisme est un système : il se combat par la formation, la "
            "sensibilisation et le plaidoyer.",
            "Racisme is een systeem: je bestrijdt het met vorming, sensibilisering en "
            "beleidswerk.",
            "Racism is a system: it is fought through training, awareness-raising and "
            "advocacy.",
            "Rassismus ist ein System: Man bekämpft ihn mit Bildung, Sensibilisierung "
            "und politischer Arbeit.",
        ),
        (
            "<p>Le Centre d'Action Interculturelle de la province de Namur coordonne "
            "une plateforme provinciale d'une quarantaine d'acteurs locaux. Il rappelle "
            "que le racisme n'est pas qu'une affaire d'opinions individuelles : il "
            "traverse le logement, l'emploi et l'accès aux services.</p><ul><li>Former "
            "les professionnel·les</li><li>Soutenir les victimes</li><li>Interpeller "
            "les autorités</li></ul>",
            "<p>Het Centre d'Action Interculturelle van de provincie Namen coördineert "
            "een provinciaal platform van een veertigtal lokale actoren. Het herinnert "
            "eraan dat racisme niet alleen een kwestie van individuele meningen is: het "
            "speelt op de woningmarkt, op het werk en in de toegang tot diensten.</p>"
            "<ul><li>Professionals vormen</li><li>Slachtoffers steunen</li><li>De "
            "overheden aanspreken</li></ul>",
            "<p>The Intercultural Action Centre of the province of Namur coordinates a "
            "provincial platform of some forty local actors. It points out that racism "
            "is not just a matter of individual opinions: it runs through housing, "
            "employment and access to services.</p><ul><li>Train professionals</li>"
            "<li>Support victims</li><li>Call on the authorities</li></ul>",
            "<p>Das Zentrum für interkulturelle Aktion der Provinz Namur koordiniert "
            "eine Provinzplattform von rund vierzig lokalen Akteuren. Es erinnert "
            "daran, dass Rassismus nicht nur eine Frage individueller Meinungen ist: Er "
            "durchzieht den Wohnungsmarkt, die Arbeitswelt und den Zugang zu "
            "Dienstleistungen.</p><ul><li>Fachkräfte schulen</li><li>Betroffene "
            "unterstützen</li><li>Die Behörden in die Pflicht nehmen</li></ul>",
        ),
        ["lutte-contre-le-racisme", "interculturalite"],
    ),
    (
        "formation-stereotypes-inscriptions-ouvertes",
        20,
        "cai-namur",
        (
            "Formation « stéréotypes, préjugés, discriminations et racisme » : "
            "inscriptions ouvertes",
            "Vorming over stereotypen en racisme: inschrijvingen open",
            "Training on stereotypes and racism: registration open",
            "Fortbildung zu Stereotypen und Rassismus: Anmeldung geöffnet",
        ),
        (
            "La formation annuelle du CAI se tient en trois journées.",
            "De jaarlijkse vorming van het CAI loopt over drie dagen.",
            "The CAI's yearly training takes place over three days.",
            "Die jährliche Fortbildung des CAI findet an drei Tagen statt.",
        ),
        (
            "<p>Trois journées pour comprendre et agir. Places limitées : "
            "inscrivez-vous dans l'agenda.</p>",
            "<p>Drie dagen om te begrijpen en te handelen. Beperkt aantal plaatsen: "
            "schrijf u in via de agenda.</p>",
            "<p>Three days to understand and act. Places are limited: register in the "
            "events calendar.</p>",
            "<p>Drei Tage, um zu verstehen und zu handeln. Begrenzte Plätze: Melden "
            "Sie sich über den Veranstaltungskalender an.</p>",
        ),
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
            "Briefmarathon: mehr als 3.700 Briefe und Zeichnungen",
        ),
        (
            "Trente-six communes et universités de Bruxelles et de Wallonie ont ouvert "
            "des séances d'écriture.",
            "Zesendertig gemeenten en universiteiten in Brussel en Wallonië hielden "
            "schrijfsessies.",
            "Thirty-six municipalities and universities in Brussels and Wallonia held "
            "letter-writing sessions.",
            "Sechsunddreißig Gemeinden und Universitäten in Brüssel und der Wallonie "
            "luden zu Schreibwerkstätten ein.",
        ),
        (
            "<p>Autour du 10 décembre, plus de 3 700 lettres et dessins d'enfants ont "
            "été récoltés pour des personnes en danger. Dans le monde, la campagne "
            "avait réuni plus de 3,7 millions de lettres, messages, courriels et tweets "
            "en 2015. Vingt-deux communes et deux universités ont reçu le label « Ville "
            "lumières ».</p>",
            "<p>Rond 10 december werden meer dan 3 700 brieven en kindertekeningen "
            "verzameld voor mensen in gevaar. Wereldwijd bracht de campagne in 2015 "
            "meer dan 3,7 miljoen brieven, berichten, e-mails en tweets samen. "
            "Tweeëntwintig gemeenten en twee universiteiten kregen het label "
            "'Ville lumières'.</p>",
            "<p>Around 10 December, more than 3,700 letters and children's drawings "
            "were collected for people at risk. Worldwide, the campaign gathered more "
            "than 3.7 million letters, messages, emails and tweets in 2015. "
            "Twenty-two municipalities and two universities received the 'Ville "
            "lumières' label.</p>",
            "<p>Rund um den 10. Dezember wurden mehr als 3.700 Briefe und "
            "Kinderzeichnungen für Menschen in Gefahr gesammelt. Weltweit hatte die "
            "Kampagne 2015 mehr als 3,7 Millionen Briefe, Nachrichten, E-Mails und "
            "Tweets zusammengebracht. Zweiundzwanzig Gemeinden und zwei Universitäten "
            "erhielten das Label „Ville lumières“.</p>",
        ),
        ["citoyennete"],
    ),
]

SCHEDULED_ARTICLE = {
    "title": (
        "Bilan annuel du baromètre",
        "Jaarbalans van de barometer",
        "The barometer's yearly review",
        "Jahresbilanz des Barometers",
    ),
    "summary": (
        "Ce qui a avancé, ce qui bloque.",
        "Wat vooruitging, wat vastloopt.",
        "What moved forward, what is stuck.",
        "Was vorankam, was blockiert ist.",
    ),
    "body": (
        "<p>À paraître.</p>",
        "<p>Verschijnt binnenkort.</p>",
        "<p>Coming soon.</p>",
        "<p>Erscheint in Kürze.</p>",
    ),
}

# slug, kind, title, year, theme
RESOURCES = [
    (
        "guide-reagir-discrimination",
        "tool",
        (
            "Guide : réagir face à une discrimination",
            "Gids: reageren op discriminatie",
            "Guide: responding to discrimination",
            "Leitfaden: auf Diskriminierung reagieren",
        ),
        2024,
        "lutte-contre-le-racisme",
    ),
    (
        "memorandum-pdf",
        "publication",
        (
            "Mémorandum de la coalition (PDF)",
            "Memorandum van de coalitie (pdf)",
            "The coalition's memorandum (PDF)",
            "Memorandum der Koalition (PDF)",
        ),
        2023,
        "citoyennete",
    ),
    (
        "chiffres-cles-migrations",
        "figures",
        (
            "Chiffres clés des migrations en Belgique",
            "Kerncijfers over migratie in België",
            "Key figures on migration in Belgium",
            "Eckdaten zur Migration in Belgien",
        ),
        2025,
        "migrations",
    ),
    (
        "repertoire-services-accueil-namur",
        "directory",
        (
            "Répertoire des services d'accueil de la province de Namur",
            "Overzicht van de onthaaldiensten in de provincie Namen",
            "Directory of reception services in the province of Namur",
            "Verzeichnis der Aufnahmedienste in der Provinz Namur",
        ),
        2025,
        "asile",
    ),
]
# A resource's description: its title, then this sentence.
RESOURCE_DESCRIPTION = (
    "{title}. Document de référence de la coalition.",
    "{title}. Referentiedocument van de coalitie.",
    "{title}. A reference document of the coalition.",
    "{title}. Referenzdokument der Koalition.",
)
VIDEO = {
    "title": (
        "Vidéo : les Assises contre le racisme",
        "Video: de Staten-Generaal tegen racisme",
        "Video: the Brussels 'Assises' against racism",
        "Video: die Assisen gegen Rassismus",
    ),
    "description": (
        "Les temps forts des Assises bruxelloises contre le racisme, en images.",
        "De hoogtepunten van de Brusselse Staten-Generaal tegen racisme, in beeld.",
        "Highlights of the Brussels 'Assises' against racism, on video.",
        "Die Höhepunkte der Brüsseler Assisen gegen Rassismus im Video.",
    ),
}

# label, value, unit, date, source, series (labels and sources: fr, nl, en, de)
MEMBERS = (
    "Organisations membres",
    "Lidorganisaties",
    "Member organisations",
    "Mitgliedsorganisationen",
)
NAPAR = ("Coalition NAPAR", "NAPAR-coalitie", "NAPAR Coalition", "NAPAR-Koalition")
FIGURES = [
    (
        (
            "Lettres et dessins récoltés (Belgique)",
            "Verzamelde brieven en tekeningen (België)",
            "Letters and drawings collected (Belgium)",
            "Gesammelte Briefe und Zeichnungen (Belgien)",
        ),
        3700,
        (2025, 12, 17),
        (
            "Marathon des lettres",
            "Schrijfmarathon",
            "Letter marathon",
            "Briefmarathon",
        ),
        "",
    ),
    (
        (
            "Actions dans le monde en 2015",
            "Acties wereldwijd in 2015",
            "Actions worldwide in 2015",
            "Aktionen weltweit im Jahr 2015",
        ),
        3_700_000,
        (2015, 12, 31),
        (
            "Campagne mondiale",
            "Wereldwijde campagne",
            "Worldwide campaign",
            "Weltweite Kampagne",
        ),
        "",
    ),
    (
        (
            "Communes et universités labellisées",
            "Gelabelde gemeenten en universiteiten",
            "Labelled municipalities and universities",
            "Ausgezeichnete Gemeinden und Universitäten",
        ),
        24,
        (2025, 12, 31),
        (
            "Label Ville lumières",
            "Label Ville lumières",
            "Ville lumières label",
            "Label „Ville lumières“",
        ),
        "",
    ),
    (MEMBERS, 60, (2026, 1, 1), NAPAR, "Membres de la coalition"),
    (MEMBERS, 35, (2020, 1, 1), NAPAR, "Membres de la coalition"),
    (MEMBERS, 20, (2018, 6, 1), NAPAR, "Membres de la coalition"),
]

# slug, title, body, parent, in menu, in footer, position
PAGES = [
    (
        "home",
        (
            "Ensemble contre le racisme et les discriminations",
            "Samen tegen racisme en discriminatie",
            "Together against racism and discrimination",
            "Gemeinsam gegen Rassismus und Diskriminierung",
        ),
        (
            "<p>Une coalition d'organisations de toute la Belgique pour un plan "
            "d'action interfédéral contre le racisme : nos membres, nos propositions, "
            "et ce que les autorités en font.</p>",
            "<p>Een coalitie van organisaties uit heel België voor een interfederaal "
            "actieplan tegen racisme: onze leden, onze voorstellen en wat de overheden "
            "ermee doen.</p>",
            "<p>A coalition of organisations from across Belgium for an interfederal "
            "action plan against racism: our members, our proposals, and what the "
            "authorities do with them.</p>",
            "<p>Eine Koalition von Organisationen aus ganz Belgien für einen "
            "interföderalen Aktionsplan gegen Rassismus: unsere Mitglieder, unsere "
            "Vorschläge und was die Behörden daraus machen.</p>",
        ),
        None,
        False,
        False,
        0,
    ),
    (
        "presentation",
        ("Présentation", "Voorstelling", "About us", "Über uns"),
        (
            "<p>Qui nous sommes et ce que nous faisons.</p>",
            "<p>Wie we zijn en wat we doen.</p>",
            "<p>Who we are and what we do.</p>",
            "<p>Wer wir sind und was wir tun.</p>",
        ),
        None,
        True,
        False,
        1,
    ),
    (
        "qui-sommes-nous",
        ("Qui sommes-nous ?", "Wie zijn we?", "Who are we?", "Wer sind wir?"),
        (
            "<p>Une soixantaine d'organisations : associations, réseaux, syndicats, "
            "universités.</p>",
            "<p>Een zestigtal organisaties: verenigingen, netwerken, vakbonden, "
            "universiteiten.</p>",
            "<p>Some sixty organisations: associations, networks, trade unions, "
            "universities.</p>",
            "<p>Rund sechzig Organisationen: Vereinigungen, Netzwerke, Gewerkschaften, "
            "Universitäten.</p>",
        ),
        "presentation",
        True,
        False,
        1,
    ),
    (
        "missions",
        ("Missions", "Opdrachten", "Our mission", "Auftrag"),
        (
            "<p>Plaider, informer, suivre les engagements, rassembler.</p>",
            "<p>Pleiten, informeren, engagementen opvolgen, samenbrengen.</p>",
            "<p>Advocate, inform, track commitments, bring people together.</p>",
            "<p>Sich einsetzen, informieren, Verpflichtungen verfolgen, "
            "zusammenbringen.</p>",
        ),
        "presentation",
        True,
        False,
        2,
    ),
    (
        "equipe",
        ("Équipe", "Team", "Team", "Team"),
        (
            "<p>L'équipe de coordination.</p>",
            "<p>Het coördinatieteam.</p>",
            "<p>The coordination team.</p>",
            "<p>Das Koordinationsteam.</p>",
        ),
        "presentation",
        True,
        False,
        3,
    ),
    (
        "mandats",
        ("Mandats", "Mandaten", "Mandates", "Mandate"),
        (
            "<p>Nos représentant·es dans les organes consultatifs.</p>",
            "<p>Onze vertegenwoordigers in de adviesorganen.</p>",
            "<p>Our representatives on advisory bodies.</p>",
            "<p>Unsere Vertreterinnen und Vertreter in beratenden Gremien.</p>",
        ),
        "presentation",
        True,
        False,
        4,
    ),
    (
        "histoire",
        ("Histoire", "Geschiedenis", "History", "Geschichte"),
        (
            "<p>2018 : naissance de la coalition. Depuis : mémorandum, Assises "
            "bruxelloises, conférence interministérielle.</p>",
            "<p>2018: de coalitie ontstaat. Sindsdien: memorandum, Brusselse "
            "Staten-Generaal, interministeriële conferentie.</p>",
            "<p>2018: the coalition is born. Since then: memorandum, the Brussels "
            "'Assises', the interministerial conference.</p>",
            "<p>2018: Gründung der Koalition. Seitdem: Memorandum, Brüsseler Assisen, "
            "interministerielle Konferenz.</p>",
        ),
        "presentation",
        True,
        False,
        5,
    ),
]

TEAM = [
    (
        "Nadia El Amrani",
        ("Coordinatrice", "Coördinator", "Coordinator", "Koordinatorin"),
    ),
    (
        "Tom Claes",
        (
            "Chargé de plaidoyer",
            "Beleidsmedewerker",
            "Advocacy officer",
            "Referent für politische Arbeit",
        ),
    ),
    (
        "Aïcha Diallo",
        ("Communication", "Communicatie", "Communications", "Kommunikation"),
    ),
]

NEWSLETTER = {
    "subject": (
        "Les nouvelles de la coalition",
        "Nieuws van de coalitie",
        "News from the coalition",
        "Neuigkeiten der Koalition",
    ),
    "introduction": (
        "Bonjour, voici nos nouvelles.",
        "Hallo, hier is ons nieuws.",
        "Hello, here is our news.",
        "Hallo, hier sind unsere Neuigkeiten.",
    ),
}
