import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from plaidoyer.commitments.models import Commitment
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.models import AuditLog
from plaidoyer.core.versions import Version, current
from plaidoyer.elections import selectors, services
from plaidoyer.elections.models import Candidate, Party, Pledge, PledgeLink

pytestmark = pytest.mark.django_db


def _rec(barometer, code):
    return barometer["recs"][code]


def test_send_links_emails_each_party_in_its_language(links, capture):
    assert set(links) == {"alpha", "beta"}
    german = [m for m in mail.outbox if "beta@example.org" in m.to]
    assert german and "Ihre Zusagen 2029" in german[0].subject
    assert "/de/elections/answer/" in german[0].body


def test_send_links_twice_sends_nothing_new(links, pledge_campaign, coordinator):
    assert services.send_links(by=coordinator, campaign=pledge_campaign) == []


def test_send_links_refused_to_member_staff(pledge_campaign, staff_user):
    with pytest.raises(PermissionDenied):
        services.send_links(by=staff_user, campaign=pledge_campaign)
    assert not PledgeLink.objects.exists()


def test_token_names_its_own_link_only(links, token):
    assert services.link_for_token(token["alpha"]) == links["alpha"]
    forged = token["alpha"].replace(f"{links['alpha'].pk}.", f"{links['beta'].pk}.", 1)
    assert services.link_for_token(forged) is None
    assert services.link_for_token("abc") is None
    assert services.link_for_token(token["alpha"][:-2]) is None


