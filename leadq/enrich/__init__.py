"""Enrichment, offline: what the phone, e-mail, tax id and the user's registry exports tell.

``read_registry`` reads the ``--enrich`` files once per run; ``enrich_leads`` is the score
pipeline's stage that adds ``leadq.schema.ENRICH_COLUMNS``.
"""

from leadq.enrich.registry import Registry, read_registry
from leadq.enrich.stage import enrich_leads

__all__ = ["Registry", "enrich_leads", "read_registry"]
