from plaidoyer.core import versions
from plaidoyer.core.versions import Version

from . import selectors


def site_menu(request):
    """The editable menu and footer pages, and the version the footer's cache
    fragment is keyed on (base.html): the pages are read only when it moves."""
    version = versions.current(Version.SITE)
    return {
        "menu_pages": lambda: selectors.menu(version),
        "footer_pages": lambda: selectors.footer_pages(version),
        "site_version": version,
    }
