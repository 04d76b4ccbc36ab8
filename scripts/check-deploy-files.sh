#!/usr/bin/env bash
# Check the files in deploy/ with the tools that will read them in production:
# systemd-analyze verify (the units), nginx -t (the site), caddy validate.
# Paths are pointed at this checkout and a throwaway certificate, so the check
# runs on any machine; nothing is installed or started.
set -euo pipefail
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# systemd: the units as installed, but with this checkout as /srv/plaidoyer.
mkdir -p "$tmp/systemd"
for unit in deploy/systemd/*.service; do
  sed -e "s|/srv/plaidoyer|$root|g" -e "s|^User=.*|User=root|" -e "s|^Group=.*|Group=root|" \
    -e "s|^EnvironmentFile=.*|EnvironmentFile=-/etc/plaidoyer/env|" \
    "$unit" > "$tmp/systemd/$(basename "$unit")"
done
out=$(systemd-analyze verify --man=no "$tmp"/systemd/*.service 2>&1 | grep -v "Failed to connect to\|bus\|^$" || true)
if [ -n "$out" ]; then echo "systemd-analyze verify:"; echo "$out"; exit 1; fi
echo "systemd units: ok"

# nginx: the site inside a minimal main configuration, with a throwaway certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
sed -e "s|/etc/ssl/certs/ssl-cert-snakeoil.pem|$tmp/cert.pem|" \
  -e "s|/etc/ssl/private/ssl-cert-snakeoil.key|$tmp/key.pem|" \
  deploy/nginx/plaidoyer.conf > "$tmp/site.conf"
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp;
  uwsgi_temp_path $tmp; scgi_temp_path $tmp;
  include $tmp/site.conf;
}
CONF
nginx -t -q -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/error.log"
echo "nginx site: ok"

# Caddy: adapt and validate the Caddyfile (no listener is opened).
HOME=$tmp XDG_DATA_HOME=$tmp XDG_CONFIG_HOME=$tmp \
  caddy validate --config deploy/caddy/Caddyfile --adapter caddyfile >"$tmp/caddy.log" 2>&1 \
  || { cat "$tmp/caddy.log"; exit 1; }
echo "Caddyfile: ok"
