#!/usr/bin/env bash
# Start or stop a throwaway Redis on a free loopback port (no persistence).
#   scripts/redis-throwaway.sh start DIR   prints the REDIS_URL on stdout
#   scripts/redis-throwaway.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
    for _ in $(seq 50); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    echo "redis://127.0.0.1:$port/0"
    ;;
  stop)
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
esac
