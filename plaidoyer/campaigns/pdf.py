"""Letters bundled for delivery to the addressee."""

from collections.abc import Iterable

from fpdf import FPDF

from .models import Action, Case


def letters_pdf(case: Case, letters: Iterable[Action]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_font("helvetica", size=11)

    def text(value: str) -> str:
        # The core PDF fonts are Latin-1; anything else is replaced, never an error.
        return value.encode("latin-1", "replace").decode("latin-1")

    count = 0
    for action in letters:
        pdf.add_page()
        if case.addressee:
            pdf.multi_cell(0, 6, text(case.addressee), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        pdf.multi_cell(
            0,
            6,
            text(action.letter or case.letter_template_fr or ""),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(8)
        if action.share_name:
            signature = action.name
            if action.municipality_id:
                signature += f", {action.municipality.name}"
            pdf.multi_cell(0, 6, text(signature), new_x="LMARGIN", new_y="NEXT")
        count += 1
    if count == 0:
        pdf.add_page()
        pdf.multi_cell(
            0, 6, text(f"{case.name}: no letter yet."), new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())
