"""``python -m leadq``: the same as the ``leadq`` command."""

from leadq.cli import run

if __name__ == "__main__":  # worker processes re-import the main module: run only once
    run()
