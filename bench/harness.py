"""The stack under test and the instruments: a throwaway PostgreSQL cluster,
gunicorn with the project's config, wrk and the write client in processes of
their own, and a meter of the CPU that other processes took. Loopback only."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import platform
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PG_SCRIPT = ROOT / "scripts" / "pg-throwaway.sh"
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
PYTHON = sys.executable
MIN_RATIO = 0.40  # a page's req/s >= 40 % of /ping's (issues 2, 3, 6)
MAX_P99_MS = 100.0


def log(msg: str) -> None:
    print(msg, flush=True)


# What every request of the load sends, /ping's too, as a browser would: the
# page cache then answers with the gzip bytes it stores (core.pagecache).
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate"}


def fetch(
    url: str, timeout: float = 10, cookie: str = "", wire: bool = False
) -> tuple[int, bytes]:
    """Status and body, decompressed unless ``wire`` (then as sent: gzip-encoded
    when the site chose so)."""
    headers = BROWSER_HEADERS | ({"Cookie": cookie} if cookie else {})
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            if not wire and response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], **kw) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()


# --- PostgreSQL and Django ----------------------------------------------------------


def start_postgres(pgdir: Path) -> str:
    out = run([str(PG_SCRIPT), "start", str(pgdir)], cwd="/", check=True, timeout=120)
    url = out.splitlines()[-1]
    if not url.startswith("postgres://127.0.0.1:") and "@127.0.0.1:" not in url:
        raise RuntimeError(f"unexpected DATABASE_URL from pg-throwaway: {url!r}")
    return url


def stop_postgres(pgdir: Path) -> None:
    subprocess.run([str(PG_SCRIPT), "stop", str(pgdir)], cwd="/", timeout=120)


def postmaster_pid(pgdir: Path) -> int | None:
    try:
        return int((pgdir / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def django_env(url: str, tmp: Path, writes: bool) -> dict:
    """Production settings against the throwaway cluster (+ /ping-insert for writes)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "PLAIDOYER_TESTING": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        # A Fernet key (32 url-safe base64 bytes) for the help app's testimonies.
        "HELP_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
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
    if writes:
        env |= {
            "BENCHMARK_VIEWS": "1",
            "PROXY_COUNT": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    return env


def django_setup(env: dict) -> None:
    """Configure Django in this process (migrate, seed, probes, profiles)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import plaidoyer

    if not Path(plaidoyer.__file__).resolve().is_relative_to(ROOT):
        raise RuntimeError(f"plaidoyer imported from {plaidoyer.__file__}, not {ROOT}")
    from django.core.management import call_command

    for command in ("migrate", "collectstatic"):
        t0 = time.monotonic()
        call_command(command, interactive=False, verbosity=0)
        log(f"  {command} in {time.monotonic() - t0:.1f} s")


def snapshot(rev: str, tmp: Path) -> Path:
    """Export ``rev`` with git archive (the repository is not touched), with this
    bench/: other people's uncommitted edits neither break the run nor get measured."""
    src = tmp / "src"
    src.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    shutil.rmtree(src / "bench", ignore_errors=True)
    ignore = shutil.ignore_patterns("tmp", "__pycache__")
    shutil.copytree(BENCH, src / "bench", ignore=ignore)
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run(
        [PYTHON, "manage.py", "compilemessages", "-v", "0", "--ignore=node_modules/*"],
        cwd=src,
        env=os.environ | {"DEBUG": "1"},
        check=True,
    )
    log(f"Measuring {rev} exported to {src}")
    return src


def git_commit() -> str:
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    status = ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]
    return commit + (" with uncommitted changes" if commit and run(status) else "")


