"""Recurring check-ins: planned as draft workshops of a partnership, each starting from what is still open."""
