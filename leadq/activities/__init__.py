"""Contact attempts and behaviour: leads matched with activity logs given with ``--activities``.

``read_activity_log`` reads and keys the logs once per run; ``add_activities`` is the score
pipeline's stage that adds the ``ACTIVITY_COLUMNS`` (``leadq.schema``); ``unmatched_warnings``
names the log rows that matched no lead.
"""

from leadq.activities.columns import add_activities
from leadq.activities.log import ActivityLog, read_activity_log
from leadq.activities.match import unmatched_warnings

__all__ = ["ActivityLog", "add_activities", "read_activity_log", "unmatched_warnings"]