def machine_info(args) -> dict:
    """Machine, versions and settings that matter for the figures."""
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = [line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    connection.close()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    try:
        conf = runpy.run_path(str(GUNICORN_CONF))
        keys = ("preload_app", "max_requests", "max_requests_jitter", "timeout")
        gunicorn_settings = {k: conf.get(k) for k in keys}
    except Exception as exc:  # noqa: BLE001 - informational only
        gunicorn_settings = {"error": repr(exc)}
    return {
        "nproc": os.cpu_count(),
        "cpu": (cpu or ["unknown"])[0],
        "memory": f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "gunicorn_workers": args.workers,
        "gunicorn_settings": gunicorn_settings,
        "postgresql": pg,
        "wrk": (wrk_version.stdout or wrk_version.stderr or "\n").splitlines()[0],
        "commit": args.commit or git_commit(),
        "page_cache": bool(getattr(settings, "PAGE_CACHE", False)),
        "cache_backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
    }


# --- gunicorn -----------------------------------------------------------------------


class Gunicorn:
    """gunicorn with config/gunicorn.conf.py, bound to a free loopback port."""

    def __init__(self, env: dict, workers: int, logdir: Path):
        self.env, self.workers = env, workers
        self.log = logdir / "gunicorn.log"
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, extra_env: dict | None = None) -> None:
        self.port = free_port()
        env = self.env | (extra_env or {}) | {"WEB_CONCURRENCY": str(self.workers)}
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        cmd = [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONF)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [*cmd, "config.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}:\n{self.tail()}")
            with contextlib.suppress(OSError):
                if fetch(self.base + "/ping")[0] == 200 and (
                    len(self.worker_pids()) >= self.workers
                ):
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start in 60 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # graceful: workers finish
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None

    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def worker_pids(self) -> list[int]:
        with contextlib.suppress(psutil.Error):
            return sorted(p.pid for p in psutil.Process(self.proc.pid).children())
        return []

    def log_offset(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def restarts_since(self, offset: int) -> int:
        """Workers booted since ``offset`` in the log (max_requests recycling)."""
        with self.log.open("rb") as f:
            f.seek(offset)
            return f.read().count(b"Booting worker")

    def drain(self, limit: float = 60) -> float:
        """Wait until /ping answers in < 100 ms again (requests a load that outran
        the workers queued are still served after wrk stops); return seconds."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            t = time.monotonic()
            with contextlib.suppress(OSError):
                fetch(self.base + "/ping", timeout=limit)
            if time.monotonic() - t < 0.1:
                break
            time.sleep(0.2)
        return time.monotonic() - start

    def check(self, paths: list[str], cookie: str = "") -> float:
        """Every path answers 200; return the mean body size in KB as sent (gzip
        where the page cache sends it so)."""
        sizes = []
        for path in paths:
            status, body = fetch(self.base + path, cookie=cookie, wire=True)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}:\n{body[:2000]!r}")
            sizes.append(len(body))
        return sum(sizes) / len(sizes) / 1024

    def tail(self) -> str:
        return "".join(self.log.read_text(errors="replace").splitlines(True)[-30:])


# --- other processes on the machine -------------------------------------------------


class CpuMeter:
    """Share of the machine's CPU that processes other than ours used.

    Ours: the process trees under ``roots`` (gunicorn, the postmaster, the load
    client), this process and its reaped children (wrk)."""

    def __init__(self, roots):
        self.roots = roots  # callables returning a pid or None

    @staticmethod
    def _machine() -> tuple[float, float]:
        t = psutil.cpu_times()
        total = t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq
        total += t.steal
        return total - t.idle - t.iowait, total

    def _ours(self) -> float:
        procs = [psutil.Process()]
        for pid in filter(None, (root() for root in self.roots)):
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(pid)
                procs += [root, *root.children(recursive=True)]
        seconds = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                c = p.cpu_times()
                seconds += c.user + c.system + c.children_user + c.children_system
        return seconds

    def start(self) -> None:
        self._busy, self._total = self._machine()
        self._mine = self._ours()

    def foreign_share(self) -> float:
        busy, total = self._machine()
        mine = self._ours()
        if total <= self._total:
            return 0.0
        others = (busy - self._busy) - (mine - self._mine)
        return max(0.0, others) / (total - self._total)

    def wait_quiet(self, budget: list[float], threshold: float) -> float:
        """Wait (within ``budget[0]`` seconds overall) until others use < threshold."""
        waited = 0
        while True:
            self.start()
            time.sleep(1.0)
            share = self.foreign_share()
            if share < threshold or budget[0] <= 0:
                return share
            budget[0] -= 1.0
            waited += 1
            if waited % 10 == 1:
                log(f"    machine busy with other processes ({share:.0%}); waiting…")


# --- wrk ----------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%(paths)s}
local unique = %(unique)s
local headers = {%(headers)s}
local i, n, threads = 0, 0, 0
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
  return wrk.format("GET", path, headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": {"mean": %%.1f, "max": %%d, "p50": %%d, "p90": %%d, "p99": %%d}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""


@dataclass
class Endpoint:
    """A page to load: wrk rotates over ``paths``. ``min_ratio``/``max_p99_ms`` are
    its targets (None: none). ``unique`` makes every request a cache miss;
    ``cookie`` is sent with every request (a signed-in user's session)."""

    key: str
    label: str
    paths: list[str]
    note: str = ""
    min_ratio: float | None = MIN_RATIO
    max_p99_ms: float | None = MAX_P99_MS
    unique: bool = False
    cookie: str = ""

    @property
    def has_target(self) -> bool:
        return self.min_ratio is not None or self.max_p99_ms is not None


def info(key: str, label: str, paths: list[str], note: str = "", **kw) -> Endpoint:
    """A row without a target: it explains the others (cache misses, long tails)."""
    return Endpoint(key, label, paths, note, min_ratio=None, max_p99_ms=None, **kw)


def miss(key: str, label: str, paths: list[str]) -> Endpoint:
    """``paths`` with a parameter no view reads: rendered every time."""
    note = "a new URL each request: rendered every time"
    return info(f"{key}_miss", f"{label}, cache miss", paths, note, unique=True)


def every(key: str, what: str, paths: list[str]) -> Endpoint:
    """Every one of ``paths`` in turn: each worker renders each one first."""
    from .scenarios import cache_size

    note = f"all {len(paths):,} {what} rotate: each worker renders each one before "
    return info(
        f"{key}_all",
        f"{key}, all {what}",
        paths,
        note + f"its cache can answer ({cache_size()})",
    )


PING = info("ping", "trivial view /ping", ["/ping"])
# Stack.interleaved: a page's --duration in this many slices between /ping slices
# (odd, so that the median is one slice).
PAIRED_SLICES = 5


@dataclass
class Measure:
    key: str
    label: str
    rps: float
    requests: int
    errors: dict
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    connections: int = 32
    kb_per_response: float = 0.0
    paths: int = 1
    note: str = ""
    ratio: float | None = None
    checks: dict = field(default_factory=dict)
    foreign_cpu: float = 0.0
    attempts: int = 1
    target_ratio: float | None = None
    target_p99_ms: float | None = None
    informational: bool = False
    warmup_runs: list = field(default_factory=list)
    worker_restarts: int | None = None
    window: tuple = ()
    # /ping's req/s around this page: the mean of the /ping slices just before
    # and just after the page's median slice (measure_pages(paired=True)).
    ping_rps: float | None = None
    # measure_pages(paired=True): each slice's share of /ping, in order.
    slice_ratios: list = field(default_factory=list)

    @property
    def bad(self) -> int:
        return sum(self.errors.values())


def wrk(base: str, ep: Endpoint, connections: int, seconds: float, tmp: Path, **kw):
    """Load ``ep`` for ``seconds`` (bounded); its Measure, or with ``background``
    the running process for :func:`wrk_result`."""
    script = tmp / f"{ep.key}.lua"
    paths = ", ".join(json.dumps(p) for p in ep.paths)
    unique = "true" if ep.unique else "false"
    sent = BROWSER_HEADERS | ({"Cookie": ep.cookie} if ep.cookie else {})
    headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in sent.items())
    script.write_text(
        WRK_SCRIPT % {"paths": paths, "unique": unique, "headers": headers}
    )
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:g}s"]
    cmd += ["--timeout", "5s", "--latency", "-s", str(script), base + ep.paths[0]]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    proc.ep, proc.connections, proc.seconds = ep, connections, seconds
    return proc if kw.get("background") else wrk_result(proc)


