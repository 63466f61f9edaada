"""Helpers for socket tests with Flask-SocketIO's test client."""
import itertools
import json

from app.extensions import socketio

_ops = itertools.count(1)


def new_op() -> str:
    return f"op-test-{next(_ops):06d}"


def connect_participant(app, workshop, token):
    return socketio.test_client(app, auth={"workshop": workshop.id, "as": "participant", "token": token})


def connect_facilitator(app, flask_client, workshop, role="facilitator"):
    return socketio.test_client(app, flask_test_client=flask_client, auth={"workshop": workshop.id, "as": role})


def act(sio, step_id, action_type, data=None, op=None):
    return sio.emit("act", {"op": op or new_op(), "step": step_id, "type": action_type, "data": data or {}},
                    callback=True)


def control(sio, command, data=None, op=None):
    return sio.emit("control", {"op": op or new_op(), "command": command, "data": data or {}}, callback=True)


def flush(app):
    return app.extensions["broadcaster"].flush(app)


def received_json(sio) -> str:
    """Everything a client received so far, as one JSON string (for 'not on the wire' checks)."""
    return json.dumps(sio.get_received())


def people(app, workshop, specs):
    """Join ``[(name, organisation, sector)]`` to ``workshop``; their connected test clients."""
    from tests.factories import create_participant

    return [connect_participant(app, workshop, create_participant(workshop, name=n, organisation=o, sector=s)[1])
            for n, o, s in specs]


def view_of(app, sio, step_id):
    """The step's view as ``sio`` sees it after every pending broadcast went out."""
    flush(app)
    return sio.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]["view"]



def moderation_room(app, flask_client, **workshop_options):
    """A live workshop on an ideas step (``workshop_options`` go to ``create_workshop``: moderated,
    language_filter, anonymous...) with its facilitator logged in on ``flask_client``, two
    participants, Amira (the author) and Ben (the neighbour), and everyone connected:
    ``(workshop, step_id, author_id, {"facilitator", "screen", "author", "other"})``. The moderation,
    language filter and report tests share it."""
    from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login

    workshop = create_workshop(create_partnership(create_facilitator()), **workshop_options)
    login(flask_client)
    step_id = workshop.steps[0].id
    author, author_token = create_participant(workshop, name="Amira")
    author_id = author.id
    _, other_token = create_participant(workshop, name="Ben")
    clients = {
        "facilitator": connect_facilitator(app, flask_client, workshop),
        "screen": connect_facilitator(app, flask_client, workshop, role="screen"),
        "author": connect_participant(app, workshop, author_token),
        "other": connect_participant(app, workshop, other_token),
    }
    flush(app)
    return workshop, step_id, author_id, clients
