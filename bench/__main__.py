"""Benchmarks on the real stack: gunicorn + PostgreSQL under load, loopback only.

Read scenarios run in one throwaway cluster, write scenarios in another; each
prints its tables and adds a row to bench/results/<scenario>.md (not with
--quick). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from argparse import SUPPRESS
from pathlib import Path

from . import harness, report
from .harness import PYTHON, ROOT, log
from .report import RESULTS
from .scenarios import ALL, READS, WRITES

# name: (quick, full) defaults
SIZES = {
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
    "registrations": (1_000, 5_000),
    "capacity": (200, 1_000),
    "actions": (2_000, 20_000),
    "municipalities": (100, 500),
    "export_rows": (100_000, 1_000_000),
    "pending": (200, 2_000),
    "subscribers": (10_000, 100_000),
    "signers": (2_000, 20_000),
}
# Settings that differ between the read and the write scenarios: (reads, writes).
GROUP = {
    "duration": ((3.0, 10.0), (3.0, 8.0)),  # (quick, full) each
    "warmup": ((1.0, 2.0), (2.0, 2.0)),
    "retries": ((2, 2), (1, 1)),
    "max_wait": ((480, 480), (120, 120)),
}

# flag, type, default (None: per scenario group or --quick), help
OPTIONS = [
    ("--duration", float, None, "seconds per load (10; writes 8)"),
    ("--warmup", float, None, "seconds per warm-up slice (2)"),
    ("--max-warmup", float, None, "warm-up per page at most (16)"),
    ("--workers", int, 4, "gunicorn sync workers (4)"),
    ("--connections", int, 32, "wrk connections on the pages (32)"),
    ("--clients", int, 64, "concurrent write clients (64)"),
    ("--read-connections", int, 16, "wrk connections on reads while writing (16)"),
    ("--export-timeout", int, 120, "gunicorn --timeout for the export (120 s)"),
    ("--events-seconds", float, 240, "time limit of the main registration run"),
    ("--actions-seconds", float, 360, "time limit of the main campaign run"),
    ("--max-total", float, 1200, "seconds for the write scenarios (client runs fit)"),
    ("--max-foreign", float, 0.10, "CPU share others may take before measuring again"),
    ("--retries", int, None, "extra measurements when disturbed (2; writes 1)"),
    ("--max-wait", float, None, "seconds in all waiting for quiet (480; writes 120)"),
]
FLAGS = {
    "--quick": "a tenth of the data, 3 s per load: a smoke test (writes nothing)",
    "--profile": "profile in-process after the load (writes: also when a target is "
    "missed); trees in bench/tmp/<scenario>.profile.txt",
    "--check": "exit 1 when a target is missed",
    "--no-write": "print only",
}


def scenario_list(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        return list(ALL)
    if names == ["reads"] or names == ["writes"]:
        return list(READS if names == ["reads"] else WRITES)
    if not names or any(n not in ALL for n in names):
        raise argparse.ArgumentTypeError(
            f"choose from {', '.join(ALL)}, reads, writes or all"
        )
    return [s for s in ALL if s in names]  # always in the same order


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    names = f"{', '.join(ALL)}, reads, writes or all"
    p.add_argument(
        "--scenario",
        type=scenario_list,
        default=list(ALL),
        metavar="NAME[,NAME]",
        help=names,
    )
    for flag, text in FLAGS.items():
        p.add_argument(flag, action="store_true", help=text)
    sizes = p.add_argument_group("data sizes (defaults: the issues' figures)")
    for name, (_quick, full) in SIZES.items():
        sizes.add_argument(f"--{name.replace('_', '-')}", type=int, help=f"({full:,})")
    sizes.add_argument("--small", type=int, default=200, help="organisations first")
    for flag, kind, default, text in OPTIONS:
        p.add_argument(flag, type=kind, default=default, help=text)
    p.add_argument("--note", default="", help="a note for the results' history row")
    trials = "status updates recorded under load and idle (5,3)"
    p.add_argument("--invalidation-trials", default="5,3", help=trials)
    snap = "measure a git revision (HEAD) exported with git archive"
    p.add_argument("--snapshot", nargs="?", const="HEAD", metavar="REV", help=snap)
    p.add_argument("--results-dir", type=Path, default=RESULTS, help=SUPPRESS)
    p.add_argument("--commit", default="", help=SUPPRESS)
    args = p.parse_args(argv)
    q = 0 if args.quick else 1
    for name, values in SIZES.items():
        if getattr(args, name) is None:
            setattr(args, name, values[q])
    if args.max_warmup is None:
        args.max_warmup = (5.0, 16.0)[q]
    try:
        n_load, n_idle = (int(x) for x in args.invalidation_trials.split(","))
    except ValueError:
        p.error("--invalidation-trials is two numbers, e.g. 5,3")
    args.invalidation_trials = (n_load, n_idle)
    if args.small >= args.orgs:
        p.error("--small must be below --orgs")
    if args.comments < 1705 or args.drafts < 4:
        p.error("--comments must be at least 1,705 and --drafts at least 4 (probes)")
    if args.capacity >= args.registrations:
        p.error("--capacity must be below --registrations (the waiting list is tested)")
    if args.updates < args.commitments:
        p.error("--updates must be at least --commitments (one each at least)")
    # Time kept for the later write scenarios when --max-total is short.
    every = set(WRITES) <= set(args.scenario)
    args.reserve_after_events = 700.0 if every else 0.0
    args.reserve_after_campaigns = 250.0 if every else 0.0
    return args


def for_group(args, writes: bool):
    """The arguments with the read or write scenarios' own defaults filled in."""
    out = argparse.Namespace(**vars(args))
    for name, defaults in GROUP.items():
        if getattr(out, name) is None:
            setattr(out, name, defaults[writes][0 if args.quick else 1])
    if not 1 <= out.duration <= 120:
        raise SystemExit("--duration must be 1-120 s")
    out.wait_budget = [out.max_wait]
    return out


