"""Learning points from past leads (``leadq learn``); scikit-learn is the optional extra."""

from leadq.learning.learner import LearnResult, LearnSettings, learn

__all__ = ["LearnResult", "LearnSettings", "learn"]
