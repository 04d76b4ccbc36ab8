"""Participatory process (issue 6): one process with 50 meetings (events), 2,000
drafts (1–3 versions), 50,000 comments, 20,000 endorsements, 400 member
organisations. Process page and draft pages each ≥ 40 % of /ping; queries per
draft page constant (a draft with 5 comments and one with 500).

Phases around today (the consultation is open); past meetings closed with
minutes; 40 drafts adopted as recommendations when the barometer's exist.
Comments are skewed; the first three drafts are probes with 500, 5 and 1,200
comments. The draft counters equal the rows.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import asdict

from ..harness import PING, Endpoint, info, log
from ..inprocess import profile_pages, query_counts
from ..report import page_figures, print_pages, print_queries, verdict
from . import (
    aware,
    cache_size,
    coordinator,
    copy_rows,
    org_count,
    published_org_ids,
    vacuum_analyze,
    words,
)
from .barometer import sectors
from .directory import BIG_TOWNS, seed_to

TITLE = "Participatory process benchmark (issue 6)"
SEED = 2026
SLUG = "assises-contre-le-racisme"
DRAFT_OPENINGS = words(
    "Créer, Financer, Garantir, Évaluer, Rendre accessible, "
    "Former les professionnels à, Soutenir, Publier"
)
DRAFT_TOPICS = words(
    """
un service d'interprétariat social
des permanences juridiques de quartier
un observatoire local des discriminations
des tests de situation dans le logement
un parcours d'accueil pour les primo-arrivants
des médiateurs interculturels dans les écoles
un fonds pour les associations de terrain
une cellule d'aide aux victimes
des cours de français gratuits
un label d'employeur inclusif
""",
    "\n",
)
DRAFT_PLACES = words(
    "dans chaque commune, à Bruxelles, en Wallonie, en Flandre, "
    "dans les grandes villes, pour les jeunes, pour les familles, avant 2028"
)
COMMENT_SENTENCES = words(
    """
