"""The read-only JSON API: one django-ninja router per app under /api/v1/."""

from ninja import NinjaAPI

from plaidoyer.campaigns.api import router as campaigns_router
from plaidoyer.commitments.api import router as commitments_router
from plaidoyer.elections.api import router as elections_router
from plaidoyer.events.api import router as events_router
from plaidoyer.help.api import router as help_router
from plaidoyer.organisations.api import router as organisations_router
from plaidoyer.places.api import router as places_router
from plaidoyer.processes.api import router as processes_router

api = NinjaAPI(
    title="Plaidoyer API",
    version="1",
    description=(
        "Read-only open data of this coalition: member organisations, themes, Belgian "
        "places, the memorandum and the barometer of commitments. Names and "
        "descriptions come in the language of the `Accept-Language` header (fr, nl, "
        "en, de; French when missing)."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", organisations_router)
api.add_router("/places", places_router)
api.add_router("/barometer", commitments_router)
api.add_router("", events_router)
api.add_router("", campaigns_router)
api.add_router("", processes_router)
api.add_router("", help_router)
api.add_router("", elections_router)
