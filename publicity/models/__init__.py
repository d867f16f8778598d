from .objection import Objection
from .period import PublicityPeriod
from .published import PublishedList
from .story import Story

__all__ = ["Objection", "PublicityPeriod", "PublishedList", "Story"]
