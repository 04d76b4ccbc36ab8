#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on a free loopback port.
#   scripts/pg-throwaway.sh start DIR   prints the DATABASE_URL on stdout
#   scripts/pg-throwaway.sh stop DIR
# initdb refuses to run as root, so as root the cluster belongs to "postgres".
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data directory}
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U plaidoyer -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U plaidoyer plaidoyer
    echo "postgres://plaidoyer@127.0.0.1:$port/plaidoyer"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
