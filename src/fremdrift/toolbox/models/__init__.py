"""The toolbox's documents: each module holds one document type and its parts."""

from fremdrift.toolbox.models.actions import (
    ActionPlan,
    ActionStatus,
    PlanAction,
    StatusNote,
    StatusRound,
)
from fremdrift.toolbox.models.checklist import Checklist, ChecklistAnswer, ChecklistChoice
from fremdrift.toolbox.models.common import Revision, ShareableDocument, Theme, ToolboxDocument
from fremdrift.toolbox.models.method import MethodDescription, MethodPhase
from fremdrift.toolbox.models.reflection import ReflectionNote
from fremdrift.toolbox.models.selfeval import (
    EvaluationGroup,
    SelfEvaluationParticipant,
    SelfEvaluationRound,
    SelfEvaluationSubmission,
)
from fremdrift.toolbox.models.theory import Horizon, Segment, TheoryItem, TheoryKind, TheoryOfChange

__all__ = [
    "ActionPlan",
    "ActionStatus",
    "Checklist",
    "ChecklistAnswer",
    "ChecklistChoice",
    "EvaluationGroup",
    "Horizon",
    "MethodDescription",
    "MethodPhase",
    "PlanAction",
    "ReflectionNote",
    "Revision",
    "Segment",
    "SelfEvaluationParticipant",
    "SelfEvaluationRound",
    "SelfEvaluationSubmission",
    "ShareableDocument",
    "StatusNote",
    "StatusRound",
    "Theme",
    "TheoryItem",
    "TheoryKind",
    "TheoryOfChange",
    "ToolboxDocument",
]
