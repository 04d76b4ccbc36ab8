import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from plaidoyer.campaigns import selectors, services, tasks
from plaidoyer.campaigns.models import Action, PaperBatch
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.ratelimit import SuspectedBot

pytestmark = pytest.mark.django_db


def act(campaign, i=0, case="ana", **kwargs):
    kwargs.setdefault("name", f"Person {i}")
    kwargs.setdefault("email", f"person{i}@example.org")
    kwargs.setdefault("postcode", "5000")
    kwargs.setdefault("kind", "letter")
    return services.submit_action(case=campaign.cases.get(slug=case), **kwargs)


@pytest.mark.parametrize(
    "raw,key",
    [
        ("Ana@Example.org", "ana@example.org"),
        ("  ana @example.org ", "ana@example.org"),
        ("ana+petition@example.org", "ana@example.org"),
        ("A.N.A@gmail.com", "ana@gmail.com"),
        ("a.na+x@GoogleMail.com", "ana@gmail.com"),
        ("a.na@example.org", "a.na@example.org"),  # dots only matter at Gmail
    ],
)
def test_email_normalisation(raw, key):
    assert services.email_key(raw) == key


def test_one_action_per_person_and_case(campaign):
    first = act(campaign, email="A.na+x@gmail.com")
    again = act(campaign, email="ana@gmail.com")
    assert first.created and not again.created and again.action.pk == first.action.pk
    other_case = act(campaign, case="karim", email="ana@gmail.com")
    assert other_case.created
    assert Action.objects.count() == 2


def test_only_confirmed_unflagged_actions_count(campaign, capture):
    with capture(execute=True):
        submission = act(campaign, name="Jeanne D'Hondt")
    assert "/campaigns/confirm/" in mail.outbox[0].body
    assert "Jeanne D'Hondt," in mail.outbox[0].body  # plain text, not &#x27;
    assert selectors.counts(campaign, fresh=True)["online"] == 0
    action, outcome = services.confirm_action(token=submission.action.token)
    assert outcome == "confirmed"
    assert services.confirm_action(token=action.token)[1] == "already"
    assert selectors.counts(campaign, fresh=True)["online"] == 1
    Action.objects.filter(pk=action.pk).update(flagged=True)
    assert selectors.counts(campaign, fresh=True)["online"] == 0


def test_only_validated_batches_count(campaign, coordinator, organisation, make_batch):
    from plaidoyer.places.models import Municipality

    namur = Municipality.objects.get(nis_code="92094")
    batch = make_batch(by=coordinator, municipality=namur, letters=40, drawings=5)
    assert selectors.counts(campaign, fresh=True)["paper"] == 0
    services.review_batch(by=coordinator, batch=batch, validate=True)
    data = selectors.counts(campaign, fresh=True)
    assert (data["paper_letters"], data["drawings"], data["total"]) == (40, 5, 45)
    rows = selectors.municipality_rows(campaign)
    assert rows[0]["nis_code"] == "92094" and rows[0]["total"] == 45
    with pytest.raises(ValidationError):
        services.review_batch(by=coordinator, batch=batch, validate=False, reason="x")


def test_rejection_needs_a_reason(campaign, coordinator, organisation, make_batch):
    batch = make_batch(by=coordinator, letters=3)
    with pytest.raises(ValidationError):
        services.review_batch(by=coordinator, batch=batch, validate=False, reason=" ")
    services.review_batch(by=coordinator, batch=batch, validate=False, reason="Doublon")
    batch.refresh_from_db()
    assert batch.status == "rejected" and batch.rejection_reason == "Doublon"


@pytest.mark.parametrize(
    "letters,drawings", [(-1, 0), (100_001, 0), (0, 0), (0, 200_000)]
)
def test_absurd_batch_counts_are_refused(
    campaign, coordinator, organisation, letters, drawings, make_batch
):
    with pytest.raises(ValidationError):
        make_batch(by=coordinator, letters=letters, drawings=drawings)
    assert not PaperBatch.objects.exists()


