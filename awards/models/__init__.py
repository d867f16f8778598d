from .award import (
    MEASURES_BY_CATEGORY,
    Achievement,
    AchievementField,
    Award,
    AwardTask,
    Measure,
    TaskKind,
    TaskStatus,
)
from .fraud import CommittedBy, FraudFinding, FraudReferral
from .report import ReportDocument

__all__ = [
    "MEASURES_BY_CATEGORY",
    "Achievement",
    "AchievementField",
    "Award",
    "AwardTask",
    "CommittedBy",
    "FraudFinding",
    "FraudReferral",
    "Measure",
    "ReportDocument",
    "TaskKind",
    "TaskStatus",
]
