from .award import MEASURES_BY_CATEGORY, Award, AwardTask, Measure, TaskKind, TaskStatus
from .fraud import FraudFinding
from .report import ReportDocument

__all__ = [
    "MEASURES_BY_CATEGORY",
    "Award",
    "AwardTask",
    "FraudFinding",
    "Measure",
    "ReportDocument",
    "TaskKind",
    "TaskStatus",
]
