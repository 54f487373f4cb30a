"""The ideal-customer profile: what current customers share, compared with all leads.

A bin (an industry, a size band, a country ...) that holds a clearly larger share of the
customers than of the leads describes who buys; it becomes a ``fit`` rule worth points by how
over-represented it is: 10 points per doubling of the share, from 1 to 20.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from leadq.learning.features import Bin, Feature
from leadq.learning.rulefile import LearnedRule, rule_id

OVER_REPRESENTED = 1.5  # customers' share at least 1.5 times the leads' share
MIN_CUSTOMERS = 5
MIN_CUSTOMER_SHARE = 0.05
POINTS_PER_DOUBLING = 10
MAX_POINTS = 20


def profile_rules(
    labels: Sequence[tuple[Feature, int]],
    columns: Sequence[int],
    customer_masks: np.ndarray,
    lead_masks: np.ndarray,
    taken: set[str],
) -> list[LearnedRule]:
    """A fit rule for each bin (among ``columns``) over-represented among the customers."""
    customers, leads = len(customer_masks), len(lead_masks)
    if customers == 0 or leads == 0:
        return []
    needed = max(MIN_CUSTOMERS, MIN_CUSTOMER_SHARE * customers)
    rules = []
    for column in columns:
        feature, index = labels[column]
        held = int(customer_masks[:, column].sum())
        lead_share = lead_masks[:, column].mean()
        if feature.kind == "filled" or held < needed or lead_share == 0:
            continue
        ratio = (held / customers) / lead_share
        if ratio < OVER_REPRESENTED:
            continue
        points = min(MAX_POINTS, max(1, round(POINTS_PER_DOUBLING * math.log2(ratio))))
        comment = f"{held / customers:.0%} of customers vs {lead_share:.0%} of leads ({ratio:.1f}x)"
        bin_: Bin = feature.bins[index]
        rules.append(
            LearnedRule(
                rule_id(feature, f"icp {bin_.label}", taken), feature, bin_, points, comment
            )
        )
    return rules
