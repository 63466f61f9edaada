"""Workshops (one live session) and their agenda steps."""
from sqlalchemy import event, inspect

from app.extensions import db
from app.models.base import utcnow

WORKSHOP_STATUSES = ("draft", "lobby", "live", "ended")
STEP_STATUSES = ("pending", "open", "locked", "closed")
LANGUAGE_FILTER_MODES = ("off", "flag", "hold")


class Workshop(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(160), nullable=False)
    join_code = db.Column(db.String(8), unique=True, nullable=False, index=True)
    status = db.Column(db.String(10), nullable=False, default="draft")
    anonymous = db.Column(db.Boolean, nullable=False, default=False)
    late_join = db.Column(db.Boolean, nullable=False, default=True)
    room_locked = db.Column(db.Boolean, nullable=False, default=False)
    # Hold participants' contributions for the facilitator to approve (app/live/moderation.py).
    moderated = db.Column(db.Boolean, nullable=False, default=False)
    # The offensive-language filter (app/live/language_filter.py): "off", "flag" (let through,
    # listed for the facilitator) or "hold" (kept in the moderation queue). LANGUAGE_FILTER_MODES.
    language_filter = db.Column(db.String(8), nullable=False, default="off", server_default="off")
    # How many participants one browser may join as (app/join/devices.py); None: no limit.
    joins_per_device = db.Column(db.Integer, nullable=True)
    # "standard", or "community" for community and youth sessions: a nickname and a role to join,
    # large targets and one question a screen on phones (app/exercises/participation.py).
    participation = db.Column(db.String(10), nullable=False, default="standard")
    # Contributions of community roles (young people, parents, residents) shown as one group,
    # "Lived experience", in results and the plan, so the professionals in the room don't drown them.
    lived_experience = db.Column(db.Boolean, nullable=False, default=True)
    language = db.Column(db.String(5), nullable=False, default="en")
    # Every accepted change bumps this; broadcast patches go from one version to the next.
    version = db.Column(db.Integer, nullable=False, default=0)
    # Step shown on the facilitator console, and the step the room (participants, screen) is on.
    current_step_id = db.Column(db.Integer, nullable=True)
    room_step_id = db.Column(db.Integer, nullable=True)
    # Spotlight: {"step_id": int, "item": str, "text": str (as the console showed it)} or None.
    spotlight = db.Column(db.JSON, nullable=True)
    # The room screen as the facilitator steers it: {"page": int, "paged_at": iso time,
    # "paused": bool, "plan_qr": bool}; None = defaults (page 0, rotating, no plan QR).
    screen = db.Column(db.JSON, nullable=True)
    started_at = db.Column(db.DateTime, nullable=True)  # first went live: the clock against plan
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    ended_at = db.Column(db.DateTime, nullable=True)
    # When a planned workshop is meant to happen (naive UTC, like the other times) and for how
    # long; set by "Plan the check-ins" (app/checkins/), None for a workshop nobody dated.
    planned_for = db.Column(db.DateTime, nullable=True)
    planned_minutes = db.Column(db.Integer, nullable=True)
    # What a check-in started from (app/checkins/carry_over.py): {"from_id", "from_title",
    # "step_id", "count", "more"}; None when nothing was carried over.
    carried_over = db.Column(db.JSON, nullable=True)
    # How the room is split into breakout tables (app/models/table.py): {"rule": one of
    # TABLE_RULES, "count": int or None, "size": int or None}; None: no tables set up.
    table_plan = db.Column(db.JSON, nullable=True)

    partnership = db.relationship("Partnership", back_populates="workshops")
    # Plenary steps only: a step's table instances (Step.parent_id set) are Step.table_steps.
    steps = db.relationship(
        "Step", back_populates="workshop", cascade="all, delete-orphan", order_by="Step.position",
        primaryjoin="and_(Step.workshop_id == Workshop.id, Step.parent_id.is_(None))",
    )
    tables = db.relationship("BreakoutTable", back_populates="workshop", cascade="all, delete-orphan",
                             order_by="BreakoutTable.position")
    participants = db.relationship("Participant", back_populates="workshop", cascade="all, delete-orphan")
    held_actions = db.relationship("HeldAction", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_running(self) -> bool:
        """In the lobby or live: people are in the room right now."""
        return self.status in ("lobby", "live")

    @property
    def is_open_to_join(self) -> bool:
        if self.status in ("draft", "ended") or self.room_locked:
            return False
        return self.status == "lobby" or self.late_join

    def step(self, step_id):
        return next((s for s in self.steps if s.id == step_id), None)


class Step(db.Model):
    __table_args__ = (db.Index("uq_step_parent_table", "parent_id", "table_id", unique=True),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    exercise_key = db.Column(db.String(64), nullable=False)
    title = db.Column(db.String(160), nullable=False)
    notes = db.Column(db.Text, nullable=False, default="")  # facilitator notes: why / how / timing
    config = db.Column(db.JSON, nullable=False, default=dict)
    # The step's state as it was at ``state_version`` (a snapshot): the log rows with a
    # step_version after it hold the rest. Read :attr:`state`, never this (app/live/states.py).
    # Deferred: most loads of a step never need it, and a large room's is ~100 KB of JSON.
    snapshot = db.deferred(db.Column("state", db.JSON, nullable=False, default=dict))
    state_version = db.Column(db.Integer, nullable=False, default=0)
    # Every change to the step bumps this: each accepted action, and any write of its state.
    version = db.Column(db.Integer, nullable=False, default=0)
    status = db.Column(db.String(10), nullable=False, default="pending")
    hidden = db.Column(db.Boolean, nullable=False, default=False)
    # The phase the room is in, for an exercise that declares phases (None: its first phase).
    phase = db.Column(db.String(32), nullable=True)
    # Timer: the server owns the end time; a paused timer keeps its remaining seconds.
    timer_ends_at = db.Column(db.DateTime, nullable=True)
    timer_remaining = db.Column(db.Integer, nullable=True)
    duration_minutes = db.Column(db.Integer, nullable=True)
    # Open between sessions (app/live/windows.py): participants may contribute to this step from
    # ``opens_at`` until ``closes_at`` (naive UTC), whatever the room is doing. None: no window.
    opens_at = db.Column(db.DateTime, nullable=True)
    closes_at = db.Column(db.DateTime, nullable=True)
    # Run in breakout tables (app/models/table.py): each table works in its own instance of
    # this step. On an instance: ``parent_id`` is the plenary step, ``table_id`` the table.
    in_tables = db.Column(db.Boolean, nullable=False, default=False)
    # The step's own participation mode ("standard" / "community"); None: the workshop's.
    participation = db.Column(db.String(10), nullable=True)
    parent_id = db.Column(db.Integer, db.ForeignKey("step.id", ondelete="CASCADE"), nullable=True, index=True)
    table_id = db.Column(db.Integer, db.ForeignKey("breakout_table.id", ondelete="CASCADE"), nullable=True)
    # A plenary step's roll-up decisions about its tables' outputs (app/tables/rollup.py: adopted
    # keys, items promoted to the plan, the screen's mode). None: nothing decided yet.
    rollup = db.Column(db.JSON, nullable=True)

    workshop = db.relationship("Workshop", back_populates="steps")
    table_steps = db.relationship("Step", cascade="all, delete-orphan", order_by="Step.table_id",
                                  foreign_keys=[parent_id])

    @property
    def state(self) -> dict:
        """The step's current state: the snapshot with the log rows after it replayed, from
        the state cache when this process already holds the current version. Never mutate it."""
        if self._state_written():
            return self.snapshot
        from app.live.states import current_state

        return current_state(self)

    @state.setter
    def state(self, value: dict) -> None:
        """Replace the state (a new step, a reset, a seed): written as a snapshot, as a change
        of its own (see :func:`_state_written_as_snapshot`)."""
        self.snapshot = value

    def _state_written(self) -> bool:
        """Is there a state set here and not stored yet (a new step, or one just reset)?"""
        found = inspect(self)
        return found.transient or found.pending or found.attrs.snapshot.history.has_changes()


@event.listens_for(Step, "before_insert")
@event.listens_for(Step, "before_update")
def _state_written_as_snapshot(_mapper, _connection, step: Step) -> None:
    """A state written through the ORM replaces what the log rows built: the snapshot is the
    state at the version the row is stored with. A write that does not change the version
    itself bumps it, so no process's cached state of the old version is taken for the new."""
    if not inspect(step).attrs.snapshot.history.has_changes():
        return
    if step.version is None:  # a new step: its version is the column default
        step.version = 0
    elif not inspect(step).attrs.version.history.has_changes():
        step.version = Step.version + 1  # in SQL: the stored version, whatever this object holds
    step.state_version = step.version
