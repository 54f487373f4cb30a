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
    "solution_fit": FieldType.TEXT,  # does the client see that the product solves the problem
    "trust": FieldType.TEXT,  # does the client trust us with it (seed 002's "BANT plus two")
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

POOLED_COLUMNS: dict[str, FieldType] = {  # `leadq score` with dedupe add_to_survivor
    "engagement_added": FieldType.TEXT,  # fields the duplicates raised on this survivor
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

LINK_COLUMNS: dict[str, FieldType] = {  # `leadq dedupe a.csv --link b.csv`, on the rows of a
    "link_match": FieldType.TEXT,  # lead_id of the best-matching record of b (empty: none)
    "link_row": FieldType.NUMBER,  # its spreadsheet row in b
    "link_score": FieldType.NUMBER,  # mean field similarity with it, 0..1
    "link_reason": FieldType.TEXT,  # the match rule that holds with it
    "link_count": FieldType.NUMBER,  # how many records of b matched (0: none)
}

# Parsed from the free-form BANT answers (leadq.parse); each is missing where nothing was read.
BANT_COLUMNS: dict[str, FieldType] = {
    "budget_amount": FieldType.NUMBER,  # in the rule set's currency: the minimum, else maximum
    "budget_min": FieldType.NUMBER,  # lower end as typed, in budget_currency ("от 500 тыс.")
    "budget_max": FieldType.NUMBER,  # upper end as typed ("до 1 млн"); both for one amount
    "budget_currency": FieldType.CATEGORY,  # ISO code of the currency typed (none: not typed)
    "timeline_date": FieldType.DATE,  # the latest day the timeline means, from --as-of
    "timeline_bucket": FieldType.CATEGORY,  # now, this_quarter, this_year, later, unknown
    "authority_level": FieldType.CATEGORY,  # owner_c_level, director_head, manager, ...
    "decision_maker": FieldType.BOOL,  # the `authority` answer: yes / no
    "need_confirmed": FieldType.BOOL,  # the `need` answer; a described need counts as yes
    "solution_confirmed": FieldType.BOOL,  # the `solution_fit` answer
    "trust_confirmed": FieldType.BOOL,  # the `trust` answer
    "employees_min": FieldType.NUMBER,  # company size: "50-200" -> 50, "250+" -> 250
    "employees_max": FieldType.NUMBER,  # "50-200" -> 200, "до 50" -> 50
}

# Added by the enrichment stage (leadq.enrich); company_* are the lead's own value or, where it
# has none, its registry record's (--enrich; `enrich: prefer:` turns that round).
ENRICH_COLUMNS: dict[str, FieldType] = {
    "phone_region": FieldType.CATEGORY,  # geocoder description in English: "Moscow", "Poland"
    "phone_carrier": FieldType.CATEGORY,  # mobile carrier when known: "MegaFon", "Orange"
    "phone_timezone": FieldType.CATEGORY,  # IANA zone; several "; "-joined (a Russian mobile)
    "phone_local_time": FieldType.TEXT,  # ISO local time at --as-of; empty when zones disagree
    "phone_local_hour": FieldType.NUMBER,  # its hour, 0-23: "a decent hour to call" rules
    "company_domain": FieldType.CATEGORY,  # corporate e-mail domain, else the website's
    "tax_id_normalized": FieldType.TEXT,  # compact: digits, EU VAT with its country prefix
    "tax_id_valid": FieldType.BOOL,  # check digits hold; empty when there is no tax id
    "tax_id_country": FieldType.CATEGORY,  # ISO 3166 alpha-2 of the id
    "tax_id_kind": FieldType.CATEGORY,  # inn, kpp, ogrn, nip, regon, krs, vat
    "company_industry": FieldType.CATEGORY,
    "company_employees": FieldType.NUMBER,
    "company_revenue": FieldType.NUMBER,
    "company_region": FieldType.CATEGORY,  # from the registry only
    "company_founded": FieldType.NUMBER,  # founding year, from the registry only
    "enriched_by": FieldType.TEXT,  # the registry record used: "registry.csv:4 by tax_id"
}

INTENT_COLUMNS: dict[str, FieldType] = {
    "intent": FieldType.TEXT,  # phrase groups found in the text fields ("price; demo"), in the
    # order of the rule file's intent: groups; test one with {field: intent, has: price}
}

JUNK_COLUMNS: dict[str, FieldType] = {
    "junk": FieldType.TEXT,  # every junk kind found ("tender; spam_link"), in JunkKind order
    "junk_kind": FieldType.CATEGORY,  # the first of them: competitor, agency, tender, ...
    "junk_reasons": FieldType.TEXT,  # what was found per kind ("tender: 44-ФЗ; spam_link: message")
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
    **BANT_COLUMNS,
    **DEDUPE_COLUMNS,
    **POOLED_COLUMNS,
    **CRM_COLUMNS,
    **HISTORY_COLUMNS,
    **LINK_COLUMNS,
    **ENRICH_COLUMNS,
    **INTENT_COLUMNS,
    **JUNK_COLUMNS,
    **ACTIVITY_COLUMNS,
}

# Score categories every rule set reports, even when it has no rules for one of them.
STANDARD_SCORE_CATEGORIES: tuple[str, ...] = ("fit", "engagement", "bant")


def builtin_fields() -> dict[str, FieldType]:
    """Every field a rule may name without declaring it (score_<category> columns come on top)."""
    return {**INPUT_FIELDS, **DERIVED_FIELDS, **RESULT_COLUMNS}
