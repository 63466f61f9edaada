"""The Ideas exercise's reducer (plugins/ideas), pure — no app.

First a property-based, stateful test: Hypothesis drives several participants and a
facilitator through random valid and invalid actions, each going the engine's way (role check,
the action's WTForms form, then ``exercise.apply``), and compares the result after every step
with a small independent model: which notes exist with which text, author and cluster, how many
notes each author has, how many dots each voter placed where, which clusters exist. Refused
actions must leave the state exactly as it was (and not mutate it).

Then the console's tools: undoing a merge (unmerge_notes) and the facilitator's edit of
someone's note, with their refusals.
"""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.ideas import exercise
from plugins.ideas import exercise as IDEAS

PEOPLE = [Actor("participant", f"p:{i}", f"Person {i}", f"Org {i}", "Health") for i in range(1, 5)]
FACILITATOR = Actor("facilitator", "f:1", "Fran")
ACTORS = [*PEOPLE, FACILITATOR]
CATEGORIES = ["Food", "Play"]
MAX_LENGTH, NOTES_EACH = 30, 3
TEXT = st.one_of(st.sampled_from(["idea", "<img src=x onerror=alert(1)>", "a & b", "  spaced   out "]),
                 st.text(alphabet=" ab<>&\"'\t", max_size=26))
CATEGORY = st.sampled_from(["", "Food", "Play", "Other", " Food "])


def normal(text):
    return " ".join(text.split())


