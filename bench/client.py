"""Load generator for the write scenarios: a separate process, loopback only.

    python bench/client.py JOB.json OUT.json

asyncio and a minimal HTTP/1.1 (stdlib only; gunicorn's sync workers close every
connection after one response, so each request is a fresh TCP connection, as a
browser's form post would be). One coroutine per simulated client takes the next
item until the job's count is done, its time limit is reached or SIGUSR1 asks it
to stop (the background flows). Jobs: ``register`` (GET the event's form once
for CSRF, then POST one registration per item), ``act`` (GET the campaign page
once for CSRF and the signed ``started`` field, wait past the 3 s bot threshold,
then per item POST the action, read its confirmation token from the database,
batched, and GET the confirmation link), ``get`` (one path over and over: the
/ping-insert yardstick) and ``export`` (log in, stream one large CSV). The job's
``form_headers`` and ``headers`` go with the form GET and the POSTs (htmx's, or
none: a browser without JavaScript). Every item has its own X-Forwarded-For
address from 198.18.0.0/15. Prints ``READY <epoch>`` when the timed load starts.
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

FIELDS = re.compile(rb'<input[^>]*name="(csrfmiddlewaretoken|started)"[^>]*>')
VALUE = re.compile(rb'value="([^"]*)"')


def xff(i: int) -> str:
    """The i-th address of the benchmark range 198.18.0.0/15 (skipping .0)."""
    n = i + 1
    if n >= 2**17:
        raise ValueError("more than 131,071 distinct client addresses asked")
    return f"198.{18 + (n >> 16)}.{(n >> 8) & 255}.{n & 255}"


def registration(n: int, prefix: str) -> dict:
    """The registration form as participant ``n`` fills it in."""
    return {
        "name": f"Participant {n}",
        "email": f"{prefix}{n}@bench.example.org",
        "organisation_name": "Bench asbl" if n % 3 == 0 else "",
        "accessibility_needs": "Boucle magnétique" if n % 17 == 0 else "",
        "website": "",
    }


def action(n: int, prefix: str, case: str, postcode: str, letter: str) -> dict:
    """The campaign's letter form as signatory ``n`` fills it in."""
    return {
        "case": case,
        "kind": "letter",
        "name": f"Signataire {n}",
        "email": f"{prefix}{n}@bench.example.org",
        "in_belgium": "yes",
        "postcode": postcode,
        "country": "",
        "municipality": "",
        "letter": letter,
        "share_name": "on",
        "consent": "on",
        "website": "",
    }


def percentiles(values: list[float]) -> dict:
    v = sorted(values)
    out = {"n": len(v)}
    if v:
        out["mean_ms"] = round(sum(v) / len(v) * 1000, 2)
        for q in (50, 90, 99):
            out[f"p{q}_ms"] = round(v[min(len(v) - 1, int(q / 100 * len(v)))] * 1000, 2)
        out["max_ms"] = round(v[-1] * 1000, 2)
    return out


def form_fields(body: bytes) -> dict[str, str]:
    """The CSRF token and the signed ``started`` field of a form page."""
    fields = {}
    for match in FIELDS.finditer(body):
        value = VALUE.search(match.group(0))
        if value and match.group(1).decode() not in fields:
            fields[match.group(1).decode()] = html.unescape(value.group(1).decode())
    return fields


def cookies(headers, jar: dict | None = None) -> dict[str, str]:
    """``jar`` with the Set-Cookie headers among (name, value) ``headers``."""
    jar = {} if jar is None else jar
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, val = value.split(";", 1)[0].partition("=")
            jar[key.strip()] = val.strip()
    return jar


