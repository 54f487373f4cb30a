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
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from leadq.errors import LeadqError

if TYPE_CHECKING:
    from scipy import sparse

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

    if not columns:
        return None
    texts = [column.fillna("").astype(str).str.strip() for column in columns]
    categories = [categories_of(text.iloc[split.train]) for text in texts]
    model = LogisticRegression(C=REGULARISATION, max_iter=MAX_ITERATIONS)
    model.fit(one_hot(texts, categories, split.train), converted[split.train])
    predicted = model.decision_function(one_hot(texts, categories, split.holdout))
    held = converted[split.holdout]
    if held.all() or not held.any():
        return None
    return float(roc_auc_score(held, predicted))


def categories_of(text: pd.Series) -> pd.Index:
    """The distinct values, sorted (as scikit-learn's OneHotEncoder orders its columns)."""
    return pd.Index(np.sort(pd.unique(text.to_numpy(dtype=object))), dtype=object)


def one_hot(
    texts: Sequence[pd.Series], categories: Sequence[pd.Index], rows: np.ndarray
) -> sparse.csr_matrix:
    """The rows' one-hot matrix (CSR): one column per category of each text column, in order;
    a value outside its column's categories sets none (OneHotEncoder's ``handle_unknown="ignore"``).

    Built from codes looked up once per column, where OneHotEncoder compares Python strings.
    """
    from scipy import sparse

    offsets = np.cumsum([0, *(len(known) for known in categories)])
    codes = np.column_stack(
        [
            _shifted(known.get_indexer(text.iloc[rows].to_numpy(dtype=object)), offset)
            for text, known, offset in zip(texts, categories, offsets[:-1], strict=True)
        ]
    )
    present = codes >= 0
    indptr = np.concatenate([[0], np.cumsum(present.sum(axis=1))])
    indices = codes[present]  # row by row, columns ascending: a canonical CSR
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), int(offsets[-1])))


def _shifted(codes: np.ndarray, offset: int) -> np.ndarray:
    return np.where(codes >= 0, codes + offset, -1)
