from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Achievement, FraudFinding, FraudReferral


class FraudReferralInline(admin.TabularInline):
    """The recommendations to local governments (art. 14), made on the finding's page (``domain.fraud.refer``)."""

    model = FraudReferral
    fields = ["government", "referred_on", "document_number", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FraudFinding)
class FraudFindingAdmin(ReadOnlyAdmin):
    """SAMR's fraud findings (art. 14), for the record: made only by disqualification (``domain.revocation``), with
    who committed the fraud, the sanctions it started, the locality's other applications it took back and the
    referrals."""

    list_display = ["nomination", "committed_by", "decision_number", "decided_by", "decided_at"]
    list_filter = ["committed_by"]
    list_select_related = ["nomination__division", "nomination__campaign", "decided_by"]
    search_fields = ["nomination__division__name", "nomination__division__code", "decision_number"]
    ordering = ["-decided_at"]
    fields = [
        "nomination",
        "finding",
        "committed_by",
        "decision_number",
        "decided_by",
        "decided_at",
        "sanctions",
        "other_applications",
    ]
    readonly_fields = fields
    inlines = [FraudReferralInline]


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyAdmin):
    """The achievements art. 10(1) and 10(4) rest on, for the record: recorded only through
    ``domain.measures.record_achievement`` (audited)."""

    list_display = ["nomination", "field", "basis", "recorded_by", "recorded_at"]
    list_filter = ["field"]
    list_select_related = ["nomination__division", "nomination__campaign", "recorded_by"]
    search_fields = ["nomination__division__name", "nomination__division__code", "basis"]
    ordering = ["-recorded_at"]
