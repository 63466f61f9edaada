"""Find exercise plugins, check each against the contract, and keep them in one dict."""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from importlib.metadata import entry_points
from pathlib import Path

import wtforms

from app.exercises.contract import AUDIENCES, ROLES, ActionSpec, Exercise, Phase
from app.models.workshop import STEP_STATUSES

ENTRY_POINT_GROUP = "common_ground.exercises"
PLUGINS_PACKAGE = "plugins"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
#: Step.phase is a String(32).
PHASE_KEY_MAX = 32


class PluginError(RuntimeError):
    """A plugin is missing, duplicated or breaks the contract. Start-up stops with this."""


def discover(enabled: list[str] | None = None) -> dict[str, Exercise]:
    """Every exercise found in ``plugins/`` and in the entry point group, checked, by key.

    With ``enabled``, only the plugins of those names are loaded: a plugin switched off in the
    config is never imported, so it cannot stop start-up.
    """
    found: dict[str, Exercise] = {}
    for name, loader in _candidates():
        if enabled and name not in enabled:
            continue
        try:
            exercise = loader()
        except PluginError:
            raise
        except Exception as exc:  # a broken import must name the plugin
            raise PluginError(f"exercise plugin {name!r} failed to load: {exc}") from exc
        check(exercise, name)
        if exercise.key in found:
            raise PluginError(f"exercise plugin {name!r}: duplicate key {exercise.key!r}")
        found[exercise.key] = exercise
    return found


def select(found: dict[str, Exercise], enabled: list[str] | None) -> dict[str, Exercise]:
    """Keep the exercises the ``EXERCISES`` setting enables (all when it is empty)."""
    if not enabled:
        return dict(found)
    missing = [key for key in enabled if key not in found]
    if missing:
        raise PluginError(f"enabled exercise plugin(s) not found: {', '.join(missing)}")
    return {key: found[key] for key in enabled}


def _candidates():
    package = importlib.import_module(PLUGINS_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.ispkg:
            yield info.name, _module_loader(f"{PLUGINS_PACKAGE}.{info.name}")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        yield ep.name, _entry_point_loader(ep)


def _module_loader(module_name: str):
    def load():
        module = importlib.import_module(module_name)
        exercise = getattr(module, "exercise", None)
        if exercise is None:
            raise PluginError(f"exercise plugin {module_name!r} has no 'exercise' object")
        return _rooted(exercise, module)

    return load


def _entry_point_loader(ep):
    """An entry point names either the plugin's module (``pkg``) or its object (``pkg:exercise``);
    either way the root is the folder of that module, as for a plugin under ``plugins/``."""

    def load():
        loaded = ep.load()
        module = importlib.import_module(ep.module)
        exercise = loaded if ep.attr else getattr(loaded, "exercise", None)
        if exercise is None:
            raise PluginError(f"exercise plugin {ep.name!r} has no 'exercise' object")
        return _rooted(exercise, module)

    return load


def _rooted(exercise, module):
    """Give the exercise its package folder (templates, static, translations) unless it set one."""
    if isinstance(exercise, Exercise) and exercise.root is None and getattr(module, "__file__", None):
        exercise.root = Path(module.__file__).parent
    return exercise


def check(exercise, name: str) -> None:
    """Raise :class:`PluginError` naming ``name`` if ``exercise`` breaks the contract."""

    def fail(reason: str):
        raise PluginError(f"exercise plugin {name!r} breaks the contract: {reason}")

    if not isinstance(exercise, Exercise):
        fail("'exercise' is not an Exercise instance")
    if not KEY_PATTERN.match(exercise.key or ""):
        fail(f"key {exercise.key!r} must be lower-case letters, digits and underscores")
    for attr in ("title", "summary", "idea"):
        if not getattr(exercise, attr, ""):
            fail(f"missing {attr}")
    if not _is_form(exercise.config_form):
        fail("config_form is not a wtforms.Form subclass")
    for action_type, spec in exercise.actions.items():
        if not isinstance(spec, ActionSpec) or not _is_form(spec.form):
            fail(f"action {action_type!r} needs an ActionSpec with a wtforms.Form")
        if not spec.roles or not set(spec.roles) <= set(ROLES):
            fail(f"action {action_type!r} has unknown roles {sorted(spec.roles)}")
        if not spec.statuses or not set(spec.statuses) | set(spec.facilitator_statuses or ()) <= set(STEP_STATUSES):
            fail(f"action {action_type!r} has unknown statuses {sorted(spec.statuses)}")
    _check_phases(exercise, fail)
    if exercise.carry_over_field and exercise.carry_over_field not in exercise.config_form().data:
        fail(f"carry_over_field {exercise.carry_over_field!r} is not a field of its config form")
    try:
        json.dumps(exercise.initial_state(default_config(exercise)))
    except Exception as exc:
        fail(f"initial_state(default config) failed or is not JSON-safe: {exc}")
    if exercise.root is None or not Path(exercise.root).is_dir():
        fail("no package folder (root) for its templates and static files")
    for audience in AUDIENCES:
        if not (exercise.template_folder / f"{audience}.html").is_file():
            fail(f"templates/{audience}.html is missing")


def _check_phases(exercise: Exercise, fail) -> None:
    """Declared phases: Phase objects with unique short keys, naming only actions that exist."""
    keys = set()
    for phase in exercise.phases:
        if not isinstance(phase, Phase):
            fail(f"phases must be Phase objects, not {type(phase).__name__}")
        if not KEY_PATTERN.match(phase.key or "") or len(phase.key) > PHASE_KEY_MAX or phase.key in keys:
            fail(f"phase key {phase.key!r} must be unique, short, lower-case letters, digits and underscores")
        keys.add(phase.key)
        if not phase.label:
            fail(f"phase {phase.key!r} needs a label")
        unknown = set(phase.actions or ()) - set(exercise.actions)
        if unknown:
            fail(f"phase {phase.key!r} allows unknown actions {sorted(unknown)}")
    if exercise.phases and not exercise.phases_for(default_config(exercise)):
        fail("phases_for(default config) gives no phase")


def default_config(exercise: Exercise) -> dict:
    """The configuration a freshly added step gets: the config form's defaults."""
    return dict(exercise.config_form().data)


def _is_form(cls) -> bool:
    return isinstance(cls, type) and issubclass(cls, wtforms.Form)
