from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness for load balancers: the database answers, and the broker if one is configured."""
    status = {"database": "ok", "broker": "eager"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        status["database"] = "unavailable"
        code = 503
    if settings.CELERY_BROKER_URL:
        from config.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            status["broker"] = "ok"
        except Exception:  # noqa: BLE001
            status["broker"] = "unavailable"
            code = 503
    return JsonResponse(status, status=code)
