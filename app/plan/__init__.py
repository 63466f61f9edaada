"""The shared partnership plan: harvest from workshops, curation, snapshots, and its pages."""
from app.plan.collect import harvest_workshop

__all__ = ["harvest_workshop"]
