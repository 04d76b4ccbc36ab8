"""Actions export (issue 5): 1,000,000 actions inserted directly, then the
coordinators' CSV export streamed whole by a logged-in coordinator: complete,
in under 60 s, the gunicorn worker's peak memory (VmHWM) under 300 MB, and the
worker survives. Also counts() at this size and counter.json under wrk.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

from ..harness import log, reads
from ..report import print_checks, run_columns
from .campaigns import LETTER, campaign, postcodes

TITLE = "Actions export benchmark (issue 5)"
MAX_EXPORT_S, MAX_WORKER_MB = 60.0, 300.0
COORDINATOR = ("coordination@bench.example.org", "bench-Coordination-2026!")
INSERT = """
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
        'BE', %(letter)s, g %% 4 <> 0, g %% 7 = 0, 'fr',
        '10.0.0.0'::inet + g,
        'bulk' || %(campaign)s || '-' || g || '-' || md5(g::text),
        CASE WHEN g %% 20 = 0 THEN NULL
             ELSE now() - (g * interval '860 milliseconds') + interval '3 minutes' END,
        g %% 500 = 0, NULL, now() - (g * interval '860 milliseconds')
    FROM generate_series(%(start)s, %(stop)s) AS g
"""


def bulk_actions(camp: dict, places: list, total: int, batch: int = 200_000) -> dict:
    """``total`` actions with INSERT … SELECT generate_series, in batches: 1 in 10
    a signature, 1 in 20 unconfirmed, 1 in 500 held for review, a quarter
    without the name shared, over the municipalities and cases, over 10 days."""
    from django.db import connection

    t0 = time.monotonic()
    params = {
        "campaign": camp["id"],
        "cases": [pk for _slug, pk in camp["cases"]],
        "ncases": len(camp["cases"]),
        "codes": [code for code, _town in places],
        "towns": [town for _code, town in places],
        "ntowns": len(places),
        "letter": LETTER,
    }
    with connection.cursor() as cursor:
        for start in range(0, total, batch):
            stop = min(total, start + batch)
            cursor.execute(INSERT, params | {"start": start + 1, "stop": stop})
            log(f"    {stop:,} actions inserted ({time.monotonic() - t0:.0f} s)")
        inserted = time.monotonic() - t0
        cursor.execute("VACUUM ANALYZE campaigns_action")
        cursor.execute(
            "SELECT pg_total_relation_size('campaigns_action'), "
            "pg_relation_size('campaigns_action'), max(id) FROM campaigns_action "
            "WHERE campaign_id = %s",
            [camp["id"]],
        )
        total_size, heap, last_id = cursor.fetchone()
    connection.close()
    return {
        "rows": total,
        "insert_s": round(inserted, 1),
        "with_vacuum_s": round(time.monotonic() - t0, 1),
        "table_mb": round(heap / 2**20),
        "with_indexes_mb": round(total_size / 2**20),
        "last_id": last_id,
    }


def coordinator_user(email: str, password: str) -> None:
    from plaidoyer.accounts.models import User

    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = "Coordinatrice bench"
    user.is_coordinator = True
    user.is_active = True
    user.set_password(password)
    user.save()


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of ``pid``, in kB."""
    out = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS", "VmHWM")):
                name, value = line.split(":", 1)
                out[name] = int(value.split()[0])
    return out


