"""The leakage guard: columns that know the outcome, so learning from them fools everyone.

Two signs: a column predicts conversion almost perfectly on its own (a status, a deal value), or
it is filled mostly for one outcome (a meeting date, a lost reason: written after contact).
Such columns are left out of learning unless the user asks to keep them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadq.evaluation import roc_auc

ALONE_AUC = 0.95  # one column ranking converted leads this well on its own is too good
FILLED_GAP = 0.6  # filled for 90 % of one outcome and 30 % or less of the other


@dataclass(frozen=True)
class Leak:
    header: str
    reason: str
    kept: bool  # the user asked to keep it anyway

    def __str__(self) -> str:
        action = "kept as asked" if self.kept else "left out (--allow-leaky to keep it)"
        return f"column {self.header!r} looks leaky: {self.reason}; {action}"


def filled_leak(filled: np.ndarray, converted: np.ndarray) -> str | None:
    """Filled far more often for one outcome than for the other (written after contact)."""
    if converted.all() or not converted.any():
        return None
    with_outcome, without = filled[converted].mean(), filled[~converted].mean()
    if abs(with_outcome - without) < FILLED_GAP:
        return None
    return (
        f"filled for {with_outcome:.0%} of converted leads and {without:.0%} of the others "
        "(filled after contact?)"
    )


def alone_leak(masks: np.ndarray, converted: np.ndarray) -> str | None:
    """The feature's bins rank converted leads almost perfectly on their own."""
    bins = np.where(masks.any(axis=1), masks.argmax(axis=1), masks.shape[1])
    rates = np.zeros(masks.shape[1] + 1)
    for code in np.unique(bins):
        rates[code] = converted[bins == code].mean()
    auc = roc_auc(rates[bins], converted)
    if auc is None or max(auc, 1 - auc) < ALONE_AUC:
        return None
    return f"predicts the outcome almost perfectly on its own (ROC AUC {max(auc, 1 - auc):.2f})"
