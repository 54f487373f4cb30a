"""``--fail-on`` conditions: when a run's figures should make a cron job exit 1 and alert.

Written as ``empty`` (no rows read), ``bad-data>0.3`` or ``disqualified>50%`` (a share of the
leads above which the run fails).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from leadq.errors import LeadqError
from leadq.report import Summary

_SHARE = re.compile(r"^(?P<metric>[a-z-]+)\s*>\s*(?P<value>\d+(?:\.\d+)?)(?P<percent>%?)$")

SHARES: dict[str, Callable[[Summary], float]] = {
    "bad-data": lambda summary: summary.bad_data_share,
    "disqualified": lambda summary: summary.disqualified_share,
}


class FailOnError(LeadqError):
    """A ``--fail-on`` text that is not one of the known conditions."""


@dataclass(frozen=True)
class FailOn:
    text: str
    metric: str
    threshold: float | None = None

    def met_by_no_rows(self, why: str) -> str | None:
        """The explanation when a run read no rows at all (``why``: e.g. every input skipped)."""
        return f"no rows were read: {why}" if self.metric == "empty" else None

    def met_by(self, summary: Summary) -> str | None:
        """A one-line explanation when ``summary`` meets this condition, else None."""
        if self.metric == "empty":
            return "no rows were read" if summary.rows == 0 else None
        share = SHARES[self.metric](summary)
        assert self.threshold is not None
        return (
            f"{self.metric} share {share:.1%} is above {self.threshold:.1%}"
            if share > self.threshold
            else None
        )


def parse_fail_on(text: str) -> FailOn:
    """Parse one ``--fail-on`` value."""
    cleaned = text.strip().lower()
    if cleaned == "empty":
        return FailOn(text, "empty")
    match = _SHARE.match(cleaned)
    if match is None or match["metric"] not in SHARES:
        known = ", ".join(["empty", *(f"{name}>SHARE" for name in SHARES)])
        raise FailOnError(
            f"--fail-on {text!r}: unknown condition; use one of {known} "
            "(e.g. bad-data>0.3 or bad-data>30%)"
        )
    value = float(match["value"]) / (100 if match["percent"] else 1)
    if not 0 <= value <= 1:
        raise FailOnError(f"--fail-on {text!r}: a share must be between 0 and 1 (or 0% and 100%)")
    return FailOn(text, match["metric"], value)
