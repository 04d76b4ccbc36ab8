"""Several servers, proven: two gunicorn app servers and two task workers over one
PostgreSQL and one Redis, all real processes on loopback (`make test-cluster`).

The stack is started once for the module, with the demo loaded; the tests run in
file order and the last one restarts PostgreSQL under them.
"""

from __future__ import annotations

import base64
import email
import email.message
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.cluster
STALE_SECONDS = 5
WEBINAR = "webinaire-anvita-egm-marche-des-solidarites"
ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A browser's worth of HTTP: cookies, CSRF tokens from forms, no redirects."""

    def __init__(self, base: str, forwarded_for: str = "198.51.100.1"):
        self.base = base
        self.forwarded_for = forwarded_for
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback http
        req.add_header("X-Forwarded-For", self.forwarded_for)
        try:
            with self.opener.open(req, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def post_form(self, page: str, data: dict, action: str | None = None):
        """GET ``page`` for its CSRF token, then POST ``data`` to ``action``."""
        status, html = self.get(page)
        assert status == 200, (page, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, f"no form on {page}"
        return self.request(
            action or page, {"csrfmiddlewaretoken": token.group(1), **data}
        )

    def with_server(self, base: str) -> Client:
        """The same visitor (cookies and address), talking to another server."""
        other = Client(base, self.forwarded_for)
        other.jar = self.jar
        other.opener = self.opener
        return other


@dataclass
class Stack:
    env: dict
    var: Path
    pgdir: Path
    web: dict = field(default_factory=dict)  # "A"/"B" -> (process, base URL)
    workers: list = field(default_factory=list)

    def manage(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)}:\n{done.stderr}")
        return done.stdout

    def sql(self, query: str) -> str:
        """Run one SQL statement through psql; return its unaligned output."""
        return subprocess.run(
            ["psql", self.env["DATABASE_URL"], "-At", "-c", query],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def start_web(self, name: str) -> None:
        port = _free_port()
        process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "-c",
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=self.env | {"WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=open(self.var / f"web-{name}.log", "w"),  # noqa: SIM115
        )
        self.web[name] = (process, f"http://127.0.0.1:{port}")

    def start_worker(self, replace: bool = False) -> subprocess.Popen:
        index = len(self.workers) + (10 if replace else 0)
        process = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "worker",
                "--tick-seconds",
                "1",
                "--max-backoff",
                "2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.var / f"worker-{index}.log", "w"),  # noqa: SIM115
        )
        if not replace:
            self.workers.append(process)
        return process

    def url(self, name: str) -> str:
        return self.web[name][1]

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        for name in self.web:
            while True:
                try:
                    status, _ = Client(self.url(name)).get("/healthz")
                    if status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"server {name} never healthy"
                time.sleep(0.2)

    def mails(self) -> list[email.message.Message]:
        """Every message the file backend wrote, parsed."""
        box = self.var / "mail"
        messages = []
        for path in sorted(box.glob("*.log")) if box.exists() else []:
            for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
                if raw.strip():
                    messages.append(email.message_from_string(raw))
        return messages

    def recipients(self, marker: str) -> list[str]:
        """The addressee of each message whose text contains ``marker``."""
        found = []
        for message in self.mails():
            for part in message.walk():
                payload = part.get_payload(decode=True)
                if payload and marker in payload.decode(errors="replace"):
                    found.append(message["To"])
                    break
        return found

    def pg(self, action: str) -> None:
        bin_dir = Path(
            sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
        ).parent
        command = [str(bin_dir / "pg_ctl"), "-D", str(self.pgdir / "data"), "-w"]
        if action == "stop":
            command += ["-m", "fast", "stop"]
        else:
            port = urllib.parse.urlsplit(self.env["DATABASE_URL"]).port
            command += [
                "-l",
                str(self.pgdir / "log"),
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {port} -k {self.pgdir} "
                "-c fsync=off -c max_connections=300",
                "start",
            ]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="module")
