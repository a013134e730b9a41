#!/usr/bin/env bash
# Install the Debian packages riwaya needs, only those missing. Safe to run again.
# Usage: scripts/system-deps.sh PYTHON
set -euo pipefail
python=${1:-python3}
need=()
# Debian's Python ships venv/ensurepip in a separate package.
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
  ver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  need+=("python${ver}-venv")
fi
for pkg in $(grep -v '^#' "$(dirname "$0")/../debian-packages.txt" | tr -s ' \n' ' '); do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "riwaya: please install these system packages: ${need[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "riwaya: installing Debian packages: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
