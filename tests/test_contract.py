"""The exercise contract, checked once against every registered exercise."""
import copy
import json
import os
from pathlib import Path

import pytest
import wtforms
from flask import render_template

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.defaults import LocalizedStep
from app.exercises.registry import PluginError, check, default_config, discover
from app.exercises.validation import validate

EXERCISES = discover([k for k in os.environ.get("EXERCISES", "").split(",") if k] or None)
SECRET = "SECRET-TEXT-91"
AUTHOR = Actor(role="participant", id="p:1", name="Zed Secretname", organisation="Hidden Org", sector="Health")
OTHER = Actor(role="participant", id="p:2", name="Yan", organisation="Second Org", sector="Education")
FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")
THIRD = Actor(role="participant", id="p:3", name="Xu", organisation="Third Org", sector="Health")
ROSTER = {a.id: {"name": a.name, "organisation": a.organisation} for a in (AUTHOR, OTHER, THIRD, FACILITATOR)}


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


PARTNERSHIP = {"name": "Healthy Futures", "purpose": "Every child ready for school",
               "sectors": ["Health", "Education"], "organisations": ["North School", "City Clinic"]}
#: Fields whose value must name something the step already has (an item, a sector, a phase).
PICKED = ("sector", "phase", "organisation", "target")


def start_state(exercise):
    """The state of a step added to :data:`PARTNERSHIP`, as the core makes it."""
    return exercise.initial_state({**default_config(exercise), **exercise.partnership_defaults(PARTNERSHIP)})


def candidates(state) -> list:
    """Values an action may need from the state: every item id, then every configured word."""
    found: list = []

    def walk(node, key=None):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and not node["id"].startswith(("p:", "f:")):
                found.append(node["id"])
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and key in ("sectors", "phases") or key == "phase":
            found.append(node)

    walk(state)
    return list(dict.fromkeys(found))


def attempt(exercise, state, action_type, spec, actor, text):
    """Apply one action with sample data, trying ids and words from the state until one is
    accepted; returns the new state, or the old one when every try is refused. An action that
    would erase the author's secret (a delete) is passed over: the privacy test needs it kept."""
    base = payload(spec.form, text)
    picked = [n for n in base if n.endswith("_id") or n in PICKED]
    for value in [None, *candidates(state)] if picked else [None]:
        data, errors = validate(spec.form, {**base, **{n: value for n in picked if value is not None}})
        if errors:
            continue
        try:
            new = exercise.apply(state, Action(action_type, data), actor)
        except DomainError:
            continue
        if _holds_secret(new) or not _holds_secret(state):
            return new
    return state


def sample_payloads(spec, state, text=SECRET):
    """Valid payloads for ``spec``'s form: the sample data, then with ids and words the state holds."""
    base = payload(spec.form, text)
    picked = [n for n in base if n.endswith("_id") or n in PICKED]
    for value in [None, *candidates(state)] if picked else [None]:
        data, errors = validate(spec.form, {**base, **{n: value for n in picked if value is not None}})
        if not errors:
            yield data


def _holds_secret(state) -> bool:
    stored = json.dumps(state)
    return SECRET in stored and '"p:1"' in stored


def played(exercise, rounds=2, actors=(AUTHOR, OTHER, FACILITATOR)):
    """Every action once per round, by the author, another participant, then the facilitator;
    only the author's text carries the secret (facilitator text is not a contribution). Two
    rounds, so actions on items (rate, second, connect) find the items of the first."""
    state = start_state(exercise)
    for _ in range(rounds):
        for actor in actors:
            text = {AUTHOR.id: SECRET, OTHER.id: "Other wording"}.get(actor.id, "Facilitator wording")
            for action_type, spec in exercise.actions.items():
                if actor.role in spec.roles:
                    state = attempt(exercise, state, action_type, spec, actor, text)
    return state


