#!/usr/bin/env bash
# Install the Debian packages a target needs, only when they are missing.
#   scripts/system-deps.sh run    gettext, Node.js/npm, DejaVu fonts
#   scripts/system-deps.sh test   + PostgreSQL server, Redis, Chromium, nginx, Caddy
#   scripts/system-deps.sh bench  + PostgreSQL server, wrk
set -euo pipefail
want=(gettext)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || want+=(fonts-dejavu-core)  # PDF letters
command -v npm >/dev/null || want+=(nodejs npm)
command -v msgfmt >/dev/null && want=("${want[@]/gettext}")
case "${1:-run}" in
  test)
    [ -x "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n1)" ] || want+=(postgresql)
    command -v chromium >/dev/null || want+=(chromium fonts-dejavu-core)
    command -v java >/dev/null || want+=(default-jre-headless)  # the Nu HTML checker
    command -v redis-server >/dev/null || want+=(redis-server)  # the cluster test
    command -v nginx >/dev/null || want+=(nginx)                # deploy/ checks
    command -v caddy >/dev/null || want+=(caddy)
    command -v systemd-analyze >/dev/null || want+=(systemd)
    command -v openssl >/dev/null || want+=(openssl)
    ;;
  bench)
    [ -x "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n1)" ] || want+=(postgresql)
    command -v wrk >/dev/null || want+=(wrk)
    ;;
esac
pkgs=()
for p in "${want[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
[ ${#pkgs[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${pkgs[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
