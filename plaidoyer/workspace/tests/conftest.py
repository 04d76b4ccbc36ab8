import pytest

from plaidoyer.organisations.models import Staff


@pytest.fixture
def other_organisation(make_organisation):
    return make_organisation("Ligue des droits", municipality="21004")


@pytest.fixture
def other_staff(make_user, other_organisation):
    user = make_user("other@example.org", full_name="Other Staff")
    Staff.objects.create(user=user, organisation=other_organisation)
    return user


@pytest.fixture
def as_role(client, coordinator, staff_user, other_staff):
    """Log ``client`` in as one of the four roles of the permission matrix."""

    def login(role):
        client.logout()
        user = {
            "anonymous": None,
            "staff_a": staff_user,
            "staff_b": other_staff,
            "coordinator": coordinator,
        }[role]
        if user is not None:
            client.force_login(user)
        return client

    return login