def assert_views_leak_nothing(exercise):
    """The privacy contract: checks that the secret and its author reached the state (and the
    facilitator's view) first, so that "nothing leaks" can never pass for want of a secret."""
    state = played(exercise)
    stored = json.dumps(state)
    assert SECRET in stored, f"{exercise.key}: the played state holds no participant text"
    assert '"p:1"' in stored, f"{exercise.key}: the played state does not record the author"
    # (An organisation may be board content — the role board adds a volunteer's organisation as a
    # candidate for roles — but a person's name never is.)
    assert "Zed Secretname" not in stored, f"{exercise.key}: names belong in the roster, not the state"
    sizes = {"Health": 1, "Education": 1}
    facilitator = json.dumps(exercise.view(state, Audience(role="facilitator", hidden=True, anonymous=True,
                                                           sector_sizes=sizes, names=ROSTER)))
    if getattr(exercise, "always_anonymous", False):
        # Anonymous for every audience: the facilitator is held to the anonymous rule too, and
        # the proof that views show the secret at all is the room's view once it may see it.
        for needle in ("Zed Secretname", '"organisation": "Hidden Org"', '"p:1"'):
            assert needle not in facilitator, f"{exercise.key}: always-anonymous facilitator view shows {needle}"
        assert_always_anonymous_results_show_no_author(exercise)
    else:
        assert SECRET in facilitator and "Zed Secretname" in facilitator, "the facilitator sees who wrote what"
    hidden = exercise.view(state, Audience(role="participant", hidden=True, sector_sizes=sizes, names=ROSTER))
    assert SECRET not in json.dumps(hidden), f"{exercise.key}: hidden view shows contribution text"
    for role in ("participant", "screen"):
        view = exercise.view(state, Audience(role=role, anonymous=True, sector_sizes=sizes, names=ROSTER))
        wire = json.dumps(view)
        # The organisation as part of an authorship record (the role board may name it as a
        # candidate for a role, which is board content, not authorship).
        for needle in ("Zed Secretname", '"organisation": "Hidden Org"', '"p:1"'):
            assert needle not in wire, f"{exercise.key}: anonymous {role} view shows {needle}"
    json.dumps(exercise.personal(state, Audience(role="participant", participant_id="p:1", hidden=True)))
    other = exercise.personal(state, Audience(role="participant", participant_id="p:2", hidden=True, names=ROSTER))
    assert SECRET not in json.dumps(other), f"{exercise.key}: personal view shows another participant's text"


def assert_always_anonymous_results_show_no_author(exercise):
    """An always-anonymous exercise, played by three participants (the smallest anonymous group)
    into its last phase, in a workshop whose own anonymous switch is off: every audience sees the
    author's secret text (so the views do show contributions) and none sees who wrote it."""
    from app.exercises import phases as step_phases

    state = played(exercise, actors=(AUTHOR, OTHER, THIRD, FACILITATOR))
    config = state.get("config", default_config(exercise))
    keys = step_phases.keys(exercise, config)
    sizes = {"Health": 2, "Education": 1}
    for role in ("facilitator", "participant", "screen"):
        for anonymous in (False, True):
            wire = json.dumps(exercise.view(state, Audience(
                role=role, anonymous=anonymous, sector_sizes=sizes, names=ROSTER,
                phase=keys[-1] if keys else None, phases=keys)))
            assert SECRET in wire, f"{exercise.key}: the {role} view never shows the participants' text"
            for needle in ("Zed Secretname", "Hidden Org", '"p:1"', '"p:3"'):
                assert needle not in wire, f"{exercise.key}: always-anonymous {role} view shows {needle}"


@pytest.fixture(params=sorted(EXERCISES), ids=sorted(EXERCISES))
def exercise(request):
    return EXERCISES[request.param]


def test_registry_checks_pass(exercise):
    check(exercise, exercise.key)


def test_hooks_come_from_the_named_modules_and_a_method_in_the_class_wins():
    """``hooks_from``: a module function named like a hook becomes the hook (without ``self``),
    a helper with another name does not, and a hook the class writes itself is kept."""
    import types

    from app.exercises import Exercise

    module = types.ModuleType("sample_reducer")
    module.initial_state = lambda config: {"config": dict(config)}
    module.view = lambda state, audience: {"from": "module"}
    module.tally = lambda state: 0

    class Sample(Exercise):
        key = "sample"
        hooks_from = (module,)

        def view(self, state, audience):
            return {"from": "class"}

    sample = Sample()
    assert sample.initial_state({"a": 1}) == {"config": {"a": 1}}
    assert sample.view({}, None) == {"from": "class"}
    assert not hasattr(sample, "tally")
    assert sample.plan({}, {}) == [], "a hook no module defines keeps the base class's default"


def test_a_phase_naming_an_unknown_action_stops_start_up():
    """The registry checks declared phases (the core gates actions by them, so a typo matters)."""
    from app.exercises import Phase

    base = EXERCISES["policy_window"]

    class Typo(type(base)):
        phases = (Phase("map", "Map", actions=frozenset({"add_notes"})),)

    typo = Typo()
    typo.root = base.root
    with pytest.raises(PluginError, match="unknown actions"):
        check(typo, "typo")

    class Twice(type(base)):
        phases = (Phase("map", "Map"), Phase("map", "Again"))

    twice = Twice()
    twice.root = base.root
    with pytest.raises(PluginError, match="must be unique"):
        check(twice, "twice")


