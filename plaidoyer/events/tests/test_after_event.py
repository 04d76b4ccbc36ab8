"""After the event: attendance certificates and the anonymous evaluation."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from plaidoyer.core import personal_data
from plaidoyer.events import services, tasks
from plaidoyer.events.models import (
    Certificate,
    EvaluationResponse,
    Question,
    Registration,
    Session,
)
from plaidoyer.organisations.models import Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(make_event):
    starts = timezone.now() - datetime.timedelta(days=1)
    return make_event(
        slug="formation",
        title="Formation à l’accueil: Łódź, București, Ağrı",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        requires_confirmation=False,
    )


def _register(event, name, email, *, attended=True, language="fr"):
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        language=language,
        status="attended" if attended else "confirmed",
    )
    return registration


@pytest.fixture
def attendee(past_event):
    return _register(past_event, "Zoë Ğündüz-Łukasiewicz", "zoe@example.org")


@pytest.fixture
def outsider(make_user, make_organisation):
    user = make_user("outsider@example.org")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


def _pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


# --- Hours ---------------------------------------------------------------------------


def test_hours_come_from_the_organiser_then_the_sessions_then_the_span(past_event):
    assert services.certificate_hours(past_event) == Decimal("3.0")
    start = past_event.starts_at
    for day in range(3):
        Session.objects.create(
            event=past_event,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=2, minutes=15),
        )
    assert services.certificate_hours(past_event) == Decimal("7.0")  # 6¾ → 7
    past_event.certificate_hours = Decimal("12.5")
    assert services.certificate_hours(past_event) == Decimal("12.5")


def test_a_multi_day_event_without_sessions_states_no_hours(make_event):
    starts = timezone.now() - datetime.timedelta(days=5)
    event = make_event(starts_at=starts, ends_at=starts + datetime.timedelta(days=2))
    assert services.certificate_hours(event) is None


# --- Certificates ----------------------------------------------------------------


def test_an_attendee_downloads_a_certificate_that_keeps_every_character(
    client, attendee, past_event
):
    response = client.get(f"/nl/events/registration/{attendee.token}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Zoë Ğündüz-Łukasiewicz" in text
    assert "Łódź, București, Ağrı" in text
    assert "Aanwezigheidsattest" in text  # the page's language, Dutch
    certificate = Certificate.objects.get()
    assert certificate.code in text.replace("\n", "")
    assert certificate.hours == Decimal("3.0")
    # Asking again gives the same certificate.
    client.get(f"/nl/events/registration/{attendee.token}/certificate.pdf")
    assert Certificate.objects.count() == 1


def test_only_people_checked_in_get_a_certificate(client, past_event):
    absent = _register(past_event, "Absent", "absent@example.org", attended=False)
    response = client.get(
        f"/fr/events/registration/{absent.token}/certificate.pdf", follow=True
    )
    assert "personnes présentes" in response.content.decode() or (
        "message-error" in response.content.decode()
    )
    assert not Certificate.objects.exists()


def test_no_certificate_before_the_end(client, make_event):
    event = make_event(requires_confirmation=False)  # in ten days
    registration = _register(event, "Ana", "ana@example.org")
    client.get(f"/fr/events/registration/{registration.token}/certificate.pdf")
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("token", ["nope", "x" * 300, "²"])
def test_a_forged_registration_token_is_404(client, attendee, token):
    assert (
        client.get(f"/fr/events/registration/{token}/certificate.pdf").status_code
        == 404
    )
    assert client.get(f"/fr/events/registration/{token}/evaluation/").status_code == 404


def test_the_verification_page_shows_what_the_certificate_states(client, attendee):
    certificate = services.issue_certificate(registration=attendee)
    body = client.get(f"/de/events/certificates/{certificate.code}/").content.decode()
    assert 'id="certificate-genuine"' in body
    assert "Zoë Ğündüz-Łukasiewicz" in body
    assert "Centre d&#x27;Action Interculturelle" in body
    response = client.get("/de/events/certificates/forged-code/")
    assert response.status_code == 404
    assert 'id="certificate-unknown"' in response.content.decode()


def test_the_organiser_emails_every_attendee_once(
    client, past_event, attendee, staff_user, capture
):
    _register(past_event, "Jan", "jan@example.org", language="nl")
    _register(past_event, "Not there", "no@example.org", attended=False)
    client.force_login(staff_user)
    for _click in range(2):
        with capture(execute=True):
            response = client.post(
                f"/fr/events/{past_event.slug}/manage/after/certificates/", follow=True
            )
        assert "message-success" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jan@example.org",
        "zoe@example.org",
    ]
    dutch = next(m for m in mail.outbox if m.to == ["jan@example.org"])
    assert "aanwezigheidsattest" in dutch.subject.lower()
    name, content, mimetype = dutch.attachments[0]
    assert mimetype == "application/pdf"
    assert "Jan" in _pdf_text(content)
    assert Certificate.objects.count() == 2


def test_an_attendee_asks_by_email_a_few_times_a_day(
    client, attendee, capture, settings
):
    settings.EVENT_CERTIFICATE_EMAILS_PER_DAY = 2
    url = f"/fr/events/registration/{attendee.token}/certificate/email/"
    for _attempt in range(3):
        with capture(execute=True):
            response = client.post(url, follow=True)
    assert len(mail.outbox) == 2
    assert "plusieurs fois" in response.content.decode()


def test_certificates_wait_for_the_end(client, make_event, staff_user):
    event = make_event()
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{event.slug}/manage/after/certificates/", follow=True
    )
    assert "message-error" in response.content.decode()


def test_erasing_a_persons_data_deletes_their_certificates(attendee, coordinator):
    services.issue_certificate(registration=attendee)
    # Found by the address even once the registration is anonymised.
    services.anonymise_past(timezone.now() + datetime.timedelta(days=400))
    kinds = {p.kind: rows for p, rows in personal_data.collect("ZOE@example.org")}
    assert kinds["events.certificate"][0]["name"] == "Zoë Ğündüz-Łukasiewicz"
    personal_data.erase(email="zoe@example.org", by=coordinator, allowed=True)
    assert not Certificate.objects.exists()


def test_certificates_are_deleted_after_their_retention(attendee, settings):
    services.issue_certificate(registration=attendee)
    settings.EVENT_CERTIFICATES_RETENTION_DAYS = 30
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.purge_certificates(later) == 1


# --- Evaluation -------------------------------------------------------------------


@pytest.fixture
def evaluated_event(past_event, coordinator):
    services.add_standard_evaluation(by=coordinator, event=past_event)
    return past_event


def _questions(event):
    return list(event.questions.filter(purpose="evaluation").order_by("position"))


def test_the_usual_questions_are_not_on_the_registration_form(evaluated_event):
    from plaidoyer.events.selectors import questions_of

    assert len(_questions(evaluated_event)) == 5
    assert questions_of(evaluated_event) == []


def test_attendees_are_invited_once_some_hours_after_the_end(
    evaluated_event, attendee, capture, settings
):
    settings.EVENT_EVALUATION_DELAY_HOURS = 2
    _register(evaluated_event, "Absent", "absent@example.org", attended=False)
    with capture(execute=True):
        assert tasks.dispatch_evaluations() == 1
        assert tasks.dispatch_evaluations() == 0
    assert [m.to for m in mail.outbox] == [["zoe@example.org"]]
    assert f"/events/registration/{attendee.token}/evaluation/" in mail.outbox[0].body


def test_an_event_just_ended_is_not_evaluated_yet(make_event, coordinator, settings):
    settings.EVENT_EVALUATION_DELAY_HOURS = 2
    starts = timezone.now() - datetime.timedelta(hours=2)
    event = make_event(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    services.add_standard_evaluation(by=coordinator, event=event)
    _register(event, "Ana", "ana@example.org")
    assert tasks.dispatch_evaluations() == 0


def _answers(event, **override):
    q = _questions(event)
    data = {
        f"q_{q[0].pk}": "5",
        f"q_{q[1].pk}": "4",
        f"q_{q[2].pk}": q[2].choice_list()[1],
        f"q_{q[3].pk}": "Les cas pratiques <b>concrets</b>",
        f"q_{q[4].pk}": "",
    }
    data.update(override)
    return data


def test_answers_are_stored_apart_from_the_person_and_only_once(
    client, evaluated_event, attendee
):
    url = f"/fr/events/registration/{attendee.token}/evaluation/"
    response = client.post(url, _answers(evaluated_event))
    assert 'id="evaluation-thanks"' in response.content.decode()
    response_row = EvaluationResponse.objects.get()
    assert "zoe" not in str(response_row.answers).lower()
    assert not hasattr(response_row, "registration_id")
    attendee.refresh_from_db()
    assert attendee.evaluated
    again = client.post(url, _answers(evaluated_event))
    assert "déjà répondu" in again.content.decode()
    assert EvaluationResponse.objects.count() == 1


@pytest.mark.parametrize(
    "field, value",
    [(0, "6"), (0, ""), (0, "<script>"), (2, "Pas une option"), (3, "x" * 100_000)],
)
def test_bad_answers_get_a_clear_message_and_nothing_is_saved(
    client, evaluated_event, attendee, field, value
):
    q = _questions(evaluated_event)[field]
    response = client.post(
        f"/nl/events/registration/{attendee.token}/evaluation/",
        _answers(evaluated_event, **{f"q_{q.pk}": value}),
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not EvaluationResponse.objects.exists()
    attendee.refresh_from_db()
    assert not attendee.evaluated


def test_absent_people_cannot_answer(client, evaluated_event):
    absent = _register(evaluated_event, "Absent", "absent@example.org", attended=False)
    url = f"/fr/events/registration/{absent.token}/evaluation/"
    response = client.post(url, _answers(evaluated_event))
    assert 'id="evaluation-problem"' in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_the_organiser_sees_counts_averages_and_texts(
    client, evaluated_event, staff_user
):
    for n, rating in enumerate(["5", "4", "3"]):
        registration = _register(evaluated_event, f"P{n}", f"p{n}@example.org")
        services.submit_evaluation(
            registration=registration,
            answers={
                k[2:]: v
                for k, v in _answers(
                    evaluated_event,
                    **{f"q_{_questions(evaluated_event)[0].pk}": rating},
                ).items()
            },
        )
    client.force_login(staff_user)
    body = client.get(
        f"/fr/events/{evaluated_event.slug}/manage/after/"
    ).content.decode()
    assert "4,0 / 5" in body  # (5 + 4 + 3) / 3, in French
    assert "Les cas pratiques &lt;b&gt;concrets&lt;/b&gt;" in body
    csv = b"".join(
        client.get(
            f"/fr/events/{evaluated_event.slug}/manage/after/results.csv"
        ).streaming_content
    ).decode()
    assert "Les cas pratiques <b>concrets</b>" in csv
    xlsx = client.get(f"/fr/events/{evaluated_event.slug}/manage/after/results.xlsx")
    assert xlsx.status_code == 200


def test_questions_are_frozen_once_answers_came_in(
    client, evaluated_event, attendee, staff_user
):
    services.submit_evaluation(
        registration=attendee,
        answers={k[2:]: v for k, v in _answers(evaluated_event).items()},
    )
    question = _questions(evaluated_event)[0]
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{evaluated_event.slug}/manage/after/questions/remove/",
        {"question": question.pk},
        follow=True,
    )
    assert "message-error" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"q-label": "", "q-kind": "rating"}, "obligatoire"),
        ({"q-label": "x" * 100_000, "q-kind": "rating"}, "caractères"),
        ({"q-label": "Choix ?", "q-kind": "single_choice", "q-choices": "un"}, "deux"),
        ({"q-label": "Quoi ?", "q-kind": "forged"}, "valide"),
    ],
)
def test_bad_questions_get_a_clear_message(
    client, past_event, staff_user, data, message
):
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{past_event.slug}/manage/after/questions/add/", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.filter(purpose="evaluation").exists()


def test_markup_in_a_question_is_shown_as_text(client, past_event, staff_user):
    client.force_login(staff_user)
    client.post(
        f"/fr/events/{past_event.slug}/manage/after/questions/add/",
        {"q-label": "<img src=x onerror=alert(1)>", "q-kind": "long_text"},
    )
    body = client.get(f"/fr/events/{past_event.slug}/manage/after/").content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body


# --- Who may do what ----------------------------------------------------------------

ORGANISER_POSTS = [
    "certificates",
    "questions/standard",
    "questions/add",
    "questions/remove",
    "evaluation/send",
]


@pytest.mark.parametrize("action", ORGANISER_POSTS)
def test_anonymous_visitors_go_to_the_login_page(client, past_event, action):
    response = client.post(f"/fr/events/{past_event.slug}/manage/after/{action}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("action", ORGANISER_POSTS)
def test_other_organisations_get_403(client, past_event, outsider, action):
    client.force_login(outsider)
    data = {"q-label": "Q", "q-kind": "rating", "question": "1"}
    response = client.post(f"/fr/events/{past_event.slug}/manage/after/{action}/", data)
    assert response.status_code in (403, 404)
    assert not Question.objects.filter(purpose="evaluation").exists()
    assert client.get(f"/fr/events/{past_event.slug}/manage/after/").status_code == 403


@pytest.mark.parametrize("user", ["staff_user", "coordinator"])
def test_organisers_and_coordinators_set_up_the_evaluation(
    client, past_event, attendee, user, request, capture
):
    client.force_login(request.getfixturevalue(user))
    client.post(f"/fr/events/{past_event.slug}/manage/after/questions/standard/")
    assert len(_questions(past_event)) == 5
    with capture(execute=True):
        client.post(f"/fr/events/{past_event.slug}/manage/after/evaluation/send/")
    assert [m.to for m in mail.outbox] == [["zoe@example.org"]]


@pytest.mark.parametrize("junk", ["abc", "²", "99999999999999999999", "-1", ""])
def test_junk_question_ids_are_404(client, evaluated_event, staff_user, junk):
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{evaluated_event.slug}/manage/after/questions/remove/",
        {"question": junk},
    )
    assert response.status_code == 404
    assert len(_questions(evaluated_event)) == 5


def test_another_events_question_cannot_be_removed(
    client, evaluated_event, make_event, staff_user, coordinator, make_organisation
):
    other = make_event(slug="autre")
    question = _questions(evaluated_event)[0]
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{other.slug}/manage/after/questions/remove/",
        {"question": question.pk},
    )
    assert response.status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
