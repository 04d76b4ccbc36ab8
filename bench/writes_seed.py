"""Data for bench/writes.py: the bench event, campaign, coordinator, bulk actions.

Runs inside a configured Django (bench/writes.py sets it up against the
throwaway cluster). Everything is created directly in the database, as an
organiser or a coordinator would have set it up, and looked up by slug.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation

LETTER = (
    "Madame, Monsieur l'Ambassadeur,\n\n"
    "Je vous écris pour vous demander de libérer immédiatement et sans condition "
    "la personne détenue pour avoir exercé pacifiquement son droit à la liberté "
    "d'expression. Dans l'attente de sa libération, veillez à ce qu'elle puisse "
    "voir sa famille et son avocat, et qu'elle reçoive les soins dont elle a "
    "besoin. Je vous remercie de l'attention que vous porterez à cette lettre.\n\n"
    "Veuillez agréer l'expression de ma haute considération."
)


def organiser():
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.organisations.services import refresh_search_fields
    from plaidoyer.places.models import Municipality

    org = Organisation.objects.filter(slug="bench-organisateur").first()
    if org is None:
        org = Organisation(
            slug="bench-organisateur",
            name="Collectif bench des droits",
            name_fr="Collectif bench des droits",
            kind="network",
            municipality=Municipality.objects.filter(nis_code="21004").first(),
        )
        refresh_search_fields(org)
        org.save()
    return org


def event(slug: str, *, capacity: int) -> dict:
    """An upcoming event: capacity ``capacity``, waiting list, no confirmation step."""
    from plaidoyer.events import services
    from plaidoyer.events.models import Event
    from plaidoyer.places.models import Municipality

    starts = (timezone.now() + datetime.timedelta(days=4)).replace(
        minute=0, second=0, microsecond=0
    )
    with translation.override("fr"):
        e = Event(
            slug=slug,
            title="Rencontre bench : accueil et droits des personnes migrantes",
            title_fr="Rencontre bench : accueil et droits des personnes migrantes",
            description_fr=(
                "Une soirée d'échanges entre associations, avec témoignages et "
                "ateliers. Inscription gratuite, dans la limite des places."
            ),
            kind=Event.Kind.MEETING,
            mode=Event.Mode.IN_PERSON,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            venue="Maison des associations",
            municipality=Municipality.objects.filter(nis_code="21004").first(),
            capacity=capacity,
            waitlist_enabled=True,
            requires_confirmation=False,
            consent_text="",
            registration_enabled=True,
            is_published=True,
            accessibility_fr="Salle accessible en fauteuil roulant.",
        )
        e.full_clean(exclude=["image"])
        e.save()
        e.organisers.set([organiser()])
        services.refresh_search(e)
        Event.objects.filter(pk=e.pk).update(search_text=e.search_text)
    return {"id": e.pk, "slug": e.slug, "capacity": capacity}


def event_state(event_id: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    from plaidoyer.events.models import Event, Registration

    e = Event.objects.get(pk=event_id)
    statuses = dict(
        Registration.objects.filter(event=e)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {
        "capacity": e.capacity,
        "seats_taken": e.seats_taken,
        "waitlist_length": e.waitlist_length,
        "registrations": sum(statuses.values()),
        "by_status": statuses,
        "emails_queued": DBTaskResult.objects.filter(
            task_path__endswith="send_registration_email"
        ).count(),
    }


def campaign(slug: str, *, cases: int = 3) -> dict:
    from plaidoyer.campaigns.models import Campaign, Case

    now = timezone.now()
    with translation.override("fr"):
        c = Campaign.objects.create(
            slug=slug,
            title="Marathon bench des lettres",
            title_fr="Marathon bench des lettres",
            description_fr=(
                "Écrivez pour des personnes en danger : chaque lettre compte, en "
                "ligne comme sur papier."
            ),
            opens_at=now - datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=30),
            collects_letters=True,
            collects_signatures=True,
            collects_drawings=True,
            goal=50_000,
        )
        out = []
        for i in range(cases):
            case = Case.objects.create(
                campaign=c,
                slug=f"cas-{i + 1}",
                name=f"Personne défendue {i + 1}",
                country=["Iran", "Égypte", "Chine", "Mexique"][i % 4],
                story_fr="Emprisonnée pour avoir défendu les droits des autres.",
                letter_template_fr=LETTER,
                position=i,
                addressee="Ambassade — Avenue Louise 1, 1050 Bruxelles",
            )
            out.append((case.slug, case.pk))
    return {"id": c.pk, "slug": c.slug, "cases": out}


def postcodes(municipalities: int, seed: int = 5) -> list[tuple[str, int]]:
    """(postcode, municipality id) for ``municipalities`` different municipalities,
    each postcode serving exactly one municipality."""
    from plaidoyer.places.models import PostalCode

    single = set(
        PostalCode.objects.values("code")
        .annotate(n=Count("municipality", distinct=True))
        .filter(n=1)
        .values_list("code", flat=True)
    )
    per_town: dict[int, str] = {}
    for code, town in (
        PostalCode.objects.filter(code__in=single)
        .order_by("code", "municipality_id")
        .values_list("code", "municipality_id")
    ):
        per_town.setdefault(town, code)
    towns = sorted(per_town)
    if len(towns) < municipalities:
        raise RuntimeError(
            f"only {len(towns)} municipalities have a postcode of their own"
        )
    chosen = random.Random(seed).sample(towns, municipalities)
    return [(per_town[t], t) for t in chosen]


def campaign_state(campaign_id: int) -> dict:
    from django.core.cache import cache

    from plaidoyer.campaigns import selectors
    from plaidoyer.campaigns.models import Action, Campaign

    c = Campaign.objects.get(pk=campaign_id)
    counts = selectors.counts(c, fresh=True)
    cache.clear()  # municipality_rows is cached; read it fresh
    rows = selectors.municipality_rows(c)
    actions = Action.objects.filter(campaign=c)
    return {
        "counts": {k: v for k, v in counts.items() if k != "per_case"},
        "per_case": {str(k): v for k, v in counts["per_case"].items()},
        "per_municipality": {r["nis_code"]: r["online"] for r in rows},
        "per_municipality_id": dict(
            actions.filter(confirmed_at__isnull=False, flagged=False)
            .order_by()
            .values_list("municipality_id")
            .annotate(n=Count("id"))
        ),
        "actions": actions.count(),
        "confirmed": actions.filter(confirmed_at__isnull=False).count(),
        "flagged": actions.filter(flagged=True).count(),
        "without_municipality": actions.filter(municipality__isnull=True).count(),
    }


def nis_codes(ids) -> dict[int, str]:
    from plaidoyer.places.models import Municipality

    return dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "nis_code"))


def coordinator(email: str, password: str) -> None:
    from plaidoyer.accounts.models import User

    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = "Coordinatrice bench"
    user.is_coordinator = True
    user.is_active = True
    user.set_password(password)
    user.save()


def bulk_actions(
    campaign_info: dict, places: list[tuple[str, int]], total: int, log, batch=200_000
) -> dict:
    """Insert ``total`` actions with INSERT … SELECT generate_series, in batches.

    Mixed like a real campaign: 1 in 10 a signature, 1 in 20 unconfirmed, 1 in
    500 held for review, a quarter without the name shared, spread over the
    given municipalities and the campaign's cases, created over the last 10 days.
    """
    t0 = time.monotonic()
    case_ids = [pk for _slug, pk in campaign_info["cases"]]
    codes = [code for code, _town in places]
    towns = [town for _code, town in places]
    sql = """
        INSERT INTO campaigns_action (
            campaign_id, case_id, kind, name, email, email_key, postcode,
            municipality_id, country, letter, share_name, news_opt_in, language,
            ip_address, token, confirmed_at, flagged, anonymised_at, created_at)
        SELECT
            %(campaign)s,
            (%(cases)s::bigint[])[1 + g %% %(ncases)s],
            CASE WHEN g %% 10 = 0 THEN 'signature' ELSE 'letter' END,
            'Signataire ' || g,
            'Signataire.' || g || '@bench.example.org',
            'signataire.' || g || '@bench.example.org',
            (%(codes)s::text[])[1 + g %% %(ntowns)s],
            (%(towns)s::bigint[])[1 + g %% %(ntowns)s],
            'BE',
            %(letter)s,
            g %% 4 <> 0,
            g %% 7 = 0,
            'fr',
            '10.0.0.0'::inet + g,
            'bulk' || %(campaign)s || '-' || g || '-' || md5(g::text),
            CASE WHEN g %% 20 = 0 THEN NULL
                 ELSE now() - (g * interval '860 milliseconds') + interval '3 minutes' END,
            g %% 500 = 0,
            NULL,
            now() - (g * interval '860 milliseconds')
        FROM generate_series(%(start)s, %(stop)s) AS g
    """
    done = 0
    with connection.cursor() as cursor:
        while done < total:
            n = min(batch, total - done)
            cursor.execute(
                sql,
                {
                    "campaign": campaign_info["id"],
                    "cases": case_ids,
                    "ncases": len(case_ids),
                    "codes": codes,
                    "towns": towns,
                    "ntowns": len(towns),
                    "letter": LETTER,
                    "start": done + 1,
                    "stop": done + n,
                },
            )
            done += n
            log(f"    {done:,} actions inserted ({time.monotonic() - t0:.0f} s)")
        inserted = time.monotonic() - t0
        cursor.execute("VACUUM ANALYZE campaigns_action")
        cursor.execute(
            "SELECT pg_total_relation_size('campaigns_action'), "
            "pg_relation_size('campaigns_action')"
        )
        total_size, heap = cursor.fetchone()
    connection.close()
    return {
        "rows": total,
        "insert_s": round(inserted, 1),
        "with_vacuum_s": round(time.monotonic() - t0, 1),
        "table_mb": round(heap / 2**20),
        "with_indexes_mb": round(total_size / 2**20),
        "method": "INSERT … SELECT generate_series, 200,000 rows per statement, "
        "then VACUUM ANALYZE",
    }
