import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plaidoyer.core.models import AuditLog
from plaidoyer.organisations import services
from plaidoyer.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_coordinator_creates_organisation_with_slug_search_text_and_audit(
    coordinator, theme
):
    org = services.save_organisation(
        by=coordinator,
        organisation=Organisation(name_fr="Ligue des Droits", kind="association"),
        themes=[theme],
    )
    assert org.slug == "ligue-des-droits"
    assert " ligue des droits " in org.search_text
    assert org.sort_name == "ligue des droits"
    entry = AuditLog.objects.get(action="organisations.create")
    assert entry.actor == coordinator
    assert entry.after["name_fr"] == "Ligue des Droits"
    assert entry.after["themes"] == ["logement"]


def test_slugs_stay_unique(make_organisation):
    first = make_organisation("Collectif Liège")
    second = make_organisation("Collectif Liège")
    assert first.slug == "collectif-liege"
    assert second.slug == "collectif-liege-2"


def test_staff_cannot_create_organisations(staff_user):
    with pytest.raises(PermissionDenied):
        services.save_organisation(
            by=staff_user, organisation=Organisation(name_fr="X", kind="association")
        )


def test_staff_updates_own_profile_and_audit_records_before_and_after(
    staff_user, organisation
):
    services.update_profile(
        by=staff_user,
        organisation=organisation,
        changes={
            "description_nl": "Regionaal integratiecentrum.",
            "website": "https://cai.be",
        },
        themes=[],
        languages=[],
        contacts=[
            services.ContactChange(
                id=None, name="Claire", email="claire@cai.be", is_public=True
            )
        ],
    )
    organisation.refresh_from_db()
    assert organisation.description_nl == "<p>Regionaal integratiecentrum.</p>"
    assert organisation.contacts.get().email == "claire@cai.be"
    entry = AuditLog.objects.filter(action="organisations.update").latest("id")
    assert entry.actor == staff_user
    assert entry.before["website"] == ""
    assert entry.after["website"] == "https://cai.be"
    assert "name_fr" not in entry.after  # only what changed


def test_staff_cannot_update_another_organisation(staff_user, make_organisation):
    other = make_organisation("Autre association")
    with pytest.raises(PermissionDenied):
        services.update_profile(
            by=staff_user,
            organisation=other,
            changes={"website": "https://evil.example"},
            themes=[],
            languages=[],
            contacts=[],
        )
    other.refresh_from_db()
    assert other.website == ""


def test_profile_update_is_all_or_nothing(staff_user, organisation, make_organisation):
    other = make_organisation("Autre association")
    from plaidoyer.organisations.models import Contact

    contact = Contact.objects.create(organisation=other, name="Someone else")
    with pytest.raises(ValidationError):
        services.update_profile(
            by=staff_user,
            organisation=organisation,
            changes={"website": "https://new.be"},
            themes=[],
            languages=[],
            contacts=[services.ContactChange(id=contact.pk, name="Hijacked")],
        )
    organisation.refresh_from_db()
    contact.refresh_from_db()
    assert organisation.website == ""
    assert contact.name == "Someone else"


def test_update_profile_rejects_fields_outside_the_profile(staff_user, organisation):
    with pytest.raises(ValidationError):
        services.update_profile(
            by=staff_user,
            organisation=organisation,
            changes={"is_published": False},
            themes=[],
            languages=[],
            contacts=[],
        )


def test_membership_links_member_to_network(coordinator, make_organisation):
    network = make_organisation("Coalition", kind="network")
    member = make_organisation("Membre")
    services.add_membership(
        by=coordinator, member=member, network=network, role="member"
    )
    assert list(network.members.all()) == [member]
    with pytest.raises(ValidationError):
        services.add_membership(by=coordinator, member=network, network=network)
    assert AuditLog.objects.filter(action="organisations.add_membership").count() == 1


def test_staff_cannot_manage_memberships(staff_user, organisation, make_organisation):
    network = make_organisation("Coalition", kind="network")
    with pytest.raises(PermissionDenied):
        services.add_membership(by=staff_user, member=organisation, network=network)
    assert not Membership.objects.exists()
