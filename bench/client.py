"""Load generator for the write scenarios: a separate process, loopback only.

    python bench/client.py JOB.json OUT.json

An asyncio client with a minimal HTTP/1.1 implementation (stdlib only: the
project's sync gunicorn workers close every connection after one response, so
each request is a fresh TCP connection, as a browser's form post would be). One
coroutine per simulated client; each takes the next item from a shared counter
until the job's count is done, its time limit is reached or SIGUSR1 asks it to
stop (the background flows of the write scenarios). Jobs:

* ``register`` — event registrations: each client GETs the form once (CSRF
  cookie and token), then POSTs one registration per item; the job's
  ``form_headers`` and ``headers`` go with them (htmx's, as a browser sends
  them from the event page, or none: a browser without JavaScript).
* ``act`` — campaign actions: each client GETs the campaign page once (CSRF and
  the signed ``started`` field), waits past the 3 s bot threshold, then per item
  POSTs the action (with the job's ``headers``: htmx's, or none), reads its
  confirmation token from the database (batched: one query per case for
  whatever is waiting) and GETs the confirmation link.
* ``get`` — GET one path over and over (the /ping-insert yardstick through this
  same client).
* ``export`` — log in as a coordinator and stream one large CSV (http.client).

Every item has its own X-Forwarded-For address from 198.18.0.0/15 (a header
string: all traffic goes to 127.0.0.1). Prints ``READY <epoch>`` on stdout when
the setup is done and the timed load starts; writes the results as JSON.
"""

from __future__ import annotations

import asyncio
import html
import http.client
import json
import re
import resource
import signal
import sys
import time
import urllib.parse
from pathlib import Path

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_INPUT = re.compile(rb'<input[^>]*name="started"[^>]*>')
VALUE_ATTR = re.compile(rb'value="([^"]*)"')


def xff(i: int) -> str:
    """The i-th address of the benchmark range 198.18.0.0/15 (skipping .0)."""
    n = i + 1
    if n >= 2**17:
        raise ValueError("more than 131,071 distinct client addresses asked")
    return f"198.{18 + (n >> 16)}.{(n >> 8) & 255}.{n & 255}"


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    v = sorted(values)

    def p(q: float) -> float:
        return round(v[min(len(v) - 1, int(q / 100 * len(v)))] * 1000, 2)

    return {
        "n": len(v),
        "mean_ms": round(sum(v) / len(v) * 1000, 2),
        "p50_ms": p(50),
        "p90_ms": p(90),
        "p99_ms": p(99),
        "max_ms": round(v[-1] * 1000, 2),
    }


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def cookies(self) -> dict[str, str]:
        out = {}
        for name, value in self.headers:
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _sep, val = pair.partition("=")
                out[key.strip()] = val.strip()
        return out


class Client:
    def __init__(self, host: str, port: int, timeout: float):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.hostport = f"{host}:{port}"

    def build(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> bytes:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.hostport}",
            "Connection: close",
            "User-Agent: plaidoyer-bench",
        ]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if method == "POST":
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def send(self, raw: bytes) -> Response:
        async def go() -> Response:
            reader, writer = await asyncio.open_connection(self.host, self.port)
            try:
                writer.write(raw)
                data = await reader.read(-1)  # the server closes after the answer
            finally:
                writer.close()
            head, _sep, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            try:
                status = int(lines[0].split(" ", 2)[1])
            except (IndexError, ValueError):
                raise ConnectionError(f"bad response: {data[:200]!r}") from None
            headers = []
            for line in lines[1:]:
                name, _sep, value = line.partition(":")
                headers.append((name.strip().lower(), value.strip()))
            return Response(status, headers, body)

        return await asyncio.wait_for(go(), self.timeout)


