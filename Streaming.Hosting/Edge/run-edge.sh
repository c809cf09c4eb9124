#!/usr/bin/env bash
# Local edge: renders nginx.conf.template with envsubst (what the nginx image's entrypoint does in containers mode)
# and exec()s Debian's nginx in the foreground, so the process DCP started is nginx's master and DCP stops it.
# Usage: run-edge.sh <state-dir> [--check]; every template variable comes from the environment (the AppHost sets
# them). --check renders and runs `nginx -t` (configuration, module and edge.js) instead of the server.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=$(mkdir -p "$1" && cd "$1" && pwd)
TEMPLATE=$HERE/nginx.conf.template

for bin in nginx envsubst; do
  command -v "$bin" >/dev/null || { echo "missing $bin: apt-get install -y nginx libnginx-mod-http-js gettext-base" >&2; exit 1; }
done
[ -r "$EDGE_JS_MODULE" ] || { echo "missing $EDGE_JS_MODULE: apt-get install -y libnginx-mod-http-js" >&2; exit 1; }

# Only the template's own variables are replaced: nginx's $variables stay as they are.
names=$(grep -v '^[[:space:]]*#' "$TEMPLATE" | grep -o '\${[A-Z0-9_]*}' | sort -u | tr '\n' ' ')
for name in $names; do
  var=${name:2:-1}
  [ -n "${!var:-}" ] || { echo "template variable $var is not set" >&2; exit 2; }
done
mkdir -p "$EDGE_LOG_DIR"
# Counters count since this start (the AppHost reads the file; see EdgeTrafficCounters).
: > "$EDGE_LOG_DIR/access.log"
envsubst "$names" < "$TEMPLATE" > "$STATE/nginx.conf"

if [ "${2:-}" = "--check" ]; then
  exec nginx -t -p "$STATE/" -c "$STATE/nginx.conf" -g 'daemon off;'
fi
# A shell that starts us in the background leaves SIGINT ignored; restore it so Ctrl-C/SIGINT stops nginx too.
exec env --default-signal=INT nginx -p "$STATE/" -c "$STATE/nginx.conf" -g 'daemon off;'
