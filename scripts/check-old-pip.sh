#!/usr/bin/env bash
# riwaya installed by the oldest pip a supported system ships (Debian 12's python3-pip 23.0.1)
# still reads HTML. That pip ignores justext's «lxml[html_clean]» (it does not normalise the
# extra's name), so trafilatura's cleaner comes only from riwaya's own lxml_html_clean.
#
# In a temporary folder: a venv with that pip, a fresh clone of this repository's committed HEAD
# installed into it (as a wheel, then editable), and an HTML page and a text file read by
# `riwaya check` and `riwaya ingest`. Exits non-zero when one of them fails. Needs PyPI.
# Usage: scripts/check-old-pip.sh [PIP_VERSION]   (PYTHON=python3.11 to pick the interpreter)
set -euo pipefail
pip_version=${1:-23.0.1}
python=${PYTHON:-python3}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/riwaya-old-pip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 RIWAYA_CACHE_DIR="$tmp/cache"
# The installed riwaya, not a checkout on the path (pytest run with PYTHONPATH=src).
unset PYTHONPATH PYTHONHOME PYTHONSAFEPATH VIRTUAL_ENV

fail() { echo "check-old-pip: FAIL: $*" >&2; exit 1; }
step() { echo "check-old-pip: [${SECONDS}s] $*" >&2; }
# Quiet unless it fails: then the command's last lines.
run() {
  local log="$tmp/log"
  if ! "$@" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    fail "$*"
  fi
}

step "venv with pip $pip_version ($("$python" --version 2>&1))"
run "$python" -m venv "$tmp/venv"
bin="$tmp/venv/bin"
run "$bin/python" -m pip install "pip==$pip_version"
"$bin/pip" --version | grep -q "^pip $pip_version " || fail "pip is not $pip_version: $("$bin/pip" --version)"

step "fresh clone of $repo at $(git -C "$repo" rev-parse --short HEAD)"
run git clone -q "$repo" "$tmp/src"

mkdir "$tmp/docs"
cat >"$tmp/docs/a.html" <<'EOF'
<html><head><meta charset="utf-8"><title>خبر</title></head><body>
<nav><a href="/">الرئيسية</a></nav>
<article><h1>وزير المالية يعلن الميزانية</h1>
<p>أعلن وزير المالية يوم الثلاثاء 12 مارس 2019 أن الحكومة خصصت 3.5 مليار دولار لإعادة إعمار المدارس، وقال في مؤتمر صحفي: «سنبدأ العمل خلال ثلاثة أشهر».</p>
</article></body></html>
EOF
cat >"$tmp/docs/b.txt" <<'EOF'
أعلن وزير المالية يوم الثلاثاء أن الحكومة خصصت 3.5 مليار دولار لإعادة إعمار المدارس.
EOF

# riwaya is imported from under $1.
installed_from() {
  "$bin/python" -c "import os, riwaya, sys; from os.path import realpath
assert realpath(riwaya.__file__).startswith(realpath(sys.argv[1]) + os.sep), riwaya.__file__" \
    "$1" || fail "$2: riwaya is not imported from $1"
}

# The installed riwaya reads the page as HTML: its article's text, no markup.
check_reads_html() {
  local how=$1
  cd "$tmp/docs"
  # extract reads any file as text (markup and all): it shows the CLI starts, not the HTML reader.
  run "$bin/riwaya" extract a.html
  run "$bin/riwaya" check a.html --source b.txt --format json
  "$bin/python" - "$tmp/log" <<'EOF' || fail "$how: riwaya check did not read a.html as HTML"
import json, sys
text = json.load(open(sys.argv[1], encoding="utf-8"))["report"]["text"]
assert "3.5 مليار دولار" in text and "<" not in text and "الرئيسية" not in text, text
EOF
  rm -f "$tmp/x.db"
  run "$bin/riwaya" ingest a.html b.txt --db "$tmp/x.db" --format json
  # ingest exits 0 with an unreadable file (the batch goes on): its summary says so.
  "$bin/python" - "$tmp/log" <<'EOF' || { cat "$tmp/log" >&2; fail "$how: riwaya ingest did not read both files"; }
import json, sys
summary = json.load(open(sys.argv[1], encoding="utf-8"))
assert summary["added"] == 2 and not summary["unreadable"], summary
EOF
  cd - >/dev/null
}

step "pip install (wheel)"
run "$bin/pip" install "$tmp/src"
installed_from "$tmp/venv" "pip install"
check_reads_html "pip $pip_version install"
step "pip install -e"
run "$bin/pip" install -e "$tmp/src"
installed_from "$tmp/src" "pip install -e"
check_reads_html "pip $pip_version install -e"
step "OK: pip $pip_version installs riwaya (wheel and editable) and it reads HTML"
