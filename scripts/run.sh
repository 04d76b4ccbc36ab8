#!/usr/bin/env bash
# Start the site and the task worker together; Ctrl-C stops both.
set -euo pipefail
PY=.venv/bin/python
TASKS_LOG_LEVEL=${TASKS_LOG_LEVEL:-WARNING} $PY manage.py worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
cat <<MSG

  Plaidoyer is running at http://127.0.0.1:8000/
  Demo coordinator: coordination@plaidoyer.test / $(cat var/demo-password)
  Emails sent by the site are written to var/mail/.
  Press Ctrl-C to stop the site and the worker.

MSG
$PY manage.py runserver 127.0.0.1:8000 --noreload