class MemorySampler(threading.Thread):
    """VmRSS of every gunicorn worker every 50 ms."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.peak_rss, self.halt = pids, {}, threading.Event()

    def run(self):
        while not self.halt.is_set():
            for pid in self.pids:
                rss = memory(pid).get("VmRSS", 0)
                self.peak_rss[pid] = max(self.peak_rss.get(pid, 0), rss)
            self.halt.wait(0.05)


def run(stack, args) -> dict:
    from django.core.cache import cache
    from django.db import connection

    from plaidoyer.campaigns import selectors
    from plaidoyer.campaigns.models import Campaign

    log(f"\n== Export: {args.export_rows:,} actions, streamed as CSV")
    camp = campaign("bench-export")
    places = postcodes(min(args.municipalities, 500), seed=11)
    bulk = bulk_actions(camp, places, args.export_rows)
    log(
        f"    inserted in {bulk['insert_s']:.0f} s (+ VACUUM ANALYZE: "
        f"{bulk['with_vacuum_s']:.0f} s); table {bulk['table_mb']} MB, "
        f"{bulk['with_indexes_mb']} MB with indexes"
    )
    coordinator_user(*COORDINATOR)
    # What the public counter costs at this size (computed once per worker per 3 s).
    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        selectors.counts(Campaign.objects.get(pk=camp["id"]), fresh=True)
        timings.append(time.perf_counter() - t0)
    cache.clear()
    connection.close()
    counts_ms = round(min(timings) * 1000, 1)
    log(f"    counts() at this size: {counts_ms} ms (fresh, best of 3)")

    stack.start_writes_server({"GUNICORN_CMD_ARGS": f"--timeout {args.export_timeout}"})
    workers = stack.server.worker_pids()
    sampler = MemorySampler(workers)
    sampler.start()
    at_login: dict[int, dict] = {}

    def logged_in():
        # The login hashes the password with Argon2 (memory_cost 100 MiB): its
        # peak is recorded apart, then every worker's VmHWM restarts for the
        # export ("5" in clear_refs, Linux ≥ 4.0).
        at_login.update({pid: memory(pid) for pid in workers})
        for pid in workers:
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")
        sampler.peak_rss.clear()

    stack.quiet()
    try:
        job = {"kind": "export", "login_path": "/fr/accounts/login/"}
        job["path"] = f"/fr/campaigns/{camp['slug']}/actions.csv"
        job |= {"username": COORDINATOR[0], "password": COORDINATOR[1]}
        job |= dict.fromkeys(["timeout", "max_seconds"], args.export_timeout + 60)
        job["xff_offset"] = 125_000
        result = stack.run_client(job, "export", quiet=False, on_ready=logged_in)
    finally:
        sampler.halt.set()
        sampler.join()
    after = {pid: memory(pid) for pid in workers}
    survivors = stack.server.worker_pids()
    counter = f"/fr/campaigns/{camp['slug']}/counter.json"
    log(f"  counter.json of this campaign ({args.export_rows:,} actions) and /ping")
    counter_reads = reads(
        stack, [("counter", "counter.json", counter), ("ping", "/ping", "/ping")], True
    )
    stack.server.stop()
    serving = max(
        workers, key=lambda p: after[p].get("VmHWM", 0) - at_login[p].get("VmRSS", 0)
    )
    peak_mb = max(after[p].get("VmHWM", 0) for p in workers) / 1024
    login_mb = max(at_login[p].get("VmHWM", 0) for p in workers) / 1024
    start_mb = at_login[serving].get("VmRSS", 0) / 1024
    log(
        f"    HTTP {result['status']}, {result['bytes'] / 1e6:.1f} MB, "
        f"{result['lines']:,} lines in {result['total_s']:.1f} s (first byte "
        f"{result['first_byte_s']:.2f} s); export worker {start_mb:.0f} → peak "
        f"{after[serving].get('VmHWM', 0) / 1024:.0f} MB; the login (Argon2) "
        f"peaked at {login_mb:.0f} MB"
    )
    last = result["last_line"]
    checks = {
        "complete": result["status"] == 200
        and result["lines"] == args.export_rows + 1
        and bool(last)
        and last[0].startswith(f"{bulk['last_id']},"),
        "under_time": result["total_s"] < MAX_EXPORT_S,
        "worker_memory": max(peak_mb, login_mb) < MAX_WORKER_MB,
        "worker_survived": sorted(survivors) == sorted(workers),
    }
    return {
        "rows": args.export_rows,
        "bulk": bulk,
        "counts_ms_at_size": counts_ms,
        "result": result,
        "login_peak_mb": round(login_mb, 1),
        "export_worker_rss_at_start_mb": round(start_mb, 1),
        "worker_rss_sampled_peak_mb": {
            str(p): round(v / 1024, 1) for p, v in sampler.peak_rss.items()
        },
        "peak_worker_mb": round(peak_mb, 1),
        "counter_reads": counter_reads,
        "checks": checks,
        "targets": {"all": all(checks.values())},
    }


def show(report: dict) -> None:
    r = report["result"]
    print(
        f"\nexport: {report['rows']:,} actions, HTTP {r['status']}, {r['lines']:,} "
        f"lines, {r['bytes'] / 1e6:.0f} MB in {r['total_s']:.1f} s (first byte "
        f"{r['first_byte_s']:.2f} s, {r['mb_per_s']:.1f} MB/s); worker "
        f"{report['export_worker_rss_at_start_mb']:.0f} → {report['peak_worker_mb']:.0f}"
        f" MB, login {report['login_peak_mb']:.0f} MB; counts() "
        f"{report['counts_ms_at_size']} ms; "
        + ", ".join(
            f"{m['label']} {m['rps']:.0f} req/s" for m in report["counter_reads"]
        )
    )
    print_checks(report["checks"])


INTRO = """
1,000,000 actions in one campaign, then a coordinator streams the CSV export.
Targets: complete, in under 60 s, the worker's peak memory under 300 MB (the
login's Argon2 peak counted apart), the worker survives. Also counts() at this
size and counter.json under wrk.
"""


def summary(report: dict) -> dict[str, str]:
    r = report["result"]
    counter = {m["label"]: m["rps"] for m in report["counter_reads"]}
    return run_columns(report) | {
        "rows": f"{report['rows']:,}",
        "export s": f"{r['total_s']:.1f}",
        "MB/s": f"{r['mb_per_s']:.1f}",
        "worker peak MB": f"{report['peak_worker_mb']:.0f} "
        f"(login {report['login_peak_mb']:.0f})",
        "counts() ms": f"{report['counts_ms_at_size']}",
        "counter.json req/s": f"{counter['counter.json']:,.0f}",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
