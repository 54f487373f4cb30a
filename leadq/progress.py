"""Progress of a long run, for a caller that shows it (the CLI's bar on a terminal).

Library code never draws anything: it calls a hook with the step it starts, how many steps are
done and how many there are in all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ProgressHook = Callable[[str, int, int], None]  # step starting, steps done, steps in all


@dataclass
class Steps:
    """Counts the steps of one run and tells ``hook`` (when there is one) of each as it starts."""

    hook: ProgressHook | None
    total: int
    done: int = 0

    def __call__(self, step: str) -> None:
        if self.hook is not None:
            self.hook(step, self.done, self.total)
        self.done += 1

    def finish(self) -> None:
        if self.hook is not None:
            self.hook("done", self.total, self.total)
