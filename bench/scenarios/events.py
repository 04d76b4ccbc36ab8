"""Event registrations (issue 4): 5,000 registrations from 64 clients for one
event of capacity 1,000 (waiting list on, no confirmation step), posted as a
browser posts the form htmx loads into the event page: exactly 1,000 confirmed
and 4,000 waitlisted, no 5xx or timeout, ≥ 300 registrations/s and ≥ 40 % of
/ping-insert's req/s. The same without JavaScript (whole pages) on an event of
its own; then, while more registrations flow, the event page ≥ 40 % of /ping.
"""

from __future__ import annotations

import datetime

from ..harness import clean, client_summary, log, ping_insert, read_while_writing
from ..report import pct, print_checks, print_reads, print_writes, run_columns

TITLE = "Event registrations benchmark (issue 4)"
MIN_RATE, MIN_WRITE_RATIO, MIN_PAGE_RATIO = 300.0, 0.40, 0.40


def organiser():
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.organisations.services import refresh_search_fields
    from plaidoyer.places.models import Municipality

    org = Organisation.objects.filter(slug="bench-organisateur").first()
    if org is None:
        name = "Collectif bench des droits"
        org = Organisation(
            slug="bench-organisateur", name=name, name_fr=name, kind="network",
            municipality=Municipality.objects.filter(nis_code="21004").first(),
        )  # fmt: skip
        refresh_search_fields(org)
        org.save()
    return org


def event(slug: str, *, capacity: int) -> dict:
    """An upcoming event: ``capacity`` seats, waiting list, no confirmation step."""
    from django.utils import timezone, translation

    from plaidoyer.events import services
    from plaidoyer.events.models import Event
    from plaidoyer.places.models import Municipality

    starts = (timezone.now() + datetime.timedelta(days=4)).replace(
        minute=0, second=0, microsecond=0
    )
    title = "Rencontre bench : accueil et droits des personnes migrantes"
    with translation.override("fr"):
        e = Event(
            slug=slug, title=title, title_fr=title,
            description_fr="Une soirée d'échanges entre associations, avec "
            "témoignages et ateliers. Inscription gratuite, dans la limite des places.",
            kind=Event.Kind.MEETING, mode=Event.Mode.IN_PERSON, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            venue="Maison des associations",
            municipality=Municipality.objects.filter(nis_code="21004").first(),
            capacity=capacity, waitlist_enabled=True, requires_confirmation=False,
            consent_text="", registration_enabled=True, is_published=True,
            accessibility_fr="Salle accessible en fauteuil roulant.",
        )  # fmt: skip
        e.full_clean(exclude=["image"])
        e.save()
        e.organisers.set([organiser()])
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


def exact(n: int, capacity: int, state: dict) -> bool:
    """``n`` registrations: the first ``capacity`` confirmed, the rest waitlisted."""
    seated, waiting = min(n, capacity), max(0, n - capacity)
    by = state["by_status"]
    return (
        by.get("confirmed", 0) == seated
        and by.get("waitlisted", 0) == waiting
        and state["registrations"] == n
        and (state["seats_taken"], state["waitlist_length"]) == (seated, waiting)
    )


