"""Reframing prompts: what each audience sees, the personal view, the plan and the export rows."""
import copy
import json

import pytest

from app.exercises import Action, Actor, Audience
from app.exercises.contract import PLAN_SECTIONS
from plugins.reframing import exercise, forms
from tests.roster_helpers import exported, names

EDU = [Actor(role="participant", id=f"p:{i}", name=f"Teacher{i}", organisation=f"School{i}", sector="Education")
       for i in range(1, 5)]
HEALTH = Actor(role="participant", id="p:10", name="Nurse Nia", organisation="City Clinic", sector="Health")
HOUSING = Actor(role="participant", id="p:11", name="Housing Hal", organisation="Homes Trust", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ACTORS = (*EDU, HEALTH, HOUSING, FAC)
ROSTER = names(*ACTORS)

REFRAME = "Support pupils whose housing is shaky so they stay in class"
PRIORITY = "Keeping attendance up after the pandemic"

FACILITATOR = Audience(names=ROSTER, role="facilitator")
SCREEN = Audience(names=ROSTER, role="screen")
PHASE_KEYS = tuple(p.key for p in exercise.phases)
BIG = {"Education": 4, "Health": 1, "Housing": 1}


def act(state, type_, actor, **data):
    return exercise.apply(state, Action(type_, data), actor)


def room(ratings_hidden=False, insiders=3):
    """Housing Hal writes a reframe for Education; a health priority; ``insiders`` teachers and Nia rate it."""
    config = {**forms.ReframingConfigForm().data, "ratings_hidden": ratings_hidden}
    state = exercise.initial_state(config)
    state = act(state, "add_priority", EDU[0], sector="Education", text=PRIORITY)
    state = act(state, "add_priority", HEALTH, sector="Health", text="Shorter waits")
    state = act(state, "add_reframe", HOUSING, sector="Education", prompt="1", text=REFRAME)
    state = act(state, "add_reframe", HEALTH, sector="Education", prompt="", text="Less social care load on teachers")
    state = act(state, "connect_priority", HOUSING, reframe_id="r3", priority_id="p1", connected=True)
    for teacher in EDU[:insiders]:
        state = act(state, "rate", teacher, reframe_id="r3", score=5)
    state = act(state, "rate", HEALTH, reframe_id="r3", score=1)
    state = act(state, "rate", HOUSING, reframe_id="r4", score=4)
    return state


def ranked(view, sector) -> list:
    """A sector's reframe ids in the order the page shows them (reframing.js ``ranked``): the
    view sends reframes keyed by id, not ranking arrays. By score only while ratings show."""
    def score(r):
        rating = r.get("rating", {})
        return (-rating.get("average", 0), -rating.get("count", 0), r["order"])

    items = [r for r in view["reframes"].values() if r["sector"] == sector]
    return [r["id"] for r in sorted(items, key=score if view["ratings_shown"] else lambda r: r["order"])]


def wire(view) -> str:
    return json.dumps(view)


# -- facilitator ------------------------------------------------------------------------------


def test_facilitator_sees_everything():
    view = exercise.view(room(ratings_hidden=True), FACILITATOR)
    json.dumps(view)
    assert view["issue"] == forms.ReframingConfigForm().data["issue"]
    assert view["sectors"] == ["Education", "Health"] and len(view["prompts"]) == 5
    reframe = view["reframes"]["r3"]
    assert reframe["text"] == REFRAME and reframe["author"]["name"] == "Housing Hal"
    assert reframe["links"] == ["p1"] and reframe["prompt"] == view["prompts"][0]
    assert reframe["rating"] == {"count": 4, "average": 4.0, "insider_count": 3, "insider_average": 5.0}
    assert view["priorities"]["p1"]["insider"] is True and view["priorities"]["p2"]["insider"] is True
    assert ranked(view, "Education") == ["r3", "r4"] and ranked(view, "Health") == []
    assert "ranking" not in view  # an array a rating would re-send whole
    assert view["ratings_shown"] is True and view["raters"] == 5
    assert view["counts"] == {"Education": {"priorities": 1, "reframes": 2}, "Health": {"priorities": 1, "reframes": 0}}


def test_view_has_no_meaningful_nulls():
    for audience in (FACILITATOR, SCREEN, Audience(names=ROSTER, role="screen", hidden=True, anonymous=True)):
        assert "null" not in wire(exercise.view(room(), audience))


def test_facilitator_sees_the_first_wording_after_a_reword():
    state = act(room(), "reword_reframe", FAC, reframe_id="r3", text="Steady homes, steady attendance")
    assert exercise.view(state, FACILITATOR)["reframes"]["r3"]["original"] == REFRAME
    shared = exercise.view(state, SCREEN)["reframes"]["r3"]
    assert shared["reworded"] is True and "original" not in shared and REFRAME not in wire(shared)


# -- hidden -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["participant", "screen"])
def test_hidden_step_sends_counts_but_no_text(role):
    state = room()
    view = exercise.view(state, Audience(names=ROSTER, role=role, hidden=True))
    text = wire(view)
    for secret in (REFRAME, PRIORITY, "Shorter waits", "Housing Hal", "Teacher1", "p:11"):
        assert secret not in text
    assert view["hidden"] is True
    assert view["priorities"] == {} and view["reframes"] == {} and view["chosen"] == {}
    assert view["counts"]["Education"] == {"priorities": 1, "reframes": 2}


def test_hidden_step_still_shows_the_facilitator_everything():
    view = exercise.view(room(), Audience(names=ROSTER, role="facilitator", hidden=True, anonymous=True))
    assert view["reframes"]["r3"]["text"] == REFRAME and view["reframes"]["r3"]["author"]["name"] == "Housing Hal"


# -- anonymous and the k rule -----------------------------------------------------------------


def test_anonymous_view_has_no_names_ids_or_organisations():
    view = exercise.view(room(), Audience(names=ROSTER, role="participant", anonymous=True, sector_sizes=BIG))
    text = wire(view)
    for secret in ("Housing Hal", "Nurse Nia", "Teacher1", "School1", "City Clinic", "Homes Trust", "p:1", "p:10",
                   "p:11"):
        assert secret not in text
    assert view["reframes"]["r3"]["text"] == REFRAME  # the text itself is not private


def test_anonymous_sectors_shown_only_for_groups_of_three():
    view = exercise.view(room(), Audience(names=ROSTER, role="screen", anonymous=True, sector_sizes=BIG))
    assert view["priorities"]["p1"]["author"] == {"sector": "Education"}
    assert view["priorities"]["p2"]["author"] == {}  # Health has one person: no sector
    assert view["reframes"]["r3"]["author"] == {}  # Housing has one person
    assert "Housing" not in wire(view)


def test_insider_mark_follows_the_k_rule():
    # Nia is the only health person, so marking her priority as an insider's would name her sector.
    small = exercise.view(room(), Audience(names=ROSTER, role="screen", anonymous=True, sector_sizes=BIG))
    assert small["priorities"]["p2"]["insider"] is False
    assert small["priorities"]["p1"]["insider"] is True
    named = exercise.view(room(), Audience(names=ROSTER, role="screen", anonymous=False, sector_sizes=BIG))
    assert named["priorities"]["p2"]["insider"] is True


def test_insider_rating_shown_in_anonymous_mode_only_with_three_insiders():
    three = exercise.view(room(insiders=3), Audience(names=ROSTER, role="screen", anonymous=True, sector_sizes=BIG))
    assert three["reframes"]["r3"]["rating"] == {"count": 4, "average": 4.0, "insider_count": 3,
                                                 "insider_average": 5.0}
    two = exercise.view(room(insiders=2), Audience(names=ROSTER, role="screen", anonymous=True, sector_sizes=BIG))
    assert two["reframes"]["r3"]["rating"] == {"count": 3, "average": 3.67}
    assert "insider" not in wire(two["reframes"]["r3"]["rating"])


def test_insider_rating_hidden_when_the_sector_group_is_small_even_with_three_raters():
    sizes = {"Education": 2, "education": 1}  # three insiders, but no single sector group of three
    state = exercise.initial_state(forms.ReframingConfigForm().data | {"ratings_hidden": False})
    state = act(state, "add_reframe", HOUSING, sector="Education", prompt="", text=REFRAME)
    odd = Actor(role="participant", id="p:9", name="Odd", organisation="X", sector="education")
    for rater in (EDU[0], EDU[1], odd):
        state = act(state, "rate", rater, reframe_id="r1", score=4)
    view = exercise.view(state, Audience(names=ROSTER, role="screen", anonymous=True, sector_sizes=sizes))
    assert "insider_average" not in view["reframes"]["r1"]["rating"]


def test_named_mode_shows_insider_rating_even_for_one_insider():
    view = exercise.view(room(insiders=1), Audience(names=ROSTER, role="participant", sector_sizes=BIG))
    assert view["reframes"]["r3"]["rating"]["insider_count"] == 1


# -- ratings kept back until revealed ---------------------------------------------------------


def test_ratings_hidden_until_revealed_show_only_counts_and_writing_order():
    state = room(ratings_hidden=True)
    state = act(state, "rate", EDU[3], reframe_id="r4", score=5)  # r4 now outranks r3 on average
    for audience in (SCREEN, Audience(names=ROSTER, role="participant")):
        view = exercise.view(state, audience)
        assert view["ratings_shown"] is False and view["revealed"] is False
        assert view["reframes"]["r3"]["rating"] == {"count": 4}
        assert ranked(view, "Education") == ["r3", "r4"]  # order written, which tells nothing
        assert "average" not in wire(view)
    assert ranked(exercise.view(state, FACILITATOR), "Education") == ["r4", "r3"]
    # The ratings reach the room when the facilitator moves it on to choosing (not before).
    rating = Audience(names=ROSTER, role="screen", phase="rate", phases=PHASE_KEYS)
    assert exercise.view(state, rating)["ratings_shown"] is False
    revealed = exercise.view(state, Audience(names=ROSTER, role="screen", phase="choose", phases=PHASE_KEYS))
    assert revealed["ratings_shown"] is True and ranked(revealed, "Education") == ["r4", "r3"]
    assert revealed["reframes"]["r4"]["rating"]["average"] == 4.5


def test_ratings_shown_live_when_not_kept_back():
    view = exercise.view(room(ratings_hidden=False), SCREEN)
    assert view["ratings_shown"] is True and view["reframes"]["r3"]["rating"]["average"] == 4.0


def test_chosen_framing_is_in_the_view():
    state = act(room(), "choose_framing", FAC, reframe_id="r4")
    assert exercise.view(state, SCREEN)["chosen"] == {"Education": "r4"}


# -- personal ---------------------------------------------------------------------------------


def test_personal_view_has_only_my_own_things_even_while_hidden():
    state = room()
    mine = exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:11", hidden=True,
                                             anonymous=True))
    json.dumps(mine)
    assert list(mine["reframes"]) == ["r3"] and mine["reframes"]["r3"]["text"] == REFRAME
    assert mine["reframes"]["r3"]["rated"] is True and mine["reframes"]["r3"]["links"] == ["p1"]
    assert mine["priorities"] == {}
    assert mine["ratings"] == {"r4": 4}
    assert mine["left"] == {"Education": {"priorities": 5, "reframes": 2}, "Health": {"priorities": 5, "reframes": 3}}
    text = wire(mine)
    for other in ("Less social care load", PRIORITY, "Shorter waits", "Nurse", "Teacher"):
        assert other not in text


