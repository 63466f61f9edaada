"""Database tables. Import from here: ``from app.models import Workshop``."""
from app.models.action import Action
from app.models.champion import ChampionHolding
from app.models.facilitator import Facilitator
from app.models.invitation import Invitation
from app.models.moderation import HeldAction
from app.models.participant import Participant
from app.models.partnership import Partnership, partnership_facilitators
from app.models.plan import PlanItem, PlanRevision, PlanSnapshot
from app.models.report import ItemReport
from app.models.table import BreakoutTable
from app.models.template import AgendaTemplate
from app.models.workshop import Step, Workshop

__all__ = [
    "Action",
    "AgendaTemplate",
    "BreakoutTable",
    "ChampionHolding",
    "Facilitator",
    "HeldAction",
    "Invitation",
    "ItemReport",
    "Participant",
    "Partnership",
    "PlanItem",
    "PlanRevision",
    "PlanSnapshot",
    "Step",
    "Workshop",
    "partnership_facilitators",
]
