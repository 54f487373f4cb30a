"""Integer points per bin from a regularised logistic model, and the plain baseline it must beat.

The model sees one column per bin (1 where the bin's rule fires); the rest bin of each feature
is the reference, so a bin's coefficient is how much it moves the odds against "missing or
other". Points are the coefficients at 20 points per doubling of the odds, rounded: a score made
of them ranks leads as the model does, up to the rounding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.errors import LeadqError

POINTS_PER_DOUBLING = 20
REGULARISATION = 1.0  # scikit-learn's C: smaller means stronger shrinkage towards 0 points
MAX_ITERATIONS = 1000


def sklearn_or_error() -> None:
    """scikit-learn is an optional extra; say how to get it rather than fail on an import."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise LeadqError("leadq learn needs scikit-learn: pip install 'leadq[learn]'") from None


@dataclass(frozen=True)
class Split:
    """Positions of the training and the held-out rows among the rows with a known outcome."""

    train: np.ndarray
    holdout: np.ndarray


def split_rows(converted: np.ndarray, holdout_share: float, seed: int) -> Split:
    """A seeded split that keeps the conversion rate equal on both sides (stratified)."""
    from sklearn.model_selection import train_test_split

    positions = np.arange(len(converted))
    train, holdout = train_test_split(
        positions, test_size=holdout_share, random_state=seed, stratify=converted
    )
    return Split(np.sort(train), np.sort(holdout))


def fit_points(masks: np.ndarray, converted: np.ndarray) -> np.ndarray:
    """Integer points per bin (column of ``masks``) from an L2-regularised logistic model."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, max_iter=MAX_ITERATIONS)
    model.fit(sparse.csr_matrix(masks, dtype=np.float64), converted)  # one bin per feature set
    scale = POINTS_PER_DOUBLING / math.log(2)
    return np.rint(model.coef_[0] * scale).astype(np.int64)


def baseline_auc(columns: Sequence[pd.Series], converted: np.ndarray, split: Split) -> float | None:
    """A plain baseline: every column one-hot as written (missing is a value), logistic model.

    Returns its ROC AUC on the held-out rows.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import OneHotEncoder

    if not columns:
        return None
    values = np.column_stack(
        [column.fillna("").astype(str).str.strip().to_numpy(dtype=object) for column in columns]
    )
    encoder = OneHotEncoder(handle_unknown="ignore")
    train = encoder.fit_transform(values[split.train])
    model = LogisticRegression(C=REGULARISATION, max_iter=MAX_ITERATIONS)
    model.fit(train, converted[split.train])
    predicted = model.decision_function(encoder.transform(values[split.holdout]))
    held = converted[split.holdout]
    if held.all() or not held.any():
        return None
    return float(roc_auc_score(held, predicted))
