#!/usr/bin/env bash
# Installs what local mode (no container runtime) needs and this machine lacks, from Debian's packages:
# redis-server, OpenStack Swift (the S3 server), ffmpeg (sample content), kcat (watching events), and the
# PostgreSQL server binaries. With --tests it also installs Chromium, which the browser playback tests drive, and
# Redocly CLI (npm, pinned by tests/openapi-lint/package-lock.json), which lints the served OpenAPI document.
set -euo pipefail

packages=(redis-server swift-proxy swift-account swift-container swift-object python3-swift ffmpeg kcat)
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
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--tests" ]]; then
  lint="$(dirname "$0")/../tests/openapi-lint"
  if [[ ! "$lint/node_modules/.package-lock.json" -nt "$lint/package-lock.json" ]]; then
    (cd "$lint" && npm ci --no-audit --no-fund >/dev/null)
  fi
fi
