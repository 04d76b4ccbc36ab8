"""The comparison's table body, written in Python.

20 parties × 100 recommendations make 2,000 cells: through the template engine
that alone costs tens of milliseconds, here about two. Every value is escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plaidoyer.core.templatetags.plaidoyer import longdate
from plaidoyer.core.translated import fallback, marked

from .models import Pledge
from .selectors import Comparison


def matrix_body(data: Comparison, *, embed: bool = False) -> SafeString:
    """The ``<tbody>`` rows: one per recommendation, one cell per party."""
    labels = {k: escape(str(v)) for k, v in Pledge.Answer.choices}
    none = escape(_("No answer"))
    comment = escape(_("comment"))
    target = ' target="_top"' if embed else ""
    # Relative links: the comparison is at …/pledges/<slug>/, its widget one level
    # further down; 2,000 cells of full addresses would double the page.
    up = "../" if embed else ""
    party_urls = [f"{up}parties/{escape(p.slug)}/" for p in data.parties]
    days: dict = {}
    out = []
    for rec, cells in data.rows:
        code = escape(rec.code)
        out.append(
            f'<tr id="rec-{code}"><th scope="row">'
            f'<a href="{escape(rec.get_absolute_url())}"{target}>'
            f"{code}</a> {marked(*fallback(rec, 'title'))}</th>"
        )
        for index, cell in enumerate(cells):
            if cell is None:
                out.append(f'<td class="pledge-none">{none}</td>')
                continue
            answer, day, has_comment = cell
            shown = days.get(day)
            if shown is None:
                shown = days[day] = (
                    f'<time datetime="{day.isoformat()}">{escape(longdate(day))}</time>'
                )
            note = (
                f' <a href="{party_urls[index]}#rec-{code}"{target}>({comment})</a>'
                if has_comment
                else ""
            )
            out.append(
                f'<td class="pledge-{answer}">{labels[answer]} {shown}{note}</td>'
            )
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
