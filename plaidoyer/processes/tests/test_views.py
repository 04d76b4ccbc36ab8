import pytest

from plaidoyer.processes import services
from plaidoyer.processes.models import Comment

pytestmark = pytest.mark.django_db


def test_public_pages(client, process, draft, django_assert_max_num_queries):
    client.get("/fr/processes/roms/")
    with django_assert_max_num_queries(12):
        response = client.get("/fr/processes/roms/")
    assert "Des médiateurs de santé" in response.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200
    meeting = process["meeting"]
    body = client.get(meeting.get_absolute_url()).content.decode()
    # A meeting to come invites to register; one that is over does not.
    over = meeting.event.is_over
    assert ("Page de l’événement</a>" in body) == over
    assert ("inscription</a>" in body) == (not over)
    assert client.get("/fr/processes/").status_code == 200
    csv = b"".join(client.get("/fr/processes/roms/drafts.csv").streaming_content)
    assert "Des médiateurs de santé".encode() in csv
    import feedparser

    feed = feedparser.parse(client.get("/fr/processes/roms/feed/").content)
    assert not feed.bozo and len(feed.entries) == 1
    assert client.get("/api/v1/processes/roms/drafts").json()[0]["title"] == draft.title


def test_comment_and_endorse_through_the_page(
    client, process, draft, staff_user, organisation
):
    client.force_login(staff_user)
    url = draft.get_absolute_url()
    response = client.post(
        f"{url}comment/",
        {
            "comment-organisation": organisation.pk,
            "comment-body": "<script>x</script>Très bien",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Très bien"
    client.post(
        f"{url}endorse/",
        {
            "endorse-organisation": organisation.pk,
            "endorse-reason": "",
        },
    )
    response = client.post(f"{url}endorse/", {"endorse-organisation": organisation.pk})
    assert response.status_code == 400  # already endorsed: a clear message, nothing new
    draft.refresh_from_db()
    assert draft.endorsement_count == 1


def test_outsiders_and_anonymous_cannot_post(client, process, draft):
    url = draft.get_absolute_url()
    response = client.post(f"{url}comment/", {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(process["outsider"])
    response = client.post(
        f"{url}comment/",
        {
            "comment-organisation": process["outsider_org"].pk,
            "comment-body": "x",
        },
    )
    assert response.status_code == 400  # not one of the choices offered to them
    assert not Comment.objects.exists()
    response = client.post(f"{url}adopt/", {"memorandum": process["memorandum"].pk})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "open"


def test_committee_adopts_and_the_recommendation_shows_its_origin(
    client, process, draft, staff_user, organisation
):
    services.endorse(by=staff_user, draft=draft, organisation=organisation)
    client.force_login(process["steering_user"])
    response = client.post(
        f"{draft.get_absolute_url()}adopt/",
        {"memorandum": process["memorandum"].pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    body = client.get(draft.adopted_as.get_absolute_url()).content.decode()
    assert "/fr/processes/roms/" in body and "Rencontre santé" in body
    assert organisation.name.replace("'", "&#x27;") in body
    process_page = client.get("/fr/processes/roms/").content.decode()
    assert draft.adopted_as.code in process_page


def test_meeting_close_page(client, process, organisation):
    client.force_login(process["steering_user"])
    url = f"/fr/processes/roms/meetings/{process['meeting'].pk}/close/"
    response = client.post(
        url,
        {
            "minutes_fr": "<p>Compte rendu</p><script>x</script>",
            "attendance_count": "15",
            "attending_organisations": [organisation.pk],
        },
    )
    assert response.status_code == 302
    process["meeting"].refresh_from_db()
    assert process["meeting"].minutes_fr == "<p>Compte rendu</p>"
    client.force_login(process["outsider"])
    assert client.get(url).status_code == 403


def test_process_page_pages_its_drafts_with_constant_queries(
    client, process, django_assert_max_num_queries
):
    from plaidoyer.processes.models import Draft

    Draft.objects.bulk_create(
        Draft(
            process=process["process"],
            sector=process["sector"],
            title=f"Projet {n:03d}",
        )
        for n in range(130)
    )
    client.get("/fr/processes/roms/")
    with django_assert_max_num_queries(12):
        first = client.get("/fr/processes/roms/").content.decode()
    with django_assert_max_num_queries(12):
        second = client.get("/fr/processes/roms/?page=2").content.decode()
    assert "Projet 000" in first and "Projet 049" in first and "Projet 050" not in first
    assert "Projet 050" in second and "Projet 099" in second
    assert "Page 1 sur 3" in first and 'rel="next"' in first
    # Each row links to its draft's page.
    d = Draft.objects.get(title="Projet 007")
    assert f'<a href="{d.get_absolute_url()}">Projet 007</a>' in first
    assert client.get("/fr/processes/roms/?page=zz").status_code == 200


def test_draft_heading_counts_every_comment(client, draft, organisation):
    from plaidoyer.processes.models import Draft

    Comment.objects.bulk_create(
        Comment(draft=draft, organisation=organisation, body=f"Avis {n}")
        for n in range(3)
    )
    Draft.objects.filter(pk=draft.pk).update(comment_count=700)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "700 commentaires" in html
    assert "Avis 0" in html and "Avis 2" in html


def _comments(draft, organisation, n):
    import datetime

    from django.utils import timezone

    start = timezone.now() - datetime.timedelta(days=1)
    Comment.objects.bulk_create(
        Comment(
            draft=draft,
            organisation=organisation,
            body=f"Avis {k:03d}.",
            created_at=start + datetime.timedelta(minutes=k),
        )
        for k in range(n)
    )


def test_draft_page_pages_its_comments_with_constant_queries(
    client, draft, organisation, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plaidoyer.processes.models import Draft

    _comments(draft, organisation, 5)
    client.get(draft.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(draft.get_absolute_url())
    Comment.objects.filter(draft=draft).delete()
    _comments(draft, organisation, 120)
    Draft.objects.filter(pk=draft.pk).update(comment_count=120)
    url = draft.get_absolute_url()
    with django_assert_num_queries(len(few)):
        first = client.get(url).content.decode()
    with django_assert_num_queries(len(few)):
        last = client.get(f"{url}?page=3").content.decode()
    assert "Avis 000." in first and "Avis 049." in first and "Avis 050." not in first
    assert "Commentaires 1 à 50 sur 120" in first and 'rel="next"' in first
    assert "Avis 100." in last and "Avis 119." in last and "Avis 099." not in last
    assert 'start="101"' in last and 'rel="prev"' in last
    # A page past the end or not a number: the nearest page, never an error.
    assert "Avis 119." in client.get(f"{url}?page=99").content.decode()
    assert "Avis 000." in client.get(f"{url}?page=zz").content.decode()


def test_new_comment_lands_on_its_page(client, draft, staff_user, organisation):
    _comments(draft, organisation, 60)
    client.force_login(staff_user)
    response = client.post(
        f"{draft.get_absolute_url()}comment/",
        {"comment-organisation": organisation.pk, "comment-body": "Le dernier mot."},
    )
    new = Comment.objects.get(body="Le dernier mot.")
    assert response.status_code == 302
    assert response["Location"] == f"{draft.get_absolute_url()}?page=2#comment-{new.pk}"
    assert "Le dernier mot." in client.get(response["Location"]).content.decode()


def test_process_page_lists_its_first_members_and_links_to_all(
    client, process, make_organisation, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plaidoyer.processes.models import ProcessMember
    from plaidoyer.processes.views import MEMBERS_PER_PAGE, MEMBERS_SHOWN

    client.get("/fr/processes/roms/")
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/processes/roms/")
    extra = MEMBERS_PER_PAGE + 5 - ProcessMember.objects.count()
    for n in range(extra):
        ProcessMember.objects.create(
            process=process["process"],
            organisation=make_organisation(f"Membre {n:03d}", slug=f"membre-{n:03d}"),
        )
    total = ProcessMember.objects.count()
    with django_assert_num_queries(len(few)):
        page = client.get("/fr/processes/roms/").content.decode()
    assert page.count("/fr/organisations/membre-") == MEMBERS_SHOWN - 2
    assert "Point de contact" in page  # the steering committee first
    assert f"Les {total} organisations participantes" in page
    assert "/fr/processes/roms/members/" in page

    client.get("/fr/processes/roms/members/")
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/processes/roms/members/")
    with django_assert_num_queries(len(few)):
        second = client.get("/fr/processes/roms/members/?page=2").content.decode()
    first = client.get("/fr/processes/roms/members/").content.decode()
    assert first.count("/fr/organisations/membre-") == MEMBERS_PER_PAGE - 2
    assert second.count("/fr/organisations/membre-") == total - MEMBERS_PER_PAGE
    assert "Point de contact" in first and f"{total} organisations" in first
    assert client.get("/fr/processes/nope/members/").status_code == 404
