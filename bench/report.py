"""Tables on the terminal, and one results file per scenario with its history.

``bench/results/<scenario>.md`` holds a few lines on what the scenario measures
and a table with one row per run (date, commit, key figures); each run that is
not ``--quick`` appends its row. The whole report of the last run goes to
``bench/tmp/<scenario>.json`` (ignored by git) for a closer look.
"""

from __future__ import annotations

import json
from pathlib import Path

from .harness import BENCH, Measure

RESULTS = BENCH / "results"


def verdict(ok: bool | None) -> str:
    return "pass" if ok else "FAIL"


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def target_text(m: Measure) -> str:
    if m.key == "ping":
        return "yardstick"
    if m.informational:
        return "(information)"
    parts = [f"≥ {m.target_ratio:.0%}"] if m.target_ratio is not None else []
    if m.target_p99_ms is not None:
        parts.append(f"p99 ≤ {m.target_p99_ms:g} ms")
    return ", ".join(parts)


def row_verdict(m: Measure) -> str:
    failed = [k for k, ok in m.checks.items() if not ok]
    if m.key == "ping" or m.informational or not m.checks:
        return "—"
    return "pass" if not failed else "FAIL (" + ", ".join(failed) + ")"


def print_pages(title: str, results: list[dict]) -> None:
    """The pages of a read scenario: req/s, latency, share of /ping, verdict."""
    print(f"\n{title}")
    print(
        f"{'endpoint':<32}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× ping':>8}  "
        f"{'target':<24}{'verdict':<16}"
    )
    for r in results:
        m = Measure(**r)
        ratio = "1.00" if m.key == "ping" else f"{m.ratio:.2f}"
        print(
            f"{m.label:<32}{m.rps:>9.1f}{m.p50_ms:>9.1f}{m.p99_ms:>9.1f}{ratio:>8}  "
            f"{target_text(m):<24}{row_verdict(m):<16}others {m.foreign_cpu:.0%}"
            + (f"  {m.bad} errors" if m.bad else "")
        )


def print_queries(queries: dict) -> None:
    print(
        "queries (render / hit): "
        + "; ".join(
            f"{label} {row['render']['queries']}/{row['hit']['queries']}"
            for label, row in queries.items()
        )
    )


def print_checks(checks: dict) -> None:
    for name, ok in checks.items():
        print(f"  {name:<34} {verdict(ok)}")


def print_writes(yard: dict, rows: list[tuple[str, dict, str]]) -> None:
    """The write yardstick and the write runs: completed, per second, latency."""
    w, c = yard["wrk"], yard["client"]
    print(f"{'load':<58}{'completed':>10}{'per s':>9}  p50 / p99 ms")
    print(
        f"{'/ping-insert, wrk':<58}{w['requests']:>10,}{w['rps']:>9.1f}  "
        f"{w['p50_ms']:.0f} / {w['p99_ms']:.0f}"
    )
    for label, r, step in [("/ping-insert, this client", c, "get"), *rows]:
        s = r["latency"].get(step, {})
        print(
            f"{label:<58}{r['ok']:>10,}{r['rate']:>9.1f}  "
            f"{s.get('p50_ms', 0):.0f} / {s.get('p99_ms', 0):.0f}"
            + (f"  errors {r['errors']}" if sum(r["errors"].values()) else "")
        )


def print_reads(flows: list[dict], quiet: dict) -> None:
    """A page and /ping under wrk while writes flow, and without writes."""
    print(f"{'writes':<12}{'endpoint':<16}{'req/s':>9}{'p99 ms':>9}{'× /ping':>9}")
    rows = [(f["name"], f["reads"]) for f in flows] + [("none", quiet["reads"])]
    for what, measured in rows:
        ping = measured[-1]["rps"]
        for m in measured:
            print(
                f"{what:<12}{m['label']:<16}{m['rps']:>9.1f}{m['p99_ms']:>9.1f}"
                f"{m['rps'] / ping if ping else 0:>9.2f}"
            )


def history_path(scenario: str, results_dir: Path = RESULTS) -> Path:
    return results_dir / f"{scenario}.md"


def append_history(
    scenario: str, title: str, intro: str, row: dict[str, str], results_dir: Path
) -> Path:
    """Add ``row`` to the scenario's history table (the file is made on first use)."""
    path = history_path(scenario, results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        head = " | ".join(row)
        rule = " | ".join("---" for _ in row)
        path.write_text(f"# {title}\n\n{intro.strip()}\n\n| {head} |\n| {rule} |\n")
    text = path.read_text()
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "| " + " | ".join(row.values()) + " |\n")
    return path


def save_json(scenario: str, report: dict, tmp: Path = BENCH / "tmp") -> Path:
    path = tmp / f"{scenario}.json"
    tmp.mkdir(exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return path


def page_figures(results: list[dict], keys: list[str]) -> dict[str, str]:
    """The /ping req/s and each page's share of it, for a history row."""
    by_key = {r["key"]: r for r in results}
    out = {"/ping req/s": f"{by_key['ping']['rps']:,.0f}" if "ping" in by_key else "—"}
    for key in keys:
        r = by_key.get(key)
        out[f"{key} ×/ping"] = (
            f"{r['ratio']:.2f} (p99 {r['p99_ms']:.0f})" if r and r.get("ratio") else "—"
        )
    return out


def run_columns(report: dict) -> dict[str, str]:
    """Date, commit and mode, the first columns of every history row."""
    machine = report.get("machine") or (report.get("run") or {}).get("machine", {})
    return {
        "date": str(report.get("date", "")),
        "commit": str(machine.get("commit", "?")).replace("|", "/"),
    }


def show_pages(title: str, report: dict) -> None:
    print_pages(title, report["results"])
    print_queries(report["queries"])


def page_summary(report: dict, keys: list[str], **more: str) -> dict[str, str]:
    """A read scenario's history row: /ping, each page's share, ``more``."""
    row = page_figures(report["results"], keys) | more
    return row | {"all met": "yes" if report["targets"]["all"] else "no"}


def show_writes(name: str, report: dict, main: str, labels: tuple, step: str) -> None:
    """A write scenario: the yardstick and the runs, reads while writing, checks.
    ``labels``: the runs' (long, short) name; ``step`` the latency shown."""
    long, short = labels
    print(f"\n{name}:")
    rows = [(f"{long}, with htmx", report[main], step)]
    rows += [(f"{long}, without JavaScript", report["no_js"], step)]
    rows += [
        (f"{short} during reads, {f['name']}", f["background"], step)
        for f in report["flows"]
    ]
    print_writes(report["yardstick"], rows)
    print_reads(report["flows"], report["quiet"])
    print(f"{main}/s = {pct(report['ratio_to_ping_insert'])} of /ping-insert")
    print_checks(report["checks"])


def write_summary(report: dict, main: str, page: str, exact: bool) -> dict[str, str]:
    """A write scenario's history row."""
    flows, no_js = report["flows"], report["no_js"]
    return run_columns(report) | {
        "/ping-insert req/s": f"{report['yardstick']['wrk']['rps']:,.0f}",
        f"{main}/s": f"{report[main]['rate']:.1f} "
        f"({pct(report['ratio_to_ping_insert'])})",
        "without JS /s": f"{no_js['rate']:.1f}" if no_js.get("rate") else "—",
        f"{page} ×/ping while writing": f"{pct(flows[0]['ratio'])} / "
        f"{pct(flows[1]['ratio'])} paced",
        "exact": "yes" if exact else "NO",
        "all met": "yes" if report["targets"]["all"] else "no",
    }
