"""Where a request's time goes, through Django's test client (full middleware,
no gunicorn, one request at a time), after the load, on the same database.

:func:`query_counts` (always) and :func:`profile_endpoints` (``--profile``) look
at each page in two states: ``render``, the whole-page cache off (what a miss
costs: a first visit after a change, a new worker, a rare URL), and ``hit``, the
cache on and warm. ``cpu_ms`` is process CPU time (which other processes on a
shared machine disturb much less than wall time), ``queries``/``db_ms`` the SQL
of one request; pyinstrument trees go to a text file. :func:`directory_parts`
takes the directory page apart; :func:`profile_writes` profiles the write paths.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

HOST = "127.0.0.1"
BUDGET_S = 3.0  # wall time per measurement, whatever n says (slow pages)


def _get(client: Client, path: str):
    response = client.get(path, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return response


def _warm(client: Client, paths: list[str], cache: bool) -> None:
    for path in paths[: 50 if cache else 2]:  # templates, translations, caches
        _get(client, path)


def _loop(client: Client, paths: list[str], n: int) -> int:
    """Up to ``n`` requests over ``paths``: at least 3, else within BUDGET_S."""
    start, done = time.perf_counter(), 0
    while done < n and (done < 3 or time.perf_counter() - start < BUDGET_S):
        _get(client, paths[done % len(paths)])
        done += 1
    return done


def _one(client: Client, path: str) -> dict:
    """One request: its queries, their time, its CPU, wall time and size."""
    cpu, wall = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = _get(client, path)
    return {
        "queries": len(ctx.captured_queries),
        "db_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 2),
        "cpu_ms": round((time.process_time() - cpu) * 1000, 2),
        "wall_ms": round((time.perf_counter() - wall) * 1000, 2),
        "kb": round(len(response.content) / 1024, 1),
        "cache_header": response.get("X-Page-Cache", ""),
    }


def cost(client: Client, paths: list[str], n: int, *, cache: bool = True) -> dict:
    """CPU and SQL per request over ``paths``, with the page cache on or off."""
    with override_settings(PAGE_CACHE=cache):
        _warm(client, paths, cache)
        single = [_one(client, path) for path in paths[:8]]
        wall, cpu = time.perf_counter(), time.process_time()
        done = _loop(client, paths, n)
        queries = [s["queries"] for s in single]
        return {
            "cpu_ms": (time.process_time() - cpu) / done * 1000,
            "wall_ms": (time.perf_counter() - wall) / done * 1000,
            "requests": done,
            "queries": max(queries),
            "queries_min": min(queries),
            "db_ms": sum(s["db_ms"] for s in single) / len(single),
            "kb": sum(s["kb"] for s in single) / len(single),
        }


def profile_text(client: Client, paths: list[str], n: int, *, cache: bool) -> str:
    from pyinstrument import Profiler

    with override_settings(PAGE_CACHE=cache):
        _warm(client, paths, cache)
        profiler = Profiler(interval=0.001)
        profiler.start()
        _loop(client, paths, n)
        profiler.stop()
    tree = profiler.output_text(unicode=True, color=False, show_all=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True)
    flat = "\n".join(flat.splitlines()[:45])
    return f"{tree}\n--- flat, self time ---\n{flat}\n"


def directory_parts(n: int = 30) -> dict:
    """The directory page taken apart, in CPU ms per request."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation
    from django_htmx.middleware import HtmxDetails

    from plaidoyer.organisations import selectors
    from plaidoyer.organisations.forms import DirectoryFilterForm

    def timed(fn) -> float:
        fn()
        start = time.process_time()
        for _ in range(n):
            fn()
        return (time.process_time() - start) / n * 1000

    parts = {}
    with translation.override("fr"):
        request = RequestFactory().get("/fr/organisations/", HTTP_HOST=HOST)
        request.user = AnonymousUser()
        request.htmx = HtmxDetails(request)
        request.resolver_match = resolve("/fr/organisations/")
        form = DirectoryFilterForm({})
        filters = form.filters()
        page = Paginator(selectors.organisations(filters), 24).get_page(1)
        page.object_list = list(selectors.directory_page_items(page.object_list))
        context = {"form": form, "filters": filters, "page": page, "map_url": "/"}
        parts["filter form: build (cached options)"] = timed(
            lambda: DirectoryFilterForm({}).filters()
        )
        parts["filter form: render the 6 selects"] = timed(
            lambda: [str(f) for f in DirectoryFilterForm({}) if f.name != "q"]
        )
        parts["count (SQL + ORM)"] = timed(lambda: selectors.organisations().count())
        parts["page rows: 24 orgs + place + themes"] = timed(
            lambda: list(selectors.directory_page_items(selectors.organisations()[:24]))
        )
        parts["template: _results.html (24 cards)"] = timed(
            lambda: render_to_string(
                "organisations/_results.html", context, request=request
            )
        )
        parts["template: whole directory.html"] = timed(
            lambda: render_to_string(
                "organisations/directory.html", context, request=request
            )
        )
        options = {
            name: len(field.choices)
            for name, field in form.fields.items()
            if hasattr(field, "choices")
        }
    return {"cpu_ms": parts, "select_options": options}


