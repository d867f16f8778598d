"""Thin tasks: the register's daily housekeeping."""

from celery import shared_task

from .domain.sanctions import expire_sanctions


@shared_task(name="criteria.expire_sanctions", ignore_result=True)
def expire_sanctions_task():
    """Daily: mark the sanctions whose term has ended and tell the bureaus (the checks read the dates anyway)."""
    return expire_sanctions()