class Stats:
    """Counts and latencies per step ("post", "confirm", "get", "form")."""

    def __init__(self):
        self.status: dict[str, dict[str, int]] = {}
        self.latency: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {"timeout": 0, "connect": 0, "other": 0}
        self.samples: list[dict] = []  # a few unexpected answers, for diagnosis
        self.done: list[float] = []  # epoch of each completed item

    def record(self, step: str, status: int, seconds: float, body: bytes = b""):
        per = self.status.setdefault(step, {})
        per[str(status)] = per.get(str(status), 0) + 1
        self.latency.setdefault(step, []).append(seconds)
        if status >= 400 and len(self.samples) < 5:
            text = re.sub(rb"\s+", b" ", body[:20000]).decode("utf-8", "replace")
            errors = re.findall(r'class="error[^"]*"[^>]*>(.*?)</', text)
            self.samples.append(
                {"step": step, "status": status, "errors": errors[:5] or text[:300]}
            )

    def error(self, step: str, exc: BaseException):
        kind = (
            "timeout"
            if isinstance(exc, asyncio.TimeoutError | TimeoutError)
            else "connect"
            if isinstance(exc, OSError)
            else "other"
        )
        self.errors[kind] += 1
        if len(self.samples) < 5:
            self.samples.append({"step": step, "exception": repr(exc)[:300]})


class TokenResolver:
    """Confirmation tokens from the database: one query per case for all waiting."""

    def __init__(self, database_url: str):
        self.database_url = database_url
        self.waiting: dict[tuple[int, str], asyncio.Future] = {}
        self.wake = asyncio.Event()
        self.queries = 0
        self.task: asyncio.Task | None = None

    async def start(self):
        import psycopg

        self.conn = await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        )
        self.task = asyncio.create_task(self.run())

    async def get(self, case_id: int, email: str) -> str:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(case_id, email)] = future
        self.wake.set()
        return await future

    async def run(self):
        while True:
            await self.wake.wait()
            await asyncio.sleep(0.005)  # let a few more gather
            self.wake.clear()
            batch, self.waiting = self.waiting, {}
            by_case: dict[int, list[str]] = {}
            for case_id, email in batch:
                by_case.setdefault(case_id, []).append(email)
            found = {}
            try:
                for case_id, emails in by_case.items():
                    cur = await self.conn.execute(
                        "SELECT email_key, token FROM campaigns_action "
                        "WHERE case_id = %s AND email_key = ANY(%s)",
                        (case_id, emails),
                    )
                    self.queries += 1
                    for email, token in await cur.fetchall():
                        found[(case_id, email)] = token
            except Exception as exc:  # noqa: BLE001 - handed to every waiter
                for future in batch.values():
                    if not future.done():
                        future.set_exception(exc)
                continue
            for key, future in batch.items():
                if future.done():
                    continue
                if key in found:
                    future.set_result(found[key])
                else:
                    future.set_exception(LookupError(f"no action for {key}"))

    async def close(self):
        if self.task:
            self.task.cancel()
        await self.conn.close()


def form_fields(body: bytes) -> dict[str, str]:
    fields = {}
    match = CSRF_INPUT.search(body)
    if match:
        fields["csrfmiddlewaretoken"] = html.unescape(match.group(1).decode())
    match = STARTED_INPUT.search(body)
    if match:
        value = VALUE_ATTR.search(match.group(0))
        if value:
            fields["started"] = html.unescape(value.group(1).decode())
    return fields


