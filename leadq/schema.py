"""The lead table's vocabulary: field types, stages, canonical input fields and derived columns.

Rule files may name any field listed here, any field they declare under ``columns:`` or
``fields:``, and nothing else; a misspelt name is reported with a suggestion.
"""

from __future__ import annotations

from enum import StrEnum


class FieldType(StrEnum):
    """How a field's text is read when a condition compares it."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CATEGORY = "category"
    BOOL = "bool"


class Stage(StrEnum):
    """Where a lead stands after qualification, in output order."""

    SQL = "sql"
    MQL = "mql"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"


STAGE_ORDER: tuple[Stage, ...] = (Stage.SQL, Stage.MQL, Stage.NURTURE, Stage.DISQUALIFIED)

# Canonical input fields: what the header aliases in a rule file map export columns onto.
INPUT_FIELDS: dict[str, FieldType] = {
    "lead_id": FieldType.TEXT,
    "created": FieldType.DATE,
    "source": FieldType.CATEGORY,
    "campaign": FieldType.CATEGORY,
    "full_name": FieldType.TEXT,
    "first_name": FieldType.TEXT,
    "last_name": FieldType.TEXT,
    "email": FieldType.TEXT,
    "phone": FieldType.TEXT,
    "company": FieldType.TEXT,
    "job_title": FieldType.TEXT,
    "website": FieldType.TEXT,
    "country": FieldType.CATEGORY,
    "city": FieldType.CATEGORY,
    "industry": FieldType.CATEGORY,
    "employees": FieldType.NUMBER,
    "revenue": FieldType.NUMBER,
    "tax_id": FieldType.TEXT,
    "product": FieldType.CATEGORY,
    "message": FieldType.TEXT,
    "budget": FieldType.TEXT,
    "authority": FieldType.TEXT,
    "need": FieldType.TEXT,
    "timeline": FieldType.TEXT,
    "page_views": FieldType.NUMBER,
    "downloads": FieldType.NUMBER,
    "webinar": FieldType.BOOL,
    "demo_requested": FieldType.BOOL,
}

PHONE_COLUMNS: dict[str, FieldType] = {
    "phone_e164": FieldType.TEXT,  # first valid number in the cell, E.164
    "phone_valid": FieldType.BOOL,  # False when missing or invalid
    "phone_type": FieldType.CATEGORY,  # mobile, fixed_line, fixed_line_or_mobile, toll_free, ...
    "phone_country": FieldType.CATEGORY,  # ISO 3166 alpha-2 of the number
    "phone_extension": FieldType.TEXT,
    "phone_other": FieldType.TEXT,  # further valid numbers in the same cell, E.164, "; "-joined
}

EMAIL_COLUMNS: dict[str, FieldType] = {
    "email_normalized": FieldType.TEXT,
    "email_valid": FieldType.BOOL,
    "email_domain": FieldType.CATEGORY,
    "email_free": FieldType.BOOL,
    "email_disposable": FieldType.BOOL,
    "email_role": FieldType.BOOL,
    "email_suggestion": FieldType.TEXT,  # likely intended address for a typo in a common domain
}

COMPANY_COLUMNS: dict[str, FieldType] = {
    "company_key": FieldType.TEXT,
}

PERSON_COLUMNS: dict[str, FieldType] = {
    "person_name": FieldType.TEXT,  # "First Last", trimmed, sensible case
    "person_first": FieldType.TEXT,
    "person_last": FieldType.TEXT,
    "person_distinct_letters": FieldType.NUMBER,  # 1 for "aaaa": catches keyboard mashing
}

DEDUPE_COLUMNS: dict[str, FieldType] = {
    "cluster_id": FieldType.NUMBER,  # 1, 2, ... in the order of each cluster's first row
    "cluster_size": FieldType.NUMBER,  # 1 for a row without duplicates
    "is_primary": FieldType.BOOL,  # the cluster's survivor (True for a row without duplicates)
    "duplicate_of": FieldType.TEXT,  # lead_id of the survivor; empty on the survivor itself
    "match_score": FieldType.NUMBER,  # mean field similarity to the survivor, 0..1
    "match_reason": FieldType.TEXT,  # the match rule ("same_email", "same_phone via L-17")
}

CRM_COLUMNS: dict[str, FieldType] = {
    "crm_match": FieldType.TEXT,  # id of the CRM record the lead matched (see --against)
    "crm_owner": FieldType.CATEGORY,  # that record's owner (account manager)
    "crm_status": FieldType.CATEGORY,  # that record's status as the CRM writes it
    "crm_match_on": FieldType.CATEGORY,  # the key that matched: email, phone, tax_id, ...
    "crm_seen": FieldType.NUMBER,  # CRM records sharing any key with the lead (0: none)
    "crm_first_seen": FieldType.DATE,  # the earliest `created` among them
    "crm_last_seen": FieldType.DATE,  # the latest `created` among them
}

HISTORY_COLUMNS: dict[str, FieldType] = {
    "seen_before": FieldType.NUMBER,  # earlier contacts: CRM records + earlier rows of the cluster
    "first_seen": FieldType.DATE,  # the earliest of those contacts (empty when none)
    "last_seen": FieldType.DATE,  # the latest of them
}

# From the --activities logs (see leadq.activities); only added when a log is given.
ACTIVITY_COLUMNS: dict[str, FieldType] = {
    "contact_attempts": FieldType.NUMBER,  # our tries to reach the lead (calls, e-mails, sms)
    "contact_answered": FieldType.NUMBER,  # events in which the lead answered (call taken, reply)
    "unanswered_attempts": FieldType.NUMBER,  # attempts after the lead's last answer (or all)
    "first_attempt": FieldType.DATE,  # the first attempt (empty when none)
    "last_attempt": FieldType.DATE,  # the latest attempt
    "days_without_answer": FieldType.NUMBER,  # days from the first unanswered attempt to --as-of
    "activity_points": FieldType.NUMBER,  # event points, decayed by age before --as-of, 0.1 steps
    "activity_events": FieldType.NUMBER,  # events that earned points (activities: points)
    "last_activity": FieldType.DATE,  # the latest of those events: recency
}

PROVENANCE_COLUMNS: dict[str, FieldType] = {
    "source_file": FieldType.CATEGORY,
    "source_row": FieldType.NUMBER,
}

RESULT_COLUMNS: dict[str, FieldType] = {
    "score": FieldType.NUMBER,
    "quality": FieldType.NUMBER,
    "grade": FieldType.CATEGORY,
    "stage": FieldType.CATEGORY,
    "rank": FieldType.NUMBER,
}

DERIVED_FIELDS: dict[str, FieldType] = {
    **PROVENANCE_COLUMNS,
    **PHONE_COLUMNS,
    **EMAIL_COLUMNS,
    **COMPANY_COLUMNS,
    **PERSON_COLUMNS,
    **DEDUPE_COLUMNS,
    **CRM_COLUMNS,
    **HISTORY_COLUMNS,
    **ACTIVITY_COLUMNS,
}

# Score categories every rule set reports, even when it has no rules for one of them.
STANDARD_SCORE_CATEGORIES: tuple[str, ...] = ("fit", "engagement", "bant")


def builtin_fields() -> dict[str, FieldType]:
    """Every field a rule may name without declaring it (score_<category> columns come on top)."""
    return {**INPUT_FIELDS, **DERIVED_FIELDS, **RESULT_COLUMNS}
