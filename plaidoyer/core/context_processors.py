from django.conf import settings


def site(request):
    from . import identity

    current = identity.get()
    return {
        "identity": current,
        "SITE_NAME": current.name,
        "SITE_URL": settings.SITE_URL,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
