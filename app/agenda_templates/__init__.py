"""Agenda templates: built-in agendas that teach the partnership method, and facilitators' saved ones."""
