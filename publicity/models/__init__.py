from .calendar import CalendarOverride, CalendarYear
from .objection import Objection
from .period import PublicityPeriod
from .published import PublishedList
from .story import Story

__all__ = ["CalendarOverride", "CalendarYear", "Objection", "PublicityPeriod", "PublishedList", "Story"]
