#!/usr/bin/env bash
# `manage.py check --deploy` with a production environment must report nothing.
set -euo pipefail
PY=${1:-.venv/bin/python}
out=$(env -u DEBUG -u PLAIDOYER_TESTING \
  SECRET_KEY="$(head -c 64 /dev/urandom | base64 | tr -d '\n')" \
  ALLOWED_HOSTS=plaidoyer.example.org \
  DATABASE_URL=postgres://u:p@127.0.0.1:1/plaidoyer \
  $PY manage.py check --deploy --fail-level WARNING 2>&1) || { echo "$out"; exit 1; }
echo "check --deploy: $out"
