from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import FraudFinding


@admin.register(FraudFinding)
class FraudFindingAdmin(ReadOnlyAdmin):
    """SAMR's fraud findings (art. 14), for the record: made only by disqualification (``domain.revocation``)."""

    list_display = ["nomination", "decision_number", "decided_by", "decided_at"]
    list_select_related = ["nomination__division", "nomination__campaign", "decided_by"]
    search_fields = ["nomination__division__name", "nomination__division__code", "decision_number"]
    ordering = ["-decided_at"]
