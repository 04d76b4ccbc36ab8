"""The letters' PDF keeps every character the signers wrote."""

import io

from pypdf import PdfReader

from plaidoyer.campaigns.models import Action, Case
from plaidoyer.campaigns.pdf import letters_pdf

TEXT = "L’œuvre coûte 5 € … Łódź, Ștefan, Ğökçe, Ærøskøbing, „Grüße“"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_letters_pdf_keeps_non_latin1_characters():
    case = Case(name="Ana", addressee="Ministère — Ștefan cel Mare")
    letter = Action(letter=TEXT, name="Zoë Œdipe", share_name=True)
    text = _text(letters_pdf(case, [letter]))
    assert "?" not in text
    for word in ["L’œuvre", "€", "…", "Łódź", "Ștefan", "Ğökçe", "„Grüße“", "Zoë"]:
        assert word in text


def test_letters_pdf_without_letters_says_so():
    assert "Karim: no letter yet." in _text(letters_pdf(Case(name="Karim"), []))
