"""Coordinators write articles and resources on the site; member staff propose
sector news and resources, published once approved."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plaidoyer.core.approval import Approval
from plaidoyer.core.models import AuditLog
from plaidoyer.news import services
from plaidoyer.news.models import Article, Resource
from plaidoyer.news.selectors import (
    pending_news_proposals,
    pending_proposal_count,
    pending_resource_proposals,
    proposals_of_user,
)
from plaidoyer.organisations.models import Staff


@pytest.fixture
def other_org(make_organisation):
    return make_organisation("Ligue des familles", municipality="21004")


@pytest.fixture
def other_staff(make_user, other_org):
    user = make_user("other@example.org", language="de")
    Staff.objects.create(user=user, organisation=other_org)
    return user


def _article(org, **extra):
    return {
        "organisation": org.pk,
        "title_fr": "Nouvelle permanence juridique",
        "summary_fr": "Chaque mardi.",
        "body_fr": "Le centre ouvre une permanence.",
        **extra,
    }


def _resource(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "title_fr": "Guide de l'accueil",
        "kind": "publication",
        "language": "fr",
        "url": "https://example.org/guide.pdf",
        **extra,
    }


def _propose(client, user, org, **extra):
    client.force_login(user)
    return client.post("/fr/news/create/", _article(org, **extra))


def test_member_news_waits_then_is_published_credited_to_the_organisation(
    client, staff_user, organisation, coordinator
):
    response = _propose(client, staff_user, organisation)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.approval, article.status) == (Approval.PENDING, "draft")
    assert article.organisation == organisation
    assert list(pending_news_proposals()) == [article]
    assert pending_proposal_count() == 1
    anonymous = client.__class__()
    assert anonymous.get(f"/fr/news/{article.slug}/").status_code == 404
    assert article.title not in anonymous.get("/fr/news/").content.decode()
    assert article.title not in anonymous.get("/fr/news/feed/rss/").content.decode()
    page = client.get("/fr/proposals/mine/").content.decode()
    assert article.title in page
    client.force_login(coordinator)
    assert article.title in client.get("/fr/proposals/").content.decode()
    client.post(f"/fr/news/{article.slug}/approve/")
    article.refresh_from_db()
    assert (article.approval, article.status) == (Approval.APPROVED, "published")
    public = anonymous.get(f"/fr/news/{article.slug}/").content.decode()
    assert organisation.name.replace("'", "&#x27;") in public
    assert article.title in anonymous.get("/fr/news/").content.decode()
    assert mail.outbox[-1].to == [staff_user.email]
    assert AuditLog.objects.filter(action="news.approve_article").exists()
    assert pending_proposal_count() == 0


def test_a_trusted_organisation_publishes_news_at_once(
    client, staff_user, organisation
):
    organisation.trusted = True
    organisation.save(update_fields=["trusted"])
    _propose(client, staff_user, organisation)
    article = Article.objects.get()
    assert (article.approval, article.status) == (Approval.APPROVED, "published")
    assert client.get(f"/fr/news/{article.slug}/").status_code == 200


def test_a_refused_article_tells_why_and_can_be_proposed_again(
    client, other_staff, other_org, coordinator
):
    _propose(client, other_staff, other_org)
    article = Article.objects.get()
    client.force_login(coordinator)
    client.post(f"/fr/news/{article.slug}/refuse/", {"reason": ""})
    article.refresh_from_db()
    assert article.approval == Approval.PENDING
    client.post(f"/fr/news/{article.slug}/refuse/", {"reason": "Pas du secteur."})
    article.refresh_from_db()
    assert article.approval == Approval.REFUSED
    assert "Pas du secteur." in mail.outbox[-1].body
    assert "nicht" in mail.outbox[-1].subject.lower()  # German, the proposer's
    client.force_login(other_staff)
    assert "Pas du secteur." in client.get("/de/proposals/mine/").content.decode()
    client.post(f"/fr/news/{article.slug}/update/", _article(other_org))
    article.refresh_from_db()
    assert article.approval == Approval.PENDING


def test_member_resources_wait_for_approval_with_a_file(
    client, staff_user, organisation, coordinator
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/resources/create/",
        _resource(
            organisation,
            url="",
            file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4 x", "application/pdf"),
        ),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.approval, resource.is_published) == (Approval.PENDING, False)
    assert list(pending_resource_proposals()) == [resource]
    assert client.get(f"/fr/resources/{resource.slug}/").status_code == 404
    client.force_login(coordinator)
    client.post(f"/fr/resources/{resource.slug}/approve/")
    resource.refresh_from_db()
    assert resource.is_published
    page = client.get(f"/fr/resources/{resource.slug}/").content.decode()
    assert "Partagé par" in page or "Shared by" in page


def test_coordinators_write_and_publish_articles_and_resources(
    client, coordinator, other_org
):
    client.force_login(coordinator)
    assert client.get("/fr/news/new/").status_code == 200
    assert client.get("/fr/resources/new/").status_code == 200
    response = client.post(
        "/fr/news/create/", _article(other_org, status="published", organisation="")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.approval, article.status, article.organisation) == (
        Approval.APPROVED,
        "published",
        None,
    )
    response = client.post(
        "/fr/resources/create/", _resource(other_org, is_published="on")
    )
    assert response.status_code == 302
    assert Resource.objects.get().is_published
    response = client.post(
        f"/fr/news/{article.slug}/update/",
        _article(other_org, status="published", title_fr="Titre changé"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Titre changé"


def test_publishing_needs_a_summary_or_a_body(
    client, coordinator, staff_user, organisation
):
    client.force_login(coordinator)
    response = client.post(
        "/fr/news/create/",
        _article(organisation, status="published", summary_fr="", body_fr="<p></p>"),
    )
    assert response.status_code == 400
    assert "résumé ou d&#x27;un texte" in response.content.decode()
    # A draft may be empty.
    response = client.post(
        "/fr/news/create/",
        _article(organisation, status="draft", summary_fr="", body_fr=""),
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="résumé"):
        services.propose_article(
            by=staff_user,
            article=Article(title_fr="Vide"),
            organisation=organisation,
        )
    assert Article.objects.count() == 1


def test_a_pending_proposal_cannot_be_published_by_editing_it(
    client, staff_user, organisation, coordinator
):
    _propose(client, staff_user, organisation)
    article = Article.objects.get()
    client.force_login(coordinator)
    response = client.post(
        f"/fr/news/{article.slug}/update/", _article(organisation, status="published")
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == "draft"


PAGES = ["/fr/news/new/", "/fr/resources/new/", "/fr/proposals/mine/"]


def test_permission_matrix(
    client, make_user, staff_user, other_staff, organisation, coordinator
):
    _propose(client, staff_user, organisation)
    article = Article.objects.get()
    client.post("/fr/resources/create/", _resource(organisation))
    resource = Resource.objects.get()
    client.logout()
    edit = [f"/fr/news/{article.slug}/edit/", f"/fr/resources/{resource.slug}/edit/"]
    for url in [*PAGES, *edit, "/fr/proposals/"]:
        assert client.get(url).status_code == 302, url  # to the login page
    client.force_login(make_user("nobody@example.org"))
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    client.force_login(other_staff)
    for url in [*edit, "/fr/proposals/"]:
        assert client.get(url).status_code == 403, url
    posts = [
        f"/fr/news/{article.slug}/update/",
        f"/fr/news/{article.slug}/approve/",
        f"/fr/news/{article.slug}/refuse/",
        f"/fr/resources/{resource.slug}/update/",
        f"/fr/resources/{resource.slug}/approve/",
        f"/fr/resources/{resource.slug}/refuse/",
    ]
    for url in posts:
        response = client.post(url, {**_article(organisation), "reason": "non"})
        assert response.status_code == 403, url
    client.force_login(staff_user)
    for url in [*PAGES, *edit]:
        assert client.get(url).status_code == 200, url
    assert client.get("/fr/proposals/").status_code == 403
    assert client.post(f"/fr/news/{article.slug}/approve/").status_code == 403
    client.force_login(coordinator)
    for url in [*PAGES[:2], *edit, "/fr/proposals/"]:
        assert client.get(url).status_code == 200, url
    article.refresh_from_db()
    resource.refresh_from_db()
    assert article.approval == resource.approval == Approval.PENDING
    assert article.organisation == organisation


def test_staff_cannot_propose_for_another_organisation(client, staff_user, other_org):
    response = _propose(client, staff_user, other_org)
    assert response.status_code == 400
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"title_fr": ""}, "au moins une langue"),
        ({"title_fr": "x" * 100_000}, "200"),
        ({"summary_fr": "x" * 100_000}, "600"),
        ({"body_fr": "x" * 200_000}, "100"),
        ({"organisation": "999999"}, "une de vos organisations"),
        ({"organisation": "9" * 30}, "une de vos organisations"),
        ({"themes": ["9" * 30]}, "9999"),
        ({"summary_fr": "", "body_fr": ""}, "résumé ou d&#x27;un texte"),
    ],
)
def test_bad_news_is_refused_with_a_clear_message(
    client, staff_user, organisation, extra, message
):
    response = _propose(client, staff_user, organisation, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"url": ""}, "un fichier ou un lien"),
        ({"url": "javascript:alert(1)"}, "URL"),
        ({"title_fr": "x" * 100_000}, "200"),
        ({"kind": "<b>"}, "choix"),
        ({"year": "99999"}, "2100"),
        (
            {"file": SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")},
            "PDF",
        ),
    ],
)
def test_bad_resources_are_refused_with_a_clear_message(
    client, staff_user, organisation, extra, message
):
    client.force_login(staff_user)
    response = client.post("/fr/resources/create/", _resource(organisation, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_markup_in_a_proposal_is_sanitised(client, staff_user, organisation):
    _propose(
        client,
        staff_user,
        organisation,
        title_fr="<b>Titre</b>",
        body_fr="<p>Texte</p><script>alert(1)</script>",
    )
    article = Article.objects.get()
    assert article.title_fr == "Titre"
    assert "<script>" not in article.body_fr


def test_my_proposals_lists_only_mine_and_my_colleagues(
    client, staff_user, other_staff, organisation, other_org
):
    _propose(client, staff_user, organisation)
    _propose(client, other_staff, other_org, title_fr="Autre")
    mine = proposals_of_user(staff_user)
    assert [a.title_fr for a in mine["articles"]] == ["Nouvelle permanence juridique"]
    page = client.get("/fr/proposals/mine/").content.decode()  # other_staff
    assert "Autre" in page and "Nouvelle permanence" not in page
