import datetime

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from plaidoyer.commitments import services as commitment_services
from plaidoyer.commitments.models import (
    Commitment,
    Follower,
    StatusUpdate,
)
from plaidoyer.replies import selectors, services, tasks
from plaidoyer.replies.models import Invitation, Reply, UpdateRequest

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><b>bold</b>'


def _commitment(barometer, coordinator, authority="namur", title="Logement"):
    return commitment_services.create_commitment(
        by=coordinator,
        authority=barometer[authority],
        recommendations=[
            barometer["recs"]["LOG-01" if authority == "namur" else "EMP-02"]
        ],
        title=title,
        committed_on=datetime.date(2024, 1, 1),
    )


# --- Links ----------------------------------------------------------------------------


def test_invitation_is_emailed_in_the_contacts_language_and_opens_once(
    client, contacts, invite
):
    path = invite(contacts["namur"])
    message = mail.outbox[-1]
    assert message.to == ["jan@namur.example.org"]
    assert path.startswith("/nl/replies/link/")
    assert "Schepen Jan Peeters" in message.body
    # GET only shows a button (mail scanners open links): the link stays unused.
    assert client.get(path).status_code == 200
    assert Invitation.objects.get().used_at is None
    response = client.post(path)
    assert response.status_code == 302
    assert client.get("/nl/replies/space/").status_code == 200
    # Replayed: from the same browser or another, it does nothing.
    assert client.post(path).status_code == 404
    other = Client()
    assert other.post(path).status_code == 404
    assert other.get("/nl/replies/space/").status_code == 403


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "1.abc:forged",
        signing.Signer(salt="another.salt").sign("1.secret"),
        "x" * 5000,
    ],
)
def test_forged_links_do_nothing(client, contacts, invite, token):
    invite(contacts["namur"])
    assert client.get(f"/fr/replies/link/{token}/").status_code == 404
    assert client.post(f"/fr/replies/link/{token}/").status_code == 404
    assert Invitation.objects.get().used_at is None
    assert client.get("/fr/replies/space/").status_code == 403


def test_a_correctly_signed_link_with_a_wrong_secret_does_nothing(
    client, contacts, invite
):
    invite(contacts["namur"])
    invitation = Invitation.objects.get()
    token = services.make_token(invitation, "guessed-secret")
    assert client.post(f"/fr/replies/link/{token}/").status_code == 404
    assert Invitation.objects.get().used_at is None


def test_expired_and_revoked_links_do_nothing(client, contacts, invite, coordinator):
    path = invite(contacts["namur"])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(path).status_code == 404
    path = invite(contacts["namur"])
    services.revoke_invitation(by=coordinator, invitation=Invitation.objects.first())
    assert client.post(path).status_code == 404
    assert not Invitation.objects.filter(used_at__isnull=False).exists()


def test_revoking_an_opened_link_closes_the_space(
    client, contacts, open_space, coordinator
):
    open_space(client, contacts["namur"])
    assert client.get("/fr/replies/space/").status_code == 200
    services.revoke_invitation(by=coordinator, invitation=Invitation.objects.get())
    assert client.get("/fr/replies/space/").status_code == 403


def test_a_stopped_contact_can_no_longer_answer(
    client, contacts, open_space, coordinator
):
    open_space(client, contacts["namur"])
    services.deactivate_contact(by=coordinator, contact=contacts["namur"])
    assert client.get("/fr/replies/space/").status_code == 403


# --- Scope: a contact of A never answers for B ----------------------------------------


def test_contact_of_one_authority_cannot_reply_for_another(
    client, barometer, coordinator, contacts, open_space
):
    own = _commitment(barometer, coordinator, "namur")
    foreign = barometer["commitment"]  # the federal government's
    open_space(client, contacts["namur"])
    data = {"status": "implemented", "comment": "Fait."}
    for path in [
        f"/fr/replies/space/commitments/{foreign.pk}/",
        "/fr/replies/space/commitments/999999/",
        "/fr/replies/space/commitments/99999999999999999999999/",
        "/fr/replies/space/recommendations/EMP-01/",  # a federal recommendation
        "/fr/replies/space/recommendations/NOPE-99/",
        "/fr/replies/space/recommendations/%3Cb%3E/",
    ]:
        assert client.get(path).status_code == 404, path
        assert client.post(path, data).status_code == 404, path
    assert not Reply.objects.exists()
    page = client.get("/fr/replies/space/").content.decode()
    assert own.title in page and foreign.title not in page