def test_personal_view_of_a_rater():
    mine = exercise.personal(room(), Audience(names=ROSTER, role="participant", participant_id="p:1"))
    assert mine["ratings"] == {"r3": 5}
    assert mine["priorities"] == {"p1": {"id": "p1", "sector": "Education", "text": PRIORITY}}
    assert mine["reframes"] == {}


def test_personal_view_of_someone_new_is_empty():
    mine = exercise.personal(room(), Audience(names=ROSTER, role="participant", participant_id="p:99"))
    assert mine["priorities"] == {} and mine["reframes"] == {} and mine["ratings"] == {}


def test_views_do_not_mutate_state():
    state = room()
    before = copy.deepcopy(state)
    exercise.view(state, FACILITATOR)
    exercise.view(state, Audience(names=ROSTER, role="screen", anonymous=True, hidden=True, sector_sizes=BIG))
    exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:11"))
    exercise.plan(state, state["config"])
    exported(exercise.contributions(state), *ACTORS)
    assert state == before


# -- plan -------------------------------------------------------------------------------------


def test_plan_gives_the_chosen_framing_per_sector_with_provenance():
    state = act(room(), "choose_framing", FAC, reframe_id="r3")
    items = exercise.plan(state, state["config"])
    json.dumps(items)
    assert [i["section"] for i in items] == ["framing"]
    assert all(i["section"] in PLAN_SECTIONS for i in items)
    item = items[0]
    assert item["ref"] == "framing:Education"
    assert item["title"] == f"Education: {REFRAME}"
    assert item["data"]["chosen"] is True and item["data"]["sector"] == "Education"
    assert item["data"]["priorities"] == [PRIORITY]
    assert item["data"]["ratings"] == {"count": 4, "average": 4.0, "insider_count": 3, "insider_average": 5.0}
    assert [r["text"] for r in item["data"]["runners_up"]] == ["Less social care load on teachers"]
    assert item["sectors"] == ["Education", "Housing"]  # author's sector and the sectors that rated it 4+
    assert "Chosen framing for Education" in item["text"] and "insiders 5/5 from 3" in item["text"]


