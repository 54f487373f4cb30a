"""Start-up: commands that draw no chart do not pay for importing the plotting library."""

from __future__ import annotations

import subprocess
import sys


def test_loading_the_command_line_does_not_import_matplotlib():
    check = "import sys, leadq.cli; print(sorted(m for m in sys.modules if 'matplotlib' in m))"

    loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)

    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
