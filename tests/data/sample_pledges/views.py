"""What each audience sees, the participant's own part, the plan and the export rows."""
from app.exercises import author_cells, plan_item


def view(state, audience):
    if not audience.sees_hidden:
        return {"question": state["config"]["question"], "pledges": {}, "hidden_count": len(state["pledges"])}
    pledges = {p["id"]: {"id": p["id"], "text": p["text"], "starred": p["starred"],
                         "author": audience.author(p["author"])} for p in state["pledges"].values()}
    return {"question": state["config"]["question"], "pledges": pledges, "hidden_count": 0}


def personal(state, audience):
    return {"mine": [p["id"] for p in state["pledges"].values() if p["author"]["id"] == audience.participant_id]}


def plan(state, config):
    return [plan_item("actions", p["text"], data={"owner": "", "due": "", "status": "open"},
                      sectors=[p["author"]["sector"]] if p["author"]["sector"] else [], ref=f"pledge:{p['id']}")
            for p in state["pledges"].values()]


def contributions(state):
    return [{"pledge": p["text"], "starred": p["starred"], **author_cells(p["author"])}
            for p in state["pledges"].values()]