class IdeasMachine(RuleBasedStateMachine):
    @initialize(dots=st.integers(0, 4), stacking=st.booleans())
    def start(self, dots, stacking):
        config = {"prompt": "What next?", "categories": "\n".join(CATEGORIES), "dots": dots,
                  "allow_stacking": stacking, "notes_per_participant": NOTES_EACH, "max_length": MAX_LENGTH}
        self.state = IDEAS.initial_state(config)
        self.dots, self.stacking = dots, stacking
        # The model: plain dicts, updated by the rules' own reading of the exercise's rules.
        self.notes = {}  # id -> {"text", "category", "author", "cluster"}
        self.votes = {}  # voter -> {note id: dots}
        self.clusters = {}  # id -> name
        self.next_id = 1
        self.accepted = self.refused = 0

    # -- driving the exercise the engine's way ----------------------------------------------

    def send(self, actor, action_type, data, expect_ok):
        spec = IDEAS.actions[action_type]
        before = copy.deepcopy(self.state)
        if actor.role not in spec.roles:
            ok = False
        else:
            clean, errors = validate(spec.form, data)
            ok = errors is None
            if ok:
                try:
                    new = IDEAS.apply(self.state, Action(action_type, clean), actor)
                except DomainError as exc:
                    assert exc.message
                    ok = False
        assert self.state == before, f"{action_type} mutated its input state"
        assert ok == expect_ok, f"{actor.id} {action_type} {data}: exercise said {ok}, model said {expect_ok}"
        if ok:
            self.state = new
            self.accepted += 1
        else:
            self.refused += 1
        return ok

    def new_id(self, prefix):
        ident = f"{prefix}{self.next_id}"
        self.next_id += 1
        return ident

    def pick_note(self, index):
        ids = sorted(self.notes) + ["n999", ""]
        return ids[index % len(ids)]

    def text_ok(self, text, category):
        cleaned = normal(text)
        return bool(cleaned) and len(cleaned) <= MAX_LENGTH and category.strip() in ("", *CATEGORIES)

    def used(self, voter):
        return sum(self.votes.get(voter, {}).values())

    # -- rules ----------------------------------------------------------------------------

    @rule(who=st.sampled_from(ACTORS), text=TEXT, category=CATEGORY)
    def add_note(self, who, text, category):
        mine = sum(1 for n in self.notes.values() if n["author"] == who.id)
        expect = self.text_ok(text, category) and (who.is_facilitator or mine < NOTES_EACH)
        if self.send(who, "add_note", {"text": text, "category": category}, expect):
            self.notes[self.new_id("n")] = {"text": normal(text), "category": category.strip(),
                                            "author": who.id, "cluster": ""}

    @rule(who=st.sampled_from(PEOPLE), text=st.sampled_from(["idea", "<script>alert(1)</script>", "a & b"]))
    def add_valid_note(self, who, text):
        self.add_note(who, text, "")

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), index=st.integers(0, 50), text=TEXT, category=CATEGORY)
    def edit_note(self, who, index, text, category):
        note_id = self.pick_note(index)
        note = self.notes.get(note_id)
        expect = (note is not None and (who.is_facilitator or note["author"] == who.id)
                  and self.text_ok(text, category))
        if self.send(who, "edit_note", {"note_id": note_id, "text": text, "category": category}, expect):
            note.update(text=normal(text), category=category.strip())

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), index=st.integers(0, 50))
    def delete_note(self, who, index):
        note_id = self.pick_note(index)
        note = self.notes.get(note_id)
        expect = note is not None and (who.is_facilitator or note["author"] == who.id)
        if self.send(who, "delete_note", {"note_id": note_id}, expect):
            del self.notes[note_id]
            for votes in self.votes.values():
                votes.pop(note_id, None)

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), index=st.integers(0, 50))
    def vote(self, who, index):
        note_id = self.pick_note(index)
        expect = (note_id in self.notes and not who.is_facilitator and self.used(who.id) < self.dots
                  and (self.stacking or not self.votes.get(who.id, {}).get(note_id)))
        if self.send(who, "vote", {"note_id": note_id}, expect):
            mine = self.votes.setdefault(who.id, {})
            mine[note_id] = mine.get(note_id, 0) + 1

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), index=st.integers(0, 50))
    def unvote(self, who, index):
        note_id = self.pick_note(index)
        expect = bool(note_id) and bool(self.votes.get(who.id, {}).get(note_id))
        if self.send(who, "unvote", {"note_id": note_id}, expect):
            self.votes[who.id][note_id] -= 1
            if not self.votes[who.id][note_id]:
                del self.votes[who.id][note_id]

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), name=st.sampled_from(["Food", "food", " Play ", "", "  ", "<b>x</b>"]))
    def create_cluster(self, who, name):
        expect = (who.is_facilitator and bool(name.strip())
                  and all(existing.lower() != name.strip().lower() for existing in self.clusters.values()))
        if self.send(who, "create_cluster", {"name": name}, expect):
            self.clusters[self.new_id("c")] = name.strip()

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), index=st.integers(0, 50), cluster=st.integers(0, 10))
    def move_note(self, who, index, cluster):
        note_id = self.pick_note(index)
        options = sorted(self.clusters) + ["", "c999"]
        cluster_id = options[cluster % len(options)]
        expect = who.is_facilitator and note_id in self.notes and (cluster_id == "" or cluster_id in self.clusters)
        if self.send(who, "move_note", {"note_id": note_id, "cluster_id": cluster_id}, expect):
            self.notes[note_id]["cluster"] = cluster_id

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), cluster=st.integers(0, 10))
    def delete_cluster(self, who, cluster):
        options = sorted(self.clusters) + ["c999"]
        cluster_id = options[cluster % len(options)]
        expect = who.is_facilitator and cluster_id in self.clusters
        if self.send(who, "delete_cluster", {"cluster_id": cluster_id}, expect):
            del self.clusters[cluster_id]
            for note in self.notes.values():
                if note["cluster"] == cluster_id:
                    note["cluster"] = ""

    @precondition(lambda self: self.notes)
    @rule(who=st.sampled_from(ACTORS), keep=st.integers(0, 50), dup=st.integers(0, 50))
    def merge_notes(self, who, keep, dup):
        keep_id, dup_id = self.pick_note(keep), self.pick_note(dup)
        expect = who.is_facilitator and keep_id in self.notes and dup_id in self.notes and keep_id != dup_id
        if self.send(who, "merge_notes", {"note_id": keep_id, "duplicate_id": dup_id}, expect):
            del self.notes[dup_id]
            for votes in self.votes.values():
                if votes.get(dup_id):
                    votes[keep_id] = votes.get(keep_id, 0) + votes.pop(dup_id)
                votes.pop(dup_id, None)

    # -- no divergence ----------------------------------------------------------------------

    @invariant()
    def state_matches_the_model(self):
        notes = self.state["notes"]
        assert set(notes) == set(self.notes)
        for note_id, expected in self.notes.items():
            note = notes[note_id]
            assert (note["text"], note["category"], note["author"]["id"], note["cluster"]) == (
                expected["text"], expected["category"], expected["author"], expected["cluster"])
        assert {k: v for k, v in self.state["votes"].items() if v} == {k: v for k, v in self.votes.items() if v}
        assert {cid: c["name"] for cid, c in self.state["clusters"].items()} == self.clusters

    @invariant()
    def limits_hold(self):
        for person in PEOPLE:
            assert sum(1 for n in self.state["notes"].values() if n["author"]["id"] == person.id) <= NOTES_EACH
            assert sum(self.state["votes"].get(person.id, {}).values()) <= self.dots
        assert FACILITATOR.id not in self.state["votes"]

    @invariant()
    def views_agree_with_the_model(self):
        view = IDEAS.view(self.state, Audience(role="screen", anonymous=True))
        tallies = {}
        for votes in self.votes.values():
            for note_id, count in votes.items():
                tallies[note_id] = tallies.get(note_id, 0) + count
        assert {nid: n["dots"] for nid, n in view["notes"].items()} == {nid: tallies.get(nid, 0)
                                                                         for nid in self.notes}
        assert all(not n["author"] or set(n["author"]) <= {"sector"} for n in view["notes"].values())
        for person in PEOPLE:
            mine = IDEAS.personal(self.state, Audience(role="participant", participant_id=person.id))
            assert mine["dots_left"] == self.dots - self.used(person.id)
            assert set(mine["notes"]) == {nid for nid, n in self.notes.items() if n["author"] == person.id}


IdeasMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=50, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
TestIdeasAgainstModel = IdeasMachine.TestCase


ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="Valley Health", sector="Health")
CEM = Actor(role="participant", id="p:3", name="Cem", organisation="Homes Together", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def run(state, actor, action_type, **data):
    """The engine's way: the action's form, then the reducer."""
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, errors
    return exercise.apply(state, Action(action_type, clean), actor)


def refused(state, actor, action_type, match="", **data):
    """Assert the action is refused with a readable message and changes nothing."""
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as info:
        run(state, actor, action_type, **data)
    assert state == before
    assert len(info.value.message) > 10
    return info.value


def mine(state, actor):
    return exercise.personal(state, Audience(role="participant", participant_id=actor.id))["notes"]


@pytest.fixture
def wall():
    """n1 Ana (clustered "Food", one dot each from Ben and Cem), n2 Ben (a dot from Cem), n3 Cem."""
    state = exercise.initial_state({**default_config(exercise), "categories": "Food\nPlay"})
    state = run(state, ANA, "add_note", text="Breakfast club", category="Food")
    state = run(state, BEN, "add_note", text="Breakfast clubs in every school", category="Food")
    state = run(state, CEM, "add_note", text="Walking bus", category="Play")
    state = run(state, FAC, "create_cluster", name="Mornings")
    state = run(state, FAC, "move_note", note_id="n1", cluster_id="c4")
    for voter, note in ((BEN, "n1"), (CEM, "n1"), (CEM, "n2")):
        state = run(state, voter, "vote", note_id=note)
    return state


def test_undoing_a_merge_restores_the_note_as_it_was(wall):
    merged = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    assert "n1" not in merged["notes"] and "n1" not in mine(merged, ANA)
    assert merged["votes"]["p:3"] == {"n2": 2}

    undone = run(merged, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert undone["notes"] == wall["notes"]
    assert undone["votes"] == wall["votes"]
    assert mine(undone, ANA) == {"n1": {"id": "n1", "text": "Breakfast club", "category": "Food", "feeling": ""}}
    assert merged["notes"]["n2"]["merged"] and "n1" not in merged["notes"]  # the input is untouched


def test_undoing_a_merge_brings_back_what_the_note_carried(wall):
    state = run(wall, FAC, "merge_notes", note_id="n1", duplicate_id="n3")  # n3 into n1
    state = run(state, FAC, "merge_notes", note_id="n2", duplicate_id="n1")  # n1 (with n3) into n2
    assert [m["id"] for m in state["notes"]["n2"]["merged"]] == ["n1", "n3"]
    # Only what went straight into n2 can be taken out of it.
    refused(state, FAC, "unmerge_notes", match="not merged into this one", note_id="n2", merged_id="n3")

    state = run(state, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert [m["id"] for m in state["notes"]["n1"]["merged"]] == ["n3"]
    assert state["notes"]["n2"]["merged"] == []
    state = run(state, FAC, "unmerge_notes", note_id="n1", merged_id="n3")
    assert state["notes"] == wall["notes"] and state["votes"] == wall["votes"]


def test_undo_gives_back_only_dots_still_there_and_a_cluster_that_still_exists(wall):
    state = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    state = run(state, CEM, "unvote", note_id="n2")
    state = run(state, CEM, "unvote", note_id="n2")  # Cem took both dots back meanwhile
    state = run(state, FAC, "delete_cluster", cluster_id="c4")
    state = run(state, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert state["votes"]["p:2"] == {"n1": 1} and not state["votes"]["p:3"]
    assert state["notes"]["n1"]["cluster"] == ""


def test_undo_refusals(wall):
    merged = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    refused(merged, FAC, "unmerge_notes", match="no longer exists", note_id="n9", merged_id="n1")
    refused(merged, FAC, "unmerge_notes", match="not merged", note_id="n3", merged_id="n1")
    refused(merged, FAC, "unmerge_notes", match="not merged", note_id="n2", merged_id="n3")
    refused(wall, FAC, "unmerge_notes", match="not merged", note_id="n2", merged_id="n1")
    # A merge made before undo existed kept only the text and author: it says so.
    old = copy.deepcopy(wall)
    old["notes"]["n2"]["merged"] = [{"text": "Old note", "author": ANA.as_author()}]
    refused(old, FAC, "unmerge_notes", match="can no longer be undone", note_id="n2", merged_id="n1")
    assert exercise.actions["unmerge_notes"].roles == {"facilitator"}


def test_the_facilitator_edits_a_note_and_authorship_stays(wall):
    state = run(wall, FAC, "edit_note", note_id="n1", text="  Breakfast   club for all ", category="Food")
    note = state["notes"]["n1"]
    assert note["text"] == "Breakfast club for all" and note["author"] == ANA.as_author()
    assert mine(state, ANA)["n1"]["text"] == "Breakfast club for all"
    assert state["votes"] == wall["votes"] and note["cluster"] == "c4"
    refused(wall, BEN, "edit_note", match="only change your own", note_id="n1", text="Mine now", category="Food")


def test_edit_refusals(wall):
    refused(wall, FAC, "edit_note", match="no longer exists", note_id="n9", text="Fixed", category="")
    refused(wall, FAC, "edit_note", match="under 280 characters", note_id="n1", text="x" * 281, category="Food")
    refused(wall, FAC, "edit_note", match="listed categories", note_id="n1", text="Fixed", category="Sport")
    # An empty text never reaches the reducer: the form says so.
    _clean, errors = validate(exercise.actions["edit_note"].form, {"note_id": "n1", "text": "  "})
    assert errors == {"text": ["Write something first."]}