def test_plan_without_a_choice_offers_the_leading_framing():
    state = room()
    items = exercise.plan(state, state["config"])
    assert len(items) == 1 and items[0]["data"]["chosen"] is False
    assert items[0]["data"]["framing"] == REFRAME and "Leading (not yet chosen)" in items[0]["text"]
    assert items[0]["ref"] == "framing:Education"  # stable whichever reframe leads


def test_plan_of_an_empty_step_is_empty():
    state = exercise.initial_state(forms.ReframingConfigForm().data)
    assert exercise.plan(state, state["config"]) == []


# -- contributions ----------------------------------------------------------------------------


def test_contributions_are_flat_rows_with_an_author_column():
    state = act(room(), "choose_framing", FAC, reframe_id="r3")
    rows = exported(exercise.contributions(state), *ACTORS)
    json.dumps(rows)
    assert {r["kind"] for r in rows} == {"priority", "reframe", "rating"}
    assert all("author" in r for r in rows)
    assert all(isinstance(v, (str, int, float, bool)) for r in rows for v in r.values())
    reframe = next(r for r in rows if r["kind"] == "reframe" and r["text"] == REFRAME)
    assert reframe["author"] == "Housing Hal" and reframe["chosen"] is True and reframe["score"] == 4.0
    ratings = [r for r in rows if r["kind"] == "rating"]
    assert len(ratings) == 5 and {r["author"] for r in ratings} >= {"Teacher1", "Nurse Nia"}
    assert len({tuple(r) for r in rows}) == 1  # every row has the same columns


def test_template_helpers_read_a_raw_config():
    raw = forms.ReframingConfigForm().data
    assert exercise.target_sectors(raw) == ["Education", "Health"]
    assert len(exercise.prompt_list(raw)) == 5
