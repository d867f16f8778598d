"""Thin tasks: fetch by id, call the domain. Their results are in the database (Export, the audit trail), so none is
stored in the result backend: sending a task then needs only the broker."""

from celery import shared_task

from .domain import exports


@shared_task(name="documents.run_export", ignore_result=True)
def run_export(export_id):
    """Generate one export (PDF or XLSX); a second run finds it claimed or done and does nothing."""
    return exports.run(export_id)


@shared_task(name="documents.requeue_exports", ignore_result=True)
def requeue_exports_task():
    """Every minute: send again the exports never queued, lost by the broker or left by a dead worker."""
    return exports.requeue_exports()
