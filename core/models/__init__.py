from .audit import AppendOnlyError, AuditEvent
from .calendar import CalendarOverride, CalendarYear
from .notifications import Notification, Reminder

__all__ = ["AppendOnlyError", "AuditEvent", "CalendarOverride", "CalendarYear", "Notification", "Reminder"]
