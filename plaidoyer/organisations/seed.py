"""The managed lists a fresh installation starts with (editable in the admin)."""

THEMES = [
    # slug, fr, nl, en, de
    ("asile", "Asile", "Asiel", "Asylum", "Asyl"),
    ("citoyennete", "Citoyenneté", "Burgerschap", "Citizenship", "Bürgerschaft"),
    ("diversite", "Diversité", "Diversiteit", "Diversity", "Vielfalt"),
    (
        "fle-alphabetisation",
        "FLE et alphabétisation",
        "Frans als vreemde taal en alfabetisering",
        "French as a foreign language and literacy",
        "Französisch als Fremdsprache und Alphabetisierung",
    ),
    (
        "interculturalite",
        "Interculturalité",
        "Interculturaliteit",
        "Interculturality",
        "Interkulturalität",
    ),
    ("logement", "Logement", "Huisvesting", "Housing", "Wohnen"),
    (
        "lutte-contre-le-racisme",
        "Lutte contre le racisme",
        "Strijd tegen racisme",
        "Fight against racism",
        "Kampf gegen Rassismus",
    ),
    (
        "mena",
        "Mineurs étrangers non accompagnés (MENA)",
        "Niet-begeleide minderjarige vreemdelingen",
        "Unaccompanied minors",
        "Unbegleitete minderjährige Ausländer",
    ),
    (
        "migrants-en-transit",
        "Migrants en transit",
        "Transmigranten",
        "Migrants in transit",
        "Migranten im Transit",
    ),
    ("migrations", "Migrations", "Migratie", "Migration", "Migration"),
    ("mobilite", "Mobilité", "Mobiliteit", "Mobility", "Mobilität"),
    (
        "sans-papiers",
        "Sans-papiers",
        "Mensen zonder papieren",
        "Undocumented people",
        "Menschen ohne Papiere",
    ),
    ("sante", "Santé", "Gezondheid", "Health", "Gesundheit"),
    (
        "socio-juridique",
        "Socio-juridique",
        "Sociaal-juridisch",
        "Socio-legal",
        "Sozialrechtliches",
    ),
    ("volontariat", "Volontariat", "Vrijwilligerswerk", "Volunteering", "Ehrenamt"),
]

LANGUAGES = [
    ("fr", "français", "Frans", "French", "Französisch"),
    ("nl", "néerlandais", "Nederlands", "Dutch", "Niederländisch"),
    ("de", "allemand", "Duits", "German", "Deutsch"),
    ("en", "anglais", "Engels", "English", "Englisch"),
    ("ar", "arabe", "Arabisch", "Arabic", "Arabisch"),
    ("tr", "turc", "Turks", "Turkish", "Türkisch"),
    ("es", "espagnol", "Spaans", "Spanish", "Spanisch"),
    ("ro", "roumain", "Roemeens", "Romanian", "Rumänisch"),
    ("rom", "romani", "Romani", "Romani", "Romani"),
    ("fa", "persan", "Perzisch", "Persian", "Persisch"),
    ("ps", "pachto", "Pasjtoe", "Pashto", "Paschtu"),
    ("uk", "ukrainien", "Oekraïens", "Ukrainian", "Ukrainisch"),
    ("sgn-be", "langue des signes", "gebarentaal", "sign language", "Gebärdensprache"),
]