def stack():
    for tool in ("redis-server", "psql"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run `scripts/system-deps.sh test`.")
    # Not under pytest's 0700 tmp: PostgreSQL runs as its own user when we are root.
    tmp = Path(tempfile.mkdtemp(prefix="plaidoyer-cluster-"))
    os.chmod(tmp, 0o755)  # noqa: S103 - readable by the postgres user
    pgdir, redisdir, var = tmp / "pg", tmp / "redis", tmp / "var"
    var.mkdir()

    def start(script: str, directory: Path) -> str:
        """Start a throwaway server in ``directory``; return its URL."""
        return subprocess.run(
            [str(ROOT / "scripts" / script), "start", str(directory)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    database_url = start("pg-throwaway.sh", pgdir)
    redis_url = start("redis-throwaway.sh", redisdir)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PLAIDOYER_TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE")
    } | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "HELP_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "PLAIDOYER_VAR_DIR": str(var),
        "STATIC_ROOT": str(tmp / "static"),
        "EMAIL_BACKEND": "plaidoyer.core.tests.slowmail.EmailBackend",
        "OUTBOX_STALE_SECONDS": str(STALE_SECONDS),
        "TASK_STALE_SECONDS": "10",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "PROXY_COUNT": "1",
        "DATA_VERSION_TTL": "0.5",
        "LOG_LEVEL": "WARNING",
        "TASKS_LOG_LEVEL": "WARNING",
    }
    stack = Stack(env=env, var=var, pgdir=pgdir)
    try:
        stack.manage("migrate", "--no-input", "-v", "0")
        stack.manage("load_demo")
        stack.manage("collectstatic", "--no-input", "-v", "0")
        stack.start_web("A")
        stack.start_web("B")
        stack.start_worker()
        stack.start_worker()
        stack.wait_healthy()
        yield stack
    finally:
        for log in sorted(var.glob("*.log")):  # shown by pytest when a test failed
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        for process, _ in stack.web.values():
            process.terminate()
        for process in stack.workers:
            process.kill()
        for process in [p for p, _ in stack.web.values()] + stack.workers:
            process.wait(timeout=30)
        subprocess.run(
            [str(ROOT / "scripts/redis-throwaway.sh"), "stop", str(redisdir)]
        )
        subprocess.run([str(ROOT / "scripts/pg-throwaway.sh"), "stop", str(pgdir)])
        shutil.rmtree(tmp, ignore_errors=True)


def _coordinator(stack, server: str) -> Client:
    client = Client(stack.url(server))
    password = (stack.var / "demo-password").read_text().strip()
    status, _ = client.post_form(
        "/fr/accounts/login/",
        {"username": "coordination@plaidoyer.test", "password": password},
    )
    assert status == 302
    return client


def test_login_lockout_on_one_server_holds_on_the_other(stack):
    attacker = Client(stack.url("A"), forwarded_for="203.0.113.66")
    for _ in range(5):
        status, _ = attacker.post_form(
            "/fr/accounts/login/",
            {"username": "coordination@plaidoyer.test", "password": "wrong"},
        )
    on_b = attacker.with_server(stack.url("B"))
    password = (stack.var / "demo-password").read_text().strip()
    status, _ = on_b.post_form(
        "/fr/accounts/login/",
        {"username": "coordination@plaidoyer.test", "password": password},
    )
    assert status == 429
    # The coordinator at another address is not locked out with the attacker.
    assert _coordinator(stack, "B")


def test_status_update_through_a_shows_on_b_cached_page(stack):
    commitment = stack.sql("SELECT id FROM commitments_commitment ORDER BY id LIMIT 1")
    page = f"/fr/commitments/{commitment}/"
    visitor_b = Client(stack.url("B"))
    for _ in range(2):  # the second read comes from B's cache
        status, html = visitor_b.get(page)
        assert status == 200
    note = f"Cluster check {uuid.uuid4().hex[:8]}"
    assert note not in html
    coordinator = _coordinator(stack, "A")
    form = f"{page}update/"
    status, _ = coordinator.post_form(
        form,
        {
            "date": time.strftime("%Y-%m-%d"),
            "status": "in_progress",
            "progress": "40",
            "note": note,
            "evidence_url": "https://example.org/decision",
        },
    )
    assert status == 302  # on to the confirmation
    status, html = coordinator.get(f"{form}confirm/")
    digest = re.search(r'name="digest" value="([^"]+)"', html)
    assert status == 200 and digest
    status, _ = coordinator.post_form(f"{form}confirm/", {"digest": digest.group(1)})
    assert status == 302
    written = time.monotonic()
    while note not in visitor_b.get(page)[1]:
        assert time.monotonic() - written < 0.5 + 1.0, "B kept serving the old page"
        time.sleep(0.05)


def test_a_rate_limit_is_shared_by_both_servers(stack):
    # Five follow requests per address and hour, whichever server takes them: the
    # count lives in Redis, not in one gunicorn worker's memory.
    code = stack.sql(
        "SELECT code FROM commitments_recommendation ORDER BY id LIMIT 1"
    ).lower()
    visitor = Client(stack.url("A"), forwarded_for="198.51.100.77")
    servers = [visitor, visitor.with_server(stack.url("B"))]
    statuses = []
    for i in range(10):
        status, _ = servers[i % 2].post_form(
            f"/fr/recommendations/{code}/follow/",
            {"email": f"follower{i}@example.org"},
        )
        statuses.append(status)
    assert statuses.count(200) == 5, statuses
    assert statuses.count(429) == 5, statuses


def test_webinar_links_go_out_once_with_two_workers_one_killed_mid_dispatch(stack):
    """Links to a few hundred registrants through a slow mail server; the worker
    sending them is killed (SIGKILL) mid-way: everyone gets the link once, at most
    one person twice, and the other worker finishes the job unaided."""
    link = "https://visio.example.org/anvita-egm-marche"
    sender, other = stack.workers
    other.send_signal(signal.SIGSTOP)  # so that the one we kill is the one sending
    try:
        stack.manage(
            "shell",
            "-c",
            "from plaidoyer.core.tests.test_cluster import seed_webinar; "
            "seed_webinar(200)",
        )
        expected = int(
            stack.sql(
                "SELECT count(*) FROM events_registration r JOIN events_event e "  # noqa: S608 - a constant
                f"ON e.id = r.event_id WHERE e.slug = '{WEBINAR}' "
                "AND r.status = 'confirmed'"
            )
        )
        assert expected >= 200
        deadline = time.monotonic() + 180
        while len(stack.recipients(link)) < 40:
            assert time.monotonic() < deadline, "the links did not start going out"
            time.sleep(0.05)
        sender.send_signal(signal.SIGKILL)
        sender.wait()
    finally:
        other.send_signal(signal.SIGCONT)
    assert len(stack.recipients(link)) < expected  # killed mid-way indeed
    stack.workers[0] = stack.start_worker(replace=True)
    while len(set(stack.recipients(link))) < expected:
        assert time.monotonic() < deadline, "some links were never sent"
        time.sleep(0.2)
    time.sleep(STALE_SECONDS + 3)  # any reclaim of the killed worker's claim is done
    sent = stack.recipients(link)
    assert len(set(sent)) == expected
    assert len(sent) - expected <= 1, f"{len(sent) - expected} duplicates for one kill"
    # The killed worker's claimed emails were taken over, not lost.
    assert int(stack.sql("SELECT count(*) FROM core_outgoingemail WHERE attempts > 1"))


NEWSLETTER_MARKER = "cluster-newsletter-7f3a"


def test_a_newsletter_goes_out_once_with_two_workers_one_killed_mid_send(stack):
    """A newsletter to a few hundred subscribers through the slow mail server; the
    worker sending it is killed (SIGKILL) mid-way: every subscriber gets it once,
    at most one twice, and the other worker finishes unaided."""
    expected = 200
    sender, other = stack.workers

    def readers() -> list[str]:  # the demo's own subscribers get it too
        return [
            r for r in stack.recipients(NEWSLETTER_MARKER) if r.startswith("reader")
        ]

    other.send_signal(signal.SIGSTOP)  # so that the one we kill is the one sending
    try:
        stack.manage(
            "shell",
            "-c",
            "from plaidoyer.core.tests.test_cluster import seed_newsletter; "
            f"seed_newsletter({expected})",
        )
        deadline = time.monotonic() + 180
        while len(readers()) < 40:
            assert time.monotonic() < deadline, "the newsletter did not start going out"
            time.sleep(0.05)
        sender.send_signal(signal.SIGKILL)
        sender.wait()
    finally:
        other.send_signal(signal.SIGCONT)
    assert len(readers()) < expected  # killed mid-way
    stack.workers[0] = stack.start_worker(replace=True)
    while len(set(readers())) < expected:
        assert time.monotonic() < deadline, "some subscribers never got it"
        time.sleep(0.2)
    time.sleep(STALE_SECONDS + 3)  # any reclaim of the killed worker's claim is done
    sent = readers()
    assert len(set(sent)) == expected
    assert len(sent) - expected <= 1, f"{len(sent) - expected} duplicates for one kill"
    delivered = stack.sql("SELECT count(*) FROM news_delivery WHERE status = 'sent'")
    assert int(delivered) == expected  # one delivery record per subscriber


def seed_newsletter(count: int) -> None:
    """Run inside the stack (manage.py shell): ``count`` confirmed subscribers and
    a newsletter to them, sent by the demo coordinator."""
    from django.utils import timezone

    from plaidoyer.accounts.models import User
    from plaidoyer.news.models import Newsletter, Subscriber
    from plaidoyer.news.services import send_newsletter

    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{i}@example.org",
            token=f"cluster-reader-{i}",
            confirmed_at=timezone.now(),
            language="fr",
        )
        for i in range(count)
    )
    newsletter = Newsletter.objects.create(
        subject_fr="Nouvelles de la coalition",
        introduction_fr=f"Bonjour ! {NEWSLETTER_MARKER}",
        include_events=False,
    )
    coordinator = User.objects.filter(is_coordinator=True).order_by("pk").first()
    send_newsletter(by=coordinator, newsletter=newsletter)


