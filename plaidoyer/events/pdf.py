"""Attendance certificates as PDF files."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from plaidoyer.core import identity

from .models import Certificate


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y")


def _when(certificate: Certificate) -> list[str]:
    """One line per session, or the event's dates."""
    event = certificate.registration.event
    sittings = list(event.sessions.all()) or [event]
    lines = []
    for sitting in sittings:
        start = timezone.localtime(sitting.starts_at)
        end = timezone.localtime(sitting.ends_at)
        if start.date() == end.date():
            lines.append(
                f"{_day(start)}, {formats.time_format(start, 'H:i')}"
                f"–{formats.time_format(end, 'H:i')}"
            )
        else:
            lines.append(f"{_day(start)} – {_day(end)}")
    return lines


def _hours(certificate: Certificate) -> str:
    hours = certificate.hours
    if hours is None:
        return ""
    figure = formats.number_format(hours, decimal_pos=1 if hours % 1 else 0)
    return _("Duration: %(hours)s hours") % {"hours": figure}


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render ``certificate`` in the active language: who, what, when, how long,
    who organised it, and the address (and QR code) that proves it genuine."""
    import segno

    registration = certificate.registration
    event = registration.event
    verify_url = settings.SITE_URL + certificate.get_absolute_url()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    # A Unicode TrueType font: the core PDF fonts would turn ł ș ğ œ into "?".
    pdf.add_font("text", fname=str(settings.PDF_FONT))
    pdf.set_title(_("Attendance certificate"))
    pdf.set_author(identity.get().name)
    pdf.add_page()

    def line(text: str, size: int, gap: float = 4, align: str = "C") -> None:
        pdf.set_font("text", size=size)
        pdf.multi_cell(0, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.ln(16)
    line(identity.get().name, 12, 14)
    line(_("Attendance certificate"), 24, 14)
    line(_("This certifies that"), 12, 4)
    line(certificate.name, 20, 8)
    line(_("took part in"), 12, 4)
    line(event.title, 16, 6)
    line(event.get_kind_display(), 11, 8)
    for sitting in _when(certificate):
        line(sitting, 11, 1)
    pdf.ln(4)
    if hours := _hours(certificate):
        line(hours, 11, 4)
    organisers = ", ".join(o.name for o in event.organisers.all())
    if organisers:
        line(_("Organised by %(organisers)s") % {"organisers": organisers}, 11, 12)
    issued = _("Issued on %(date)s") % {"date": _day(certificate.issued_at)}
    line(issued, 10, 10)

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=4, border=1)
    qr.seek(0)
    pdf.image(qr, x=(pdf.w - 35) / 2, w=35)
    pdf.ln(4)
    line(_("Check that this certificate is genuine:"), 9, 1)
    line(verify_url, 9, 1)
    return bytes(pdf.output())
