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

from ..harness import PING, Endpoint, every, log, miss
from ..report import page_summary, show_pages, verdict
from . import (
    aware,
    coordinator,
    copy_rows,
    names,
    org_count,
    published_org_ids,
    read_report,
    serve_pages,
    spread,
    vacuum_analyze,
    words,
)
from .barometer import sectors
from .directory import BIG_TOWNS, seed_to

TITLE = "Participatory process benchmark (issue 6)"
SEED = 2026
SLUG = "assises-contre-le-racisme"
DRAFT_PLACES = words(
    "dans chaque commune, à Bruxelles, en Wallonie, en Flandre, "
    "dans les grandes villes, pour les jeunes, pour les familles, avant 2028"
)
COMMENTS = words(
    """
Nous soutenons cette proposition, qui répond à ce que nous voyons dans nos permanences.
Il faudrait préciser qui finance la mesure et pour combien d'années.
Attention à ne pas oublier les personnes sans papiers, qui n'ont accès à presque rien.
Notre association a mené un projet pilote semblable : les résultats sont encourageants.
Nous proposons d'ajouter une évaluation indépendante après deux ans.
Les communes rurales n'ont pas les moyens de le faire seules.
Wij steunen dit voorstel, maar vragen een duidelijke timing.
Il faut associer les personnes concernées dès la conception.
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
    text = "Une soirée de travail ouverte aux organisations membres."
    for m in range(n):
        day = today + datetime.timedelta(days=-90 + m * 110 // max(1, n - 1))
        title = f"Rencontre thématique {m + 1} : {secs[m % len(secs)].name_fr}"
        town = rng.choice(towns)
        event = Event(
            slug=f"{SLUG}-rencontre-{m + 1}",
            **names("title", title),
            **names("description", text),
            kind="thematic_meeting",
            starts_at=aware(day, 18),
            ends_at=aware(day, 21),
            mode=rng.choice(["in_person", "in_person", "hybrid"]),
            venue="Maison des associations",
            municipality=town,
            capacity=rng.choice([None, 40, 60, 80]),
            requires_confirmation=False,
            search_text=search_blob(title, text, town.name),
        )
        events.append(event)
    Event.objects.bulk_create(events)
    organisers, rows = [], []
    for event in events:
        for org_id in rng.sample(member_ids[:12], rng.randint(1, 2)):
            organisers.append(
                Event.organisers.through(event_id=event.pk, organisation_id=org_id)
            )
        past = event.starts_at < now
        minutes = "<p>" + " ".join(rng.sample(COMMENTS, 4)) + "</p>" if past else None
        rows.append(
            Meeting(
                process=process,
                event=event,
                minutes=minutes or "",
                minutes_fr=minutes,
                attendance_count=rng.randint(12, 70) if past else None,
                closed_at=event.ends_at if past else None,
            )
        )
    Event.organisers.through.objects.bulk_create(organisers)
    Meeting.objects.bulk_create(rows)
    return rows


def _drafts(rng, process, n, secs, meetings, by, now) -> list:
    """``n`` drafts (1–3 versions each), 1 in 50 adopted, 1 % withdrawn."""
    from plaidoyer.commitments.demo import SECTORS
    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.core.html import clean_text
    from plaidoyer.processes.models import Draft, DraftVersion

    open_recs = list(
        Recommendation.objects.filter(adopted_from=None).order_by("id")[:40]
    )
    topics = [own[0] for row in SECTORS for own in row[7]]  # the app's titles
    drafts, versions = [], []
    for d in range(n):
        sector = secs[d % len(secs)]
        topic = rng.choice(topics)
        title = f"{topic} {rng.choice(DRAFT_PLACES)} ({sector.code}-{d + 1})"
        text = " ".join(rng.sample(COMMENTS, 3))
        n_versions = rng.choices([1, 2, 3], [60, 30, 10])[0]
        adopted = open_recs.pop() if open_recs and d >= 3 and d % 50 == 7 else None
        withdrawn = not adopted and d >= 3 and rng.random() < 0.01
        drafts.append(
            Draft(
                process=process,
                meeting=rng.choice(meetings) if rng.random() < 0.7 else None,
                sector=sector,
                **names("title", title),
                **names("text", text),
                version=n_versions,
                status="adopted" if adopted else "withdrawn" if withdrawn else "open",
                adopted_as=adopted,
                adopted_at=now - datetime.timedelta(days=3) if adopted else None,
                created_by=by,
            )
        )
        for v in range(1, n_versions + 1):
            earlier = text.replace("Nous", "Nous, associations,", 1)[: 40 * v + 60]
            versions.append(
                DraftVersion(
                    number=v,
                    title=title,
                    text=text if v == n_versions else clean_text(earlier),
                    author=by,
                    note="" if v == 1 else "Reformulation après la rencontre.",
                    draft=drafts[-1],
                )
            )
    Draft.objects.bulk_create(drafts, batch_size=1000)
    DraftVersion.objects.bulk_create(versions, batch_size=2000)
    return drafts


def seed(
    drafts: int, comments: int, endorsements: int, meetings: int, members: int = 400
) -> None:
    """The process in its consultation phase, its meetings, drafts (with version
    histories), comments and endorsements from ``members`` organisations."""
    from django.db import transaction
    from django.utils import timezone, translation

    from plaidoyer.core import versions
    from plaidoyer.organisations.models import Organisation, Theme
    from plaidoyer.processes.models import (
        Comment,
        Draft,
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
        by, secs = coordinator(), sectors()
        member_ids = rng.sample(published_org_ids(), members)
        text = "Un an de rencontres pour écrire ensemble le prochain mémorandum."
        process = Process.objects.create(
            slug=SLUG,
            **names(
                "title", "Assises contre le racisme", "Staten-Generaal tegen racisme"
            ),
            **names("description", text),
            started_on=today - datetime.timedelta(days=120),
        )
        process.themes.set(Theme.objects.all()[:4])
        Phase.objects.bulk_create(
            Phase(
                process=process,
                kind=kind,
                **names("name", name),
                starts_on=today + datetime.timedelta(days=a),
                ends_on=today + datetime.timedelta(days=b),
            )
            for kind, name, a, b in PHASES
        )
        ProcessMember.objects.bulk_create(
            ProcessMember(
                process=process,
                organisation_id=org_id,
                role="organiser" if i < 2 else "steering" if i < 12 else "participant",
            )
            for i, org_id in enumerate(member_ids)
        )
        meeting_rows = _meetings(rng, process, meetings, secs, member_ids, today, now)
        draft_objs = _drafts(rng, process, drafts, secs, meeting_rows, by, now)
        # Comments: the three probes first, the rest skewed (a few busy drafts).
        probes = [500, 5, 1200][: min(3, drafts)]
        weights = [1 / (i + 5) ** 0.7 for i in range(drafts - len(probes))]
        rng.shuffle(weights)
        per_draft = probes + spread(rng, comments - sum(probes), weights)
        first_day = now - datetime.timedelta(days=30)

        def comment_rows():
            for d, n in enumerate(per_draft):
                for k in range(n):
                    created = first_day + datetime.timedelta(
                        seconds=(k * 2_592_000) // max(1, n) + rng.randint(0, 600)
                    )
                    hidden = rng.random() < 0.01
                    body = " ".join(rng.sample(COMMENTS, rng.randint(1, 3)))
                    yield (
                        draft_objs[d].pk,
                        rng.choice(member_ids),
                        None,
                        body,
                        "Hors sujet." if hidden else "",
                        by.pk if hidden else None,
                        created if hidden else None,
                        created,
                    )

        fields = ["draft", "organisation", "author", "body", "hidden_reason"]
        fields += ["hidden_by", "hidden_at", "created_at"]
        n_comments = copy_rows(Comment, fields, comment_rows())
        # Endorsements: one per organisation and draft, skewed, at most `members`.
        weights = [1 / (i + 3) ** 0.6 for i in range(drafts)]
        rng.shuffle(weights)
        per_endorse = spread(rng, endorsements, weights, cap=members)
        reasons = ["", "", "", "Indispensable pour nos publics."]
        rows = (
            (
                draft_objs[d].pk,
                org_id,
                None,
                rng.choice(reasons),
                first_day + datetime.timedelta(seconds=rng.randint(0, 2_592_000)),
            )
            for d, n in enumerate(per_endorse)
            for org_id in rng.sample(member_ids, n)
        )
        fields = ["draft", "organisation", "author", "reason", "created_at"]
        n_endorsements = copy_rows(Endorsement, fields, rows)
        for d, draft in enumerate(draft_objs):  # the counters the services keep
            draft.comment_count, draft.endorsement_count = per_draft[d], per_endorse[d]
        Draft.objects.bulk_update(
            draft_objs, ["comment_count", "endorsement_count"], batch_size=1000
        )
        versions.bump("processes")
        versions.bump("events")
    tables = ["draft", "comment", "endorsement", "draftversion"]
    vacuum_analyze([f"processes_{t}" for t in tables] + ["events_event"])
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
    comments, endorsements = Comment.objects.count(), Endorsement.objects.count()
    return {
        "meetings": Meeting.objects.count(),
        "drafts": Draft.objects.count(),
        "comments": comments,
        "endorsements": endorsements,
        "counters_consistent": (agg["comments"], agg["endorsements"])
        == (comments, endorsements),
        "max_comments_per_draft": agg["max_comments"],
    }


def endpoints() -> tuple[list[Endpoint], list[tuple[str, str]]]:
    from plaidoyer.processes.models import Draft

    drafts = Draft.objects.filter(process__slug=SLUG).order_by("id")
    probes = list(drafts.values_list("pk", "comment_count")[:3])
    all_ids = list(drafts.values_list("pk", flat=True))
    rotation = [pk for pk, _c in probes]
    rotation += random.Random(6).sample(all_ids[3:], min(47, len(all_ids) - 3))
    draft = f"/fr/processes/{SLUG}/drafts/{{}}/".format
    process = f"/fr/processes/{SLUG}/"
    sizes = ", ".join(f"{c:,}" for _pk, c in probes)
    shuffled = random.Random(5).sample(all_ids, len(all_ids))
    eps = [
        PING,
        Endpoint(
            "process",
            "process page",
            [process],
            f"{len(all_ids):,} drafts in its table",
            max_p99_ms=None,
        ),
        Endpoint(
            "draft",
            "draft page",
            [draft(pk) for pk in rotation],
            f"{len(rotation)} drafts rotate, incl. ones with {sizes} comments",
            max_p99_ms=None,
        ),
        every("draft", "drafts", [draft(pk) for pk in shuffled]),
        miss("process", "process page", [process]),
    ]
    query_pages = [("process page", process)]
    query_pages += [(f"draft with {c:,} comments", draft(pk)) for pk, c in probes]
    query_pages += [("a typical draft", draft(rotation[3]))]
    return eps, query_pages


def draft_queries(queries: dict) -> list[int]:
    """The queries of each draft page rendered, fewest first."""
    return sorted(
        {r["render"]["queries"] for k, r in queries.items() if k.startswith("draft")}
    )


def run(stack, args) -> dict:
    log(
        f"\n[processes] seeding a process: {args.meetings} meetings, {args.drafts:,} "
        f"drafts, {args.comments:,} comments, {args.endorsements:,} endorsements"
    )
    seed(args.drafts, args.comments, args.endorsements, args.meetings)
    data = describe() | {"organisations": org_count()}
    eps, query_pages, results, _ = serve_pages(stack, endpoints)
    return read_report(
        args,
        eps,
        results,
        query_pages,
        data=data,
        check=lambda q: {"draft_queries_constant": len(draft_queries(q)) == 1},
    )


def show(report: dict) -> None:
    show_pages("processes", report)
    ok = report["targets"]["draft_queries_constant"]
    print(f"draft pages' queries do not grow with the comments: {verdict(ok)}")


INTRO = """
A process with 50 meetings, 2,000 drafts, 50,000 comments and 20,000
endorsements. Targets: process page and draft pages each ≥ 40 % of /ping's
req/s; the queries of a draft page do not grow with its comments. Figures:
/ping's req/s, each page's share of it (p99 ms), the draft pages' queries.
"""


def summary(report: dict) -> dict[str, str]:
    draft_q = "/".join(map(str, draft_queries(report.get("queries") or {})))
    keys = ["process", "draft", "draft_all"]
    return page_summary(report, keys, **{"draft queries": draft_q or "—"})