def test_the_service_refuses_another_authoritys_commitment(
    barometer, contacts, open_space, client
):
    open_space(client, contacts["namur"])
    invitation = Invitation.objects.get()
    with pytest.raises(Exception) as exc:
        services.submit_reply(
            invitation=invitation,
            commitment=barometer["commitment"],
            status="implemented",
            comment="x",
        )
    assert exc.type.__name__ == "PermissionDenied"
    assert not Reply.objects.exists()


# --- Reply, moderation, publication ---------------------------------------------------


def test_reply_is_published_beside_the_coalitions_view_once_accepted(
    client,
    barometer,
    coordinator,
    contacts,
    open_space,
    django_capture_on_commit_callbacks,
):
    commitment = barometer["commitment"]
    follower = Follower.objects.create(
        recommendation=barometer["recs"]["EMP-01"],
        email="fan@example.org",
        language="nl",
        confirmed_at=timezone.now(),
    )
    open_space(client, contacts["government"])
    response = client.post(
        f"/fr/replies/space/commitments/{commitment.pk}/",
        {
            "status": "in_progress",
            "progress": "40",
            "comment": "Les tests commencent en mars.",
            "response": "Le budget est voté.",
            "evidence_url": "https://www.example.org/budget",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == Reply.State.PENDING
    assert reply.authority == barometer["government"]
    assert UpdateRequest.objects.count() == 0
    # Not public before a coordinator accepts it.
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Les tests commencent en mars." not in page
    assert selectors.pending_reply_count() == 1

    staff = Client()
    staff.force_login(coordinator)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            staff.post(f"/fr/replies/manage/replies/{reply.pk}/accept/").status_code
            == 302
        )
    reply.refresh_from_db()
    assert reply.state == Reply.State.ACCEPTED and reply.moderated_by == coordinator
    update = reply.update
    assert update.source == StatusUpdate.Source.AUTHORITY
    assert update.status == "in_progress" and update.progress == 40
    commitment.refresh_from_db()
    assert commitment.authority_status == "in_progress"
    assert commitment.status == "announced"  # the coalition's view is unchanged
    page = Client().get(commitment.get_absolute_url()).content.decode()
    assert "Les tests commencent en mars." in page
    assert "Claire Dubois" in page  # who sent it
    assert "www.example.org/budget" in page
    authority_page = (
        Client().get("/fr/authorities/gouvernement-federal/").content.decode()
    )
    assert "Claire Dubois" in authority_page
    history = Client().get("/fr/replies/authorities/gouvernement-federal/")
    assert "Le budget est voté." in history.content.decode()
    # The follower of the recommendation hears of it, once.
    to_follower = [m for m in mail.outbox[sent:] if m.to == ["fan@example.org"]]
    assert len(to_follower) == 1 and follower.token in to_follower[0].body
    tasks.notify_reply_published.call(reply_id=reply.pk)
    assert len([m for m in mail.outbox if m.to == ["fan@example.org"]]) == 1
    # Accepting twice publishes nothing more.
    staff.post(f"/fr/replies/manage/replies/{reply.pk}/accept/")
    assert StatusUpdate.objects.filter(source="authority").count() == 1


def test_reply_on_a_recommendation_of_the_level_is_shown_on_its_page(
    client, barometer, coordinator, contacts, open_space
):
    open_space(client, contacts["namur"])
    response = client.post(
        "/nl/replies/space/recommendations/log-01/",
        {"status": "announced", "comment": "Een controleplan volgt."},
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.recommendation == barometer["recs"]["LOG-01"]
    services.accept_reply(by=coordinator, reply=reply)
    page = Client().get("/nl/recommendations/LOG-01/").content.decode()
    assert "Een controleplan volgt." in page


def test_refusal_needs_a_reason_and_emails_it_to_the_sender(
    client,
    barometer,
    coordinator,
    contacts,
    open_space,
    django_capture_on_commit_callbacks,
):
    open_space(client, contacts["government"])
    client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        {"status": "implemented", "comment": "Tout est fait."},
    )
    reply = Reply.objects.get()
    staff = Client()
    staff.force_login(coordinator)
    for reason in ["", "   ", "x" * 100_000]:
        response = staff.post(
            f"/fr/replies/manage/replies/{reply.pk}/refuse/", {"reason": reason}
        )
        assert response.status_code == 400
        assert "error-summary" in response.content.decode()
    reply.refresh_from_db()
    assert reply.state == Reply.State.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/fr/replies/manage/replies/{reply.pk}/refuse/",
            {"reason": "Aucune preuve jointe."},
        )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.state == Reply.State.REFUSED
    message = mail.outbox[-1]
    assert message.to == ["claire@gov.example.org"]
    assert "Aucune preuve jointe." in message.body
    # The refused reply is not published and the contact sees why.
    assert not StatusUpdate.objects.filter(source="authority").exists()
    assert "Aucune preuve jointe." in client.get("/fr/replies/space/").content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "implemented"},  # says nothing
        {"status": "nonsense", "comment": "x"},
        {"status": "implemented", "comment": "x" * 100_000},
        {"status": "implemented", "response": "x" * 100_000},
        {"status": "implemented", "progress": "101", "comment": "x"},
        {"status": "implemented", "progress": "abc", "comment": "x"},
        {"status": "implemented", "evidence_url": "javascript:alert(1)"},
        {"status": "implemented", "evidence_url": "https://e.org/" + "a" * 600},
    ],
)
def test_bad_replies_are_refused_with_a_message(
    client, barometer, contacts, open_space, data
):
    open_space(client, contacts["government"])
    response = client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/", data
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Reply.objects.exists()