def test_staff_submit_only_for_their_own_group(
    campaign, staff_user, organisation, make_organisation, make_batch
):
    other = make_organisation("Autre groupe")
    with pytest.raises(PermissionDenied):
        make_batch(
            by=staff_user,
            organisation=other,
            municipality=other.municipality,
            letters=5,
        )
    make_batch(by=staff_user, letters=5)
    with pytest.raises(PermissionDenied):
        services.review_batch(
            by=staff_user, batch=PaperBatch.objects.get(), validate=True
        )


def test_batches_for_a_closed_campaign_are_refused(campaign, coordinator, make_batch):
    campaign.closes_at = timezone.now() - datetime.timedelta(days=60)
    campaign.save()
    with pytest.raises(ValidationError):
        make_batch(
            by=coordinator,
            collected_on=timezone.localdate() - datetime.timedelta(days=61),
            letters=5,
        )


def test_batch_import_reports_every_bad_cell_and_writes_nothing(
    campaign, coordinator, organisation
):
    today = timezone.localdate().isoformat()
    bad = (
        f"case;organisation;municipality;date;letters;drawings\n"
        f"ana;{organisation.slug};Namur;{today};10;2\n"
        f"nobody;ghost;Atlantis;yesterday;-3;lots\n"
    ).encode()
    with pytest.raises(ImportRejected) as excinfo:
        services.import_batches(by=coordinator, campaign=campaign, data=bad)
    found = {(e.line, e.column) for e in excinfo.value.errors}
    assert {
        (3, "case"),
        (3, "organisation"),
        (3, "municipality"),
        (3, "date"),
        (3, "letters"),
        (3, "drawings"),
    } <= found
    assert not PaperBatch.objects.exists()
    # A word for a number is one error, not also "at least one letter"; a place
    # must be a university or a school, as in the form; long cells are cut short.
    odd = (
        f"case;organisation;place;date;letters;drawings\n"
        f"ana;{organisation.slug};{organisation.slug};{today};ten;0\n"
        f"{'x' * 500};{organisation.slug};;{today};1;0\n"
    ).encode()
    with pytest.raises(ImportRejected) as excinfo:
        services.import_batches(by=coordinator, campaign=campaign, data=odd)
    errors = [(e.line, e.column) for e in excinfo.value.errors]
    assert errors.count((2, "letters")) == 1 and (2, "place") in errors
    assert max(len(str(e)) for e in excinfo.value.errors) < 200
    good = (
        f"case;organisation;municipality;date;letters;drawings\n"
        f"ana;{organisation.slug};Namur;{today};10;2\n"
    ).encode("cp1252")
    assert (
        len(services.import_batches(by=coordinator, campaign=campaign, data=good)) == 1
    )


