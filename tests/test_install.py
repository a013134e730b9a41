"""riwaya as an old pip installs it: scripts/check-old-pip.sh, with Debian 12's pip 23.0.1.

That pip ignores justext's «lxml[html_clean]», so every HTML file went unread until riwaya
declared lxml_html_clean itself. The script builds a venv with that pip, installs a fresh clone
of the committed HEAD (wheel and editable) and reads an HTML page with check and ingest. It needs
PyPI: without it the test is skipped.
"""

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check-old-pip.sh"


def _pypi_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.slow
def test_pip_23_0_1_installs_riwaya_that_reads_html():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout (the script installs a fresh clone)")
    if not _pypi_reachable():
        pytest.skip("PyPI cannot be reached: pip 23.0.1 and riwaya's dependencies come from there")
    env = {**os.environ, "PYTHON": sys.executable}
    env.pop("RIWAYA_CACHE_DIR", None)  # the script gives its riwaya a cache of its own
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "OK: pip 23.0.1 installs riwaya" in result.stderr