def test_both_servers_and_both_workers_survive_a_postgresql_restart(stack):
    before = len(stack.mails())
    stack.pg("stop")
    during = [Client(stack.url(n)).get("/fr/organisations/")[0] for n in "AB"]
    assert set(during) <= {200, 503}  # cached or "try again", never a 500
    time.sleep(3)  # the workers meet the outage and back off
    stack.pg("start")
    deadline = time.monotonic() + 30
    for name in "AB":
        client = Client(stack.url(name))
        while client.get("/fr/organisations/?q=namur")[0] != 200:
            assert time.monotonic() < deadline, f"server {name} did not recover"
            time.sleep(0.5)
    assert all(worker.poll() is None for worker in stack.workers)
    # The workers work again: a password-reset email goes out without anyone's help.
    visitor = Client(stack.url("A"), forwarded_for="192.0.2.44")
    status, _ = visitor.post_form(
        "/fr/accounts/password/reset/", {"email": "coordination@plaidoyer.test"}
    )
    assert status == 302
    while len(stack.mails()) <= before:
        assert time.monotonic() < deadline + 30, "no worker sent the email"
        time.sleep(0.5)
    assert all(worker.poll() is None for worker in stack.workers)


def seed_webinar(count: int) -> None:
    """Run inside the stack (manage.py shell): ``count`` confirmed registrants for
    the demo webinar, whose link is due now."""
    import datetime

    from django.db.models import F
    from django.utils import timezone

    from plaidoyer.events.models import Event, Registration

    now = timezone.now()
    event = Event.objects.get(slug=WEBINAR)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Participant {i}",
            email=f"participant{i}@example.org",
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
        )
        for i in range(count)
    )
    Event.objects.filter(pk=event.pk).update(
        capacity=F("capacity") + count,
        seats_taken=F("seats_taken") + count,
        starts_at=now + datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=100),
        link_lead_minutes=60,
    )