def test_phase_rules_refuse_participants_only_and_name_the_action_and_phase(exercise):
    """The core's one phase check: for each exercise with phases, every participant action is
    either allowed in a phase or refused with a sentence; facilitators are never held back."""
    from app.exercises import phases as step_phases

    config = default_config(exercise)
    declared = step_phases.phases_of(exercise, config)
    for phase in declared:
        for action_type, spec in exercise.actions.items():
            assert step_phases.refusal(exercise, config, phase.key, action_type, "facilitator") is None
            refusal = step_phases.refusal(exercise, config, phase.key, action_type, "participant")
            if phase.allows(action_type):
                assert refusal is None
            else:
                assert str(phase.label) in refusal.message and str(spec.label) in refusal.message
    if not declared:
        assert all(step_phases.refusal(exercise, config, None, a, "participant") is None for a in exercise.actions)


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
            for data in sample_payloads(spec, state):
                before = copy.deepcopy(state)
                try:
                    first = exercise.apply(state, Action(action_type, data), actor)
                except DomainError as exc:
                    assert exc.message and state == before
                    continue
                break
            else:
                continue
            second = exercise.apply(copy.deepcopy(before), Action(action_type, data), actor)
            assert state == before, f"{action_type} mutated its input"
            assert first == second, f"{action_type} is not deterministic"
            json.dumps(first)
            state, accepted = first, accepted + 1
    assert accepted >= 1, "no action could be applied from the forms' sample data"


def test_hidden_and_anonymous_views_leak_nothing(exercise):
    assert_views_leak_nothing(exercise)


def test_plan_and_contributions_are_json_safe(exercise):
    state = played(exercise)
    items = exercise.plan(state, state.get("config", default_config(exercise)))
    json.dumps(items)
    for item in items:
        assert {"section", "title", "text", "data", "sectors", "ref"} <= set(item)
    json.dumps(exercise.contributions(state))


def test_every_spreadsheet_key_has_a_name(app, exercise):
    """Every column of the exercise's rows and every key of its plan items' data is named by the
    exercise's ``columns`` or by the core (app/exports/columns.py): a key nobody named would reach a
    reader's spreadsheet as code ("importance_mean")."""
    from app.exercises.contract import WORDING
    from app.exports import columns

    state = played(exercise)
    rows = exercise.contributions(state)
    items = exercise.plan(state, state.get("config", default_config(exercise)))
    keys = {key for row in rows for key in row}
    keys |= {key for item in items for key, value in item["data"].items()
             if key != WORDING and not isinstance(value, dict)
             and not (isinstance(value, list) and any(isinstance(v, dict) for v in value))
             and exercise.plan_data_words(item["data"]).get(key, "") is not None}  # None: code only
    assert keys or not (rows or items), exercise.key
    unnamed = [key for key in sorted(keys) if not columns.named(exercise, key)]
    assert not unnamed, (exercise.key, unnamed)


def test_plan_items_are_worded_from_what_they_store(app, exercise):
    """An item's wording gives back its own title and text, so a reader in another language reads
    the same sentences in theirs (the core words items at view time, app/plan/items.py)."""
    from flask_babel import force_locale

    from app.exercises.contract import WORDING

    state = played(exercise)
    with app.test_request_context(), force_locale("en"):
        items = exercise.plan(state, state.get("config", default_config(exercise)))
        for item in items:
            wording = item["data"].get(WORDING)
            if wording is None:
                continue
            assert wording.get("kind"), item
            words = exercise.plan_wording(json.loads(json.dumps(wording)))
            assert words.get("title", item["title"]) == item["title"]
            assert words.get("text", item["text"]) == item["text"]
            assert all(isinstance(v, (str, type(None))) for v in exercise.plan_data_words(item["data"]).values())


def test_a_participant_page_leaves_announcing_to_the_core(exercise):
    """The participant page has one polite announcer (ui.announce, which queues and merges); an
    exercise's own polite live region would talk over it. Only a field's error holder, which
    speaks when that field is refused, may be live."""
    import re

    sources = [exercise.template_folder / "participant.html", *sorted((exercise.static_folder or Path()).glob("*.js"))]
    live = re.compile(r"""aria-live["']?\s*[:=]\s*["']polite""")
    offenders = [f"{path.name}: {line.strip()[:100]}" for path in sources if path.is_file()
                 for line in path.read_text().splitlines() if live.search(line) and "data-error-for" not in line]
    assert not offenders, offenders


