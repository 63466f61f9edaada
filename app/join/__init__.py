"""Joining a workshop as a participant: no account, a code, a name, a cookie."""
