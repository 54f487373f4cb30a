"""Start-up: a command pays only for the libraries it uses. Plotting (0.3 s) is imported when a
chart is drawn, phonenumbers' area, carrier and time-zone tables (0.3-0.4 s) when a phone is
described."""

from __future__ import annotations

import subprocess
import sys

import pytest

DEFERRED = ["matplotlib", "phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata"]


@pytest.mark.parametrize("package", DEFERRED)
def test_loading_the_command_line_does_not_import(package):
    check = (
        "import sys, leadq.cli;"
        f"print(sorted(m for m in sys.modules if m.split('.')[:{package.count('.') + 1}]"
        f" == {package.split('.')!r}))"
    )

    loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)

    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