def test_every_template_renders(app, exercise):
    from app.models import Step

    config = default_config(exercise)
    step = Step(id=1, title=exercise.title, exercise_key=exercise.key, config=config,
                state=exercise.initial_state(config), status="open")
    forms = {name: spec.form() for name, spec in exercise.actions.items()}
    with app.test_request_context():
        for audience in ("participant", "facilitator", "screen"):
            for plain in (False, True):
                shown = LocalizedStep(step, exercise, "en", plain=plain)
                html = render_template(exercise.template(audience), s={"step": shown, "exercise": exercise,
                                                                       "forms": forms})
                assert "<script>" not in html and "style=" not in html


def test_broken_plugins_stop_start_up_with_their_name():
    class Broken(type(EXERCISES["ideas"])):
        key = "Bad Key!"

    with pytest.raises(PluginError, match="broken_one"):
        check(Broken(), "broken_one")
    with pytest.raises(PluginError, match="not an Exercise"):
        check(object(), "plain_object")


class _Ideas(type(EXERCISES["ideas"]) if "ideas" in EXERCISES else object):
    """Deliberately broken copies of the reference exercise, to prove the privacy test bites."""


class LeaksWhileHidden(_Ideas):
    def view(self, state, audience):
        shown = super().view(state, Audience(role="facilitator", names=audience.names))  # ignores hidden
        return shown if audience.sees_authors else {"texts": [n["text"] for n in shown["notes"].values()]}


class LeaksAuthors(_Ideas):
    def view(self, state, audience):
        full = Audience(role="facilitator", names=audience.names)  # ignores the anonymous switch
        return super().view(state, full) if audience.sees_hidden else {}


class StoresNothing(_Ideas):
    def apply(self, state, action, actor):
        return dict(state)


@pytest.mark.skipif("ideas" not in EXERCISES, reason="the leaking samples are built on the ideas exercise")
@pytest.mark.parametrize(("broken", "message"), [
    (LeaksWhileHidden, "hidden view shows contribution text"),
    (LeaksAuthors, "anonymous participant view shows Zed Secretname"),
    (StoresNothing, "the played state holds no participant text"),
])
def test_the_privacy_test_fails_for_a_leaking_exercise(broken, message):
    with pytest.raises(AssertionError, match=message):
        assert_views_leak_nothing(broken())


class _Pulse(type(EXERCISES["trust_pulse"]) if "trust_pulse" in EXERCISES else object):
    """Deliberately broken copies of an always-anonymous exercise."""


class PulseLeaksToFacilitator(_Pulse):
    def view(self, state, audience):
        shown = super().view(state, audience)
        return {**shown, "sheets": state["sheets"]} if audience.is_facilitator else shown


class PulseShowsNothing(_Pulse):
    def view(self, state, audience):
        return {}


@pytest.mark.skipif("trust_pulse" not in EXERCISES, reason="the leaking samples are built on the pulse")
@pytest.mark.parametrize(("broken", "message"), [
    (PulseLeaksToFacilitator, "always-anonymous facilitator view shows"),
    (PulseShowsNothing, "never shows the participants' text"),
])
def test_the_privacy_test_fails_for_a_leaking_always_anonymous_exercise(broken, message):
    with pytest.raises(AssertionError, match=message):
        assert_views_leak_nothing(broken())


def test_the_core_stores_a_lazy_title_as_plain_text(app, exercise):
    """Every exercise declares ``title = _l(...)``; a new step stores it as text, in the language
    of whoever adds it, and the JSON export writes text too."""
    from flask_babel import force_locale

    from app.extensions import db
    from app.workshops.agenda import add_step
    from tests.factories import create_facilitator, create_partnership, create_workshop

    workshop = create_workshop(create_partnership(create_facilitator()), steps=())
    with app.test_request_context(), force_locale("fr"):
        step = add_step(workshop, exercise.key)
        french = str(exercise.title)
    db.session.commit()
    assert type(step.title) is str and step.title == french


# -- measures: the figures a partnership follows from workshop to workshop --------------------

#: Six partners, three in each of two sectors, so a played state can hold sector groups of K.
CROWD = tuple(Actor(role="participant", id=f"p:{n}", name=f"Partner {n}", organisation=f"Org {n}",
                    sector=("Health", "Education")[n % 2]) for n in range(1, 7)) + (FACILITATOR,)


