from celery import shared_task

from .domain.publicity import close_ended_periods


@shared_task(name="publicity.close_ended_periods")
def close_ended_periods_task():
    """Every minute (DESIGN §4): the side effects of the periods that have ended; running twice changes nothing."""
    return close_ended_periods()