def public_args(argv: list[str]) -> list[str]:
    """The command line as a person typed it: without the snapshot's own options."""
    hidden = ("--results-dir", "--commit")
    skip = {i + 1 for i, arg in enumerate(argv) if arg in hidden}
    return [
        a for i, a in enumerate(argv) if i not in skip and a.split("=")[0] not in hidden
    ]


def child(cmd: list[str], cwd: Path) -> int:
    """Run ``cmd`` and wait; stop it (its own finally stops the servers) on exit."""
    proc = subprocess.Popen(cmd, cwd=cwd)
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                proc.kill()


def run_snapshot(args, argv: list[str]) -> int:
    """Run again from an exported revision; results come back to this tree."""
    sha = harness.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.snapshot], check=True
    )
    rest = [a for a in argv if not a.startswith("--snapshot") and a != args.snapshot]
    tmp = Path(tempfile.mkdtemp(prefix="plaidoyer-bench-src-"))
    try:
        src = harness.snapshot(args.snapshot, tmp)
        label = sha if args.snapshot in ("HEAD", sha) else f"{sha} ({args.snapshot})"
        extra = ["--results-dir", str(args.results_dir.resolve())]
        extra += ["--commit", label + ", exported"]
        return child([PYTHON, "-m", "bench", *rest, *extra], src)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_group(args, names: list[str], command: str) -> tuple[dict, list[str]]:
    """The scenarios ``names`` (all read or all write) in one throwaway cluster."""
    writes = names[0] in WRITES
    args = for_group(args, writes)
    tmp = Path(tempfile.mkdtemp(prefix="plaidoyer-bench-"))
    # Outside tmp: as root the cluster belongs to "postgres", who cannot enter tmp.
    pgdir = Path(f"/tmp/plaidoyer-bench-pg-{os.getuid()}-{os.getpid()}")
    stack, reports, failed = None, {}, []
    try:
        log(f"PostgreSQL: starting a throwaway cluster in {pgdir}")
        url = harness.start_postgres(pgdir)
        env = harness.django_env(url, tmp, writes)
        log("Django: migrate + collectstatic")
        harness.django_setup(env)
        stack = harness.Stack(args, tmp, env, pgdir)
        machine = harness.machine_info(args)
        today = datetime.date.today().isoformat()
        for name in names:
            module = importlib.import_module(f"bench.scenarios.{name}")
            # Beside the results (a --snapshot run's own tree goes away).
            scratch = args.results_dir.parent / "tmp"
            scratch.mkdir(exist_ok=True)
            args.profile_file = (
                scratch / f"{name}.profile.txt" if args.profile else None
            )
            t0 = time.monotonic()
            try:
                result = module.run(stack, args)
                if (
                    writes
                    and name not in ("export", "mailings")
                    and (args.profile or not result["targets"]["all"])
                ):
                    from .inprocess import profile_writes

                    log(f"\nProfiling {name} in-process")
                    out = scratch / f"{name}.profile.txt"
                    result["profile"] = profile_writes([name], out)
                    for row in result["profile"]["rows"]:
                        log(
                            f"    {row['label']:<36} CPU {row['cpu_ms']:6.1f} ms  "
                            f"{row['queries']} queries ({row['db_ms']:.1f} ms)"
                        )
            except Exception:  # noqa: BLE001 - the other scenarios still run
                traceback.print_exc()
                log(f"[{name}] FAILED; going on with the next scenario")
                failed.append(name)
                stack.close()
                continue
            head = {"scenario": name, "date": today, "command": command}
            head |= {"mode": "quick" if args.quick else "full", "machine": machine}
            result = head | {"elapsed_s": round(time.monotonic() - t0, 1)} | result
            reports[name] = result
            module.show(result)
            report.save_json(name, result, scratch)
            if not (args.no_write or args.quick):
                row = report.run_columns(result) | module.summary(result)
                row["note"] = args.note
                path = report.append_history(
                    name, module.TITLE, module.INTRO, row, args.results_dir
                )
                log(f"  added a row to {path}")
            log(f"[{name}] done in {result['elapsed_s']:.0f} s")
    finally:
        if stack is not None:
            stack.close()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        harness.stop_postgres(pgdir)
        shutil.rmtree(tmp, ignore_errors=True)
    return reports, failed


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if not shutil.which("wrk"):
        log("wrk is missing: run `scripts/system-deps.sh bench` (or make bench)")
        return 2

    def stop(signum, frame):  # a closed terminal, a CI timeout: the finally runs
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    if args.snapshot:
        return run_snapshot(args, argv)
    groups = [[s for s in args.scenario if s in g] for g in (READS, WRITES)]
    groups = [g for g in groups if g]
    if len(groups) > 1:  # one Django per process, one cluster per group
        codes = [
            child([PYTHON, "-m", "bench", *argv, "--scenario", ",".join(g)], ROOT)
            for g in groups
        ]
        return max(codes)
    started = time.monotonic()
    command = "python -m bench " + " ".join(public_args(argv))
    reports, failed = run_group(args, groups[0], command.strip())
    log(f"\n=== summary ({time.monotonic() - started:.0f} s) ===")
    for name, r in reports.items():
        log(f"{name:<10} all targets met: {'yes' if r['targets']['all'] else 'NO'}")
    for name in failed:
        log(f"{name:<10} FAILED to run")
    if failed:
        return 3
    missed = any(not r["targets"]["all"] for r in reports.values())
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
