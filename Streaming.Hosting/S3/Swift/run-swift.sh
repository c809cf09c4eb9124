#!/usr/bin/env bash
# Local S3-compatible server: OpenStack Swift (Debian packages) with s3api + tempauth.
# Usage: run-swift.sh <port> <data-dir> <access-key account:user> <secret-key>
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 <port> <data-dir> <access-key account:user> <secret-key>" >&2
  exit 2
fi
PORT=$1
DATA=$(mkdir -p "$2" && cd "$2" && pwd)
ACCESS_KEY=$3
SECRET_KEY=$4
ETC=$DATA/etc
DEVICES=$DATA/srv
# The swift-* entry points run on Debian's python; a pyenv shim earlier in PATH must not win.
PY=/usr/bin/python3
# eventlet's green DNS pulls in dnspython+httpx (~1 s per process); everything here is 127.0.0.1.
export EVENTLET_NO_GREENDNS=yes
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "$ACCESS_KEY" in
  ?*:?*) ;;
  *) echo "access key must look like account:user (tempauth), got '$ACCESS_KEY'" >&2; exit 2 ;;
esac
case "$SECRET_KEY" in
  *[[:space:]]*|'') echo "secret key must be non-empty and contain no whitespace" >&2; exit 2 ;;
esac
for bin in swift-proxy-server swift-account-server swift-container-server swift-object-server setpriv; do
  command -v "$bin" >/dev/null || { echo "missing $bin: apt-get install -y swift-proxy swift-account swift-container swift-object python3-swift" >&2; exit 1; }
done
# Swift reads the hash path prefix/suffix from this fixed path (installed by the swift package).
[ -r /etc/swift/swift.conf ] || { echo "/etc/swift/swift.conf missing (reinstall the swift package)" >&2; exit 1; }

mkdir -p "$ETC" "$DEVICES/d1"

# Backend ports: the ones from the last run if they are still free, else fresh free ones,
# so two instances never collide. The rings (which decide where data lives) are kept;
# only their device port is rewritten, and only when it changed.
read -r ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT < <("$PY" - "$ETC/backend-ports" "$PORT" <<'PY'
import socket, sys
path, proxy_port = sys.argv[1], int(sys.argv[2])
try:
    wanted = [int(p) for p in open(path).read().split()]
except (OSError, ValueError):
    wanted = []
socks, ports = [], []
for p in (wanted if len(wanted) == 3 else []) + [0] * 3:
    if len(ports) == 3:
        break
    s = socket.socket()
    # Same flag Swift binds with: old connections in TIME_WAIT don't block reuse, a listener does.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    socks.append(s)
    if s.getsockname()[1] != proxy_port:
        ports.append(s.getsockname()[1])
for s in socks:
    s.close()
print(*ports)
PY
)
[ -n "${OBJECT_PORT:-}" ] || { echo "could not pick backend ports" >&2; exit 1; }
PORTS="$ACCOUNT_PORT $CONTAINER_PORT $OBJECT_PORT"
if [ "$(cat "$ETC/backend-ports" 2>/dev/null)" != "$PORTS" ] || [ ! -f "$ETC/object.ring.gz" ]; then
  "$PY" - "$ETC" $PORTS <<'PY'
import os, sys
from swift.common.ring import RingBuilder
etc, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
for name, port in zip(("account", "container", "object"), ports):
    path = os.path.join(etc, name + ".builder")
    if os.path.exists(path):
        b = RingBuilder.load(path)
        b.devs[0]["port"] = port
    else:
        b = RingBuilder(8, 1, 1)  # 256 partitions, 1 replica
        b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
                   "device": "d1", "weight": 100, "meta": ""})
        b.rebalance()
    b.save(path)
    b.get_ring().save(os.path.join(etc, name + ".ring.gz"))
PY
  echo "$PORTS" > "$ETC/backend-ports"
fi

USER_NAME=$(id -un)
# tempauth's user64_ form allows any characters in account/user; '%' must be doubled for paste's ini parser.
b64() { printf '%s' "$1" | base64 -w0 | tr -d '='; }
TA_ACCOUNT=$(b64 "${ACCESS_KEY%%:*}")
TA_USER=$(b64 "${ACCESS_KEY#*:}")
TA_KEY=${SECRET_KEY//%/%%}

backend_conf() { # name port
  cat > "$ETC/$1-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = $USER_NAME
swift_dir = $ETC
devices = $DEVICES
mount_check = false
disable_fallocate = true
log_name = swift-$1

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1
CONF
}
backend_conf account "$ACCOUNT_PORT"
backend_conf container "$CONTAINER_PORT"
backend_conf object "$OBJECT_PORT"

cat > "$ETC/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PORT
workers = 0
user = $USER_NAME
swift_dir = $ETC
log_name = swift-proxy
cors_allow_origin = *
cors_expose_headers = Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified, Content-Type, x-amz-request-id, x-amz-version-id

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
# Segments can take a while on a loaded dev box.
client_timeout = 120
node_timeout = 30

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
s3_acl = false
cors_preflight_allow_origin = *

[filter:tempauth]
use = egg:swift#tempauth
user64_${TA_ACCOUNT}_${TA_USER} = $TA_KEY .admin

[filter:cache]
paste.filter_factory = swift_localcache:filter_factory

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
CONF
chmod 600 "$ETC/proxy-server.conf"

# Swift writes every log line to stderr, which the dashboard shows as an error: from here on, only lines that report
# a failure stay on stderr and the rest (requests, start-up) go to stdout. The filter lives as long as a Swift process
# holds the pipe; it is not a swift-* process, so nothing that looks for those by name finds it.
exec 2> >(exec "$PY" -u -c '
import re, sys
failure = re.compile(r"ERROR|CRITICAL|Traceback|Exception|[Ee]rror:")
for line in iter(sys.stdin.readline, ""):
    (sys.stderr if failure.search(line) else sys.stdout).write(line)
')

# PDEATHSIG ties each backend to this process: it is the parent, and after the exec below
# it is the proxy, so whatever signal stops the proxy (even SIGKILL) takes the backends down.
for svc in account container object; do
  setpriv --pdeathsig KILL -- "swift-$svc-server" "$ETC/$svc-server.conf" -v &
done
# The proxy listens only once every backend does: a request it took earlier would fail with "ERROR with Account
# server ... Connection refused", a red line in the dashboard for an ordinary start. Until then the health check
# finds the proxy's port closed, which is what "not ready yet" means.
for port in $PORTS; do
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue 2
    sleep 0.1
  done
  echo "ERROR: a Swift backend did not listen on port $port within 60 s" >&2
  exit 1
done
echo "swift s3api on http://127.0.0.1:$PORT (backends $PORTS, data $DATA)"
# A shell that starts us in the background leaves SIGINT ignored; restore it so Ctrl-C/SIGINT stops us.
PYTHONPATH=$HERE exec env --default-signal=INT swift-proxy-server "$ETC/proxy-server.conf" -v
