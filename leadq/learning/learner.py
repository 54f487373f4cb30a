"""``leadq learn``: points per attribute from past leads, written as a rule file.

Reads the history, cuts every column into bins (``features``), refuses leaky columns
(``leakage``), fits a regularised logistic model on a seeded, stratified training split and
turns it into integer points (``model``), then writes the rules (``rulefile``). The held-out
rows measure the learned rules against a plain one-hot logistic model on the same split.

The bin masks are computed by compiling the bins as leadq conditions and evaluating them the way
``leadq score`` does, so the written file scores every lead exactly as the learned model.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from leadq.context import RunContext, RunSettings, set_aside_clashing_columns
from leadq.evaluation import roc_auc
from leadq.learning.features import Feature, candidate_features, useful
from leadq.learning.leakage import Leak, alone_leak, filled_leak
from leadq.learning.model import (
    POINTS_PER_DOUBLING,
    Split,
    baseline_auc,
    fit_points,
    sklearn_or_error,
    split_rows,
)
from leadq.learning.profile import profile_rules
from leadq.learning.rulefile import (
    FIT_CATEGORY,
    LEARNED_CATEGORY,
    LearnedRule,
    Thresholds,
    render_rule_file,
    rule_id,
)
from leadq.load import ReadOptions, read_leads
from leadq.outcome import Target, read_outcome
from leadq.pipeline import build_context
from leadq.rule_masks import rule_masks, summed_points
from leadq.ruleset import RuleSet, load_rules
from leadq.schema import PROVENANCE_COLUMNS

HOLDOUT_SHARE = 0.25
SUPPORT_SHARE = 0.005  # a bin needs 0.5 % of training rows (and at least MIN_SUPPORT)
MIN_SUPPORT = 30
GRADE_QUANTILES = (("A", 0.9), ("B", 0.7), ("C", 0.4))


@dataclass(frozen=True)
class LearnSettings:
    rules: str | Path | None = None  # base rules: header aliases, field types, missing values
    read: ReadOptions = field(default_factory=ReadOptions)
    holdout: float = HOLDOUT_SHARE
    seed: int = 1
    min_support: int | None = None  # None: the larger of 30 and 0.5 % of training rows
    allow_leaky: tuple[str, ...] = ()  # headers to learn from even when they look leaky
    customers: str | Path | None = None  # current customers: their profile as fit rules
    command: str = "leadq learn"  # how the run was asked for, for the file's header comment


@dataclass(frozen=True)
class LearnResult:
    text: str  # the rule file
    rules: list[LearnedRule]
    leaks: list[Leak]
    features: list[Feature]
    train_rows: int
    holdout_rows: int
    auc_rules: float | None  # ROC AUC of the learned integer points on the held-out rows
    auc_baseline: float | None  # of a plain one-hot logistic model on the same rows
    scores: pd.Series  # the written file's score of every history row, by input position
    profile: list[LearnedRule] = field(default_factory=list)  # fit rules from --customers


@dataclass(frozen=True)
class _History:
    table: pd.DataFrame
    context: RunContext
    converted: np.ndarray  # of the rows with a known outcome
    known: np.ndarray  # positions of those rows
    target_header: str


def learn(source: str | Path, target: Target, settings: LearnSettings | None = None) -> LearnResult:
    """Learn integer points per attribute from ``source``'s outcomes in ``target``.

    Raises:
        LeadqError: scikit-learn is not installed (the ``learn`` extra).
        InputError: the history cannot be read, or its target column is absent or unreadable.
        RulesError: the base rule file has problems.
    """
    sklearn_or_error()
    settings = settings or LearnSettings()
    history = _read_history(source, target, settings)
    split = split_rows(history.converted, settings.holdout, settings.seed)
    train_rows = np.zeros(len(history.table), dtype=bool)
    train_rows[history.known[split.train]] = True
    min_support = settings.min_support or max(MIN_SUPPORT, int(SUPPORT_SHARE * len(split.train)))
    headers = [h for h in history.table.columns if h not in _NOT_LEARNED | {history.target_header}]
    features, filled = candidate_features(
        history.context.fields(history.table), headers, train_rows, min_support
    )
    bins = _bin_masks(history, features)
    leaks = _leaks(history, filled, bins, split, settings.allow_leaky)
    chosen = _chosen_columns(bins, leaks, history.known[split.train])
    train = history.known[split.train]
    points = fit_points(bins.masks[train][:, chosen], history.converted[split.train])
    learned = summed_points(bins.masks[:, chosen], points)
    held = history.known[split.holdout]
    rules = _learned_rules(bins, chosen, points, train, history)
    profile = _profile(settings, history, bins, chosen, {rule.id for rule in rules})
    scores = learned + _profile_points(bins, profile)
    thresholds = _thresholds(scores[train])
    text = _render(history, settings, rules, profile, thresholds, leaks, split)
    return LearnResult(
        text=text,
        rules=rules,
        leaks=leaks,
        features=_used_features(rules),
        train_rows=len(split.train),
        holdout_rows=len(split.holdout),
        auc_rules=roc_auc(learned[held], history.converted[split.holdout]),
        auc_baseline=baseline_auc(
            _baseline_columns(history, bins, leaks), history.converted, split
        ),
        scores=pd.Series(scores, index=history.table.index, name="score"),
        profile=profile,
    )


_NOT_LEARNED = frozenset(PROVENANCE_COLUMNS)


def _read_history(source: str | Path, target: Target, settings: LearnSettings) -> _History:
    rules = load_rules(settings.rules)
    loaded = read_leads([source], settings.read)
    table, set_aside = set_aside_clashing_columns(loaded.table, rules)
    context = build_context(table, rules, RunSettings(as_of=datetime.date.today()), set_aside)
    outcome = read_outcome(table, target, rules.missing_values, str(source))
    known = np.flatnonzero(outcome.notna().to_numpy())
    converted = outcome.to_numpy(dtype=bool, na_value=False)[known]
    wanted = target.column.strip().casefold()
    header = next(h for h in table.columns if str(h).strip().casefold() == wanted)
    return _History(table, context, converted, known, str(header))


@dataclass(frozen=True)
class _Bins:
    """Every bin of every feature, compiled, with its rows x bins mask over the history."""

    features: list[Feature]
    owner: np.ndarray  # feature position of each bin column
    labels: list[tuple[Feature, int]]  # (feature, bin position) of each column
    masks: np.ndarray
    compiled: RuleSet  # the bins as rules, to evaluate them on other tables (customers)


def _bin_masks(history: _History, features: Sequence[Feature]) -> _Bins:
    """Compile every bin as a rule of a throwaway rule file and evaluate it as scoring does."""
    labels = [(feature, index) for feature in features for index in range(len(feature.bins))]
    owner = np.array(
        [i for i, feature in enumerate(features) for _ in feature.bins], dtype=np.int64
    )
    compiled = _compile(history.context.rules, features)
    context = build_context(history.table, compiled, history.context.settings)
    rules = [rule for category in compiled.score for rule in category.rules]
    masks = rule_masks(rules, context.fields(history.table))
    return _Bins(list(features), owner, labels, masks, compiled)


def _compile(base: RuleSet, features: Sequence[Feature]) -> RuleSet:
    sections = {
        LEARNED_CATEGORY: [
            LearnedRule(f"b{number}", feature, feature.bins[index], 0, "")
            for number, (feature, index) in enumerate(
                (feature, index) for feature in features for index in range(len(feature.bins))
            )
        ]
    }
    text = render_rule_file(
        [], sorted(base.missing_values - {""}), features, sections, Thresholds((), None, None)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bins.yaml"
        path.write_text(text, encoding="utf-8")
        return load_rules(path)


def _leaks(
    history: _History,
    filled: Mapping[str, np.ndarray],
    bins: _Bins,
    split: Split,
    allow: Sequence[str],
) -> list[Leak]:
    """Every column (``filled``: the rows where each is filled) that looks leaky on the training
    rows; kept only when allowed."""
    train = history.known[split.train]
    converted = history.converted[split.train]
    allowed = {header.strip().casefold() for header in allow}
    positions = {feature.header: i for i, feature in enumerate(bins.features)}
    train_masks = bins.masks[train]
    leaks = []
    for header, rows in filled.items():
        reason = filled_leak(rows[train], converted)
        if reason is None and header in positions:
            feature_masks = train_masks[:, bins.owner == positions[header]]
            reason = alone_leak(feature_masks, converted)
        if reason:
            leaks.append(Leak(header, reason, header.strip().casefold() in allowed))
    return leaks


def _chosen_columns(bins: _Bins, leaks: Sequence[Leak], train: np.ndarray) -> np.ndarray:
    """Bin columns of features not left out as leaky, holding 1-99 % of training rows."""
    left_out = {leak.header for leak in leaks if not leak.kept}
    allowed = np.array([feature.header not in left_out for feature, _ in bins.labels], dtype=bool)
    return np.flatnonzero(allowed & useful(bins.masks[train]))


def _learned_rules(
    bins: _Bins, chosen: np.ndarray, points: np.ndarray, train: np.ndarray, history: _History
) -> list[LearnedRule]:
    """The bins that earned points, each with its training support and conversion."""
    converted = np.zeros(len(history.table), dtype=bool)
    converted[history.known] = history.converted
    taken: set[str] = set()
    rules = []
    for column, earned in zip(chosen, points, strict=True):
        if earned == 0:
            continue
        feature, index = bins.labels[column]
        fires = bins.masks[train, column]
        support = int(fires.sum())
        rate = converted[train][fires].mean() if support else 0.0
        comment = f"{support} leads ({support / len(train):.1%}), {rate:.1%} converted"
        bin_ = feature.bins[index]
        rules.append(
            LearnedRule(rule_id(feature, bin_.label, taken), feature, bin_, int(earned), comment)
        )
    return rules


def _used_features(rules: Sequence[LearnedRule]) -> list[Feature]:
    return list({rule.feature.field: rule.feature for rule in rules}.values())


def _thresholds(scores: np.ndarray) -> Thresholds:
    """Grades at the 90th, 70th and 40th percentile of training scores; SQL = A, MQL = B."""
    grades: list[tuple[str, int]] = []
    for name, quantile in GRADE_QUANTILES:
        level = int(np.ceil(np.quantile(scores, quantile))) if len(scores) else 0
        if not grades or level < grades[-1][1]:
            grades.append((name, level))
    sql = grades[0][1] if grades else None
    mql = grades[1][1] if len(grades) > 1 else None
    return Thresholds(tuple(grades), sql, mql)


def _baseline_columns(history: _History, bins: _Bins, leaks: Sequence[Leak]) -> list[pd.Series]:
    """What the baseline sees: the learner's columns as written (trimmed), leaky ones left out.

    A column the learner only reads as filled or not (names, e-mails, free text) is given to the
    baseline the same way: one-hot over a million distinct e-mails would be no baseline at all.
    """
    left_out = {leak.header for leak in leaks if not leak.kept}
    columns = []
    for feature in bins.features:
        if feature.header in left_out:
            continue
        text = history.table[feature.header].iloc[history.known].astype("str").str.strip()
        if feature.kind == "filled":
            text = text.mask(text.notna() & (text != ""), "filled")
        columns.append(text)
    return columns


def _profile(
    settings: LearnSettings, history: _History, bins: _Bins, chosen: np.ndarray, taken: set[str]
) -> list[LearnedRule]:
    """Fit rules from the customers file's profile, over the same bins as the learned rules."""
    if settings.customers is None:
        return []
    loaded = read_leads([settings.customers], settings.read)
    context = build_context(loaded.table, bins.compiled, history.context.settings)
    rules = [rule for category in bins.compiled.score for rule in category.rules]
    customer_masks = rule_masks(rules, context.fields(loaded.table))
    return profile_rules(bins.labels, list(chosen), customer_masks, bins.masks, set(taken))