Nous soutenons cette proposition, qui répond à ce que nous voyons dans nos permanences.
Il faudrait préciser qui finance la mesure et pour combien d'années.
Attention à ne pas oublier les personnes sans papiers, qui n'ont accès à presque rien.
Notre association a mené un projet pilote semblable en 2022 : les résultats sont encourageants.
Nous proposons d'ajouter une évaluation indépendante après deux ans.
Le texte gagnerait à citer les recommandations d'Unia sur ce point.
Les communes rurales n'ont pas les moyens de le faire seules.
Wij steunen dit voorstel, maar vragen een duidelijke timing.
Il faut associer les personnes concernées dès la conception.
D'accord sur le fond, mais le vocabulaire doit être plus précis juridiquement.
""",
    "\n",
)
PHASES = [
    ("information", "Information", -120, -91),
    ("meetings", "Rencontres thématiques", -90, -31),
    ("consultation", "Consultation sur les projets", -30, 30),
    ("adoption", "Adoption", 31, 60),
    ("follow_up", "Suivi", 61, 365),
]


def _meetings(rng, process, n, secs, member_ids, today, now) -> list:
    from plaidoyer.core.text import search_blob
    from plaidoyer.events.models import Event
    from plaidoyer.places.models import Municipality
    from plaidoyer.processes.models import Meeting

    towns = list(Municipality.objects.filter(nis_code__in=list(BIG_TOWNS)))
    events = []
    description = "Une soirée de travail ouverte aux organisations membres."
    for m in range(n):
        starts = aware(
            today + datetime.timedelta(days=-90 + m * 110 // max(1, n - 1)), 18
        )
        title = f"Rencontre thématique {m + 1} : {secs[m % len(secs)].name_fr}"
        town = rng.choice(towns)
        event = Event(
            title=title, title_fr=title, slug=f"{SLUG}-rencontre-{m + 1}",
            description=description, description_fr=description,
            kind="thematic_meeting", starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            mode=rng.choice(["in_person", "in_person", "hybrid"]),
            venue="Maison des associations", municipality=town,
            capacity=rng.choice([None, 40, 60, 80]), requires_confirmation=False,
        )  # fmt: skip
        event.search_text = search_blob(title, description, town.name)
        events.append(event)
    Event.objects.bulk_create(events)
    organisers, rows = [], []
    for event in events:
        for org_id in rng.sample(member_ids[:12], rng.randint(1, 2)):
            organisers.append(
                Event.organisers.through(event_id=event.pk, organisation_id=org_id)
            )
        past = event.starts_at < now
        minutes = (
            "<p>" + " ".join(rng.sample(COMMENT_SENTENCES, 4)) + "</p>"
            if past
            else None
        )
        rows.append(
            Meeting(
                process=process, event=event, minutes=minutes or "", minutes_fr=minutes,
                attendance_count=rng.randint(12, 70) if past else None,
                closed_at=event.ends_at if past else None,
            )
        )  # fmt: skip
    Event.organisers.through.objects.bulk_create(organisers)
    Meeting.objects.bulk_create(rows)
    return rows


def seed(drafts: int, comments: int, endorsements: int, meetings: int,
         members: int = 400) -> None:  # fmt: skip
    """The process in its consultation phase, its meetings, drafts (with version
    histories), comments and endorsements from ``members`` organisations."""
    from django.db import transaction
    from django.utils import timezone, translation

    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.core import versions
    from plaidoyer.core.html import clean_text
    from plaidoyer.organisations.models import Organisation, Theme
    from plaidoyer.processes.models import (
        Comment,
        Draft,
        DraftVersion,
        Endorsement,
        Phase,
        Process,
        ProcessMember,
    )

    if Process.objects.filter(slug=SLUG).exists():
        return
    if Organisation.objects.filter(is_published=True).count() < members:
        seed_to(max(members * 2, 1000))
    rng = random.Random(SEED)
    today, now, t0 = timezone.localdate(), timezone.now(), time.monotonic()
    with translation.override("fr"), transaction.atomic():
        by = coordinator()
        secs = sectors()
        member_ids = rng.sample(published_org_ids(), members)
        description = "Un an de rencontres pour écrire ensemble le prochain mémorandum."
        process = Process.objects.create(
            title="Assises contre le racisme", title_fr="Assises contre le racisme",
            title_nl="Staten-Generaal tegen racisme", slug=SLUG,
            description=description, description_fr=description,
            started_on=today - datetime.timedelta(days=120),
        )  # fmt: skip
        process.themes.set(Theme.objects.all()[:4])
        Phase.objects.bulk_create(
            Phase(process=process, kind=kind, name=name, name_fr=name,
                  starts_on=today + datetime.timedelta(days=a),
                  ends_on=today + datetime.timedelta(days=b))
            for kind, name, a, b in PHASES
        )  # fmt: skip
        ProcessMember.objects.bulk_create(
            ProcessMember(
                process=process, organisation_id=org_id,
                role="organiser" if i < 2 else "steering" if i < 12 else "participant",
            )
            for i, org_id in enumerate(member_ids)
        )  # fmt: skip
        meeting_rows = _meetings(rng, process, meetings, secs, member_ids, today, now)
        open_recs = list(
            Recommendation.objects.filter(adopted_from=None).order_by("id")[:40]
        )
        draft_objs, version_rows = [], []
        for d in range(drafts):
            sector = secs[d % len(secs)]
            title = (
                f"{rng.choice(DRAFT_OPENINGS)} {rng.choice(DRAFT_TOPICS)} "
                f"{rng.choice(DRAFT_PLACES)} ({sector.code}-{d + 1})"
            )
            text = " ".join(rng.sample(COMMENT_SENTENCES, 3))
            n_versions = rng.choices([1, 2, 3], [60, 30, 10])[0]
            adopted = open_recs.pop() if open_recs and d >= 3 and d % 50 == 7 else None
            withdrawn = not adopted and d >= 3 and rng.random() < 0.01
            status = "adopted" if adopted else "withdrawn" if withdrawn else "open"
            meeting = rng.choice(meeting_rows) if rng.random() < 0.7 else None
            draft_objs.append(
                Draft(
                    process=process, meeting=meeting, sector=sector, title=title,
                    title_fr=title, text=text, text_fr=text, version=n_versions,
                    status=status, adopted_as=adopted,
                    adopted_at=now - datetime.timedelta(days=3) if adopted else None,
                    created_by=by,
                )
            )  # fmt: skip
            for v in range(1, n_versions + 1):
                earlier = text.replace("Nous", "Nous, associations,", 1)[: 40 * v + 60]
                version_rows.append(
                    (d, v, title, text if v == n_versions else clean_text(earlier))
                )
        Draft.objects.bulk_create(draft_objs, batch_size=1000)
        DraftVersion.objects.bulk_create(
            [
                DraftVersion(
                    draft=draft_objs[d], number=v, title=title, text=text, author=by,
                    note="" if v == 1 else "Reformulation après la rencontre.",
                )
                for d, v, title, text in version_rows
            ],
            batch_size=2000,
        )  # fmt: skip

        # Comments: the three probes first, the rest skewed (a few busy drafts).
        probes = [500, 5, 1200][: min(3, drafts)]
        weights = [1 / (i + 5) ** 0.7 for i in range(drafts - len(probes))]
        rng.shuffle(weights)
        rest, total_w = comments - sum(probes), sum(weights)
        per_draft = probes + [int(rest * w / total_w) for w in weights]
        for i in rng.sample(range(len(probes), drafts), comments - sum(per_draft)):
            per_draft[i] += 1
        first_day = now - datetime.timedelta(days=30)

        def comment_rows():
            for d, n in enumerate(per_draft):
                for k in range(n):
                    created = first_day + datetime.timedelta(
                        seconds=(k * 2_592_000) // max(1, n) + rng.randint(0, 600)
                    )
                    hidden = rng.random() < 0.01
                    org_id = rng.choice(member_ids)
                    body = " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3)))
                    yield (draft_objs[d].pk, org_id, None, body,
                           "Hors sujet." if hidden else "", by.pk if hidden else None,
                           created if hidden else None, created)  # fmt: skip

        fields = ["draft", "organisation", "author", "body", "hidden_reason"]
        fields += ["hidden_by", "hidden_at", "created_at"]
        n_comments = copy_rows(Comment, fields, comment_rows())
        # Endorsements: one per organisation and draft, skewed, at most `members`.
        e_weights = [1 / (i + 3) ** 0.6 for i in range(drafts)]
        rng.shuffle(e_weights)
        total_e = sum(e_weights)
        per_endorse = [min(members, int(endorsements * w / total_e)) for w in e_weights]
        while sum(per_endorse) < endorsements:
            i = rng.randrange(drafts)
            if per_endorse[i] < members:
                per_endorse[i] += 1

        def endorsement_rows():
            for d, n in enumerate(per_endorse):
                for org_id in rng.sample(member_ids, n):
                    reason = rng.choice(["", "", "", "Indispensable pour nos publics."])
                    created = first_day + datetime.timedelta(
                        seconds=rng.randint(0, 2_592_000)
                    )
                    yield (draft_objs[d].pk, org_id, None, reason, created)

        fields = ["draft", "organisation", "author", "reason", "created_at"]
        n_endorsements = copy_rows(Endorsement, fields, endorsement_rows())
        for d, draft in enumerate(draft_objs):  # the counters the services keep
            draft.comment_count, draft.endorsement_count = per_draft[d], per_endorse[d]
        Draft.objects.bulk_update(
            draft_objs, ["comment_count", "endorsement_count"], batch_size=1000
        )
        versions.bump("processes")
        versions.bump("events")
    vacuum_analyze(
        ["processes_draft", "processes_comment", "processes_endorsement",
         "processes_draftversion", "events_event"]
    )  # fmt: skip
    log(
        f"  process with {meetings} meetings, {len(draft_objs):,} drafts, "
        f"{n_comments:,} comments, {n_endorsements:,} endorsements "
        f"in {time.monotonic() - t0:.1f} s"
    )


def describe() -> dict:
    from django.db.models import Max, Sum

    from plaidoyer.processes.models import Comment, Draft, Endorsement, Meeting

    agg = Draft.objects.aggregate(
        comments=Sum("comment_count"),
        endorsements=Sum("endorsement_count"),
        max_comments=Max("comment_count"),
    )
    return {
        "meetings": Meeting.objects.count(),
        "drafts": Draft.objects.count(),
        "comments": Comment.objects.count(),
        "endorsements": Endorsement.objects.count(),
        "counters_consistent": agg["comments"] == Comment.objects.count()
        and agg["endorsements"] == Endorsement.objects.count(),
        "max_comments_per_draft": agg["max_comments"],
    }


def endpoints() -> tuple[list[Endpoint], list[tuple[str, str]]]:
    from plaidoyer.processes.models import Draft

    drafts = Draft.objects.filter(process__slug=SLUG).order_by("id")
    probes = list(drafts.values_list("pk", "comment_count")[:3])
    all_ids = list(drafts.values_list("pk", flat=True))
    rotation = [pk for pk, _c in probes] + random.Random(6).sample(
        all_ids[3:], min(47, len(all_ids) - 3)
    )
    draft = f"/fr/processes/{SLUG}/drafts/{{}}/".format
    process = f"/fr/processes/{SLUG}/"
    eps = [
        PING,
        Endpoint("process", "process page", [process],
                 f"{len(all_ids):,} drafts in its table", max_p99_ms=None),
        Endpoint("draft", "draft page", [draft(pk) for pk in rotation],
                 f"{len(rotation)} drafts rotate, incl. ones with "
                 + ", ".join(f"{c:,}" for _pk, c in probes) + " comments",
                 max_p99_ms=None),
        info("draft_all", "draft, all drafts",
             [draft(pk) for pk in random.Random(5).sample(all_ids, len(all_ids))],
             f"all {len(all_ids):,} drafts rotate: each worker renders each one "
             f"before its cache can answer ({cache_size()})"),
        info("process_miss", "process page, cache miss", [process],
             "a new URL each request: rendered every time", unique=True),
    ]  # fmt: skip
    query_pages = [("process page", process)]
    query_pages += [(f"draft with {c:,} comments", draft(pk)) for pk, c in probes]
    query_pages += [("a typical draft", draft(rotation[3]))]
    return eps, query_pages


def run(stack, args) -> dict:
    log(
        f"\n[processes] seeding a process: {args.meetings} meetings, {args.drafts:,} "
        f"drafts, {args.comments:,} comments, {args.endorsements:,} endorsements"
    )
    seed(args.drafts, args.comments, args.endorsements, args.meetings)
    data = describe() | {"organisations": org_count()}
    stack.server.start()
    try:
        eps, query_pages = endpoints()
        results = [asdict(m) for m in stack.measure_pages(eps)]
    finally:
        stack.server.stop()
    queries = query_counts(query_pages)
    drafts = {
        r["render"]["queries"] for k, r in queries.items() if k.startswith("draft")
    }
    constant = len(drafts) == 1
    met = all(all(r["checks"].values()) for r in results if r["checks"])
    profile = (
        profile_pages(eps, args.profile_file, parts=False) if args.profile else None
    )
    return {
        "targets": {"draft_queries_constant": constant, "all": met and constant},
        "data": data,
        "results": results,
        "queries": queries,
        "profile": profile,
    }


def show(report: dict) -> None:
    print_pages("processes", report["results"])
    print_queries(report["queries"])
    ok = report["targets"]["draft_queries_constant"]
    print(f"draft pages' queries do not grow with the comments: {verdict(ok)}")


INTRO = """
A process with 50 meetings, 2,000 drafts, 50,000 comments and 20,000
endorsements. Targets: process page and draft pages each ≥ 40 % of /ping's
req/s; the queries of a draft page do not grow with its comments. Figures:
/ping's req/s, each page's share of it (p99 ms), the draft pages' queries.
"""


def summary(report: dict) -> dict[str, str]:
    queries = report.get("queries") or {}
    draft_q = sorted(
        {r["render"]["queries"] for k, r in queries.items() if k.startswith("draft")}
    )
    row = page_figures(report["results"], ["process", "draft", "draft_all"])
    return row | {
        "draft queries": "/".join(map(str, draft_q)) or "—",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
