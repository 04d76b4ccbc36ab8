"""An event only in French is marked as French on /nl/, its registration form too."""

import pytest
from django.utils import timezone

from plaidoyer.events.models import Event, Question

pytestmark = pytest.mark.django_db


def test_an_event_only_in_french_is_marked_and_dated_as_dutch_writes(
    client, make_event
):
    event = make_event(
        slug="atelier",
        title="Atelier d'écriture",
        description_fr="<p>Un atelier pour écrire ensemble.</p>",
        consent_text_fr="J'accepte que mes données servent à cet atelier.",
    )
    Question.objects.create(event=event, label_fr="Votre régime alimentaire ?")
    detail = client.get("/nl/events/atelier/").content.decode()
    assert (
        '<h1><span lang="fr">Atelier d&#x27;écriture</span> '
        '<span class="fallback-note">(in het Frans)</span></h1>'
    ) in detail
    assert '<div lang="fr"><p>Un atelier pour écrire ensemble.</p></div>' in detail
    form = client.get("/nl/events/atelier/register/").content.decode()
    assert '<span lang="fr">Votre régime alimentaire ?</span>' in form
    assert (
        '<span lang="fr">J&#x27;accepte que mes données servent à cet atelier.</span>'
    ) in form
    agenda = client.get("/nl/events/").content.decode()
    assert '<span lang="fr">Atelier d&#x27;écriture</span>' in agenda
    months = [
        "jan.",
        "feb.",
        "mrt.",
        "apr.",
        "mei",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ]
    starts = timezone.localtime(Event.objects.get(pk=event.pk).starts_at)
    month = months[starts.month - 1]
    assert f'<span class="month">{month}</span>' in agenda