def wrk_result(proc) -> Measure:
    try:
        stdout, stderr = proc.communicate(timeout=proc.seconds + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    match = re.search(r"^WRKJSON (.*)$", stdout, re.M)
    if proc.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{stdout}{stderr}")
    raw, ep = json.loads(match.group(1)), proc.ep
    latency = {f"{k}_ms": v / 1000 for k, v in raw["latency_us"].items()}
    return Measure(
        key=ep.key,
        label=ep.label,
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        requests=raw["requests"],
        errors=raw["errors"],
        **latency,
        connections=proc.connections,
        paths=len(ep.paths),
        note=ep.note,
        target_ratio=ep.min_ratio,
        target_p99_ms=ep.max_p99_ms,
        informational=ep.key != "ping" and not ep.has_target,
    )


# --- the load client (bench/client.py) ----------------------------------------------


class LoadClient:
    """bench/client.py in its own process; READY on its stdout starts the load."""

    def __init__(self, job: dict, tmp: Path, name: str):
        self.paths = [tmp / f"{name}.{ext}" for ext in ("job.json", "out.json", "err")]
        self.paths[0].write_text(json.dumps(job))
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> None:
        job, out, err = self.paths
        cmd = [PYTHON, str(BENCH / "client.py"), str(job), str(out)]
        with err.open("wb") as stderr:
            self.proc = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT
            )
        line = [""]
        reader = threading.Thread(
            target=lambda: line.__setitem__(0, self.proc.stdout.readline()), daemon=True
        )
        reader.start()
        reader.join(timeout)
        if not line[0].startswith("READY"):
            self.kill()
            raise RuntimeError(f"load client did not start:\n{err.read_text()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGUSR1)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def finish(self, timeout: float) -> dict:
        _job, out, err = self.paths
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError("load client did not finish in time") from None
        if self.proc.returncode != 0 or not out.exists():
            text = err.read_text()[-3000:]
            raise RuntimeError(f"load client failed ({self.proc.returncode}):\n{text}")
        return json.loads(out.read_text())

    def pid(self) -> int | None:
        return self.proc.pid if self.proc and self.proc.poll() is None else None


# --- one run: the server, the meter, the measurements --------------------------------


class Stack:
    """gunicorn, the CPU meter and the load processes of one run."""

    def __init__(self, args, tmp: Path, env: dict, pgdir: Path):
        self.args, self.tmp, self.env = args, tmp, env
        self.server = Gunicorn(os.environ.copy() | env, args.workers, tmp)
        self.client: LoadClient | None = None
        self.meter = CpuMeter(
            [
                self.server.pid,
                lambda: postmaster_pid(pgdir),
                lambda: self.client.pid() if self.client else None,
            ]
        )
        self.started = time.monotonic()
        self.counter = 0

    def close(self) -> None:
        if self.client is not None:
            self.client.kill()
        self.server.stop()

    def load(self, ep: Endpoint, connections: int, seconds: float, **kw):
        """wrk on ``ep`` against this run's server (see :func:`wrk`)."""
        return wrk(self.server.base, ep, connections, seconds, self.tmp, **kw)

    def start_writes_server(self, extra_env: dict | None = None) -> None:
        """A fresh gunicorn, every worker up, /ping served a second before use."""
        self.server.stop()
        self.server.start(extra_env)
        self.load(PING, 8, 1)

    def quiet(self) -> float:
        return self.meter.wait_quiet(self.args.wait_budget, self.args.max_foreign)

    def measure(self, ep: Endpoint, connections: int, quiet=True, retries=None):
        """wrk on ``ep``: alone (wait for a quiet machine and measure again, within
        --max-wait, when others took more than --max-foreign) or, with quiet=False,
        during a background flow (once)."""
        seconds = self.args.duration
        retries = self.args.retries if retries is None else retries
        best = None
        for attempt in range(1, (retries + 2) if quiet else 2):
            if quiet:
                self.quiet()
            m = self.metered(lambda: self.load(ep, connections, seconds))
            m.attempts = attempt
            if best is None or m.foreign_cpu < best.foreign_cpu:
                best = m
            if m.foreign_cpu < self.args.max_foreign or not quiet:
                break
            if self.args.wait_budget[0] < seconds:
                break
            self.args.wait_budget[0] -= seconds  # a re-measurement is waiting too
            log(f"    {ep.label}: others took {m.foreign_cpu:.0%} of the CPU: again")
        return best

    def interleaved(self, ep: Endpoint, connections: int) -> Measure:
        """``ep`` against /ping on a machine whose speed drifts (a shared host's:
        two states about 1.7x apart, each lasting seconds): PAIRED_SLICES slices
        of ``ep`` of --duration / PAIRED_SLICES each (whole seconds, at least
        one), with a /ping slice as long before the first, between each two and
        after the last. Each slice's share is its req/s over the mean of the
        /ping slices on either side of it, so both sides of a share are measured
        seconds apart; the page's Measure is its median slice's (a slice
        disturbed either way does not decide), with every slice's share kept and
        the errors of all slices. Waits for a quiet machine before the first
        slice, as :meth:`measure` does, and is measured once."""
        seconds = max(1, round(self.args.duration / PAIRED_SLICES))  # wrk: whole s

        def run() -> Measure:
            pings = [self.load(PING, connections, seconds).rps]
            slices = []
            for _ in range(PAIRED_SLICES):
                slices.append(self.load(ep, connections, seconds))
                pings.append(self.load(PING, connections, seconds).rps)
            for i, m in enumerate(slices):
                m.ping_rps = (pings[i] + pings[i + 1]) / 2
            shares = [m.rps / m.ping_rps for m in slices]
            m = sorted(slices, key=lambda m: m.rps / m.ping_rps)[PAIRED_SLICES // 2]
            m.slice_ratios = [round(r, 3) for r in shares]
            m.errors = {
                k: sum(s.errors.get(k, 0) for s in slices)
                for k in {k for s in slices for k in s.errors}
            }
            return m

        self.quiet()
        return self.metered(run)

    def metered(self, run) -> Measure:
        """``run()``'s Measure with its window, the others' share of the CPU during
        it and the worker restarts it saw."""
        self.meter.start()
        offset = self.server.log_offset()
        t0 = time.time()
        m = run()
        m.window = (t0, time.time())
        m.foreign_cpu = round(self.meter.foreign_share(), 3)
        m.worker_restarts = self.server.restarts_since(offset)
        return m

    def warm_up(self, ep: Endpoint, connections: int) -> list[float]:
        """--warmup slices until every worker has likely seen every URL (~20
        requests per URL) and the rate stops rising, within --max-warmup."""
        rates, requests, spent = [], 0, 0.0
        while spent < self.args.max_warmup:
            m = self.load(ep, connections, self.args.warmup)
            spent += self.args.warmup
            requests += m.requests
            rates.append(round(m.rps, 1))
            covered = requests >= 20 * len(ep.paths)
            if ep.unique or (
                covered and len(rates) >= 2 and rates[-1] <= rates[-2] * 1.1
            ):
                break
        return rates

    def measure_pages(self, eps: list[Endpoint], paired: bool = False) -> list[Measure]:
        """Each endpoint for --duration after its warm-up, /ping first; ratios and
        checks against /ping's req/s. ``paired``: each page in slices between
        /ping slices (:meth:`interleaved`), so that a machine whose speed drifts
        over a long run (a shared host's) compares like with like."""
        args = self.args
        limit = {ep.key: 60 if ep.has_target or ep.key == "ping" else 8 for ep in eps}
        log(f"  checking {sum(min(limit[e.key], len(e.paths)) for e in eps)} paths…")
        sizes = {
            ep.key: self.server.check(ep.paths[: limit[ep.key]], cookie=ep.cookie)
            for ep in eps
        }
        results = []
        for ep in eps:
            warm = self.warm_up(ep, args.connections)
            self.server.drain()
            if paired and ep.key != "ping":
                m = self.interleaved(ep, args.connections)
            else:
                # Rows without a target explain the others: one measurement is enough.
                retries = args.retries if limit[ep.key] == 60 else 0
                m = self.measure(ep, args.connections, retries=retries)
            m.kb_per_response, m.warmup_runs = sizes[ep.key], warm
            self.server.drain()
            log(
                f"  {ep.label:<30} {m.rps:8.1f} req/s  p50 {m.p50_ms:7.1f} ms  p99 "
                f"{m.p99_ms:7.1f} ms  (others' CPU {m.foreign_cpu:.0%}; warm-up "
                f"{'/'.join(f'{r:.0f}' for r in warm)} req/s; {m.worker_restarts} "
                "worker restarts)"
                + (f"; /ping around it {m.ping_rps:.0f} req/s" if m.ping_rps else "")
                + (
                    "; slices × /ping " + " ".join(f"{r:.2f}" for r in m.slice_ratios)
                    if m.slice_ratios
                    else ""
                )
                + (f"  ERRORS {m.errors}" if m.bad else "")
            )
            results.append(m)
        ping = next((m.rps for m in results if m.key == "ping"), 0.0)
        for m in results:
            reference = m.ping_rps or ping
            m.ratio = m.rps / reference if reference else 0.0
            if m.key == "ping" or m.informational:
                continue
            if m.target_ratio is not None:
                m.checks["ratio"] = m.ratio >= m.target_ratio
            if m.target_p99_ms is not None:
                m.checks["p99"] = m.p99_ms <= m.target_p99_ms
            m.checks["errors"] = m.bad == 0
        return results

    # -- the write client --

    def client_job(self, job: dict, name: str) -> LoadClient:
        self.counter += 1
        job = {"port": self.server.port, "timeout": 30.0} | job
        job.setdefault("max_seconds", min(600.0, max(30.0, self.budget_left())))
        self.client = LoadClient(job, self.tmp, f"{self.counter:02d}-{name}")
        return self.client

    def run_client(self, job: dict, name: str, *, quiet=True, on_ready=None) -> dict:
        """A bounded client run (count or time); others' CPU measured from READY."""
        if quiet:
            self.quiet()
        client = self.client_job(job, name)
        client.start()
        if on_ready is not None:
            on_ready()
        self.meter.start()  # from READY: the form GETs and the 3 s wait excluded
        result = client.finish(timeout=job.get("max_seconds", 600) + 120)
        result["foreign_cpu"] = round(self.meter.foreign_share(), 3)
        self.client = None
        return result

    def budget_left(self) -> float:
        return self.args.max_total - (time.monotonic() - self.started)

    def writes(self, job: dict, name: str, seconds: float, reserve: float) -> dict:
        """A main write run, its time limit its own within what the whole run has
        left; the client's summary."""
        cap = round(max(30.0, min(seconds, self.budget_left() - reserve)), 1)
        result = self.run_client(job | {"max_seconds": cap}, name)
        return client_summary(result, name) | {"cap_s": cap}


# --- writes: the yardstick, flows in the background, reads meanwhile ----------------


def client_summary(result: dict, label: str) -> dict:
    server_errors = sum(
        n
        for per in result["status"].values()
        for code, n in per.items()
        if code.startswith("5")
    )
    keys = ("ok", "attempted", "status", "errors", "latency", "client_cpu_s")
    keys += ("samples", "hit_time_limit", "foreign_cpu")
    return {k: result.get(k) for k in keys} | {
        "label": label,
        "seconds": result["to_last_ok_s"],
        "rate": result["rate_per_s"],
        "server_errors": server_errors,
        "token_queries": result.get("token_queries", 0),
    }


def clean(summary: dict) -> bool:
    return summary["server_errors"] == 0 and sum(summary["errors"].values()) == 0


def reads(stack: Stack, pages: list[tuple[str, str, str]], quiet: bool) -> list[dict]:
    """wrk on each (key, label, path) at --read-connections, after a 1-s warm-up."""
    out = []
    for key, label, path in pages:
        ep = info(key, label, [path])
        c = stack.args.read_connections
        stack.load(ep, c, 1)
        m = stack.measure(ep, c, quiet=quiet)
        log(
            f"    {label:<34} {m.rps:8.1f} req/s  p50 {m.p50_ms:6.1f} ms  p99 "
            f"{m.p99_ms:7.1f} ms  (others' CPU {m.foreign_cpu:.0%})"
            + (f"  ERRORS {m.errors}" if m.bad else "")
        )
        out.append(asdict(m))
    return out


def ping_insert(stack: Stack) -> dict:
    """The write yardstick at the clients' concurrency: wrk, then this client."""
    c = stack.args.clients
    ep = info("ping-insert", "/ping-insert (wrk)", ["/ping-insert"])
    stack.load(ep, c, stack.args.warmup)
    by_wrk = asdict(stack.measure(ep, c))
    job = {"kind": "get", "path": "/ping-insert", "concurrency": c, "count": None}
    job |= {"max_seconds": stack.args.duration, "xff_offset": 120_000}
    by_client = client_summary(stack.run_client(job, "ping-insert"), "client")
    log(
        f"    /ping-insert: wrk {by_wrk['rps']:.1f} req/s, this client "
        f"{by_client['rate']:.1f} req/s (client CPU {by_client['client_cpu_s']:.1f} s)"
    )
    return {"wrk": by_wrk, "client": by_client}


def read_while_writing(stack: Stack, job: dict, page: tuple, rate: float, xff: int):
    """The page and /ping with wrk while writes flow: first the clients flat out
    (as the main run), then paced at a quarter of the rate the main run reached;
    then both without writes."""
    flows = []
    pages = [page, ("ping", "/ping", "/ping")]
    paced = round(max(1.0, rate / 4), 1)
    for i, (name, pace) in enumerate([("saturated", None), ("paced", paced)]):
        what = (
            f"{stack.args.clients} clients flat out"
            if pace is None
            else f"paced at {pace:g}/s (a quarter of the main run's rate)"
        )
        log(f"  while writes flow, {what}: {page[1]} and /ping")
        flow = job | {"email_prefix": f"{name}-", "xff_offset": xff + 30_000 * i}
        client = stack.client_job(flow | {"rate": pace, "count": None}, name)
        client.start()
        time.sleep(1.5)  # the flow settles
        try:
            measured = reads(stack, pages, quiet=False)
        finally:
            client.stop()
        result = client.finish(timeout=60)
        stack.client = None
        for m in measured:
            t0, t1 = m["window"]
            start = result["started_epoch"]
            done = [t for t in result["done_epochs"] if t0 <= start + t <= t1]
            m["writes_per_s_meanwhile"] = round(len(done) / (t1 - t0), 1)
        background = client_summary(result, f"writes ({name})")
        ratio = measured[0]["rps"] / measured[1]["rps"] if measured[1]["rps"] else 0.0
        log(
            f"    {page[1]} = {ratio:.0%} of /ping; writes meanwhile: "
            f"{background['ok']:,} ({background['rate']:.1f}/s)"
        )
        flows.append(
            {
                "name": name,
                "what": what,
                "rate": pace,
                "background": background,
                "reads": measured,
                "ratio": round(ratio, 3),
            }
        )
    log(f"  without writes: {page[1]} and /ping")
    quiet = reads(stack, pages, quiet=True)
    ratio = quiet[0]["rps"] / quiet[1]["rps"] if quiet[1]["rps"] else None
    return flows, {"reads": quiet, "ratio": ratio}


def write_report(stack: Stack, yard: dict, checks: dict, **more) -> dict:
    """A write scenario's report: its runs and ``checks`` (all must pass)."""
    stack.server.stop()
    ping = yard["wrk"]["rps"]
    return more | {
        "yardstick": yard,
        "ratio_to_ping_insert": round(share(more, yard), 3),
        "ratio_no_js": round(more["no_js"]["rate"] / ping, 3) if ping else None,
        "checks": checks,
        "targets": {"all": all(checks.values())},
    }


def share(runs: dict, yard: dict) -> float:
    """The main write run's rate as a share of /ping-insert's req/s (wrk)."""
    main = runs.get("registrations") or runs["actions"]
    return main["rate"] / yard["wrk"]["rps"] if yard["wrk"]["rps"] else 0.0
