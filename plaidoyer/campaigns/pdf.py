"""Letters bundled for delivery to the addressee."""

from collections.abc import Iterable

from django.conf import settings
from fpdf import FPDF

from .models import Action, Campaign, Case


def letters_pdf(case: Case, letters: Iterable[Action]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    # A Unicode TrueType font (DejaVu Sans, Debian's fonts-dejavu-core): the PDF
    # core fonts are Latin-1 and would turn ’ œ € ł ș ğ into "?".
    pdf.add_font("letter", fname=str(settings.PDF_FONT))
    pdf.set_font("letter", size=11)

    count = 0
    for action in letters:
        pdf.add_page()
        if case.addressee:
            pdf.multi_cell(0, 6, case.addressee, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        pdf.multi_cell(
            0,
            6,
            action.letter or case.letter_template_fr or "",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(8)
        if action.share_name:
            signature = action.name
            if action.municipality_id:
                signature += f", {action.municipality.name}"
            pdf.multi_cell(0, 6, signature, new_x="LMARGIN", new_y="NEXT")
        count += 1
    if count == 0:
        pdf.add_page()
        pdf.multi_cell(
            0, 6, f"{case.name}: no letter yet.", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


# The kit's languages, in the order its pages come: the platform's four.
KIT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def kit_pdf(
    campaign: Campaign, cases: Iterable[Case], headings: dict[str, str]
) -> bytes:
    """The letters of every case in every language, one page each, to copy out
    at a writing session. ``headings``: the label of each language, already in
    the reader's language."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("letter", fname=str(settings.PDF_FONT))
    pdf.set_title(campaign.title)

    def write(text: str, size: int = 11, gap: float = 4) -> None:
        pdf.set_font("letter", size=size)
        pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pages = 0
    for case in cases:
        for code in KIT_LANGUAGES:
            template = getattr(case, f"letter_template_{code}", "") or ""
            if not template.strip():
                continue
            pdf.add_page()
            write(f"{campaign.title} — {case.name} ({headings.get(code, code)})", 9)
            if case.addressee:
                write(case.addressee, gap=8)
            write(template)
            pages += 1
    if pages == 0:
        pdf.add_page()
        write(campaign.title, 14)
    return bytes(pdf.output())
