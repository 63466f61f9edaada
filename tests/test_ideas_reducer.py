"""The Ideas exercise's reducer (plugins/ideas), pure — no app: a property-based, stateful test.

Hypothesis drives several participants and a facilitator through random valid and invalid
actions, each going the engine's way (role check, the action's WTForms form, then
``exercise.apply``), and compares the result after every step with a small independent model:
which notes exist with which text, author and cluster, how many notes each author has, how
many dots each voter placed where, which clusters exist. Refused actions must leave the state
exactly as it was (and not mutate it).
"""
import copy

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.validation import validate
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
