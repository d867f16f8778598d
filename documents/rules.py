"""Policy rules of the exports: each is its requester's alone."""

from django.db.models import Q

from accounts import policy

from .models import Export


@policy.scope(Export, view_action="export.view")
def _export_scope(user):
    """An export is its requester's: what it shows was checked for that user alone."""
    return Q(created_by__pk=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


@policy.rule("export.view")
def _export_view(user, export):
    return getattr(user, "is_authenticated", False) and export.created_by_id == user.pk


policy.rule("export.download")(_export_view)
