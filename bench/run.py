"""Benchmarks on the real stack: gunicorn + PostgreSQL under wrk, on loopback only.

    .venv/bin/python bench/run.py                       # every scenario (~15-25 min)
    .venv/bin/python bench/run.py --scenario barometer  # one of them
    .venv/bin/python bench/run.py --quick               # smaller data, 3 s per page
    .venv/bin/python bench/run.py --snapshot --profile  # HEAD, then profile each page

Starts a throwaway PostgreSQL cluster (scripts/pg-throwaway.sh), migrates, and runs
the scenarios one after the other in the same database (so the site-wide search
sees everything seeded before it): each seeds its data (bench/seed.py), serves the
site with a fresh gunicorn (config/gunicorn.conf.py, DEBUG off, whitenoise manifest
storage) on a free 127.0.0.1 port, and loads it with wrk from a separate process:
the trivial view /ping and the scenario's pages, in the same run. Scenarios:

  directory  200, then 20,000 organisations: list, filtered list, search, profile
  barometer  1,000 recommendations, 20,000 commitments, 200,000 status updates:
             barometer, memorandum, recommendation pages; how long a status update
             takes to show on them (cache invalidation)
  processes  a process with 50 meetings, 2,000 drafts, 50,000 comments, 20,000
             endorsements: process page, draft pages; queries per page
  news       50,000 articles, 20,000 resources: home, news list, site-wide search

Prints tables and writes bench/results/<date>-<scenario>.md and .json. Every wrk
run is bounded by its duration; the server and the cluster are stopped at the end,
whatever happens.

See bench/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import html
import json
import os
import platform
import random
import re
import resource
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PG_SCRIPT = ROOT / "scripts" / "pg-throwaway.sh"
PYTHON = sys.executable

SCENARIOS = ("directory", "barometer", "processes", "news")

# Targets from the issues (2: directory, 3: barometer, 6: processes, 7: news).
MIN_RATIO = 0.40  # a page's req/s >= 40 % of /ping's
MAX_P99_MS = 100.0
MAX_SCALE = 1.5  # directory list at --orgs within 1.5x of its time at --small
NEWS_MIN_RATIO = 0.50  # home page and news list
SEARCH_MIN_RATIO = 0.25  # site-wide search
MAX_INVALIDATION_MS = 1000.0  # a status update shows on the barometer within 1 s

SEARCH_WORDS = ["liege", "jeunes", "buurtwerk", "mandela", "logement", "accueil"]
FILTERED = "/fr/organisations/?province=namur&kind=association"
# Site-wide search: from very common to matching nothing at all (the slowest case).
SITE_SEARCH_WORDS = [
    "racisme",
    "logement",
    "ecole",
    "interpretariat",
    "bruxelles",
    "mandela",
    "kafala",
]

WRK_SCRIPT = """
local paths = {%(paths)s}
local unique = %(unique)s
local i = 0
local n = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  -- Each wrk thread starts at a different place in the rotation.
  i = ((tid or 1) * 7919 + math.random(#paths)) %% #paths
end
function request()
  i = i %% #paths + 1
  local path = paths[i]
  if unique then
    -- A query parameter no view reads: every URL is new, so no cache can answer.
    n = n + 1
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "nocache=" .. (tid or 0) .. "-" .. n
  end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": {"mean": %%.1f, "stdev": %%.1f, "max": %%d, ' ..
    '"p50": %%d, "p75": %%d, "p90": %%d, "p99": %%d, "p99_9": %%d}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
end
"""


@dataclass
class Endpoint:
    """A page to load: wrk rotates over ``paths``.

    ``min_ratio``/``max_p99_ms`` are its targets (None: none; /ping and the
    informational rows have none). ``unique`` appends a query parameter no view
    reads to every request, so every request is a cache miss.
    """

    key: str
    label: str
    paths: list[str]
    note: str = ""
    min_ratio: float | None = MIN_RATIO
    max_p99_ms: float | None = MAX_P99_MS
    unique: bool = False

    @property
    def has_target(self) -> bool:
        return self.min_ratio is not None or self.max_p99_ms is not None


@dataclass
class Measure:
    key: str
    label: str
    organisations: int
    rps: float
    requests: int
    errors: dict
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    kb_per_response: float
    paths: int
    note: str = ""
    ratio: float | None = None
    checks: dict = field(default_factory=dict)
    foreign_cpu: float = 0.0
    attempts: int = 1
    scenario: str = "directory"
    target_ratio: float | None = None
    target_p99_ms: float | None = None
    informational: bool = False
    warmup_runs: list = field(default_factory=list)
    worker_restarts: int | None = None
    drain_s: float = 0.0


# --- processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(pgdir: Path) -> str:
    out = subprocess.run(
        [str(PG_SCRIPT), "start", str(pgdir)],
        cwd="/",
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    url = out.stdout.strip().splitlines()[-1]
    if not url.startswith("postgres://127.0.0.1:") and "@127.0.0.1:" not in url:
        raise RuntimeError(f"unexpected DATABASE_URL from pg-throwaway: {url!r}")
    return url


def postmaster_pid(pgdir: Path) -> int | None:
    try:
        return int((pgdir / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def stop_postgres(pgdir: Path) -> None:
    subprocess.run(
        [str(PG_SCRIPT), "stop", str(pgdir)], cwd="/", check=False, timeout=120
    )


class Gunicorn:
    """gunicorn with the project's config, bound to a free loopback port."""

    def __init__(self, env: dict, workers: int, logdir: Path):
        self.env = env
        self.workers = workers
        self.log = logdir / "gunicorn.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        env = self.env | {
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "-c",
                    str(ROOT / "config" / "gunicorn.conf.py"),
                    "config.wsgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}:\n{self.tail()}")
            try:
                if fetch(self.base + "/ping")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /ping in 60 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = None
            return
        self.proc.send_signal(signal.SIGTERM)  # graceful: workers finish
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def log_offset(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def restarts_since(self, offset: int) -> int:
        """Workers gunicorn booted since ``offset`` in its log (max_requests recycling)."""
        try:
            with self.log.open("rb") as f:
                f.seek(offset)
                return f.read().count(b"Booting worker")
        except OSError:
            return 0

    def drain(self, limit: float = 60) -> float:
        """Wait until /ping answers in < 100 ms again (requests queued by a load that
        outran the workers are still being served after wrk stops); return seconds."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            t = time.monotonic()
            with contextlib.suppress(OSError):
                fetch(self.base + "/ping", timeout=limit)
            if time.monotonic() - t < 0.1:
                break
            time.sleep(0.2)
        return time.monotonic() - start

    def tail(self) -> str:
        try:
            return "".join(self.log.read_text(errors="replace").splitlines(True)[-30:])
        except OSError:
            return ""


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# --- other processes on the machine --------------------------------------------------
# The machine may be shared (a test suite, a browser): each run records the share
# of the machine's CPU that went to processes other than gunicorn, PostgreSQL and
# wrk, waits for a quiet moment before measuring, and measures again (bounded)
# when another process took too much.

CLK = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, int, int]]:
    """{pid: (ppid, own CPU ticks, reaped children's CPU ticks)}."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        f = raw[raw.rfind(")") + 2 :].split()
        table[int(name)] = (int(f[1]), int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
    return table


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    v = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(v) - v[3] - v[4], sum(v)


class CpuMeter:
    """Share of the machine's CPU used by processes that are not ours."""

    def __init__(self, roots):
        self.roots = roots  # callables returning the pids of our process trees

    def _ours(self) -> int:
        table = _proc_table()
        ticks = 0
        for root in filter(None, (r() for r in self.roots)):
            if root in table:
                ticks += table[root][1] + table[root][2]
            ticks += sum(own for ppid, own, _ in table.values() if ppid == root)
        rusage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once reaped
        ticks += int((rusage.ru_utime + rusage.ru_stime) * CLK)
        me = resource.getrusage(resource.RUSAGE_SELF)
        return ticks + int((me.ru_utime + me.ru_stime) * CLK)

    def start(self) -> None:
        self._busy, self._total = _machine_ticks()
        self._mine = self._ours()

    def foreign_share(self) -> float:
        busy, total = _machine_ticks()
        mine = self._ours()
        elapsed = total - self._total
        if elapsed <= 0:
            return 0.0
        return max(0.0, (busy - self._busy) - (mine - self._mine)) / elapsed


def wait_quiet(meter: CpuMeter, budget: list[float], threshold: float, log) -> float:
    """Wait (within ``budget[0]`` seconds overall) until others use < threshold."""
    share = 0.0
    waited = 0.0
    while True:
        meter.start()
        time.sleep(1.0)
        share = meter.foreign_share()
        if share < threshold or budget[0] <= 0:
            break
        budget[0] -= 1.0
        waited += 1.0
        if waited % 10 == 1:
            log(f"    machine busy with other processes ({share:.0%}); waiting…")
    return share


def wrk_command(base: str, ep: Endpoint, args, seconds: float, tmp: Path) -> list[str]:
    """The wrk command line for ``ep`` (its Lua script is written to ``tmp``)."""
    script = tmp / f"{ep.key}.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(json.dumps(p) for p in ep.paths),
            "unique": "true" if getattr(ep, "unique", False) else "false",
        }
    )
    return [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        base + ep.paths[0],
    ]


def parse_wrk(stdout: str) -> dict | None:
    """The summary our Lua ``done()`` prints (requests, errors, latency in µs)."""
    match = re.search(r"^WRKJSON (.*)$", stdout, re.M)
    return json.loads(match.group(1)) if match else None


def run_wrk(base: str, ep: Endpoint, args, seconds: float, tmp: Path) -> dict:
    """Load ``ep`` for ``seconds`` (bounded); return :func:`parse_wrk`'s summary."""
    out = subprocess.run(
        wrk_command(base, ep, args, seconds, tmp),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    raw = parse_wrk(out.stdout)
    if out.returncode != 0 or raw is None:
        raise RuntimeError(f"wrk failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    return raw


def start_wrk(base: str, ep: Endpoint, args, seconds: float, tmp: Path):
    """Start wrk in the background (see :func:`finish_wrk`)."""
    return subprocess.Popen(
        wrk_command(base, ep, args, seconds, tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_wrk(proc, seconds: float) -> dict:
    """Wait for a background wrk (bounded) and return its summary."""
    try:
        stdout, stderr = proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    raw = parse_wrk(stdout)
    if proc.returncode != 0 or raw is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{stdout}{stderr}")
    return raw


# --- Django side (in this process, for migrating, seeding and picking paths) --------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import plaidoyer

    if not Path(plaidoyer.__file__).resolve().is_relative_to(ROOT):
        raise RuntimeError(f"plaidoyer imported from {plaidoyer.__file__}, not {ROOT}")


def snapshot(rev: str, tmp: Path, log) -> Path:
    """Export ``rev`` (git archive: nothing in the repository changes) with this bench/.

    Other people's uncommitted edits then neither break the run nor get measured.
    """
    src = tmp / "src"
    src.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    shutil.rmtree(src / "bench", ignore_errors=True)
    shutil.copytree(
        BENCH,
        src / "bench",
        ignore=shutil.ignore_patterns("tmp", "results", "__pycache__"),
    )
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run(
        [PYTHON, "manage.py", "compilemessages", "-v", "0", "--ignore=node_modules/*"],
        cwd=src,
        env=os.environ | {"DEBUG": "1"},
        check=True,
    )
    log(f"Measuring {rev} exported to {src}")
    return src


def prepare_database(log) -> None:
    from django.core.management import call_command

    t0 = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"  migrated in {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"  collectstatic in {time.monotonic() - t0:.1f} s")


def seed(total: int, log) -> dict:
    sys.path.insert(0, str(BENCH))
    from django.db import connection
    from seed import describe, seed_to

    t0 = time.monotonic()
    done = seed_to(total, log=lambda msg: None)
    info = describe() | {"all_visible": round(done["all_visible"], 3)}
    connection.close()
    log(
        f"  {info['organisations']:,} organisations, {info['networks']} networks, "
        f"{info['memberships']:,} memberships (largest network {info['largest_network_members']}) "
        f"in {time.monotonic() - t0:.1f} s"
    )
    return info


def endpoints() -> tuple[list[Endpoint], dict]:
    """The pages to load, picked from the data now in the database."""
    from django.db import connection
    from django.db.models import Count
    from django.utils import translation

    from plaidoyer.organisations import selectors
    from plaidoyer.organisations.models import Organisation

    with translation.override("fr"):
        published = list(
            Organisation.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )
        rng = random.Random(7)
        big_networks = list(
            Organisation.objects.filter(is_published=True, kind="network")
            .annotate(n=Count("member_links"))
            .order_by("-n")
            .values_list("slug", "n")[:3]
        )
        profiles = [s for s, _ in big_networks]
        others = [s for s in published if s not in profiles]
        profiles += rng.sample(others, min(45, len(others)))
        rng.shuffle(profiles)
        search = {
            w: selectors.organisations(selectors.DirectoryFilters(q=w)).count()
            for w in SEARCH_WORDS
        }
        filtered = selectors.organisations(
            selectors.DirectoryFilters(province="namur", kind="association")
        ).count()
    connection.close()
    eps = [
        PING,
        Endpoint(
            "list",
            "directory list",
            ["/fr/organisations/"],
            f"{len(published):,} published, page 1",
        ),
        Endpoint(
            "filtered",
            "filtered list",
            [FILTERED],
            f"province=namur&kind=association: {filtered:,} matches",
        ),
        Endpoint(
            "search",
            "search",
            [f"/fr/organisations/?q={w}" for w in SEARCH_WORDS],
            "q rotates: " + ", ".join(f"{w} ({n:,})" for w, n in search.items()),
        ),
        Endpoint(
            "profile",
            "profile",
            [f"/fr/organisations/{s}/" for s in profiles],
            f"{len(profiles)} profiles rotate, incl. the 3 largest networks "
            f"({', '.join(str(n) for _, n in big_networks)} members)",
        ),
    ]
    return eps, {"search_matches": search, "filtered_matches": filtered}


PING = Endpoint(
    "ping", "trivial view /ping", ["/ping"], min_ratio=None, max_p99_ms=None
)


def informational(key: str, label: str, paths: list[str], note: str, **kw) -> Endpoint:
    """A row without a target: it explains the others (cache misses, long tails)."""
    return Endpoint(key, label, paths, note, min_ratio=None, max_p99_ms=None, **kw)


def org_count() -> int:
    from django.db import connection

    from plaidoyer.organisations.models import Organisation

    n = Organisation.objects.count()
    connection.close()
    return n


def cache_size() -> str:
    """The cache backend and how many entries it keeps, for the notes."""
    from django.conf import settings

    cache = settings.CACHES["default"]
    backend = cache["BACKEND"].rsplit(".", 1)[-1]
    entries = (cache.get("OPTIONS") or {}).get("MAX_ENTRIES", 300)
    return f"{backend}, {entries:,} entries per worker"


def barometer_endpoints() -> tuple[list[Endpoint], dict]:
    """The barometer, the current memorandum (its 100-item pages), recommendations."""
    from django.db import connection
    from django.db.models import Count

    from plaidoyer.commitments.models import MemorandumItem, Recommendation
    from plaidoyer.commitments.selectors import current_memorandum

    memo = current_memorandum()
    items = MemorandumItem.objects.filter(memorandum=memo).count()
    pages = max(1, -(-items // 100))
    current = Recommendation.objects.filter(items__memorandum=memo)
    codes = list(current.order_by("sort_key").values_list("code", flat=True))
    ranked = list(
        current.annotate(n=Count("commitments"))
        .order_by("-n", "code")
        .values_list("code", "n")
    )
    largest = ranked[:3]
    median = ranked[len(ranked) // 2]
    rng = random.Random(3)
    top = [c for c, _n in largest]
    rotation = top + rng.sample(
        [c for c in codes if c not in top], min(47, len(codes) - 3)
    )
    rng.shuffle(rotation)
    all_codes = codes[:]
    rng.shuffle(all_codes)
    connection.close()
    eps = [
        PING,
        Endpoint(
            "barometer",
            "barometer",
            ["/fr/barometer/"],
            f"{len(codes):,} recommendations in the current memorandum",
        ),
        Endpoint(
            "memorandum",
            "memorandum",
            ["/fr/memorandum/"]
            + [f"/fr/memorandum/?page={p}" for p in range(2, min(pages, 10) + 1)],
            f"current memorandum, {items:,} items, 100 a page: pages 1–{min(pages, 10)} rotate",
        ),
        Endpoint(
            "recommendation",
            "recommendation page",
            [f"/fr/recommendations/{c}/" for c in rotation],
            f"{len(rotation)} codes rotate, incl. the 3 with most commitments "
            f"({', '.join(f'{c}: {n}' for c, n in largest)}); median {median[1]}",
        ),
        informational(
            "recommendation_all",
            "recommendation, all codes",
            [f"/fr/recommendations/{c}/" for c in all_codes],
            f"all {len(all_codes):,} codes rotate: each of the 4 workers renders each "
            f"one before its cache can answer ({cache_size()})",
        ),
        informational(
            "barometer_miss",
            "barometer, cache miss",
            ["/fr/barometer/"],
            "a new URL each request (an ignored parameter): rendered every time",
            unique=True,
        ),
    ]
    extra = {
        "largest": largest,
        "median": median,
        "query_pages": [
            ("barometer", "/fr/barometer/"),
            ("memorandum, page 1", "/fr/memorandum/"),
            (
                f"recommendation {largest[0][0]} ({largest[0][1]} commitments)",
                f"/fr/recommendations/{largest[0][0]}/",
            ),
            (
                f"recommendation {median[0]} ({median[1]} commitments)",
                f"/fr/recommendations/{median[0]}/",
            ),
        ],
    }
    return eps, extra


def processes_endpoints() -> tuple[list[Endpoint], dict]:
    from django.db import connection
    from seed import process_probes

    p = process_probes()
    slug = p["slug"]
    connection.close()

    def draft(pk: int) -> str:
        return f"/fr/processes/{slug}/drafts/{pk}/"

    probes = p["probes"]
    rotation = [draft(pk) for pk in p["rotation"]]
    eps = [
        PING,
        Endpoint(
            "process",
            "process page",
            [f"/fr/processes/{slug}/"],
            f"{len(p['all']):,} drafts in its table",
            max_p99_ms=None,
        ),
        Endpoint(
            "draft",
            "draft page",
            rotation,
            f"{len(rotation)} drafts rotate, incl. ones with "
            + ", ".join(f"{d['comments']:,}" for d in probes)
            + " comments",
            max_p99_ms=None,
        ),
        informational(
            "draft_all",
            "draft, all drafts",
            [draft(pk) for pk in random.Random(5).sample(p["all"], len(p["all"]))],
            f"all {len(p['all']):,} drafts rotate: each worker renders each one before "
            f"its cache can answer ({cache_size()})",
        ),
        informational(
            "process_miss",
            "process page, cache miss",
            [f"/fr/processes/{slug}/"],
            "a new URL each request: rendered every time",
            unique=True,
        ),
    ]
    typical = p["rotation"][3]
    extra = {
        "probes": probes,
        "query_pages": [("process page", f"/fr/processes/{slug}/")]
        + [(f"draft with {d['comments']:,} comments", draft(d["pk"])) for d in probes]
        + [("a typical draft", draft(typical))],
    }
    return eps, extra


def news_endpoints() -> tuple[list[Endpoint], dict]:
    from django.db import connection
    from seed import describe_news

    data = describe_news(SITE_SEARCH_WORDS)
    connection.close()
    matches = data["word_matches"]
    searches = [f"/fr/search/?q={w}" for w in SITE_SEARCH_WORDS]
    eps = [
        PING,
        Endpoint(
            "home",
            "home page",
            ["/fr/"],
            "latest articles, events, barometer, figures",
            min_ratio=NEWS_MIN_RATIO,
        ),
        Endpoint(
            "news",
            "news list",
            ["/fr/news/"],
            f"{data['published_articles']:,} published articles, 12 a page",
            min_ratio=NEWS_MIN_RATIO,
        ),
        Endpoint(
            "search",
            "site-wide search",
            searches,
            "q rotates: "
            + ", ".join(
                f"{w} ({m['articles']:,} articles, {m['resources']:,} resources)"
                for w, m in matches.items()
            ),
            min_ratio=SEARCH_MIN_RATIO,
            max_p99_ms=None,
        ),
        informational(
            "search_miss",
            "site-wide search, cache miss",
            searches,
            "the same words, a new URL each request: searched every time",
            unique=True,
        ),
    ]
    extra = {
        "query_pages": [
            ("home page", "/fr/"),
            ("news list", "/fr/news/"),
            ("search: racisme (very common)", "/fr/search/?q=racisme"),
            ("search: kafala (no match)", "/fr/search/?q=kafala"),
        ]
    }
    return eps, extra


# --- measuring ---------------------------------------------------------------------


def check_paths(base: str, ep: Endpoint, limit: int = 60) -> float:
    """Every path answers 200 before the load; return the mean body size in KB."""
    sizes = []
    for path in ep.paths[:limit]:
        status, body = fetch(base + path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}:\n{body[:2000]!r}")
        sizes.append(len(body))
    return sum(sizes) / len(sizes) / 1024


def to_measure(ep: Endpoint, raw: dict, organisations: int, kb: float) -> Measure:
    lat = raw["latency_us"]
    return Measure(
        key=ep.key,
        label=ep.label,
        organisations=organisations,
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        requests=raw["requests"],
        errors=raw["errors"],
        mean_ms=lat["mean"] / 1000,
        p50_ms=lat["p50"] / 1000,
        p90_ms=lat["p90"] / 1000,
        p99_ms=lat["p99"] / 1000,
        max_ms=lat["max"] / 1000,
        kb_per_response=kb,
        paths=len(ep.paths),
        note=ep.note,
        target_ratio=getattr(ep, "min_ratio", None),
        target_p99_ms=getattr(ep, "max_p99_ms", None),
        informational=ep.key != "ping" and not getattr(ep, "has_target", True),
    )


def warm_up(base: str, ep: Endpoint, args, tmp: Path) -> list[float]:
    """Load ``ep`` in --warmup slices until every worker has likely seen every URL
    and the rate stops rising, within --max-warmup. Returns the slices' req/s.

    Each gunicorn worker keeps its own page cache, so a page rotating over many URLs
    is rendered once per URL and worker before the steady state: about 20 requests
    per URL (4 workers picked at random), and more time when rendering is slow.
    """
    rates = []
    requests = 0
    spent = 0.0
    while spent < args.max_warmup:
        raw = run_wrk(base, ep, args, args.warmup, tmp)
        spent += args.warmup
        requests += raw["requests"]
        rates.append(round(raw["requests"] / (raw["duration_us"] / 1e6), 1))
        if ep.unique:
            break
        covered = requests >= 20 * len(ep.paths)
        if covered and len(rates) >= 2 and rates[-1] <= rates[-2] * 1.10:
            break
    return rates


def measure_endpoints(
    server: Gunicorn,
    meter: CpuMeter,
    eps: list[Endpoint],
    args,
    tmp: Path,
    log,
    *,
    organisations: int = 0,
    scenario: str = "directory",
) -> list[Measure]:
    """Load each endpoint for --duration, /ping first; ratios and checks against /ping.

    Waits for a quiet machine before each measurement and measures again (within
    --max-wait overall) when other processes took more than --max-foreign.
    """

    def limit(ep: Endpoint) -> int:
        return 60 if ep.has_target or ep.key == "ping" else 8

    log(f"  checking {sum(min(limit(e), len(e.paths)) for e in eps)} paths answer 200…")
    sizes = {ep.key: check_paths(server.base, ep, limit(ep)) for ep in eps}
    results = []
    for ep in eps:
        warm = warm_up(server.base, ep, args, tmp)
        server.drain()
        best: Measure | None = None
        # Rows without a target explain the others: one measurement is enough.
        retries = args.retries if ep.has_target or ep.key == "ping" else 0
        for attempt in range(1, retries + 2):
            wait_quiet(meter, args.wait_budget, args.max_foreign, log)
            meter.start()
            offset = server.log_offset()
            raw = run_wrk(server.base, ep, args, args.duration, tmp)
            m = to_measure(ep, raw, organisations, sizes[ep.key])
            m.foreign_cpu = meter.foreign_share()
            m.worker_restarts = server.restarts_since(offset)
            m.attempts = attempt
            m.scenario = scenario
            m.warmup_runs = warm
            m.drain_s = round(server.drain(), 1)
            if best is None or m.foreign_cpu < best.foreign_cpu:
                best = m
            if m.foreign_cpu < args.max_foreign:
                break
            if args.wait_budget[0] < args.duration or attempt > retries:
                break
            args.wait_budget[0] -= args.duration  # a re-measurement is waiting too
            log(
                f"  {ep.label:<30} other processes took {m.foreign_cpu:.0%} of the "
                "CPU: measuring again"
            )
        m = best
        bad = sum(m.errors.values())
        log(
            f"  {ep.label:<30} {m.rps:8.1f} req/s  p50 {m.p50_ms:7.1f} ms  "
            f"p99 {m.p99_ms:7.1f} ms  (others' CPU {m.foreign_cpu:.0%}; warm-up "
            f"{'/'.join(f'{r:.0f}' for r in warm)} req/s; {m.worker_restarts} worker "
            f"restarts)" + (f"  ERRORS {m.errors}" if bad else "")
        )
        results.append(m)
    ping = next((m.rps for m in results if m.key == "ping"), 0.0)
    for m in results:
        m.ratio = m.rps / ping if ping else 0.0
        if m.key == "ping" or m.informational:
            continue
        m.checks = {}
        if m.target_ratio is not None:
            m.checks["ratio"] = m.ratio >= m.target_ratio
        if m.target_p99_ms is not None:
            m.checks["p99"] = m.p99_ms <= m.target_p99_ms
        m.checks["errors"] = sum(m.errors.values()) == 0
    return results


def measure_phase(
    server: Gunicorn, meter: CpuMeter, organisations: int, args, tmp, log
):
    """The directory's pages at ``organisations`` (kept for bench/writes.py & co)."""
    eps, extra = endpoints()
    results = measure_endpoints(
        server, meter, eps, args, tmp, log, organisations=organisations
    )
    return results, extra, eps


# --- cache invalidation (barometer) ------------------------------------------------


def _overall_chart(body: str) -> str:
    start = body.find('id="overall-title"')
    end = body.find('id="sector-title"', start)
    return body[start:end] if start >= 0 else ""


def _first_timeline_commitment(body: str) -> int | None:
    m = re.search(
        r'class="timeline">.*?href="/[a-z]{2}/commitments/(\d+)/"', body, re.S
    )
    return int(m.group(1)) if m else None


def _page_barometer_status(body: str) -> str | None:
    m = re.search(r'<h1>.*?class="status status-([a-z_]+)"', body, re.S)
    return m.group(1) if m else None


def measure_invalidation(
    server: Gunicorn, load: Endpoint, args, tmp: Path, log
) -> dict:
    """How long a status update takes to show, idle and under load.

    In this process (a separate client of the same database, like a coordinator's
    request on another app server) ``record_status_update`` makes a commitment of a
    not-yet-implemented recommendation "implemented", which bumps the barometer's
    data version. Then the barometer page (its "Implemented" count and the first
    line of "Latest status changes"), the recommendation's page (its barometer
    status) and the JSON API are polled until each shows the change. The delay runs
    from the commit to the first answer that shows it.
    """
    from django.db import connection
    from django.utils import timezone, translation

    from plaidoyer.commitments import services
    from plaidoyer.commitments.models import BarometerStatus, Recommendation
    from plaidoyer.commitments.selectors import current_memorandum

    sys.path.insert(0, str(BENCH))
    from seed import bench_coordinator

    coordinator = bench_coordinator()
    memo = current_memorandum()
    in_memo = Recommendation.objects.filter(items__memorandum=memo)
    candidates = list(
        in_memo.exclude(barometer_status__in=["implemented", "no_commitment"])
        .order_by("id")
        .values_list("pk", flat=True)
    )
    n_load, n_idle = args.invalidation_trials
    picks = random.Random(11).sample(candidates, min(len(candidates), n_load + n_idle))
    with translation.override("fr"):
        label = html.escape(str(BarometerStatus.IMPLEMENTED.label))

    def trial(pk: int) -> dict:
        rec = Recommendation.objects.get(pk=pk)
        commitment = rec.commitments.order_by("id").first()
        t0 = time.perf_counter()
        services.record_status_update(
            by=coordinator,
            commitment=commitment,
            date=timezone.localdate(),
            status="implemented",
            progress=100,
            note="Benchmark: cache invalidation probe.",
        )
        committed = time.perf_counter()
        implemented = in_memo.filter(barometer_status="implemented").count()
        probes = {
            "barometer page": (
                "/fr/barometer/",
                lambda b: (
                    f"<title>{label}: {implemented}</title>" in _overall_chart(b)
                    and _first_timeline_commitment(b) == commitment.pk
                ),
            ),
            "recommendation page": (
                f"/fr/recommendations/{rec.code}/",
                lambda b: _page_barometer_status(b) == "implemented",
            ),
            "API": (
                f"/api/v1/barometer/recommendations/{rec.code}",
                lambda b: json.loads(b).get("barometer_status") == "implemented",
            ),
        }
        seen: dict[str, float] = {}
        polls = 0
        while len(seen) < len(probes) and time.perf_counter() - committed < 10:
            for name, (path, shows) in probes.items():
                if name in seen:
                    continue
                try:
                    status, body = fetch(server.base + path, timeout=5)
                except OSError:
                    status, body = 0, b""
                polls += 1
                if status == 200 and shows(body.decode("utf-8", "replace")):
                    seen[name] = time.perf_counter() - committed
            time.sleep(0.005)
        return {
            "code": rec.code,
            "commitment": commitment.pk,
            "write_ms": round((committed - t0) * 1000, 1),
            "delay_ms": {k: round(v * 1000, 1) for k, v in seen.items()},
            "not_seen_within_10_s": [k for k in probes if k not in seen],
            "polls": polls,
            "implemented_after": implemented,
        }

    out: dict = {"idle": [], "under_load": [], "load": None}
    log(f"  cache invalidation: {n_idle} status updates on an idle server…")
    for pk in picks[n_load:]:
        out["idle"].append(trial(pk))
        time.sleep(0.5)
    seconds = 3 + 3 * n_load
    log(
        f"  cache invalidation: {n_load} status updates while wrk loads the barometer "
        f"pages ({seconds} s)…"
    )
    proc = start_wrk(server.base, load, args, seconds, tmp)
    try:
        time.sleep(2)
        for pk in picks[:n_load]:
            out["under_load"].append(trial(pk))
            time.sleep(1.0)
    finally:
        raw = finish_wrk(proc, seconds)
    connection.close()
    load_m = to_measure(load, raw, 0, 0)
    out["load"] = {
        "label": load.label,
        "paths": len(load.paths),
        "rps": round(load_m.rps, 1),
        "p50_ms": load_m.p50_ms,
        "p99_ms": load_m.p99_ms,
        "max_ms": load_m.max_ms,
        "errors": load_m.errors,
        "seconds": seconds,
    }
    worst = [
        max(t["delay_ms"].values(), default=float("inf"))
        if not t["not_seen_within_10_s"]
        else float("inf")
        for t in out["idle"] + out["under_load"]
    ]
    out["ok"] = bool(worst) and max(worst) <= MAX_INVALIDATION_MS
    # None: some page did not show the update within 10 s (JSON has no infinity).
    out["max_delay_ms"] = max(worst) if worst and max(worst) < float("inf") else None
    for phase in ("idle", "under_load"):
        for t in out[phase]:
            log(
                f"    {phase:<10} {t['code']:<8} write {t['write_ms']:6.1f} ms; shown after "
                + ", ".join(f"{k} {v:.0f} ms" for k, v in t["delay_ms"].items())
                + (
                    f"; NOT SEEN: {t['not_seen_within_10_s']}"
                    if t["not_seen_within_10_s"]
                    else ""
                )
            )
    log(
        f"    load meanwhile: {out['load']['rps']:.0f} req/s, p99 {out['load']['p99_ms']:.0f} ms"
    )
    return out


# --- reporting ---------------------------------------------------------------------


def git_commit() -> str:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not commit:
        return ""
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return commit + (" with uncommitted changes" if dirty else "")


def gunicorn_settings() -> dict:
    """The settings of config/gunicorn.conf.py that matter for the figures."""
    try:
        conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    except Exception as exc:  # noqa: BLE001 - informational only
        return {"error": repr(exc)}
    keys = (
        "preload_app",
        "max_requests",
        "max_requests_jitter",
        "keepalive",
        "timeout",
    )
    return {k: conf.get(k) for k in keys}


def machine_info(args) -> dict:
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    connection.close()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    cache = settings.CACHES["default"]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "gunicorn_workers": args.workers,
        "gunicorn_worker_class": "sync",
        "gunicorn_settings": gunicorn_settings(),
        "postgresql": pg,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0]
        if (wrk.stdout or wrk.stderr)
        else "",
        "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency",
        "commit": args.commit or git_commit(),
        "page_cache": bool(getattr(settings, "PAGE_CACHE", False)),
        "cache_backend": cache["BACKEND"].rsplit(".", 1)[-1]
        + (f" ({cache['OPTIONS']})" if cache.get("OPTIONS") else ""),
    }


def times(value: float | None) -> str:
    return "—" if value is None else f"×{value:.2f}"


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def scale_rows(small: list[Measure], large: list[Measure]) -> list[dict]:
    rows = []
    for s, big in zip(small, large, strict=True):
        rows.append(
            {
                "key": s.key,
                "label": s.label,
                "mean_ms_small": s.mean_ms,
                "mean_ms_large": big.mean_ms,
                "time_ratio": big.mean_ms / s.mean_ms
                if s.mean_ms and big.mean_ms
                else None,
                "rps_small": s.rps,
                "rps_large": big.rps,
                "rps_ratio": s.rps / big.rps if big.rps else None,
            }
        )
    return rows


def target_text(m: Measure) -> str:
    if m.key == "ping":
        return "yardstick"
    if m.informational:
        return "(information)"
    parts = []
    if m.target_ratio is not None:
        parts.append(f"≥ {m.target_ratio:.0%}")
    if m.target_p99_ms is not None:
        parts.append(f"p99 ≤ {m.target_p99_ms:g} ms")
    return ", ".join(parts)


def row_verdict(m: Measure) -> str:
    if m.key == "ping" or m.informational or not m.checks:
        return "—"
    failed = [k for k, ok in m.checks.items() if not ok]
    return "pass" if not failed else "FAIL (" + ", ".join(failed) + ")"


def table(results: list[Measure]) -> list[str]:
    lines = [
        "| endpoint | req/s | p50 ms | p90 ms | p99 ms | × /ping | target | verdict "
        "| others' CPU | worker restarts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for m in results:
        ratio = "1.00" if m.key == "ping" else f"{m.ratio:.2f}"
        errors = sum(m.errors.values())
        name = m.label + (f" ({errors} errors)" if errors else "")
        if m.target_ratio is None and m.target_p99_ms is None and m.checks:
            # A result written before targets were per endpoint: 40 %, 100 ms.
            m.target_ratio, m.target_p99_ms = MIN_RATIO, MAX_P99_MS
        if m.requests:
            lat = f"{m.p50_ms:.1f} | {m.p90_ms:.1f} | {m.p99_ms:.1f}"
        else:  # nothing completed within wrk's 5 s timeout
            lat = "> 5,000 | > 5,000 | > 5,000"
        lines.append(
            f"| {name} | {m.rps:.1f} | {lat} | {ratio} | {target_text(m)} | {row_verdict(m)} | "
            f"{m.foreign_cpu:.0%} | "
            f"{'—' if m.worker_restarts is None else m.worker_restarts} |"
        )
    return lines


def print_results(title: str, results: list[dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'endpoint':<32}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× ping':>8}  "
        f"{'target':<24}{'verdict':<16}"
    )
    for r in results:
        m = Measure(**r)
        ratio = "1.00" if m.key == "ping" else f"{m.ratio:.2f}"
        errors = sum(m.errors.values())
        print(
            f"{m.label:<32}{m.rps:>9.1f}{m.p50_ms:>9.1f}{m.p99_ms:>9.1f}{ratio:>8}  "
            f"{target_text(m):<24}{row_verdict(m):<16}others {m.foreign_cpu:.0%}"
            + (f"  {errors} errors" if errors else "")
        )


def print_report(report: dict) -> None:
    """The directory's two phases and its scaling."""
    small, large = report["small"], report["large"]
    for phase in (small, large):
        print_results(f"{phase['organisations']:,} organisations", phase["results"])
    s = report["scale"]["list"]
    print(
        f"\ndirectory list, {small['organisations']:,} → {large['organisations']:,}: "
        f"mean {s['mean_ms_small']:.1f} → {s['mean_ms_large']:.1f} ms "
        f"({times(s['time_ratio'])}), req/s {s['rps_small']:.1f} → {s['rps_large']:.1f} "
        f"({times(s['rps_ratio'])} slower) — target ≤ ×{MAX_SCALE}: "
        f"{verdict(report['targets']['list_scale'])}"
    )
    print(
        f"\ndirectory, all targets met: {'yes' if report['targets']['all'] else 'NO'}"
    )


def header_lines(report: dict, title: str) -> list[str]:
    m = report["machine"]
    g = m.get("gunicorn_settings") or {}
    conf = (
        f" (preload_app {g.get('preload_app')}, max_requests {g.get('max_requests')} "
        f"± {g.get('max_requests_jitter')})"
        if g and "error" not in g
        else ""
    )
    cache = (
        f" Whole-page cache {'on' if m['page_cache'] else 'off'}, cache backend "
        f"{m.get('cache_backend', '?')} (one per gunicorn worker)."
        if "page_cache" in m
        else ""
    )
    return [
        f"# {title} — {report['date']}",
        "",
        f"`{report['command']}` — {report['mode']} run.",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
        f"PostgreSQL {m['postgresql']} (throwaway cluster, fsync off); "
        f"gunicorn {m['gunicorn']}, {m['gunicorn_workers']} {m['gunicorn_worker_class']} "
        f"workers{conf}; Python {m['python']}, Django {m['django']}; {m['wrk']}. "
        f"Commit {m['commit']}.{cache}",
        "",
        f"Load: `{m['load']}` per endpoint, one after the other, on 127.0.0.1, after a "
        f"warm-up of {report['warmup_s']:g}-s slices until the rate stops rising. wrk "
        "shares the 2 cores with gunicorn and PostgreSQL.",
        "",
    ]


def notes_lines(results: list[dict]) -> list[str]:
    return [
        f"- {r['label']}: {r['note']}; {r['kb_per_response']:.0f} KB"
        for r in results
        if r["note"]
    ]


def verdict_lines(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        m = Measure(**r)
        if m.key == "ping" or m.informational or not m.checks:
            continue
        parts = [f"{m.ratio:.0%} of /ping"]
        if "ratio" in m.checks:
            parts[0] += (
                f" (target ≥ {m.target_ratio:.0%}: {verdict(m.checks['ratio'])})"
            )
        if "p99" in m.checks:
            parts.append(
                f"p99 {m.p99_ms:.0f} ms (target ≤ {m.target_p99_ms:g}: "
                f"{verdict(m.checks['p99'])})"
            )
        if not m.checks.get("errors", True):
            parts.append(f"errors {m.errors}")
        lines.append(f"- {m.label}: " + ", ".join(parts))
    return lines


def markdown(report: dict) -> str:
    """The directory's report: both phases, scaling, verdict, profile, history."""
    small, large = report["small"], report["large"]
    lines = header_lines(report, "Directory benchmark")
    lines += [
        f"Targets (issue 2): each page ≥ {MIN_RATIO:.0%} of /ping's req/s and p99 ≤ "
        f"{MAX_P99_MS:g} ms; directory list at {large['organisations']:,} organisations "
        f"within ×{MAX_SCALE} of its time at {small['organisations']:,}.",
        "",
    ]
    for phase in (large, small):
        lines += [f"## {phase['organisations']:,} organisations", ""]
        lines += table([Measure(**r) for r in phase["results"]])
        lines += ["", *notes_lines(phase["results"])]
        d = phase["data"]
        lines += [
            f"- data: {d['organisations']:,} organisations ({d['published']:,} published), "
            f"{d['networks']} networks, {d['memberships']:,} memberships, "
            f"{d['organisation_themes']:,} theme links, {d['contacts']:,} contacts",
            "",
        ]
    lines += scale_lines(report)
    t = report["targets"]
    lines += ["## Verdict", "", *verdict_lines(large["results"])]
    s = report["scale"]
    lines += [
        f"- directory list scaling: {times(s['list']['time_ratio'])} ({verdict(t['list_scale'])})",
        "",
        f"All targets met: **{'yes' if t['all'] else 'no'}**.",
        "",
    ]
    if report.get("queries"):
        lines += queries_markdown(report["queries"])
    if report.get("profile"):
        lines += profile_markdown(
            report["profile"], f"{large['organisations']:,} organisations"
        )
    for entry in report.get("history", []):
        lines += history_markdown(entry)
    return "\n".join(lines)


def scale_lines(report: dict) -> list[str]:
    small, large, s = report["small"], report["large"], report["scale"]
    lines = [
        f"## Scaling {small['organisations']:,} → {large['organisations']:,} organisations",
        "",
        "Mean latency under the same load (32 connections); ×time is large / small.",
        "",
        "| endpoint | mean ms (small) | mean ms (large) | × time | req/s (small) | req/s (large) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in s.values():
        lines.append(
            f"| {row['label']} | {row['mean_ms_small']:.1f} | {row['mean_ms_large']:.1f} | "
            f"{times(row['time_ratio'])} | {row['rps_small']:.1f} | {row['rps_large']:.1f} |"
        )
    lines += [
        "",
        f"Directory list within ×{MAX_SCALE}: **{verdict(report['targets']['list_scale'])}** "
        f"({times(s['list']['time_ratio'])}).",
        "",
    ]
    return lines


def history_entry(old: dict) -> dict:
    """What an earlier directory report keeps in the new one's history."""
    m = old.get("machine", {})
    note = (
        "before the page cache (that commit had no whole-page cache)"
        if "page_cache" not in m
        else ""
    )
    return {
        "date": old.get("date"),
        "commit": m.get("commit"),
        "command": old.get("command"),
        "note": note,
        "machine": m,
        "warmup_s": old.get("warmup_s"),
        "small": old.get("small"),
        "large": old.get("large"),
        "scale": old.get("scale"),
        "targets": old.get("targets"),
        "profile": old.get("profile"),
    }


def history_markdown(entry: dict) -> list[str]:
    title = f"Earlier run: commit {entry['commit']}, {entry['date']}"
    if entry.get("note"):
        title = f"{entry['note'][0].upper()}{entry['note'][1:]} — commit {entry['commit']}, {entry['date']}"
    lines = [
        f"## {title}",
        "",
        f"`{entry['command']}`, same machine type and load "
        f"(`{entry['machine'].get('load', '')}`, fixed {entry.get('warmup_s')} s warm-up). "
        "Kept so the history is visible.",
        "",
    ]
    for key in ("large", "small"):
        phase = entry.get(key)
        if not phase:
            continue
        lines += [f"### {phase['organisations']:,} organisations", ""]
        lines += table([Measure(**r) for r in phase["results"]])
        lines += [""]
    s = (entry.get("scale") or {}).get("list")
    if s:
        lines += [
            f"Directory list scaling: {times(s['time_ratio'])} (mean {s['mean_ms_small']:.1f} → "
            f"{s['mean_ms_large']:.1f} ms). All targets met: "
            f"**{'yes' if (entry.get('targets') or {}).get('all') else 'no'}**.",
            "",
        ]
    if entry.get("profile"):
        lines += profile_markdown(entry["profile"], "the large size", level="###")
    return lines


def queries_markdown(queries: dict) -> list[str]:
    lines = [
        "## Queries per page",
        "",
        "One request at a time in-process (Django test client, full middleware): with the "
        "page cache off (render: what a miss costs) and on (hit).",
        "",
        "| page | queries (render) | DB ms | CPU ms | KB | queries (hit) | CPU ms (hit) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in queries.items():
        r, h = row["render"], row["hit"]
        lines.append(
            f"| {label} | {r['queries']} | {r['db_ms']:.1f} | {r['cpu_ms']:.1f} | "
            f"{r['kb']:.0f} | {h['queries']} | {h['cpu_ms']:.2f} |"
        )
    return [*lines, ""]


def profile_markdown(profile: dict, size: str, level: str = "##") -> list[str]:
    lines = [
        f"{level} In-process profile at {size}",
        "",
        "One request at a time through Django's test client (full middleware, no "
        "gunicorn): CPU time per request, queries per request and their time.",
        "",
    ]
    rows = {k: v for k, v in profile.items() if k != "directory_parts"}
    if rows and all("render" in v for v in rows.values()):
        lines += [
            "| endpoint | render CPU ms | queries | DB ms | KB | hit CPU ms | hit queries |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for key, c in rows.items():
            r, h = c["render"], c["hit"]
            q = (
                str(r["queries"])
                if r["queries"] == r["queries_min"]
                else f"{r['queries_min']}–{r['queries']}"
            )
            lines.append(
                f"| {c.get('label', key)} | {r['cpu_ms']:.1f} | {q} | {r['db_ms']:.1f} | "
                f"{r['kb']:.0f} | {h['cpu_ms']:.2f} | {h['queries']} |"
            )
    else:  # the format before render/hit (no page cache then)
        lines += [
            "| endpoint | CPU ms/request | queries | DB ms | KB |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for key, c in rows.items():
            q = (
                str(c["queries"])
                if c["queries"] == c["queries_min"]
                else f"{c['queries_min']}–{c['queries']}"
            )
            lines.append(
                f"| {key} | {c['cpu_ms']:.1f} | {q} | {c['db_ms']:.1f} | {c['kb']:.0f} |"
            )
    parts = profile.get("directory_parts", {})
    if "cpu_ms" in parts:
        lines += [
            "",
            "Directory page taken apart (CPU ms per call):",
            "",
            "| part | CPU ms |",
            "| --- | ---: |",
        ]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in parts["cpu_ms"].items()]
        lines += [
            "",
            "Options in the filter selects: "
            + ", ".join(f"{k} {v}" for k, v in parts["select_options"].items()),
        ]
    lines += [
        "",
        "Full pyinstrument output: the `-profile.txt` file beside this one.",
        "",
    ]
    return lines


SCENARIO_TITLES = {
    "barometer": ("Barometer benchmark", "issue 3"),
    "processes": ("Participatory process benchmark", "issue 6"),
    "news": ("News site benchmark", "issue 7"),
}


def scenario_markdown(report: dict) -> str:
    """The report of the barometer, processes or news scenario."""
    title, issue = SCENARIO_TITLES[report["scenario"]]
    lines = header_lines(report, title)
    lines += [f"Targets ({issue}): {report['targets']['text']}", "", "## Load", ""]
    lines += table([Measure(**r) for r in report["results"]])
    lines += ["", *notes_lines(report["results"])]
    lines += ["- data: " + data_text(report["scenario"], report["data"]), ""]
    inv = report.get("invalidation")
    if inv:
        lines += invalidation_markdown(inv)
    if report.get("queries"):
        lines += queries_markdown(report["queries"])
        if report["scenario"] == "processes":
            q = report["targets"].get("draft_queries_constant")
            lines += [
                f"Draft pages' queries do not grow with the comments: **{verdict(bool(q))}**.",
                "",
            ]
    lines += ["## Verdict", "", *verdict_lines(report["results"])]
    if inv:
        lines.append(
            f"- cache invalidation: slowest {delay_text(inv['max_delay_ms'])} from commit "
            f"to page (target ≤ {MAX_INVALIDATION_MS:g} ms: {verdict(inv['ok'])})"
        )
    lines += [
        "",
        f"All targets met: **{'yes' if report['targets']['all'] else 'no'}**.",
        "",
    ]
    if report.get("profile"):
        lines += profile_markdown(report["profile"], "this size")
    return "\n".join(lines)


def data_text(scenario: str, d: dict) -> str:
    if scenario == "barometer":
        largest = ", ".join(
            f"{r['code']} ({r['commitments']} commitments, {r['status_updates']:,} updates)"
            for r in d["largest_recommendations"]
        )
        status = ", ".join(f"{k} {v}" for k, v in sorted(d["barometer_status"].items()))
        return (
            f"{d['recommendations']:,} recommendations ({d['current_memorandum_items']:,} in "
            f"the published memorandum, {d['without_commitment']} without commitment), "
            f"{d['authorities']} authorities, {d['commitments']:,} commitments "
            f"({d['commitment_links']:,} links to recommendations), "
            f"{d['status_updates']:,} status updates; barometer statuses: {status}; "
            f"largest: {largest}"
        )
    if scenario == "processes":
        return (
            f"{d['processes']} process, {d['members']} member organisations, "
            f"{d['meetings']} meetings, {d['drafts']:,} drafts ({d['draft_versions']:,} "
            f"versions, {d['adopted']} adopted), {d['comments']:,} comments (at most "
            f"{d['max_comments_per_draft']:,} on a draft), {d['endorsements']:,} "
            f"endorsements (at most {d['max_endorsements_per_draft']}); draft counters "
            f"equal the rows: {'yes' if d['counters_consistent'] else 'NO'}"
        )
    if scenario == "news":
        return (
            f"{d['articles']:,} articles ({d['published_articles']:,} published), "
            f"{d['resources']:,} resources ({d['published_resources']:,} published); "
            f"{d.get('organisations', 0):,} organisations, {d.get('recommendations', 0):,} "
            "recommendations and the process's events also in the database (the search "
            "covers them)"
        )
    return json.dumps(d)


def delay_text(ms: float | None) -> str:
    return "not seen within 10 s" if ms is None else f"{ms:.0f} ms"


def invalidation_markdown(inv: dict) -> list[str]:
    lines = [
        "## Cache invalidation",
        "",
        "A status update recorded by `record_status_update` in the runner's process (another "
        "client of the same database) makes a commitment of a not-yet-implemented "
        'recommendation "implemented". The delay runs from its commit to the first '
        'answer showing it: on the barometer page, the new "Implemented" count and the '
        'update at the top of "Latest status changes"; on the recommendation page, its '
        "barometer status; in the API, `barometer_status`. Each page is polled in turn, "
        "so a delay includes the other pages' requests.",
        "",
        "| when | recommendation | write ms | barometer page ms | recommendation page ms | API ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for phase, name in (("idle", "idle"), ("under_load", "under load")):
        for t in inv[phase]:
            d = {k: f"{v:.0f}" for k, v in t["delay_ms"].items()}
            lines.append(
                f"| {name} | {t['code']} | {t['write_ms']:.0f} | "
                f"{d.get('barometer page', '> 10,000')} | "
                f"{d.get('recommendation page', '> 10,000')} | {d.get('API', '> 10,000')} |"
            )
    load = inv.get("load") or {}
    lines += [
        "",
        f"Load meanwhile: wrk on the {load.get('label')} ({load.get('paths')} URLs), "
        f"{load.get('rps', 0):.0f} req/s, p50 {load.get('p50_ms', 0):.0f} ms, p99 "
        f"{load.get('p99_ms', 0):.0f} ms, max {load.get('max_ms', 0):.0f} ms over "
        f"{load.get('seconds')} s with a status update every ~3 s.",
        "",
        f"Slowest: **{delay_text(inv['max_delay_ms'])}** (target ≤ "
        f"{MAX_INVALIDATION_MS:g} ms: **{verdict(inv['ok'])}**).",
        "",
    ]
    return lines


# --- scenarios ---------------------------------------------------------------------


@dataclass
class Context:
    args: argparse.Namespace
    server: Gunicorn
    meter: CpuMeter
    tmp: Path
    log: object
    machine: dict
    command: str
    today: str


def base_report(ctx: Context, scenario: str) -> dict:
    return {
        "scenario": scenario,
        "date": ctx.today,
        "command": ctx.command,
        "mode": "quick" if ctx.args.quick else "full",
        "machine": ctx.machine,
        "warmup_s": ctx.args.warmup,
        "max_warmup_s": ctx.args.max_warmup,
        "duration_s": ctx.args.duration,
        "connections": ctx.args.connections,
    }


def profile_scenario(ctx: Context, eps: list[Endpoint], stem: str, parts: bool) -> dict:
    from profile_pages import profile_endpoints

    args = ctx.args
    target = None if args.no_write else args.results_dir / f"{stem}-profile.txt"
    args.results_dir.mkdir(parents=True, exist_ok=True)
    ctx.log("  profiling in-process (page cache off = render, on = hit)…")
    chosen = [e for e in eps if not e.unique and len(e.paths) <= 60]
    return profile_endpoints(chosen, 40, target, ctx.log, parts=parts)


def targets_met(results: list[dict]) -> bool:
    return all(all(r["checks"].values()) for r in results if r["checks"])


def run_directory(ctx: Context, stem: str) -> dict:
    from django.db import connection
    from django.db.models import Count
    from profile_pages import query_counts

    from plaidoyer.organisations.models import Organisation

    args, log, server = ctx.args, ctx.log, ctx.server
    phases = []
    eps: list[Endpoint] = []
    for total in (args.small, args.orgs):
        log(f"\n[directory] seeding {total:,} organisations")
        data = seed(total, log)
        log(f"[directory] gunicorn: {args.workers} sync workers; load at {total:,}")
        server.start()
        try:
            eps, extra = endpoints()
            results = measure_endpoints(
                server, ctx.meter, eps, args, ctx.tmp, log, organisations=total
            )
        finally:
            server.stop()
        phases.append(
            {
                "organisations": total,
                "data": data,
                "matches": extra,
                "results": [asdict(m) for m in results],
            }
        )
    largest = (
        Organisation.objects.filter(is_published=True, kind="network")
        .annotate(n=Count("member_links"))
        .order_by("-n")
        .values_list("slug", "n")
        .first()
    )
    connection.close()
    pages = [
        ("directory list", "/fr/organisations/"),
        ("filtered list", FILTERED),
        ("search: accueil (most matches)", "/fr/organisations/?q=accueil"),
    ]
    if largest:
        pages.append(
            (
                f"profile of the largest network ({largest[1]} members)",
                f"/fr/organisations/{largest[0]}/",
            )
        )
    queries = query_counts(pages)
    profile = profile_scenario(ctx, eps, stem, parts=True) if args.profile else None
    small, large = phases
    scale = {
        row["key"]: row
        for row in scale_rows(
            [Measure(**r) for r in small["results"]],
            [Measure(**r) for r in large["results"]],
        )
    }
    list_scale = (scale["list"]["time_ratio"] or float("inf")) <= MAX_SCALE
    return base_report(ctx, "directory") | {
        "targets": {
            "min_ratio_to_ping": MIN_RATIO,
            "max_p99_ms": MAX_P99_MS,
            "max_list_scale": MAX_SCALE,
            "list_scale": list_scale,
            "all": targets_met(large["results"]) and list_scale,
        },
        "small": small,
        "large": large,
        "scale": scale,
        "queries": queries,
        "profile": profile,
    }


def run_barometer(ctx: Context, stem: str) -> dict:
    from profile_pages import query_counts
    from seed import describe_barometer, seed_barometer

    args, log, server = ctx.args, ctx.log, ctx.server
    log(
        f"\n[barometer] seeding {args.recommendations:,} recommendations, "
        f"{args.commitments:,} commitments, {args.updates:,} status updates"
    )
    seed_barometer(args.recommendations, args.commitments, args.updates, log=log)
    data = describe_barometer()
    log(f"[barometer] gunicorn: {args.workers} sync workers")
    server.start()
    try:
        eps, extra = barometer_endpoints()
        organisations = org_count()
        results = measure_endpoints(
            server,
            ctx.meter,
            eps,
            args,
            ctx.tmp,
            log,
            organisations=organisations,
            scenario="barometer",
        )
        mix = Endpoint(
            "barometer_mix",
            "barometer, memorandum and recommendation pages",
            eps[1].paths + eps[2].paths + eps[3].paths,
            min_ratio=None,
            max_p99_ms=None,
        )
        invalidation = measure_invalidation(server, mix, args, ctx.tmp, log)
    finally:
        server.stop()
    queries = query_counts(extra["query_pages"])
    profile = profile_scenario(ctx, eps, stem, parts=False) if args.profile else None
    results = [asdict(m) for m in results]
    return base_report(ctx, "barometer") | {
        "targets": {
            "text": f"barometer, memorandum and recommendation pages each ≥ {MIN_RATIO:.0%} "
            f"of /ping's req/s with p99 ≤ {MAX_P99_MS:g} ms at {args.connections} "
            f"connections; a status update shows on them within {MAX_INVALIDATION_MS:g} ms.",
            "min_ratio_to_ping": MIN_RATIO,
            "max_p99_ms": MAX_P99_MS,
            "max_invalidation_ms": MAX_INVALIDATION_MS,
            "invalidation": invalidation["ok"],
            "all": targets_met(results) and invalidation["ok"],
        },
        "data": data,
        "results": results,
        "invalidation": invalidation,
        "queries": queries,
        "profile": profile,
    }


def run_processes(ctx: Context, stem: str) -> dict:
    from profile_pages import query_counts
    from seed import describe_processes, seed_processes

    args, log, server = ctx.args, ctx.log, ctx.server
    log(
        f"\n[processes] seeding a process: {args.meetings} meetings, {args.drafts:,} drafts, "
        f"{args.comments:,} comments, {args.endorsements:,} endorsements"
    )
    seed_processes(
        args.drafts, args.comments, args.endorsements, args.meetings, log=log
    )
    data = describe_processes()
    log(f"[processes] gunicorn: {args.workers} sync workers")
    server.start()
    try:
        eps, extra = processes_endpoints()
        results = measure_endpoints(
            server,
            ctx.meter,
            eps,
            args,
            ctx.tmp,
            log,
            organisations=org_count(),
            scenario="processes",
        )
    finally:
        server.stop()
    queries = query_counts(extra["query_pages"])
    drafts = [
        row["render"]["queries"]
        for label, row in queries.items()
        if label.startswith("draft")
    ]
    constant = len(set(drafts)) == 1
    log(
        "  queries (render): "
        + ", ".join(
            f"{label} {row['render']['queries']}" for label, row in queries.items()
        )
    )
    profile = profile_scenario(ctx, eps, stem, parts=False) if args.profile else None
    results = [asdict(m) for m in results]
    return base_report(ctx, "processes") | {
        "targets": {
            "text": f"process page and draft pages each ≥ {MIN_RATIO:.0%} of /ping's req/s "
            f"at {args.connections} connections; queries per draft page constant "
            "(a draft with 5 comments and one with 500).",
            "min_ratio_to_ping": MIN_RATIO,
            "draft_queries_constant": constant,
            "all": targets_met(results) and constant,
        },
        "data": data,
        "results": results,
        "queries": queries,
        "profile": profile,
    }


def run_news(ctx: Context, stem: str) -> dict:
    from django.db import connection
    from profile_pages import query_counts
    from seed import describe_news, seed_news

    from plaidoyer.commitments.models import Recommendation

    args, log, server = ctx.args, ctx.log, ctx.server
    log(f"\n[news] seeding {args.articles:,} articles, {args.resources:,} resources")
    seed_news(args.articles, args.resources, log=log)
    data = describe_news(SITE_SEARCH_WORDS) | {
        "organisations": org_count(),
        "recommendations": Recommendation.objects.count(),
    }
    connection.close()
    log(f"[news] gunicorn: {args.workers} sync workers")
    server.start()
    try:
        eps, extra = news_endpoints()
        results = measure_endpoints(
            server,
            ctx.meter,
            eps,
            args,
            ctx.tmp,
            log,
            organisations=data["organisations"],
            scenario="news",
        )
    finally:
        server.stop()
    queries = query_counts(extra["query_pages"])
    profile = profile_scenario(ctx, eps, stem, parts=False) if args.profile else None
    results = [asdict(m) for m in results]
    return base_report(ctx, "news") | {
        "targets": {
            "text": f"home page and news list ≥ {NEWS_MIN_RATIO:.0%} of /ping's req/s with "
            f"p99 ≤ {MAX_P99_MS:g} ms; site-wide search ≥ {SEARCH_MIN_RATIO:.0%} "
            f"(at {args.connections} connections).",
            "all": targets_met(results),
        },
        "data": data,
        "results": results,
        "queries": queries,
        "profile": profile,
    }


RUNNERS = {
    "directory": run_directory,
    "barometer": run_barometer,
    "processes": run_processes,
    "news": run_news,
}


def write_report(ctx: Context, scenario: str, stem: str, report: dict) -> None:
    out = ctx.args.results_dir
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{stem}.json"
    if scenario == "directory":
        history = []
        if target.exists():
            try:
                old = json.loads(target.read_text())
            except (OSError, ValueError):
                old = {}
            history = list(old.get("history", []))
            old_commit = (old.get("machine") or {}).get("commit")
            if (
                old_commit
                and old_commit != report["machine"]["commit"]
                and old.get("large")
            ):
                history.insert(0, history_entry(old))
        report["history"] = history
        text = markdown(report)
    else:
        text = scenario_markdown(report)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (out / f"{stem}.md").write_text(text)
    ctx.log(f"  wrote {out}/{stem}.md and .json")


def print_scenario(report: dict) -> None:
    if report["scenario"] == "directory":
        print_report(report)
        return
    print_results(f"{report['scenario']}", report["results"])
    inv = report.get("invalidation")
    if inv:
        print(
            f"cache invalidation: slowest {delay_text(inv['max_delay_ms'])} "
            f"(target ≤ {MAX_INVALIDATION_MS:g} ms): {verdict(inv['ok'])}"
        )
    if report.get("queries"):
        print(
            "queries (render / hit): "
            + "; ".join(
                f"{label} {row['render']['queries']}/{row['hit']['queries']}"
                for label, row in report["queries"].items()
            )
        )
    print(
        f"{report['scenario']}, all targets met: {'yes' if report['targets']['all'] else 'NO'}"
    )


# --- main --------------------------------------------------------------------------


def scenario_list(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        return list(SCENARIOS)
    bad = [n for n in names if n not in SCENARIOS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"choose from {', '.join(SCENARIOS)} or all (comma-separated)"
        )
    return [s for s in SCENARIOS if s in names]  # always in the same order


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--scenario",
        type=scenario_list,
        default=list(SCENARIOS),
        metavar="NAME[,NAME]",
        help="directory, barometer, processes, news or all (default all)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the data, 3 s per page (a smoke test, not a measurement)",
    )
    sizes = p.add_argument_group("data sizes (defaults: the issues' figures)")
    sizes.add_argument("--orgs", type=int, help="organisations, main run (20,000)")
    sizes.add_argument(
        "--small", type=int, default=200, help="organisations first (200)"
    )
    sizes.add_argument("--recommendations", type=int, help="(1,000)")
    sizes.add_argument("--commitments", type=int, help="(20,000)")
    sizes.add_argument("--updates", type=int, help="status updates (200,000)")
    sizes.add_argument("--drafts", type=int, help="(2,000)")
    sizes.add_argument("--comments", type=int, help="(50,000)")
    sizes.add_argument("--endorsements", type=int, help="(20,000)")
    sizes.add_argument("--meetings", type=int, help="(50)")
    sizes.add_argument("--articles", type=int, help="(50,000)")
    sizes.add_argument("--resources", type=int, help="(20,000)")
    p.add_argument("--duration", type=float, help="seconds of load per page (10)")
    p.add_argument("--warmup", type=float, help="seconds per warm-up slice (2)")
    p.add_argument(
        "--max-warmup",
        type=float,
        help="warm-up per page at most, in slices until the rate stops rising (16)",
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    p.add_argument(
        "--invalidation-trials",
        default="5,3",
        help="status updates recorded under load and idle (5,3)",
    )
    p.add_argument(
        "--out",
        help="results file stem under bench/results/ (default <date>-<scenario>, "
        "-quick added with --quick; with several scenarios <OUT>-<scenario>)",
    )
    p.add_argument("--no-write", action="store_true", help="print only")
    p.add_argument(
        "--profile",
        action="store_true",
        help="after each scenario's load, profile its pages in-process (CPU, queries, "
        "pyinstrument; page cache off and on) and write <stem>-profile.txt",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a target is missed (default: exit 0 if the run worked)",
    )
    p.add_argument(
        "--max-foreign",
        type=float,
        default=0.10,
        help="share of the CPU other processes may take during a measurement "
        "before it is taken again (0.10)",
    )
    p.add_argument(
        "--retries", type=int, default=2, help="extra measurements when disturbed (2)"
    )
    p.add_argument(
        "--max-wait",
        type=float,
        default=480,
        help="seconds in all to wait for other processes to quieten and to measure "
        "again when they disturbed a measurement (480: a full run stays within "
        "~25 min)",
    )
    p.add_argument(
        "--snapshot",
        nargs="?",
        const="HEAD",
        metavar="REV",
        help="measure a git revision (HEAD if no REV), exported with git archive "
        "to a temporary directory together with this bench/, instead of the "
        "working tree",
    )
    p.add_argument("--results-dir", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    p.add_argument("--commit", default="", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.scenarios = args.scenario
    args.wait_budget = [args.max_wait]
    q = args.quick
    defaults = {
        "orgs": (2_000, 20_000),
        "recommendations": (200, 1_000),
        "commitments": (2_000, 20_000),
        "updates": (20_000, 200_000),
        "drafts": (400, 2_000),
        "comments": (5_000, 50_000),
        "endorsements": (2_000, 20_000),
        "meetings": (10, 50),
        "articles": (5_000, 50_000),
        "resources": (2_000, 20_000),
        "duration": (3.0, 10.0),
        "max_warmup": (5.0, 16.0),
    }
    for name, (quick, full) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if q else full)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if q else 2.0)
    try:
        n_load, n_idle = (int(x) for x in args.invalidation_trials.split(","))
    except ValueError:
        p.error("--invalidation-trials is two numbers, e.g. 5,3")
    args.invalidation_trials = (n_load, n_idle)
    if args.small >= args.orgs:
        p.error("--small must be below --orgs")
    if not 1 <= args.duration <= 120:
        p.error("--duration must be 1-120 s")
    if args.comments < 1705 or args.drafts < 4:
        p.error(
            "--comments must be at least 1,705 and --drafts at least 4 (the probes)"
        )
    return args


def public_args(argv: list[str]) -> list[str]:
    """The command line as a person typed it: without the snapshot's own options."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--results-dir", "--commit"):
            skip = True
        elif not arg.startswith(("--results-dir=", "--commit=")):
            out.append(arg)
    return out


def run_snapshot(args, argv: list[str], log) -> int:
    """Run this benchmark again from an exported revision; results come back here."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.snapshot],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rest = [a for a in argv if not a.startswith("--snapshot")]
    if args.snapshot != "HEAD" and args.snapshot in rest:
        rest.remove(args.snapshot)
    tmp = Path(tempfile.mkdtemp(prefix="plaidoyer-bench-src-"))
    child = None
    try:
        src = snapshot(args.snapshot, tmp, log)
        label = sha if args.snapshot == sha else f"{sha} ({args.snapshot})"
        child = subprocess.Popen(
            [
                PYTHON,
                str(src / "bench" / "run.py"),
                *rest,
                "--results-dir",
                str(args.results_dir.resolve()),
                "--commit",
                label + ", exported",
            ],
            cwd=src,
        )
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            child.terminate()  # its own finally stops gunicorn and PostgreSQL
            try:
                child.wait(timeout=90)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def stem_for(args, scenario: str, today: str) -> str:
    if args.out:
        return args.out if len(args.scenarios) == 1 else f"{args.out}-{scenario}"
    return f"{today}-{scenario}" + ("-quick" if args.quick else "")


def main(argv=None) -> int:
    args = parse_args(argv)
    argv = argv if argv is not None else sys.argv[1:]
    today = datetime.date.today().isoformat()

    def log(msg: str) -> None:
        print(msg, flush=True)

    for tool in ("wrk",):
        if not shutil.which(tool):
            log(
                f"{tool} is missing: run `scripts/system-deps.sh bench` (or make bench)"
            )
            return 2

    # SIGTERM/SIGHUP (a closed terminal, a CI timeout) still run the finally below.
    def _stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)

    if args.snapshot:
        return run_snapshot(args, argv, log)

    tmp = Path(tempfile.mkdtemp(prefix="plaidoyer-bench-"))
    # Outside tmp: as root the cluster belongs to "postgres", who cannot enter tmp.
    pgdir = Path(f"/tmp/plaidoyer-bench-pg-{os.getuid()}-{os.getpid()}")
    server = None
    pg_started = False
    started = time.monotonic()
    failed: list[str] = []
    reports: dict[str, dict] = {}
    try:
        log(f"PostgreSQL: starting a throwaway cluster in {pgdir}")
        pg_started = True
        url = start_postgres(pgdir)
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "PLAIDOYER_TESTING": "0",
            "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PLAIDOYER_VAR_DIR": str(tmp / "var"),
            "LOG_LEVEL": "WARNING",
        }
        django_setup(env)
        sys.path.insert(0, str(BENCH))
        server_env = os.environ.copy() | env
        server = Gunicorn(server_env, args.workers, tmp)
        meter = CpuMeter(
            [
                lambda: server.proc.pid if server.proc else None,
                lambda: postmaster_pid(pgdir),
            ]
        )
        log("Django: migrate + collectstatic")
        prepare_database(log)
        machine = machine_info(args)
        ctx = Context(
            args=args,
            server=server,
            meter=meter,
            tmp=tmp,
            log=log,
            machine=machine,
            command="bench/run.py " + " ".join(public_args(argv)),
            today=today,
        )
        for scenario in args.scenarios:
            stem = stem_for(args, scenario, today)
            t0 = time.monotonic()
            try:
                report = RUNNERS[scenario](ctx, stem)
            except Exception:  # noqa: BLE001 - the other scenarios still run
                import traceback

                traceback.print_exc()
                log(f"[{scenario}] FAILED; going on with the next scenario")
                failed.append(scenario)
                server.stop()
                continue
            report["elapsed_s"] = round(time.monotonic() - t0, 1)
            reports[scenario] = report
            print_scenario(report)
            if not args.no_write:
                write_report(ctx, scenario, stem, report)
            log(
                f"[{scenario}] done in {report['elapsed_s']:.0f} s "
                f"({time.monotonic() - started:.0f} s so far)"
            )
        log(f"\n=== summary ({time.monotonic() - started:.0f} s) ===")
        for scenario, report in reports.items():
            log(
                f"{scenario:<10} all targets met: {'yes' if report['targets']['all'] else 'NO'}"
            )
        for scenario in failed:
            log(f"{scenario:<10} FAILED to run")
        if failed:
            return 3
        missed = any(not r["targets"]["all"] for r in reports.values())
        return 1 if args.check and missed else 0
    finally:
        if server is not None:
            server.stop()
        if pg_started:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 - Django may not be set up yet
                pass
            stop_postgres(pgdir)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
