"""Each write on a draft has its own URL: who may post there, and what junk gets."""

import pytest
from django.utils import translation

from plaidoyer.processes import services
from plaidoyer.processes.models import Comment, Draft

pytestmark = pytest.mark.django_db

ACTIONS = ["comment", "endorse", "amend", "adopt", "hide-comment"]


@pytest.fixture
def comment(draft, staff_user, organisation):
    return services.comment(
        by=staff_user, draft=draft, organisation=organisation, body="Très bien"
    )


def _data(process, organisation, comment):
    return {
        "comment-organisation": organisation.pk,
        "comment-body": "Oui",
        "endorse-organisation": organisation.pk,
        "title": "Nouveau titre",
        "text": "Nouveau texte",
        "memorandum": process["memorandum"].pk,
        "comment": comment.pk,
        "reason": "Hors sujet",
    }


def _unchanged(draft, comment):
    draft.refresh_from_db()
    comment.refresh_from_db()
    assert draft.status == "open" and draft.version == 1
    assert draft.endorsement_count == 0 and Comment.objects.count() == 1
    assert comment.hidden_at is None


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_posts_go_to_the_login_page(
    client, process, draft, comment, organisation, action
):
    url = f"{draft.get_absolute_url()}{action}/"
    response = client.post(url, _data(process, organisation, comment))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    _unchanged(draft, comment)


@pytest.mark.parametrize("action", ["amend", "adopt", "hide-comment"])
def test_only_the_steering_committee_amends_adopts_and_hides(
    client, process, draft, comment, organisation, staff_user, action
):
    client.force_login(staff_user)  # a participant, not on the committee
    url = f"{draft.get_absolute_url()}{action}/"
    assert client.post(url, _data(process, organisation, comment)).status_code == 403
    _unchanged(draft, comment)


@pytest.mark.parametrize("action", ["comment", "endorse"])
def test_outsiders_cannot_speak_for_an_organisation_not_in_the_process(
    client, process, draft, comment, action
):
    client.force_login(process["outsider"])
    url = f"{draft.get_absolute_url()}{action}/"
    response = client.post(url, _data(process, process["outsider_org"], comment))
    assert response.status_code == 400
    _unchanged(draft, comment)


@pytest.mark.parametrize("action", ACTIONS)
def test_the_draft_page_takes_posts_no_more(client, draft, action):
    assert client.post(draft.get_absolute_url()).status_code == 405
    url = f"{draft.get_absolute_url()}{action}/"
    assert client.get(url).status_code in (302, 405)


def test_the_steering_committee_amends_hides_and_adopts(
    client, process, draft, comment, organisation
):
    client.force_login(process["steering_user"])
    data = _data(process, organisation, comment)
    base = draft.get_absolute_url()
    assert client.post(f"{base}amend/", data)["Location"] == base
    # Back to the hidden comment, on its page of comments.
    hidden = client.post(f"{base}hide-comment/", data)["Location"]
    assert hidden == f"{base}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.hidden_reason == "Hors sujet"
    assert client.post(f"{base}adopt/", data)["Location"] == base
    draft.refresh_from_db()
    assert draft.version == 2 and draft.title_fr == "Nouveau titre"
    assert draft.status == Draft.Status.ADOPTED


def test_hiding_without_a_reason_is_refused_with_a_message(
    client, process, draft, comment
):
    client.force_login(process["steering_user"])
    response = client.post(
        f"{draft.get_absolute_url()}hide-comment/",
        {"comment": comment.pk, "reason": ""},
    )
    assert response.status_code == 400
    assert 'class="message message-error"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None


@pytest.mark.parametrize("junk", ["abc", "²", "99999999999999999999", ""])
def test_junk_comment_ids_are_404_in_the_visitors_language(
    client, process, draft, comment, junk
):
    client.force_login(process["steering_user"])
    url = f"/nl{draft.get_absolute_url()[3:]}hide-comment/"
    response = client.post(url, {"comment": junk, "reason": "Spam"})
    assert response.status_code == 404
    with translation.override("nl"):
        assert translation.gettext("Page not found") in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_a_comment_of_another_draft_is_404(
    client, process, draft, comment, organisation
):
    other = services.propose_draft(
        by=process["steering_user"],
        process=process["process"],
        sector=process["sector"],
        title="Autre",
        text="",
    )
    client.force_login(process["steering_user"])
    response = client.post(
        f"{other.get_absolute_url()}hide-comment/",
        {"comment": comment.pk, "reason": "Spam"},
    )
    assert response.status_code == 404
