"""Event registrations (issue 4): 5,000 registrations from 64 clients for one
event of capacity 1,000 (waiting list on, no confirmation step), posted as a
browser posts the form htmx loads into the event page: exactly 1,000 confirmed
and 4,000 waitlisted, no 5xx or timeout, ≥ 300 registrations/s and ≥ 40 % of
/ping-insert's req/s. The same without JavaScript (whole pages) on an event of
its own; then, while more registrations flow, the event page ≥ 40 % of /ping.
"""

from __future__ import annotations

import datetime

from ..harness import clean, log, ping_insert, read_while_writing, share, write_report
from ..report import pct, show_writes, write_summary
from . import names

TITLE = "Event registrations benchmark (issue 4)"
MIN_RATE, MIN_WRITE_RATIO, MIN_PAGE_RATIO = 300.0, 0.40, 0.40


def event(slug: str, *, capacity: int) -> dict:
    """An upcoming event: ``capacity`` seats, waiting list, no confirmation step."""
    from django.utils import timezone, translation

    from plaidoyer.events import services
    from plaidoyer.events.models import Event
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.organisations.services import refresh_search_fields
    from plaidoyer.places.models import Municipality

    brussels = Municipality.objects.filter(nis_code="21004").first()
    organiser = Organisation.objects.filter(slug="bench-organisateur").first()
    if organiser is None:
        organiser = Organisation(
            slug="bench-organisateur",
            **names("name", "Collectif bench des droits"),
            kind="network",
            municipality=brussels,
        )
        refresh_search_fields(organiser)
        organiser.save()
    starts = (timezone.now() + datetime.timedelta(days=4)).replace(
        minute=0, second=0, microsecond=0
    )
    with translation.override("fr"):
        e = Event(
            slug=slug,
            **names(
                "title", "Rencontre bench : accueil et droits des personnes migrantes"
            ),
            description_fr="Une soirée d'échanges entre associations, avec "
            "témoignages et ateliers. Inscription gratuite, dans la limite des places.",
            kind=Event.Kind.MEETING,
            mode=Event.Mode.IN_PERSON,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            venue="Maison des associations",
            municipality=brussels,
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
        e.organisers.set([organiser])
        services.refresh_search(e)
        Event.objects.filter(pk=e.pk).update(search_text=e.search_text)
    return {"id": e.pk, "slug": e.slug, "capacity": capacity}


def event_state(event_id: int) -> dict:
    from django.db.models import Count

    from plaidoyer.events.models import Event, Registration

    e = Event.objects.get(pk=event_id)
    statuses = dict(
        Registration.objects.filter(event=e)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {
        "seats_taken": e.seats_taken,
        "waitlist_length": e.waitlist_length,
        "registrations": sum(statuses.values()),
        "by_status": statuses,
    }


def exact(n: int, capacity: int, state: dict) -> dict[str, bool]:
    """``n`` registrations: the first ``capacity`` confirmed, the rest waitlisted,
    and the event's counters say so."""
    seated, waiting = min(n, capacity), max(0, n - capacity)
    by = state["by_status"]
    return {
        "exact_confirmed": by.get("confirmed", 0) == seated,
        "exact_waitlisted": by.get("waitlisted", 0) == waiting
        and state["registrations"] == n,
        "counters_match": (state["seats_taken"], state["waitlist_length"])
        == (seated, waiting),
    }


def run(stack, args) -> dict:
    n, capacity = args.registrations, args.capacity
    log(f"\n== Events: {n:,} registrations, capacity {capacity:,}")
    ev = event("bench-inscriptions", capacity=capacity)
    other = event("bench-inscriptions-sans-js", capacity=capacity)
    page = f"/fr/events/{ev['slug']}/"
    form, other_form = f"{page}register/", f"/fr/events/{other['slug']}/register/"
    stack.start_writes_server()
    stack.server.check(["/ping-insert", page, form, other_form])
    yard = ping_insert(stack)
    # As a browser sends them: htmx loads the form into the event page and posts
    # it from there (the answer is the thank-you fragment). Then the same again
    # without JavaScript, on an event of its own: the form's page, whole pages.
    hx = {"HX-Request": "true", "HX-Current-URL": stack.server.base + page}
    hx["HX-Target"] = "registration"
    job = {"kind": "register", "form_path": form, "post_path": form}
    job |= {"form_headers": hx | {"HX-Trigger": "registration"}, "headers": hx}
    job |= {"referer_path": page, "concurrency": args.clients, "count": n}
    job |= {"email_prefix": "inscrit", "xff_offset": 0}
    no_js_job = {"kind": "register", "form_path": other_form, "post_path": other_form}
    no_js_job |= {"concurrency": args.clients, "count": n}
    no_js_job |= {"email_prefix": "sans-js", "xff_offset": 40_000}
    runs = {}
    for key, what, run_job, event_id in (
        ("registrations", "with htmx", job, ev["id"]),
        ("no_js", "without JavaScript", no_js_job, other["id"]),
    ):
        log(f"  {n:,} registrations, {args.clients} clients, {what}")
        reserve = args.reserve_after_events
        summary = stack.writes(run_job, key, args.events_seconds, reserve)
        summary["what"] = what
        state = event_state(event_id)
        log(
            f"    {summary['ok']:,} in {summary['seconds']:.1f} s = "
            f"{summary['rate']:.1f}/s; statuses {summary['status']}; errors "
            f"{summary['errors']}; others' CPU {pct(summary['foreign_cpu'])}; "
            f"database: {state['by_status']}"
        )
        runs[key] = (summary, state)
    (main, state), (no_js, no_js_state) = runs["registrations"], runs["no_js"]
    target = ("event-page", "event page", page)
    flows, quiet = read_while_writing(stack, job, target, main["rate"], 20_000)
    after = event_state(ev["id"])
    done = main["ok"]  # exactness on what completed (all unless the time limit hit)
    more = done + sum(f["background"]["ok"] for f in flows)
    by, seated = after["by_status"], min(capacity, more)
    held = (by.get("confirmed", 0), by.get("waitlisted", 0), after["seats_taken"])
    checks = {"all_completed": done == n} | exact(done, capacity, state)
    checks |= {
        "no_errors": clean(main) and main["ok"] == main["attempted"],
        "registrations_per_s": main["rate"] >= MIN_RATE,
        "ratio_to_ping_insert": share({"registrations": main}, yard) >= MIN_WRITE_RATIO,
        "no_js_exact": no_js["ok"] == n
        and all(exact(no_js["ok"], capacity, no_js_state).values())
        and clean(no_js),
        "event_page_ratio": flows[0]["ratio"] >= MIN_PAGE_RATIO,
        "event_page_ratio_paced": flows[1]["ratio"] >= MIN_PAGE_RATIO,
        "capacity_held_under_more_load": held == (seated, more - seated, seated)
        and all(clean(f["background"]) for f in flows),
    }
    return write_report(
        stack,
        yard,
        checks,
        event=ev,
        registrations=main,
        state=state,
        no_js=no_js,
        no_js_state=no_js_state,
        flows=flows,
        state_after_flows=after,
        quiet=quiet,
    )


def show(report: dict) -> None:
    labels = ("registrations", "registrations")
    show_writes("events", report, "registrations", labels, "post")


INTRO = """
5,000 registrations from 64 clients for an event of capacity 1,000 (with htmx),
the same without JavaScript, then the event page and /ping under wrk while more
registrations flow. Targets: ≥ 300 registrations/s and ≥ 40 % of /ping-insert's
req/s; exactly 1,000 confirmed and 4,000 waitlisted, zero errors; the event page
≥ 40 % of /ping while registrations flow.
"""


def summary(report: dict) -> dict[str, str]:
    checks = report["checks"]
    exact_ok = checks["exact_confirmed"] and checks["exact_waitlisted"]
    return write_summary(report, "registrations", "event page", exact_ok)
