"""Workshops: one live session of a partnership, with its agenda of exercise steps."""
