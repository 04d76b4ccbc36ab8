"""One module per scenario; each seeds its data and measures (``run``), and says
what goes into its history row (``summary``). Helpers shared by the seeders and
by the read scenarios' runs."""

from __future__ import annotations

import datetime
import time
from dataclasses import asdict

READS = (
    "directory",
    "barometer",
    "authorities",
    "processes",
    "news",
    "workspace",
    "elections",
    "public",
)
WRITES = ("events", "campaigns", "export", "mailings")
ALL = READS + WRITES


def table(text: str) -> list[tuple[str, ...]]:
    """Rows of ``a | b | c`` lines (the word lists below are kept this way)."""
    return [
        tuple(f.strip() for f in line.split("|")) for line in text.strip().splitlines()
    ]


def words(text: str, sep: str = ",") -> list[str]:
    return [w.strip() for w in text.replace("\n", sep).split(sep) if w.strip()]


def copy_rows(model, fields: list[str], rows) -> int:
    """Insert ``rows`` (tuples in ``fields`` order) with PostgreSQL COPY: no
    save(), no auto_now, every column given; far faster than bulk_create."""
    from django.db import connection

    meta, qn = model._meta, connection.ops.quote_name
    cols = ", ".join(qn(meta.get_field(f).column) for f in fields)
    n = 0
    sql = f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as cp:
        for row in rows:
            cp.write_row(row)
            n += 1
    return n


def vacuum_analyze(tables: list[str] | None = None, tries: int = 5) -> dict:
    """What autovacuum does after a bulk load: statistics and the visibility map,
    retried until the map covers each table (a VACUUM overlapping autovacuum's
    ANALYZE cannot mark new rows all-visible, and without it COUNT(*) reads the
    whole heap). ``None``: the whole database, judged on the organisations."""
    from django.db import connection

    shares = {}
    with connection.cursor() as cursor:
        for table_name in tables or ["organisations_organisation"]:
            for attempt in range(tries):
                target = "" if tables is None else connection.ops.quote_name(table_name)
                cursor.execute(f"VACUUM ANALYZE {target}")
                cursor.execute(
                    "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
                    [table_name],
                )
                pages, visible = cursor.fetchone()
                shares[table_name] = round(visible / pages if pages else 1.0, 3)
                if shares[table_name] >= 0.99:
                    break
                time.sleep(1 + attempt)
    return shares


def coordinator():
    """A coordinator account (no usable password) that signs the seeded history."""
    from plaidoyer.accounts.models import User

    email = "bench-coordinator@example.org"
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, is_coordinator=True
    )


def aware(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def published_org_ids(limit: int | None = None) -> list[int]:
    from plaidoyer.organisations.models import Organisation

    ids = Organisation.objects.filter(is_published=True).order_by("id")
    return list(
        ids.values_list("id", flat=True)[:limit]
        if limit
        else ids.values_list("id", flat=True)
    )


def org_count() -> int:
    from plaidoyer.organisations.models import Organisation

    return Organisation.objects.count()


def cache_size() -> str:
    """The cache backend and how many entries it keeps, for the notes."""
    from django.conf import settings

    cache = settings.CACHES["default"]
    entries = (cache.get("OPTIONS") or {}).get("MAX_ENTRIES", 300)
    return f"{cache['BACKEND'].rsplit('.', 1)[-1]}, {entries:,} entries per worker"


def names(field: str, fr: str, nl=None, en=None, de=None) -> dict:
    """A translated field's values: ``name``, ``name_fr``, ``name_nl``, …"""
    out = {field: fr, f"{field}_fr": fr, f"{field}_nl": nl, f"{field}_en": en}
    return out | {f"{field}_de": de}


def serve_pages(stack, endpoints, then=None, paired: bool = False) -> tuple:
    """A fresh gunicorn; the pages ``endpoints()`` picks (with what else it says),
    each measured against /ping (``paired``: measured again around each
    page), then ``then(eps)`` while the server still runs."""
    stack.server.start()
    try:
        eps, extra = endpoints()
        measured = stack.measure_pages(eps, paired=paired)
        after = then(eps) if then else None
    finally:
        stack.server.stop()
    return eps, extra, [asdict(m) for m in measured], after


def read_report(args, eps, results, query_pages, *, check=None, parts=False, **more):
    """A read scenario's report: its pages, their queries in-process (``check``
    turns them into more targets), profiles with --profile."""
    from ..inprocess import profile_pages, query_counts

    queries = query_counts(query_pages)
    targets = more.pop("targets", {}) | (check(queries) if check else {})
    met = all(all(r["checks"].values()) for r in results if r["checks"])
    return {
        "targets": targets | {"all": met and all(targets.values())},
        **more,
        "results": results,
        "queries": queries,
        "profile": profile_pages(eps, args.profile_file, parts=parts)
        if args.profile
        else None,
    }


def spread(rng, total: int, weights: list, cap: int | None = None) -> list[int]:
    """``total`` split in proportion to ``weights`` (each share at most ``cap``),
    the rest one by one at random: exact sums, skewed as real use is."""
    out = [min(cap or total, int(total * w // sum(weights))) for w in weights]
    while (left := total - sum(out)) > 0:
        for i in rng.sample(range(len(out)), min(left, len(out))):
            out[i] += 1 if cap is None or out[i] < cap else 0
    return out
