"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Give each test an empty cache and its own media directory."""
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    from plaidoyer.accounts.models import User

    def make(email="person@example.org", **extra):
        extra.setdefault("password", "correct horse battery staple")
        return User.objects.create_user(email=email, **extra)

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user(
        "coordinator@example.org",
        is_coordinator=True,
        is_staff=True,
        full_name="Coordinator",
    )


@pytest.fixture
def platform_admin(make_user):
    return make_user(
        "admin@example.org", is_superuser=True, is_staff=True, is_coordinator=True
    )


@pytest.fixture
def theme(db):
    from plaidoyer.organisations.models import Theme

    return Theme.objects.create(
        slug="logement",
        name_fr="Logement",
        name_nl="Huisvesting",
        name_en="Housing",
        name_de="Wohnen",
    )


@pytest.fixture
def make_organisation(db, coordinator):
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.organisations.services import save_organisation
    from plaidoyer.places.models import Municipality

    def make(name="Maison de quartier", *, municipality="92094", themes=(), **fields):
        organisation = Organisation(
            name_fr=name,
            kind=fields.pop("kind", Organisation.Kind.ASSOCIATION),
            municipality=Municipality.objects.get(nis_code=municipality)
            if municipality
            else None,
            **fields,
        )
        return save_organisation(
            by=coordinator, organisation=organisation, themes=list(themes)
        )

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(
        "Centre d'Action Interculturelle",
        acronym="CAI",
        description_fr="Centre régional d'intégration.",
    )


@pytest.fixture
def staff_user(make_user, organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("staff@example.org", full_name="Staff Member")
    Staff.objects.create(user=user, organisation=organisation)
    return user
