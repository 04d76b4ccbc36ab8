from plaidoyer.core import versions

from . import selectors
from .services import SITE


def site_menu(request):
    """The editable menu and footer pages, and the version the footer's cache
    fragment is keyed on (base.html): the pages are read only when it moves."""
    version = versions.current(SITE)
    return {
        "menu_pages": lambda: selectors.menu(version),
        "footer_pages": lambda: selectors.footer_pages(version),
        "site_version": version,
    }
