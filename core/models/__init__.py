from .audit import AppendOnlyError, AuditEvent
from .calendar import CalendarOverride, CalendarYear
from .heartbeat import Heartbeat
from .notifications import Notification, Reminder

__all__ = ["AppendOnlyError", "AuditEvent", "CalendarOverride", "CalendarYear", "Heartbeat", "Notification", "Reminder"]
