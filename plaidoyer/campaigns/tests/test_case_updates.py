"""Case updates: a public timeline, good news, and one email per opted-in signer,
exactly once, resumable, with a one-click unsubscribe."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from plaidoyer.campaigns import selectors, services, tasks
from plaidoyer.campaigns.models import Action, CaseUpdate
from plaidoyer.core.models import AuditLog, OutgoingEmail

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def signer(campaign, i, *, opt_in=True, language="fr", confirmed=True, case="ana"):
    return Action.objects.create(
        campaign=campaign,
        case=campaign.cases.get(slug=case),
        kind="letter",
        name=f"Signer {i}",
        email=f"signer{i}@example.org",
        email_key=f"signer{i}@example.org",
        language=language,
        news_opt_in=opt_in,
        confirmed_at=timezone.now() if confirmed else None,
    )


def publish(by, campaign, kind="released", case="ana", **texts):
    return services.publish_case_update(
        by=by,
        case=campaign.cases.get(slug=case),
        kind=kind,
        happened_on=TODAY,
        texts={"fr": "Ana est libre.", "nl": "Ana is vrij."} | texts,
    )


def test_update_reaches_each_opted_in_confirmed_signer_once_in_their_language(
    campaign, coordinator, capture
):
    fr, nl = signer(campaign, 1), signer(campaign, 2, language="nl")
    signer(campaign, 3, opt_in=False)
    signer(campaign, 4, confirmed=False)
    signer(campaign, 5, case="karim")
    with capture(execute=True):
        update = publish(coordinator, campaign)
    assert sorted(m.to[0] for m in mail.outbox) == [fr.email, nl.email]
    dutch = next(m for m in mail.outbox if m.to == [nl.email])
    assert "Ana is vrij." in dutch.body and "Vrijgelaten" in dutch.subject
    stop = f"/nl/campaigns/news/stop/{nl.token}/"
    assert dutch.extra_headers["List-Unsubscribe"].endswith(f"{stop}>")
    assert dutch.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in dutch.body
    # The HTML part, rendered once per language: this signer's own name and
    # unsubscribe link, in Dutch.
    [(html, _mimetype)] = dutch.alternatives
    assert '<html lang="nl"' in html and "Ana is vrij." in html
    assert "Signer 2" in html and f'{stop}"' in html
    assert "PLACEHOLDER" not in html
    update.refresh_from_db()
    assert update.notified_at and update.recipients == 2
    assert AuditLog.objects.filter(action="campaigns.publish_case_update").exists()


def test_a_second_run_sends_nothing_more(campaign, coordinator, capture):
    signer(campaign, 1)
    with capture(execute=True):
        update = publish(coordinator, campaign)
    CaseUpdate.objects.filter(pk=update.pk).update(notified_at=None)
    render = tasks.case_update_renderer(update)
    assert services.notify_signers(update, render) == 0
    assert len(mail.outbox) == 1


def test_a_run_killed_midway_resumes_where_it_stopped(campaign, coordinator):
    for i in range(5):
        signer(campaign, i)
    update = publish(coordinator, campaign)  # no capture: the task did not run
    render = tasks.case_update_renderer(update)
    calls = []

    def dies_on_the_third(action):
        if len(calls) == 2:
            raise SystemExit  # the worker is killed in its second page
        calls.append(action.pk)
        return render(action)

    with pytest.raises(SystemExit):
        services.notify_signers(update, dies_on_the_third, batch=2)
    assert len(mail.outbox) == 2  # the first page went out, nothing of the second
    assert services.notify_signers(update, render, batch=2) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"signer{i}@example.org" for i in range(5)
    ]


def test_a_live_claim_keeps_a_second_worker_out_until_it_goes_stale(
    campaign, coordinator
):
    update = publish(coordinator, campaign)
    now = timezone.now()
    assert services.claim_case_update(update.pk, now)
    assert not services.claim_case_update(update.pk, now)
    later = now + datetime.timedelta(seconds=services.NOTIFY_STALE_SECONDS + 1)
    assert services.claim_case_update(update.pk, later)


def test_periodic_job_takes_up_an_abandoned_update(campaign, coordinator, capture):
    signer(campaign, 1)
    update = publish(coordinator, campaign)
    old = timezone.now() - datetime.timedelta(hours=1)
    CaseUpdate.objects.filter(pk=update.pk).update(
        notify_claimed_at=old, created_at=old
    )
    assert tasks.resume_case_updates() == 1  # immediate backend: it ran
    assert len(mail.outbox) == 1
    assert tasks.resume_case_updates() == 0


def test_counts_for_the_coordinator(campaign, coordinator, capture):
    signer(campaign, 1), signer(campaign, 2)
    with capture(execute=True):
        update = publish(coordinator, campaign)
    row = OutgoingEmail.objects.filter(key__startswith=update.email_key_prefix).first()
    OutgoingEmail.objects.filter(pk=row.pk).update(status="failed")
    (listed,) = selectors.updates_with_counts(campaign)
    assert listed.emails == {"sent": 1, "failed": 1, "waiting": 0}


def test_only_coordinators_publish(campaign, staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        publish(staff_user, campaign)
    assert not CaseUpdate.objects.exists()


@pytest.mark.parametrize(
    "kind,texts,field",
    [
        ("released", {"fr": ""}, "text_fr"),
        ("released", {"fr": "x" * 5001}, "text_fr"),
        ("escaped", {}, "kind"),
    ],
)
def test_bad_updates_are_refused(campaign, coordinator, kind, texts, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        publish(coordinator, campaign, kind=kind, **texts)
    assert field in excinfo.value.message_dict
    assert not CaseUpdate.objects.exists()


def test_markup_is_stripped(campaign, coordinator):
    update = publish(coordinator, campaign, fr="<script>x()</script><b>Libre</b>")
    assert update.text_fr == "Libre" or "<" not in update.text_fr


def test_good_news_lists_releases_not_other_news(campaign, coordinator):
    released = publish(coordinator, campaign)
    publish(coordinator, campaign, kind="reply", case="karim")
    assert list(selectors.good_news()) == [released]


def test_unsubscribe_stops_news_for_the_address_in_the_campaign(campaign):
    first = signer(campaign, 1)
    Action.objects.create(
        campaign=campaign,
        case=campaign.cases.get(slug="karim"),
        kind="letter",
        name="Signer 1",
        email=first.email,
        email_key=first.email_key,
        news_opt_in=True,
    )
    assert services.unsubscribe_news(token=first.token) == 2
    assert not Action.objects.filter(news_opt_in=True).exists()
    assert services.unsubscribe_news(token="forged") == 0


# --- Views -------------------------------------------------------------------------

UPDATES = "/fr/campaigns/marathon/updates/"
CREATE = "/fr/campaigns/marathon/updates/new/"


@pytest.fixture
def other_staff(make_user, make_organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("other@example.org", full_name="Other Staff")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


def _form(campaign, **extra):
    return {
        "case": str(campaign.cases.get(slug="ana").pk),
        "kind": "released",
        "happened_on": "2026-12-01",
        "text_fr": "Ana est libre.",
        **extra,
    }


@pytest.mark.parametrize("who", ["anonymous", "staff_user", "other_staff"])
def test_only_coordinators_see_and_publish_updates(client, campaign, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = client.get(UPDATES)
    posted = client.post(CREATE, _form(campaign))
    if who == "anonymous":
        assert page.status_code == posted.status_code == 302  # to the login page
    else:
        assert page.status_code == posted.status_code == 403
    assert not CaseUpdate.objects.exists()


def test_coordinator_publishes_from_the_site(client, campaign, coordinator, capture):
    signer(campaign, 1)
    client.force_login(coordinator)
    assert client.get(UPDATES).status_code == 200
    with capture(execute=True):
        response = client.post(CREATE, _form(campaign))
    assert response.status_code == 302
    assert CaseUpdate.objects.get().text_fr == "Ana est libre."
    assert len(mail.outbox) == 1
    page = client.get(UPDATES).content.decode()
    assert '<td class="sent">1</td>' in page
    assert "Ana est libre." in client.get("/fr/campaigns/marathon/").content.decode()
    assert "Ana est libre." in client.get("/fr/campaigns/good-news/").content.decode()
    assert client.get(CREATE).status_code == 405


@pytest.mark.parametrize(
    "extra",
    [
        {"text_fr": ""},
        {"text_fr": "x" * 100_000},
        {"case": "99999"},
        {"case": "<b>"},
        {"kind": "freed"},
        {"happened_on": "2999-01-01"},
        {"happened_on": "yesterday"},
        {"text_fr": "<script></script>"},
    ],
)
def test_bad_input_is_refused_with_a_message(client, campaign, coordinator, extra):
    client.force_login(coordinator)
    response = client.post(CREATE, _form(campaign, **extra))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not CaseUpdate.objects.exists()


def test_one_click_unsubscribe_post_needs_no_csrf(campaign):
    from django.test import Client

    action = signer(campaign, 1)
    client = Client(enforce_csrf_checks=True)
    url = f"/nl/campaigns/news/stop/{action.token}/"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    action.refresh_from_db()
    assert not action.news_opt_in


def test_unsubscribe_link_shows_a_button_whose_post_unsubscribes(client, campaign):
    action = signer(campaign, 1)
    url = f"/fr/campaigns/news/stop/{action.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.content.decode()
    action.refresh_from_db()
    assert action.news_opt_in  # a link preview (GET) changes nothing
    assert client.post(url).status_code == 200
    action.refresh_from_db()
    assert not action.news_opt_in


def test_forged_unsubscribe_token_is_an_invalid_link(client, campaign):
    assert client.get("/fr/campaigns/news/stop/forged/").status_code == 404
    assert client.post("/fr/campaigns/news/stop/forged/").status_code == 404
    assert (
        client.post(
            "/fr/campaigns/news/stop/forged/", {"List-Unsubscribe": "One-Click"}
        ).status_code
        == 200
    )  # the one-click answer tells nothing either way


def test_a_signers_name_is_text_in_the_html_part(campaign, coordinator, capture):
    action = signer(campaign, 1)
    Action.objects.filter(pk=action.pk).update(name="<b>Ana</b> & co")
    with capture(execute=True):
        publish(coordinator, campaign)
    (message,) = mail.outbox
    assert "<b>Ana</b> & co" in message.body
    [(html, _mimetype)] = message.alternatives
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; co" in html and "<b>Ana" not in html