def _profile_note(settings: LearnSettings) -> list[str]:
    return [
        f"fit: the profile of the customers in {settings.customers}: values clearly more common",
        "among them than among all leads (10 points per doubling of the share).",
    ]


def _profile_points(bins: _Bins, profile: Sequence[LearnedRule]) -> np.ndarray:
    """The fit points each history row gets from the profile rules."""
    total = np.zeros(len(bins.masks), dtype=np.int64)
    columns = {(id(feature), index): c for c, (feature, index) in enumerate(bins.labels)}
    for rule in profile:
        index = rule.feature.bins.index(rule.bin)
        total += bins.masks[:, columns[(id(rule.feature), index)]] * rule.points
    return total


def _render(
    history: _History,
    settings: LearnSettings,
    rules: list[LearnedRule],
    profile: list[LearnedRule],
    thresholds: Thresholds,
    leaks: Sequence[Leak],
    split: Split,
) -> str:
    header = [
        f"Learned by `{settings.command}` from {len(split.train)} leads with a known outcome "
        f"({len(split.holdout)} more held out; seed {settings.seed}).",
        f"Points: {POINTS_PER_DOUBLING} points double the odds of converting, against a lead whose",
        "value is missing, a placeholder or rare (no rule). Each rule's comment: the training",
        "leads it fires on, and how many of them converted. Check this file with `leadq rules",
        "check`, measure it with `leadq evaluate`; add `disqualify:` rules of your own.",
        "",
        *(_profile_note(settings) if profile else []),
        *(f"Left out: {leak}" for leak in leaks if not leak.kept),
        "",
    ]
    missing = sorted(history.context.rules.missing_values - {""})
    sections = {**({FIT_CATEGORY: profile} if profile else {}), LEARNED_CATEGORY: rules}
    used = _used_features([*profile, *rules])
    return render_rule_file(header, missing, used, sections, thresholds)
