from django.conf import settings


def site(request):
    # The identity (and the name it gives the site) comes with the menu:
    # news.context_processors.site_menu, which reads the site's version once.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
