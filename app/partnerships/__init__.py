"""Partnerships: the cross-sector initiatives facilitators run workshops for."""
