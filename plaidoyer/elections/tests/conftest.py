import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def election(barometer):
    from plaidoyer.elections.models import Constituency, Election, Party

    election = Election.objects.create(
        slug="federales-2029",
        title_fr="Élections fédérales 2029",
        title_de="Föderalwahlen 2029",
        date=datetime.date(2029, 6, 10),
        level="federal",
    )
    Constituency.objects.create(
        election=election, slug="liege", name_fr="Liège", name_de="Lüttich"
    )
    Party.objects.create(
        election=election, slug="alpha", name="Alpha", email="alpha@example.org"
    )
    Party.objects.create(
        election=election,
        slug="beta",
        name="Beta",
        email="beta@example.org",
        language="de",
        position=2,
    )
    return election


@pytest.fixture
def pledge_campaign(election, barometer):
    from plaidoyer.elections.models import PledgeCampaign

    campaign = PledgeCampaign.objects.create(
        election=election,
        slug="engagements-2029",
        title_fr="Vos engagements 2029",
        title_de="Ihre Zusagen 2029",
        deadline=timezone.now() + datetime.timedelta(days=20),
    )
    campaign.recommendations.set(barometer["recs"].values())
    return campaign


@pytest.fixture
def links(pledge_campaign, coordinator):
    """One sent link per party: {"alpha": link, "beta": link}."""
    from plaidoyer.elections import services

    sent = services.send_links(by=coordinator, campaign=pledge_campaign)
    return {link.party.slug: link for link in sent}


@pytest.fixture
def token(links):
    from plaidoyer.elections import services

    return {slug: services.link_token(link) for slug, link in links.items()}