async def run_job(job: dict) -> dict:
    client = Client("127.0.0.1", job["port"], job.get("timeout", 30.0))
    stats = Stats()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, stop.set)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    kind = job["kind"]
    concurrency = job["concurrency"]
    count = job.get("count")  # None: until stopped or the time limit
    offset = job.get("offset", 0)
    xff_offset = job.get("xff_offset", 0)
    next_item = [0]
    base = f"http://127.0.0.1:{job['port']}"

    rate = job.get("rate")  # items per second, paced (open loop); None: flat out
    clock = [0.0]

    async def take() -> int | None:
        if stop.is_set():
            return None
        i = next_item[0]
        if count is not None and i >= count:
            return None
        next_item[0] += 1
        if rate:
            delay = clock[0] + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if stop.is_set():
                return None
        return i

    # --- per-client setup: the form page, its CSRF token (and started field) ---
    sessions: list[dict] = []
    if kind in ("register", "act"):

        async def setup(c: int) -> dict:
            raw = client.build(
                "GET",
                job["form_path"],
                {"X-Forwarded-For": xff(xff_offset + c), **job.get("form_headers", {})},
            )
            t0 = time.perf_counter()
            response = await client.send(raw)
            stats.record("form", response.status, time.perf_counter() - t0)
            if response.status != 200:
                raise RuntimeError(f"GET {job['form_path']} answered {response.status}")
            fields = form_fields(response.body)
            token = response.cookies().get("csrftoken")
            if not token or "csrfmiddlewaretoken" not in fields:
                raise RuntimeError("no CSRF cookie or token in the form page")
            if kind == "act" and "started" not in fields:
                raise RuntimeError("no signed started field in the campaign form")
            return {"cookie": f"csrftoken={token}", "fields": fields}

        sessions = list(await asyncio.gather(*(setup(c) for c in range(concurrency))))
        if kind == "act":
            await asyncio.sleep(job.get("form_wait", 3.5))
        xff_offset += concurrency

    resolver = None
    if kind == "act":
        resolver = TokenResolver(job["database_url"])
        await resolver.start()

    referer = base + job.get("referer_path", job.get("form_path", "/"))
    items = job.get("items", {})

    async def post_form(c: int, i: int, data: dict):
        """POST the form as client c's browser would (item i's own address)."""
        raw = client.build(
            "POST",
            job["post_path"],
            {
                "X-Forwarded-For": xff(xff_offset + i),
                "Cookie": sessions[c]["cookie"],
                "Referer": referer,
                **job.get("headers", {}),
            },
            urllib.parse.urlencode(data).encode(),
        )
        t0 = time.perf_counter()
        response = await client.send(raw)
        stats.record("post", response.status, time.perf_counter() - t0, response.body)
        return response

    async def register(c: int, i: int):
        session = sessions[c]
        n = offset + i
        data = {
            **session["fields"],
            "name": f"Participant {n}",
            "email": f"{job['email_prefix']}{n}@bench.example.org",
            "organisation_name": "Bench asbl" if n % 3 == 0 else "",
            "accessibility_needs": "Boucle magnétique" if n % 17 == 0 else "",
            "website": "",
            **job.get("extra_fields", {}),
        }
        response = await post_form(c, i, data)
        return response.status == 200

    postcodes = items.get("postcodes", [])
    cases = items.get("cases", [])

    async def act(c: int, i: int):
        session = sessions[c]
        n = offset + i
        case_slug, case_id = cases[n % len(cases)]
        postcode = postcodes[n % len(postcodes)]
        email = f"{job['email_prefix']}{n}@bench.example.org"
        data = {
            **session["fields"],
            "case": case_slug,
            "kind": "letter",
            "name": f"Signataire {n}",
            "email": email,
            "in_belgium": "yes",
            "postcode": postcode,
            "country": "",
            "municipality": "",
            "letter": job.get("letter", ""),
            "share_name": "on",
            "consent": "on",
            "website": "",
        }
        t0 = time.perf_counter()
        response = await post_form(c, i, data)
        t1 = time.perf_counter()
        if response.status != 200:
            return False
        token = await resolver.get(case_id, email)
        t2 = time.perf_counter()
        stats.latency.setdefault("token_lookup", []).append(t2 - t1)
        # The link's page only shows a button (mail scanners open links): its POST
        # confirms, with the session's CSRF cookie and token, as a browser sends it.
        raw = client.build(
            "POST",
            job["confirm_prefix"] + token + "/",
            {
                "X-Forwarded-For": xff(xff_offset + i),
                "Cookie": session["cookie"],
                "Referer": referer,
            },
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": session["fields"]["csrfmiddlewaretoken"]}
            ).encode(),
        )
        response = await client.send(raw)
        t3 = time.perf_counter()
        stats.record("confirm", response.status, t3 - t2, response.body)
        stats.latency.setdefault("action", []).append(t3 - t0)
        return response.status == 200

    get_raw = (
        client.build("GET", job["path"], {"X-Forwarded-For": xff(xff_offset)})
        if kind == "get"
        else b""
    )

    async def get(c: int, i: int):
        t0 = time.perf_counter()
        response = await client.send(get_raw)
        stats.record("get", response.status, time.perf_counter() - t0)
        return response.status == 200

    step = {"register": register, "act": act, "get": get}[kind]
    ok = [0]

    async def worker(c: int):
        while (i := await take()) is not None:
            try:
                if await step(c, i):
                    ok[0] += 1
                    stats.done.append(time.time())
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                stats.error(kind, exc)

    limit = job.get("max_seconds", 600)
    print(f"READY {time.time():.6f}", flush=True)
    started_epoch = time.time()
    started = clock[0] = time.perf_counter()
    tasks = [asyncio.create_task(worker(c)) for c in range(concurrency)]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    timed_out = bool(pending)
    if pending:
        stop.set()
        await asyncio.wait(pending, timeout=job.get("timeout", 30.0) + 5)
        for task in pending:
            task.cancel()
    elapsed = time.perf_counter() - started
    if resolver:
        queries = resolver.queries
        await resolver.close()
    last = max(stats.done) - started_epoch if stats.done else elapsed
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "kind": kind,
        "concurrency": concurrency,
        "asked": count,
        "attempted": next_item[0],
        "ok": ok[0],
        "elapsed_s": round(elapsed, 3),
        "to_last_ok_s": round(last, 3),
        "rate_per_s": round(ok[0] / last, 2) if last > 0 else 0.0,
        "hit_time_limit": timed_out,
        "status": stats.status,
        "errors": stats.errors,
        "samples": stats.samples,
        "latency": {k: percentiles(v) for k, v in stats.latency.items()},
        "token_queries": queries if resolver else 0,
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "started_epoch": started_epoch,
        "done_epochs": [round(t - started_epoch, 3) for t in stats.done],
    }


