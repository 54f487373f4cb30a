"""Existing customers and open deals: leads matched against CRM exports given with ``--against``.

``read_crm_records`` reads and keys the CRM exports once per run; ``match_crm`` is the score
pipeline's stage that adds the ``crm_*`` columns; ``write_handoff`` writes the leads already
being worked to one file per CRM owner.
"""

from leadq.crm.handoff import HANDOFF_COLUMNS, handoff_files, write_handoff
from leadq.crm.match import match_crm
from leadq.crm.records import CrmRecords, read_crm_records

__all__ = [
    "HANDOFF_COLUMNS",
    "CrmRecords",
    "handoff_files",
    "match_crm",
    "read_crm_records",
    "write_handoff",
]