def test_markup_is_escaped_in_pages_feeds_and_exports(
    client, barometer, coordinator, contacts, open_space
):
    open_space(client, contacts["government"])
    client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        {"status": "in_progress", "comment": MARKUP, "response": MARKUP},
    )
    reply = Reply.objects.get()
    staff = Client()
    staff.force_login(coordinator)
    moderation = staff.get("/fr/replies/manage/moderation/").content.decode()
    assert "<script>alert" not in moderation and "&lt;script&gt;" in moderation
    services.accept_reply(by=coordinator, reply=reply)
    visitor = Client()
    for path in [
        barometer["commitment"].get_absolute_url(),
        "/fr/authorities/gouvernement-federal/",
        "/fr/replies/authorities/gouvernement-federal/",
        "/fr/recommendations/EMP-01/",
        "/fr/barometer/",
        "/fr/barometer/widget/?authority=gouvernement-federal",
        "/fr/barometer/feed/",
    ]:
        body = visitor.get(path).content.decode()
        assert "<script>alert" not in body, path
    response = visitor.get("/fr/barometer/updates.csv")
    csv = b"".join(response.streaming_content).decode()
    assert "<b>bold</b>" in csv  # CSV is data, not HTML: kept verbatim, quoted


# --- Asking for news ------------------------------------------------------------------


def test_request_reaches_every_contact_and_reminds_those_who_do_not_answer(
    client,
    barometer,
    coordinator,
    contacts,
    open_space,
    django_capture_on_commit_callbacks,
):
    _commitment(barometer, coordinator, "namur")
    services.add_contact(
        by=coordinator,
        authority=barometer["namur"],
        name="Second",
        role="",
        email="second@namur.example.org",
        language="de",
    )
    staff = Client()
    staff.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/fr/replies/manage/requests/", {"kind": "yearly", "remind_after_days": "7"}
        )
    assert response.status_code == 302
    assert UpdateRequest.objects.count() == 2  # both authorities have open commitments
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "claire@gov.example.org",
        "jan@namur.example.org",
        "second@namur.example.org",
    ]
    # The federal government answers; Namur does not.
    path = next(m for m in mail.outbox if m.to == ["claire@gov.example.org"])
    from plaidoyer.replies.tests.conftest import link_path

    assert client.post(link_path(path)).status_code == 302
    client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        {"status": "in_progress", "comment": "En cours."},
    )
    answered = UpdateRequest.objects.get(authority=barometer["government"])
    assert answered.answered_at is not None
    mail.outbox.clear()
    assert tasks.send_reminders() == 0  # not yet
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders(now=later) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jan@namur.example.org",
        "second@namur.example.org",
    ]
    assert tasks.send_reminders(now=later) == 0  # once only
    # The barometer and the authority pages show asked on / answered on / rate.
    rates = {r["authority"].slug: r for r in selectors.response_rates()}
    assert rates["gouvernement-federal"]["rate"] == 100
    assert rates["ville-de-namur"]["rate"] == 0
    body = Client().get("/en/barometer/").content.decode()
    assert "responses-title" in body and "100 %" in body
    body = Client().get("/en/authorities/ville-de-namur/").content.decode()
    assert "response-summary" in body and "0 %" in body


