"""Breakout tables (issue 22): who sits where, each table's instance of a step, roll-up."""
