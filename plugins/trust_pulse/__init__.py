"""Trust and relationship pulse: a short, repeatable, always-anonymous check-in on how the
partnership's relationships are doing."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.exercises import ActionSpec, Authorship, Exercise, Phase
from app.exercises.answers import face_points
from plugins.trust_pulse import forms, reducer, views


class TrustPulseExercise(Exercise):
    key = "trust_pulse"
    title = _l("Trust and relationship pulse")
    summary = _l("Each partner answers a few short questions on trust, disagreement, being heard and "
                 "keeping in touch; the room sees only the anonymous totals.")
    idea = _l("Relationships carry a partnership: asking the same questions at every workshop shows "
              "whether they are getting stronger, while nobody has to speak up alone.")
    config_form = forms.PulseConfigForm
    plain_prompts = {
        "intro": _l("How are we getting on? Nobody sees your answers, not even the leader."),
        "trust": _l("We trust each other."),
        "disagree": _l("I can say “I don’t agree” and it is OK."),
        "heard": _l("People listen to what my group wants."),
        "between": _l("We talk to each other between meetings."),
    }
    #: Anonymous whatever the workshop's switch: no view or export names or identifies anyone,
    #: the facilitator included (the contract test checks the stronger rule).
    always_anonymous = True
    authorship = Authorship(names=(), sector=None)
    actions = {
        "answer": ActionSpec(form=forms.AnswerForm, roles=frozenset({"participant"}),
                             statuses=frozenset({"open"}), label=_l("answer the pulse"), moderated=True),
    }
    phases = (
        Phase("answer", lazy_pgettext("trust_pulse", "Answer"), actions=frozenset({"answer"})),
        Phase("results", lazy_pgettext("trust_pulse", "Results"), actions=frozenset(), reveals=True,
              final=views.results_final),
    )

    #: The live plan page refreshes while people answer: the pulse's totals reach the plan only
    #: once the pulse is closed, so nobody can diff one answer there either.
    plan_from_phase = "results"

    def hidden_at_start(self, config):
        return True

    hooks_from = (reducer, views)

    # -- used by the templates -------------------------------------------------------------

    def questions(self, config) -> list:
        """(key, words) of the step's questions, in order: the core ones in the reader's language."""
        state = reducer.initial_state(config)
        return [(q["id"], q.get("text") or str(dict(forms.CORE)[q["id"]])) for q in views.ordered_questions(state)]

    def comment_length(self, config) -> int:
        return reducer.comment_length(config)

    def scale(self) -> list:
        return [(point, str(words)) for point, words in forms.SCALE]

    def faces(self) -> list:
        """The scale as the core's picture choice draws it: ``(point, words, picture)``."""
        return face_points(forms.SCALE)


exercise = TrustPulseExercise()