def test_batch_import_gives_the_same_messages_in_file_order(
    campaign, coordinator, organisation, make_organisation
):
    from django.utils import translation

    today = timezone.localdate()
    future = (today + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    bad = (
        "case;organisation;municipality;place;date;letters;drawings\n"
        f"nobody;ghost;Atlantis;nowhere;yesterday;-3;lots\n"
        f"ana;{organisation.slug};;{organisation.slug};{future};0;0\n"
        f"karim;{organisation.slug};;;{today.isoformat()};200 000;0\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportRejected) as excinfo:
        services.import_batches(by=coordinator, campaign=campaign, data=bad)
    assert [(e.line, e.column, e.message) for e in excinfo.value.errors] == [
        (2, "case", "Unknown case “nobody”."),
        (2, "organisation", "Unknown organisation “ghost”."),
        (2, "municipality", "Unknown municipality “Atlantis”."),
        (2, "place", "Unknown organisation “nowhere”."),
        (2, "date", "Enter a date as YYYY-MM-DD or DD/MM/YYYY."),
        (2, "drawings", "Enter a whole number."),
        (2, "letters", "Enter a number of zero or more."),
        (3, "place", "The place must be a university or a school."),
        (3, "letters", "A batch holds at least one letter or drawing."),
        (3, "date", "The date cannot be in the future."),
        (4, "municipality", "Say where the letters were collected."),
        (4, "letters", "At most 100 000 in one batch: split larger ones."),
    ]
    assert not PaperBatch.objects.exists()


@pytest.mark.parametrize(
    "postcode,error",
    [("", "postcode"), ("12", "postcode"), ("9999", "postcode"), ("ABCD", "postcode")],
)
def test_bad_postcodes(campaign, postcode, error):
    with pytest.raises(ValidationError) as excinfo:
        act(campaign, postcode=postcode)
    assert error in excinfo.value.message_dict
    assert not Action.objects.exists()


def test_shared_postcode_asks_which_municipality(campaign):
    with pytest.raises(services.AmbiguousPostcode) as excinfo:
        act(campaign, postcode="1040")
    assert {m.nis_code for m in excinfo.value.choices} == {"21004", "21005"}
    submission = act(campaign, postcode="1040", municipality_nis="21005")
    assert submission.action.municipality.nis_code == "21005"


def test_outside_belgium(campaign):
    submission = act(campaign, postcode="", country="FR")
    assert submission.action.municipality is None and submission.action.country == "FR"


def test_filled_honeypot_is_turned_away_silently(campaign):
    with pytest.raises(SuspectedBot):
        act(campaign, honeypot="http://spam")
    assert not Action.objects.exists()


def test_letter_sent_too_fast_is_held_for_review_and_still_confirmed(campaign, capture):
    with capture(execute=True):
        submission = act(campaign, seconds_on_form=0.5)
    assert submission.created and submission.too_fast and not submission.held
    assert submission.action.flagged
    assert list(selectors.held_actions(campaign)) == [submission.action]
    assert "/campaigns/confirm/" in mail.outbox[0].body  # the page says so: true
    services.confirm_action(token=submission.action.token)
    assert selectors.counts(campaign, fresh=True)["online"] == 0


def test_letter_after_a_while_is_not_held(campaign):
    submission = act(campaign, seconds_on_form=30)
    assert not submission.too_fast and not submission.action.flagged


def test_action_stores_the_consent_texts_shown(campaign):
    from plaidoyer.campaigns import consent

    fr = act(campaign, 1, language="fr").action
    nl = act(campaign, 2, language="nl").action
    assert fr.consent_version == nl.consent_version == consent.VERSION
    assert len(fr.consent_hash) == 64 and fr.consent_hash != nl.consent_hash
    assert fr.consent_hash == act(campaign, 3, language="fr").action.consent_hash


def test_name_is_not_shared_unless_asked(campaign):
    assert act(campaign).action.share_name is False


def test_flooding_ip_is_kept_but_held_for_review(campaign, coordinator):
    results = [
        act(campaign, i, case="ana" if i % 2 else "karim", ip="203.0.113.9")
        for i in range(7)
    ]
    flagged = [r.action.flagged for r in results]
    assert flagged[:2] == [False, False] and any(flagged)
    for r in results:
        services.confirm_action(token=r.action.token)
    counted = selectors.counts(campaign, fresh=True)["online"]
    assert counted == flagged.count(False)
    services.clear_flagged(by=coordinator, actions=Action.objects.filter(flagged=True))
    assert selectors.counts(campaign, fresh=True)["online"] == 7


def test_closed_campaign_refuses_actions(campaign):
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    with pytest.raises(ValidationError):
        act(campaign)


def test_unconfirmed_actions_expire_after_a_week(campaign):
    submission = act(campaign)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert services.confirm_action(token=submission.action.token)[1] == "expired"
        assert tasks.expire_unconfirmed() == 1
    assert not Action.objects.exists()


def test_identities_are_erased_after_the_campaign_counts_kept(campaign):
    submission = act(campaign, letter="Avec toute ma solidarité, Ana")
    services.confirm_action(token=submission.action.token)
    assert tasks.anonymise() == 0
    later = campaign.closes_at + datetime.timedelta(
        days=campaign.anonymise_after_days + 1
    )
    with time_machine.travel(later):
        assert tasks.anonymise() == 1
    action = Action.objects.get()
    assert (action.name, action.email, action.letter) == ("", "", "")
    assert selectors.counts(campaign, fresh=True)["online"] == 1


def test_label_needs_validated_evidence(coordinator, label_criterion):
    from plaidoyer.campaigns.models import (
        Evidence,
        LabelApplication,
    )
    from plaidoyer.places.models import Municipality

    application = LabelApplication.objects.create(
        programme=label_criterion.programme,
        year=2025,
        municipality=Municipality.objects.get(nis_code="92094"),
    )
    with pytest.raises(ValidationError):
        services.decide_application(
            by=coordinator, application=application, status="awarded"
        )
    Evidence.objects.create(
        application=application, criterion=label_criterion, validated=True
    )
    services.decide_application(
        by=coordinator, application=application, status="awarded"
    )
    assert LabelApplication.objects.get().is_awarded


def test_label_decisions_follow_the_programme_s_steps(coordinator):
    from plaidoyer.campaigns.models import LabelApplication, LabelProgramme
    from plaidoyer.places.models import Municipality

    programme = LabelProgramme.objects.create(slug="vl", name_fr="Ville lumières")
    namur = Municipality.objects.get(nis_code="92094")

    def application(year, status="candidate"):
        return LabelApplication.objects.create(
            programme=programme, year=year, municipality=namur, status=status
        )

    def decide(app, status):
        return services.decide_application(
            by=coordinator, application=app, status=status
        )

    first = application(2025)
    with pytest.raises(ValidationError):  # a first label is awarded, not renewed
        decide(first, "renewed")
    decide(first, "awarded")
    with pytest.raises(ValidationError):  # awarded once
        decide(first, "awarded")
    decide(application(2026), "renewed")  # the next year renews it
    decide(first, "withdrawn")
    for status in ("awarded", "renewed", "candidate"):
        with pytest.raises(ValidationError):  # a withdrawal is final
            decide(first, status)
    first.refresh_from_db()
    assert first.status == "withdrawn"


def test_an_action_resolves_its_postcode_from_the_cache_and_inserts_once(
    campaign, settings, django_assert_num_queries
):
    settings.DATA_VERSION_TTL = 60
    case = campaign.cases.get(slug="ana")
    act(campaign, i=0, ip="10.1.1.1")  # postcode look-up and version now cached
    # Both rate limits in one upsert; the insert in its savepoint.
    with django_assert_num_queries(4):
        submission = services.submit_action(
            case=case,
            kind="letter",
            name="Ana",
            email="ana@example.org",
            postcode="5000",
            ip="10.1.1.2",
        )
    assert submission.created
    assert submission.action.municipality.name_fr == "Namur"


@translation.override("en")
def test_a_shared_postcode_asks_for_the_municipality(campaign):
    with pytest.raises(services.AmbiguousPostcode) as asked:
        act(campaign, postcode="1040")
    assert len(asked.value.choices) > 1
    assert "choose yours" in asked.value.messages[0]
    chosen = asked.value.choices[1]
    with pytest.raises(services.AmbiguousPostcode) as wrong:
        act(campaign, postcode="1040", municipality_nis="99999")
    assert wrong.value.messages[0] == "Choose your municipality in the list."
    submission = act(campaign, postcode="1040", municipality_nis=chosen.nis_code)
    assert submission.action.municipality == chosen
    with pytest.raises(ValidationError) as unknown:
        act(campaign, postcode="0999")
    assert "is not a Belgian postcode" in unknown.value.message_dict["postcode"][0]


def test_second_letter_for_the_same_case_gets_an_email_saying_so(campaign, capture):
    with capture(execute=True):
        act(campaign, email="ana@example.org", language="en", seconds_on_form=30)
    with capture(execute=True):
        again = act(
            campaign, email="Ana@Example.org", language="en", seconds_on_form=30
        )
    assert not again.created
    assert [m.to for m in mail.outbox] == [["ana@example.org"]] * 2
    assert "already written for this person" in mail.outbox[1].body
    with capture(execute=True):
        act(campaign, email="ana@example.org", language="en", seconds_on_form=30)
    assert len(mail.outbox) == 2  # at most one such email an hour: no flooding