def test_authorities_without_open_commitments_or_contacts_are_not_asked(
    barometer, coordinator, contacts
):
    Commitment.objects.update(status="implemented")
    assert services.request_updates(by=coordinator, kind="ad_hoc") == []


# --- Permission matrix ----------------------------------------------------------------

COORDINATOR_GETS = [
    "/fr/replies/manage/",
    "/fr/replies/manage/moderation/",
    "/fr/replies/manage/authorities/ville-de-namur/",
]


def _posts(barometer, contacts):
    invitation = Invitation.objects.first()
    reply = Reply.objects.first()
    return [
        ("/fr/replies/manage/requests/", {"kind": "ad_hoc", "remind_after_days": "3"}),
        (f"/fr/replies/manage/replies/{reply.pk}/refuse/", {"reason": "Non."}),
        (f"/fr/replies/manage/replies/{reply.pk}/accept/", {}),
        (
            "/fr/replies/manage/authorities/ville-de-namur/contacts/add/",
            {"name": "N", "email": "n@example.org", "language": "fr"},
        ),
        (f"/fr/replies/manage/contacts/{contacts['namur'].pk}/invite/", {}),
        (f"/fr/replies/manage/contacts/{contacts['namur'].pk}/deactivate/", {}),
        (f"/fr/replies/manage/invitations/{invitation.pk}/revoke/", {}),
    ]


@pytest.fixture
def pending(client, barometer, contacts, open_space):
    open_space(client, contacts["government"])
    client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        {"status": "implemented", "comment": "x"},
    )
    return Reply.objects.get()


@pytest.mark.parametrize("who", ["anonymous", "contact_a", "contact_b", "staff"])
def test_only_coordinators_reach_the_coordinators_pages(
    who, barometer, contacts, pending, open_space, staff_user
):
    visitor = Client()
    if who == "staff":
        visitor.force_login(staff_user)
    elif who == "contact_a":
        open_space(visitor, contacts["government"])
    elif who == "contact_b":
        open_space(visitor, contacts["namur"])
    expected = 403 if who == "staff" else 302
    for path in COORDINATOR_GETS:
        response = visitor.get(path)
        assert response.status_code == expected, (who, path)
        if expected == 302:
            assert "/accounts/login/" in response["Location"]
    for path, data in _posts(barometer, contacts):
        response = visitor.post(path, data)
        assert response.status_code == expected, (who, path)
    pending.refresh_from_db()
    assert pending.state == Reply.State.PENDING
    assert UpdateRequest.objects.count() == 0
    assert not Invitation.objects.filter(revoked_at__isnull=False).exists()


def test_coordinator_manages_contacts_and_sees_the_pages(
    barometer, contacts, pending, coordinator
):
    staff = Client()
    staff.force_login(coordinator)
    for path in COORDINATOR_GETS:
        assert staff.get(path).status_code == 200, path
    assert (
        "Claire Dubois" in staff.get("/fr/replies/manage/moderation/").content.decode()
    )
    for path, data in _posts(barometer, contacts):
        assert staff.post(path, data).status_code == 302, path


@pytest.mark.parametrize("who", ["anonymous", "staff", "coordinator"])
def test_the_reply_space_needs_a_contacts_link(
    who, barometer, contacts, staff_user, coordinator
):
    visitor = Client()
    if who == "staff":
        visitor.force_login(staff_user)
    elif who == "coordinator":
        visitor.force_login(coordinator)
    for path in [
        "/fr/replies/space/",
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        "/fr/replies/space/recommendations/EMP-01/",
    ]:
        assert visitor.get(path).status_code == 403, path
        assert (
            visitor.post(path, {"status": "implemented", "comment": "x"}).status_code
            == 403
        )
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/fr/replies/manage/replies/999999/accept/",
        "/fr/replies/manage/replies/abc/refuse/",
        "/fr/replies/manage/replies/99999999999999999999999/accept/",
        "/fr/replies/manage/contacts/999999/invite/",
        "/fr/replies/manage/invitations/999999/revoke/",
        "/fr/replies/manage/authorities/nope/contacts/add/",
    ],
)
def test_forged_ids_are_404_for_coordinators(path, coordinator, barometer):
    staff = Client()
    staff.force_login(coordinator)
    assert staff.post(path, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "x" * 100_000, "email": "a@example.org", "language": "fr"},
        {"name": MARKUP, "email": "not an address", "language": "fr"},
        {"name": "N", "email": "a@example.org", "language": "xx"},
        {"name": "N", "email": "jan@namur.example.org", "language": "fr"},  # twice
    ],
)
def test_bad_contacts_are_refused_with_a_message(data, coordinator, contacts):
    staff = Client()
    staff.force_login(coordinator)
    response = staff.post(
        "/fr/replies/manage/authorities/ville-de-namur/contacts/add/", data
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert contacts["namur"].authority.contacts.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "nope", "remind_after_days": "3"},
        {"kind": "yearly", "remind_after_days": "0"},
    ],
)
def test_bad_requests_for_news_are_refused(data, coordinator, contacts):
    staff = Client()
    staff.force_login(coordinator)
    response = staff.post("/fr/replies/manage/requests/", data)
    assert response.status_code == 400
    assert not UpdateRequest.objects.exists()