def profile_endpoints(
    endpoints, n: int, out: Path | None, log=print, *, parts: bool = True
) -> dict:
    """Profile each endpoint (an object with ``key``, ``label``, ``paths``).

    Returns ``{key: {"render": {...}, "hit": {...}}}`` (see the module docstring),
    plus ``directory_parts`` when ``parts``. Writes the pyinstrument trees (render,
    then hit) to ``out``.
    """
    client = Client()
    results = {}
    texts = []
    for ep in endpoints:
        render = cost(client, ep.paths, max(5, n // 4), cache=False)
        hit = cost(client, ep.paths, n, cache=True)
        results[ep.key] = {"label": ep.label, "render": render, "hit": hit}
        log(
            f"  {ep.label:<28} render: cpu {render['cpu_ms']:7.1f} ms, "
            f"{render['queries']} queries, db {render['db_ms']:6.1f} ms, "
            f"{render['kb']:.0f} KB | hit: cpu {hit['cpu_ms']:5.2f} ms, "
            f"{hit['queries']} queries"
        )
        if out is not None:
            texts.append(
                f"===== {ep.label}, render (page cache off): {', '.join(ep.paths[:3])}\n"
            )
            texts.append(profile_text(client, ep.paths, max(5, n // 4), cache=False))
            texts.append(f"===== {ep.label}, cache hit: {', '.join(ep.paths[:3])}\n")
            texts.append(profile_text(client, ep.paths, n, cache=True))
    if parts:
        try:
            results["directory_parts"] = directory_parts()
            for name, ms in results["directory_parts"]["cpu_ms"].items():
                log(f"    {name:<40} {ms:6.1f} ms")
        except Exception as exc:  # the app changed shape: the rest still stands
            results["directory_parts"] = {"error": repr(exc)}
    if out is not None:
        out.write_text("".join(texts))
    connection.close()
    return results


def profile_pages(eps, out: Path | None, *, parts: bool = False) -> dict:
    """:func:`profile_endpoints` on the endpoints a test client can profile."""
    chosen = [e for e in eps if not e.unique and len(e.paths) <= 60]
    return profile_endpoints(chosen, 40, out, parts=parts)


def query_counts(pages: list[tuple[str, str]]) -> dict:
    """Queries, DB time, size and CPU of single requests, page cache off and on.

    ``pages`` is a list of (label, path). Cheap enough to run on every benchmark:
    one warm-up and one measured request per page and state.
    """
    client, out = Client(), {}
    for label, path in pages:
        out[label] = {"path": path}
        for state, cache in (("render", False), ("hit", True)):
            with override_settings(PAGE_CACHE=cache):
                _get(client, path)
                out[label][state] = _one(client, path)
    connection.close()
    return out


def profile_writes(which: list[str], target: Path | None, rounds: int = 30) -> dict:
    """CPU and queries per request through the test client; pyinstrument trees."""
    from urllib.parse import urlencode

    from django.core.cache import cache
    from pyinstrument import Profiler

    from plaidoyer.campaigns.forms import ActionForm
    from plaidoyer.campaigns.models import Action

    from .client import action, registration, xff
    from .scenarios.campaigns import LETTER, campaign, postcodes
    from .scenarios.events import event

    rows, trees, n = [], [], [0]
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=False)
    visitor = Client(HTTP_HOST=HOST)  # anonymous, no cookies: page cache

    def anonymous_get(path: str):
        visitor.cookies.clear()
        return visitor.get(path)

    def address() -> str:  # each request from an address of its own
        n[0] += 1
        return xff(100_000 + n[0])

    def form_post(path: str, data: dict, **extra):
        # As the load client and browsers send it (the test client's default is
        # multipart, dearer to parse).
        type_ = "application/x-www-form-urlencoded"
        return client.post(
            path,
            urlencode(data),
            content_type=type_,
            HTTP_X_FORWARDED_FOR=address(),
            **extra,
        )

    def measure(label: str, make, keep_sql: bool = True):
        for _ in range(5):  # warm
            make()
        runs = []  # (cpu, wall, [(sql, seconds)])
        for _ in range(rounds):
            timed: list[tuple[str, float]] = []

            def timer(execute, sql_text, params, many, context, timed=timed):
                t0 = time.perf_counter()
                try:
                    return execute(sql_text, params, many, context)
                finally:
                    timed.append((sql_text, time.perf_counter() - t0))

            with connection.execute_wrapper(timer):
                c0, w0 = time.process_time(), time.perf_counter()
                response = make()
                runs.append((time.process_time() - c0, time.perf_counter() - w0, timed))
            if response.status_code not in (200, 302):
                raise RuntimeError(f"{label}: HTTP {response.status_code}")
        profiler = Profiler(interval=0.001)
        profiler.start()
        for _ in range(10):
            make()
        profiler.stop()
        tree = profiler.output_text(unicode=True, color=False, show_all=False)
        trees.append(f"=== {label} (10 requests) ===\n{tree}")

        def median(values) -> float:
            return round(sorted(values)[rounds // 2] * 1000, 2)

        # Transaction statements (BEGIN/COMMIT) do not go through the wrapper.
        rows.append(
            {
                "label": label,
                "cpu_ms": median(r[0] for r in runs),
                "wall_ms": median(r[1] for r in runs),
                "queries": len(sorted(runs)[rounds // 2][2]),
                "db_ms": median(sum(t for _q, t in r[2]) for r in runs),
                "sql": [{"ms": t * 1000, "sql": _short_sql(q)} for q, t in runs[-1][2]]
                if keep_sql
                else [],
            }
        )

    def insert():
        return client.get("/ping-insert", HTTP_X_FORWARDED_FOR=address())

    measure("/ping-insert", insert, keep_sql=False)
    stamp = f"bench-profil-{os.getpid()}-{int(time.time())}"
    if "events" in which:
        path = f"/fr/events/{event(stamp, capacity=40)['slug']}/"

        def register(**headers):
            data = registration(n[0], "profil")
            return form_post(path + "register/", data, **headers)

        measure("registration POST (htmx)", lambda: register(HTTP_HX_REQUEST="true"))
        measure("registration POST (no JavaScript)", register)
        measure("event page GET (page cache)", lambda: anonymous_get(path))
    if "campaigns" in which:
        camp, places = campaign(stamp), postcodes(50, seed=3)
        started = ActionForm.signer().sign(str(time.time() - 60))
        case = camp["cases"][0][0]

        def act(**headers):
            code = places[n[0] % len(places)][0]
            data = action(n[0], "profil", case, code, LETTER) | {"started": started}
            return form_post(f"/fr/campaigns/{camp['slug']}/act/", data, **headers)

        measure("action submit POST (htmx)", lambda: act(HTTP_HX_REQUEST="true"))
        measure("action submit POST (no JavaScript)", act)
        tokens = iter(
            Action.objects.filter(campaign_id=camp["id"], confirmed_at__isnull=True)
            .order_by("id")
            .values_list("token", flat=True)
        )
        confirm = "/fr/campaigns/confirm/{}/".format
        measure("action confirm POST", lambda: form_post(confirm(next(tokens)), {}))
        cache.clear()
        counter = f"/fr/campaigns/{camp['slug']}/counter.json"
        measure("counter.json GET", lambda: anonymous_get(counter))
    measure("/ping", lambda: anonymous_get("/ping"), keep_sql=False)
    connection.close()
    if target is not None:
        target.write_text("\n\n".join(trees))
    return {"rows": rows, "file": target.name if target else "(not written)"}


def _short_sql(sql: str) -> str:
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r'SELECT "[^;]{120,}?" FROM', "SELECT … FROM", sql)
    return sql[:220] + ("…" if len(sql) > 220 else "")
