"""Mailings (issue 17): a newsletter to 100,000 confirmed subscribers and a case
update to 20,000 opted-in signers, each run by one mail worker in a process of
its own (bench/mailworker.py): the audience written (Delivery rows), every
message rendered, queued in the outbox (exactly once, keyed) and handed to the
file email backend. Targets: ≥ 500 messages/s per worker from start to the last
message handed over, and memory flat (RSS at a tenth of the run and at its end
within 50 MB; peak RSS reported). /ping is measured in the same run, before
and after the workers (on 2 shared cores a concurrent load would only measure
the contention).
"""

from __future__ import annotations

import json
import os
import subprocess

from ..harness import PYTHON, ROOT, log
from ..report import print_checks, run_columns
from .campaigns import campaign

TITLE = "Mailings benchmark (issue 17)"
MIN_PER_S, MAX_GROWTH_MB = 500.0, 50.0

SUBSCRIBERS = """
    INSERT INTO news_subscriber (email, language, token, confirmed_at, created_at)
    SELECT 'abonne.' || g || '@bench.example.org',
           (ARRAY['fr','nl','en','de'])[1 + g %% 4],
           'bench-sub-' || g || '-' || md5(g::text),
           now() - interval '1 day', now() - interval '2 days'
    FROM generate_series(1, %(n)s) AS g
"""
SIGNERS = """
    INSERT INTO campaigns_action (
        campaign_id, case_id, kind, name, email, email_key, postcode, country,
        letter, share_name, news_opt_in, language, token, confirmed_at, flagged,
        consent_version, consent_hash, created_at)
    SELECT %(campaign)s, %(case)s, 'letter', 'Signataire ' || g,
           'signataire.' || g || '@bench.example.org',
           'signataire.' || g || '@bench.example.org', '1000', 'BE', '', false,
           true, (ARRAY['fr','nl','en','de'])[1 + g %% 4],
           'bench-act-' || g || '-' || md5(g::text), now(), false, '', '', now()
    FROM generate_series(1, %(n)s) AS g
"""


def seed(subscribers: int, signers: int) -> tuple[int, int]:
    from django.db import connection
    from django.utils import timezone

    from plaidoyer.campaigns.models import CaseUpdate
    from plaidoyer.news.models import Newsletter

    camp = campaign("bench-mailings", cases=1)
    case_id = camp["cases"][0][1]
    with connection.cursor() as cursor:
        cursor.execute(SUBSCRIBERS, {"n": subscribers})
        cursor.execute(SIGNERS, {"n": signers, "campaign": camp["id"], "case": case_id})
        cursor.execute("VACUUM ANALYZE news_subscriber")
        cursor.execute("VACUUM ANALYZE campaigns_action")
    letter = Newsletter.objects.create(
        subject_fr="Nouvelles de la coalition",
        subject_nl="Nieuws van de coalitie",
        subject_en="News from the coalition",
        subject_de="Neuigkeiten der Koalition",
        introduction_fr="Bonjour à toutes et à tous, voici les nouvelles du mois.",
        introduction_nl="Hallo allemaal, hier is het nieuws van de maand.",
        status=Newsletter.Status.SENDING,
        include_events=True,
    )
    update = CaseUpdate.objects.create(
        case_id=case_id,
        kind=CaseUpdate.Kind.RELEASED,
        happened_on=timezone.localdate(),
        text_fr="Elle est libre : merci pour vos lettres.",
        text_nl="Ze is vrij: bedankt voor uw brieven.",
        notified_at=None,
    )
    connection.close()
    return letter.pk, update.pk


def worker(kind: str, pk: int) -> dict:
    env = os.environ | {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        # The outbox's own task queue is not drained here: the worker drains.
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [PYTHON, "-m", "bench.mailworker", kind, str(pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(stack, args) -> dict:
    from ..harness import reads

    subscribers = args.subscribers
    signers = args.signers
    log(f"\n== Mailings: newsletter to {subscribers:,}, update to {signers:,}")
    letter_id, update_id = seed(subscribers, signers)
    stack.start_writes_server()
    idle = reads(stack, [("ping", "/ping", "/ping")], True)[0]
    runs = {}
    for kind, pk in (("newsletter", letter_id), ("update", update_id)):
        stack.quiet()
        runs[kind] = r = worker(kind, pk)
        log(
            f"    {kind}: {r['sent']:,} messages in {r['total_s']} s = "
            f"{r['per_s']:,.0f}/s (audience {r['audience_s']} s, render+queue "
            f"{r['render_queue_s']} s, send {r['send_s']} s); RSS "
            f"{r['rss_at_10pct_mb']} → {r['rss_at_end_mb']} MB, peak "
            f"{r['peak_rss_mb']} MB"
        )
    after = reads(stack, [("ping", "/ping", "/ping")], True)[0]
    stack.server.stop()
    expected = {"newsletter": subscribers, "update": signers}
    checks = {}
    for kind, r in runs.items():
        checks[f"{kind}_exact"] = r["sent"] == r["recipients"] == expected[kind]
        checks[f"{kind}_rate"] = r["per_s"] >= MIN_PER_S
        checks[f"{kind}_memory_flat"] = (
            r["rss_at_end_mb"] - r["rss_at_10pct_mb"] <= MAX_GROWTH_MB
        )
    return {
        "subscribers": subscribers,
        "signers": signers,
        "runs": runs,
        "ping_rps": round(idle["rps"], 1),
        "ping_after_rps": round(after["rps"], 1),
        "checks": checks,
        "targets": {"all": all(checks.values())},
    }


def show(report: dict) -> None:
    for kind, r in report["runs"].items():
        print(
            f"\n{kind}: {r['sent']:,} messages, {r['per_s']:,.0f}/s per worker, "
            f"RSS {r['rss_at_10pct_mb']} → {r['rss_at_end_mb']} MB (peak "
            f"{r['peak_rss_mb']} MB)"
        )
    print(
        f"/ping {report['ping_rps']:,.0f} req/s before, "
        f"{report['ping_after_rps']:,.0f} after"
    )
    print_checks(report["checks"])


INTRO = """
A newsletter to 100,000 subscribers and a case update to 20,000 opted-in
signers, each by one worker process: audience, render, outbox (keyed), file
email backend. Targets: ≥ 500 messages/s per worker, every message exactly once,
memory flat (RSS growth ≤ 50 MB after the first tenth). /ping in the same run.
"""


def summary(report: dict) -> dict[str, str]:
    n, u = report["runs"]["newsletter"], report["runs"]["update"]
    return run_columns(report) | {
        "newsletter msg/s": f"{n['per_s']:,.0f}",
        "newsletter peak MB": f"{n['peak_rss_mb']:.0f}",
        "update msg/s": f"{u['per_s']:,.0f}",
        "update peak MB": f"{u['peak_rss_mb']:.0f}",
        "/ping req/s": f"{report['ping_rps']:,.0f}",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
