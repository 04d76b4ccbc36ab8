from . import selectors


def site_menu(request):
    """The editable menu and footer pages, cached until a page changes."""
    return {"menu_pages": selectors.menu, "footer_pages": selectors.footer_pages}
