"""Load benchmarks on the real stack (gunicorn + PostgreSQL): ``python -m bench``.

harness.py   the cluster, gunicorn, wrk, the write client, the CPU meter
report.py    tables, ratios to the trivial view, the results' history files
inprocess.py query counts and profiles through Django's test client
client.py    the write load client (a process of its own)
scenarios/   one module per scenario: its data, its pages, its history row
"""
