"""The badge an awarded place can show on its website (SVG, no external fonts)."""

from html import escape

from .models import LabelApplication


def badge_svg(application: LabelApplication) -> str:
    name = escape(application.holder_name)
    # Cut before escaping: a cut inside "&amp;" would leave invalid XML.
    short_name = escape(application.holder_name[:28])
    label = escape(application.programme.name)
    year = application.year
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240"'
        f' role="img" aria-label="{label} {year}: {name}">'
        f"<title>{label} {year}: {name}</title>"
        '<circle cx="120" cy="120" r="114" fill="#163a69"/>'
        '<circle cx="120" cy="120" r="100" fill="none" stroke="#f2c14e" stroke-width="4"/>'
        '<path d="M120 52 l10 22 24 3 -18 16 5 24 -21-12 -21 12 5-24 -18-16 24-3z" '
        'fill="#f2c14e"/>'
        '<text x="120" y="150" text-anchor="middle" font-family="sans-serif" font-size="18" '
        f'font-weight="700" fill="#fff">{label}</text>'
        '<text x="120" y="174" text-anchor="middle" font-family="sans-serif" font-size="14" '
        f'fill="#fff">{short_name}</text>'
        '<text x="120" y="198" text-anchor="middle" font-family="sans-serif" font-size="16" '
        f'font-weight="700" fill="#f2c14e">{year}</text></svg>'
    )