class Client:
    """One request per connection, as gunicorn's sync workers answer."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout

    def build(self, method: str, path: str, headers: dict, body: bytes = b"") -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += ["Connection: close", "User-Agent: plaidoyer-bench"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if method == "POST":
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def send(self, raw: bytes) -> tuple[int, list, bytes]:
        async def go():
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
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
            fields = (line.partition(":") for line in lines[1:])
            return status, [(n.strip(), v.strip()) for n, _, v in fields], body

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
        kind = "connect" if isinstance(exc, OSError) else "other"
        if isinstance(exc, asyncio.TimeoutError | TimeoutError):
            kind = "timeout"
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

    async def start(self):
        import psycopg

        url = self.database_url
        self.conn = await psycopg.AsyncConnection.connect(url, autocommit=True)
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
                found = exc
            for key, future in batch.items():
                if future.done():
                    continue
                if isinstance(found, Exception):
                    future.set_exception(found)
                elif key in found:
                    future.set_result(found[key])
                else:
                    future.set_exception(LookupError(f"no action for {key}"))

    async def close(self):
        self.task.cancel()
        await self.conn.close()


async def run_job(job: dict) -> dict:
    client = Client(job["port"], job.get("timeout", 30.0))
    stats, stop = Stats(), asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, stop.set)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    kind, concurrency = job["kind"], job["concurrency"]
    count = job.get("count")  # None: until stopped or the time limit
    offset, xff_offset = job.get("offset", 0), job.get("xff_offset", 0)
    rate = job.get("rate")  # items per second, paced (open loop); None: flat out
    next_item, clock = [0], [0.0]

    async def take() -> int | None:
        i = next_item[0]
        if stop.is_set() or (count is not None and i >= count):
            return None
        next_item[0] += 1
        if rate and (delay := clock[0] + i / rate - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        return None if rate and stop.is_set() else i

    async def timed(step: str, method: str, path: str, headers: dict, body=b""):
        t0 = time.perf_counter()
        status, headers, body = await client.send(
            client.build(method, path, headers, body)
        )
        stats.record(step, status, time.perf_counter() - t0, body)
        return status, headers, body

    # Per client: the form page, its CSRF token (and started field).
    sessions: list[dict] = []
    if kind in ("register", "act"):

        async def setup(c: int) -> dict:
            headers = {"X-Forwarded-For": xff(xff_offset + c)}
            status, headers, body = await timed(
                "form", "GET", job["form_path"], headers | job.get("form_headers", {})
            )
            if status != 200:
                raise RuntimeError(f"GET {job['form_path']} answered {status}")
            fields, token = form_fields(body), cookies(headers).get("csrftoken")
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
    referer = f"http://127.0.0.1:{job['port']}"
    referer += job.get("referer_path", job.get("form_path", "/"))
    items = job.get("items", {})

    async def post_form(c: int, i: int, data: dict) -> int:
        """POST the form as client c's browser would (item i's own address)."""
        headers = {"X-Forwarded-For": xff(xff_offset + i)}
        headers |= {"Cookie": sessions[c]["cookie"], "Referer": referer}
        body = urllib.parse.urlencode(sessions[c]["fields"] | data).encode()
        path, headers = job["post_path"], headers | job.get("headers", {})
        return (await timed("post", "POST", path, headers, body))[0]

    async def register(c: int, i: int) -> bool:
        data = registration(offset + i, job["email_prefix"])
        return await post_form(c, i, data | job.get("extra_fields", {})) == 200

    async def act(c: int, i: int) -> bool:
        n = offset + i
        case_slug, case_id = items["cases"][n % len(items["cases"])]
        postcode = items["postcodes"][n % len(items["postcodes"])]
        data = action(
            n, job["email_prefix"], case_slug, postcode, job.get("letter", "")
        )
        t0 = time.perf_counter()
        if await post_form(c, i, data) != 200:
            return False
        t1 = time.perf_counter()
        token = await resolver.get(case_id, data["email"])
        stats.latency.setdefault("token_lookup", []).append(time.perf_counter() - t1)
        link = job["confirm_prefix"] + token + "/"
        # The link's page only shows a button (mail scanners open links): its POST
        # confirms, with the session's CSRF cookie and token, as a browser sends it.
        headers = {"X-Forwarded-For": xff(xff_offset + i)}
        headers |= {"Cookie": sessions[c]["cookie"], "Referer": referer}
        csrf = {"csrfmiddlewaretoken": sessions[c]["fields"]["csrfmiddlewaretoken"]}
        body = urllib.parse.urlencode(csrf).encode()
        status = (await timed("confirm", "POST", link, headers, body))[0]
        stats.latency.setdefault("action", []).append(time.perf_counter() - t0)
        return status == 200

    async def get(c: int, i: int) -> bool:
        path, headers = job["path"], {"X-Forwarded-For": xff(xff_offset)}
        return (await timed("get", "GET", path, headers))[0] == 200

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

    print(f"READY {time.time():.6f}", flush=True)
    started_epoch = time.time()
    started = clock[0] = time.perf_counter()
    tasks = [asyncio.create_task(worker(c)) for c in range(concurrency)]
    _done, pending = await asyncio.wait(tasks, timeout=job.get("max_seconds", 600))
    if pending:
        stop.set()
        await asyncio.wait(pending, timeout=job.get("timeout", 30.0) + 5)
        for task in pending:
            task.cancel()
    elapsed = time.perf_counter() - started
    if resolver:
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
        "hit_time_limit": bool(pending),
        "status": stats.status,
        "errors": stats.errors,
        "samples": stats.samples,
        "latency": {k: percentiles(v) for k, v in stats.latency.items()},
        "token_queries": resolver.queries if resolver else 0,
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "started_epoch": started_epoch,
        "done_epochs": [round(t - started_epoch, 3) for t in stats.done],
    }


def run_export(job: dict) -> dict:
    """Log in, then stream the CSV; bytes, lines, time to first byte and to the end."""
    jar: dict[str, str] = {}

    def request(method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", job["port"], job["timeout"])
        headers = {"X-Forwarded-For": xff(job.get("xff_offset", 0))}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{job['port']}{job['login_path']}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        cookies(response.getheaders(), jar)
        return conn, response

    conn, response = request("GET", job["login_path"])
    csrf = form_fields(response.read()).get("csrfmiddlewaretoken", "")
    conn.close()
    login = {"username": job["username"], "password": job["password"]}
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf} | login)
    conn, response = request("POST", job["login_path"], body)
    response.read()
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login failed: HTTP {response.status}")
    print(f"READY {time.time():.6f}", flush=True)
    t0 = time.perf_counter()
    conn, response = request("GET", job["path"])
    first_byte, size, lines, head, tail = None, 0, 0, b"", b""
    while chunk := response.read1(1 << 16):
        if first_byte is None:
            first_byte, head = time.perf_counter() - t0, chunk[:400]
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
    Path(sys.argv[2]).write_text(json.dumps(run(job)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
