"""Partnership agreement: clause-by-clause consent, each organisation's position recorded by its
representative, amendments kept as versions, and a decision log."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, anyone, facilitator_only
from plugins.agreement import forms, reducer, views


class AgreementExercise(Exercise):
    key = "agreement"
    title = _l("Partnership agreement")
    summary = _l("The room answers the draft agreement clause by clause, on a gradient from full support to "
                 "cannot support; each organisation's representative records its position.")
    idea = _l("An agreement is built by consent, clause by clause, with every reservation heard and kept.")
    config_form = forms.AgreementConfigForm
    plain_prompts = {
        "intro": _l("Read each part of the plan. Then say if you are happy with it."),
    }
    content_config_fields = ("clauses",)
    actions = {
        "answer": anyone(forms.AnswerForm, label=_l("answer a clause"), moderated=True),
        "add_clause": facilitator_only(forms.ClauseTextForm, label=_l("add a clause")),
        "amend_clause": facilitator_only(forms.AmendClauseForm, label=_l("amend a clause")),
        "remove_clause": facilitator_only(forms.ClauseIdForm, label=_l("remove a clause")),
        "close_clause": facilitator_only(forms.CloseClauseForm, label=_l("close a clause")),
        "open_clause": facilitator_only(forms.OpenClauseForm, label=_l("open a clause")),
        "set_representative": facilitator_only(forms.RepresentativeForm, label=_l("name a representative")),
        "unset_representative": facilitator_only(forms.ActorIdForm, label=_l("stand a representative down")),
    }

    def partnership_defaults(self, partnership):
        """Draft clauses from the partnership's purpose and organisations, in the language of
        whoever adds the step (the form's default for a partnership with nothing filled in)."""
        purpose = " ".join(str(partnership.get("purpose") or "").split())
        orgs = [" ".join(str(o).split()) for o in partnership.get("organisations") or [] if str(o).strip()]
        if not purpose and not orgs:
            return {"clauses": gettext(forms.DEFAULT_CLAUSES)}
        parts = []
        if purpose:
            parts.append((gettext("Purpose"), gettext("The partners commit to a shared purpose: %(purpose)s",
                                                      purpose=purpose)))
        if orgs:
            parts.append((gettext("Partners and roles"),
                          gettext("The partners are %(orgs)s. Each names one representative who speaks for "
                                  "it in partnership decisions.", orgs=", ".join(orgs))))
        parts += [
            (gettext("Structure"), gettext("A steering group of one representative per partner meets every month.")),
            (gettext("Resources"), gettext("Each partner states what time, money and skills it puts in.")),
            (gettext("Data sharing"), gettext("The partners share only the data the shared work needs, "
                                              "under a written data-sharing agreement.")),
            (gettext("Indicators"), gettext("The partners agree how progress is measured and report it together.")),
            (gettext("Decision-making"), gettext("Decisions are taken by consent of the partners' representatives.")),
            (gettext("Review and exit"), gettext("The agreement is reviewed after one year; a partner may leave "
                                                 "with three months' notice.")),
        ]
        text = "\n\n".join(f"## {heading}\n{body}" for heading, body in parts)
        return {"clauses": text, "organisations": "\n".join(orgs)}

    def adopt(self, items, config, text=None):
        """Back in plenary: the tables answered the same clauses (every instance starts from the
        step's draft), so one table's clause comes in as an amendment of the room's clause of the
        same id (``amend_clause``) in that table's wording — or the facilitator's — put to the
        whole room again; the reducer refuses it when the words are the room's already. Several
        merged: one new clause (``add_clause``), the first one's heading, the texts joined. The
        consent log is the step's own record, not adoptable."""
        if not items or any(not str(item.get("ref") or "").startswith("clause:") for item in items):
            return None
        data = items[0].get("data") or {}
        heading = str(data.get("heading") or "")
        if len(items) == 1:
            return [{"type": "amend_clause", "data": {"clause_id": str(items[0]["ref"]).partition(":")[2],
                                                      "heading": heading, "text": text or str(data.get("text") or "")}}]
        words = text or "\n\n".join(str((i.get("data") or {}).get("text") or i.get("text") or "") for i in items)
        return [{"type": "add_clause", "data": {"heading": heading, "text": words}}]

    hooks_from = (reducer, views)
    columns = views.SHEET_COLUMNS


exercise = AgreementExercise()
