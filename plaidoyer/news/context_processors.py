from plaidoyer.core import identity, versions
from plaidoyer.core.versions import Version

from . import selectors


def site_menu(request):
    """The editable menu and footer pages, and the version the footer's cache
    fragment is keyed on (base.html): the pages are read only when it moves."""
    version = versions.current(Version.SITE)
    current = getattr(request, "site_identity", None) or identity.get(version)
    return {
        "identity": current,
        "SITE_NAME": current.name,
        "menu_pages": lambda: selectors.menu(version),
        "main_menu": lambda: selectors.main_menu(version),
        "footer_pages": lambda: selectors.footer_pages(version),
        "site_version": version,
    }