def run(stack, args) -> dict:
    log(
        f"\n== Events: {args.registrations:,} registrations, capacity {args.capacity:,}"
    )
    ev = event("bench-inscriptions", capacity=args.capacity)
    other = event("bench-inscriptions-sans-js", capacity=args.capacity)
    page = f"/fr/events/{ev['slug']}/"
    form = f"{page}register/"
    other_form = f"/fr/events/{other['slug']}/register/"
    stack.start_writes_server()
    stack.server.check(["/ping-insert", page, form, other_form])
    yard = ping_insert(stack)
    # As a browser sends them: htmx loads the form into the event page and posts
    # it from there (the answer is the thank-you fragment). Then the same again
    # without JavaScript, on an event of its own: the form's page, whole pages.
    hx = {"HX-Request": "true", "HX-Current-URL": stack.server.base + page}
    hx["HX-Target"] = "registration"
    job = {
        "kind": "register", "form_path": form, "post_path": form,
        "form_headers": hx | {"HX-Trigger": "registration"}, "headers": hx,
        "referer_path": page, "concurrency": args.clients,
        "count": args.registrations, "email_prefix": "inscrit", "xff_offset": 0,
    }  # fmt: skip
    no_js_job = {
        "kind": "register", "form_path": other_form, "post_path": other_form,
        "concurrency": args.clients, "count": args.registrations,
        "email_prefix": "sans-js", "xff_offset": 40_000,
    }  # fmt: skip
    runs = {}
    for key, what, run_job, event_id in (
        ("registrations", "with htmx", job, ev["id"]),
        ("no_js", "without JavaScript", no_js_job, other["id"]),
    ):
        log(f"  {args.registrations:,} registrations, {args.clients} clients, {what}")
        cap = stack.cap(args.events_seconds, reserve=args.reserve_after_events)
        result = stack.run_client(run_job | {"max_seconds": cap}, key)
        summary = client_summary(result, key) | {"cap_s": cap, "what": what}
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
    more = sum(f["background"]["ok"] for f in flows)
    stack.server.stop()
    ping = yard["wrk"]["rps"]
    ratio = main["rate"] / ping if ping else 0.0
    by = state["by_status"]
    n = main["ok"]  # exactness on what completed (all unless the time limit hit)
    checks = {
        "all_completed": n == args.registrations,
        "exact_confirmed": by.get("confirmed", 0) == min(n, args.capacity),
        "exact_waitlisted": by.get("waitlisted", 0) == max(0, n - args.capacity)
        and state["registrations"] == n,
        "counters_match": state["seats_taken"] == min(n, args.capacity)
        and state["waitlist_length"] == max(0, n - args.capacity),
        "no_errors": clean(main) and main["ok"] == main["attempted"],
        "registrations_per_s": main["rate"] >= MIN_RATE,
        "ratio_to_ping_insert": ratio >= MIN_WRITE_RATIO,
        "no_js_exact": no_js["ok"] == args.registrations
        and exact(no_js["ok"], args.capacity, no_js_state)
        and clean(no_js),
        "event_page_ratio": flows[0]["ratio"] >= MIN_PAGE_RATIO,
        "event_page_ratio_paced": flows[1]["ratio"] >= MIN_PAGE_RATIO,
        "capacity_held_under_more_load": after["by_status"].get("confirmed", 0)
        == min(args.capacity, n + more)
        and after["by_status"].get("waitlisted", 0) == max(0, n + more - args.capacity)
        and after["seats_taken"] == min(args.capacity, n + more)
        and all(clean(f["background"]) for f in flows),
    }
    return {
        "event": ev,
        "yardstick": yard,
        "registrations": main,
        "state": state,
        "no_js": no_js,
        "no_js_state": no_js_state,
        "flows": flows,
        "state_after_flows": after,
        "quiet": quiet,
        "ratio_to_ping_insert": round(ratio, 3),
        "ratio_no_js": round(no_js["rate"] / ping, 3) if ping else None,
        "checks": checks,
        "targets": {"all": all(checks.values())},
    }


def show(report: dict) -> None:
    rows = [
        ("registrations, with htmx", report["registrations"], "post"),
        ("registrations, without JavaScript", report["no_js"], "post"),
    ]
    rows += [
        (f"registrations during reads, {f['name']}", f["background"], "post")
        for f in report["flows"]
    ]
    print("\nevents:")
    print_writes(report["yardstick"], rows)
    print_reads(report["flows"], report["quiet"])
    print(f"registrations/s = {pct(report['ratio_to_ping_insert'])} of /ping-insert")
    print_checks(report["checks"])


INTRO = """
5,000 registrations from 64 clients for an event of capacity 1,000 (with htmx),
the same without JavaScript, then the event page and /ping under wrk while more
registrations flow. Targets: ≥ 300 registrations/s and ≥ 40 % of /ping-insert's
req/s; exactly 1,000 confirmed and 4,000 waitlisted, zero errors; the event page
≥ 40 % of /ping while registrations flow.
"""


def summary(report: dict) -> dict[str, str]:
    e = report.get("events", report)  # results written before 2026-12 nest it
    r, y = e["registrations"], e["yardstick"]["wrk"]
    no_js, flows = e.get("no_js") or {}, e.get("flows") or [{}, {}]
    checks = e["checks"]
    exact_ok = checks["exact_confirmed"] and checks["exact_waitlisted"]
    machine = report.get("machine") or e.get("run", {}).get("machine", {})
    return run_columns({"date": report.get("date"), "machine": machine}) | {
        "/ping-insert req/s": f"{y['rps']:,.0f}",
        "registrations/s": f"{r['rate']:.1f} ({pct(e['ratio_to_ping_insert'])})",
        "without JS /s": f"{no_js['rate']:.1f}" if no_js.get("rate") else "—",
        "event page ×/ping while writing": f"{pct(flows[0].get('ratio'))} / "
        f"{pct(flows[1].get('ratio'))} paced",
        "exact": "yes" if exact_ok else "NO",
        "all met": "yes" if all(checks.values()) else "no",
    }
