"""Exports: one pipeline. :mod:`app.exports.model` builds a plain dict from the database and
every format (Markdown, DOCX, HTML/PDF, XLSX, CSV zip, JSON, ICS) reads only that dict."""
from app.exports.formats import PLAN_FORMATS, WORKSHOP_FORMATS, ExportFailed, export_plan, export_workshop

__all__ = ["PLAN_FORMATS", "WORKSHOP_FORMATS", "ExportFailed", "export_plan", "export_workshop"]
