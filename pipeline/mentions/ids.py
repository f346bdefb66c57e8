"""TRANSITION SHIM (issue 12)."""
from pipeline.ids import entity_id, fold, mention_id, short_hash, slug  # noqa: F401