def assert_measures_keep_the_contract(exercise, state):
    """Measures are Measure instances with a number, a label and a key unique with its group; a
    grouped one is made from K people or more, and an always-anonymous exercise's every one."""
    import math

    from app.exercises.contract import K_ANONYMITY, Measure

    found = exercise.measures(state, state.get("config", default_config(exercise)))
    assert isinstance(found, list), f"{exercise.key}: measures() returns a list"
    assert all(isinstance(m, Measure) for m in found), f"{exercise.key}: measures are Measure instances"
    pairs = [(m.key, m.group) for m in found]
    assert len(pairs) == len(set(pairs)), f"{exercise.key}: a (key, group) is repeated in {pairs}"
    for measure in found:
        assert measure.key and str(measure.label), f"{exercise.key}: a measure has a key and a label"
        assert isinstance(measure.value, (int, float)) and math.isfinite(measure.value), \
            f"{exercise.key}: {measure.key} has a number"
        if measure.group or exercise.always_anonymous:
            assert measure.count >= K_ANONYMITY, \
                f"{exercise.key}: measure {measure.key} for {measure.group!r} comes from {measure.count} people"
    return found


def test_measures_keep_the_contract(app, exercise):
    with app.test_request_context():
        assert_measures_keep_the_contract(exercise, start_state(exercise))
        assert_measures_keep_the_contract(exercise, played(exercise, actors=CROWD))


def test_the_default_measures_hook_gives_none():
    from app.exercises import Exercise

    assert Exercise().measures({"anything": 1}, {}) == []


class PulseLeaksSmallGroups(_Pulse):
    """A pulse that publishes every sector's figure, however few answered in it."""

    def measures(self, state, config):
        from app.exercises.contract import Measure

        return [Measure("trust", "Trust", sheet["answers"]["trust"]["value"], group=sheet["sector"], count=1)
                for sheet in state["sheets"].values() if "trust" in sheet["answers"]]


@pytest.mark.skipif("trust_pulse" not in EXERCISES, reason="the leaking sample is built on the pulse")
def test_the_measures_check_fails_for_a_small_group(app):
    broken = PulseLeaksSmallGroups()
    state = start_state(broken)
    state = broken.apply(state, Action("answer", {"question_id": "trust", "value": 4, "comment": ""}), AUTHOR)
    with app.test_request_context(), pytest.raises(AssertionError, match="comes from 1 people"):
        assert_measures_keep_the_contract(broken, state)


def _prompt_fields(exercise) -> set:
    """Text config fields with a default: what a room reads unless they are names or content."""
    found = set()
    for name, value in default_config(exercise).items():
        if isinstance(value, str) and value.strip():
            found.add(name)
    return (found - set(exercise.named_config_fields) - set(exercise.content_config_fields)
            - set(exercise.dated_config_fields))


def test_every_participant_prompt_has_a_plain_variant_in_english_and_french(app, exercise):
    from flask_babel import force_locale

    plain = dict(exercise.plain_prompts)
    assert plain, f"{exercise.key} declares no plain-language prompts"
    with app.test_request_context():
        fields = _prompt_fields(exercise)
        assert fields <= set(plain), f"{exercise.key}: no plain variant for {sorted(fields - set(plain))}"
        config = default_config(exercise)
        template = (exercise.template_folder / "participant.html").read_text()
        for key, words in plain.items():
            english = str(words)
            with force_locale("fr"):
                french = str(words)
            assert english.strip() and french.strip()
            assert french != english, f"{exercise.key}.{key}: no French plain variant"
            if key in config:
                # The room's document maps a text of one item per line line by line.
                assert len(english.splitlines()) == len(str(config[key]).splitlines()), key
                assert english != config[key], f"{exercise.key}.{key}: the plain variant is the standard words"
            else:
                used = f'prompt("{key}"' in template or key_is_question(exercise, key)
                assert used, f"{exercise.key}: the fixed prompt {key!r} is never shown"


def key_is_question(exercise, key) -> bool:
    """A trust pulse core question is shown through ``s.step.prompt(key, words)`` in a loop."""
    questions = getattr(exercise, "questions", None)
    return bool(questions) and key in {k for k, _w in questions(default_config(exercise))}


def test_a_missing_plain_variant_fails_the_contract_check(app):
    base = EXERCISES["ideas"]

    class Unplain(type(base)):
        plain_prompts = {}

    with app.test_request_context():
        assert "prompt" in _prompt_fields(Unplain())
