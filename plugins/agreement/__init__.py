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

    hooks_from = (reducer, views)
    columns = views.SHEET_COLUMNS


exercise = AgreementExercise()