def test_revoked_or_expired_link_names_nothing(links, token, coordinator):
    services.revoke_link(by=coordinator, link=links["alpha"])
    assert services.link_for_token(token["alpha"]) is None
    PledgeLink.objects.filter(pk=links["beta"].pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.link_for_token(token["beta"]) is None


def test_answers_are_recorded_for_the_links_party_with_time(
    links, barometer, pledge_campaign
):
    rec = _rec(barometer, "EMP-01")
    before = current(Version.ELECTIONS)
    saved = services.answer_pledges(
        link=links["alpha"], answers={rec.pk: ("yes", "<b>Oui</b>")}
    )
    pledge = Pledge.objects.get()
    assert saved == [pledge]
    assert pledge.party.slug == "alpha" and pledge.candidate is None
    assert pledge.comment == "<b>Oui</b>" and pledge.answered_at is not None
    assert current(Version.ELECTIONS) > before
    assert AuditLog.objects.filter(action="elections.answer_pledges").count() == 1


def test_replayed_answers_change_nothing(links, barometer):
    rec = _rec(barometer, "EMP-01")
    services.answer_pledges(link=links["alpha"], answers={rec.pk: ("no", "")})
    first = Pledge.objects.get().answered_at
    assert (
        services.answer_pledges(link=links["alpha"], answers={rec.pk: ("no", "")}) == []
    )
    assert Pledge.objects.get().answered_at == first
    assert AuditLog.objects.filter(action="elections.answer_pledges").count() == 1


def test_answer_for_a_recommendation_outside_the_campaign_is_ignored(
    links, barometer, pledge_campaign
):
    rec = _rec(barometer, "EMP-01")
    pledge_campaign.recommendations.remove(rec)
    with pytest.raises(ValidationError):
        services.answer_pledges(link=links["alpha"], answers={rec.pk: ("yes", "")})
    assert not Pledge.objects.exists()


def test_answer_after_the_deadline_is_refused(links, barometer, pledge_campaign):
    rec = _rec(barometer, "EMP-01")
    later = pledge_campaign.deadline + datetime.timedelta(minutes=1)
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        services.answer_pledges(
            link=links["alpha"], answers={rec.pk: ("yes", "")}, now=later
        )
    assert not Pledge.objects.exists()


def test_bad_answer_value_or_long_comment_saves_nothing(links, barometer):
    rec = _rec(barometer, "EMP-01")
    with pytest.raises(ValidationError):
        services.answer_pledges(link=links["alpha"], answers={rec.pk: ("maybe", "")})
    with pytest.raises(ValidationError):
        services.answer_pledges(
            link=links["alpha"], answers={rec.pk: ("yes", "x" * 100_000)}
        )
    assert not Pledge.objects.exists()


def test_import_parties_creates_and_updates(election, coordinator):
    data = "slug;name;email;language;position\nalpha;Alpha renamed;;nl;1\n;Gamma Party;g@example.org;en;3\n"
    services.import_parties(by=coordinator, election=election, data=data.encode())
    assert Party.objects.get(election=election, slug="alpha").name == "Alpha renamed"
    assert Party.objects.get(election=election, slug="gamma-party").language == "en"


def test_import_candidates_reports_bad_rows_with_lines(election, coordinator):
    data = (
        "name,party,constituency,email\n"
        "Anna,alpha,liege,anna@example.org\n"
        "Bert,nope,liege,bert@example.org\n"
        "Carl,beta,mars,not-an-address\n"
    )
    translation.activate("en")
    with pytest.raises(ImportRejected) as exc:
        services.import_candidates(
            by=coordinator, election=election, data=data.encode()
        )
    text = [str(e) for e in exc.value.errors]
    assert any("Line 3" in t and "party" in t for t in text)
    assert any("Line 4" in t and "constituency" in t for t in text)
    assert any("Line 4" in t and "email" in t for t in text)
    assert not Candidate.objects.exists()


def test_import_candidates_matches_constituency_by_name(election, coordinator):
    data = "name;party;constituency\nAnna;alpha;Lüttich\n"
    services.import_candidates(by=coordinator, election=election, data=data.encode())
    assert Candidate.objects.get().constituency.slug == "liege"


def test_import_refused_to_member_staff(election, staff_user):
    with pytest.raises(PermissionDenied):
        services.import_parties(by=staff_user, election=election, data=b"name\nX\n")
    assert Party.objects.count() == 2


def test_majority_pledges_become_commitments_once(
    links, barometer, election, coordinator, pledge_campaign
):
    emp1, emp2, log1 = (_rec(barometer, c) for c in ("EMP-01", "EMP-02", "LOG-01"))
    services.answer_pledges(
        link=links["alpha"],
        answers={emp1.pk: ("yes", ""), emp2.pk: ("partly", ""), log1.pk: ("no", "")},
    )
    services.answer_pledges(link=links["beta"], answers={emp1.pk: ("yes", "")})
    alpha, beta = (Party.objects.get(slug=s) for s in ("alpha", "beta"))
    before = Commitment.objects.count()
    created = services.record_result(
        by=coordinator,
        election=election,
        majority=[alpha, beta],
        government=barometer["government"],
    )
    assert len(created) == 2
    assert {c.recommendations.get().code for c in created} == {"EMP-01", "EMP-02"}
    assert all(c.authority == barometer["government"] for c in created)
    linked = Pledge.objects.filter(commitment__isnull=False)
    assert linked.count() == 3  # alpha's two, beta's one; "no" never
    assert (
        linked.filter(recommendation=emp1).values("commitment").distinct().count() == 1
    )
    again = services.record_result(
        by=coordinator,
        election=election,
        majority=[alpha, beta],
        government=barometer["government"],
    )
    assert again == []
    assert Commitment.objects.count() == before + 2


def test_opposition_pledges_stay_pledges(links, barometer, election, coordinator):
    emp1 = _rec(barometer, "EMP-01")
    services.answer_pledges(link=links["beta"], answers={emp1.pk: ("yes", "")})
    alpha = Party.objects.get(slug="alpha")
    created = services.record_result(
        by=coordinator,
        election=election,
        majority=[alpha],
        government=barometer["government"],
    )
    assert created == []
    assert not Pledge.objects.filter(commitment__isnull=False).exists()


def test_record_result_refused_to_member_staff(election, staff_user, barometer):
    with pytest.raises(PermissionDenied):
        services.record_result(
            by=staff_user,
            election=election,
            majority=list(election.parties.all()),
            government=barometer["government"],
        )


def test_pledge_counts_for_dashboards(links, barometer):
    services.answer_pledges(
        link=links["alpha"], answers={_rec(barometer, "EMP-01").pk: ("yes", "")}
    )
    assert selectors.pledge_counts() == {
        "open_campaigns": 1,
        "answers": 1,
        "respondents": 1,
    }


def test_a_candidate_link_answers_for_the_candidate_only(
    election, pledge_campaign, coordinator, barometer
):
    Candidate.objects.create(
        election=election, slug="anna", name="Anna", email="anna@example.org"
    )
    links = services.send_links(by=coordinator, campaign=pledge_campaign)
    link = next(li for li in links if li.candidate_id)
    services.answer_pledges(
        link=link, answers={_rec(barometer, "EMP-01").pk: ("partly", "")}
    )
    pledge = Pledge.objects.get()
    assert pledge.candidate.slug == "anna" and pledge.party is None


def test_personal_data_finds_and_erases_a_candidates_address(election):
    from plaidoyer.elections.personal_data import erase_candidates, find_candidates

    Candidate.objects.create(
        election=election, slug="anna", name="Anna", email="Anna@Example.org"
    )
    assert [c["name"] for c in find_candidates("anna@example.org")] == ["Anna"]
    assert erase_candidates("anna@example.org") == 1
    assert (
        Candidate.objects.get().email == "" and Candidate.objects.get().name == "Anna"
    )


def test_send_links_after_the_deadline_is_refused(pledge_campaign, coordinator):
    pledge_campaign.deadline = timezone.now() - datetime.timedelta(minutes=1)
    pledge_campaign.save()
    with pytest.raises(ValidationError):
        services.send_links(by=coordinator, campaign=pledge_campaign)
    assert not PledgeLink.objects.exists()
