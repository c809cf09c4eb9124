#!/usr/bin/env bash
# Installs what local mode (no container runtime) needs and this machine lacks, from Debian's packages:
# redis-server, OpenStack Swift (the S3 server), nginx with njs (the caching edge; envsubst renders its template),
# ffmpeg (sample content), kcat (watching events), and the PostgreSQL server binaries. With --tests it also installs Chromium, which the browser playback tests drive, and
# Redocly CLI (npm, pinned by tests/openapi-lint/package-lock.json), which lints the served OpenAPI document.
# It ends by checking every tool it is responsible for, and the .NET SDK and Node.js 20+ (which the build needs for the
# player page) that it does not install: a missing one stops it with one line naming it.
set -euo pipefail

missing_tool() { echo "$(basename "$0"): $1 is missing; $2" >&2; exit 1; }
command -v dotnet > /dev/null || missing_tool dotnet "install the .NET 10 SDK: https://dotnet.microsoft.com/download"
command -v node > /dev/null || missing_tool "Node.js 20+" "install it (e.g. https://deb.nodesource.com, node_20.x) with npm"
[[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]] || missing_tool "Node.js 20+ (found $(node --version))" "install Node.js 20 or later"
command -v npm > /dev/null || missing_tool npm "install it with Node.js 20+"

packages=(redis-server swift-proxy swift-account swift-container swift-object python3-swift nginx libnginx-mod-http-js gettext-base ffmpeg kcat)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(chromium)
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  packages+=(postgresql)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  # nginx's package starts a system nginx on port 80 where an init system runs; the edge runs its own. A policy-rc.d
  # that says "no" (exit 101) keeps maintainer scripts from starting any service during this install.
  policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ -n "$policy" ]]; then $sudo rm -f "$policy"; fi
fi

if [[ "${1:-}" == "--tests" ]]; then
  lint="$(dirname "$0")/../tests/openapi-lint"
  if [[ ! "$lint/node_modules/.package-lock.json" -nt "$lint/package-lock.json" ]]; then
    (cd "$lint" && npm ci --no-audit --no-fund >/dev/null)
  fi
fi

for tool in redis-server redis-cli swift-proxy-server ffmpeg kcat python3; do
  command -v "$tool" > /dev/null || missing_tool "$tool" "the package install above did not provide it (apt-get install redis-server swift-proxy ffmpeg kcat python3)"
done
ls /usr/lib/postgresql/*/bin/postgres > /dev/null 2>&1 || missing_tool "PostgreSQL server binaries" "apt-get install postgresql"
if [[ "${1:-}" == "--tests" ]]; then
  command -v chromium > /dev/null || missing_tool chromium "apt-get install chromium"
fi
