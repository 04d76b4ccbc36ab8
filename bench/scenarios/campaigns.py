"""Campaign actions (issue 5): 20,000 online letters from 64 clients, each
submitted with htmx (as from the campaign page) then confirmed through its
link, spread over 500 municipalities. counts() and the per-municipality sums
exact, ≥ 500 actions/s and ≥ 40 % of /ping-insert's req/s; a fifth as many
without JavaScript; then, while more actions flow, counter.json ≥ 80 % of /ping.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from ..harness import clean, log, ping_insert, read_while_writing, share, write_report
from ..report import pct, show_writes, write_summary
from . import names

TITLE = "Campaign actions benchmark (issue 5)"
MIN_RATE, MIN_WRITE_RATIO, MIN_COUNTER_RATIO = 500.0, 0.40, 0.80
LETTER = (
    "Madame, Monsieur l'Ambassadeur,\n\n"
    "Je vous écris pour vous demander de libérer immédiatement et sans condition "
    "la personne détenue pour avoir exercé pacifiquement son droit à la liberté "
    "d'expression. Dans l'attente de sa libération, veillez à ce qu'elle puisse "
    "voir sa famille et son avocat, et qu'elle reçoive les soins dont elle a "
    "besoin. Je vous remercie de l'attention que vous porterez à cette lettre.\n\n"
    "Veuillez agréer l'expression de ma haute considération."
)


def campaign(slug: str, *, cases: int = 3) -> dict:
    from django.utils import timezone, translation

    from plaidoyer.campaigns.models import Campaign, Case

    now = timezone.now()
    with translation.override("fr"):
        c = Campaign.objects.create(
            slug=slug,
            **names("title", "Marathon bench des lettres"),
            description_fr="Écrivez pour des personnes en danger : chaque lettre "
            "compte, en ligne comme sur papier.",
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
    """(postcode, municipality id) for different municipalities, each postcode
    serving exactly one municipality."""
    from django.db.models import Count

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
    return [(per_town[t], t) for t in random.Random(seed).sample(towns, municipalities)]


def campaign_state(campaign_id: int) -> dict:
    from django.core.cache import cache

    from plaidoyer.campaigns import selectors
    from plaidoyer.campaigns.models import Action, Campaign

    c = Campaign.objects.get(pk=campaign_id)
    counts = selectors.counts(c, fresh=True)
    cache.clear()  # municipality_rows is cached; read it fresh
    actions = Action.objects.filter(campaign=c)
    return {
        "counts": {k: v for k, v in counts.items() if k != "per_case"},
        "per_municipality": {
            r["nis_code"]: r["online"] for r in selectors.municipality_rows(c)
        },
        "actions": actions.count(),
        "confirmed": actions.filter(confirmed_at__isnull=False).count(),
        "flagged": actions.filter(flagged=True).count(),
    }


def run(stack, args) -> dict:
    from plaidoyer.places.models import Municipality

    log(
        f"\n== Campaigns: {args.actions:,} actions (submit + confirm) over "
        f"{args.municipalities} municipalities"
    )
    camp = campaign("bench-lettres")
    places = postcodes(args.municipalities)
    towns = Municipality.objects.filter(pk__in=[t for _c, t in places])
    nis = dict(towns.values_list("pk", "nis_code"))
    page = f"/fr/campaigns/{camp['slug']}/"
    counter = f"{page}counter.json"
    stack.start_writes_server()
    stack.server.check(["/ping-insert", page, counter])
    yard = ping_insert(stack)
    log(f"  {args.actions:,} actions from {args.clients} clients, with htmx")
    # As a browser sends them: htmx posts the form from the campaign page (the
    # answer is the thank-you fragment); the confirmation link opens a page.
    hx = {"HX-Request": "true", "HX-Current-URL": stack.server.base + page}
    job = {"kind": "act", "form_path": page, "headers": hx | {"HX-Target": "act"}}
    job |= {"post_path": f"{page}act/", "confirm_prefix": "/fr/campaigns/confirm/"}
    job |= {"concurrency": args.clients, "count": args.actions, "xff_offset": 0}
    job |= {"email_prefix": "signataire", "letter": LETTER}
    job["database_url"] = stack.env["DATABASE_URL"]
    job["items"] = {"postcodes": [code for code, _t in places], "cases": camp["cases"]}
    seconds, reserve = args.actions_seconds, args.reserve_after_campaigns
    main = stack.writes(job, "actions", seconds, reserve)
    state = campaign_state(camp["id"])
    log(
        f"    {main['ok']:,} actions in {main['seconds']:.1f} s = {main['rate']:.1f}/s; "
        f"statuses {main['status']}; errors {main['errors']}; others' CPU "
        f"{pct(main['foreign_cpu'])}; counts(): {state['counts']}"
    )
    # What the clients sent: action n used postcode n % len(places).
    expected = Counter(
        nis[places[n % len(places)][1]] for n in range(main["attempted"])
    )
    per_town = state["per_municipality"]
    mismatched = {
        k: (expected.get(k, 0), per_town.get(k, 0))
        for k in set(expected) | set(per_town)
        if expected.get(k, 0) != per_town.get(k, 0)
    }
    # The same without JavaScript (whole pages), fewer: a comparison.
    no_js_count = max(1, args.actions // 5)
    log(f"  {no_js_count:,} actions from {args.clients} clients, without JavaScript")
    no_js_job = {k: v for k, v in job.items() if k != "headers"}
    no_js_job |= {"count": no_js_count, "email_prefix": "sans-js", "xff_offset": 20_000}
    no_js = stack.writes(no_js_job, "actions-no-js", seconds, reserve)
    no_js["what"] = "without JavaScript"
    log(
        f"    {no_js['ok']:,} actions = {no_js['rate']:.1f}/s; errors {no_js['errors']}"
    )
    target = ("counter", "counter.json", counter)
    flows, quiet = read_while_writing(stack, job, target, main["rate"], 60_000)
    after = campaign_state(camp["id"])
    more = no_js["ok"] + sum(f["background"]["ok"] for f in flows)
    c, n = state["counts"], main["ok"]
    checks = {
        "all_completed": n == args.actions,
        "exact_counts": (c["online_letters"], c["online"], c["total"]) == (n, n, n)
        and c["online_signatures"] == 0,
        "municipality_sums_match": not mismatched
        and sum(per_town.values()) == n
        and len(per_town) == min(args.municipalities, n),
        "none_flagged_or_lost": (state["flagged"], state["actions"], state["confirmed"])
        == (0, n, n),
        "no_errors": clean(main) and main["ok"] == main["attempted"],
        "no_js_clean": no_js["ok"] == no_js_count and clean(no_js),
        "actions_per_s": main["rate"] >= MIN_RATE,
        "ratio_to_ping_insert": share({"actions": main}, yard) >= MIN_WRITE_RATIO,
        "counter_ratio": flows[0]["ratio"] >= MIN_COUNTER_RATIO,
        "counter_ratio_paced": flows[1]["ratio"] >= MIN_COUNTER_RATIO,
        "counts_exact_after_more_load": after["counts"]["online"] == n + more
        and after["flagged"] == 0
        and all(clean(f["background"]) for f in flows),
    }
    return write_report(
        stack,
        yard,
        checks,
        campaign=camp,
        actions=main,
        no_js=no_js,
        state=state,
        municipality_mismatches=mismatched,
        flows=flows,
        counts_after_flows=after["counts"],
        quiet=quiet,
    )


def show(report: dict) -> None:
    labels = ("actions (submit + confirm)", "actions")
    show_writes("campaigns", report, "actions", labels, "action")


INTRO = """
20,000 online letters (submit + confirm) from 64 clients over 500
municipalities (with htmx), a fifth as many without JavaScript, then
counter.json and /ping under wrk while more actions flow. Targets: ≥ 500
actions/s and ≥ 40 % of /ping-insert's req/s; counts() and the per-municipality
sums exact, none flagged or lost, zero errors; counter.json ≥ 80 % of /ping
while actions flow.
"""


def summary(report: dict) -> dict[str, str]:
    checks = report["checks"]
    exact = checks["exact_counts"] and checks["municipality_sums_match"]
    return write_summary(report, "actions", "counter.json", exact)
