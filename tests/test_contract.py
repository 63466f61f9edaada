"""The exercise contract, checked once against every registered exercise."""
import copy
import json
import os

import pytest
import wtforms
from flask import render_template

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.registry import PluginError, check, default_config, discover
from app.exercises.validation import validate

EXERCISES = discover([k for k in os.environ.get("EXERCISES", "").split(",") if k] or None)
SECRET = "SECRET-TEXT-91"
AUTHOR = Actor(role="participant", id="p:1", name="Zed Secretname", organisation="Hidden Org", sector="Health")
OTHER = Actor(role="participant", id="p:2", name="Yan", organisation="Second Org", sector="Education")
FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")


def sample(field, text=SECRET):
    """A plausible value for a form field, as a browser would send it."""
    if isinstance(field, wtforms.BooleanField):
        return True
    if isinstance(field, (wtforms.IntegerField, wtforms.DecimalField, wtforms.FloatField)):
        low = [v.min for v in field.validators if isinstance(v, wtforms.validators.NumberRange) and v.min is not None]
        return low[0] if low else 1
    if isinstance(field, wtforms.SelectField):
        choices = list(field.iter_choices())
        values = [c[0] for c in choices if c[0] not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, wtforms.DateField):
        return "2027-03-01"
    if field.name.endswith("_id") or field.name == "id":
        return "x1"
    return f"{text} {field.name}"


def payload(form_cls, text=SECRET):
    return {field.name: sample(field, text) for field in form_cls() if field.type != "CSRFTokenField"}


def played(exercise):
    """Apply every participant action once (then facilitator ones); keep what was accepted.
    Only the participant's text carries the secret: facilitator text is not a contribution."""
    state = exercise.initial_state(default_config(exercise))
    for actor in (AUTHOR, FACILITATOR):
        for action_type, spec in exercise.actions.items():
            if actor.role not in spec.roles:
                continue
            text = SECRET if actor is AUTHOR else "Facilitator wording"
            data, errors = validate(spec.form, payload(spec.form, text))
            if errors:
                continue
            try:
                state = exercise.apply(state, Action(action_type, data), actor)
            except DomainError:
                pass
    return state


@pytest.fixture(params=sorted(EXERCISES), ids=sorted(EXERCISES))
def exercise(request):
    return EXERCISES[request.param]


def test_registry_checks_pass(exercise):
    check(exercise, exercise.key)


def test_forms_build_and_default_config_validates(exercise):
    config = default_config(exercise)
    assert isinstance(config, dict)
    for spec in exercise.actions.values():
        spec.form()
    json.dumps(exercise.initial_state(config))


def test_apply_is_deterministic_and_does_not_mutate(exercise):
    state = exercise.initial_state(default_config(exercise))
    accepted = 0
    for actor in (AUTHOR, FACILITATOR):
        for action_type, spec in exercise.actions.items():
            if actor.role not in spec.roles:
                continue
            data, errors = validate(spec.form, payload(spec.form))
            if errors:
                continue
            before = copy.deepcopy(state)
            try:
                first = exercise.apply(state, Action(action_type, data), actor)
            except DomainError as exc:
                assert exc.message and state == before
                continue
            second = exercise.apply(copy.deepcopy(before), Action(action_type, data), actor)
            assert state == before, f"{action_type} mutated its input"
            assert first == second, f"{action_type} is not deterministic"
            json.dumps(first)
            state, accepted = first, accepted + 1
    assert accepted >= 1, "no action could be applied from the forms' sample data"


def test_hidden_and_anonymous_views_leak_nothing(exercise):
    state = played(exercise)
    sizes = {"Health": 1, "Education": 1}
    hidden = exercise.view(state, Audience(role="participant", hidden=True, sector_sizes=sizes))
    assert SECRET not in json.dumps(hidden), "hidden view shows contribution text"
    for role in ("participant", "screen"):
        view = exercise.view(state, Audience(role=role, anonymous=True, sector_sizes=sizes))
        wire = json.dumps(view)
        assert "Zed Secretname" not in wire and "Hidden Org" not in wire and '"p:1"' not in wire
    facilitator = exercise.view(state, Audience(role="facilitator", hidden=True, anonymous=True))
    json.dumps(facilitator)
    json.dumps(exercise.personal(state, Audience(role="participant", participant_id="p:1", hidden=True)))
    other = exercise.personal(state, Audience(role="participant", participant_id="p:2", hidden=True))
    assert SECRET not in json.dumps(other), "personal view shows another participant's text"


def test_plan_and_contributions_are_json_safe(exercise):
    state = played(exercise)
    items = exercise.plan(state, state.get("config", default_config(exercise)))
    json.dumps(items)
    for item in items:
        assert {"section", "title", "text", "data", "sectors", "ref"} <= set(item)
    json.dumps(exercise.contributions(state))


def test_every_template_renders(app, exercise):
    from app.models import Step

    config = default_config(exercise)
    step = Step(id=1, title=exercise.title, exercise_key=exercise.key, config=config,
                state=exercise.initial_state(config), status="open")
    forms = {name: spec.form() for name, spec in exercise.actions.items()}
    with app.test_request_context():
        for audience in ("participant", "facilitator", "screen"):
            html = render_template(exercise.template(audience), s={"step": step, "exercise": exercise, "forms": forms})
            assert "<script>" not in html and "style=" not in html


def test_broken_plugins_stop_start_up_with_their_name():
    class Broken(type(EXERCISES["ideas"])):
        key = "Bad Key!"

    with pytest.raises(PluginError, match="broken_one"):
        check(Broken(), "broken_one")
    with pytest.raises(PluginError, match="not an Exercise"):
        check(object(), "plain_object")
