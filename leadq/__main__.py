"""``python -m leadq``: the same as the ``leadq`` command."""

from leadq.cli import run

run()