# --- The authority page: constant queries ---------------------------------------------


def _replies(barometer, coordinator, contact, n):
    invitation = Invitation.objects.create(
        contact=contact,
        secret_hash=f"h{n}-{Commitment.objects.count()}",
        expires_at=timezone.now() + datetime.timedelta(days=1),
        used_at=timezone.now(),
    )
    for i in range(n):
        commitment = _commitment(barometer, coordinator, "namur", title=f"C{i}")
        reply = services.submit_reply(
            invitation=invitation,
            commitment=commitment,
            status="in_progress",
            comment=f"R{i}",
        )
        services.accept_reply(by=coordinator, reply=reply)


def test_authority_page_reads_in_constant_queries(
    barometer, coordinator, contacts, django_assert_num_queries, settings
):
    counts = []
    Client().get("/fr/authorities/ville-de-namur/")  # fills the process's memos
    for n in (3, 12):
        _replies(barometer, coordinator, contacts["namur"], n)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = Client().get("/fr/authorities/ville-de-namur/")
        assert response.status_code == 200
        counts.append([q["sql"] for q in queries.captured_queries])
    assert len(counts[0]) == len(counts[1]), "\n".join(
        a if a == b else f"{a}\n  != {b}" for a, b in zip(*counts, strict=False)
    )


@pytest.mark.parametrize(
    "slug", ["nope", "%3Cscript%3E", "x" * 300, "ville-de-namur%00"]
)
def test_history_of_an_unknown_authority_is_404(client, barometer, slug):
    assert client.get(f"/fr/replies/authorities/{slug}/").status_code == 404


def test_history_is_public_and_lists_only_published_replies(
    client, barometer, coordinator, contacts, open_space
):
    open_space(client, contacts["government"])
    for comment in ["Publiée.", "En attente."]:
        client.post(
            f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
            {"status": "in_progress", "comment": comment},
        )
    services.accept_reply(by=coordinator, reply=Reply.objects.get(comment="Publiée."))
    body = Client().get("/fr/replies/authorities/gouvernement-federal/").content
    assert "Publiée." in body.decode() and "En attente." not in body.decode()


def test_a_contacts_personal_data_is_found_and_erased_but_the_reply_stays(
    client, barometer, coordinator, contacts, open_space
):
    from plaidoyer.replies.personal_data import erase_contacts, find_contacts

    open_space(client, contacts["government"])
    client.post(
        f"/fr/replies/space/commitments/{barometer['commitment'].pk}/",
        {"status": "in_progress", "comment": "Réponse officielle."},
    )
    services.accept_reply(by=coordinator, reply=Reply.objects.get())
    authority_page = "/fr/authorities/gouvernement-federal/"
    assert "Claire Dubois" in Client().get(authority_page).content.decode()
    rows = find_contacts("claire@gov.example.org")
    assert [r["name"] for r in rows] == ["Claire Dubois"] and rows[0]["replies"] == 1
    assert erase_contacts("claire@gov.example.org") == 1
    assert find_contacts("claire@gov.example.org") == []
    body = Client().get(barometer["commitment"].get_absolute_url()).content.decode()
    assert "Réponse officielle." in body and "Claire Dubois" not in body
    assert "Claire Dubois" not in Client().get(authority_page).content.decode()
    assert client.get("/fr/replies/space/").status_code == 403