def run_export(job: dict) -> dict:
    """Log in, then stream the CSV; bytes, lines, time to first byte and to the end."""
    host, port = "127.0.0.1", job["port"]
    timeout = job.get("timeout", 180)
    headers = {"X-Forwarded-For": xff(job.get("xff_offset", 0))}

    def request(method, path, body=None, extra=None):
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        h = dict(headers) | (extra or {})
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=h)
        return conn, conn.getresponse()

    conn, response = request("GET", job["login_path"])
    page = response.read()
    conn.close()
    cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _sep, val = value.split(";", 1)[0].partition("=")
            cookies[key] = val
    csrf = form_fields(page).get("csrfmiddlewaretoken", "")
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "username": job["username"],
            "password": job["password"],
        }
    )
    conn, response = request(
        "POST",
        job["login_path"],
        body,
        {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"http://{host}:{port}{job['login_path']}",
        },
    )
    response.read()
    conn.close()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _sep, val = value.split(";", 1)[0].partition("=")
            cookies[key] = val
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login failed: HTTP {response.status}")
    print(f"READY {time.time():.6f}", flush=True)
    t0 = time.perf_counter()
    conn, response = request(
        "GET",
        job["path"],
        extra={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )
    first_byte = None
    size = lines = 0
    tail = b""
    head = b""
    while True:
        chunk = response.read1(1 << 16) if hasattr(response, "read1") else b""
        if not chunk:
            break
        if first_byte is None:
            first_byte = time.perf_counter() - t0
            head = chunk[:400]
        size += len(chunk)
        lines += chunk.count(b"\n")
        tail = (tail + chunk)[-400:]
    total = time.perf_counter() - t0
    conn.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "kind": "export",
        "status": response.status,
        "content_type": response.getheader("Content-Type"),
        "transfer_encoding": response.getheader("Transfer-Encoding"),
        "bytes": size,
        "lines": lines,
        "first_byte_s": round(first_byte or total, 3),
        "total_s": round(total, 3),
        "mb_per_s": round(size / total / 1e6, 2) if total else 0,
        "head": head.decode("utf-8", "replace").splitlines()[:2],
        "last_line": tail.decode("utf-8", "replace").strip().splitlines()[-1:],
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
    }


def main() -> int:
    job = json.loads(Path(sys.argv[1]).read_text())
    run = run_export if job["kind"] == "export" else lambda j: asyncio.run(run_job(j))
    result = run(job)
    Path(sys.argv[2]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
