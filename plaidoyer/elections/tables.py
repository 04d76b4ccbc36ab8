"""The comparison's table body, written in Python.

Each cell gives the answer and its day and, when the party commented, the
comment in a ``<details>`` (its first COMMENT_PREVIEW characters, and a link to
the whole answer on the party's page when longer).

20 parties × 100 recommendations make 2,000 cells: through the template engine
that alone costs tens of milliseconds, here about two. Every value is escaped.
"""

from __future__ import annotations

from html import escape as quick_escape  # Django's escape() is this, made safe

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plaidoyer.core.templatetags.plaidoyer import longdate
from plaidoyer.core.translated import fallback, marked
from plaidoyer.core.urlmaker import url_maker

from .models import Pledge
from .selectors import COMMENT_PREVIEW, Comparison


def matrix_body(data: Comparison, *, embed: bool = False) -> SafeString:
    """The ``<tbody>`` rows: one per recommendation, one cell per party."""
    labels = {k: escape(str(v)) for k, v in Pledge.Answer.choices}
    none = escape(_("No answer"))
    comment = escape(_("comment"))
    full = escape(_("the whole answer"))
    target = ' target="_top"' if embed else ""
    # Relative links: the comparison is at …/pledges/<slug>/, its widget one level
    # further down; 2,000 cells of full addresses would double the page.
    up = "../" if embed else ""
    party_urls = [f"{up}parties/{escape(p.slug)}/" for p in data.parties]
    rec_url = url_maker("commitments:recommendation", "code")
    days: dict = {}
    out = []
    for rec, cells in data.rows:
        code = escape(rec.code)
        out.append(
            f'<tr id="rec-{code}"><th scope="row">'
            f'<a href="{escape(rec_url(rec.code))}"{target}>'
            f"{code}</a> {marked(*fallback(rec, 'title'))}</th>"
        )
        for index, cell in enumerate(cells):
            if cell is None:
                out.append(f'<td class="pledge-none">{none}</td>')
                continue
            answer, day, text = cell
            shown = days.get(day)
            if shown is None:
                shown = days[day] = (
                    f'<time datetime="{day.isoformat()}">{escape(longdate(day))}</time>'
                )
            if not text:
                out.append(f'<td class="pledge-{answer}">{labels[answer]} {shown}</td>')
                continue
            # The comment behind a disclosure (keyboard and screen readers know
            # it, no script): the table stays a table of answers at a glance.
            more = ""
            if len(text) > COMMENT_PREVIEW:
                text = text[:COMMENT_PREVIEW].rstrip() + "…"
                more = f' <a href="{party_urls[index]}#rec-{code}"{target}>{full}</a>'
            out.append(
                f'<td class="pledge-{answer}"><details><summary>{labels[answer]} '
                f"{shown} ({comment})</summary><p>{quick_escape(' '.join(text.split()))}"
                f"{more}</p></details></td>"
            )
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
