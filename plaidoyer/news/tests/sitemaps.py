"""Read the sitemap the way a crawler does: the index, then each page it lists."""

import re
from urllib.parse import urlsplit


def section_pages(client) -> list[str]:
    """The path (and query) of each section page the index lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    pages = []
    for url in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        parts = urlsplit(url.replace("&amp;", "&"))
        pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def sitemap_text(client) -> str:
    """Every section page the index lists, one after the other."""
    bodies = []
    for page in section_pages(client):
        response = client.get(page)
        assert response.status_code == 200, page
        bodies.append(response.content.decode())
    return "\n".join(bodies)
