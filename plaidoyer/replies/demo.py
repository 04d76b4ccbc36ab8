"""Demo contacts of two authorities, a round of requests for news, and one
published reply, so that the barometer shows the authorities' own replies.
Safe to run again."""

from __future__ import annotations

import datetime

from django.utils import timezone

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.commitments.models import Authority

from . import services
from .models import Contact, Reply, UpdateRequest

CONTACTS = [
    # authority slug, name, role, email, language
    (
        "commune-de-schaerbeek",
        "Sarah Van den Berghe",
        "Schepen van gelijke kansen",
        "schepen.gelijkekansen@schaerbeek.example.org",
        "nl",
    ),
    (
        "gouvernement-federal",
        "Marc Lambert",
        "Conseiller au cabinet de l'Égalité des chances",
        "cabinet.egalite@federal.example.org",
        "fr",
    ),
]


def load() -> str:
    by = User.objects.get(email=COORDINATOR_EMAIL)
    now = timezone.now()
    contacts = []
    for slug, name, role, email, language in CONTACTS:
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            continue
        contact, _created = Contact.objects.get_or_create(
            authority=authority,
            email=email,
            defaults={"name": name, "role": role, "language": language},
        )
        contacts.append(contact)
        if not UpdateRequest.objects.filter(authority=authority).exists():
            UpdateRequest.objects.create(
                authority=authority,
                kind=UpdateRequest.Kind.YEARLY,
                asked_at=now - datetime.timedelta(days=40),
                asked_by=by,
                reminded_at=now - datetime.timedelta(days=26),
            )
    for contact in contacts[:1]:
        commitment = contact.authority.commitments.order_by("pk").first()
        if commitment is None or Reply.objects.filter(contact=contact).exists():
            continue
        reply = Reply.objects.create(
            contact=contact,
            authority=contact.authority,
            commitment=commitment,
            status="in_progress",
            progress=60,
            comment=(
                "Het actieplan werd op de gemeenteraad goedgekeurd; de eerste "
                "praktijktests lopen sinds september."
            ),
            response=(
                "De beoordeling van de coalitie houdt nog geen rekening met het "
                "budget dat in juni werd vrijgemaakt."
            ),
            evidence_url="https://www.example.org/schaerbeek/actieplan",
        )
        services.accept_reply(by=by, reply=reply)
        UpdateRequest.objects.filter(
            authority=contact.authority, answered_at__isnull=True
        ).update(answered_at=reply.submitted_at)
    return (
        f"{Contact.objects.count()} contacts, "
        f"{Reply.objects.filter(state=Reply.State.ACCEPTED).count()} published replies"
    )
