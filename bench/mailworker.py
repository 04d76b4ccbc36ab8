"""One mail worker, measured (bench/scenarios/mailings.py runs it in a process
of its own): a newsletter to every seeded subscriber, or a case update to every
opted-in signer, rendered and handed to the email backend (the file backend, in
a scratch directory). Prints one JSON line: seconds per stage, messages, and the
process's RSS sampled along the way and at its peak (VmHWM)."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path


def rss_kb() -> dict[str, int]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            name, value = line.split(":", 1)
            out[name] = int(value.split()[0])
    return out


class Sampler(threading.Thread):
    """RSS every 200 ms: a flat line is what "memory flat" means."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.halt = threading.Event()
        self.t0 = time.monotonic()

    def run(self):
        while not self.halt.is_set():
            self.samples.append(
                (round(time.monotonic() - self.t0, 1), rss_kb().get("VmRSS", 0))
            )
            self.halt.wait(0.2)


def newsletter(newsletter_id: int) -> dict:
    from plaidoyer.core import outbox
    from plaidoyer.news import tasks
    from plaidoyer.news.models import Newsletter

    t0 = time.monotonic()
    letter = Newsletter.objects.get(pk=newsletter_id)
    tasks.materialise(letter)
    t1 = time.monotonic()
    queued = 0
    while done := tasks.deliver_batch(newsletter_id):
        queued += done
    t2 = time.monotonic()
    sent = outbox.drain(seconds=3600, batch=200)
    t3 = time.monotonic()
    return {
        "recipients": queued,
        "sent": sent,
        "audience_s": round(t1 - t0, 2),
        "render_queue_s": round(t2 - t1, 2),
        "send_s": round(t3 - t2, 2),
    }


def case_update(update_id: int) -> dict:
    from plaidoyer.campaigns import services, tasks
    from plaidoyer.campaigns.models import CaseUpdate
    from plaidoyer.core import outbox

    t0 = time.monotonic()
    update = CaseUpdate.objects.select_related("case__campaign").get(pk=update_id)
    services.claim_case_update(update_id)
    queued = services.notify_signers(update, tasks.case_update_renderer(update))
    t1 = time.monotonic()
    sent = outbox.drain(seconds=3600, batch=200)
    t2 = time.monotonic()
    return {
        "recipients": queued,
        "sent": sent,
        "audience_s": 0.0,
        "render_queue_s": round(t1 - t0, 2),
        "send_s": round(t2 - t1, 2),
    }


def main() -> None:
    import django

    kind, pk = sys.argv[1], int(sys.argv[2])
    django.setup()
    sampler = Sampler()
    sampler.start()
    t0 = time.monotonic()
    result = newsletter(pk) if kind == "newsletter" else case_update(pk)
    total = time.monotonic() - t0
    sampler.halt.set()
    sampler.join()
    samples = sampler.samples
    memory = rss_kb()
    result |= {
        "total_s": round(total, 2),
        "per_s": round(result["sent"] / total, 1) if total else 0.0,
        "peak_rss_mb": round(memory.get("VmHWM", 0) / 1024, 1),
        # RSS at a tenth of the run and at its end: flat means close.
        "rss_at_10pct_mb": round(samples[len(samples) // 10][1] / 1024, 1),
        "rss_at_end_mb": round(samples[-1][1] / 1024, 1),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
