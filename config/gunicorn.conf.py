"""gunicorn settings; each can be overridden on the command line or by env."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are not recycled by default: each keeps its own page cache (without
# Redis), and a recycled worker starts cold, which showed as p99 spikes under load.
# Set GUNICORN_MAX_REQUESTS to recycle (jitter: half of it, so they never restart
# together). preload_app loads the app once in the master: a fresh worker serves at
# once instead of importing Django under load (a deploy then needs a restart; HUP
# does not reload code).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 2
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # "-" for stdout
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# What the master loaded (Django, the app, its modules) is never freed: frozen
# before each fork, the workers' collector no longer walks it at every full
# collection (up to a third of a page's CPU on a cache miss, bench/scenarios/public)
# nor writes to its pages (which stay shared between workers). Collection is off
# in the master while the app loads, so that it leaves no holes in those pages.
# (gc.freeze's documentation describes this recipe.)
gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
