"""Periodic jobs of the help module."""

from plaidoyer.core import periodic

from . import services


@periodic.register("help.purge_testimonies")
def purge_testimonies() -> int:
    """Delete the personal data of testimonies closed beyond the retention time."""
    return services.purge_expired()
